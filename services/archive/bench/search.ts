// Bench of the archive search and the retention lists (issue 21) at growing sizes, on the local
// MongoDB-wire server (FerretDB v1 with the _id pushdown) or any MONGO_URL: records spread over 50
// portals are stored the way `RetentionRecords` stores them (keys first, then the record), and at
// each size the p50/p95 of the searches and lists staff use are printed, with the query the search
// used before (every record of the portal, filtered in memory) for comparison.
//
//   cd services/archive && pnpm exec tsx bench/search.ts   (BENCH_SIZES=100,200000 BENCH_ROUNDS=20)
//
// The measured portal's records carry ≈40 words each; the other portals' records carry one (fewer
// keys to seed; the ranges read are the measured portal's, and `~all` ranges hold every portal's).
// One database per size (`bench_archive_search_<size>`), dropped at the end unless BENCH_KEEP=1
// (a later run reuses it).
import { performance } from "node:perf_hooks";
import { claimEntries, type KeyEntry } from "@cong/kit";
import { MongoClient } from "mongodb";
import { recordKeys, wordsOf } from "../src/retention/record.keys";
import { type RetentionRecord, RetentionRecords } from "../src/retention/records";

const url = process.env.MONGO_URL ?? "mongodb://127.0.0.1:27017";
const sizes = (process.env.BENCH_SIZES ?? "100,200000").split(",").map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const PORTALS = Array.from({ length: 50 }, (_, i) => `portal${String(i).padStart(2, "0")}`);
const MEASURED = PORTALS[7] as string;
const START = Date.parse("2024-01-01T00:00:00Z");
const TITLES = ["Hội nghị", "Quy hoạch", "Thông báo", "Kế hoạch", "Lễ hội", "Giao thông", "Y tế", "Giáo dục"];
// a vocabulary of syllables; each record of the measured portal draws ≈40 of them
const SYLLABLES = Array.from({ length: 400 }, (_, i) => `tu${i.toString(36)}`);

function record(n: number): RetentionRecord {
  // the first 80 records are the measured portal's, so that its pages are full at every size
  const portalId = n < 80 ? MEASURED : (PORTALS[n % PORTALS.length] as string);
  const at = new Date(START + n * 60_000);
  const title = `${TITLES[n % TITLES.length]} số ${n}`;
  const body =
    portalId === MEASURED
      ? Array.from({ length: 40 }, (_, k) => SYLLABLES[(n * 13 + k * 7) % 400]).join(" ")
      : "";
  return {
    _id: n.toString(16).padStart(24, "0"),
    portalId,
    revision: 1,
    kind: "article",
    categoryIds: [n % 3 ? "cat-tin-tuc" : "cat-thong-bao"],
    agency: null,
    title,
    words:
      portalId === MEASURED ? wordsOf(title, body) : wordsOf(TITLES[n % TITLES.length] as string).slice(0, 1),
    retentionClass: n % 4 ? "limited-5y" : "permanent",
    firstPublishedAt: at,
    publishedAt: at,
    expiresAt: n % 4 ? new Date(at.getTime() + 5 * 365 * 86_400_000) : null,
    state: "published",
    stateAt: at,
    hold: null,
    updatedAt: at,
  };
}

async function seed(client: MongoClient, size: number) {
  const db = client.db(`bench_archive_search_${size}`);
  const have = await db.collection("items").estimatedDocumentCount();
  if (have >= size) return db;
  const t0 = performance.now();
  for (let from = have; from < size; from += 500) {
    const docs = Array.from({ length: Math.min(500, size - from) }, (_, k) => record(from + k));
    await claimEntries(
      db.collection<KeyEntry>("item_keys"),
      docs.flatMap((d) => recordKeys(d).map((_id) => ({ _id, i: d._id }))),
    );
    await db.collection<RetentionRecord>("items").insertMany(docs, { ordered: false });
    if ((from / 500) % 40 === 0) process.stderr.write(`  ${size}: ${from + docs.length} records\n`);
  }
  await db
    .collection<KeyEntry>("item_keys")
    .insertOne({ _id: "~backfill:item-keys:v1", i: "", t: new Date(), done: true } as never);
  process.stderr.write(`  ${size}: seeded in ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
  await new Promise((r) => setTimeout(r, 3000)); // our FerretDB's indexer
  return db;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number;
};

async function main() {
  const client = await MongoClient.connect(url);
  const dbs = new Map<number, Awaited<ReturnType<typeof seed>>>();
  for (const size of sizes) dbs.set(size, await seed(client, size));
  const outbox = { track: async () => undefined } as never;
  const page = { limit: 10 };
  const cases: Record<string, (r: RetentionRecords, size: number) => Promise<unknown>> = {
    "search portal: one word (10)": (r) => r.search(MEASURED, { q: "quy hoạch" }, page),
    "search portal: two rarer words (10, ≤ 1,000 keys)": (r) => r.search(MEASURED, { q: "tu1 tu2" }, page),
    "search portal: word + category (10)": (r) =>
      r.search(MEASURED, { q: "thông báo", categoryId: "cat-thong-bao" }, page),
    "search portal: no words, first page (10)": (r) => r.search(MEASURED, {}, page),
    "search portal: no words, deep (to=, 10)": (r, size) =>
      r.search(MEASURED, { to: new Date(START + Math.max(40, Math.floor(size / 4)) * 60_000) }, page),
    "search every portal: one word (10)": (r) => r.search("~all", { q: "hội nghị" }, page),
    "expiring, portal (10)": (r) => r.list(MEASURED, "expiring", {}, page),
    "due, platform-wide, first page (50)": (r) =>
      r.list("~all", "expiring", { to: new Date("2031-01-01") }, { limit: 50 }),
    "before: find({portalId}) + filter in memory": async (r) =>
      (
        await r.coll
          .find({ portalId: MEASURED }, { projection: { words: 1, title: 1, firstPublishedAt: 1 } })
          .toArray()
      )
        .filter((x) => x.words.includes("quy"))
        .sort((a, b) => b.firstPublishedAt.getTime() - a.firstPublishedAt.getTime())
        .slice(0, 10),
  };
  const times = new Map<string, number[]>();
  const all = new Map(sizes.map((size) => [size, new RetentionRecords(dbs.get(size) as never, outbox)]));
  // sizes interleaved within each case, so load from other work falls on every size alike
  for (let round = 0; round < ROUNDS; round++)
    for (const [name, fn] of Object.entries(cases))
      for (const size of sizes) {
        if (name.startsWith("before") && round >= 3) continue;
        const t = performance.now();
        await fn(all.get(size) as RetentionRecords, size);
        const key = `${name}@${size}`;
        times.set(key, [...(times.get(key) ?? []), performance.now() - t]);
      }
  console.log(`archive search and lists, ${PORTALS.length} portals, ms (p50 / p95), ${ROUNDS} rounds`);
  for (const name of Object.keys(cases)) {
    const cols = sizes.map((size) => {
      const xs = times.get(`${name}@${size}`) ?? [];
      return `${size}: ${pct(xs, 50).toFixed(1)} / ${pct(xs, 95).toFixed(1)}`;
    });
    console.log(`  ${name.padEnd(50)} ${cols.join("   ")}`);
  }
  if (process.env.BENCH_KEEP !== "1") for (const db of dbs.values()) await db.dropDatabase();
  await client.close();
}

void main();
