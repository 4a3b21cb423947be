// Keyed index documents (ADR 0004): besides a get by `_id`, the one access path that costs the
// same at 100 documents and at 200,000 on FerretDB v1 (our build answers an `_id` range sorted by
// `_id` with a limit in SQL, with an index) and on MongoDB (the `_id` index). A list is a range of
// keys `<scope>|<facet>|<sort key>|<id>` read in `_id` order a page at a time, then the page's
// documents by `_id: {$in}`, resumed from the last key by an opaque cursor.
//
// Keys follow from the document: a write adds the keys its new state has before it writes the
// document and removes the ones the old state had after (no transactions); a reader checks every
// entry against its document and skips — after a while also deletes — one the document no longer
// has. Keys use only [A-Za-z0-9.|:~-]; a value is escaped (`keyPart`) so that the byte order both
// databases compare strings by is the order intended and no value reaches into another range.
// (content's src/db/keys.ts is the first version of this; it predates this module.)
import { createHash } from "node:crypto";
import type { Collection, Document, Filter } from "mongodb";
import { fail } from "./errors";

/** A value as a key part: [A-Za-z0-9.-] kept, every other UTF-8 byte as `~xx`. */
export function keyPart(value: string): string {
  let out = "";
  for (const ch of value) {
    if (/^[A-Za-z0-9.-]$/.test(ch)) out += ch;
    else for (const b of Buffer.from(ch, "utf8")) out += `~${b.toString(16).padStart(2, "0")}`;
  }
  return out;
}

/** A time as a key part that sorts like the time (ISO 8601, UTC, milliseconds). */
export const timeKey = (d: Date | string | number) => new Date(d).toISOString();

/**
 * The scope of keys that span every portal (a platform-wide list). `keyPart` never produces it
 * (an escape is `~` and two hex digits), so it cannot collide with a portal's scope.
 */
export const ALL_PORTALS = "~all";

/** `<scope>|<facet>|`: what every key of a facet starts with (scope: a portal id, or ALL_PORTALS). */
export const facetPrefix = (scope: string, facet: string) =>
  `${scope === ALL_PORTALS ? scope : keyPart(scope)}|${facet}|`;

/** Sort keys a read is narrowed to: after `above`, before `below` (both exclusive). */
export interface Bounds {
  above?: string | undefined;
  below?: string | undefined;
}

/** The `_id` range of a facet, narrowed by `bounds`, after (or, newest first, before) `from`. */
export function facetRange(
  prefix: string,
  dir: 1 | -1,
  from?: string,
  bounds: Bounds = {},
): { _id: { $gt: string; $lt: string } } {
  // `~` is the highest character a key holds after the prefix: the facet's range ends there
  let gt = bounds.above !== undefined ? `${prefix}${bounds.above}` : prefix;
  let lt = bounds.below !== undefined ? `${prefix}${bounds.below}` : `${prefix}~`;
  if (from !== undefined && dir === -1 && from < lt) lt = from;
  if (from !== undefined && dir === 1 && from > gt) gt = from;
  return { _id: { $gt: gt, $lt: lt } };
}

/** One batch of a facet in key order: a single pushed-down range query with sort and limit. */
export async function readRange<T extends Document & { _id: string }>(
  index: Collection<T>,
  prefix: string,
  dir: 1 | -1,
  from: string | undefined,
  limit: number,
  bounds: Bounds = {},
): Promise<T[]> {
  return (await index
    .find(facetRange(prefix, dir, from, bounds) as unknown as Filter<T>)
    .sort({ _id: dir })
    .limit(limit)
    .toArray()) as T[];
}

/** An index entry: the key, the document it points to, when it was (last) claimed. */
export interface KeyEntry {
  _id: string;
  /** the document's `_id` */
  i: string;
  /** when a write claimed the key; an entry its document lacks is cleared once this is old */
  t: Date;
}

/** A write takes far less than this between claiming keys and writing its document. */
export const KEY_GRACE_MS = 10 * 60_000;

const duplicatesOnly = (e: unknown) => {
  const errs = (e as { writeErrors?: { code?: number; index: number }[] }).writeErrors;
  return errs?.length && errs.every((w) => w.code === 11000) ? errs.map((w) => w.index) : null;
};

/**
 * Claims keys for a document about to be written: inserted, and those already there (a leftover,
 * or another writer's) get a fresh `t`, so no reader clears them while this write is under way.
 */
export async function claimKeys(
  index: Collection<KeyEntry>,
  docId: string,
  keys: string[],
  now = new Date(),
): Promise<void> {
  await claimEntries(
    index,
    [...new Set(keys)].map((_id) => ({ _id, i: docId })),
    now,
  );
}

/**
 * `claimKeys` for entries of several documents at once, 1,000 a command. A backfill passes
 * `refresh: false`: keys already there are left as they are (no write under way needs them).
 */
export async function claimEntries(
  index: Collection<KeyEntry>,
  entries: { _id: string; i: string }[],
  now = new Date(),
  opts: { refresh?: boolean } = {},
): Promise<void> {
  for (let at = 0; at < entries.length; at += 1000) {
    const chunk = entries.slice(at, at + 1000);
    try {
      await index.insertMany(
        chunk.map((e) => ({ _id: e._id, i: e.i, t: now })),
        { ordered: false },
      );
    } catch (e) {
      const dup = duplicatesOnly(e);
      if (!dup) throw e;
      if (opts.refresh === false) continue;
      for (const n of dup) {
        const entry = chunk[n] as { _id: string; i: string };
        await index.updateOne({ _id: entry._id }, { $set: { i: entry.i, t: now } });
      }
    }
  }
}

/** Removes keys (`_id: {$in}`, at most 1,000 a command). */
export async function dropKeys(index: Collection<KeyEntry>, keys: string[]): Promise<void> {
  for (let at = 0; at < keys.length; at += 1000)
    await index.deleteMany({ _id: { $in: keys.slice(at, at + 1000) } });
}

/**
 * Keeps an index in step with one document write, without transactions: the keys the new state
 * adds first, then the write, then (when it happened: `write` returned non-null) the keys the old
 * state had and the new one has not. A crash leaves only keys the document lacks — readers skip
 * them — never a document without its keys.
 */
export async function withKeys<R>(
  index: Collection<KeyEntry>,
  docId: string,
  before: string[],
  after: string[],
  write: () => Promise<R | null>,
): Promise<R | null> {
  const had = new Set(before);
  const has = new Set(after);
  await claimKeys(
    index,
    docId,
    after.filter((k) => !had.has(k)),
  );
  const result = await write();
  if (result !== null)
    await dropKeys(
      index,
      before.filter((k) => !has.has(k)),
    );
  return result;
}

/** An opaque cursor: where a list stopped in its facet, bound to the query it belongs to. */
export interface ListPosition {
  /** the facet prefix that was read */
  prefix: string;
  /** the last key looked at (exclusive bound of the next page) */
  key: string;
  /** fingerprint of the query (filters and order) */
  query: string;
}

/** A short hash of a query's filters (undefined ones left out; order of keys irrelevant). */
export function queryFingerprint(query: Record<string, unknown>): string {
  const canonical = Object.keys(query)
    .sort()
    .filter((k) => query[k] !== undefined)
    .map((k) => [k, query[k]]);
  return createHash("sha256").update(JSON.stringify(canonical)).digest("base64url").slice(0, 16);
}

export function encodeCursor(p: ListPosition): string {
  return Buffer.from(JSON.stringify([p.prefix, p.key, p.query])).toString("base64url");
}

/** 422 `invalid_cursor`: a cursor that is not this list's (or not a cursor at all). */
export const invalidCursor = () =>
  fail.validation(
    [
      {
        path: "cursor",
        code: "invalid_cursor",
        message: "Con trỏ trang không hợp lệ hoặc thuộc danh sách khác. / Invalid cursor.",
      },
    ],
    "Con trỏ trang không hợp lệ; hãy tải lại danh sách từ đầu. / Invalid cursor: reload the list from its first page.",
    { reason: "invalid_cursor" },
  );

/** The position a cursor names; 422 `invalid_cursor` unless it is this query's, in this facet. */
export function decodeCursor(raw: string, prefix: string, query: string): ListPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || !parsed.every((x) => typeof x === "string"))
    throw invalidCursor();
  const [p, key, q] = parsed as [string, string, string];
  // the same facet of the same scope, the same filters: never a key of another range
  if (p !== prefix || q !== query || !key.startsWith(prefix) || key.length > 600) throw invalidCursor();
  return { prefix: p, key, query: q };
}

/** What a list request read: the documents of the page, where to go on, and its cost. */
export interface KeyedPage<D> {
  docs: D[];
  /** null at the end of the range; the page may be short (even empty) when filters are selective */
  nextCursor: string | null;
  /** index entries looked at (≤ budget) */
  scanned: number;
}

/**
 * A page of documents through a facet: entries are read in key order, their documents loaded by
 * `_id: {$in}` (`load`) only as many at a time as the page still needs, each checked (`current`:
 * the document still has this key; `matches`: the filters the facet does not answer). The first
 * read asks for one entry more than the page (so an exact facet costs the page and tells whether
 * more follow); if filters leave the page short, the next reads take up to 200 entries. At most
 * `budget` entries are looked at, so a request's work never grows with the collection; a selective
 * filter gives a short page and a cursor. Entries whose document lacks them and that are older
 * than KEY_GRACE_MS are handed to `onGarbage`.
 */
export async function pageThroughKeys<D>(opts: {
  index: Collection<KeyEntry>;
  prefix: string;
  dir: 1 | -1;
  bounds?: Bounds;
  /** fingerprint of the query (queryFingerprint); a cursor of another query is refused */
  query: string;
  cursor?: string | undefined;
  limit: number;
  budget?: number;
  load: (ids: string[]) => Promise<Map<string, D>>;
  current: (entry: KeyEntry, doc: D) => boolean;
  matches?: (doc: D) => boolean;
  /** called with entries that can be deleted (not awaited by the request) */
  onGarbage?: (keys: string[]) => void;
}): Promise<KeyedPage<D>> {
  let from = opts.cursor ? decodeCursor(opts.cursor, opts.prefix, opts.query).key : undefined;
  const budget = opts.budget ?? 1000;
  const out: D[] = [];
  const garbage: string[] = [];
  let scanned = 0;
  let stoppedAt: string | undefined;
  let done = false;
  let first = true;
  const now = Date.now();
  while (out.length < opts.limit && scanned < budget) {
    const want = Math.min(first ? opts.limit - out.length + 1 : 200, budget - scanned);
    first = false;
    const batch = await readRange(opts.index, opts.prefix, opts.dir, from, want, opts.bounds);
    scanned += batch.length;
    const last = batch.length < want;
    let fullAt: string | undefined;
    // open the documents of as many entries as the page still needs, a chunk at a time
    for (let at = 0; at < batch.length && !fullAt; ) {
      const chunk = batch.slice(at, at + Math.max(1, opts.limit - out.length));
      at += chunk.length;
      const docs = await opts.load([...new Set(chunk.map((e) => e.i))]);
      for (const e of chunk) {
        const doc = docs.get(e.i);
        if (doc !== undefined && opts.current(e, doc)) {
          if (opts.matches?.(doc) ?? true) {
            out.push(doc);
            if (out.length === opts.limit) {
              fullAt = e._id;
              break;
            }
          }
        } else if (now - new Date(e.t ?? 0).getTime() > KEY_GRACE_MS) garbage.push(e._id);
      }
    }
    const lastKey = batch[batch.length - 1]?._id;
    stoppedAt = fullAt ?? lastKey ?? stoppedAt;
    // the end of the range reached, and nothing of it left unread
    if (last && (!fullAt || fullAt === lastKey)) done = true;
    if (fullAt || last) break;
    from = stoppedAt;
  }
  if (garbage.length) opts.onGarbage?.(garbage);
  return {
    docs: out,
    nextCursor:
      !done && stoppedAt ? encodeCursor({ prefix: opts.prefix, key: stoppedAt, query: opts.query }) : null,
    scanned,
  };
}
