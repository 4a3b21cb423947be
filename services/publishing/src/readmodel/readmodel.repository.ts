// The only code that touches the read-model collections: `_id`-keyed documents, changed one at a
// time (FerretDB v1 stalls on large bulk updates: never a bulk write of existing documents) and
// read back with one scan each at start. Only items not stored yet go in bulk, as plain inserts
// (`insertItems`, a Kafka backlog's first publications).
import type { Db, MongoBulkWriteError } from "mongodb";
import type { AssetRecord, ItemRecord, PortalRecord, ReadModelRepository } from "./readmodel";

/** items per insertMany: one command stays small whatever the backlog */
const INSERT_CHUNK = 200;

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
    async insertItems(list) {
      const written = new Set<string>();
      for (let i = 0; i < list.length; i += INSERT_CHUNK) {
        const chunk = list.slice(i, i + INSERT_CHUNK);
        const failed = new Set<number>();
        try {
          await items.insertMany(chunk, { ordered: false });
        } catch (e) {
          // ids already stored come back as duplicate keys; anything else fails the whole call
          const errs = [(e as Partial<MongoBulkWriteError>).writeErrors ?? []].flat();
          if (!errs.length || errs.some((w) => w.code !== 11000)) throw e;
          for (const w of errs) failed.add(w.index);
        }
        chunk.forEach((rec, n) => {
          if (!failed.has(n)) written.add(rec._id);
        });
      }
      return written;
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
