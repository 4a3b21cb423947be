// The only code that touches the read-model collections: `_id`-keyed documents, written one at a
// time (FerretDB v1 stalls on large bulk updates) and read back with one scan each at start.
import type { Db } from "mongodb";
import type { AssetRecord, ItemRecord, PortalRecord, ReadModelRepository } from "./readmodel";

export const COLLECTIONS = {
  portals: "pub_portals",
  items: "pub_items",
  assets: "pub_assets",
  tombstones: "pub_tombstones",
} as const;

export function mongoReadModelRepository(db: Db): ReadModelRepository {
  const portals = db.collection<PortalRecord>(COLLECTIONS.portals);
  const items = db.collection<ItemRecord>(COLLECTIONS.items);
  const assets = db.collection<AssetRecord>(COLLECTIONS.assets);
  const tombstones = db.collection<{ _id: string; at: string }>(COLLECTIONS.tombstones);
  return {
    async savePortal(p) {
      await portals.replaceOne({ _id: p._id }, p, { upsert: true });
    },
    async saveItem(i) {
      await items.replaceOne({ _id: i._id }, i, { upsert: true });
    },
    async saveAsset(a) {
      await assets.replaceOne({ _id: a._id }, a, { upsert: true });
    },
    async saveTombstone(t) {
      await tombstones.replaceOne({ _id: t._id }, t, { upsert: true });
    },
    async loadAll() {
      const [p, i, a, t] = await Promise.all([
        portals.find({}).toArray(),
        items.find({}).toArray(),
        assets.find({}).toArray(),
        tombstones.find({}).toArray(),
      ]);
      return { portals: p, items: i, assets: a, tombstones: t };
    },
  };
}

/** Empties the read model (the rebuild command replays into a fresh one). */
export async function dropReadModel(db: Db): Promise<void> {
  for (const name of Object.values(COLLECTIONS)) {
    await db
      .collection(name)
      .drop()
      .catch(() => undefined);
  }
}
