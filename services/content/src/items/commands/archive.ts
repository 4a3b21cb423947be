// archive (the board) and expire (R-RETAIN, the retention period ended): the item leaves the
// portal for the archive; its plans are dropped. Archiving an archived item changes nothing.
import { ContentArchived } from "@cong/contracts";
import { ArchiveInput } from "../item.input";
import { auditEntry } from "../workflow";
import { commitChange } from "./context";
import type { ItemCommand } from "./runner";

function archiveCommand<T extends "archive" | "expire">(transition: T): ItemCommand<ArchiveInput, T> {
  const reason = transition === "archive" ? "manual" : "expired";
  return {
    transition,
    parse: (raw) => ArchiveInput.parse(raw ?? {}),
    version: (input) => input.version,
    async execute(ctx, portalId, doc, input, caller) {
      const wasLive = doc.status === "published";
      if (doc.schedule.publish) await ctx.schedules.cancel(portalId, doc._id, "publish");
      if (doc.schedule.unpublish) await ctx.schedules.cancel(portalId, doc._id, "unpublish");
      const removed = doc.live?.categoryIds ?? [];
      const project = wasLive ? { categories: removed, previousRevision: doc.live?.revision } : undefined;
      const next = await commitChange(
        ctx,
        portalId,
        doc,
        (d, now) => {
          const from = d.status;
          d.status = "archived";
          d.archived = { at: now, reason, by: caller.onBehalfOf ?? caller.actor };
          d.schedule = {};
          const revision = d.live?.revision ?? null;
          return {
            audit: auditEntry(caller, "archived", revision, from, "archived", input.reason ?? reason),
            events: [
              {
                def: ContentArchived,
                data: {
                  itemId: d._id,
                  portalId: d.portalId,
                  archivedAt: now.toISOString(),
                  reason,
                  archivedBy: caller.actor,
                },
              },
            ],
          };
        },
        project,
      );
      if (wasLive) await ctx.projector.project(next, { removed });
      return next;
    },
  };
}

export const archive = archiveCommand("archive");
export const expire = archiveCommand("expire");
