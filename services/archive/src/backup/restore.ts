// R-BACKUP: restoring a backup. First every file is checked against the manifest (damaged →
// nothing is written), targets must be empty unless forced, the buckets are created as they were
// (Object Lock, default retention, versioning) and every collection (an empty one too), the files
// written, then counts and checksums checked again (with verify, each object's metadata and each
// bucket's Object Lock too). `checkOnly` is verify-backup: only the first check.
import { createDecipheriv } from "node:crypto";
import { createInterface } from "node:readline";
import { PassThrough } from "node:stream";
import type * as Minio from "minio";
import type { Document } from "mongodb";
import { tap } from "../hashing";
import {
  type BackupDeps,
  BackupError,
  type BackupFile,
  type BucketSettings,
  bar,
  bucketSettings,
  canonicalJson,
  EJSON,
  hashStored,
  keptMetadata,
  pipeline,
  readManifest,
} from "./manifest";

/** Creates a bucket that is not there as the backup describes it; an existing one is kept. */
async function createBucket(
  s3: Minio.Client,
  bucket: string,
  settings: BucketSettings | undefined,
  log: (line: string) => void,
): Promise<void> {
  if (await s3.bucketExists(bucket)) return;
  if (settings?.objectLock) {
    try {
      await s3.makeBucket(bucket, "", { ObjectLocking: true });
      if (settings.retention) await s3.setObjectLockConfig(bucket, settings.retention);
      return;
    } catch (e) {
      log(`bucket ${bucket}: could not be created with Object Lock (${(e as Error).message})`);
      if (await s3.bucketExists(bucket)) throw e;
      throw new BackupError(`bucket ${bucket} had Object Lock and this server cannot create it with one`);
    }
  }
  await s3.makeBucket(bucket);
  if (settings?.versioning) await s3.setBucketVersioning(bucket, { Status: settings.versioning });
}

export interface RestoreOptions {
  force?: boolean;
  verify?: boolean;
  /** only check the backup against its manifest (verify-backup); write nothing */
  checkOnly?: boolean;
}

export interface RestoreResult {
  id: string;
  documents: number;
  objects: number;
  bytes: number;
  checked: { files: number };
}

const sorted = (o: Record<string, string>) =>
  Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

function decipherFor(f: BackupFile, key: Buffer | undefined) {
  if (!f.nonce || !f.tag) return [];
  if (!key) throw new BackupError("this backup is encrypted: set BACKUP_ENCRYPTION_KEY");
  const d = createDecipheriv("aes-256-gcm", key, Buffer.from(f.nonce, "base64"));
  d.setAuthTag(Buffer.from(f.tag, "base64"));
  return [d];
}

export async function runRestore(
  d: BackupDeps,
  id: string,
  opts: RestoreOptions = {},
): Promise<RestoreResult> {
  const log = d.log ?? (() => undefined);
  const m = await readManifest(d.target, id);
  if (m.encrypted && !d.encryptionKey)
    throw new BackupError("this backup is encrypted: set BACKUP_ENCRYPTION_KEY");
  // 1. every file against the manifest, before anything is written
  const problems: string[] = [];
  const b1 = bar(!!d.progress, m.files.length, "checking");
  for (const f of m.files) {
    try {
      const r = await hashStored(d.target, `${id}/${f.path}`);
      if (r.bytes !== f.bytes)
        problems.push(`${f.path}: ${r.bytes} bytes, manifest says ${f.bytes} (truncated?)`);
      else if (r.sha256 !== f.sha256)
        problems.push(`${f.path}: sha256 differs from the manifest (corrupted)`);
    } catch (e) {
      problems.push(`${f.path}: cannot be read (${(e as Error).message})`);
    }
    b1?.increment(1, { file: f.path });
  }
  b1?.stop();
  if (problems.length)
    throw new BackupError(`backup ${id} is damaged; nothing was restored:\n  ${problems.join("\n  ")}`);
  if (opts.checkOnly)
    return { id, documents: 0, objects: 0, bytes: m.totals.bytes, checked: { files: m.files.length } };
  // 2. targets must be empty unless forced
  if (!opts.force) {
    const busy: string[] = [];
    for (const f of m.files.filter((x) => x.kind === "collection")) {
      const n = await d.mongo
        .db(f.db ?? "")
        .collection(f.collection ?? "")
        .estimatedDocumentCount();
      if (n > 0) busy.push(`database ${f.db}.${f.collection} has ${n} documents`);
    }
    for (const bucket of m.buckets) {
      if (!(await d.s3.bucketExists(bucket))) continue;
      for await (const _ of d.s3.listObjectsV2(bucket, "", true)) {
        busy.push(`bucket ${bucket} is not empty`);
        break;
      }
    }
    if (busy.length)
      throw new BackupError(
        `restore target is not empty (use --force to overwrite):\n  ${busy.join("\n  ")}`,
      );
  }
  // 3. write: the buckets as they were (an empty one too), then every file
  for (const bucket of m.buckets) await createBucket(d.s3, bucket, m.bucketSettings?.[bucket], log);
  let documents = 0;
  let objects = 0;
  const b2 = bar(!!d.progress, m.files.length, "restoring");
  for (const f of m.files) {
    const source = await d.target.get(`${id}/${f.path}`);
    if (f.kind === "collection") {
      const db = d.mongo.db(f.db ?? "");
      const coll = db.collection(f.collection ?? "");
      if (opts.force) await coll.drop().catch(() => undefined);
      // the collection itself, so that an empty one is restored too (48: it exists)
      await db.createCollection(f.collection ?? "").catch((e) => {
        if ((e as { code?: number }).code !== 48) throw e;
      });
      const plain = new PassThrough();
      const feeding = pipeline(source, ...decipherFor(f, d.encryptionKey), plain);
      let batch: Document[] = [];
      for await (const line of createInterface({ input: plain, crlfDelay: Number.POSITIVE_INFINITY })) {
        if (!line) continue;
        batch.push(EJSON.parse(line, { relaxed: false }) as Document);
        if (batch.length >= 500) {
          await coll.insertMany(batch, { ordered: true });
          documents += batch.length;
          batch = [];
        }
      }
      await feeding;
      if (batch.length) {
        await coll.insertMany(batch, { ordered: true });
        documents += batch.length;
      }
      for (const ix of f.indexes ?? []) {
        const { key, v: _v, ns: _ns, ...rest } = ix as Document & { key: Document };
        await coll
          .createIndex(key, rest)
          .catch((e) =>
            log(`index ${String(rest.name)} on ${f.db}.${f.collection}: ${(e as Error).message}`),
          );
      }
    } else {
      const bucket = f.bucket ?? "";
      const plain = new PassThrough();
      const feeding = pipeline(source, ...decipherFor(f, d.encryptionKey), plain);
      await Promise.all([
        d.s3.putObject(
          bucket,
          f.key ?? "",
          plain,
          f.plainBytes,
          f.metadata ?? (f.contentType ? { "Content-Type": f.contentType } : {}),
        ),
        feeding,
      ]);
      objects++;
    }
    b2?.increment(1, { file: f.path });
  }
  b2?.stop();
  // 4. counts and checksums of what was written
  const after: string[] = [];
  for (const f of m.files) {
    if (f.kind === "collection") {
      const n = await d.mongo
        .db(f.db ?? "")
        .collection(f.collection ?? "")
        .countDocuments({});
      if (n !== f.count) after.push(`${f.db}.${f.collection}: ${n} documents, backup has ${f.count}`);
    } else if (opts.verify ?? true) {
      const t = tap();
      await pipeline(await d.s3.getObject(f.bucket ?? "", f.key ?? ""), t.stream, new PassThrough().resume());
      if (t.result().sha256 !== f.plainSha256)
        after.push(`s3://${f.bucket}/${f.key}: sha256 differs after restore`);
      if (f.metadata) {
        const now = keptMetadata((await d.s3.statObject(f.bucket ?? "", f.key ?? "")).metaData);
        if (canonicalJson(sorted(now)) !== canonicalJson(sorted(f.metadata)))
          after.push(`s3://${f.bucket}/${f.key}: metadata differs after restore`);
      }
    }
  }
  if (opts.verify ?? true)
    for (const bucket of m.buckets) {
      const want = m.bucketSettings?.[bucket];
      if (want?.objectLock && !(await bucketSettings(d.s3, bucket)).objectLock)
        after.push(`bucket ${bucket}: had Object Lock, has none after restore`);
    }
  if (after.length)
    throw new BackupError(`restore of ${id} finished but does not match:\n  ${after.join("\n  ")}`);
  log(`restored ${id}: ${documents} documents, ${objects} objects`);
  return { id, documents, objects, bytes: m.totals.bytes, checked: { files: m.files.length } };
}
