// The `_id` access paths the services rely on (ADR 0004), on the local MongoDB wire-protocol
// server: a versioned write `{_id, version}`, a look-up `{_id, portalId}`, `_id: {$in}`, and a
// page of a key range sorted by `_id` with a limit. Results must be MongoDB's (type bracketing,
// byte order, other conditions still applied); on our FerretDB build the explain output must show
// the filter, the sort and the limit evaluated by SQLite with an index, so that the cost of these
// queries does not grow with the collection. Against a real MongoDB (MONGO_URL) the same queries
// must use the `_id` index (IXSCAN). Numeric `_id`s (archive's manifest) are looked up by value
// across int32, int64 and double, never matching a string, a date or a boolean; values the index
// cannot answer exactly (beyond ±2^53, -0) are left to FerretDB's scan, with the same results.
import { serverEnv, uniqueName } from "@cong/testing";
import {
  type Collection,
  type Db,
  type Document,
  Double,
  type Filter,
  Int32,
  Long,
  MongoClient,
  ObjectId,
} from "mongodb";

const env = serverEnv();

interface Doc {
  _id: string | ObjectId | number;
  portalId?: string;
  version?: number;
  n?: number;
}

const OID = new ObjectId("000000000000000000000001");
/** `_id`s of every type sjson writes as a bare number or a JSON string; `t` names each */
interface Mixed {
  _id: unknown;
  t: string;
}

describe("_id pushdown (ADR 0004)", () => {
  let client: MongoClient;
  let db: Db;
  let col: Collection<Doc>;
  let mixed: Collection<Mixed>;
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
    mixed = db.collection<Mixed>("mixed");
    await mixed.insertMany([
      { _id: new Int32(1), t: "int 1" },
      { _id: Long.fromNumber(2), t: "long 2" },
      { _id: new Double(3), t: "double 3" },
      { _id: new Double(1.5), t: "double 1.5" },
      { _id: new Int32(-7), t: "int -7" },
      { _id: new Int32(5), t: "int 5" },
      { _id: new Double(-0), t: "double -0" },
      { _id: Long.fromString("9007199254740993"), t: "long 2^53+1" },
      { _id: new Double(2 ** 60), t: "double 2^60" },
      { _id: new Double(0.1 + 0.2), t: "double 0.30000000000000004" },
      { _id: "1", t: "string 1" },
      { _id: "2", t: "string 2" },
      // (FerretDB's unique index is on the JSON text: an ObjectId and a string of its hex digits
      // cannot both be stored; a number and a date of as many milliseconds neither)
      { _id: OID, t: "oid" },
      { _id: new Date(4), t: "date 4" },
      { _id: true, t: "true" },
    ]);
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

  describe("numeric _id (archive's manifest)", () => {
    const find = (f: Document) => mixed.find(f as Filter<Mixed>);
    const ids = async (f: Document, sort?: Record<string, 1 | -1>, limit?: number) => {
      let c = find(f);
      if (sort) c = c.sort(sort);
      if (limit) c = c.limit(limit);
      return (await c.toArray()).map((d) => d.t);
    };
    /** the result, checked against the same filter inside `$and` (never pushed down: a scan) */
    const same = async (f: Document, sort?: Record<string, 1 | -1>, limit?: number) => {
      const pushed = await ids(f, sort, limit);
      const scanned = await ids({ $and: [f] }, sort, limit);
      expect(sort ? pushed : [...pushed].sort()).toEqual(sort ? scanned : [...scanned].sort());
      return sort ? pushed : pushed.sort();
    };

    it("finds 1, NumberLong(1) and 1.0 alike, and never a string, a date or a boolean", async () => {
      for (const one of [new Int32(1), Long.fromNumber(1), new Double(1), 1])
        expect(await same({ _id: one })).toEqual(["int 1"]);
      for (const three of [new Int32(3), Long.fromNumber(3), new Double(3)])
        expect(await same({ _id: { $eq: three } })).toEqual(["double 3"]);
      expect(await same({ _id: 1.5 })).toEqual(["double 1.5"]);
      expect(await same({ _id: 0.1 + 0.2 })).toEqual(["double 0.30000000000000004"]);
      expect(await same({ _id: 0 })).toEqual(["double -0"]);
      expect(await same({ _id: "1" })).toEqual(["string 1"]);
      expect(await same({ _id: 4 })).toEqual([]);
      expect(await same({ _id: new Date(4) })).toEqual(["date 4"]);
      expect(await same({ _id: OID })).toEqual(["oid"]);
      expect(await same({ _id: OID.toHexString() })).toEqual([]);
      expect(await same({ _id: { $in: [1, "2", Long.fromNumber(2), OID, 4, new Double(9)] } })).toEqual(
        ["int 1", "long 2", "oid", "string 2"].sort(),
      );
      // other conditions still apply
      expect(await same({ _id: 1, t: "int 1" })).toEqual(["int 1"]);
      expect(await same({ _id: 1, t: "string 1" })).toEqual([]);

      for (const f of [{ _id: 1 }, { _id: Long.fromNumber(2) }, { _id: 1.5 }, { _id: { $in: [1, 2, 3] } }]) {
        const { ex, text } = await plan(find(f));
        if (ferret) {
          expect(ex).toMatchObject({ filterPushdown: true });
          expect(text).toMatch(/SEARCH \S+ USING INDEX \S+_cong_id\b/);
          expect(text).not.toMatch(/detail=SCAN /);
        } else expect(text).toMatch(/IXSCAN|IDHACK|EXPRESS/);
      }
      // strings, ObjectIds and numbers at once: one index look-up per class
      const { ex, text } = await plan(find({ _id: { $in: [1, "1", OID] } }));
      if (ferret) {
        expect(ex).toMatchObject({ filterPushdown: true });
        expect(text).toContain("MULTI-INDEX OR");
        expect(text).not.toMatch(/detail=SCAN /);
      }
    });

    it("leaves what the index cannot answer exactly to the scan, with MongoDB's results", async () => {
      expect(await same({ _id: -0 })).toEqual(["double -0"]);
      expect(await same({ _id: Long.fromString("9007199254740993") })).toEqual(["long 2^53+1"]);
      expect(await same({ _id: new Double(2 ** 53 + 2) })).toEqual([]);
      expect(await same({ _id: Long.fromString("1152921504606846976") })).toEqual(["double 2^60"]);
      // (NaN: FerretDB v1 refuses any message holding one and closes the connection)
      expect(await same({ _id: Number.POSITIVE_INFINITY })).toEqual([]);
      expect(await same({ _id: { $in: [1, Number.NEGATIVE_INFINITY] } })).toEqual(["int 1"]);
      if (ferret)
        for (const f of [
          { _id: -0 },
          { _id: Long.fromString("9007199254740993") },
          { _id: { $in: [1, Number.NEGATIVE_INFINITY] } },
        ])
          expect((await find(f).explain()).filterPushdown).toBe(false);
    });

    it("sorts and limits numbers in SQL, and mixed classes in MongoDB's order (numbers, strings, ObjectIds)", async () => {
      const nums = { _id: { $in: [3, 1, 2, 1.5, -7, 0.1 + 0.2] } };
      expect(await same(nums, { _id: 1 }, 3)).toEqual(["int -7", "double 0.30000000000000004", "int 1"]);
      expect(await same(nums, { _id: -1 }, 2)).toEqual(["double 3", "long 2"]);
      // a date with the text of a number never takes a number's place in a limited page
      expect(await same({ _id: { $in: [4, 5] } }, { _id: 1 }, 1)).toEqual(["int 5"]);
      const { ex } = await plan(find(nums).sort({ _id: 1 }).limit(3));
      if (ferret) expect(ex).toMatchObject({ filterPushdown: true, sortPushdown: true, limitPushdown: true });

      const mix = { _id: { $in: [OID, "2", "1", 1] } };
      expect(await same(mix, { _id: 1 })).toEqual(["int 1", "string 1", "string 2", "oid"]);
      expect(await same(mix, { _id: -1 }, 1)).toEqual(["oid"]);
      const { ex: mixPlan } = await plan(find(mix).sort({ _id: -1 }).limit(1));
      if (ferret) expect(mixPlan).toMatchObject({ filterPushdown: true, limitPushdown: false });
    });

    it("keeps ObjectIds (their hex digits are JSON strings too) out of a limited string range", async () => {
      // "000…1" is OID's hex: as text it sorts first, before "1"; an ObjectId is not a string
      expect(await same({ _id: { $gte: "0", $lt: "9" } }, { _id: 1 }, 2)).toEqual(["string 1", "string 2"]);
      const { ex } = await plan(
        find({ _id: { $gte: "0", $lt: "9" } })
          .sort({ _id: 1 })
          .limit(2),
      );
      if (ferret) expect(ex).toMatchObject({ filterPushdown: true, sortPushdown: true, limitPushdown: true });
    });
  });
});
