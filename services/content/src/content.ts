// The content service as deployed: the core (app.ts) with the extras module (feedback, reader
// comments, ad slots); the working-day calendar with Vietnamese public holidays comes from the
// config (WORKING_CALENDAR_JSON), one for the core and the extras.
import { type BuildOptions, buildContentService, type ContentService } from "./app";
import type { ContentConfig } from "./config";
import * as extras from "./extras";

export function createContentService(
  config: ContentConfig,
  opts: BuildOptions = {},
): Promise<ContentService> {
  return buildContentService(config, { extras, ...opts });
}
