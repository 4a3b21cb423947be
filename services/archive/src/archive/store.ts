// Tamper-evident archive (R-RETAIN): every published revision is kept as an immutable JSON object
// `<portalId>/<itemId>/r<revision>.json` in the archive bucket, and a hash chain records it:
// entry n = { key, sha256 of the object, prevHash = hash of entry n-1, hash = sha256(n|key|sha256|prevHash) }.
// Entries live in Mongo (`_id` = n, so appends race on a duplicate `_id`, never on a scan) and a
// copy of each is written to S3 under `manifest/`. `verify` re-reads everything and recomputes.
import { createHash } from "node:crypto";
import type { ContentPublished, EventData } from "@cong/contracts";
import type { Logger } from "@cong/kit";
import type * as Minio from "minio";
import type { Collection, Db } from "mongodb";

export const GENESIS = "0".repeat(64);

export interface ManifestEntry {
  _id: number;
  key: string;
  sha256: string;
  size: number;
  prevHash: string;
  hash: string;
  at: Date;
}

interface SnapshotRef {
  _id: string;
  seq: number;
}

export const sha256 = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");

export function entryHash(seq: number, key: string, digest: string, prevHash: string): string {
  return sha256(`${seq}|${key}|${digest}|${prevHash}`);
}

export const snapshotKey = (portalId: string, itemId: string, revision: number) =>
  `${portalId}/${itemId}/r${revision}.json`;
export const manifestKey = (seq: number) => `manifest/${String(seq).padStart(12, "0")}.json`;

export async function readObject(s3: Minio.Client, bucket: string, key: string): Promise<Buffer> {
  const stream = await s3.getObject(bucket, key);
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function exists(s3: Minio.Client, bucket: string, key: string): Promise<boolean> {
  try {
    await s3.statObject(bucket, key);
    return true;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === "NotFound" || code === "NoSuchKey") return false;
    throw e;
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

export class ArchiveStore {
  readonly entries: Collection<ManifestEntry>;
  private readonly refs: Collection<SnapshotRef>;
  private readonly meta: Collection<{ _id: string; seq: number }>;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    db: Db,
    readonly s3: Minio.Client,
    readonly bucket: string,
  ) {
    this.entries = db.collection<ManifestEntry>("manifest");
    this.refs = db.collection<SnapshotRef>("snapshots");
    this.meta = db.collection("meta");
  }

  /** Stores the revision's snapshot and appends it to the chain (once; a redelivery is a no-op). */
  archivePublished(d: EventData<typeof ContentPublished>): Promise<ManifestEntry | null> {
    // appends are serialised in this process; across replicas the duplicate `_id` decides
    const run = this.queue.then(() => this.doArchive(d));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async doArchive(d: EventData<typeof ContentPublished>): Promise<ManifestEntry | null> {
    const key = snapshotKey(d.portalId, d.itemId, d.revision);
    if (await this.refs.findOne({ _id: key })) return null;
    const body = Buffer.from(
      `${JSON.stringify(
        {
          itemId: d.itemId,
          portalId: d.portalId,
          revision: d.revision,
          publishedAt: d.publishedAt,
          publishedBy: d.publishedBy,
          snapshot: d.snapshot,
        },
        null,
        2,
      )}\n`,
      "utf8",
    );
    // immutable: a snapshot already there (a crash before the chain entry) is kept as it is
    let stored: Buffer = body;
    if (await exists(this.s3, this.bucket, key)) stored = await readObject(this.s3, this.bucket, key);
    else
      await this.s3.putObject(this.bucket, key, body, body.length, {
        "Content-Type": "application/json; charset=utf-8",
      });
    const digest = sha256(stored);
    for (let attempt = 0; attempt < 50; attempt++) {
      const head = await this.head();
      const prev = head === 0 ? null : await this.entries.findOne({ _id: head });
      const seq = head + 1;
      const prevHash = prev?.hash ?? GENESIS;
      const entry: ManifestEntry = {
        _id: seq,
        key,
        sha256: digest,
        size: stored.length,
        prevHash,
        hash: entryHash(seq, key, digest, prevHash),
        at: new Date(),
      };
      try {
        await this.entries.insertOne(entry);
      } catch (e) {
        if ((e as { code?: number }).code === 11000) continue;
        throw e;
      }
      const copy = Buffer.from(JSON.stringify({ seq, ...entry, _id: undefined }));
      await this.s3.putObject(this.bucket, manifestKey(seq), copy, copy.length, {
        "Content-Type": "application/json",
      });
      await this.meta.updateOne({ _id: "manifest-head" }, { $max: { seq } }, { upsert: true });
      await this.refs.insertOne({ _id: key, seq }).catch((e) => {
        if ((e as { code?: number }).code !== 11000) throw e;
      });
      return entry;
    }
    throw new Error("manifest: could not append after 50 attempts");
  }

  /** The last sequence number: the recorded head, then probed forward by `_id`. */
  async head(): Promise<number> {
    let seq = (await this.meta.findOne({ _id: "manifest-head" }))?.seq ?? 0;
    while (await this.entries.findOne({ _id: seq + 1 }, { projection: { _id: 1 } })) seq++;
    return seq;
  }

  /** Re-reads every object and recomputes every hash and link; lists each problem, naming the object. */
  async verify(
    onProgress?: (done: number, total: number) => void,
  ): Promise<{ checked: number; problems: string[] }> {
    const head = await this.head();
    const problems: string[] = [];
    let prevHash = GENESIS;
    for (let seq = 1; seq <= head; seq++) {
      const e = await this.entries.findOne({ _id: seq });
      if (!e) {
        problems.push(`manifest entry ${seq} is missing`);
        continue;
      }
      if (e.prevHash !== prevHash) problems.push(`manifest entry ${seq} (${e.key}): chain broken (prevHash)`);
      if (entryHash(seq, e.key, e.sha256, e.prevHash) !== e.hash)
        problems.push(`manifest entry ${seq} (${e.key}): entry hash does not match its fields`);
      try {
        const obj = await readObject(this.s3, this.bucket, e.key);
        if (sha256(obj) !== e.sha256)
          problems.push(`s3://${this.bucket}/${e.key}: content changed (sha256 mismatch)`);
      } catch (err) {
        problems.push(`s3://${this.bucket}/${e.key}: cannot be read (${(err as Error).message})`);
      }
      try {
        const copy = JSON.parse((await readObject(this.s3, this.bucket, manifestKey(seq))).toString("utf8"));
        if (
          copy.hash !== e.hash ||
          copy.sha256 !== e.sha256 ||
          copy.key !== e.key ||
          copy.prevHash !== e.prevHash
        )
          problems.push(`s3://${this.bucket}/${manifestKey(seq)}: differs from the manifest in the database`);
      } catch (err) {
        problems.push(`s3://${this.bucket}/${manifestKey(seq)}: cannot be read (${(err as Error).message})`);
      }
      prevHash = e.hash;
      onProgress?.(seq, head);
    }
    return { checked: head, problems };
  }
}
