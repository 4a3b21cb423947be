// The category listing repository on the real FerretDB: across page boundaries the keyset cursor
// returns every published item exactly once, newest first; removals and re-publications keep it
// consistent (the design that keeps listings fast at any size — bench/src/content-listing.ts).
import { serverEnv, uniqueName } from "@cong/testing";
import { MongoClient } from "mongodb";
import { CategoryListing, type ListingEntry, PAGE_SIZE } from "../src/items/listing";

const env = serverEnv();
const client = new MongoClient(env.MONGO_URL);
const dbName = uniqueName("content-listing").replaceAll("-", "_");
let listing: CategoryListing;

beforeAll(async () => {
  await client.connect();
  listing = CategoryListing.from(client.db(dbName) as never);
});
afterAll(async () => {
  await client
    .db(dbName)
    .dropDatabase()
    .catch(() => undefined);
  await client.close();
});

const entry = (i: number): ListingEntry => ({
  itemId: `item-${String(i).padStart(6, "0")}`,
  publishedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000),
  kind: "article",
  title: `Tin số ${i}`,
  slug: `tin-so-${i}`,
});

async function all(limit: number): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 100; guard++) {
    const page = await listing.list("stttt", "cat-tin", limit, cursor);
    out.push(...page.items.map((e) => e.itemId));
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return out;
}

it("pages through more than one page document, newest first, without gaps or repeats", async () => {
  const n = PAGE_SIZE + 50;
  for (let i = 0; i < n; i++) await listing.upsert("stttt", "cat-tin", entry(i));
  const ids = await all(37);
  expect(ids).toHaveLength(n);
  expect(ids[0]).toBe(entry(n - 1).itemId);
  expect(ids[n - 1]).toBe(entry(0).itemId);
  expect(new Set(ids).size).toBe(n);
  expect((await listing.list("stttt", "cat-tin", 1)).total).toBe(n);

  // take some down, re-publish one with a new title: order and count follow
  await listing.remove("stttt", "cat-tin", entry(n - 1).itemId);
  await listing.remove("stttt", "cat-tin", entry(10).itemId);
  await listing.upsert("stttt", "cat-tin", { ...entry(5), title: "Tin số 5 (đã sửa)" });
  const after = await all(100);
  expect(after).toHaveLength(n - 2);
  expect(after[0]).toBe(entry(n - 2).itemId);
  expect(after).not.toContain(entry(10).itemId);
  const first = await listing.list("stttt", "cat-tin", 1);
  expect(first.total).toBe(n - 2);
  // other portals and categories see nothing of it (R-ORG)
  expect((await listing.list("tanyen", "cat-tin", 10)).items).toEqual([]);
  // a forged cursor is harmless
  expect((await listing.list("stttt", "cat-tin", 5, "bm90LWpzb24")).items).toHaveLength(5);
});

it("goes on after pages an earlier version filled with more entries than a page takes now", async () => {
  // page 0 as a version with 200-entry pages left it: 120 entries, the head on it
  const db = client.db(dbName);
  const old = Array.from({ length: 120 }, (_, i) => entry(10_000 + i));
  await db.collection("listing_pages").insertOne({ _id: "stttt:cat-cu:0", entries: old, v: 1 } as never);
  await db
    .collection("listing_heads")
    .insertOne({ _id: "stttt:cat-cu", lastPage: 0, count: 120, v: 1 } as never);
  for (const e of old)
    await db.collection("listing_locators").insertOne({ _id: `${e.itemId}:cat-cu`, page: 0 } as never);
  // new publications start a page of their own; an old entry is refreshed where it is
  for (let i = 0; i < PAGE_SIZE + 5; i++) await listing.upsert("stttt", "cat-cu", entry(20_000 + i));
  await listing.upsert("stttt", "cat-cu", { ...entry(10_003), title: "Tin cũ (đã sửa)" });
  const pages = await db
    .collection("listing_pages")
    .find({ _id: { $in: ["stttt:cat-cu:0", "stttt:cat-cu:1", "stttt:cat-cu:2"] } as never })
    .toArray();
  const sizes = pages.map((p) => (p.entries as unknown[]).length).sort((a, b) => a - b);
  expect(sizes).toEqual([5, PAGE_SIZE, 120].sort((a, b) => a - b));
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 50; guard++) {
    const page = await listing.list("stttt", "cat-cu", 20, cursor);
    ids.push(...page.items.map((e) => e.itemId));
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  expect(ids).toHaveLength(120 + PAGE_SIZE + 5);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids[0]).toBe(entry(20_000 + PAGE_SIZE + 4).itemId);
  expect(ids.at(-1)).toBe(entry(10_000).itemId);
  expect((await listing.list("stttt", "cat-cu", 1)).total).toBe(120 + PAGE_SIZE + 5);
});

it("returns every entry when a later page holds older publications (hooks run out of order, a repair after a crash)", async () => {
  // kill-mid-stream: publications whose hooks ran late (concurrent requests, the repair after a
  // restart) are added to the newest page with their first publication's older time
  const cat = "cat-tre";
  const n = 2 * PAGE_SIZE + 10;
  const order = Array.from({ length: n }, (_, i) => i);
  // every 7th publication is projected only after all the others (a repair)
  const late = order.filter((i) => i % 7 === 3);
  const first = order.filter((i) => i % 7 !== 3);
  for (const i of [...first, ...late]) await listing.upsert("stttt", cat, entry(30_000 + i));
  for (const limit of [PAGE_SIZE, 2 * PAGE_SIZE, 20, 7]) {
    const ids: string[] = [];
    let cursor: string | undefined;
    for (let guard = 0; guard < 100; guard++) {
      const page = await listing.list("stttt", cat, limit, cursor);
      ids.push(...page.items.map((e) => e.itemId));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect({ limit, count: ids.length, distinct: new Set(ids).size }).toEqual({
      limit,
      count: n,
      distinct: n,
    });
  }
});
