// publish: the approved revision goes live now — or at a planned time — with one address per item
// within the portal and language (R-DOM); an item taken down can be published again.
import { type Actor, ContentPublished } from "@cong/contracts";
import type { PortalId } from "../../portals/portal-id";
import type { Caller } from "../caller";
import { PublishInput } from "../item.input";
import type { ItemDoc, Revision } from "../item.types";
import { itemSnapshot } from "../snapshot";
import { auditEntry, itemStateOf } from "../workflow";
import { commitChange, type ItemContext } from "./context";
import type { ItemCommand } from "./runner";

export const publish: ItemCommand<PublishInput, "publish"> = {
  transition: "publish",
  parse: (raw) => PublishInput.parse(raw ?? {}),
  version: (input) => input.version,
  async execute(ctx, portalId, doc, input, caller) {
    if (!input.at || input.at.getTime() <= Date.now())
      return publishNow(ctx, portalId, doc, caller, caller.actor);
    const at = input.at;
    const revision = (doc.working ?? doc.live)?.revision ?? 0;
    await ctx.schedules.plan(portalId, doc._id, "publish", at);
    return commitChange(ctx, portalId, doc, (d) => {
      d.schedule.publish = { at, revision, by: caller.actor };
      const state = itemStateOf(d);
      return {
        audit: auditEntry(caller, "publish-scheduled", revision, state, state, at.toISOString()),
        events: [],
      };
    });
  },
};

/** The publication itself (also the scheduler's, for the person who planned it: `publishedBy`). */
export async function publishNow(
  ctx: ItemContext,
  portalId: PortalId,
  doc: ItemDoc,
  caller: Caller,
  publishedBy: Actor,
): Promise<ItemDoc> {
  const previous = doc.live;
  const portal = await ctx.portals.require(portalId);
  const reserved = new Map<string, string>();
  const going = doc.working ?? doc.live;
  if (ctx.slugs && going)
    for (const [loc, c] of Object.entries(going.locales))
      reserved.set(
        loc,
        await ctx.slugs.reserve(portalId, loc, c.slug, doc._id, { firstTime: !doc.firstPublishedAt }),
      );
  // categories and their retention may have changed since the draft was written
  const project = { categories: previous?.categoryIds ?? [], previousRevision: previous?.revision };
  const next = await commitChange(
    ctx,
    portalId,
    doc,
    (d, now) => {
      const rev = d.working ?? (d.live as Revision);
      const from = d.working ? d.working.state : d.status;
      for (const [loc, content] of Object.entries(rev.locales)) {
        const slug = reserved.get(loc);
        if (slug) content.slug = slug;
      }
      if (d.working && previous) carryPreviousSlugs(rev, previous);
      rev.state = "published";
      rev.publishedBy = publishedBy;
      rev.publishedAt = now;
      d.live = rev;
      d.working = null;
      d.status = "published";
      d.firstPublishedAt ??= now;
      d.publishedAt = now;
      delete d.unpublished;
      delete d.schedule.publish;
      const audit = auditEntry(caller, "published", rev.revision, from, "published");
      const snapshot = itemSnapshot(d, portal.languages);
      return {
        audit,
        events: [
          {
            def: ContentPublished,
            data: {
              itemId: d._id,
              portalId: d.portalId,
              revision: rev.revision,
              publishedAt: now.toISOString(),
              publishedBy,
              snapshot,
            },
          },
        ],
      };
    },
    project,
  );
  if (doc.schedule.publish) await ctx.schedules.cancel(portalId, next._id, "publish");
  await ctx.projector.project(next, { published: previous });
  return next;
}

/** The old addresses of each language stay reachable (previousSlugs) when a new one replaces them. */
function carryPreviousSlugs(rev: Revision, previous: Revision): void {
  for (const [loc, content] of Object.entries(rev.locales)) {
    const old = previous.locales[loc];
    if (old && old.slug !== content.slug)
      content.previousSlugs = [...new Set([...old.previousSlugs, old.slug, ...content.previousSlugs])].filter(
        (s) => s !== content.slug,
      );
    else if (old) content.previousSlugs = old.previousSlugs;
  }
}
