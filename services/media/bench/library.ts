// Bench of the media library's access paths (issue 21) at growing sizes, on the local MongoDB-wire
// server (FerretDB v1 with the _id pushdown) or any MONGO_URL: assets spread over 50 portals are
// written the way `register` writes them (keys first, then the document), and at each size the
// p50/p95 of the reads and writes the library does in normal use are printed with the ratio of
// each p95 to its value at the first size. Goal: ratio ≤ 1.5, list p95 ≤ 100 ms, write p95 ≤ 50 ms.
//
//   cd services/media && pnpm exec tsx bench/library.ts          (BENCH_SIZES=100,10000,200000)
//
// Uses a database of its own (`bench_media_library`), dropped at the end (BENCH_KEEP=1 keeps it).
import { performance } from "node:perf_hooks";
import { MongoClient, ObjectId } from "mongodb";
import { AssetKeys, cursor, type KeyDoc, keysOf } from "../src/assets/asset.keys";
import type { AssetDoc } from "../src/assets/asset.types";
import type { MediaKind } from "../src/assets/inspect";
import { type RefDoc, References, type UseDoc } from "../src/refs/references";

const url = process.env.MONGO_URL ?? "mongodb://127.0.0.1:27017";
const sizes = (process.env.BENCH_SIZES ?? "100,10000,200000").split(",").map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const PORTALS = Array.from({ length: 50 }, (_, i) => `portal${String(i).padStart(2, "0")}`);
const KINDS: MediaKind[] = ["image", "image", "image", "document", "video", "audio"];
const VOCAB = [
  "hội nghị",
  "chuyển đổi số",
  "giao thông",
  "nông thôn",
  "khai mạc",
  "lễ hội",
  "an toàn",
  "y tế",
  "giáo dục",
  "văn hoá",
  "du lịch",
  "quy hoạch",
];
const silent = { warn() {}, info() {}, error() {}, debug() {}, child: () => silent } as never;

function asset(i: number): AssetDoc {
  const portalId = PORTALS[i % PORTALS.length] as string;
  const w = (k: number) => VOCAB[(i * 7 + k * 3) % VOCAB.length];
  return {
    _id: new ObjectId().toHexString(),
    portalId,
    kind: KINDS[i % KINDS.length] as MediaKind,
    mimeType: "image/jpeg",
    ext: "jpg",
    filename: `anh-${i}.jpg`,
    sizeBytes: 1000,
    sha256: i.toString(16).padStart(64, "0"),
    status: "ready",
    rev: 0,
    title: `${w(0)} ${w(1)} năm ${2020 + (i % 7)}`,
    altText: `Toàn cảnh ${w(2)}`,
    decorative: false,
    renditions: [{ name: "w640.webp", mimeType: "image/webp", width: 640, height: 360, sizeBytes: 1 }],
    captions: [],
    textExtracted: false,
    live: false,
    usedBy: [],
    uploadedBy: { id: "system:bench", username: "system:bench" },
    uploadedAt: new Date(),
  };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number;
};

async function time(rounds: number, fn: (r: number) => Promise<unknown>) {
  const xs: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t = performance.now();
    await fn(r);
    xs.push(performance.now() - t);
  }
  return { p50: pct(xs, 50), p95: pct(xs, 95) };
}

async function main() {
  const client = await MongoClient.connect(url);
  const db = client.db(process.env.BENCH_DB ?? "bench_media_library");
  await db.dropDatabase();
  const assets = db.collection<AssetDoc>("assets");
  const keyColl = db.collection<KeyDoc>("asset_keys");
  const keys = new AssetKeys(keyColl, assets);
  const refs = new References(db.collection<RefDoc>("refs"), db.collection<UseDoc>("uses"), assets, silent);
  await assets.insertOne({ ...asset(-1), _id: "000000000000000000000000" });
  await new Promise((r) => setTimeout(r, 2500)); // our FerretDB adds its _id indexes within a second
  let n = 0;
  const base: Record<string, number> = {};
  const rows: string[] = [];
  for (const size of sizes) {
    const t0 = performance.now();
    while (n < size) {
      const batch = Array.from({ length: Math.min(1000, size - n) }, (_, j) => asset(n + j));
      const ks = batch.flatMap((a) => keysOf(a).map((_id) => ({ _id, assetId: a._id, at: new Date() })));
      for (let i = 0; i < ks.length; i += 5000)
        await keyColl.insertMany(ks.slice(i, i + 5000), { ordered: false });
      await assets.insertMany(batch);
      n += batch.length;
      if (n % 20000 === 0) process.stderr.write(`  seeded ${n}\n`);
    }
    const seedMs = performance.now() - t0;
    const p = PORTALS[7] as string;
    const firstPage = await keys.page(p, { limit: 30 });
    // a cursor deep in the portal's library (about the middle)
    const deep = await assets
      .find({ portalId: p }, { projection: { _id: 1 } })
      .sort({ _id: 1 })
      .limit(1)
      .skip(Math.floor(size / 100))
      .toArray();
    const deepBefore = deep[0]?._id ?? firstPage.items[0]?._id;
    const sample = firstPage.items[0] as AssetDoc;
    for (let k = 0; k < 3; k++)
      await refs.published(`item${size}x${k}`.padEnd(24, "0"), p, 1, [sample._id], { title: `Tin ${k}` });
    const results: Record<string, { p50: number; p95: number }> = {
      "list, first page": await time(ROUNDS, () => keys.page(p, { limit: 30 })),
      "list, deep cursor": await time(ROUNDS, () =>
        keys.page(p, { limit: 30, ...(deepBefore ? { before: deepBefore } : {}) }),
      ),
      "list, kind=document": await time(ROUNDS, () => keys.page(p, { kind: "document", limit: 30 })),
      "list, q=giao thong": await time(ROUNDS, () => keys.page(p, { words: ["giao", "thong"], limit: 30 })),
      "list, q=hoi nghi + kind=video": await time(ROUNDS, () =>
        keys.page(p, { words: ["hoi", "nghi"], kind: "video", limit: 30 }),
      ),
      "duplicate check": await time(ROUNDS, (r) =>
        keys.duplicate(p, (r * 50 + 7).toString(16).padStart(64, "0")),
      ),
      "where used": await time(ROUNDS, () => refs.liveUses(sample, 20)),
      "write: content.published (refs, uses, flags)": await time(ROUNDS, (r) =>
        refs.published(
          `pub${size}x${r}`.padEnd(24, "0"),
          p,
          1,
          [sample._id, firstPage.items[1]?._id ?? sample._id],
          {
            title: "Tin",
          },
        ),
      ),
      "write: upload keys + insert": await time(ROUNDS, async (r) => {
        const a = { ...asset(size + r), portalId: p };
        await keys.duplicate(p, a.sha256);
        await keys.add(a);
        await assets.insertOne(a);
      }),
      "write: retitle (keys, update, settle)": await time(ROUNDS, async (r) => {
        const before = (await assets.findOne({ _id: sample._id })) as AssetDoc;
        const next = { ...before, title: `${VOCAB[r % VOCAB.length]} mới ${r}` };
        await keys.add(next);
        await assets.updateOne({ _id: sample._id }, { $set: { title: next.title }, $inc: { rev: 1 } });
        await keys.settle(sample._id, [...keysOf(before), ...keysOf(next)]);
      }),
    };
    n += ROUNDS;
    const keyCount = await keyColl.estimatedDocumentCount();
    rows.push(
      `\n${size} assets over ${PORTALS.length} portals (${keyCount} keys; seeded in ${(seedMs / 1000).toFixed(1)} s)`,
    );
    for (const [name, r] of Object.entries(results)) {
      base[name] ??= r.p95;
      const ratio = r.p95 / (base[name] as number);
      rows.push(
        `  ${name.padEnd(40)} p50 ${r.p50.toFixed(1).padStart(6)} ms  p95 ${r.p95.toFixed(1).padStart(6)} ms  ratio ${ratio.toFixed(2)}`,
      );
    }
    process.stdout.write(`${rows.splice(0).join("\n")}\n`);
    void cursor;
  }
  if (!process.env.BENCH_KEEP) await db.dropDatabase();
  await client.close();
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
