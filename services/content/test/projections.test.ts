// A publication's projections (the category listing pages, royalties) run after the item's write,
// outside the outbox; a marker claimed with that write (item.repository.ts `PROJECTION`) says they
// have not run yet. When the process dies between the two (simulated here: the projection undone
// and the marker put back, as the crash would leave them), `repairProjections` makes them from the
// item as it is now (issue 15: "nothing lost"; R-MODERATE: what the board published is listed).
import { MongoClient } from "mongodb";
import { timeKey } from "../src/db/keys";
import type { ItemIndexEntry } from "../src/items/item.index";
import { portalOfRecord } from "../src/portals/portal-id";
import { approvedArticle, client, createPortals, type Running, start, testConfig } from "./helpers";

let svc: Running;
let mongo: MongoClient;
const call = client(() => svc.base);
const cfg = testConfig("content-projections");
const CATEGORY = "cat-tin-tuc-su-kien";
const BM = "stttt.board-member";

beforeAll(async () => {
  svc = await start(cfg, { noScheduler: true });
  mongo = await MongoClient.connect(cfg.MONGO_URL);
  await createPortals(call, ["stttt"]);
});
afterAll(async () => {
  await mongo?.close();
  await svc?.stop();
});

const index = () => mongo.db().collection<ItemIndexEntry>("item_index");
// markers released by this process go in a batch (item.repository.ts RELEASE_DELAY_MS): flushed first
async function markersOf(itemId: string) {
  await svc.content.itemRepository.flushReleases();
  const all = await index()
    .find({ _id: { $gt: "~proj|", $lt: "~proj|~" } })
    .toArray();
  return all.filter((e) => e.i === itemId);
}
const listed = async (itemId: string) =>
  (await svc.content.listing.list("stttt", CATEGORY, 50)).items.some((e) => e.itemId === itemId);

/** The marker a publication or take-down of `item` leaves while its hooks have not run. */
async function leaveMarker(item: { itemId: string; version: number; kind: string }, categories: string[]) {
  const at = timeKey(new Date(Date.now() - 120_000));
  await index().insertOne({
    _id: `~proj|${at}|${item.itemId}`,
    i: item.itemId,
    p: "stttt",
    v: item.version,
    u: at,
    s: [],
    k: item.kind as ItemIndexEntry["k"],
    c: categories,
    o: "",
    l: [],
    t: "",
  });
}

async function published(title: string) {
  const { id, version } = await approvedArticle(call, title);
  const live = await call("POST", `/portals/stttt/items/${id}/publish`, BM, { version });
  expect(live.status).toBe(200);
  await svc.content.items.projectionsSettled();
  return live.body as {
    itemId: string;
    version: number;
    kind: string;
    firstPublishedAt: string;
    live: { categoryIds: string[] };
  };
}

it("a publication whose hooks ran leaves no marker", async () => {
  const item = await published("Tin có danh sách chuyên mục");
  expect(item.live.categoryIds).toContain(CATEGORY);
  expect(await listed(item.itemId)).toBe(true);
  expect(await markersOf(item.itemId)).toEqual([]);
  // nothing to do for the repair either
  expect(await svc.content.items.repairProjections(0)).toBe(0);
});

it("a publication cut off before its hooks is listed by the repair, once", async () => {
  const item = await published("Tin bị ngắt trước khi vào danh sách");
  // as a crash right after the item write leaves it: the item live, not listed, its marker there
  await svc.content.listing.remove("stttt", CATEGORY, item.itemId, new Date(item.firstPublishedAt));
  expect(await listed(item.itemId)).toBe(false);
  await leaveMarker(item, []);
  const before = (await svc.content.listing.list("stttt", CATEGORY, 1)).total;
  // too young to repair: the hooks of a write may still be under way
  expect(await svc.content.items.repairProjections(10 * 60_000)).toBe(0);
  expect(await svc.content.items.repairProjections(30_000)).toBe(1);
  expect(await listed(item.itemId)).toBe(true);
  expect((await svc.content.listing.list("stttt", CATEGORY, 1)).total).toBe(before + 1);
  expect(await markersOf(item.itemId)).toEqual([]);
  // a second repair finds nothing and lists nothing twice
  expect(await svc.content.items.repairProjections(0)).toBe(0);
  expect((await svc.content.listing.list("stttt", CATEGORY, 1)).total).toBe(before + 1);
});

it("a take-down cut off before its hooks is taken out of the listing by the repair", async () => {
  const item = await published("Tin gỡ xuống nhưng còn trong danh sách");
  const doc = await svc.content.itemRepository.get(portalOfRecord("stttt"), item.itemId);
  const entry = doc && svc.content.items.listingEntry(doc);
  if (!entry) throw new Error("no listing entry");
  const down = await call("POST", `/portals/stttt/items/${item.itemId}/unpublish`, BM, {
    version: item.version,
    mode: "withdrawn",
    publicReason: "Thông tin đã cũ",
  });
  expect(down.status).toBe(200);
  await svc.content.items.projectionsSettled();
  expect(await listed(item.itemId)).toBe(false);
  // as a crash right after the take-down's write leaves it: still listed, its marker there
  await svc.content.listing.upsert("stttt", CATEGORY, entry);
  expect(await listed(item.itemId)).toBe(true);
  await leaveMarker(down.body, [CATEGORY]);
  expect(await svc.content.items.repairProjections(30_000)).toBe(1);
  expect(await listed(item.itemId)).toBe(false);
  expect(await markersOf(item.itemId)).toEqual([]);
});

it("the marker of a write that never happened is dropped, and a draft is not listed", async () => {
  const created = await call("POST", "/portals/stttt/items", "stttt.focal-officer", {
    kind: "article",
    locales: { vi: { title: "Bản nháp chưa từng xuất bản", bodyHtml: "<p>Nháp</p>" } },
  });
  expect(created.status).toBe(201);
  // the publication's marker was claimed, then the process died before the item write
  await leaveMarker({ ...created.body, version: created.body.version + 1 }, []);
  expect(await svc.content.items.repairProjections(30_000)).toBe(0);
  expect(await markersOf(created.body.itemId)).toEqual([]);
  expect(await listed(created.body.itemId)).toBe(false);
});
