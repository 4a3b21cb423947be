// The content service as deployed: the core (app.ts) with the extras module (feedback, reader
// comments, ad slots) and the working-day calendar with Vietnamese public holidays.
import { type BuildOptions, buildContentService, type ContentService } from "./app";
import { addWorkingDays } from "./calendar";
import type { ContentConfig } from "./config";
import * as extras from "./extras";

export function createContentService(
  config: ContentConfig,
  opts: BuildOptions = {},
): Promise<ContentService> {
  return buildContentService(config, { calendar: { addWorkingDays }, extras, ...opts });
}
