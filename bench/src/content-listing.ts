// Category listing latency of the content service at 10k and at 200k published items in one
// portal (issue: content core; goal p95@200k ≤ 1.5 × p95@10k). Data is generated directly in a
// fresh bench database on the real local FerretDB: the `items` documents, and the listing entries
// as the service's own repository (services/content/src/items/listing.ts, CategoryListing) keeps
// them. Timed: the REAL repository function `CategoryListing.list` — the newest page, and pages
// reached by following the keyset cursor. For reference, the naive query the design replaces
// (filter + sort on `items`, a full scan on FerretDB v1) is timed a few times at each size.
// Variables: BENCH_SMALL (10000), BENCH_LARGE (200000), BENCH_RUNS (200), BENCH_LIMIT (20).
import { serverEnv, uniqueName } from "@cong/testing";
import { MongoClient } from "mongodb";
import {
  CategoryListing,
  type EntryDoc,
  type ListingEntry,
  listingEntryDoc,
} from "../../services/content/src/items/listing";
import { fmt, header, percentile, row } from "./report";

const SMALL = Number(process.env.BENCH_SMALL ?? 10_000);
const LARGE = Number(process.env.BENCH_LARGE ?? 200_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const LIMIT = Number(process.env.BENCH_LIMIT ?? 20);
const PORTAL = "stttt";
const CATEGORY = "cat-tin-tuc-su-kien";

function itemDoc(i: number, publishedAt: Date) {
  const title = `Tin hoạt động số ${i} của Sở Thông tin và Truyền thông tỉnh Bắc Giang`;
  return {
    _id: `bench-${String(i).padStart(8, "0")}`,
    portalId: PORTAL,
    kind: "article",
    status: "published",
    version: 4,
    retentionClass: "limited-5y",
    firstPublishedAt: publishedAt,
    publishedAt,
    live: {
      revision: 1,
      state: "published",
      categoryIds: [CATEGORY],
      locales: {
        vi: {
          title,
          slug: `tin-hoat-dong-so-${i}`,
          summary: "Tóm tắt tin.",
          bodyHtml: `<p>${title}.</p>`,
          previousSlugs: [],
        },
      },
    },
    working: null,
  };
}

/** items written per batch (the listing itself is one entry per item since issue 21) */
const PAGE_SIZE = 1000;

/** Grows the database to `n` items, with the listing entries the repository would have written. */
async function grow(db: ReturnType<MongoClient["db"]>, from: number, to: number, t0: number) {
  const items = db.collection<{ _id: string }>("items");
  const listed = db.collection<EntryDoc>("listing_entries");
  const key = `${PORTAL}:${CATEGORY}`;
  for (let start = from; start < to; start += PAGE_SIZE) {
    const docs = [];
    const entries: ListingEntry[] = [];
    for (let i = start; i < Math.min(to, start + PAGE_SIZE); i++) {
      const at = new Date(t0 + i * 60_000);
      const d = itemDoc(i, at);
      docs.push(d);
      entries.push({
        itemId: d._id,
        publishedAt: at,
        kind: "article",
        title: d.live.locales.vi.title,
        slug: d.live.locales.vi.slug,
        summary: "Tóm tắt tin.",
      });
    }
    await items.insertMany(docs, { ordered: false });
    await listed.insertMany(
      entries.map((e) => listingEntryDoc(PORTAL, CATEGORY, e)),
      { ordered: false },
    );
  }
  await db
    .collection<{ _id: string }>("listing_heads")
    .updateOne({ _id: key }, { $set: { count: to } }, { upsert: true });
}

async function measure(listing: CategoryListing, db: ReturnType<MongoClient["db"]>, n: number) {
  // warm-up
  for (let i = 0; i < 5; i++) await listing.list(PORTAL, CATEGORY, LIMIT);
  const first: number[] = [];
  const deep: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    let t = performance.now();
    const page = await listing.list(PORTAL, CATEGORY, LIMIT);
    first.push(performance.now() - t);
    if (page.items.length !== Math.min(LIMIT, n))
      throw new Error(`expected ${LIMIT} items, got ${page.items.length}`);
    // follow the cursor 5 pages down (a reader paging back in time)
    let cursor = page.nextCursor;
    for (let k = 0; k < 5 && cursor; k++) {
      t = performance.now();
      const next = await listing.list(PORTAL, CATEGORY, LIMIT, cursor);
      deep.push(performance.now() - t);
      cursor = next.nextCursor;
    }
  }
  const naive: number[] = [];
  const naiveRuns = n > 50_000 ? 2 : 5;
  for (let r = 0; r < naiveRuns; r++) {
    const t = performance.now();
    await db
      .collection("items")
      .find({ portalId: PORTAL, status: "published", "live.categoryIds": CATEGORY })
      .sort({ firstPublishedAt: -1 })
      .limit(LIMIT)
      .toArray();
    naive.push(performance.now() - t);
  }
  const s = (a: number[]) => [...a].sort((x, y) => x - y);
  return { first: s(first), deep: s(deep), naive: s(naive) };
}

async function main() {
  const env = serverEnv();
  header("content: category listing latency (newest first, keyset pagination)", {
    small: SMALL,
    large: LARGE,
    runs: RUNS,
    limit: LIMIT,
  });
  const client = new MongoClient(env.MONGO_URL, { maxPoolSize: 8 });
  await client.connect();
  const db = client.db(uniqueName("bench-listing").replaceAll("-", "_"));
  const listing = CategoryListing.from(db as never);
  const t0 = Date.UTC(2020, 0, 1);
  try {
    let t = Date.now();
    await grow(db, 0, SMALL, t0);
    row("generated items (small)", `${fmt(SMALL)} in ${fmt((Date.now() - t) / 1000, 1)} s`);
    const small = await measure(listing, db, SMALL);
    t = Date.now();
    await grow(db, SMALL, LARGE, t0);
    row("generated items (large)", `${fmt(LARGE)} in ${fmt((Date.now() - t) / 1000, 1)} s`);
    const large = await measure(listing, db, LARGE);
    const line = (label: string, a: number[]) =>
      row(label, `p50 ${fmt(percentile(a, 50), 2)} ms  p95 ${fmt(percentile(a, 95), 2)} ms  (n=${a.length})`);
    process.stdout.write("\n");
    line(`newest page @${fmt(SMALL)}`, small.first);
    line(`newest page @${fmt(LARGE)}`, large.first);
    line(`cursor pages 2-6 @${fmt(SMALL)}`, small.deep);
    line(`cursor pages 2-6 @${fmt(LARGE)}`, large.deep);
    line(`naive filter+sort on items @${fmt(SMALL)} (reference)`, small.naive);
    line(`naive filter+sort on items @${fmt(LARGE)} (reference)`, large.naive);
    const ratio = percentile(large.first, 95) / percentile(small.first, 95);
    const ratioDeep = percentile(large.deep, 95) / percentile(small.deep, 95);
    process.stdout.write("\n");
    row(
      "p95@large / p95@small, newest page (goal ≤ 1.5)",
      `${fmt(ratio, 2)} ${ratio <= 1.5 ? "OK" : "OVER GOAL"}`,
    );
    row(
      "p95@large / p95@small, cursor pages (goal ≤ 1.5)",
      `${fmt(ratioDeep, 2)} ${ratioDeep <= 1.5 ? "OK" : "OVER GOAL"}`,
    );
  } finally {
    await db.dropDatabase().catch(() => undefined);
    await client.close();
  }
}

main().catch((e) => {
  process.stderr.write(`${e?.stack ?? e}\n`);
  process.exit(1);
});
