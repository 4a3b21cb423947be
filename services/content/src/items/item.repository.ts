// The only code that touches content items' collections (`items`, `item_index`). Every method
// takes the portal first, as a `PortalId` (portals/portal-id.ts: a plain string does not compile),
// and answers only for that portal (R-ORG); no method finds an item by its id alone. Every query is
// one of the flat access paths of db/keys.ts — a get by `_id`, the versioned write `{_id, version}`,
// `_id: {$in}`, a range of index keys — so none of them scans, on FerretDB v1 (our pushdown build)
// or MongoDB. A change is ONE method, `commit`: the versioned write, its audit entry and its
// outbox events in one document write (ADR 0004: no multi-document transactions).
import type { Logger, Outbox, StagedEvent } from "@cong/kit";
import type { Collection, Document } from "mongodb";
import { facetPrefix, timeKey } from "../db/keys";
import type { PortalId } from "../portals/portal-id";
import {
  entryIsCurrent,
  type ItemIndexEntry,
  type ItemQuery,
  indexEntries,
  QUEUE_STATES,
} from "./item.index";
import { docsResolver, type ItemPage, type ListSource, listItems, listManyItems } from "./item.list";
import type { AuditEntry, ItemDoc, ItemSummary, Revision } from "./item.types";
import { type ItemHead, ItemHeads } from "./item-heads";
import { ItemIndexStore, type ProjectionClaim, WITHOUT } from "./item-index.store";

export type { ItemPage } from "./item.list";
export { LIST_SCAN_LIMIT } from "./item.list";
export type { ProjectionMarker } from "./item-index.store";

export const ITEM_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** What one change of an item writes besides the new document: its audit entry and its events. */
export interface ItemChange {
  audit: AuditEntry;
  events: StagedEvent[];
}

export class ItemRepository {
  readonly indexStore: ItemIndexStore;
  readonly heads: ItemHeads;

  constructor(
    /** wrapped by `serializedWrites` (writes to one item run one at a time in this process) */
    private readonly items: Collection<ItemDoc>,
    index: Collection<ItemIndexEntry>,
    private readonly outbox: Outbox,
    logger: Logger,
    heads: Collection<ItemHead>,
  ) {
    this.indexStore = new ItemIndexStore(index, logger);
    this.heads = new ItemHeads(heads, logger);
  }

  // ---------------------------------------------------------------- reads

  /** One item of this portal, or null (another portal's item is not found here). */
  async get(portalId: PortalId, itemId: string, opts: { audit?: boolean } = {}): Promise<ItemDoc | null> {
    if (!ITEM_ID.test(itemId)) return null;
    const doc = await this.items.findOne(
      { _id: itemId },
      { projection: opts.audit === false ? WITHOUT : { _outbox: 0 } },
    );
    return doc && doc.portalId === portalId ? doc : null;
  }

  /** Several items of this portal by id (at most 100), in no particular order. */
  async getMany(portalId: PortalId, itemIds: string[]): Promise<ItemDoc[]> {
    const ids = [...new Set(itemIds.filter((x) => ITEM_ID.test(x)))].slice(0, 100);
    return this.open(portalId, ids);
  }

  /**
   * A page of the portal's items for the admin (newest change first, or by due date), filtered;
   * the cost never grows with the portal (item.list.ts).
   */
  list(
    portalId: PortalId,
    q: ItemQuery,
    page: { limit: number; cursor?: string; scanLimit?: number },
  ): Promise<ItemPage> {
    return listItems(this.listSource(portalId), q, page);
  }

  /**
   * The same page as `list`, as the compact rows of the summary view, read from the items' heads
   * (item-heads.ts): a range of index entries and one `$in` of heads; an item is opened only when
   * its head lags its entry.
   */
  listSummaries(
    portalId: PortalId,
    q: ItemQuery,
    page: { limit: number; cursor?: string; scanLimit?: number },
  ): Promise<ItemPage<ItemSummary>> {
    return listItems(this.summarySource(portalId), q, page);
  }

  /** `listMany` as compact rows (heads, like `listSummaries`). */
  listManySummaries(
    portalId: PortalId,
    lists: { query: ItemQuery; limit: number }[],
  ): Promise<ItemPage<ItemSummary>[]> {
    return listManyItems(this.summarySource(portalId), lists);
  }

  /** Several first pages of the portal's lists at once (the admin's "Việc của tôi"). */
  listMany(portalId: PortalId, lists: { query: ItemQuery; limit: number }[]): Promise<ItemPage[]> {
    return listManyItems(this.listSource(portalId), lists);
  }

  /** Ids of the portal's items a person is responsible for (handover, R-ACCOUNT); every page. */
  async ownedBy(portalId: PortalId, ownerId: string): Promise<string[]> {
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
  async pastDue(portalId: PortalId, now: Date, max = 500): Promise<ItemDoc[]> {
    const out: ItemDoc[] = [];
    for (const state of QUEUE_STATES) {
      const prefix = facetPrefix(portalId, `d:${state}`);
      // keys sort by due date: the range up to now holds exactly the overdue ones
      const entries = (await this.indexStore.index
        .find({ _id: { $gt: prefix, $lt: `${prefix}${timeKey(now)}` } })
        .sort({ _id: 1 })
        .limit(max)
        .toArray()) as ItemIndexEntry[];
      if (!entries.length) continue;
      const byId = new Map(
        (
          await this.open(
            portalId,
            entries.map((e) => e.i),
          )
        ).map((d) => [d._id, d]),
      );
      for (const e of entries) {
        const doc = byId.get(e.i);
        if (doc && entryIsCurrent(e, doc, portalId)) out.push(doc);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- writes

  /** A new item: its index entries first, then the document. */
  async insert(portalId: PortalId, doc: ItemDoc): Promise<void> {
    if (doc.portalId !== portalId) throw new Error("item of another portal");
    const entries = await this.indexStore.claim(doc, undefined);
    try {
      await this.items.insertOne(doc);
    } catch (e) {
      await this.indexStore.release(entries);
      throw e;
    }
    this.heads.put(doc);
  }

  /**
   * A change of an item, as one document write: `change` edits a copy of `doc` and names the
   * change's audit entry and events; the copy is written with the version check (`{_id, version}`,
   * version + 1), the audit entry pushed and the events staged in the same write (outbox). Null
   * when the version moved on meanwhile (the caller answers 409); nothing of this attempt remains
   * then. `project`: the change publishes or takes down — a projection marker is claimed with it
   * (item-index.store.ts), released by `projected` once the hooks ran.
   */
  async commit(
    portalId: PortalId,
    doc: ItemDoc,
    change: (d: ItemDoc, now: Date) => ItemChange,
    opts: { project?: ProjectionClaim } = {},
  ): Promise<ItemDoc | null> {
    if (doc.portalId !== portalId) throw new Error("item of another portal");
    const { _outbox: _o, ...clean } = doc as ItemDoc & { _outbox?: unknown };
    const next = structuredClone(clean) as ItemDoc;
    const now = new Date();
    const { audit, events } = change(next, now);
    if (next.portalId !== portalId || next._id !== doc._id) throw new Error("item of another portal");
    next.audit.push(audit);
    next.version = doc.version + 1;
    next.updatedAt = now;
    return (await this.write(doc, next, events, opts.project)) ? next : null;
  }

  /** The hooks of a publication or take-down ran: its projection marker goes. */
  projected(portalId: PortalId, doc: ItemDoc): void {
    if (doc.portalId === portalId) this.indexStore.projected(doc);
  }

  /**
   * An audit entry about the item that changes nothing of its content (preview links): no new
   * version, so an open editor's If-Match stays valid and a preview does not call itself outdated.
   */
  async appendAudit(portalId: PortalId, itemId: string, entry: AuditEntry): Promise<boolean> {
    const res = await this.items.updateOne({ _id: itemId, portalId }, { $push: { audit: entry } });
    return res.matchedCount > 0;
  }

  /**
   * A change that is not a new version: the original file of a converted submission (R-SUBMIT).
   * It touches nothing the index holds.
   */
  async attachSource(portalId: PortalId, itemId: string, file: NonNullable<Revision["sourceFile"]>) {
    await this.items.updateOne({ _id: itemId, portalId }, { $set: { "working.sourceFile": file } });
  }

  // ---------------------------------------------------------------- maintenance (every portal)

  /** Removes superseded index entries and writes the heads waiting to be written now (shutdown, tests). */
  async flushReleases(): Promise<void> {
    await Promise.all([this.indexStore.flushReleases(), this.heads.flush()]);
  }

  /** Index entries for every item (first start after an upgrade; item-index.store.ts). */
  backfill(opts: { force?: boolean; log?: (n: number) => void } = {}): Promise<number> {
    return this.indexStore.backfill(this.items, opts);
  }

  // ---------------------------------------------------------------- internals

  /** The portal's items among `ids`: one `_id: {$in}` (no projection of the audit trail). */
  private async open(portalId: PortalId, ids: string[]): Promise<ItemDoc[]> {
    if (!ids.length) return [];
    return this.items.find({ _id: { $in: ids }, portalId }, { projection: WITHOUT }).toArray();
  }

  private listSource(portalId: PortalId): ListSource<ItemDoc> {
    return {
      portalId,
      index: this.indexStore.index,
      resolve: docsResolver(portalId, (ids) => this.open(portalId, ids)),
      releaseLater: (ids: string[]) => this.indexStore.releaseLater(ids),
    };
  }

  private summarySource(portalId: PortalId): ListSource<ItemSummary> {
    const { resolve: _docs, ...rest } = this.listSource(portalId);
    return { ...rest, resolve: this.heads.resolver(portalId, (ids) => this.open(portalId, ids)) };
  }

  /**
   * The versioned write (`{_id, version}`) with its events in the same document write. False
   * when the version moved on. `next.updatedAt` may move up by a millisecond or two (keys of one
   * write).
   */
  private async write(
    prev: ItemDoc,
    next: ItemDoc,
    events: StagedEvent[],
    project: ProjectionClaim | undefined,
  ): Promise<boolean> {
    const entries = await this.indexStore.claim(next, prev, project);
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
      await this.indexStore.release(entries);
      throw e;
    }
    if (!matched) {
      await this.indexStore.release(entries);
      return false;
    }
    // not awaited: the previous version's entries can never match again (readers skip them and
    // remove those they meet), so the request does not wait for their removal
    this.indexStore.releaseLater(indexEntries(prev).map((e) => e._id));
    // awaited: until the previous version's entries are removed, a list reads them beside the
    // item's head, and a head still of that version would vouch for them (the board's dashboard
    // showed an approved item still in its queue); the head of this version makes them leftovers
    this.heads.put(next);
    await this.heads.flush();
    return true;
  }
}
