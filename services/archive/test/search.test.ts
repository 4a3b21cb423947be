// The staff archive search and the retention lists on the REAL servers (issue 21): what the items
// say is what is found (every word, diacritics-insensitive, with category and dates), newest first
// publication first, page by page without a gap or a repeat, never another portal's item unless
// staff search every portal; a new revision's words replace the old ones; a request does bounded
// work; leftovers of interrupted writes are skipped; records of earlier versions are backfilled;
// and every query the search and the lists send is pushed down to the `_id` index (explain()).
import type { KeyEntry } from "@cong/kit";
import { indexesSettled, unflat, watchQueries } from "@cong/testing";
import type { RetentionRecord } from "../src/retention/records";
import { body as json, published, type RunningArchive, startArchive, token, waitFor } from "./fixtures";

let a: RunningArchive;
let queries: ReturnType<typeof watchQueries>;
const tk: Record<string, string> = {};

interface Seed {
  itemId: string;
  portalId: string;
  title: string;
  categoryId: string;
  firstPublishedAt: string;
  retentionClass: "limited-5y" | "permanent";
  body: string;
}
const seeds: Seed[] = [];
/** the summary every seeded item has (fixtures.ts) */
const SUMMARY = "Sở Thông tin và Truyền thông tổ chức hội nghị tổng kết.";

beforeAll(async () => {
  a = await startArchive("archive-search", "2026-12-01T00:00:00Z", {}, { monitorCommands: true });
  const client = a.archive.svc.mongo?.getClient();
  if (!client) throw new Error("no mongo client");
  queries = watchQueries(client);
  for (const u of [
    "auditor",
    "platform.admin",
    "stttt.board-member",
    "tanyen.board-member",
    "stttt.focal-officer",
  ])
    tk[u] = await token(u);
  const portals = ["stttt", "tanyen", "lucngan"];
  const base = Date.parse("2026-01-01T00:00:00Z");
  for (let n = 0; n < 90; n++) {
    const portalId = portals[n < 50 ? 0 : n < 80 ? 1 : 2] as string;
    const words = [
      "Thông báo",
      n % 3 === 0 ? "Quy hoạch sử dụng đất" : "Hội nghị",
      n % 7 === 0 ? "Đê điều" : "",
    ];
    const seed: Seed = {
      itemId: `${(0xabc000 + n).toString(16)}${String(n).padStart(18, "0")}`,
      portalId,
      title: `${words.join(" ")} số ${n}`.trim(),
      categoryId: n % 2 ? "cat-thong-bao" : "cat-tin-tuc-su-kien",
      // every ninth item shares its hour with the one before (ties are ordered by id)
      firstPublishedAt: new Date(base + (n - (n % 9 === 8 ? 1 : 0)) * 3_600_000).toISOString(),
      retentionClass: n % 4 === 0 ? "permanent" : "limited-5y",
      body: n % 10 === 0 ? "<p>Dự toán ngân sách năm 2027 &amp; kế hoạch</p>" : "<p>Nội dung chi tiết.</p>",
    };
    seeds.push(seed);
    const ev = published(portalId, {
      itemId: seed.itemId,
      title: seed.title,
      categoryIds: [seed.categoryId],
      retentionClass: seed.retentionClass,
      at: seed.firstPublishedAt,
      bodyHtml: seed.body,
    });
    await a.archive.deps.records.onPublished(ev.data);
  }
  const db = a.archive.svc.db;
  if (!db) throw new Error("no db");
  await indexesSettled(db, ["items", "item_keys"]);
});
afterAll(async () => {
  await a?.close();
});

const db = () => {
  const d = a.archive.svc.db;
  if (!d) throw new Error("no db");
  return d;
};
const call = async (path: string, user: string) =>
  fetch(`${a.base}${path}`, { headers: { authorization: `Bearer ${tk[user]}` } });

/** Every item of a list, page by page (each page ≤ limit). */
async function all(
  path: string,
  user: string,
  limit: number,
): Promise<{ itemId: string; portalId: string }[]> {
  const out: { itemId: string; portalId: string }[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 300; i++) {
    const sep = path.includes("?") ? "&" : "?";
    const res = await call(`${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`, user);
    expect(res.status).toBe(200);
    const b = await json(res);
    expect(b.items.length).toBeLessThanOrEqual(limit);
    out.push(...b.items);
    cursor = b.nextCursor;
    if (!cursor) return out;
  }
  throw new Error("too many pages");
}

const newestFirst = (xs: Seed[]) =>
  [...xs]
    .sort((x, y) =>
      x.firstPublishedAt === y.firstPublishedAt
        ? x.itemId < y.itemId
          ? 1
          : -1
        : x.firstPublishedAt < y.firstPublishedAt
          ? 1
          : -1,
    )
    .map((s) => s.itemId);
const has = (s: Seed, ...words: string[]) => {
  const text = `${s.title} ${SUMMARY} ${s.body}`
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/gi, "d")
    .toLowerCase();
  return words.every((w) => new RegExp(`(^|[^a-z0-9])${w}([^a-z0-9]|$)`).test(text));
};

describe("archive search", () => {
  it("finds every word, diacritics-insensitive, newest first, page by page, only the portal's items", async () => {
    queries.start();
    const stttt = seeds.filter((s) => s.portalId === "stttt");
    const got = await all("/archive/search?portalId=stttt&q=QUY%20hoach", "stttt.board-member", 4);
    expect(got.map((x) => x.itemId)).toEqual(newestFirst(stttt.filter((s) => has(s, "quy", "hoach"))));
    expect(got.every((x) => x.portalId === "stttt")).toBe(true);
    // words in any order, one of them only in the body
    const budget = await all(
      "/archive/search?portalId=stttt&q=s%C3%A1ch%20ng%C3%A2n%20th%C3%B4ng",
      "auditor",
      2,
    );
    expect(budget.map((x) => x.itemId)).toEqual(
      newestFirst(stttt.filter((s) => has(s, "ngan", "sach", "thong"))),
    );
    expect(budget.length).toBeGreaterThan(1);
    // with a category and dates
    const from = "2026-01-01T10:00:00Z";
    const to = "2026-01-02T12:00:00Z";
    const narrowed = await all(
      `/archive/search?portalId=stttt&q=thong%20bao&categoryId=cat-thong-bao&from=${from}&to=${to}`,
      "auditor",
      3,
    );
    expect(narrowed.map((x) => x.itemId)).toEqual(
      newestFirst(
        stttt.filter(
          (s) =>
            s.categoryId === "cat-thong-bao" &&
            s.firstPublishedAt >= new Date(from).toISOString() &&
            s.firstPublishedAt <= new Date(to).toISOString(),
        ),
      ),
    );
    expect(narrowed.length).toBeGreaterThan(3);
    // no words: by category, and everything
    const cat = await all(
      "/archive/search?portalId=tanyen&categoryId=cat-tin-tuc-su-kien",
      "tanyen.board-member",
      5,
    );
    expect(cat.map((x) => x.itemId)).toEqual(
      newestFirst(seeds.filter((s) => s.portalId === "tanyen" && s.categoryId === "cat-tin-tuc-su-kien")),
    );
    const everything = await all("/archive/search?portalId=lucngan", "auditor", 3);
    expect(everything.map((x) => x.itemId)).toEqual(
      newestFirst(seeds.filter((s) => s.portalId === "lucngan")),
    );
    expect(await unflat(db(), queries.stop())).toEqual([]);
  });

  it("lets staff search every portal at once, and nobody else", async () => {
    queries.start();
    const got = await all("/archive/search?q=%C4%91%C3%AA%20%C4%91i%E1%BB%81u", "auditor", 5);
    expect(got.map((x) => x.itemId)).toEqual(newestFirst(seeds.filter((s) => has(s, "de", "dieu"))));
    expect(new Set(got.map((x) => x.portalId)).size).toBe(3);
    expect(await unflat(db(), queries.stop())).toEqual([]);
    expect((await call("/archive/search?q=de", "stttt.board-member")).status).toBe(403);
    expect((await call("/archive/search?portalId=tanyen&q=de", "stttt.board-member")).status).toBe(403);
    expect((await call("/archive/search?portalId=stttt&q=de", "stttt.focal-officer")).status).toBe(403);
  });

  it("finds nothing for a query without a word, and refuses a cursor of another search", async () => {
    const none = await json(await call("/archive/search?portalId=stttt&q=%21%21%21", "auditor"));
    expect(none).toEqual({ items: [], nextCursor: null });
    const first = await json(await call("/archive/search?portalId=stttt&q=thong&limit=2", "auditor"));
    const other = await call(`/archive/search?portalId=tanyen&q=thong&cursor=${first.nextCursor}`, "auditor");
    expect(other.status).toBe(422);
    expect((await json(other)).reason).toBe("invalid_cursor");
    const changed = await call(
      `/archive/search?portalId=stttt&q=thong%20bao&cursor=${first.nextCursor}`,
      "auditor",
    );
    expect(changed.status).toBe(422);
  });

  it("does bounded work: a rare second word gives short pages with a cursor, and the whole answer", async () => {
    const records = a.archive.deps.records;
    // "thong" (the longest word) is in every item; "7" in few of them
    const want = newestFirst(seeds.filter((s) => s.portalId === "stttt" && has(s, "thong", "7")));
    const got: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await records.search("stttt", { q: "thông 7" }, { limit: 10, cursor, scanLimit: 8 });
      expect(page.scanned).toBeLessThanOrEqual(8);
      got.push(...page.docs.map((d) => d._id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(got).toEqual(want);
    expect(pages).toBeGreaterThanOrEqual(Math.ceil(50 / 8));
  });

  it("searches the latest revision: a word it dropped no longer finds the item, a new one does", async () => {
    const s = seeds.find((x) => x.portalId === "tanyen" && has(x, "quy")) as Seed;
    const rev2 = published("tanyen", {
      itemId: s.itemId,
      revision: 2,
      title: "Kế hoạch chuyển đổi số",
      categoryIds: [s.categoryId],
      retentionClass: s.retentionClass,
      at: "2026-11-30T00:00:00.000Z",
      firstPublishedAt: s.firstPublishedAt,
    });
    queries.start();
    await a.archive.deps.records.onPublished(rev2.data);
    // the write of a revision: a get, the record's write, its keys added and removed by `_id`
    expect(await unflat(db(), queries.stop())).toEqual([]);
    const ids = async (q: string) =>
      (await all(`/archive/search?portalId=tanyen&q=${encodeURIComponent(q)}`, "auditor", 50)).map(
        (x) => x.itemId,
      );
    expect(await ids("quy hoạch")).not.toContain(s.itemId);
    expect(await ids("chuyển đổi")).toEqual([s.itemId]);
    // its place in the lists stays its first publication
    expect((await a.archive.deps.records.get(s.itemId))?.firstPublishedAt.toISOString()).toBe(
      s.firstPublishedAt,
    );
    const keys = await db()
      .collection<KeyEntry>("item_keys")
      .find({ _id: { $gt: "tanyen|w:quy|", $lt: "tanyen|w:quy|~" } })
      .toArray();
    expect(keys.map((k) => k.i)).not.toContain(s.itemId);
  });

  it("skips a key its record does not have, and clears it once it is old", async () => {
    const index = db().collection<KeyEntry>("item_keys");
    const s = seeds.find((x) => x.portalId === "stttt" && !has(x, "hoach")) as Seed;
    const ghost = `stttt|w:hoach|${s.firstPublishedAt}|${s.itemId}`;
    await index.insertOne({ _id: ghost, i: s.itemId, t: new Date(Date.now() - 3_600_000) });
    const got = await all("/archive/search?portalId=stttt&q=hoach", "auditor", 50);
    expect(got.map((x) => x.itemId)).not.toContain(s.itemId);
    await waitFor(async () => (await index.findOne({ _id: ghost })) === null, {
      timeoutMs: 10_000,
      what: "the leftover key cleared",
    });
  });

  it("backfills records of earlier versions (folded text, no keys) and drops their text", async () => {
    const legacy = {
      _id: "legacy000000000000000001",
      portalId: "lucngan",
      revision: 1,
      kind: "article",
      categoryIds: ["cat-thong-bao"],
      agency: null,
      title: "Bản cũ",
      text: "ban cu ve phong chong thien tai",
      retentionClass: "limited-5y",
      firstPublishedAt: new Date("2026-06-01T00:00:00Z"),
      publishedAt: new Date("2026-06-01T00:00:00Z"),
      expiresAt: new Date("2031-06-01T00:00:00Z"),
      state: "published",
      stateAt: new Date("2026-06-01T00:00:00Z"),
      hold: null,
      updatedAt: new Date("2026-06-01T00:00:00Z"),
    };
    await db()
      .collection("items")
      .insertOne(legacy as never);
    const find = async () =>
      (await all("/archive/search?portalId=lucngan&q=thi%C3%AAn%20tai", "auditor", 10)).map((x) => x.itemId);
    expect(await find()).toEqual([]);
    expect(await a.archive.deps.records.backfill({ force: true })).toBe(91);
    expect(await a.archive.deps.records.backfill()).toBe(0);
    expect(await find()).toEqual([legacy._id]);
    const stored = (await db()
      .collection<RetentionRecord>("items")
      .findOne({ _id: legacy._id })) as RetentionRecord;
    expect(stored.text).toBeUndefined();
    expect(stored.words).toEqual(["ban", "cu", "ve", "phong", "chong", "thien", "tai"]);
  });
});

describe("retention lists", () => {
  it("lists what expires when (soonest first), held items and expired ones, per portal or all", async () => {
    const limited = (p?: string) =>
      seeds.filter((s) => s.retentionClass === "limited-5y" && (!p || s.portalId === p));
    // the same order as the first publication: five years on
    const soonest = (xs: Seed[]) => newestFirst(xs).reverse();
    queries.start();
    const stttt = await all("/retention/expiring?portalId=stttt", "stttt.board-member", 7);
    expect(stttt.map((x) => x.itemId)).toEqual(soonest(limited("stttt")));
    const window = await all(
      "/retention/expiring?from=2031-01-01T05:00:00Z&to=2031-01-02T00:00:00Z",
      "auditor",
      4,
    );
    expect(window.map((x) => x.itemId)).toEqual(
      soonest(
        limited().filter(
          (s) =>
            s.firstPublishedAt >= "2026-01-01T05:00:00.000Z" &&
            s.firstPublishedAt <= "2026-01-02T00:00:00.000Z",
        ),
      ),
    );
    expect(await unflat(db(), queries.stop())).toEqual([]);

    const held = limited("stttt").slice(0, 3);
    for (const [n, s] of held.entries()) {
      const res = await fetch(`${a.base}/items/${s.itemId}/hold`, {
        method: "PUT",
        headers: { authorization: `Bearer ${tk["platform.admin"]}`, "content-type": "application/json" },
        body: JSON.stringify({ reason: `Thanh tra số ${n}` }),
      });
      expect(res.status).toBe(200);
      await new Promise((r) => setTimeout(r, 5)); // holds a few ms apart: newest first is their order
    }
    const holds = await all("/retention/holds?portalId=stttt", "auditor", 2);
    expect(holds.map((x) => x.itemId)).toEqual(held.map((s) => s.itemId).reverse());
    expect((await all("/retention/holds?portalId=tanyen", "auditor", 2)).length).toBe(0);

    // five years and a day after the first publications of January 2026: those expire, held ones stay
    a.clock.set("2031-01-02T00:00:00Z");
    const run = await a.archive.deps.scheduler.runOnce();
    const due = limited().filter((s) => s.firstPublishedAt <= "2026-01-02T00:00:00.000Z");
    expect(run.lastResult).toEqual({ expired: due.length - held.length, held: held.length, failed: 0 });
    queries.start();
    const expired = await all("/retention/expired", "platform.admin", 10);
    expect(expired.map((x) => x.itemId).sort()).toEqual(
      due
        .filter((s) => !held.includes(s))
        .map((s) => s.itemId)
        .sort(),
    );
    const left = await all("/retention/expiring?portalId=stttt", "auditor", 50);
    expect(left.map((x) => x.itemId)).toEqual(
      soonest(limited("stttt").filter((s) => held.includes(s) || !due.includes(s))),
    );
    expect(await unflat(db(), queries.stop())).toEqual([]);
    expect((await call("/retention/holds", "stttt.board-member")).status).toBe(403);
    expect((await call("/retention/expired?portalId=tanyen", "stttt.board-member")).status).toBe(403);
  });
});
