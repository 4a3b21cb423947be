// R-BACKUP: taking a backup. Exports every `cong_*` database (or BACKUP_DATABASES) collection by collection as
// EJSON lines (canonical, relaxed:false, so types survive) and every bucket (or BACKUP_BUCKETS)
// object by object, streaming, into `<target>/<id>/`, with manifest.json (counts, sizes, sha256
// of each stored file and of its plain content, each object's metadata, each bucket's Object Lock
// and versioning). Optional AES-256-GCM per file (random nonce, auth tag in the manifest). Restore
// first checks every file against the manifest, refuses non-empty targets unless forced, creates
// the buckets as they were (Object Lock, default retention, versioning) and every collection (an
// empty one too), writes, then checks counts and checksums again (and, with verify, each object's
// metadata and each bucket's Object Lock).
//
// Restoring is restore.ts, what a backup is (its manifest) manifest.ts; both are re-exported here.
import { createCipheriv, randomBytes } from "node:crypto";
import { PassThrough, Readable } from "node:stream";
import { tap } from "../hashing";
import {
  type BackupDeps,
  type BackupFile,
  type BackupManifest,
  type BucketSettings,
  bar,
  bucketSettings,
  canonicalJson,
  keptMetadata,
  pipeline,
} from "./manifest";
import { summaryOf, writeSummary } from "./summary";

/** the names of a restore drill's scratch buckets begin so (drill.ts); a backup leaves them out */
export const SCRATCH_BUCKET_PREFIX = "drill-";

import type { BackupTarget } from "./target";

export {
  type BackupDeps,
  BackupError,
  type BackupFile,
  type BackupManifest,
  type BucketSettings,
  canonicalJson,
  parseKey,
} from "./manifest";
export { type RestoreOptions, type RestoreResult, runRestore } from "./restore";

/** Stores one stream: plain tap → (cipher) → stored tap → target. */
async function storeStream(
  target: BackupTarget,
  rel: string,
  source: Readable,
  key: Buffer | undefined,
): Promise<Pick<BackupFile, "bytes" | "sha256" | "plainBytes" | "plainSha256" | "nonce" | "tag">> {
  const plain = tap();
  const stored = tap();
  const nonce = key ? randomBytes(12) : undefined;
  const cipher = key && nonce ? createCipheriv("aes-256-gcm", key, nonce) : undefined;
  const out = new PassThrough();
  const upload = target.put(rel, out);
  await pipeline(source, plain.stream, ...(cipher ? [cipher] : []), stored.stream, out);
  await upload;
  const p = plain.result();
  const s = stored.result();
  return {
    bytes: s.bytes,
    sha256: s.sha256,
    plainBytes: p.bytes,
    plainSha256: p.sha256,
    ...(nonce && cipher
      ? { nonce: nonce.toString("base64"), tag: cipher.getAuthTag().toString("base64") }
      : {}),
  };
}

/** a backup's id, as newBackupId writes it: its time (`:` and `.` as `-`) and 6 hex digits */
export const BACKUP_ID = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z-[0-9a-f]{6}$/;

export function newBackupId(now = new Date()): string {
  return `${now.toISOString().replace(/[:.]/g, "-")}-${randomBytes(3).toString("hex")}`;
}

export async function runBackup(d: BackupDeps, opts: { keep?: number } = {}): Promise<BackupManifest> {
  const id = newBackupId();
  const log = d.log ?? (() => undefined);
  const dbNames =
    d.databases ??
    (await d.mongo.db("admin").admin().listDatabases({ nameOnly: true })).databases
      .map((x) => x.name)
      .filter((n) => n.startsWith("cong_"))
      .sort();
  // every bucket but a restore drill's scratch copies (`drill-…`, drill.ts), which are removed after it
  const buckets =
    d.buckets ??
    (await d.s3.listBuckets())
      .map((b) => b.name)
      .filter((n) => !n.startsWith(SCRATCH_BUCKET_PREFIX))
      .sort();
  const settings: Record<string, BucketSettings> = {};
  const files: BackupFile[] = [];
  let documents = 0;
  let objects = 0;
  for (const dbName of dbNames) {
    const db = d.mongo.db(dbName);
    const colls = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
    const b = bar(!!d.progress, colls.length, `db ${dbName}`);
    for (const coll of colls) {
      const c = db.collection(coll);
      const indexes = (await c.indexes()).filter((i) => i.name !== "_id_");
      let count = 0;
      const cursor = c.find({}, { batchSize: 1000 });
      const lines = Readable.from(
        (async function* () {
          for await (const doc of cursor) {
            count++;
            yield `${canonicalJson(doc)}\n`;
          }
        })(),
      );
      const rel = `${id}/db/${dbName}/${encodeURIComponent(coll)}.ejson${d.encryptionKey ? ".enc" : ""}`;
      const r = await storeStream(d.target, rel, lines, d.encryptionKey);
      files.push({
        path: rel.slice(id.length + 1),
        kind: "collection",
        db: dbName,
        collection: coll,
        indexes,
        count,
        ...r,
      });
      documents += count;
      b?.increment(1, { file: coll });
    }
    b?.stop();
    log(`database ${dbName}: ${colls.length} collections`);
  }
  for (const bucket of buckets) {
    settings[bucket] = await bucketSettings(d.s3, bucket);
    const keys: { name: string; size: number }[] = [];
    for await (const o of d.s3.listObjectsV2(bucket, "", true)) {
      const x = o as { name?: string; size?: number };
      if (x.name) keys.push({ name: x.name, size: x.size ?? 0 });
    }
    const b = bar(!!d.progress, keys.length, `s3 ${bucket}`);
    for (const k of keys) {
      const stat = await d.s3.statObject(bucket, k.name);
      const rel = `${id}/s3/${bucket}/${k.name}${d.encryptionKey ? ".enc" : ""}`;
      const r = await storeStream(d.target, rel, await d.s3.getObject(bucket, k.name), d.encryptionKey);
      const metadata = keptMetadata(stat.metaData as Record<string, unknown> | undefined);
      const contentType = metadata["content-type"];
      files.push({
        path: rel.slice(id.length + 1),
        kind: "object",
        bucket,
        key: k.name,
        ...(contentType ? { contentType } : {}),
        metadata,
        ...r,
      });
      objects++;
      b?.increment(1, { file: k.name });
    }
    b?.stop();
    log(`bucket ${bucket}: ${keys.length} objects`);
  }
  const manifest: BackupManifest = {
    format: "cong-backup/1",
    id,
    createdAt: new Date().toISOString(),
    encrypted: !!d.encryptionKey,
    databases: dbNames,
    buckets,
    bucketSettings: settings,
    files,
    totals: { documents, objects, bytes: files.reduce((s, f) => s + f.bytes, 0) },
  };
  await d.target.put(`${id}/manifest.json`, Buffer.from(JSON.stringify(manifest, null, 2)));
  // the backup screen's record of it (GET /backups): unverified until it is checked
  await writeSummary(d.target, summaryOf(manifest));
  if (opts.keep && opts.keep > 0) {
    const all = await d.target.list();
    for (const old of all.slice(0, Math.max(0, all.length - opts.keep))) {
      await d.target.remove(old);
      log(`removed old backup ${old}`);
    }
  }
  return manifest;
}
