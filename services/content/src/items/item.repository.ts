// The only code that touches content items' collections (`items`, `item_index`). Every method
// takes the portal first and answers only for that portal (R-ORG). Every query is one of the flat
// access paths of db/keys.ts — a get by `_id`, the versioned write `{_id, version}`, `_id: {$in}`,
// a range of index keys — so none of them scans, on FerretDB v1 (our pushdown build) or MongoDB.
import type { Logger, Outbox, StagedEvent } from "@cong/kit";
import type { Collection, Document } from "mongodb";
import { decodeCursor, encodeCursor, facetPrefix, queryFingerprint, readRange, timeKey } from "../db/keys";
import {
  entryIsCurrent,
  entryMatches,
  facetFor,
  type ItemIndexEntry,
  type ItemQuery,
  indexEntries,
  itemMatches,
  QUEUE_STATES,
} from "./item.index";
import type { AuditEntry, ItemDoc, Revision } from "./item.types";

const ITEM_ID = /^[A-Za-z0-9_-]{8,64}$/;
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
/** an entry that is neither current nor the previous version's, older than this, is garbage */
const LEFTOVER_MS = 10 * 60_000;
const WITHOUT = { _outbox: 0, audit: 0 } as const;
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

const isDuplicate = (e: unknown) => (e as { code?: number }).code === 11000;

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

export interface ItemPage {
  items: ItemDoc[];
  /** null at the end; else where to go on (the page may be short when filters are selective) */
  nextCursor: string | null;
}

export class ItemRepository {
  constructor(
    /** wrapped by `serializedWrites` (writes to one item run one at a time in this process) */
    private readonly items: Collection<ItemDoc>,
    private readonly index: Collection<ItemIndexEntry>,
    private readonly outbox: Outbox,
    private readonly logger: Logger,
  ) {}

  private releasing = new Set<string>();
  private releaseTimer: NodeJS.Timeout | undefined;

  // ---------------------------------------------------------------- reads

  /** One item of this portal, or null (another portal's item is not found here). */
  async get(portalId: string, itemId: string, opts: { audit?: boolean } = {}): Promise<ItemDoc | null> {
    if (!ITEM_ID.test(itemId)) return null;
    const doc = await this.items.findOne(
      { _id: itemId },
      { projection: opts.audit === false ? WITHOUT : { _outbox: 0 } },
    );
    return doc && doc.portalId === portalId ? doc : null;
  }

  /** Several items of this portal by id (at most 100), in no particular order. */
  async getMany(portalId: string, itemIds: string[]): Promise<ItemDoc[]> {
    const ids = [...new Set(itemIds.filter((x) => ITEM_ID.test(x)))].slice(0, 100);
    if (!ids.length) return [];
    return this.items.find({ _id: { $in: ids }, portalId }, { projection: WITHOUT }).toArray();
  }

  /**
   * An item by id alone, for the public routes (a reader's comment names only the item) and the
   * scheduler; the caller learns its portal from the document.
   */
  async getAcrossPortals(itemId: string): Promise<ItemDoc | null> {
    if (!ITEM_ID.test(itemId)) return null;
    return this.items.findOne({ _id: itemId }, { projection: WITHOUT });
  }

  /**
   * A page of the portal's items for the admin (newest change first, or by due date), filtered.
   * One facet is read (item.index.ts `facetFor`) and the other filters are tested on its entries;
   * a request looks at no more than LIST_SCAN_LIMIT entries, so a selective filter may give a
   * short page with a cursor to go on from — the cost never grows with the portal.
   */
  async list(
    portalId: string,
    q: ItemQuery,
    page: { limit: number; cursor?: string; scanLimit?: number },
    /** the first batch of the facet (read from its start) and items already opened, from `listMany` */
    pre?: { batch: ItemIndexEntry[]; docs: Map<string, ItemDoc> },
  ): Promise<ItemPage> {
    const { prefix, dir } = facetFor(portalId, q);
    const fingerprint = queryFingerprint({ ...q, words: q.words?.join(" ") });
    let from = page.cursor ? decodeCursor(page.cursor, prefix, fingerprint).key : undefined;
    const budget = page.scanLimit ?? LIST_SCAN_LIMIT;
    const out: ItemDoc[] = [];
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
          : await readRange(this.index, prefix, dir, from, want);
      scanned += batch.length;
      const last = batch.length < want; // the range ends within this batch
      const candidates = batch.filter((e) => entryMatches(e, q));
      // open the items of as many candidates as the page still needs, a few at a time
      let taken = 0;
      let fullAt: string | undefined;
      while (taken < candidates.length && !fullAt) {
        const chunk = candidates.slice(taken, taken + Math.max(1, page.limit - out.length));
        taken += chunk.length;
        const open = chunk.filter((e) => !pre?.docs.has(e.i)).map((e) => e.i);
        const docs = open.length
          ? await this.items.find({ _id: { $in: open }, portalId }, { projection: WITHOUT }).toArray()
          : [];
        const byId = new Map(docs.map((d) => [d._id, d]));
        for (const [id, d] of pre?.docs ?? []) byId.set(id, d);
        for (const e of chunk) {
          const doc = byId.get(e.i);
          if (doc && entryIsCurrent(e, doc, portalId) && itemMatches(doc, q)) {
            out.push(doc);
            if (out.length === page.limit) {
              fullAt = e._id;
              break;
            }
          } else if (isLeftover(e, doc)) garbage.push(e._id);
        }
      }
      const lastKey = batch[batch.length - 1]?._id;
      stoppedAt = fullAt ?? lastKey ?? stoppedAt;
      // the end of the range reached and nothing of it left unread
      if (last && (!fullAt || fullAt === lastKey)) done = true;
      if (fullAt || last) break;
      from = stoppedAt;
    }
    if (garbage.length) this.releaseLater(garbage);
    return {
      items: out,
      nextCursor: !done && stoppedAt ? encodeCursor({ prefix, key: stoppedAt, query: fingerprint }) : null,
    };
  }

  /**
   * Several first pages of the portal's lists at once (the admin's "Việc của tôi"): the facets are
   * read side by side and the items the pages need are opened with ONE `_id: {$in}`; a page its
   * first batch cannot fill goes on as `list` does.
   */
  async listMany(portalId: string, lists: { query: ItemQuery; limit: number }[]): Promise<ItemPage[]> {
    const batches = await Promise.all(
      lists.map(({ query, limit }) => {
        const { prefix, dir } = facetFor(portalId, query);
        return readRange(this.index, prefix, dir, undefined, Math.min(firstBatch(limit), LIST_SCAN_LIMIT));
      }),
    );
    const ids = new Set<string>();
    lists.forEach(({ query, limit }, n) => {
      for (const e of (batches[n] ?? []).filter((x) => entryMatches(x, query)).slice(0, limit)) ids.add(e.i);
    });
    const docs = ids.size
      ? await this.items.find({ _id: { $in: [...ids] }, portalId }, { projection: WITHOUT }).toArray()
      : [];
    const pre = new Map(docs.map((d) => [d._id, d]));
    return Promise.all(
      lists.map(({ query, limit }, n) =>
        this.list(portalId, query, { limit }, { batch: batches[n] ?? [], docs: pre }),
      ),
    );
  }

  /** Ids of the portal's items a person is responsible for (handover, R-ACCOUNT); every page. */
  async ownedBy(portalId: string, ownerId: string): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.list(
        portalId,
        { owner: ownerId, sort: "updated" },
        { limit: 100, ...(cursor ? { cursor } : {}) },
      );
      ids.push(...page.items.map((d) => d._id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return ids;
  }

  /** Working revisions of the portal past their due date (R-TIMELY), at most `max` per state. */
  async pastDue(portalId: string, now: Date, max = 500): Promise<ItemDoc[]> {
    const out: ItemDoc[] = [];
    for (const state of QUEUE_STATES) {
      const prefix = facetPrefix(portalId, `d:${state}`);
      // keys sort by due date: the range up to now holds exactly the overdue ones
      const entries = (await this.index
        .find({ _id: { $gt: prefix, $lt: `${prefix}${timeKey(now)}` } })
        .sort({ _id: 1 })
        .limit(max)
        .toArray()) as ItemIndexEntry[];
      if (!entries.length) continue;
      const docs = await this.items
        .find({ _id: { $in: entries.map((e) => e.i) }, portalId }, { projection: WITHOUT })
        .toArray();
      const byId = new Map(docs.map((d) => [d._id, d]));
      for (const e of entries) {
        const doc = byId.get(e.i);
        if (doc && entryIsCurrent(e, doc, portalId)) out.push(doc);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- writes

  /** A new item: its index entries first, then the document. */
  async insert(portalId: string, doc: ItemDoc): Promise<void> {
    if (doc.portalId !== portalId) throw new Error("item of another portal");
    const entries = await this.claimEntries(doc, undefined);
    try {
      await this.items.insertOne(doc);
    } catch (e) {
      await this.release(entries);
      throw e;
    }
  }

  /**
   * The versioned write of an item (`{_id, version}`) with its events in the same document write
   * (outbox). False when the version moved on meanwhile (the caller answers 409); nothing of this
   * attempt remains then. `next.updatedAt` may move up by a millisecond or two (keys of one write).
   */
  async update(
    portalId: string,
    prev: ItemDoc,
    next: ItemDoc,
    events: StagedEvent[],
    opts: {
      /**
       * the write publishes or takes down: a projection marker is claimed with it, naming the
       * categories the item was listed in before (see PROJECTION); the caller releases it with
       * `projected` once its hooks ran
       */
      project?: { categories: string[]; previousRevision?: number | undefined };
    } = {},
  ): Promise<boolean> {
    if (prev.portalId !== portalId || next.portalId !== portalId) throw new Error("item of another portal");
    const entries = await this.claimEntries(next, prev, opts.project);
    const { _id, ...fields } = next as ItemDoc & { _outbox?: unknown };
    delete (fields as { _outbox?: unknown })._outbox;
    // top-level fields the change removed (e.g. `unpublished` on a new publication) go too
    const gone = Object.keys(prev).filter(
      (k) => k !== "_id" && k !== "_outbox" && k !== "audit" && !(k in next),
    );
    const update: Document = { $set: fields };
    if (gone.length) update.$unset = Object.fromEntries(gone.map((k) => [k, ""]));
    // the audit trail only grows: new entries are pushed, so an entry appended meanwhile without a
    // new version (appendAudit: preview links) is never overwritten by this write
    if (Array.isArray(prev.audit) && next.audit.length >= prev.audit.length) {
      delete (fields as { audit?: unknown }).audit;
      const added = next.audit.slice(prev.audit.length);
      if (added.length) update.$push = { audit: { $each: added } };
    }
    let matched: boolean;
    try {
      const res = await this.outbox.updateOne(this.items, { _id, version: prev.version }, update, events);
      matched = res.matchedCount > 0;
    } catch (e) {
      await this.release(entries);
      throw e;
    }
    if (!matched) {
      await this.release(entries);
      return false;
    }
    // not awaited: the previous version's entries can never match again (readers skip them and
    // remove those they meet), so the request does not wait for their removal
    this.releaseLater(indexEntries(prev).map((e) => e._id));
    return true;
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
      .filter((e) => e.u < cutoff && !this.releasing.has(e._id))
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

  /** Removes what is waiting to be removed now (shutdown, tests). */
  async flushReleases(): Promise<void> {
    if (this.releaseTimer) clearTimeout(this.releaseTimer);
    this.releaseTimer = undefined;
    const ids = [...this.releasing];
    this.releasing.clear();
    for (let i = 0; i < ids.length; i += RELEASE_BATCH)
      await this.release(ids.slice(i, i + RELEASE_BATCH)).catch((e: unknown) => {
        // harmless: readers skip these and remove those they meet; a marker is projected again
        this.logger.warn({ err: e, entries: ids.length }, "removing superseded item index entries failed");
      });
  }

  private releaseLater(ids: string[]): void {
    for (const id of ids) this.releasing.add(id);
    if (this.releasing.size >= RELEASE_BATCH) void this.flushReleases();
    else if (!this.releaseTimer) {
      this.releaseTimer = setTimeout(() => void this.flushReleases(), RELEASE_DELAY_MS);
      this.releaseTimer.unref();
    }
  }

  /**
   * An audit entry about the item that changes nothing of its content (preview links): no new
   * version, so an open editor's If-Match stays valid and a preview does not call itself outdated.
   */
  async appendAudit(portalId: string, itemId: string, entry: AuditEntry): Promise<boolean> {
    const res = await this.items.updateOne({ _id: itemId, portalId }, { $push: { audit: entry } });
    return res.matchedCount > 0;
  }

  /**
   * A change that is not a new version: the original file of a converted submission (R-SUBMIT).
   * It touches nothing the index holds.
   */
  async attachSource(portalId: string, itemId: string, file: NonNullable<Revision["sourceFile"]>) {
    await this.items.updateOne({ _id: itemId, portalId }, { $set: { "working.sourceFile": file } });
  }

  /**
   * Inserts the entries of `doc` (keys unique to this write: the item id and the write's time).
   * A key already taken means another attempt claimed this same millisecond: ours are removed and
   * the write moves on by a millisecond. `updatedAt` never goes back (the time part of the keys).
   */
  private async claimEntries(
    doc: ItemDoc,
    prev: ItemDoc | undefined,
    project?: { categories: string[]; previousRevision?: number | undefined },
  ): Promise<string[]> {
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
        const failed = new Set(
          ((e as { writeErrors?: { index: number; code?: number }[] }).writeErrors ?? []).map((w) => w.index),
        );
        const onlyDuplicates = ((e as { writeErrors?: { code?: number }[] }).writeErrors ?? []).every(
          isDuplicate,
        );
        await this.release(ids.filter((_, i) => !failed.has(i)));
        if (!failed.size || !onlyDuplicates) throw e;
        doc.updatedAt = new Date(doc.updatedAt.getTime() + 1);
      }
    }
    throw new Error(`item ${doc._id}: too many concurrent writes`);
  }

  private async release(ids: string[]): Promise<void> {
    if (ids.length) await this.index.deleteMany({ _id: { $in: ids } });
  }

  // ---------------------------------------------------------------- maintenance

  /**
   * First start after an upgrade (like the slug claims): entries for every item, then a marker.
   * Idempotent (entries are derived from the items; existing ones are kept); `force` runs it again
   * (`cli reindex-items`, e.g. after writers of an older version ran against the same database).
   */
  async backfill(opts: { force?: boolean; log?: (n: number) => void } = {}): Promise<number> {
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
    for await (const raw of this.items.find({}, { projection: WITHOUT })) {
      batch.push(...indexEntries(raw));
      if (++n % 500 === 0) {
        await flush();
        opts.log?.(n);
      }
    }
    await flush();
    await this.index
      .insertOne({
        _id: MARK,
        i: "",
        v: 0,
        u: timeKey(new Date()),
        s: [],
        k: "article",
        c: [],
        o: "",
        l: [],
        t: "",
      })
      .catch((e: unknown) => {
        if (!isDuplicate(e)) throw e;
      });
    return n;
  }
}

const projectionKey = (doc: ItemDoc) => `${PROJECTION}${timeKey(doc.updatedAt)}|${doc._id}`;

function projectionMarker(
  doc: ItemDoc,
  project: { categories: string[]; previousRevision?: number | undefined },
): ItemIndexEntry {
  return {
    _id: projectionKey(doc),
    i: doc._id,
    p: doc.portalId,
    ...(project.previousRevision === undefined ? {} : { r: project.previousRevision }),
    v: doc.version,
    u: timeKey(doc.updatedAt),
    s: [],
    k: doc.kind,
    c: [...new Set(project.categories)],
    o: "",
    l: [],
    t: "",
  };
}

/** Entries that can never become current: older than the item's version, or of no item. */
function isLeftover(e: ItemIndexEntry, doc: ItemDoc | undefined): boolean {
  if (doc) {
    if (e.u < timeKey(doc.updatedAt)) return true;
    // a later time than the item's: a write still under way — or one that died long ago
  }
  return Date.now() - new Date(e.u).getTime() > LEFTOVER_MS;
}
