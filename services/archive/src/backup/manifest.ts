// R-BACKUP: what a backup is — its manifest.json (format cong-backup/1: every file with its counts,
// sizes and sha256 of the stored and of the plain content, each object's metadata, each bucket's
// Object Lock and versioning) — and what taking and restoring one share: the canonical EJSON of
// documents, the kept metadata of objects, a bucket's settings, the key, the progress bars.
import { PassThrough } from "node:stream";
import { pipeline as pipelineTyped } from "node:stream/promises";
import { SingleBar } from "cli-progress";
import type * as Minio from "minio";
import { BSON, type Document, type MongoClient } from "mongodb";
import { tap } from "../hashing";
import type { BackupTarget } from "./target";

export const { EJSON } = BSON;

/** A document as a backup stores it: canonical Extended JSON (relaxed: false), so types survive. */
export const canonicalJson = (doc: unknown): string => EJSON.stringify(doc, { relaxed: false });
/** stream/promises' pipeline over a variable list of stages */
export const pipeline = pipelineTyped as unknown as (
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

export async function bucketSettings(s3: Minio.Client, bucket: string): Promise<BucketSettings> {
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

/** The metadata of an object a backup keeps (see BackupFile.metadata). */
export function keptMetadata(meta: Record<string, unknown> | undefined): Record<string, string> {
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

export function bar(enabled: boolean, total: number, what: string) {
  if (!enabled || !process.stderr.isTTY) return null;
  const b = new SingleBar({ format: `${what} [{bar}] {value}/{total} {file}`, stream: process.stderr });
  b.start(total, 0, { file: "" });
  return b;
}

export async function readManifest(target: BackupTarget, id: string): Promise<BackupManifest> {
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

export async function hashStored(target: BackupTarget, rel: string) {
  const t = tap();
  await pipeline(await target.get(rel), t.stream, new PassThrough().resume());
  return t.result();
}
