// The admin's lists of one portal's items, read from the item index (item.index.ts): one facet is
// read (`facetFor`) and the other filters are tested on its entries; a request looks at no more
// than LIST_SCAN_LIMIT entries, so a selective filter may give a short page with a cursor to go on
// from — the cost never grows with the portal. Used by the item repository only.
import type { Collection } from "mongodb";
import { decodeCursor, encodeCursor, queryFingerprint, readRange } from "../db/keys";
import type { PortalId } from "../portals/portal-id";
import {
  entryIsCurrent,
  entryMatches,
  facetFor,
  type ItemIndexEntry,
  type ItemQuery,
  itemMatches,
} from "./item.index";
import type { ItemDoc } from "./item.types";
import { isLeftover } from "./item-index.store";

/** index entries read per range query, at most */
const BATCH = 200;
/**
 * The first range query of a page reads one entry more than the page needs (every entry of an
 * unfiltered facet is a row, and the extra one says whether there is more); a filter that skips
 * entries makes each later query read four times as many, up to BATCH. Reading 200 entries for a
 * page of 20 cost more than the rest of the request on FerretDB, where each entry is decoded.
 */
const firstBatch = (limit: number) => Math.min(BATCH, limit + 1);
/** index entries one list request looks at, at most: the bounded work of a request */
export const LIST_SCAN_LIMIT = 1000;

export interface ItemPage<T = ItemDoc> {
  items: T[];
  /** null at the end; else where to go on (the page may be short when filters are selective) */
  nextCursor: string | null;
}

/**
 * What a list knows of one item once its entries were read: the row it gives, and which of its
 * entries belong to its current version. Full documents (`docsResolver`) or the compact heads of
 * the summary view (item-heads.ts) are resolved the same way.
 */
export interface Resolved<T> {
  value: T;
  /** the entry was written for the item's current version, and the item matches the query */
  current(e: ItemIndexEntry, q: ItemQuery): boolean;
  /** the entry can never become current (an older version's, or a claim that died long ago) */
  leftover(e: ItemIndexEntry): boolean;
}

/** What a list reads, bound to one portal by the repository. */
export interface ListSource<T = ItemDoc> {
  portalId: PortalId;
  index: Collection<ItemIndexEntry>;
  /** what the list knows of the items of these entries (a missing item is not in the map) */
  resolve(entries: ItemIndexEntry[]): Promise<Map<string, Resolved<T>>>;
  releaseLater(ids: string[]): void;
}

/** Resolves entries by opening their items (one `_id: {$in}` of full documents). */
export function docsResolver(
  portalId: PortalId,
  open: (ids: string[]) => Promise<ItemDoc[]>,
): ListSource["resolve"] {
  return async (entries) => {
    const ids = [...new Set(entries.map((e) => e.i))];
    const docs = ids.length ? await open(ids) : [];
    return new Map(docs.map((doc) => [doc._id, resolvedDoc(portalId, doc, doc)]));
  };
}

/** An item resolved from its full document (`value` is what the list gives for it). */
export function resolvedDoc<T>(portalId: string, doc: ItemDoc, value: T): Resolved<T> {
  return {
    value,
    current: (e, q) => entryIsCurrent(e, doc, portalId) && itemMatches(doc, q),
    leftover: (e) => isLeftover(e, doc),
  };
}

/** A page of the portal's items, newest change first or by due date, filtered. */
export async function listItems<T>(
  src: ListSource<T>,
  q: ItemQuery,
  page: { limit: number; cursor?: string; scanLimit?: number },
  /** the first batch of the facet (read from its start) and items already resolved, from `listMany` */
  pre?: { batch: ItemIndexEntry[]; resolved: Map<string, Resolved<T>> },
): Promise<ItemPage<T>> {
  const { portalId } = src;
  const { prefix, dir } = facetFor(portalId, q);
  const fingerprint = queryFingerprint({ ...q, words: q.words?.join(" ") });
  let from = page.cursor ? decodeCursor(page.cursor, prefix, fingerprint).key : undefined;
  const budget = page.scanLimit ?? LIST_SCAN_LIMIT;
  const out: T[] = [];
  let scanned = 0;
  let done = false;
  let stoppedAt: string | undefined;
  const garbage: string[] = [];
  let size = firstBatch(page.limit);
  while (out.length < page.limit && scanned < budget) {
    const want = Math.min(size, budget - scanned);
    size = Math.min(BATCH, size * 4);
    const batch =
      pre && scanned === 0 && from === undefined
        ? pre.batch
        : await readRange(src.index, prefix, dir, from, want);
    scanned += batch.length;
    const last = batch.length < want; // the range ends within this batch
    const candidates = batch.filter((e) => entryMatches(e, q));
    // resolve the items of as many candidates as the page still needs, a few at a time
    let taken = 0;
    let fullAt: string | undefined;
    while (taken < candidates.length && !fullAt) {
      const chunk = candidates.slice(taken, taken + Math.max(1, page.limit - out.length));
      taken += chunk.length;
      const missing = chunk.filter((e) => !pre?.resolved.has(e.i));
      const known = missing.length ? await src.resolve(missing) : new Map<string, Resolved<T>>();
      for (const [id, r] of pre?.resolved ?? []) known.set(id, r);
      for (const e of chunk) {
        const item = known.get(e.i);
        if (item?.current(e, q)) {
          out.push(item.value);
          if (out.length === page.limit) {
            fullAt = e._id;
            break;
          }
        } else if (item ? item.leftover(e) : isLeftover(e, undefined)) garbage.push(e._id);
      }
    }
    const lastKey = batch[batch.length - 1]?._id;
    stoppedAt = fullAt ?? lastKey ?? stoppedAt;
    // the end of the range reached and nothing of it left unread
    if (last && (!fullAt || fullAt === lastKey)) done = true;
    if (fullAt || last) break;
    from = stoppedAt;
  }
  if (garbage.length) src.releaseLater(garbage);
  return {
    items: out,
    nextCursor: !done && stoppedAt ? encodeCursor({ prefix, key: stoppedAt, query: fingerprint }) : null,
  };
}

/**
 * Several first pages of the portal's lists at once (the admin's "Việc của tôi"): the facets are
 * read side by side and the items the pages need are resolved with ONE `_id: {$in}`; a page its
 * first batch cannot fill goes on as `listItems` does.
 */
export async function listManyItems<T>(
  src: ListSource<T>,
  lists: { query: ItemQuery; limit: number }[],
): Promise<ItemPage<T>[]> {
  const batches = await Promise.all(
    lists.map(({ query, limit }) => {
      const { prefix, dir } = facetFor(src.portalId, query);
      return readRange(src.index, prefix, dir, undefined, Math.min(firstBatch(limit), LIST_SCAN_LIMIT));
    }),
  );
  const wanted = new Map<string, ItemIndexEntry>();
  lists.forEach(({ query, limit }, n) => {
    for (const e of (batches[n] ?? []).filter((x) => entryMatches(x, query)).slice(0, limit))
      if (!wanted.has(e.i)) wanted.set(e.i, e);
  });
  const resolved = wanted.size ? await src.resolve([...wanted.values()]) : new Map<string, Resolved<T>>();
  return Promise.all(
    lists.map(({ query, limit }, n) =>
      listItems(src, query, { limit }, { batch: batches[n] ?? [], resolved }),
    ),
  );
}
