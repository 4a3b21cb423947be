// Event handlers of the `publishing` consumer group (content, media and archive topics), run by
// the kit's idempotent consumer. They are also idempotent by themselves (revision-aware), so a
// replay (`cli.js rebuild`) gives the same read model. `readModelBatch` is the consumer's batch
// hook: a backlog's first publications of new items are stored together, ahead of their handlers.
import {
  AssetProcessed,
  ContentArchived,
  ContentExpired,
  ContentPublished,
  ContentUnpublished,
  type EventData,
  PortalUpdated,
} from "@cong/contracts";
import type { BatchHook, EventHandler } from "@cong/kit";
import type { ReadModel } from "./readmodel";

export function readModelHandlers(model: ReadModel): Record<string, EventHandler> {
  return {
    [PortalUpdated.type]: async (e) => {
      const d = e.data as EventData<typeof PortalUpdated>;
      // the later of the two instants, as a UTC ISO string (comparable as text)
      const at = new Date(Math.max(Date.parse(d.updatedAt), Date.parse(e.time))).toISOString();
      await model.applyPortal(d.portal, at);
    },
    [ContentPublished.type]: async (e) => {
      const d = e.data as EventData<typeof ContentPublished>;
      await model.applyPublished(d.snapshot, e.time);
    },
    [ContentUnpublished.type]: async (e) => {
      const d = e.data as EventData<typeof ContentUnpublished>;
      await model.applyUnpublished(d, e.time);
    },
    [ContentArchived.type]: async (e) => {
      const d = e.data as EventData<typeof ContentArchived>;
      await model.applyArchived(d.itemId, e.time);
    },
    [ContentExpired.type]: async (e) => {
      const d = e.data as EventData<typeof ContentExpired>;
      await model.applyArchived(d.itemId, e.time);
    },
    [AssetProcessed.type]: async (e) => {
      const d = e.data as EventData<typeof AssetProcessed>;
      await model.applyAsset({
        _id: d.assetId,
        portalId: d.portalId,
        kind: d.kind,
        renditions: d.renditions.map((r) => ({
          name: r.name,
          mimeType: r.mimeType,
          ...(r.width ? { width: r.width } : {}),
          ...(r.height ? { height: r.height } : {}),
        })),
        ...(d.altText ? { altText: d.altText } : {}),
        decorative: d.decorative,
        ...(d.text ? { text: d.text } : {}),
        processedAt: d.processedAt,
      });
    },
  };
}

/** the item an event is about, if any (a publication's snapshot, or the takedowns' `itemId`) */
function itemOf(data: unknown): string | undefined {
  const d = data as { itemId?: unknown; snapshot?: { itemId?: unknown } } | null;
  const id = d?.snapshot?.itemId ?? d?.itemId;
  return typeof id === "string" ? id : undefined;
}

/**
 * Batch hook: an item's first event in the batch, when it is a publication of an item the model
 * does not hold, is applied ahead with the batch's other such publications (one insert for the
 * lot). Any other event of the item comes after it in the batch, so each item's order is kept;
 * the handlers then see those publications as applied (same revision) and change nothing.
 */
export function readModelBatch(model: ReadModel): BatchHook {
  return async (events) => {
    const seen = new Set<string>();
    const pubs: { snapshot: EventData<typeof ContentPublished>["snapshot"]; at: string }[] = [];
    for (const e of events) {
      const id = itemOf(e.data);
      if (id === undefined || seen.has(id)) continue;
      seen.add(id);
      if (e.type !== ContentPublished.type || model.items.has(id)) continue;
      pubs.push({ snapshot: (e.data as EventData<typeof ContentPublished>).snapshot, at: e.time });
    }
    if (pubs.length > 1) await model.applyNewPublications(pubs);
  };
}
