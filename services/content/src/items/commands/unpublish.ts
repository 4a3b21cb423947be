// unpublish: a live item is taken down — withdrawn (with a public reason), gone, or redirected —
// now or at a planned time.
import { type Actor, ContentUnpublished } from "@cong/contracts";
import type { PortalId } from "../../portals/portal-id";
import type { Caller } from "../caller";
import { UnpublishInput } from "../item.input";
import type { ItemDoc, Revision } from "../item.types";
import { auditEntry } from "../workflow";
import { commitChange, type ItemContext } from "./context";
import type { ItemCommand } from "./runner";

export interface TakeDown {
  mode: "withdrawn" | "gone" | "redirected";
  publicReason?: string;
  redirectTo?: string;
}

export const unpublish: ItemCommand<UnpublishInput, "unpublish"> = {
  transition: "unpublish",
  parse: (raw) => UnpublishInput.parse(raw ?? {}),
  version: (input) => input.version,
  async execute(ctx, portalId, doc, input, caller) {
    const params: TakeDown = {
      mode: input.mode,
      ...(input.publicReason ? { publicReason: input.publicReason.normalize("NFC") } : {}),
      ...(input.redirectTo ? { redirectTo: input.redirectTo } : {}),
    };
    if (!input.at || input.at.getTime() <= Date.now())
      return unpublishNow(ctx, portalId, doc, caller, caller.actor, params);
    const at = input.at;
    await ctx.schedules.plan(portalId, doc._id, "unpublish", at);
    return commitChange(ctx, portalId, doc, (d) => {
      d.schedule.unpublish = { at, by: caller.actor, ...params };
      const revision = d.live?.revision ?? null;
      return {
        audit: auditEntry(caller, "unpublish-scheduled", revision, d.status, d.status, at.toISOString()),
        events: [],
      };
    });
  },
};

/** The take-down itself (also the scheduler's, for the person who planned it: `by`). */
export async function unpublishNow(
  ctx: ItemContext,
  portalId: PortalId,
  doc: ItemDoc,
  caller: Caller,
  by: Actor,
  params: TakeDown,
): Promise<ItemDoc> {
  const removed = doc.live?.categoryIds ?? [];
  const project = { categories: removed, previousRevision: doc.live?.revision };
  const next = await commitChange(
    ctx,
    portalId,
    doc,
    (d, now) => {
      const rev = d.live as Revision;
      d.status = "unpublished";
      d.unpublished = { ...params, at: now, by };
      delete d.schedule.unpublish;
      return {
        audit: auditEntry(
          caller,
          "unpublished",
          rev.revision,
          "published",
          "unpublished",
          params.publicReason ?? params.mode,
        ),
        events: [
          {
            def: ContentUnpublished,
            data: {
              itemId: d._id,
              portalId: d.portalId,
              revision: rev.revision,
              unpublishedAt: now.toISOString(),
              unpublishedBy: by,
              ...params,
            },
          },
        ],
      };
    },
    project,
  );
  if (doc.schedule.unpublish) await ctx.schedules.cancel(portalId, next._id, "unpublish");
  await ctx.projector.project(next, { removed });
  return next;
}
