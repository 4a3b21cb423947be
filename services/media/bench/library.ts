// Bench of the media library's access paths (issue 21) at growing sizes, on the local MongoDB-wire
// server (FerretDB v1 with the _id pushdown) or any MONGO_URL: assets spread over 50 portals are
// written the way `register` writes them (keys first, then the document), and at each size the
// p50/p95 of the reads and writes the library does in normal use are printed with the ratio of
// each p95 to its value at the first size. Goal: ratio ≤ 1.5, list p95 ≤ 100 ms, write p95 ≤ 50 ms.
//
//   cd services/media && pnpm exec tsx bench/library.ts   (BENCH_SIZES=100,10000,200000 BENCH_BASE=10000)
//
// One database per size (`bench_media_library_<size>`), dropped at the end (BENCH_KEEP=1 keeps them
// and a later run reuses them). Rounds interleave the sizes, so load from other work on the
// machine falls on every size alike.
import { performance } from "node:perf_hooks";
import { MongoClient, ObjectId } from "mongodb";
import { AssetKeys, type KeyDoc, keysOf } from "../src/assets/asset.keys";
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

/** the portal whose library is measured; the others only fill the collections */
const MEASURED = PORTALS[7] as string;

function asset(i: number): AssetDoc {
  const portalId = PORTALS[i % PORTALS.length] as string;
  const w = (k: number) => VOCAB[(i * 7 + k * 3) % VOCAB.length];
  // other portals' assets carry fewer words (fewer keys to seed; the key ranges read are the
  // measured portal's, with its full words)
  const full = portalId === MEASURED || process.env.BENCH_FULL_WORDS === "1";
  return {
    _id: new ObjectId().toHexString(),
    portalId,
    kind: KINDS[i % KINDS.length] as MediaKind,
    mimeType: "image/jpeg",
    ext: "jpg",
    filename: full ? `anh-${i}.jpg` : "anh.jpg",
    sizeBytes: 1000,
    sha256: i.toString(16).padStart(64, "0"),
    status: "ready",
    rev: 0,
    title: full ? `${w(0)} ${w(1)} năm ${2020 + (i % 7)}` : `${w(0)}`,
    ...(full ? { altText: `Toàn cảnh ${w(2)}` } : {}),
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

interface Setup {
  size: number;
  keys: AssetKeys;
  refs: References;
  assets: ReturnType<ReturnType<MongoClient["db"]>["collection"]>;
  keyColl: ReturnType<ReturnType<MongoClient["db"]>["collection"]>;
  deepBefore?: string;
  sample: AssetDoc;
  second: string;
  n: number;
}

/** One database per size, seeded the way `register` writes (kept and reused with BENCH_KEEP=1). */
async function setup(client: MongoClient, size: number): Promise<Setup> {
  const db = client.db(`bench_media_library_${size}`);
  const assets = db.collection<AssetDoc>("assets");
  const keyColl = db.collection<KeyDoc>("asset_keys");
  const meta = db.collection<{ _id: string; n: number }>("meta");
  const keys = new AssetKeys(keyColl, assets);
  const refs = new References(db.collection<RefDoc>("refs"), db.collection<UseDoc>("uses"), assets, silent);
  const seeded = await meta.findOne({ _id: "seeded" });
  if (seeded?.n !== size) {
    await db.dropDatabase();
    await assets.insertOne({ ...asset(-1), _id: "000000000000000000000000" });
    await new Promise((r) => setTimeout(r, 2500)); // our FerretDB adds its _id indexes within a second
    const t0 = performance.now();
    for (let n = 0; n < size; ) {
      const batch = Array.from({ length: Math.min(1000, size - n) }, (_, j) => asset(n + j));
      const ks = batch.flatMap((a) => keysOf(a).map((_id) => ({ _id, assetId: a._id, at: new Date() })));
      for (let i = 0; i < ks.length; i += 5000)
        await keyColl.insertMany(ks.slice(i, i + 5000), { ordered: false });
      await assets.insertMany(batch);
      n += batch.length;
      if (n % 20000 === 0) process.stderr.write(`  ${size}: seeded ${n}\n`);
    }
    await meta.replaceOne({ _id: "seeded" }, { n: size }, { upsert: true });
    process.stderr.write(`  ${size}: seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  const first = await keys.page(MEASURED, { limit: 30 });
  const sample = first.items[0] as AssetDoc;
  // a cursor half-way into the portal's library (setup only: this one query scans)
  const deep = await assets
    .find({ portalId: MEASURED }, { projection: { _id: 1 } })
    .sort({ _id: 1 })
    .skip(Math.floor(size / PORTALS.length / 2))
    .limit(1)
    .toArray();
  for (let k = 0; k < 3; k++)
    await refs.published(`item${size}x${k}`.padEnd(24, "0"), MEASURED, 1, [sample._id], {
      title: `Tin ${k}`,
    });
  return {
    size,
    keys,
    refs,
    assets: assets as never,
    keyColl: keyColl as never,
    ...(deep[0] ? { deepBefore: deep[0]._id } : {}),
    sample,
    second: first.items[1]?._id ?? sample._id,
    n: size + 1_000_000,
  };
}

type Op = (s: Setup, r: number) => Promise<unknown>;
const p = MEASURED;
const OPS: Record<string, Op> = {
  "list, first page": (s) => s.keys.page(p, { limit: 30 }),
  "list, deep cursor": (s) =>
    s.keys.page(p, {
      limit: 30,
      ...(s.deepBefore ? { before: { id: s.deepBefore, inclusive: false } } : {}),
    }),
  "list, kind=document": (s) => s.keys.page(p, { kind: "document", limit: 30 }),
  "list, q=giao thong": (s) => s.keys.page(p, { words: ["giao", "thong"], limit: 30 }),
  "list, q=hoi nghi + kind=video": (s) =>
    s.keys.page(p, { words: ["hoi", "nghi"], kind: "video", limit: 30 }),
  "duplicate check": (s, r) => s.keys.duplicate(p, (r * 50 + 7).toString(16).padStart(64, "0")),
  "where used": (s) => s.refs.liveUses(s.sample, 20),
  "write: content.published (refs, uses, flags)": (s, r) =>
    s.refs.published(`pub${s.size}x${r}x${Date.now()}`.slice(0, 24), p, 1, [s.sample._id, s.second], {
      title: "Tin",
    }),
  "write: upload (dup check, keys, insert)": async (s) => {
    const a = { ...asset(s.n++), portalId: p };
    await s.keys.duplicate(p, a.sha256);
    await s.keys.add(a);
    await (s.assets as never as { insertOne(d: AssetDoc): Promise<unknown> }).insertOne(a);
  },
  "write: retitle (keys, update, settle)": async (s, r) => {
    const coll = s.assets as never as {
      findOne(f: object): Promise<AssetDoc | null>;
      updateOne(f: object, u: object): Promise<unknown>;
    };
    const before = (await coll.findOne({ _id: s.sample._id })) as AssetDoc;
    const next = { ...before, title: `${VOCAB[r % VOCAB.length]} mới ${r}` };
    await s.keys.add(next);
    await coll.updateOne({ _id: s.sample._id }, { $set: { title: next.title }, $inc: { rev: 1 } });
    await s.keys.settle(s.sample._id, [...keysOf(before), ...keysOf(next)]);
  },
};

async function main() {
  const client = await MongoClient.connect(url);
  const setups: Setup[] = [];
  for (const size of sizes) setups.push(await setup(client, size));
  // rounds interleave the sizes, so a busy moment of this shared machine hits every size alike
  const times = new Map<string, number[]>();
  for (let r = -3; r < ROUNDS; r++)
    for (const [name, op] of Object.entries(OPS))
      for (const s of setups) {
        const t = performance.now();
        await op(s, r + 3);
        if (r >= 0) {
          const k = `${s.size}|${name}`;
          times.set(k, [...(times.get(k) ?? []), performance.now() - t]);
        }
      }
  // ratios against BENCH_BASE (default: the first size). At 100 assets over 50 portals a portal
  // holds 2, so its pages are not full; from a few thousand on every page measured here is.
  const baseSize = Number(process.env.BENCH_BASE ?? sizes[0]);
  const base = setups.find((s) => s.size === baseSize) ?? (setups[0] as Setup);
  for (const s of setups) {
    const keyCount = await (
      s.keyColl as never as { estimatedDocumentCount(): Promise<number> }
    ).estimatedDocumentCount();
    process.stdout.write(`\n${s.size} assets over ${PORTALS.length} portals (${keyCount} keys)\n`);
    for (const name of Object.keys(OPS)) {
      const xs = times.get(`${s.size}|${name}`) ?? [];
      const b = times.get(`${base.size}|${name}`) ?? [];
      process.stdout.write(
        `  ${name.padEnd(44)} p50 ${pct(xs, 50).toFixed(1).padStart(6)} ms  p95 ${pct(xs, 95).toFixed(1).padStart(6)} ms  ratio to ${base.size}: p50 ${(pct(xs, 50) / pct(b, 50)).toFixed(2)} p95 ${(pct(xs, 95) / pct(b, 95)).toFixed(2)}\n`,
      );
    }
  }
  if (!process.env.BENCH_KEEP)
    for (const size of sizes) await client.db(`bench_media_library_${size}`).dropDatabase();
  await client.close();
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
