// The archive bucket's objects and the chain's arithmetic (R-RETAIN): the keys objects are stored
// under, the entry hash sha256(n|key|sha256|prevHash), reading and hashing stored objects, the media
// list a snapshot carries, and the bucket itself (with S3 Object Lock when the server allows it).
import { createHash } from "node:crypto";
import type { Logger } from "@cong/kit";
import type * as Minio from "minio";

export const GENESIS = "0".repeat(64);

export interface ManifestEntry {
  _id: number;
  key: string;
  sha256: string;
  size: number;
  prevHash: string;
  hash: string;
  at: Date;
  /** media objects the chained object lists (copies of the list inside it; the hash covers that) */
  media?: ArchivedMedia;
}

/** One media object held in the archive bucket. */
export interface MediaObjectRef {
  assetId: string;
  /** key in the archive bucket: media/<portalId>/<assetId>/<name> */
  key: string;
  /** key it was copied from in the media bucket */
  source: string;
  size: number;
  sha256: string;
  etag: string;
}

export interface ArchivedMedia {
  objects: MediaObjectRef[];
  /** assetIds that were not (yet) in the media bucket */
  missing: string[];
}

export const sha256 = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");

export function entryHash(seq: number, key: string, digest: string, prevHash: string): string {
  return sha256(`${seq}|${key}|${digest}|${prevHash}`);
}

export const snapshotKey = (portalId: string, itemId: string, revision: number) =>
  `${portalId}/${itemId}/r${revision}.json`;
export const manifestKey = (seq: number) => `manifest/${String(seq).padStart(12, "0")}.json`;
export const mediaPrefix = (portalId: string, assetId: string) => `${portalId}/${assetId}/`;
export const archivedMediaKey = (sourceKey: string) => `media/${sourceKey}`;
export const mediaSupplementKey = (snapshot: string, assetId: string) =>
  snapshot.replace(/\.json$/, `.media-${assetId}.json`);

export const isNotFound = (e: unknown) => {
  const code = (e as { code?: string }).code;
  return code === "NotFound" || code === "NoSuchKey" || code === "NoSuchBucket";
};

/** sha256 and length of an object, streamed. */
export async function hashObject(
  s3: Minio.Client,
  bucket: string,
  key: string,
): Promise<{ sha256: string; size: number }> {
  const h = createHash("sha256");
  let size = 0;
  for await (const c of await s3.getObject(bucket, key)) {
    h.update(c as Buffer);
    size += (c as Buffer).length;
  }
  return { sha256: h.digest("hex"), size };
}

export async function readObject(s3: Minio.Client, bucket: string, key: string): Promise<Buffer> {
  const stream = await s3.getObject(bucket, key);
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export async function exists(s3: Minio.Client, bucket: string, key: string): Promise<boolean> {
  try {
    await s3.statObject(bucket, key);
    return true;
  } catch (e) {
    if (isNotFound(e)) return false;
    throw e;
  }
}

/** The media list inside a stored snapshot or supplement, if any. */
export function mediaListed(stored: Buffer): ArchivedMedia | undefined {
  try {
    const m = (JSON.parse(stored.toString("utf8")) as { archivedMedia?: ArchivedMedia }).archivedMedia;
    return m && Array.isArray(m.objects) && Array.isArray(m.missing) ? m : undefined;
  } catch {
    return undefined;
  }
}

/** Creates the bucket, with S3 Object Lock when the server supports it; reports which. */
export async function ensureArchiveBucket(
  s3: Minio.Client,
  bucket: string,
  logger: Logger,
): Promise<{ objectLock: boolean }> {
  if (!(await s3.bucketExists(bucket))) {
    try {
      await s3.makeBucket(bucket, "", { ObjectLocking: true });
    } catch (e) {
      logger.warn({ err: e, bucket }, "bucket with object lock could not be created; creating without");
      if (!(await s3.bucketExists(bucket))) await s3.makeBucket(bucket);
    }
  }
  try {
    const cfg = await s3.getObjectLockConfig(bucket);
    return {
      objectLock: (cfg as unknown as { objectLockEnabled?: string })?.objectLockEnabled === "Enabled",
    };
  } catch {
    return { objectLock: false };
  }
}
