// What the item commands work with, wired once by the item service (item.service.ts).
import { fail } from "@cong/kit";
import { staleVersion } from "../../common";
import type { MediaLibrary } from "../../media/media.client";
import type { PortalService } from "../../portals/portal.service";
import type { PortalId } from "../../portals/portal-id";
import type { ScheduleIndex } from "../../scheduling/schedule.index";
import type { WorkingDays } from "../due-dates";
import type { ItemChange, ItemRepository } from "../item.repository";
import type { ItemDoc } from "../item.types";
import type { ProjectionClaim } from "../item-index.store";
import type { ItemProjector } from "../projector";
import type { SlugRegistry } from "../slugs";

export interface ItemContext {
  repo: ItemRepository;
  schedules: ScheduleIndex;
  portals: PortalService;
  calendar: WorkingDays;
  slugs: SlugRegistry | undefined;
  media: MediaLibrary;
  projector: ItemProjector;
}

/** The portal's item, or 404 (an item of another portal is "not found" for this portal, R-ORG). */
export async function loadItem(
  ctx: ItemContext,
  portalId: PortalId,
  itemId: string,
  expected?: number,
): Promise<ItemDoc> {
  const doc = await ctx.repo.get(portalId, itemId);
  if (!doc) throw notFoundItem();
  if (expected !== undefined && expected !== doc.version) throw staleVersion(doc.version, expected);
  return doc;
}

export const notFoundItem = () => fail.notFound("Không tìm thấy nội dung. / No such item.");

/** The repository's versioned write of `doc`; 409 with the current version when it moved on. */
export async function commitChange(
  ctx: ItemContext,
  portalId: PortalId,
  doc: ItemDoc,
  change: (d: ItemDoc, now: Date) => ItemChange,
  project?: ProjectionClaim,
): Promise<ItemDoc> {
  const next = await ctx.repo.commit(portalId, doc, change, project ? { project } : {});
  if (next) return next;
  const current = await ctx.repo.get(portalId, doc._id);
  throw staleVersion(current?.version ?? -1, doc.version);
}
