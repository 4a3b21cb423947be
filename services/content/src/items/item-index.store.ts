// The item index's bookkeeping (item.index.ts): claiming a write's entries, releasing superseded
// ones in batches, the projection markers, and the first start's backfill. Only the item
// repository uses it; it holds no item and answers no caller's query.
import type { Logger } from "@cong/kit";
import type { Collection } from "mongodb";
import { readRange, timeKey } from "../db/keys";
import { type ItemIndexEntry, indexEntries } from "./item.index";
import type { ItemDoc } from "./item.types";

/** an entry that is neither current nor the previous version's, older than this, is garbage */
const LEFTOVER_MS = 10 * 60_000;
/**
 * Entries that can go (the previous version's, leftovers, projection markers done with) are
 * removed together, at most this long after they became garbage: one `deleteMany` for the writes
 * of that moment instead of one per write. Readers skip them meanwhile; a crash leaves them to the
 * readers and the leftover rule below.
 */
const RELEASE_DELAY_MS = 250;
const RELEASE_BATCH = 500;
/**
 * Projection markers (listing pages, royalties: the item's hooks) are entries of the same
 * collection under this prefix, `~proj|<time of the write>|<item>`, claimed with the write's other
 * entries (no extra command) and released once the hooks ran. One left behind (the process died
 * between the item write and its hooks, or a hook failed) is found by `pendingProjections` and the
 * item is projected again — the hooks are idempotent.
 */
const PROJECTION = "~proj|";
export const WITHOUT = { _outbox: 0, audit: 0 } as const;

export const isDuplicate = (e: unknown) => (e as { code?: number }).code === 11000;

/** What a publishing or take-down write names for its projection marker. */
export interface ProjectionClaim {
  /** categories the item was listed in before the write */
  categories: string[];
  /** the live revision before the write, if there was one */
  previousRevision?: number | undefined;
}

/** A publication or take-down whose projections (hooks) may not have run. */
export interface ProjectionMarker {
  key: string;
  itemId: string;
  portalId: string;
  /** the item's version that was written */
  version: number;
  /** categories the item was listed in before that write (to be taken out of, if it left them) */
  categories: string[];
  /** the live revision before that write, if there was one */
  previousRevision?: number;
  at: Date;
}

export class ItemIndexStore {
  constructor(
    readonly index: Collection<ItemIndexEntry>,
    private readonly logger: Logger,
  ) {}

  private releasing = new Set<string>();
  private releaseTimer: NodeJS.Timeout | undefined;
  /** entries of the batches being removed (`flushReleases` runs them one after another) */
  private removing = new Set<string>();
  private flushing: Promise<void> = Promise.resolve();

  /**
   * Inserts the entries of `doc` (keys unique to this write: the item id and the write's time).
   * A key already taken means another attempt claimed this same millisecond: ours are removed and
   * the write moves on by a millisecond. `updatedAt` never goes back (the time part of the keys).
   */
  async claim(doc: ItemDoc, prev: ItemDoc | undefined, project?: ProjectionClaim): Promise<string[]> {
    const floor = prev ? new Date(prev.updatedAt).getTime() + 1 : 0;
    doc.updatedAt = new Date(Math.max(new Date(doc.updatedAt).getTime(), floor));
    for (let attempt = 0; attempt < 20; attempt++) {
      const entries = indexEntries(doc);
      if (project) entries.push(projectionMarker(doc, project));
      const ids = entries.map((e) => e._id);
      try {
        await this.index.insertMany(entries, { ordered: false });
        return ids;
      } catch (e) {
        const errors = (e as { writeErrors?: { index: number; code?: number }[] }).writeErrors ?? [];
        const failed = new Set(errors.map((w) => w.index));
        await this.release(ids.filter((_, i) => !failed.has(i)));
        if (!failed.size || !errors.every(isDuplicate)) throw e;
        doc.updatedAt = new Date(doc.updatedAt.getTime() + 1);
      }
    }
    throw new Error(`item ${doc._id}: too many concurrent writes`);
  }

  async release(ids: string[]): Promise<void> {
    if (ids.length) await this.index.deleteMany({ _id: { $in: ids } });
  }

  /** Entries that can never match again go in the next batch (the request does not wait). */
  releaseLater(ids: string[]): void {
    for (const id of ids) this.releasing.add(id);
    if (this.releasing.size >= RELEASE_BATCH) void this.flushReleases();
    else if (!this.releaseTimer) {
      this.releaseTimer = setTimeout(() => void this.flushReleases(), RELEASE_DELAY_MS);
      this.releaseTimer.unref();
    }
  }

  /**
   * Removes what is waiting to be removed now (shutdown, tests), and resolves once every batch
   * started before it is done too: a batch the timer started is still in flight otherwise,
   * its entries out of `releasing` but not yet out of the collection.
   */
  flushReleases(): Promise<void> {
    if (this.releaseTimer) clearTimeout(this.releaseTimer);
    this.releaseTimer = undefined;
    const ids = [...this.releasing];
    this.releasing.clear();
    for (const id of ids) this.removing.add(id);
    const run = this.flushing.then(async () => {
      for (let i = 0; i < ids.length; i += RELEASE_BATCH)
        await this.release(ids.slice(i, i + RELEASE_BATCH)).catch((e: unknown) => {
          // harmless: readers skip these and remove those they meet; a marker is projected again
          this.logger.warn({ err: e, entries: ids.length }, "removing superseded item index entries failed");
        });
      // out of `removing` only once removed, so `pendingProjections` never sees them meanwhile
      for (const id of ids) this.removing.delete(id);
    });
    this.flushing = run;
    return run;
  }

  /** The hooks of a publication or take-down ran: its projection marker goes. */
  projected(doc: ItemDoc): void {
    this.releaseLater([projectionKey(doc)]);
  }

  /**
   * Projection markers older than `before`, oldest first (at most `max`): writes whose hooks may
   * not have run. A range of the index collection, whatever its size.
   */
  async pendingProjections(before: Date, max = 100): Promise<ProjectionMarker[]> {
    const entries = await readRange(this.index, PROJECTION, 1, undefined, max);
    const cutoff = timeKey(before);
    return entries
      .filter((e) => e.u < cutoff && !this.releasing.has(e._id) && !this.removing.has(e._id))
      .map((e) => ({
        key: e._id,
        itemId: e.i,
        portalId: e.p ?? "",
        version: e.v,
        categories: e.c,
        ...(e.r === undefined ? {} : { previousRevision: e.r }),
        at: new Date(e.u),
      }));
  }

  /** A marker dealt with by `pendingProjections`' caller (removed now, not batched). */
  async dropProjection(key: string): Promise<void> {
    if (key.startsWith(PROJECTION)) await this.release([key]);
  }

  /**
   * First start after an upgrade (like the slug claims): entries for every item, then a marker.
   * Idempotent (entries are derived from the items; existing ones are kept); `force` runs it again
   * (`cli reindex-items`, e.g. after writers of an older version ran against the same database).
   */
  async backfill(
    items: Collection<ItemDoc>,
    opts: { force?: boolean; log?: (n: number) => void } = {},
  ): Promise<number> {
    const MARK = "~backfill:item-index:v1";
    if (!opts.force && (await this.index.findOne({ _id: MARK }))) return 0;
    let n = 0;
    let batch: ItemIndexEntry[] = [];
    const flush = async () => {
      if (!batch.length) return;
      await this.index.insertMany(batch, { ordered: false }).catch((e: unknown) => {
        const errs = (e as { writeErrors?: { code?: number }[] }).writeErrors;
        if (!errs?.length || !errs.every(isDuplicate)) throw e;
      });
      batch = [];
    };
    for await (const raw of items.find({}, { projection: WITHOUT })) {
      batch.push(...indexEntries(raw));
      if (++n % 500 === 0) {
        await flush();
        opts.log?.(n);
      }
    }
    await flush();
    await this.index
      .insertOne({ ...blankEntry(MARK, ""), v: 0, u: timeKey(new Date()) })
      .catch((e: unknown) => {
        if (!isDuplicate(e)) throw e;
      });
    return n;
  }
}

const projectionKey = (doc: ItemDoc) => `${PROJECTION}${timeKey(doc.updatedAt)}|${doc._id}`;

function blankEntry(_id: string, itemId: string): ItemIndexEntry {
  return { _id, i: itemId, v: 0, u: "", s: [], k: "article", c: [], o: "", l: [], t: "" };
}

function projectionMarker(doc: ItemDoc, project: ProjectionClaim): ItemIndexEntry {
  return {
    ...blankEntry(projectionKey(doc), doc._id),
    p: doc.portalId,
    ...(project.previousRevision === undefined ? {} : { r: project.previousRevision }),
    v: doc.version,
    u: timeKey(doc.updatedAt),
    k: doc.kind,
    c: [...new Set(project.categories)],
  };
}

/** Entries that can never become current: older than the item's version, or of no item. */
export function isLeftover(e: ItemIndexEntry, doc: ItemDoc | undefined): boolean {
  if (doc) {
    if (e.u < timeKey(doc.updatedAt)) return true;
    // a later time than the item's: a write still under way — or one that died long ago
  }
  return Date.now() - new Date(e.u).getTime() > LEFTOVER_MS;
}
