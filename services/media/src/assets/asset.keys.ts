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

/** An opaque page cursor: where the previous page stopped reading. */
export const cursor = {
  encode: (assetId: string) => Buffer.from(`1:${assetId}`).toString("base64url"),
  /** the asset id a cursor (or, as before, a bare asset id) points at; undefined if malformed */
  decode(s: string): string | undefined {
    if (ASSET_ID.test(s)) return s;
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(s)) return undefined;
    const m = /^1:([0-9a-f]{24})$/.exec(Buffer.from(s, "base64url").toString("latin1"));
    return m?.[1];
  },
};

export interface PageQuery {
  kind?: MediaKind;
  /** folded words; an asset must have all of them */
  words?: string[];
  /** the asset id the previous page stopped at */
  before?: string;
  limit: number;
}

/** A page reads at most this many keys; a page cut short by it still carries `next`. */
export const SCAN_BUDGET = 1000;

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

  /**
   * Up to `n` keys of a facet range below `upper` (exclusive), newest first, each with its asset
   * when the key matches the asset's current state (a stale key — a crash between writes, or a
   * state changed since — comes without one and is skipped by callers).
   */
  private async read(
    portalId: string,
    facet: Facet,
    upper: string,
    n: number,
  ): Promise<{ steps: { key: string; assetId: string; asset?: AssetDoc }[]; more: boolean }> {
    const p = prefix(portalId, facet);
    const page = await this.keys
      .find({ _id: { $gt: p, $lt: upper } }, { projection: { _id: 1 } })
      .sort({ _id: -1 })
      .limit(n)
      .toArray();
    const ids = page.map((k) => k._id.slice(p.length)).filter((id) => ASSET_ID.test(id));
    const docs = ids.length
      ? await this.assets.find({ _id: { $in: ids }, portalId }, { projection: { _outbox: 0 } }).toArray()
      : [];
    const byId = new Map(docs.map((d) => [d._id, d as AssetDoc]));
    const steps = page.map((k) => {
      const assetId = k._id.slice(p.length);
      const asset = byId.get(assetId);
      return asset && keysOf(asset).includes(k._id)
        ? { key: k._id, assetId, asset }
        : { key: k._id, assetId };
    });
    return { steps, more: page.length === n };
  }

  /**
   * One page of a portal's library, newest first: the most selective facet (the longest word,
   * else the kind, else all) is read as a key range; the other filters are checked on the assets.
   * `next` is present when more may follow: after a full page, or when SCAN_BUDGET keys were read
   * before the page filled (then the page may be short, even empty — follow `next`).
   */
  async page(portalId: string, q: PageQuery): Promise<{ items: AssetDoc[]; next?: string }> {
    const words = [...(q.words ?? [])].sort((a, b) => b.length - a.length);
    const [first, ...rest] = words;
    const facet: Facet = first ? `w:${first}` : q.kind ? `k:${q.kind}` : "a";
    const exact = !first || (!q.kind && !rest.length);
    const matches = (a: AssetDoc) => {
      if (q.kind && a.kind !== q.kind) return false;
      if (!rest.length) return true;
      const have = new Set(assetWords(a));
      return rest.every((w) => have.has(w));
    };
    const p = prefix(portalId, facet);
    let upper = q.before ? `${p}${q.before}` : `${p}${END}`;
    const items: AssetDoc[] = [];
    let examined = 0;
    for (;;) {
      // one more than the page, to know whether another follows; filtered reads take larger batches
      const want = q.limit + 1 - items.length;
      const n = Math.min(exact ? want : want * 4 + 20, SCAN_BUDGET - examined);
      const { steps, more } = await this.read(portalId, facet, upper, n);
      for (const s of steps) {
        examined++;
        if (s.asset && matches(s.asset)) items.push(s.asset);
        if (items.length > q.limit) {
          const page = items.slice(0, q.limit);
          return { items: page, next: cursor.encode((page[page.length - 1] as AssetDoc)._id) };
        }
      }
      const last = steps[steps.length - 1];
      if (!more || !last) return { items };
      if (examined >= SCAN_BUDGET) return { items, next: cursor.encode(last.assetId) };
      upper = last.key;
    }
  }

  /** A live (not deleted) asset of the portal with these bytes, if any (R-FMT duplicates). */
  async duplicate(portalId: string, sha256: string): Promise<AssetDoc | undefined> {
    const { steps } = await this.read(
      portalId,
      `h:${sha256}`,
      `${prefix(portalId, `h:${sha256}`)}${END}`,
      20,
    );
    return steps.find((s) => s.asset)?.asset;
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
