// Which assets live content uses, learnt from content events (R-MODERATE serving, R-RETAIN): one
// document per item in `refs` with the assets of its live revision; an asset is `live` (public,
// not deletable) while any live item OF ITS OWN PORTAL uses it. Idempotent: a revision older than
// the one stored changes nothing, and recomputing an asset's flag twice gives the same result.
//
// Portal ownership (issue 15, class 1 — R-ORG, R-MODERATE): an item of portal A that lists an
// asset of portal B must never make B's file public nor block its deletion. Content refuses such
// references when they are written; here, in depth, a reference counts only when the event's
// portalId is the asset's, others are dropped and logged at warn; an event naming an item that
// another portal's event created is ignored too. Recomputing an asset's flag also counts only refs
// of the asset's portal, so a reference stored before this check cannot count either.
import type { Logger } from "@cong/kit";
import type { Collection } from "mongodb";
import type { AssetDoc } from "../assets/asset.types";

export interface RefDoc {
  _id: string; // itemId
  portalId: string;
  revision: number;
  live: boolean;
  assetIds: string[];
  at: Date;
}

export class References {
  /** event handling runs one change at a time (the consumer runs partitions concurrently) */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly refs: Collection<RefDoc>,
    private readonly assets: Collection<AssetDoc>,
    private readonly log: Logger,
  ) {}

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => undefined);
    return run;
  }

  async init(): Promise<void> {
    await this.refs.createIndex({ assetIds: 1 }, { name: "asset" });
  }

  published(itemId: string, portalId: string, revision: number, assetIds: string[]): Promise<void> {
    return this.serial(async () => {
      const before = await this.refs.findOne({ _id: itemId });
      if (before && before.portalId !== portalId) {
        this.log.warn(
          { itemId, portalId, storedPortalId: before.portalId },
          "content event names an item of another portal: ignored",
        );
        return;
      }
      if (before && before.revision > revision) return;
      const ids = await this.ownAssets(itemId, portalId, [...new Set(assetIds)]);
      await this.refs.replaceOne(
        { _id: itemId },
        { portalId, revision, live: true, assetIds: ids, at: new Date() },
        { upsert: true },
      );
      await this.recompute([...new Set([...(before?.assetIds ?? []), ...ids])]);
    });
  }

  /** unpublished (withdrawn, gone, redirected) or archived: the item no longer shows its media */
  takenDown(itemId: string, portalId: string, revision?: number): Promise<void> {
    return this.serial(async () => {
      const before = await this.refs.findOne({ _id: itemId });
      if (!before || (revision !== undefined && before.revision > revision)) return;
      if (before.portalId !== portalId) {
        this.log.warn(
          { itemId, portalId, storedPortalId: before.portalId },
          "content event names an item of another portal: ignored",
        );
        return;
      }
      await this.refs.updateOne({ _id: itemId }, { $set: { live: false, at: new Date() } });
      await this.recompute(before.assetIds);
    });
  }

  /** the live items of the asset's own portal using it (for the 409 on delete) */
  async usedBy(asset: Pick<AssetDoc, "_id" | "portalId">): Promise<string[]> {
    const docs = await this.refs
      .find({ assetIds: asset._id, live: true, portalId: asset.portalId }, { projection: { _id: 1 } })
      .limit(50)
      .toArray();
    return docs.map((d) => d._id);
  }

  /**
   * The assets an item of `portalId` may use: those of that portal (and ids media does not know,
   * which can never be made public: recomputing checks the asset's portal). Others are logged.
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

  /** recomputes `live` / `usedBy` of assets from the refs of their own portal */
  async recompute(assetIds: string[]): Promise<void> {
    for (const id of assetIds) {
      const a = await this.assets.findOne({ _id: id }, { projection: { _id: 1, portalId: 1 } });
      if (!a) continue;
      const usedBy = await this.usedBy(a);
      await this.assets.updateOne({ _id: id }, { $set: { live: usedBy.length > 0, usedBy } });
    }
  }
}
