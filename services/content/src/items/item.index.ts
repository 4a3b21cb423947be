// The admin's item list as keyed index documents (see db/keys.ts): every item has, for the write
// that made its current version, one entry per facet it belongs to —
//   a                 every item of the portal           newest change first
//   s:<state>         by the state the admin shows        newest change first
//   k:<kind>          by kind                             newest change first
//   c:<categoryId>    by category (working, else live)    newest change first
//   o:<owner>         by the person responsible           newest change first
//   l:<locale>        by language the item has            newest change first
//   d:<state>         working revisions by due date (R-TIMELY: the board's review queue), earliest first
// keyed `<portal>|<facet>|<sort key>|<item>`, where the sort key holds the time of that write
// (`u`, the item's `updatedAt`). Each entry also carries the attributes the other filters test
// (state, kind, categories, owner, languages, folded title words), so a combination of filters
// is read from ONE facet and filtered there, without opening items.
//
// No transactions: a write first claims its new entries (insert-only, keys unique per write: a
// key already taken means another attempt holds that moment, so the write moves 1 ms on), then
// writes the item with its version check, then removes the previous version's entries. A crash
// leaves entries whose `u` is not the item's `updatedAt` — readers check every entry against the
// item and skip those — but never an item without its entries.
import type { ContentKind } from "@cong/contracts";
import { foldDiacritics } from "@cong/text";
import { facetPrefix, keyPart, NO_DATE, timeKey } from "../db/keys";
import type { ItemDoc } from "./item.types";

export interface ItemIndexEntry {
  _id: string;
  /** item id */
  i: string;
  /** the item version this entry describes */
  v: number;
  /** `updatedAt` of that version: the write the entry belongs to */
  u: string;
  /**
   * attributes the filters test. `s`: the states `state=` finds the item under — the working
   * revision's (draft, submitted, approved, rejected) and the item's own when it is published,
   * unpublished or archived; a live item with a new draft is under both
   */
  s: string[];
  k: ContentKind;
  c: string[];
  o: string;
  l: string[];
  /** folded words of the titles, space-separated */
  t: string;
  /** state of the working revision, when there is one (and the item is not archived) */
  w?: string;
  /** due date of the working revision (R-TIMELY) */
  d?: string;
  /** portal of a projection marker (item.repository.ts `PROJECTION`) */
  p?: string;
  /** a projection marker's live revision before its write */
  r?: number;
}

export const ITEM_STATES = [
  "draft",
  "submitted",
  "approved",
  "rejected",
  "published",
  "unpublished",
  "archived",
] as const;
export type ItemListState = (typeof ITEM_STATES)[number];

/** Working states a due-date queue can be read for (the board's queue is `submitted`). */
export const QUEUE_STATES = ["submitted", "approved", "rejected", "draft"] as const;

export interface ItemQuery {
  state?: ItemListState;
  categoryId?: string;
  kind?: ContentKind;
  /** a user id (`me` is resolved by the route) */
  owner?: string;
  locale?: string;
  /** words of the title, folded */
  words?: string[];
  sort: "updated" | "due";
}

/** Lowercase words without diacritics ("Quy hoạch" → ["quy", "hoach"]), for `q`. */
export function foldedWords(text: string): string[] {
  return foldDiacritics(text.normalize("NFC"))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim()
    .split(" ")
    .filter(Boolean);
}

type Attributes = Omit<ItemIndexEntry, "_id" | "i" | "v" | "u">;

function attributes(doc: ItemDoc): Attributes {
  const rev = doc.working ?? doc.live;
  const states = [
    ...(doc.working ? [doc.working.state] : []),
    ...(doc.status !== "draft" ? [doc.status] : []),
  ];
  const locales = Object.keys(rev?.locales ?? {}).sort();
  const titles = Object.values(rev?.locales ?? {}).map((l) => l.title);
  const due = doc.working?.dueBy;
  const queue = doc.status !== "archived" ? doc.working?.state : undefined;
  return {
    s: [...new Set(states)],
    k: doc.kind,
    c: [...new Set(rev?.categoryIds ?? [])],
    o: doc.owner.id,
    l: locales,
    t: [...new Set(titles.flatMap(foldedWords))].join(" "),
    ...(queue ? { w: queue } : {}),
    ...(due ? { d: timeKey(due) } : {}),
  };
}

/** The facets an item is in and the sort key in each (without the portal part). */
function facets(a: Attributes, u: string): [string, string][] {
  const out: [string, string][] = [
    ["a", u],
    [`k:${keyPart(a.k)}`, u],
    [`o:${keyPart(a.o)}`, u],
  ];
  for (const st of a.s) out.push([`s:${st}`, u]);
  for (const c of a.c) out.push([`c:${keyPart(c)}`, u]);
  // every item has Vietnamese (R-FMT): `locale=vi` reads `a`
  for (const l of a.l) if (l !== "vi") out.push([`l:${keyPart(l)}`, u]);
  if (a.w) out.push([`d:${a.w}`, `${a.d ?? NO_DATE}|${u}`]);
  return out;
}

/** The entries of an item's current version (what its last write claimed). */
export function indexEntries(doc: ItemDoc): ItemIndexEntry[] {
  const a = attributes(doc);
  const u = timeKey(doc.updatedAt);
  return facets(a, u).map(([facet, sort]) => ({
    _id: `${facetPrefix(doc.portalId, facet)}${sort}|${keyPart(doc._id)}`,
    i: doc._id,
    v: doc.version,
    u,
    ...a,
  }));
}

/** True when the entry was written for the item's current version (not a leftover). */
export function entryIsCurrent(e: ItemIndexEntry, doc: ItemDoc, portalId: string): boolean {
  return (
    doc.portalId === portalId &&
    e.i === doc._id &&
    e.u === timeKey(doc.updatedAt) &&
    indexEntries(doc).some((x) => x._id === e._id)
  );
}

function matches(a: Attributes, q: ItemQuery): boolean {
  if (q.state && !(q.sort === "due" ? a.w === q.state : a.s.includes(q.state))) return false;
  if (q.kind && a.k !== q.kind) return false;
  if (q.categoryId && !a.c.includes(q.categoryId)) return false;
  if (q.owner && a.o !== q.owner) return false;
  if (q.locale && !a.l.includes(q.locale)) return false;
  if (q.words?.length) {
    const words = a.t.split(" ");
    // every word asked for starts a word of a title: "quy hoach" finds "Quy hoạch chung"
    if (!q.words.every((w) => words.some((t) => t.startsWith(w)))) return false;
  }
  return true;
}

export const entryMatches = (e: ItemIndexEntry, q: ItemQuery) => matches(e, q);
export const itemMatches = (doc: ItemDoc, q: ItemQuery) => matches(attributes(doc), q);

/**
 * The facet a query reads: the due-date queue for `sort=due`, else the filter that is most likely
 * to be small (one person's items, one category, a working state, …); the others are tested on
 * the entries read. Newest change first, except the queue (earliest due first).
 */
export function facetFor(portalId: string, q: ItemQuery): { prefix: string; dir: 1 | -1 } {
  if (q.sort === "due") return { prefix: facetPrefix(portalId, `d:${q.state ?? "submitted"}`), dir: 1 };
  const busy = (s?: string) => s === "published";
  const facet = q.owner
    ? `o:${keyPart(q.owner)}`
    : q.categoryId
      ? `c:${keyPart(q.categoryId)}`
      : q.state && !busy(q.state)
        ? `s:${q.state}`
        : q.kind && q.kind !== "article"
          ? `k:${keyPart(q.kind)}`
          : q.locale && q.locale !== "vi"
            ? `l:${keyPart(q.locale)}`
            : q.state
              ? `s:${q.state}`
              : q.kind
                ? `k:${keyPart(q.kind)}`
                : "a";
  return { prefix: facetPrefix(portalId, facet), dir: -1 };
}
