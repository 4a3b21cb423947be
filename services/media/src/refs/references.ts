// Which assets live content uses, learnt from content events (R-MODERATE serving, R-RETAIN): one
// document per item in `refs` with the assets of its live revision, and one keyed document per
// live use in `uses` (`_id` = `<assetId>|<itemId>`, so "the items using an asset" is an `_id`
// range, issue 21). An asset is `live` (public, not deletable) while any live item OF ITS OWN
// PORTAL uses it. Idempotent: a revision older than the one stored changes nothing, and
// recomputing an asset's flag twice gives the same result.
//
// Portal ownership (issue 15, class 1 — R-ORG, R-MODERATE): an item of portal A that lists an
// asset of portal B must never make B's file public nor block its deletion. Content refuses such
// references when they are written; here, in depth, a reference counts only when the event's
// portalId is the asset's, others are dropped and logged at warn; an event naming an item that
// another portal's event created is ignored too. Reading the uses of an asset also counts only
// refs of the asset's portal, so a reference stored before this check cannot count either.
//
// No transactions: a change first adds the uses of the new state, then writes the item's refs
// document with the assets whose flags it may change (`dirty`), then removes the uses of the old
// state, recomputes those flags and clears `dirty`. A crash in between leaves the event
// unacknowledged: redelivered, it finds `dirty` and finishes. Until then a stale use is skipped
// by readers, which check every use against its item's refs document.
import type { Logger } from "@cong/kit";
import type { Collection } from "mongodb";
import type { AssetDoc } from "../assets/asset.types";

export interface RefDoc {
  _id: string; // itemId
  portalId: string;
  revision: number;
  live: boolean;
  assetIds: string[];
  /** Vietnamese title and address of the live revision ("where is it used") */
  title?: string;
  slug?: string;
  publishedAt?: string;
  /** assets whose flags a change in progress may change (cleared when done) */
  dirty?: string[];
  at: Date;
}

export interface UseDoc {
  _id: string; // `<assetId>|<itemId>`
  assetId: string;
  itemId: string;
  portalId: string;
  revision: number;
  title?: string;
  slug?: string;
  publishedAt?: string;
}

/** A live item using an asset, as the API shows it. */
export interface Use {
  itemId: string;
  portalId: string;
  revision: number;
  title?: string;
  slug?: string;
  publishedAt?: string;
}

export interface ItemInfo {
  title?: string;
  slug?: string;
  publishedAt?: string;
}

/**
 * The refs document of a portal's emblem (portal.updated, issue 17): kept like an item's, under an
 * id no item can have (item ids have no `:`), so the emblem's asset is public while it is set.
 */
export const emblemRef = (portalId: string) => `emblem:${portalId}`;

const useKey = (assetId: string, itemId: string) => `${assetId}|${itemId}`;
/** uses read to decide an asset's flag (and listed in the 409 of a delete) */
export const USED_BY_MAX = 50;
/** uses examined at most per read (stale ones are skipped) */
const SCAN_BUDGET = 1000;

export class References {
  /** event handling runs one change at a time (the consumer runs partitions concurrently) */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly refs: Collection<RefDoc>,
    private readonly uses: Collection<UseDoc>,
    private readonly assets: Collection<AssetDoc>,
    private readonly log: Logger,
  ) {}

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => undefined);
    return run;
  }

  published(
    itemId: string,
    portalId: string,
    revision: number,
    assetIds: string[],
    info: ItemInfo = {},
  ): Promise<void> {
    return this.serial(async () => {
      const before = await this.refs.findOne({ _id: itemId });
      if (before && before.portalId !== portalId) return this.foreignItem(itemId, portalId, before);
      if (before && before.revision > revision) return;
      const ids = await this.ownAssets(itemId, portalId, [...new Set(assetIds)]);
      const dirty = [...new Set([...(before?.dirty ?? []), ...(before?.assetIds ?? []), ...ids])];
      const use = (assetId: string): UseDoc => ({
        _id: useKey(assetId, itemId),
        assetId,
        itemId,
        portalId,
        revision,
        ...info,
      });
      if (ids.length)
        await this.uses.bulkWrite(
          ids.map((a) => ({
            replaceOne: { filter: { _id: useKey(a, itemId) }, replacement: use(a), upsert: true },
          })),
          { ordered: false },
        );
      await this.refs.replaceOne(
        { _id: itemId },
        { portalId, revision, live: true, assetIds: ids, ...info, dirty, at: new Date() },
        { upsert: true },
      );
      await this.finish(
        itemId,
        dirty,
        dirty.filter((a) => !ids.includes(a)),
      );
    });
  }

  /** unpublished (withdrawn, gone, redirected) or archived: the item no longer shows its media */
  takenDown(itemId: string, portalId: string, revision?: number): Promise<void> {
    return this.serial(async () => {
      const before = await this.refs.findOne({ _id: itemId });
      if (!before || (revision !== undefined && before.revision > revision)) return;
      if (before.portalId !== portalId) return this.foreignItem(itemId, portalId, before);
      const dirty = [...new Set([...(before.dirty ?? []), ...before.assetIds])];
      await this.refs.updateOne({ _id: itemId }, { $set: { live: false, dirty, at: new Date() } });
      await this.finish(itemId, dirty, dirty);
    });
  }

  /** the end of a change: uses of the old state removed, flags recomputed, `dirty` cleared */
  private async finish(itemId: string, dirty: string[], gone: string[]): Promise<void> {
    if (gone.length) await this.uses.deleteMany({ _id: { $in: gone.map((a) => useKey(a, itemId)) } });
    await this.recompute(dirty);
    await this.refs.updateOne({ _id: itemId }, { $unset: { dirty: "" } });
  }

  private foreignItem(itemId: string, portalId: string, before: RefDoc): void {
    this.log.warn(
      { itemId, portalId, storedPortalId: before.portalId },
      "content event names an item of another portal: ignored (issue 15.1)",
    );
  }

  /**
   * The live items of the asset's own portal using it, newest item first (`after`: the item id a
   * previous page ended with). Each use is checked against its item's refs document.
   */
  async liveUses(
    asset: Pick<AssetDoc, "_id" | "portalId">,
    limit: number,
    after?: string,
  ): Promise<{ items: Use[]; next?: string }> {
    const lower = `${asset._id}|`;
    let upper = after ? useKey(asset._id, after) : `${asset._id}|~`;
    const items: Use[] = [];
    let examined = 0;
    for (;;) {
      const n = Math.min(limit + 1 - items.length, SCAN_BUDGET - examined);
      const page = await this.uses
        .find({ _id: { $gt: lower, $lt: upper } })
        .sort({ _id: -1 })
        .limit(n)
        .toArray();
      const refs = page.length
        ? await this.refs
            .find(
              { _id: { $in: page.map((u) => u.itemId) } },
              { projection: { portalId: 1, live: 1, assetIds: 1 } },
            )
            .toArray()
        : [];
      const byId = new Map(refs.map((r) => [r._id, r]));
      for (const u of page) {
        examined++;
        const ref = byId.get(u.itemId);
        const counts =
          ref?.live === true &&
          ref.portalId === asset.portalId &&
          u.portalId === asset.portalId &&
          ref.assetIds.includes(asset._id);
        if (!counts) continue;
        items.push({
          itemId: u.itemId,
          portalId: u.portalId,
          revision: u.revision,
          ...(u.title ? { title: u.title } : {}),
          ...(u.slug ? { slug: u.slug } : {}),
          ...(u.publishedAt ? { publishedAt: u.publishedAt } : {}),
        });
        if (items.length > limit) {
          const shown = items.slice(0, limit);
          return { items: shown, next: (shown[shown.length - 1] as Use).itemId };
        }
      }
      const last = page[page.length - 1];
      if (page.length < n || !last) return { items };
      if (examined >= SCAN_BUDGET) return { items, next: last.itemId };
      upper = last._id;
    }
  }

  /** the live items of the asset's own portal using it (the 409 of a delete), at most USED_BY_MAX */
  async usedBy(asset: Pick<AssetDoc, "_id" | "portalId">): Promise<Use[]> {
    return (await this.liveUses(asset, USED_BY_MAX)).items;
  }

  /**
   * The assets an item of `portalId` may use: those of that portal (and ids media does not know,
   * which can never be made public: reading uses checks the asset's portal). Others are logged.
   */
  private async ownAssets(itemId: string, portalId: string, ids: string[]): Promise<string[]> {
    if (!ids.length) return ids;
    const found = await this.assets
      .find({ _id: { $in: ids } }, { projection: { _id: 1, portalId: 1 } })
      .toArray();
    const portalOf = new Map(found.map((a) => [a._id, a.portalId]));
    const foreign = ids.filter((id) => portalOf.has(id) && portalOf.get(id) !== portalId);
    if (foreign.length)
      this.log.warn(
        {
          itemId,
          portalId,
          foreign: foreign.map((id) => ({ assetId: id, assetPortalId: portalOf.get(id) })),
        },
        "content item lists assets of another portal: references ignored (issue 15.1)",
      );
    return ids.filter((id) => !foreign.includes(id));
  }

  /** recomputes `live` / `usedBy` of assets from the live uses of their own portal */
  async recompute(assetIds: string[]): Promise<void> {
    for (const id of assetIds) {
      const a = await this.assets.findOne(
        { _id: id },
        { projection: { _id: 1, portalId: 1, live: 1, usedBy: 1 } },
      );
      if (!a) continue;
      const usedBy = (await this.usedBy(a)).map((u) => u.itemId);
      const live = usedBy.length > 0;
      if (a.live === live && JSON.stringify(a.usedBy ?? []) === JSON.stringify(usedBy)) continue;
      await this.assets.updateOne({ _id: id }, { $set: { live, usedBy } });
    }
  }

  /**
   * Backfill (first start of this version): a use for every asset of every live item, from the
   * refs documents stored before `uses` existed. Safe to run again.
   */
  async backfill(): Promise<number> {
    let n = 0;
    for await (const r of this.refs.find({ live: true })) {
      if (!r.assetIds.length) continue;
      await this.uses.bulkWrite(
        r.assetIds.map((a) => ({
          replaceOne: {
            filter: { _id: useKey(a, r._id) },
            replacement: {
              _id: useKey(a, r._id),
              assetId: a,
              itemId: r._id,
              portalId: r.portalId,
              revision: r.revision,
              ...(r.title ? { title: r.title } : {}),
              ...(r.slug ? { slug: r.slug } : {}),
              ...(r.publishedAt ? { publishedAt: r.publishedAt } : {}),
            },
            upsert: true,
          },
        })),
        { ordered: false },
      );
      n++;
    }
    return n;
  }
}
