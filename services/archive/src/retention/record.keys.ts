// The keys of a retention record (ADR 0004): the archive search and the retention lists read
// ranges of these `_id`s, so a page costs the same at 100 archived items and at 200,000. For the
// record's portal and platform-wide (ALL_PORTALS) —
//   a|<firstPublishedAt>|<item>          every archived item, newest first
//   c:<categoryId>|<firstPublishedAt>|…  by category
//   w:<word>|<firstPublishedAt>|…        an inverted index: one key per distinct folded word of the
//                                        latest revision's title, summary and text (≤ MAX_WORDS)
//   e|<expiresAt>|<item>                 limited-5y items not yet expired: what expires when (and the
//                                        retention run's "due" list: the range up to now)
//   h|<hold.at>|<item>                   under legal hold
//   x|<expiredAt>|<item>                 expired
// `firstPublishedAt` never changes, so an item keeps its place in every list across revisions.
// Keys follow from the record alone (record.words holds its words), so a reader checks an entry
// by asking the record for its key in that facet (`keyIn`).
import { foldedWords } from "@cong/contracts";
import { ALL_PORTALS, facetPrefix, keyPart, timeKey } from "@cong/kit";
import type { RetentionRecord } from "./record.schema";

/** distinct words indexed per item (title first, then summary, then text) */
export const MAX_WORDS = 1000;
/** words of a query that are matched (the rest are ignored) */
export const MAX_QUERY_WORDS = 8;

type Keyed = Pick<
  RetentionRecord,
  | "_id"
  | "portalId"
  | "categoryIds"
  | "firstPublishedAt"
  | "retentionClass"
  | "expiresAt"
  | "state"
  | "hold"
  | "expiredAt"
> & { words?: string[] | undefined };

/** The distinct folded words an item is found by, in order of first appearance. */
export function wordsOf(...texts: string[]): string[] {
  const out = new Set<string>();
  for (const text of texts)
    for (const w of foldedWords(text)) {
      if (out.size >= MAX_WORDS) return [...out];
      out.add(w);
    }
  return [...out];
}

/** The distinct words of a query, longest first (the longest is the rarest-looking: its range is read). */
export function queryWords(q: string): string[] {
  return [...new Set(foldedWords(q))]
    .slice(0, MAX_QUERY_WORDS)
    .sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
}

const live = (r: Keyed) => r.state !== "expired";

/** The sort part of the record's key in a facet, or null when the record is not in it. */
function sortKeyIn(r: Keyed, facet: string): string | null {
  const first = timeKey(r.firstPublishedAt);
  if (facet === "a") return first;
  if (facet.startsWith("c:")) return r.categoryIds.some((c) => `c:${keyPart(c)}` === facet) ? first : null;
  if (facet.startsWith("w:")) return r.words?.includes(facet.slice(2)) ? first : null;
  if (facet === "e")
    return r.retentionClass === "limited-5y" && r.expiresAt && live(r) ? timeKey(r.expiresAt) : null;
  if (facet === "h") return r.hold ? timeKey(r.hold.at) : null;
  if (facet === "x") return r.state === "expired" ? timeKey(r.expiredAt ?? r.expiresAt ?? 0) : null;
  return null;
}

/** The record's key in `<scope>|<facet>|`, or null (another portal's scope, or not in the facet). */
export function keyIn(r: Keyed, scope: string, facet: string): string | null {
  if (scope !== ALL_PORTALS && scope !== r.portalId) return null;
  const sort = sortKeyIn(r, facet);
  return sort === null ? null : `${facetPrefix(scope, facet)}${sort}|${keyPart(r._id)}`;
}

/** Every key of a record. */
export function recordKeys(r: Keyed): string[] {
  const facets = [
    "a",
    ...[...new Set(r.categoryIds)].map((c) => `c:${keyPart(c)}`),
    ...(r.words ?? []).map((w) => `w:${w}`),
    "e",
    "h",
    "x",
  ];
  const out: string[] = [];
  for (const scope of [r.portalId, ALL_PORTALS])
    for (const facet of facets) {
      const k = keyIn(r, scope, facet);
      if (k) out.push(k);
    }
  return out;
}
