// R-BACKUP: exports every `cong_*` database (or BACKUP_DATABASES) collection by collection as
// EJSON lines (canonical, relaxed:false, so types survive) and every bucket (or BACKUP_BUCKETS)
// object by object, streaming, into `<target>/<id>/`, with manifest.json (counts, sizes, sha256
// of each stored file and of its plain content, each object's metadata, each bucket's Object Lock
// and versioning). Optional AES-256-GCM per file (random nonce, auth tag in the manifest). Restore
// first checks every file against the manifest, refuses non-empty targets unless forced, creates
// the buckets as they were (Object Lock, default retention, versioning) and every collection (an
// empty one too), writes, then checks counts and checksums again (and, with verify, each object's
// metadata and each bucket's Object Lock).
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { createInterface } from "node:readline";
import { PassThrough, Readable } from "node:stream";
import { pipeline as pipelineTyped } from "node:stream/promises";
import { SingleBar } from "cli-progress";
import type * as Minio from "minio";
import { BSON, type Document, type MongoClient } from "mongodb";
import { tap } from "../hashing";
import type { BackupTarget } from "./target";

const { EJSON } = BSON;

/** A document as a backup stores it: canonical Extended JSON (relaxed: false), so types survive. */
export const canonicalJson = (doc: unknown): string => EJSON.stringify(doc, { relaxed: false });
/** stream/promises' pipeline over a variable list of stages */
const pipeline = pipelineTyped as unknown as (
  ...streams: NodeJS.ReadableStream[] | unknown[]
) => Promise<void>;

export interface BackupFile {
  path: string;
  kind: "collection" | "object";
  db?: string;
  collection?: string;
  indexes?: Document[];
  bucket?: string;
  key?: string;
  contentType?: string;
  /**
   * the object's metadata as S3 answers it (content-type, cache-control…, user metadata without
   * its `x-amz-meta-` prefix); what the server decides itself (`x-amz-*`) is left out
   */
  metadata?: Record<string, string>;
  count?: number;
  /** bytes and sha256 of the file as stored (encrypted when encrypted) */
  bytes: number;
  sha256: string;
  /** bytes and sha256 of the plain content */
  plainBytes: number;
  plainSha256: string;
  nonce?: string;
  tag?: string;
}

export interface BackupManifest {
  format: "cong-backup/1";
  id: string;
  createdAt: string;
  encrypted: boolean;
  databases: string[];
  buckets: string[];
  /** per bucket (absent in backups made before they were kept) */
  bucketSettings?: Record<string, BucketSettings>;
  files: BackupFile[];
  totals: { documents: number; objects: number; bytes: number };
}

/** What a bucket is created with: the archive bucket has Object Lock (hence versioning). */
export interface BucketSettings {
  objectLock: boolean;
  /** the default retention rule of a locked bucket, when it has one */
  retention?: { mode: "GOVERNANCE" | "COMPLIANCE"; unit: "Days" | "Years"; validity: number };
  versioning?: "Enabled" | "Suspended";
}

async function bucketSettings(s3: Minio.Client, bucket: string): Promise<BucketSettings> {
  let lock: { objectLockEnabled?: string; mode?: string; unit?: string; validity?: number } = {};
  try {
    // (minio types this overload as void)
    lock = ((await (s3.getObjectLockConfig(bucket) as unknown as Promise<unknown>)) ?? {}) as typeof lock;
  } catch {
    // no Object Lock configuration: a bucket without it
  }
  let versioning: string | undefined;
  try {
    versioning = (await s3.getBucketVersioning(bucket))?.Status;
  } catch {
    // a server without versioning
  }
  return {
    objectLock: lock.objectLockEnabled === "Enabled",
    ...(lock.mode && lock.unit && lock.validity
      ? {
          retention: {
            mode: lock.mode,
            unit: lock.unit,
            validity: lock.validity,
          } as BucketSettings["retention"],
        }
      : {}),
    ...(versioning === "Enabled" || versioning === "Suspended" ? { versioning } : {}),
  };
}

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

/** The metadata of an object a backup keeps (see BackupFile.metadata). */
function keptMetadata(meta: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(meta ?? {}))
    if (!k.toLowerCase().startsWith("x-amz-") && v !== undefined) out[k.toLowerCase()] = String(v);
  return out;
}

export class BackupError extends Error {
  override readonly name = "BackupError";
}

export interface BackupDeps {
  mongo: MongoClient;
  s3: Minio.Client;
  target: BackupTarget;
  encryptionKey?: Buffer | undefined;
  databases?: string[] | undefined;
  buckets?: string[] | undefined;
  progress?: boolean;
  log?: (line: string) => void;
}

export function parseKey(b64: string | undefined): Buffer | undefined {
  if (!b64) return undefined;
  const key = Buffer.from(b64, "base64");
  if (key.length !== 32) throw new BackupError("BACKUP_ENCRYPTION_KEY must be 32 bytes, base64-encoded");
  return key;
}

function bar(enabled: boolean, total: number, what: string) {
  if (!enabled || !process.stderr.isTTY) return null;
  const b = new SingleBar({ format: `${what} [{bar}] {value}/{total} {file}`, stream: process.stderr });
  b.start(total, 0, { file: "" });
  return b;
}

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
  const buckets = d.buckets ?? (await d.s3.listBuckets()).map((b) => b.name).sort();
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
  if (opts.keep && opts.keep > 0) {
    const all = await d.target.list();
    for (const old of all.slice(0, Math.max(0, all.length - opts.keep))) {
      await d.target.remove(old);
      log(`removed old backup ${old}`);
    }
  }
  return manifest;
}

async function readManifest(target: BackupTarget, id: string): Promise<BackupManifest> {
  let text: string;
  try {
    const chunks: Buffer[] = [];
    for await (const c of await target.get(`${id}/manifest.json`)) chunks.push(c as Buffer);
    text = Buffer.concat(chunks).toString("utf8");
  } catch (e) {
    throw new BackupError(`backup ${id} not found in ${target.describe} (${(e as Error).message})`);
  }
  const m = JSON.parse(text) as BackupManifest;
  if (m.format !== "cong-backup/1" || m.id !== id)
    throw new BackupError(`backup ${id}: manifest.json is not valid`);
  return m;
}

async function hashStored(target: BackupTarget, rel: string) {
  const t = tap();
  await pipeline(await target.get(rel), t.stream, new PassThrough().resume());
  return t.result();
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
