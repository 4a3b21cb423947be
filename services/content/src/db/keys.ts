// Keyed index documents: the one access path, besides a get by `_id`, that costs the same at 100
// documents and at 200,000 on FerretDB v1 (our build answers an `_id` range sorted by `_id` with a
// limit in SQL, with an index) and on MongoDB (the `_id` index). A list is a range of keys
// `<portal>|<facet>|<sort key>|<id>` read in `_id` order, a page at a time, resumed from the last
// key by an opaque cursor. Keys use only [A-Za-z0-9.|:~-]; anything else in a value is escaped, so
// the byte order MongoDB and SQLite compare strings by is the order intended, and no value can
// reach into another facet's or another portal's range.
import { type Bounds, decodeCursor, encodeCursor, queryFingerprint, readRange } from "@cong/kit";
import type { Collection, Document, Filter } from "mongodb";

// The parts every keyed index shares are the kit's (packages/kit/src/keys.ts); content adds its
// entries without a claim time, its page reader, backfills and the due-date sentinel.
export {
  type Bounds,
  decodeCursor,
  encodeCursor,
  facetPrefix,
  facetRange,
  keyPart,
  type ListPosition,
  queryFingerprint,
  readRange,
  timeKey,
} from "@cong/kit";

/** Sorts after every real time: entries without a due date come last in a due-date queue. */
export const NO_DATE = "9999-12-31T23:59:59.999Z";

export interface KeyEntry {
  _id: string;
  /** the document's id */
  i: string;
}

/**
 * A page of documents read through an index whose keys are a function of the document
 * (`keysOf`): entries are checked against their documents (a key the document no longer has is
 * a leftover and skipped), `matches` filters the rest. At most `budget` entries are looked at.
 */
export async function pageThrough<D extends Document & { _id: string }>(opts: {
  index: Collection<KeyEntry>;
  docs: Collection<D>;
  portalId: string;
  prefix: string;
  dir: 1 | -1;
  bounds?: Bounds;
  query: Record<string, unknown>;
  cursor?: string;
  limit: number;
  budget?: number;
  keysOf: (doc: D) => string[];
  matches?: (doc: D) => boolean;
}): Promise<{ docs: D[]; nextCursor: string | null }> {
  const fingerprint = queryFingerprint(opts.query);
  let from = opts.cursor ? decodeCursor(opts.cursor, opts.prefix, fingerprint).key : undefined;
  const budget = opts.budget ?? 1000;
  const out: D[] = [];
  let scanned = 0;
  let stoppedAt: string | undefined;
  let done = false;
  while (out.length < opts.limit && scanned < budget) {
    const want = Math.min(200, budget - scanned, Math.max(opts.limit - out.length, 1) * 2);
    const batch = await readRange(opts.index, opts.prefix, opts.dir, from, want, opts.bounds);
    scanned += batch.length;
    const last = batch.length < want;
    const found = batch.length
      ? await opts.docs
          .find({ _id: { $in: batch.map((e) => e.i) }, portalId: opts.portalId } as unknown as Filter<D>, {
            projection: { _outbox: 0 },
          })
          .toArray()
      : [];
    const byId = new Map<string, D>(found.map((d) => [String(d._id), d as D]));
    let fullAt: string | undefined;
    for (const e of batch) {
      const doc = byId.get(e.i);
      if (doc && opts.keysOf(doc).includes(e._id) && (opts.matches?.(doc) ?? true)) {
        out.push(doc);
        if (out.length === opts.limit) {
          fullAt = e._id;
          break;
        }
      }
    }
    const lastKey = batch[batch.length - 1]?._id;
    stoppedAt = fullAt ?? lastKey ?? stoppedAt;
    if (last && (!fullAt || fullAt === lastKey)) done = true;
    if (fullAt || last) break;
    from = stoppedAt;
  }
  return {
    docs: out,
    nextCursor:
      !done && stoppedAt ? encodeCursor({ prefix: opts.prefix, key: stoppedAt, query: fingerprint }) : null,
  };
}

/**
 * Keeps an index of such keys in step with one document write, without transactions: the keys
 * the new state adds first, then the write, then the keys it dropped. A crash or a lost race
 * leaves only keys the document does not have — readers skip them — never a missing key.
 */
export async function withKeys<R>(
  index: Collection<KeyEntry>,
  docId: string,
  before: string[],
  after: string[],
  write: () => Promise<R | null>,
): Promise<R | null> {
  const added = after.filter((k) => !before.includes(k));
  await insertKeys(
    index,
    added.map((_id) => ({ _id, i: docId })),
  );
  const result = await write();
  const dropped = before.filter((k) => !after.includes(k));
  if (result !== null && dropped.length) await index.deleteMany({ _id: { $in: dropped } });
  return result;
}

/** Inserts entries; those already there are fine (keys follow from the document). */
export async function insertKeys(index: Collection<KeyEntry>, entries: KeyEntry[]): Promise<void> {
  if (!entries.length) return;
  await index.insertMany(entries, { ordered: false }).catch((e: unknown) => {
    const errs = (e as { writeErrors?: { code?: number }[] }).writeErrors;
    if (!errs?.length || !errs.every((w) => w.code === 11000)) throw e;
  });
}

/** First start: the keys of every existing document, then a marker (idempotent). */
export async function backfillKeys<D extends Document & { _id: string }>(
  index: Collection<KeyEntry>,
  docs: Collection<D>,
  marker: string,
  keysOf: (doc: D) => string[],
): Promise<number> {
  if (await index.findOne({ _id: marker })) return 0;
  let n = 0;
  let batch: KeyEntry[] = [];
  for await (const doc of docs.find({}, { projection: { _outbox: 0 } })) {
    const d = doc as D;
    batch.push(...keysOf(d).map((_id) => ({ _id, i: d._id })));
    if (++n % 500 === 0) {
      await insertKeys(index, batch);
      batch = [];
    }
  }
  await insertKeys(index, batch);
  await insertKeys(index, [{ _id: marker, i: "" }]);
  return n;
}
