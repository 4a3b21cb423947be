// Event handlers of the `publishing` consumer group (content, media and archive topics), run by
// the kit's idempotent consumer. They are also idempotent by themselves (revision-aware), so a
// replay (`cli.js rebuild`) gives the same read model.
import {
  AssetProcessed,
  ContentArchived,
  ContentExpired,
  ContentPublished,
  ContentUnpublished,
  type EventData,
  PortalUpdated,
} from "@cong/contracts";
import type { EventHandler } from "@cong/kit";
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
