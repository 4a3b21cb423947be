// The library's keyed index (issue 21): `asset_keys` holds one small document per way an asset
// is found, its `_id` a sortable key `<portalId>|<facet>|<assetId>`:
//   <p>|a|<id>            every asset of the portal (not deleted)
//   <p>|k:<kind>|<id>     by kind
//   <p>|w:<word>|<id>     by a folded word of its title, filename or alt text
//   <p>|h:<sha256>|<id>   by the SHA-256 of its upload (the duplicate check)
// Asset ids are ObjectIds (time first), so a key range read backwards with a limit is the newest
// assets first. Every read is an `_id` range sorted by `_id` with a limit, then the assets by
// `_id: {$in}` — both answered with the `_id` index on FerretDB (our pushdown build) and MongoDB,
// so a page costs the same at 100 and 200,000 assets. Keys start with the portal id: a portal's
// range never holds another portal's assets (R-ORG), and the assets are fetched with `portalId`
// too.
//
// No transactions: writes are ordered so that a crash leaves at most a STALE key, never a
// missing one — keys of the new state are added before the asset is written, keys of the old
// state removed after. Readers check every key against the asset's current state (`keysOf`) and
// skip what does not match, so a stale key is never shown.
import { inTurn } from "@cong/kit";
import type { Collection, MongoBulkWriteError } from "mongodb";
import type { AssetDoc } from "./asset.types";
import type { MediaKind } from "./inspect";
import { assetWords } from "./words";

export interface KeyDoc {
  _id: string;
  assetId: string;
  at: Date;
}

type Keyed = Pick<AssetDoc, "_id" | "portalId" | "kind" | "filename" | "sha256"> &
  Partial<Pick<AssetDoc, "title" | "altText" | "deletedAt">>;

/** the fields keys are made of (projection of a backfill) */
export const KEYED_FIELDS = {
  _id: 1,
  portalId: 1,
  kind: 1,
  filename: 1,
  sha256: 1,
  title: 1,
  altText: 1,
  deletedAt: 1,
} as const;

const ASSET_ID = /^[0-9a-f]{24}$/;
/** above every character of an asset id: the end of a facet's range */
const END = "~";

export type Facet = "a" | `k:${MediaKind}` | `w:${string}` | `h:${string}`;
const prefix = (portalId: string, facet: Facet) => `${portalId}|${facet}|`;

/** Every key an asset in this state must have; none once it is deleted. */
export function keysOf(a: Keyed): string[] {
  if (a.deletedAt) return [];
  const facets: Facet[] = [
    "a",
    `k:${a.kind}`,
    `h:${a.sha256}`,
    ...assetWords(a).map((w) => `w:${w}` as const),
  ];
  return facets.map((f) => `${prefix(a.portalId, f)}${a._id}`);
}

/**
 * Where a page stopped: asset ids below `id` (or up to and including it, `inclusive`) are still to
 * be read. Opaque to clients (`next`), which pass it back as `before`.
 */
export interface Bound {
  id: string;
  inclusive: boolean;
}

export const cursor = {
  encode: (b: Bound) => Buffer.from(`${b.inclusive ? 2 : 1}:${b.id}`).toString("base64url"),
  /** a cursor, or — as `next` was before — a bare asset id; undefined if malformed */
  decode(s: string): Bound | undefined {
    if (ASSET_ID.test(s)) return { id: s, inclusive: false };
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(s)) return undefined;
    const m = /^([12]):([0-9a-f]{24})$/.exec(Buffer.from(s, "base64url").toString("latin1"));
    return m ? { id: m[2] as string, inclusive: m[1] === "2" } : undefined;
  },
};

export interface PageQuery {
  kind?: MediaKind;
  /** folded words; an asset must have all of them */
  words?: string[];
  /** where the previous page stopped */
  before?: Bound;
  limit: number;
}

/** A page reads at most this many keys and key ranges; a page cut short still carries `next`. */
export const KEY_BUDGET = 600;
export const QUERY_BUDGET = 24;

/** One facet's range being read backwards: ids read but not yet passed, and where to go on. */
interface Cursorable {
  prefix: string;
  /** exclusive upper bound of what is still to read (a whole key) */
  upper: string;
  buf: string[];
  done: boolean;
}

/** the lowest of some strings (by code unit, as `_id` ranges compare ASCII keys) */
const lowest = (xs: string[]): string => [...xs].sort()[0] as string;

function ignoreDuplicates(e: unknown): void {
  const bulk = e as MongoBulkWriteError;
  const list = Array.isArray(bulk.writeErrors)
    ? bulk.writeErrors
    : bulk.writeErrors
      ? [bulk.writeErrors]
      : [];
  if (bulk.code === 11000 && !list.length) return;
  if (!list.length || list.some((w) => w.code !== 11000)) throw e;
}

export class AssetKeys {
  constructor(
    readonly keys: Collection<KeyDoc>,
    private readonly assets: Collection<AssetDoc>,
  ) {}

  /** Runs `fn` after every earlier keyed change of this asset in this process. */
  inTurn<R>(assetId: string, fn: () => Promise<R>): Promise<R> {
    return inTurn(this.keys, `asset:${assetId}`, fn);
  }

  /** Adds the keys of a state about to be written (before the write). */
  async add(a: Keyed): Promise<void> {
    await this.insert(keysOf(a), a._id);
  }

  private async insert(ids: string[], assetId: string): Promise<void> {
    if (!ids.length) return;
    const at = new Date();
    await this.keys
      .insertMany(
        ids.map((_id) => ({ _id, assetId, at })),
        { ordered: false },
      )
      .catch(ignoreDuplicates);
  }

  /**
   * After a write: removes the `candidates` (keys of the states before and after) that the asset's
   * current state does not have, then makes sure the current state's keys exist (another writer
   * may have removed one meanwhile).
   */
  async settle(assetId: string, candidates: Iterable<string>): Promise<void> {
    const now = await this.assets.findOne({ _id: assetId }, { projection: KEYED_FIELDS });
    const want = new Set(now ? keysOf(now) : []);
    const drop = [...new Set(candidates)].filter((k) => !want.has(k));
    if (drop.length) await this.keys.deleteMany({ _id: { $in: drop } });
    if (now) await this.insert([...want], assetId);
  }

  /** The assets of these ids that are of the portal and whose current state has all `keys`. */
  private async resolve(portalId: string, ids: string[], facets: Facet[]): Promise<AssetDoc[]> {
    if (!ids.length) return [];
    const docs = await this.assets
      .find({ _id: { $in: ids }, portalId }, { projection: { _outbox: 0 } })
      .toArray();
    const byId = new Map(docs.map((d) => [d._id, d as AssetDoc]));
    return ids.flatMap((id) => {
      const a = byId.get(id);
      if (!a) return []; // a key without its asset (a crash before the insert)
      const want = new Set(keysOf(a));
      // a stale key (a state changed since, or deleted) is skipped
      return facets.every((f) => want.has(`${prefix(portalId, f)}${id}`)) ? [a] : [];
    });
  }

  /**
   * One page of a portal's library, newest first. Each filter is a facet range of keys (the kind,
   * each word; "a" without filters), all sorted by asset id: the page is their intersection, read
   * backwards in batches and leapfrogging (a range far ahead is sought to where the others are),
   * so only matching assets are fetched. Bounded: at most KEY_BUDGET keys and QUERY_BUDGET ranges
   * per page; a page cut short carries `next` (and may be short, even empty). Pages never skip or
   * repeat an asset.
   */
  async page(portalId: string, q: PageQuery): Promise<{ items: AssetDoc[]; next?: string }> {
    const facets: Facet[] = [
      ...(q.kind ? [`k:${q.kind}` as const] : []),
      ...[...new Set(q.words ?? [])].map((w) => `w:${w}` as const),
    ];
    if (!facets.length) facets.push("a");
    const start = q.before ? `${q.before.id}${q.before.inclusive ? END : ""}` : END;
    const lists: Cursorable[] = facets.map((f) => ({
      prefix: prefix(portalId, f),
      upper: `${prefix(portalId, f)}${start}`,
      buf: [],
      done: false,
    }));
    const single = lists.length === 1;
    const items: AssetDoc[] = [];
    let pending: string[] = [];
    let keysRead = 0;
    let queries = 0;
    const full = () => items.length > q.limit;
    const flush = async () => {
      items.push(...(await this.resolve(portalId, pending, facets)));
      pending = [];
    };
    const done = () => {
      const page = items.slice(0, q.limit);
      const last = page[page.length - 1];
      return full() && last
        ? { items: page, next: cursor.encode({ id: last._id, inclusive: false }) }
        : { items };
    };
    for (;;) {
      // every range needs a head; one that ran out ends the intersection
      let empty = false;
      for (const l of lists) {
        if (l.buf.length || l.done) continue;
        if (keysRead >= KEY_BUDGET || queries >= QUERY_BUDGET) {
          // what is above the lowest point any range may still hold is decided
          await flush();
          if (full()) return done();
          const bound = lowest(
            lists.map((x) => (x.buf[0] ? `${x.buf[0]}${END}` : x.upper.slice(x.prefix.length))),
          );
          const id = bound.slice(0, 24);
          return ASSET_ID.test(id)
            ? { items, next: cursor.encode({ id, inclusive: bound.endsWith(END) }) }
            : { items };
        }
        const want = q.limit + 1 - items.length - pending.length;
        const n = Math.max(1, Math.min(single ? want : Math.max(want, 40), KEY_BUDGET - keysRead));
        const page = await this.keys
          .find({ _id: { $gt: l.prefix, $lt: l.upper } }, { projection: { _id: 1 } })
          .sort({ _id: -1 })
          .limit(n)
          .toArray();
        keysRead += page.length;
        queries++;
        for (const k of page) l.buf.push(k._id.slice(l.prefix.length));
        if (page.length < n) l.done = true;
        const last = page[page.length - 1];
        if (last) l.upper = last._id;
      }
      for (const l of lists) if (!l.buf.length) empty = true;
      if (empty) {
        await flush();
        return done();
      }
      // the candidate is the lowest head: ids above it are missing from that range
      const m = lowest(lists.map((l) => l.buf[0] as string));
      let all = true;
      for (const l of lists) {
        while (l.buf.length && (l.buf[0] as string) > m) l.buf.shift();
        if (!l.buf.length) {
          all = false;
          // seek: skip this range's keys above the candidate without reading them
          if (!l.done) l.upper = `${l.prefix}${m}${END}`;
        } else if (l.buf[0] !== m) all = false;
      }
      if (!all) continue;
      for (const l of lists) l.buf.shift();
      pending.push(m);
      if (items.length + pending.length > q.limit) {
        await flush();
        if (full()) return done();
      }
    }
  }

  /** A live (not deleted) asset of the portal with these bytes, if any (R-FMT duplicates). */
  async duplicate(portalId: string, sha256: string): Promise<AssetDoc | undefined> {
    const facet: Facet = `h:${sha256}`;
    const p = prefix(portalId, facet);
    const keys = await this.keys
      .find({ _id: { $gt: p, $lt: `${p}${END}` } }, { projection: { _id: 1 } })
      .sort({ _id: -1 })
      .limit(20)
      .toArray();
    const found = await this.resolve(
      portalId,
      keys.map((k) => k._id.slice(p.length)),
      [facet],
    );
    return found[0];
  }

  /**
   * Backfill (first start of this version): the keys of every asset not deleted. Safe to run
   * again or beside live writes (keys are only added; duplicates are ignored).
   */
  async backfill(onProgress?: (done: number) => void): Promise<number> {
    let done = 0;
    let batch: string[][] = [];
    const flush = async () => {
      const all = batch.flat();
      batch = [];
      if (!all.length) return;
      const at = new Date();
      for (let i = 0; i < all.length; i += 2000)
        await this.keys
          .insertMany(
            all.slice(i, i + 2000).map((k) => ({ _id: k, assetId: k.slice(-24), at })),
            { ordered: false },
          )
          .catch(ignoreDuplicates);
    };
    for await (const a of this.assets.find({}, { projection: KEYED_FIELDS })) {
      batch.push(keysOf(a as Keyed));
      if (batch.length >= 500) {
        await flush();
        onProgress?.(done);
      }
      done++;
    }
    await flush();
    return done;
  }
}
