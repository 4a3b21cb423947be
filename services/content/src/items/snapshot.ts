// Projection: the item as publishing receives it (`content.published`'s snapshot, previews).
import type { ContentSnapshot } from "@cong/contracts";
import type { ItemDoc, Revision } from "./item.types";

/**
 * `rev` is the live revision (the default), or — for a preview — the working one, with the times
 * it would have if it were published now. Languages the portal does not publish are left out.
 */
export function itemSnapshot(
  d: ItemDoc,
  languages: string[],
  rev: Revision = d.live as Revision,
): ContentSnapshot {
  const locales: Record<string, ContentSnapshot["locales"]["vi"]> = {};
  for (const [loc, c] of Object.entries(rev.locales)) {
    if (loc !== "vi" && (!c.publish || !languages.includes(loc))) continue;
    locales[loc] = {
      title: c.title,
      slug: c.slug,
      ...(c.summary ? { summary: c.summary } : {}),
      bodyHtml: c.bodyHtml,
      previousSlugs: c.previousSlugs,
      ...(c.changeNote ? { changeNote: c.changeNote } : {}),
    };
  }
  return {
    itemId: d._id,
    portalId: d.portalId,
    revision: rev.revision,
    kind: d.kind,
    categoryIds: rev.categoryIds,
    retentionClass: d.retentionClass,
    locales: locales as ContentSnapshot["locales"],
    ...(rev.agency ? { agency: rev.agency } : {}),
    author: rev.createdBy,
    contributors: rev.contributors.map((c) => ({ name: c.name, ...(c.role ? { role: c.role } : {}) })),
    firstPublishedAt: (d.firstPublishedAt ?? new Date()).toISOString(),
    publishedAt: (d.publishedAt ?? new Date()).toISOString(),
    ...(rev.legal ? { legal: rev.legal } : {}),
    ...(rev.comment
      ? {
          comment: {
            opensAt: new Date(rev.comment.opensAt).toISOString(),
            closesAt: new Date(rev.comment.closesAt).toISOString(),
          },
        }
      : {}),
    media: rev.media,
    tags: rev.tags,
  };
}
