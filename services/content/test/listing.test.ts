// The category listing repository on the real FerretDB: the keyset cursor returns every published
// item exactly once, newest first; removals and re-publications keep it consistent; a page is one
// key range answered with the `_id` index and a publication one write by key (issue 21); the rows
// of the earlier version's page documents are copied once.
import { indexesSettled, serverEnv, unflat, uniqueName } from "@cong/testing";
import { type Document, MongoClient } from "mongodb";
import { CategoryListing, type ListingEntry } from "../src/items/listing";

const PAGE_SIZE = 50;

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

it("pages through a category newest first, without gaps or repeats; take-downs and re-publications follow", async () => {
  const n = 150;
  for (let i = 0; i < n; i++) await listing.upsert("stttt", "cat-tin", entry(i));
  const ids = await all(37);
  expect(ids).toHaveLength(n);
  expect(ids[0]).toBe(entry(n - 1).itemId);
  expect(ids[n - 1]).toBe(entry(0).itemId);
  expect(new Set(ids).size).toBe(n);
  expect((await listing.list("stttt", "cat-tin", 1)).total).toBe(n);

  // take some down, re-publish one with a new title: order and count follow
  await listing.remove("stttt", "cat-tin", entry(n - 1).itemId, entry(n - 1).publishedAt);
  await listing.remove("stttt", "cat-tin", entry(10).itemId, entry(10).publishedAt);
  // a repeated hook counts nothing twice
  await listing.remove("stttt", "cat-tin", entry(10).itemId, entry(10).publishedAt);
  await listing.upsert("stttt", "cat-tin", { ...entry(5), title: "Tin số 5 (đã sửa)" });
  await listing.upsert("stttt", "cat-tin", { ...entry(5), title: "Tin số 5 (đã sửa)" });
  const after = await all(100);
  expect(after).toHaveLength(n - 2);
  expect(after[0]).toBe(entry(n - 2).itemId);
  expect(after).not.toContain(entry(10).itemId);
  const first = await listing.list("stttt", "cat-tin", 1);
  expect(first.total).toBe(n - 2);
  const five = (await listing.list("stttt", "cat-tin", 200)).items.find((e) => e.itemId === entry(5).itemId);
  expect(five?.title).toBe("Tin số 5 (đã sửa)");
  // other portals and categories see nothing of it, whatever the cursor (R-ORG)
  expect((await listing.list("tanyen", "cat-tin", 10)).items).toEqual([]);
  expect((await listing.list("stttt", "cat-tin-khac", 10)).items).toEqual([]);
  const theirs = await listing.list("tanyen", "cat-tin", 5, first.nextCursor ?? undefined);
  expect(theirs.items).toEqual([]);
  // a forged cursor is harmless: the newest page
  expect((await listing.list("stttt", "cat-tin", 5, "bm90LWpzb24")).items[0]?.itemId).toBe(
    entry(n - 2).itemId,
  );
});

it("a page is one key range, newest first with a limit, answered with the _id index (issue 21)", async () => {
  const db = client.db(dbName);
  const seen: Document[] = [];
  const watched = new MongoClient(env.MONGO_URL, { monitorCommands: true });
  await watched.connect();
  watched.on("commandStarted", (ev) => {
    if (["find", "update", "delete"].includes(ev.commandName)) seen.push(ev.command);
  });
  try {
    const view = CategoryListing.from(watched.db(dbName) as never);
    const page = await view.list("stttt", "cat-tin", 20);
    expect(page.items).toHaveLength(20);
    const finds = seen.filter((c) => c.find === "listing_entries");
    expect(finds).toHaveLength(1);
    expect(finds[0]?.limit).toBe(21);
    expect(Object.fromEntries(finds[0]?.sort ?? [])).toEqual({ _id: -1 });
    // a publication: one replace by key (and the count, when the entry is new)
    seen.length = 0;
    await view.upsert("stttt", "cat-tin", entry(900));
    expect(seen.map((c) => Object.keys(c)[0])).toEqual(["update", "update"]);
    seen.length = 0;
    await view.upsert("stttt", "cat-tin", { ...entry(900), title: "Sửa" });
    expect(seen).toHaveLength(1);
    // every one of them is answered with the `_id` index (explain on the server; the collections
    // of this test database are new, our FerretDB's indexer gives them their index within a second)
    await indexesSettled(db as never, ["listing_entries", "listing_heads"]);
    const queries = [
      {
        command: "find",
        collection: "listing_entries",
        filter: finds[0]?.filter,
        sort: { _id: -1 },
        limit: 21,
      },
      { command: "update", collection: "listing_entries", filter: { _id: "stttt|L:cat-tin|x" } },
      { command: "update", collection: "listing_heads", filter: { _id: "stttt:cat-tin" } },
      { command: "delete", collection: "listing_entries", filter: { _id: "stttt|L:cat-tin|x" } },
    ];
    expect(await unflat(db as never, queries)).toEqual([]);
  } finally {
    await watched.close();
  }
});

it("copies the rows of an earlier version's page documents into entries once (first start)", async () => {
  // a database of the earlier version: page documents of a category, its head with the count
  const db = client.db(dbName);
  const old = Array.from({ length: 120 }, (_, i) => entry(10_000 + i));
  await db.collection("listing_pages").insertMany([
    { _id: "stttt:cat-cu:0", entries: old.slice(0, 70), v: 3 },
    { _id: "stttt:cat-cu:1", entries: old.slice(70), v: 2 },
  ] as never);
  await db
    .collection("listing_heads")
    .insertOne({ _id: "stttt:cat-cu", lastPage: 1, count: 120, v: 5 } as never);
  const fresh = CategoryListing.from(client.db(`${dbName}`) as never);
  // the marker of this test database's first pass (the beforeAll's instance ran none) is not there
  await db.collection<{ _id: string }>("listing_heads").deleteOne({ _id: "~backfill:listing-entries:v1" });
  expect(await fresh.backfill()).toBeGreaterThanOrEqual(120);
  expect(await fresh.backfill()).toBe(0);
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 50; guard++) {
    const page = await fresh.list("stttt", "cat-cu", 20, cursor);
    ids.push(...page.items.map((e) => e.itemId));
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  expect(ids).toEqual(old.map((e) => e.itemId).reverse());
  expect((await fresh.list("stttt", "cat-cu", 1)).total).toBe(120);
  // and new publications go on from there
  await fresh.upsert("stttt", "cat-cu", entry(20_000));
  await fresh.remove("stttt", "cat-cu", entry(10_003).itemId, entry(10_003).publishedAt);
  const now = await fresh.list("stttt", "cat-cu", 200);
  expect(now.total).toBe(120);
  expect(now.items[0]?.itemId).toBe(entry(20_000).itemId);
  expect(now.items.map((e) => e.itemId)).not.toContain(entry(10_003).itemId);
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
