// Backup and restore throughput (issue: archive, R-BACKUP) against the real local servers: fills a
// bench database with BENCH_ITEMS content-like documents (default 100,000) and a bench bucket with
// BENCH_MEDIA_MB of media (default 2048, in BENCH_OBJECT_MB objects, default 8), then
//   1. backup (encrypted, AES-256-GCM, to a local folder): time, documents/s, MB/s
//   2. drop the database and the bucket; restore (checks every file first, then verifies): time, MB/s
// and cleans everything up. Run: cd bench && pnpm exec tsx src/backup.ts
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { createS3 } from "@cong/kit";
import { serverEnv, uniqueName } from "@cong/testing";
import { MongoClient, ObjectId } from "mongodb";
import { runBackup, runRestore } from "../../services/archive/src/backup/backup";
import { openTarget } from "../../services/archive/src/backup/target";
import { fmt, header, row } from "./report";

const ITEMS = Number(process.env.BENCH_ITEMS ?? 100_000);
const MEDIA_MB = Number(process.env.BENCH_MEDIA_MB ?? 2048);
const OBJECT_MB = Number(process.env.BENCH_OBJECT_MB ?? 8);
const env = serverEnv();
const s3 = createS3({ ...env, S3_REGION: env.S3_REGION ?? "us-east-1" });

async function emptyBucket(bucket: string) {
  if (!(await s3.bucketExists(bucket))) return;
  const keys: string[] = [];
  for await (const o of s3.listObjectsV2(bucket, "", true)) if (o.name) keys.push(o.name);
  for (let i = 0; i < keys.length; i += 500) await s3.removeObjects(bucket, keys.slice(i, i + 500));
  await s3.removeBucket(bucket);
}

/** A random stream of `bytes` (incompressible, like photos). */
function randomStream(bytes: number): Readable {
  let left = bytes;
  return new Readable({
    read() {
      if (left <= 0) return this.push(null);
      const n = Math.min(left, 1 << 20);
      left -= n;
      this.push(randomBytes(n));
    },
  });
}

async function main() {
  const dbName = uniqueName("bench-backup").replaceAll("-", "_");
  const bucket = uniqueName("bench-media");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cong-bench-backup-"));
  const mongo = new MongoClient(env.MONGO_URL);
  await mongo.connect();
  const key = randomBytes(32);
  header("backup / restore", { items: ITEMS, mediaMB: MEDIA_MB, objectMB: OBJECT_MB, encrypted: true });
  try {
    let t = Date.now();
    const coll = mongo.db(dbName).collection("items");
    for (let i = 0; i < ITEMS; i += 1000) {
      const docs = Array.from({ length: Math.min(1000, ITEMS - i) }, (_, j) => ({
        _id: new ObjectId(),
        portalId: ["bacgiang", "stttt", "stp", "tanyen", "lucngan"][(i + j) % 5],
        title: `Thông báo số ${i + j}/TB-UBND về việc tiếp công dân định kỳ tháng 12 năm 2026`,
        bodyHtml: `<p>${"Ủy ban nhân dân huyện Tân Yên thông báo lịch tiếp công dân. ".repeat(8)}</p>`,
        categoryIds: ["cat-thong-bao"],
        publishedAt: new Date(Date.UTC(2026, 0, 1) + (i + j) * 60_000),
        revision: 1,
      }));
      await coll.insertMany(docs, { ordered: false });
    }
    row("generate documents", `${fmt((Date.now() - t) / 1000, 1)} s`);
    t = Date.now();
    await s3.makeBucket(bucket);
    const objects = Math.ceil(MEDIA_MB / OBJECT_MB);
    for (let i = 0; i < objects; i++) {
      const size = Math.min(OBJECT_MB, MEDIA_MB - i * OBJECT_MB) * 1024 * 1024;
      await s3.putObject(bucket, `stttt/2026/${String(i).padStart(5, "0")}.jpg`, randomStream(size), size);
    }
    row("generate media", `${fmt((Date.now() - t) / 1000, 1)} s`);

    const deps = {
      mongo,
      s3,
      target: openTarget(dir, () => s3),
      encryptionKey: key,
      databases: [dbName],
      buckets: [bucket],
    };
    t = Date.now();
    const m = await runBackup(deps);
    const backupS = (Date.now() - t) / 1000;
    const mb = m.totals.bytes / 1024 / 1024;
    row("backup time", `${fmt(backupS, 1)} s`);
    row("backup documents/s", fmt(m.totals.documents / backupS));
    row("backup MB/s (stored bytes)", fmt(mb / backupS, 1));

    await mongo.db(dbName).dropDatabase();
    await emptyBucket(bucket);
    t = Date.now();
    const r = await runRestore(deps, m.id, { verify: true });
    const restoreS = (Date.now() - t) / 1000;
    row("restore time (check + write + verify)", `${fmt(restoreS, 1)} s`);
    row("restore documents/s", fmt(r.documents / restoreS));
    row("restore MB/s", fmt(mb / restoreS, 1));
    row("backup size", `${fmt(mb, 1)} MB in ${m.files.length} files`);
  } finally {
    await mongo
      .db(dbName)
      .dropDatabase()
      .catch(() => undefined);
    await mongo.close();
    await emptyBucket(bucket).catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
