// The `_id` access paths the services rely on (ADR 0004), on the local MongoDB wire-protocol
// server: a versioned write `{_id, version}`, a look-up `{_id, portalId}`, `_id: {$in}`, and a
// page of a key range sorted by `_id` with a limit. Results must be MongoDB's (type bracketing,
// byte order, other conditions still applied); on our FerretDB build the explain output must show
// the filter, the sort and the limit evaluated by SQLite with an index, so that the cost of these
// queries does not grow with the collection. Against a real MongoDB (MONGO_URL) the same queries
// must use the `_id` index (IXSCAN).
import { serverEnv, uniqueName } from "@cong/testing";
import { type Collection, type Db, MongoClient, ObjectId } from "mongodb";

const env = serverEnv();

interface Doc {
  _id: string | ObjectId | number;
  portalId?: string;
  version?: number;
  n?: number;
}

describe("_id pushdown (ADR 0004)", () => {
  let client: MongoClient;
  let db: Db;
  let col: Collection<Doc>;
  let ferret = false;

  beforeAll(async () => {
    client = await MongoClient.connect(env.MONGO_URL, { serverSelectionTimeoutMS: 10_000 });
    db = client.db(uniqueName("pushdown").replaceAll("-", "_"));
    col = db.collection<Doc>("keys");
    const info = await db.admin().command({ buildInfo: 1 });
    ferret = "ferretdbVersion" in info || "ferretdb" in info;
    const docs: Doc[] = [];
    for (let i = 0; i < 300; i++)
      docs.push({ _id: `tanyen|s:draft|${String(i).padStart(4, "0")}`, portalId: "tanyen", n: i });
    for (let i = 0; i < 50; i++)
      docs.push({ _id: `stttt|s:draft|${String(i).padStart(4, "0")}`, portalId: "stttt", n: i });
    // other types and bytes around the range: must never leak into a string range
    docs.push({ _id: new ObjectId(), n: -1 }, { _id: 42, n: -2 }, { _id: "tanyen|s:draft|~", n: -3 });
    docs.push({ _id: "tanyen|s:draft|Ω", n: -4 }, { _id: "tanyen|s:draft", n: -5 });
    await col.insertMany(docs);
    await col.insertOne({ _id: "item-1", portalId: "tanyen", version: 3 });
    // our FerretDB's indexer adds the two _id indexes within a second of a table's creation
    await new Promise((r) => setTimeout(r, 2500));
  });

  afterAll(async () => {
    await db.dropDatabase();
    await client.close();
  });

  const plan = async (cursor: { explain(): Promise<Record<string, unknown>> }) => {
    const ex = await cursor.explain();
    return { ex, text: JSON.stringify(ex) };
  };

  it("pages a key range newest first, with MongoDB's results and the whole query in SQL", async () => {
    const range = { _id: { $gt: "tanyen|s:draft|", $lt: "tanyen|s:draft|~" } };
    const first = await col.find(range).sort({ _id: -1 }).limit(5).toArray();
    expect(first.map((d) => d.n)).toEqual([299, 298, 297, 296, 295]);
    const deep = await col
      .find({ _id: { $gt: "tanyen|s:draft|", $lt: "tanyen|s:draft|0010" } })
      .sort({ _id: -1 })
      .limit(3)
      .toArray();
    expect(deep.map((d) => d.n)).toEqual([9, 8, 7]);
    // inclusive bounds, ascending, and a bound beyond ASCII (UTF-8 byte order)
    const asc = await col
      .find({ _id: { $gte: "tanyen|s:draft|0298", $lte: "tanyen|s:draft|Ω" } })
      .sort({ _id: 1 })
      .toArray();
    expect(asc.map((d) => d.n)).toEqual([298, 299, -3, -4]);
    // one bound only: strings only (no ObjectId, no number), as MongoDB brackets types
    const open = await col.find({ _id: { $gt: "tanyen|s:draft|0299" } }).toArray();
    expect(open.map((d) => d.n).sort()).toEqual([-3, -4].sort());

    const { ex, text } = await plan(col.find(range).sort({ _id: -1 }).limit(5));
    if (ferret) {
      expect(ex).toMatchObject({ filterPushdown: true, sortPushdown: true, limitPushdown: true });
      expect(text).toContain("_cong_idtext");
    } else expect(text).toContain("IXSCAN");
  });

  it("answers a versioned write by its _id even with other conditions, and still checks them", async () => {
    const stale = await col.updateOne({ _id: "item-1", version: 2 }, { $set: { version: 9 } });
    expect(stale.matchedCount).toBe(0);
    const ok = await col.updateOne({ _id: "item-1", version: 3 }, { $set: { version: 4 } });
    expect(ok.modifiedCount).toBe(1);
    expect(await col.findOne({ _id: "item-1", portalId: "stttt" })).toBeNull();
    expect((await col.findOne({ _id: "item-1", portalId: "tanyen" }))?.version).toBe(4);

    const { ex, text } = await plan(col.find({ _id: "item-1", portalId: "tanyen" }));
    if (ferret) {
      expect(ex).toMatchObject({ filterPushdown: true });
      expect(text).toMatch(/USING INDEX \S+_cong_id\b/);
    } else expect(text).toMatch(/IXSCAN|IDHACK|EXPRESS/);
  });

  it("fetches a page of ids with $in, other conditions still applied", async () => {
    const ids = ["tanyen|s:draft|0001", "tanyen|s:draft|0002", "stttt|s:draft|0001", "missing"];
    const docs = await col.find({ _id: { $in: ids }, portalId: "tanyen" }).toArray();
    expect(docs.map((d) => d._id).sort()).toEqual(["tanyen|s:draft|0001", "tanyen|s:draft|0002"]);
    const { ex } = await plan(
      col
        .find({ _id: { $in: ids } })
        .sort({ _id: 1 })
        .limit(2),
    );
    if (ferret) expect(ex).toMatchObject({ filterPushdown: true, sortPushdown: true, limitPushdown: true });
    expect(
      (
        await col
          .find({ _id: { $in: ids } })
          .sort({ _id: 1 })
          .limit(2)
          .toArray()
      ).map((d) => d._id),
    ).toEqual(["stttt|s:draft|0001", "tanyen|s:draft|0001"]);
  });

  it("keeps the limit in Go when other conditions could drop rows", async () => {
    const range = { _id: { $gt: "tanyen|s:draft|", $lt: "tanyen|s:draft|~" }, n: { $lt: 3 } };
    const docs = await col.find(range).sort({ _id: -1 }).limit(2).toArray();
    expect(docs.map((d) => d.n)).toEqual([2, 1]);
    const { ex } = await plan(col.find(range).sort({ _id: -1 }).limit(2));
    if (ferret) expect(ex).toMatchObject({ filterPushdown: true, limitPushdown: false });
  });
});
