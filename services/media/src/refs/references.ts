// Which assets live content uses, learnt from content events (R-FMT serving, R-RETAIN): one
// document per item in `refs` with the assets of its live revision; an asset is `live` (public,
// not deletable) while any live item uses it. Idempotent: a revision older than the one stored
// changes nothing, and recomputing an asset's flag twice gives the same result.
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
  constructor(
    private readonly refs: Collection<RefDoc>,
    private readonly assets: Collection<AssetDoc>,
  ) {}

  async init(): Promise<void> {
    await this.refs.createIndex({ assetIds: 1 }, { name: "asset" });
  }

  async published(itemId: string, portalId: string, revision: number, assetIds: string[]): Promise<void> {
    const before = await this.refs.findOne({ _id: itemId });
    if (before && before.revision > revision) return;
    const ids = [...new Set(assetIds)];
    await this.refs.replaceOne(
      { _id: itemId },
      { portalId, revision, live: true, assetIds: ids, at: new Date() },
      { upsert: true },
    );
    await this.recompute([...new Set([...(before?.assetIds ?? []), ...ids])]);
  }

  /** unpublished (withdrawn, gone, redirected) or archived: the item no longer shows its media */
  async takenDown(itemId: string, revision?: number): Promise<void> {
    const before = await this.refs.findOne({ _id: itemId });
    if (!before || (revision !== undefined && before.revision > revision)) return;
    await this.refs.updateOne({ _id: itemId }, { $set: { live: false, at: new Date() } });
    await this.recompute(before.assetIds);
  }

  /** the live items using an asset (for the 409 on delete) */
  async usedBy(assetId: string): Promise<string[]> {
    const docs = await this.refs
      .find({ assetIds: assetId, live: true }, { projection: { _id: 1 } })
      .limit(50)
      .toArray();
    return docs.map((d) => d._id);
  }

  private async recompute(assetIds: string[]): Promise<void> {
    for (const id of assetIds) {
      const usedBy = await this.usedBy(id);
      await this.assets.updateOne({ _id: id }, { $set: { live: usedBy.length > 0, usedBy } });
    }
  }
}
