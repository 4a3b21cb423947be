// Item heads (issue 21, ADR 0004 amendment): one small `_id`-keyed document per item,
// `{_id: <item>, p: <portal>, u: <updatedAt key>, v: <version>, row: <its summary row>}`, so the
// admin's list in its compact view (`view=summary`) never opens the items themselves. FerretDB v1
// decodes a whole item (every revision with its body) to project it: 20 items by `_id: {$in}` cost
// 40 ms at 10,000 items, 100 ms at 100,000 under load; their 20 heads cost what 20 index entries cost.
//
// A head is written after the item's versioned write — a new item's in the next batch (the request
// does not wait: without a head the item is opened), a changed item's before the request answers
// (the superseded entries are removed later, and a head still of their version would vouch for
// them: a list read right after an approval showed the item still queued) — guarded so it never
// goes back: `{_id}` and an older `u` (or the same `u` and a lower `v`: two writes in one
// millisecond), with an upsert (a later head already there makes the upsert a duplicate key, which
// is fine). No transaction, so a head may lag its item — a new item's batch not flushed yet, or the
// process died between the two writes (then, until the item is written again, a list can show its
// previous row: the one case left, noted in ADR 0004). A reader therefore trusts a head only for
// entries of exactly its write (`u` and `v` equal): an entry newer than the head (a later `u`, or
// the same `u` and a higher `v`) means the head lags, and that item is opened as before and its
// head written again; an entry older than the head is a superseded one. An item without a head (a
// database of an earlier version) is opened the same way, which fills its head: the heads fill
// themselves as lists meet items, without a pass over the collection.
import type { Logger } from "@cong/kit";
import type { AnyBulkWriteOperation, Collection } from "mongodb";
import { timeKey } from "../db/keys";
import type { PortalId } from "../portals/portal-id";
import { type ListSource, type Resolved, resolvedDoc } from "./item.list";
import { type ItemDoc, type ItemSummary, itemSummary } from "./item.types";
import { isDuplicate } from "./item-index.store";

export interface ItemHead {
  /** the item's id */
  _id: string;
  /** its portal */
  p: string;
  /** `timeKey(updatedAt)` of the version it describes (the `u` of that write's index entries) */
  u: string;
  /** that version */
  v: number;
  row: ItemSummary;
}

/** heads waiting to be written are written together, at most this long after their item */
const FLUSH_DELAY_MS = 250;
const FLUSH_BATCH = 200;

export function itemHead(doc: ItemDoc): ItemHead {
  return { _id: doc._id, p: doc.portalId, u: timeKey(doc.updatedAt), v: doc.version, row: itemSummary(doc) };
}

/**
 * Whether `a` describes a later write of the item than `b`: by the write's time, and by the version
 * for two writes in one millisecond (a head must move on to the second, and its entries are current).
 */
const newer = (a: { u: string; v: number }, b: { u: string; v: number }) =>
  a.u > b.u || (a.u === b.u && a.v > b.v);

export class ItemHeads {
  private pending = new Map<string, ItemHead>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    readonly heads: Collection<ItemHead>,
    private readonly logger: Logger,
  ) {}

  /** The item's head after a write of it (written with the next batch; the caller does not wait). */
  put(doc: ItemDoc): void {
    const head = itemHead(doc);
    const waiting = this.pending.get(head._id);
    if (waiting && !newer(head, waiting)) return;
    this.pending.set(head._id, head);
    if (this.pending.size >= FLUSH_BATCH) void this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), FLUSH_DELAY_MS);
      this.timer.unref();
    }
  }

  /** Writes the waiting heads now; resolves once every batch started before is written too. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const heads = [...this.pending.values()];
    this.pending.clear();
    const run = this.flushing.then(async () => {
      if (!heads.length) return;
      const ops: AnyBulkWriteOperation<ItemHead>[] = heads.map(({ _id, ...rest }) => ({
        // only over an older head: an earlier write, or one of the same millisecond and a lower version
        updateOne: {
          filter: { _id, $or: [{ u: { $lt: rest.u } }, { u: rest.u, v: { $lt: rest.v } }] },
          update: { $set: rest },
          upsert: true,
        },
      }));
      await this.heads.bulkWrite(ops, { ordered: false }).catch((e: unknown) => {
        const errs = (e as { writeErrors?: unknown[] }).writeErrors;
        // a duplicate key: a later head is there already
        if (Array.isArray(errs) && errs.length && errs.every(isDuplicate)) return;
        // harmless: readers open the items whose heads lag and write them again
        this.logger.warn({ err: e, heads: heads.length }, "writing item heads failed");
      });
    });
    this.flushing = run;
    return run;
  }

  /**
   * Resolves entries for the summary view: from their items' heads (one `_id: {$in}` of small
   * documents), opening with `open` only the items whose head is missing or lags an entry.
   */
  resolver(
    portalId: PortalId,
    open: (ids: string[]) => Promise<ItemDoc[]>,
  ): ListSource<ItemSummary>["resolve"] {
    return async (entries) => {
      const ids = [...new Set(entries.map((e) => e.i))];
      const out = new Map<string, Resolved<ItemSummary>>();
      if (!ids.length) return out;
      const heads = new Map(
        (await this.heads.find({ _id: { $in: ids } }).toArray()).map((h) => [h._id, h] as const),
      );
      const lagging = new Set<string>();
      for (const e of entries) {
        const h = heads.get(e.i);
        if (!h || newer(e, h)) lagging.add(e.i);
      }
      for (const [id, h] of heads) if (!lagging.has(id)) out.set(id, resolvedHead(portalId, h));
      if (lagging.size) {
        for (const doc of await open([...lagging])) {
          out.set(doc._id, resolvedDoc(portalId, doc, itemSummary(doc)));
          // written again only when it lags the item (not for an entry of a claim still under way)
          const h = heads.get(doc._id);
          if (!h || newer({ u: timeKey(doc.updatedAt), v: doc.version }, h)) this.put(doc);
        }
      }
      return out;
    };
  }
}

/** An item resolved from its head: current entries are exactly those of the head's write. */
function resolvedHead(portalId: string, h: ItemHead): Resolved<ItemSummary> {
  return {
    value: h.row,
    // an entry of that write has the item's attributes of that version (item.index.ts): the
    // query's filters were tested on it already (`entryMatches`)
    current: (e) => h.p === portalId && e.i === h._id && e.u === h.u && e.v === h.v,
    leftover: (e) => newer(h, e),
  };
}
