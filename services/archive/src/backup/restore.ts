// R-BACKUP: restoring a backup. First every file is checked against the manifest (damaged →
// nothing is written), targets must be empty unless forced, the buckets are created as they were
// (Object Lock, default retention, versioning) and every collection (an empty one too), the files
// written, then counts and checksums checked again (with verify, each object's metadata and each
// bucket's Object Lock too). `checkOnly` is verify-backup: only the first check. Each step is a
// function of one file, and `names` says where a database or bucket is written (the drill,
// drill.ts, restores into scratch names with the same functions).
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
  type BackupManifest,
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
import type { BackupTarget } from "./target";

/** Where a restore writes a backup's databases and buckets: where they were, or (a drill) elsewhere. */
export interface RestoreNames {
  database(name: string): string;
  bucket(name: string): string;
}

/** every database and bucket where it was */
export const SAME_NAMES: RestoreNames = { database: (n) => n, bucket: (n) => n };

/** What a bucket is made with where it is restored; `retention: false` leaves the default retention rule out. */
export interface BucketOptions {
  /** apply the default retention rule of a locked bucket (default true) */
  retention?: boolean;
}

/**
 * Creates a bucket that is not there as the backup describes it; an existing one is kept. A
 * drill's scratch bucket leaves the default retention rule out (`retention: false`): its objects
 * could not be removed before the rule let them.
 */
export async function createBucket(
  s3: Minio.Client,
  bucket: string,
  settings: BucketSettings | undefined,
  log: (line: string) => void,
  opts: BucketOptions = {},
): Promise<void> {
  if (await s3.bucketExists(bucket)) return;
  if (settings?.objectLock) {
    try {
      await s3.makeBucket(bucket, "", { ObjectLocking: true });
      if (settings.retention && (opts.retention ?? true))
        await s3.setObjectLockConfig(bucket, settings.retention);
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
  /** where each database and bucket is written (default: where it was) */
  names?: RestoreNames;
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

/** 1. One stored file against the manifest (its size and sha256): null, or what is wrong with it. */
export async function checkStoredFile(
  target: BackupTarget,
  id: string,
  f: BackupFile,
): Promise<string | null> {
  try {
    const r = await hashStored(target, `${id}/${f.path}`);
    if (r.bytes !== f.bytes) return `${f.path}: ${r.bytes} bytes, manifest says ${f.bytes} (truncated?)`;
    if (r.sha256 !== f.sha256) return `${f.path}: sha256 differs from the manifest (corrupted)`;
    return null;
  } catch (e) {
    return `${f.path}: cannot be read (${(e as Error).message})`;
  }
}

/** 2. What already holds data where the backup's files would be written. */
export async function busyTargets(d: BackupDeps, m: BackupManifest, names: RestoreNames): Promise<string[]> {
  const busy: string[] = [];
  for (const f of m.files.filter((x) => x.kind === "collection")) {
    const db = names.database(f.db ?? "");
    const n = await d.mongo
      .db(db)
      .collection(f.collection ?? "")
      .estimatedDocumentCount();
    if (n > 0) busy.push(`database ${db}.${f.collection} has ${n} documents`);
  }
  for (const bucket of m.buckets.map((b) => names.bucket(b))) {
    if (!(await d.s3.bucketExists(bucket))) continue;
    for await (const _ of d.s3.listObjectsV2(bucket, "", true)) {
      busy.push(`bucket ${bucket} is not empty`);
      break;
    }
  }
  return busy;
}

/**
 * 3. Writes one file of backup `id` where `names` puts it (a collection with its indexes, or an
 * object with its metadata); answers the documents or objects written. `force` drops the
 * collection first.
 */
export async function restoreFile(
  d: BackupDeps,
  id: string,
  f: BackupFile,
  names: RestoreNames,
  opts: { force?: boolean | undefined } = {},
): Promise<number> {
  const log = d.log ?? (() => undefined);
  const source = await d.target.get(`${id}/${f.path}`);
  if (f.kind === "collection") {
    const dbName = names.database(f.db ?? "");
    const db = d.mongo.db(dbName);
    const coll = db.collection(f.collection ?? "");
    if (opts.force) await coll.drop().catch(() => undefined);
    // the collection itself, so that an empty one is restored too (48: it exists)
    await db.createCollection(f.collection ?? "").catch((e) => {
      if ((e as { code?: number }).code !== 48) throw e;
    });
    const plain = new PassThrough();
    const feeding = pipeline(source, ...decipherFor(f, d.encryptionKey), plain);
    let documents = 0;
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
          log(`index ${String(rest.name)} on ${dbName}.${f.collection}: ${(e as Error).message}`),
        );
    }
    return documents;
  }
  const plain = new PassThrough();
  const feeding = pipeline(source, ...decipherFor(f, d.encryptionKey), plain);
  await Promise.all([
    d.s3.putObject(
      names.bucket(f.bucket ?? ""),
      f.key ?? "",
      plain,
      f.plainBytes,
      f.metadata ?? (f.contentType ? { "Content-Type": f.contentType } : {}),
    ),
    feeding,
  ]);
  return 1;
}

/** What was written of a file, read back: a collection's count, an object's sha256 and metadata. */
export type Restored =
  | { kind: "collection"; count: number }
  | { kind: "object"; sha256: string; metadataEqual: boolean };

/** 4. Reads back what `restoreFile` wrote of `f` (an object: its bytes hashed, its metadata compared). */
export async function readRestored(d: BackupDeps, f: BackupFile, names: RestoreNames): Promise<Restored> {
  if (f.kind === "collection")
    return {
      kind: "collection",
      count: await d.mongo
        .db(names.database(f.db ?? ""))
        .collection(f.collection ?? "")
        .countDocuments({}),
    };
  const bucket = names.bucket(f.bucket ?? "");
  const t = tap();
  await pipeline(await d.s3.getObject(bucket, f.key ?? ""), t.stream, new PassThrough().resume());
  const now = f.metadata ? keptMetadata((await d.s3.statObject(bucket, f.key ?? "")).metaData) : null;
  return {
    kind: "object",
    sha256: t.result().sha256,
    metadataEqual: !f.metadata || canonicalJson(sorted(now ?? {})) === canonicalJson(sorted(f.metadata)),
  };
}

/** 4. Each bucket the backup had with Object Lock that has none where it was restored. */
export async function locksLost(d: BackupDeps, m: BackupManifest, names: RestoreNames): Promise<string[]> {
  const lost: string[] = [];
  for (const bucket of m.buckets)
    if (
      m.bucketSettings?.[bucket]?.objectLock &&
      !(await bucketSettings(d.s3, names.bucket(bucket))).objectLock
    )
      lost.push(bucket);
  return lost;
}

export async function runRestore(
  d: BackupDeps,
  id: string,
  opts: RestoreOptions = {},
): Promise<RestoreResult> {
  const log = d.log ?? (() => undefined);
  const names = opts.names ?? SAME_NAMES;
  const m = await readManifest(d.target, id);
  if (m.encrypted && !d.encryptionKey)
    throw new BackupError("this backup is encrypted: set BACKUP_ENCRYPTION_KEY");
  // 1. every file against the manifest, before anything is written
  const problems: string[] = [];
  const b1 = bar(!!d.progress, m.files.length, "checking");
  for (const f of m.files) {
    const problem = await checkStoredFile(d.target, id, f);
    if (problem) problems.push(problem);
    b1?.increment(1, { file: f.path });
  }
  b1?.stop();
  if (problems.length)
    throw new BackupError(`backup ${id} is damaged; nothing was restored:\n  ${problems.join("\n  ")}`);
  if (opts.checkOnly)
    return { id, documents: 0, objects: 0, bytes: m.totals.bytes, checked: { files: m.files.length } };
  // 2. targets must be empty unless forced
  if (!opts.force) {
    const busy = await busyTargets(d, m, names);
    if (busy.length)
      throw new BackupError(
        `restore target is not empty (use --force to overwrite):\n  ${busy.join("\n  ")}`,
      );
  }
  // 3. write: the buckets as they were (an empty one too), then every file
  for (const bucket of m.buckets)
    await createBucket(d.s3, names.bucket(bucket), m.bucketSettings?.[bucket], log);
  let documents = 0;
  let objects = 0;
  const b2 = bar(!!d.progress, m.files.length, "restoring");
  for (const f of m.files) {
    const n = await restoreFile(d, id, f, names, { force: opts.force });
    if (f.kind === "collection") documents += n;
    else objects += n;
    b2?.increment(1, { file: f.path });
  }
  b2?.stop();
  // 4. counts and checksums of what was written
  const verify = opts.verify ?? true;
  const after: string[] = [];
  for (const f of m.files) {
    if (f.kind === "object" && !verify) continue;
    const r = await readRestored(d, f, names);
    if (r.kind === "collection") {
      if (r.count !== f.count)
        after.push(
          `${names.database(f.db ?? "")}.${f.collection}: ${r.count} documents, backup has ${f.count}`,
        );
      continue;
    }
    const at = `s3://${names.bucket(f.bucket ?? "")}/${f.key}`;
    if (r.sha256 !== f.plainSha256) after.push(`${at}: sha256 differs after restore`);
    if (!r.metadataEqual) after.push(`${at}: metadata differs after restore`);
  }
  if (verify)
    for (const bucket of await locksLost(d, m, names))
      after.push(`bucket ${names.bucket(bucket)}: had Object Lock, has none after restore`);
  if (after.length)
    throw new BackupError(`restore of ${id} finished but does not match:\n  ${after.join("\n  ")}`);
  log(`restored ${id}: ${documents} documents, ${objects} objects`);
  return { id, documents, objects, bytes: m.totals.bytes, checked: { files: m.files.length } };
}
