// Tamper-evident archive (R-RETAIN): every published revision is kept as an immutable JSON object
// `<portalId>/<itemId>/r<revision>.json` in the archive bucket, and a hash chain records it:
// entry n = { key, sha256 of the object, prevHash = hash of entry n-1, hash = sha256(n|key|sha256|prevHash) }.
// Entries live in Mongo (`_id` = n, so appends race on a duplicate `_id`, never on a scan) and a
// copy of each is written to S3 under `manifest/`. `verify` re-reads everything and recomputes.
// The media a revision uses are copied from the media bucket to `media/<portalId>/<assetId>/<name>`
// (once per object, shared by revisions) and listed with their sha256 in the snapshot itself
// (`archivedMedia`), so the chain covers them; an asset not yet in the media bucket is listed as
// missing and looked for again (`retryMissingMedia`), and what is found later is chained as
// `<portalId>/<itemId>/r<revision>.media-<assetId>.json`.
import { createHash } from "node:crypto";
import { pipeline } from "node:stream/promises";
import type { ContentPublished, EventData } from "@cong/contracts";
import type { Logger } from "@cong/kit";
import type * as Minio from "minio";
import type { Collection, Db } from "mongodb";
import { tap } from "../hashing";

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

/** What was copied of each archive media key (`_id` = key; insert-only, first copy wins). */
interface MediaCopy {
  _id: string;
  size: number;
  sha256: string;
  sourceEtag: string;
  at: Date;
}

/** An asset a revision uses that was missing from the media bucket; removed once archived. */
export interface MediaPending {
  _id: string;
  snapshotKey: string;
  portalId: string;
  itemId: string;
  revision: number;
  assetId: string;
  since: Date;
  gaveUpAt?: Date;
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
export const mediaPrefix = (portalId: string, assetId: string) => `${portalId}/${assetId}/`;
export const archivedMediaKey = (sourceKey: string) => `media/${sourceKey}`;
export const mediaSupplementKey = (snapshot: string, assetId: string) =>
  snapshot.replace(/\.json$/, `.media-${assetId}.json`);

const isNotFound = (e: unknown) => {
  const code = (e as { code?: string }).code;
  return code === "NotFound" || code === "NoSuchKey" || code === "NoSuchBucket";
};

/** sha256 and length of an object, streamed. */
async function hashObject(
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

async function exists(s3: Minio.Client, bucket: string, key: string): Promise<boolean> {
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

export interface ArchiveStoreOptions {
  /** media's bucket; without it no media are copied */
  mediaBucket?: string | undefined;
  logger?: Logger | undefined;
  /** a missing asset is given up on after this long (default 7 days) */
  mediaRetryMaxAgeMs?: number;
}

export class ArchiveStore {
  readonly entries: Collection<ManifestEntry>;
  readonly pending: Collection<MediaPending>;
  private readonly refs: Collection<SnapshotRef>;
  private readonly meta: Collection<{ _id: string; seq: number }>;
  private readonly copies: Collection<MediaCopy>;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly mediaBucket: string | undefined;
  private readonly logger: Logger | undefined;
  private readonly mediaRetryMaxAgeMs: number;

  constructor(
    db: Db,
    readonly s3: Minio.Client,
    readonly bucket: string,
    opts: ArchiveStoreOptions = {},
  ) {
    this.entries = db.collection<ManifestEntry>("manifest");
    this.refs = db.collection<SnapshotRef>("snapshots");
    this.meta = db.collection("meta");
    this.copies = db.collection<MediaCopy>("media_copies");
    this.pending = db.collection<MediaPending>("media_pending");
    this.mediaBucket = opts.mediaBucket;
    this.logger = opts.logger;
    this.mediaRetryMaxAgeMs = opts.mediaRetryMaxAgeMs ?? 7 * 86_400_000;
  }

  /** Serialises chain appends in this process; across replicas the duplicate `_id` decides. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Stores the revision's snapshot with copies of the media it uses and appends it to the chain
   * (once; a redelivery is a no-op). Media are copied before the serialised append, so a large
   * video does not hold up other revisions.
   */
  async archivePublished(d: EventData<typeof ContentPublished>): Promise<ManifestEntry | null> {
    const key = snapshotKey(d.portalId, d.itemId, d.revision);
    if (await this.refs.findOne({ _id: key })) return null;
    const body = async () => {
      const media = await this.archiveMedia(
        d.portalId,
        (d.snapshot.media ?? []).map((m) => m.assetId),
      );
      // noted before the snapshot is written, so a crash in between cannot forget the retry
      await this.notePending(key, d, media.missing);
      return Buffer.from(
        `${JSON.stringify(
          {
            itemId: d.itemId,
            portalId: d.portalId,
            revision: d.revision,
            publishedAt: d.publishedAt,
            publishedBy: d.publishedBy,
            snapshot: d.snapshot,
            archivedMedia: media,
          },
          null,
          2,
        )}\n`,
        "utf8",
      );
    };
    return this.storeChained(key, body);
  }

  private async notePending(
    key: string,
    d: EventData<typeof ContentPublished>,
    missing: string[],
  ): Promise<void> {
    if (!missing.length) return;
    this.logger?.warn(
      { key, missing, bucket: this.mediaBucket },
      "media used by an archived revision are not in the media bucket yet; will look again",
    );
    for (const assetId of missing)
      await this.pending
        .insertOne({
          _id: `${key}|${assetId}`,
          snapshotKey: key,
          portalId: d.portalId,
          itemId: d.itemId,
          revision: d.revision,
          assetId,
          since: new Date(),
        })
        .catch((e) => {
          if ((e as { code?: number }).code !== 11000) throw e;
        });
  }

  /**
   * Looks again for assets that were missing when their revision was archived; each one found is
   * copied and chained as `…r<revision>.media-<assetId>.json`. Given up on (logged as an error,
   * `gaveUpAt` set) after `mediaRetryMaxAgeMs`. Returns how many were archived.
   */
  async retryMissingMedia(
    now = new Date(),
  ): Promise<{ archived: number; stillMissing: number; gaveUp: number }> {
    let archived = 0;
    let stillMissing = 0;
    let gaveUp = 0;
    // what is missing right now (and what was given up on, skipped), 100 at a time in `_id` order:
    // `_id` ranges with a limit, answered by the index (a filter on gaveUpAt would be a scan)
    for await (const p of this.pendingMedia()) {
      if (p.gaveUpAt) continue;
      const found = await this.archiveMedia(p.portalId, [p.assetId]);
      if (found.missing.length) {
        if (now.getTime() - p.since.getTime() > this.mediaRetryMaxAgeMs) {
          this.logger?.error(
            { key: p.snapshotKey, assetId: p.assetId, since: p.since },
            "media asset never appeared in the media bucket; giving up (the archive lacks it)",
          );
          await this.pending.updateOne({ _id: p._id }, { $set: { gaveUpAt: now } });
          gaveUp++;
        } else stillMissing++;
        continue;
      }
      const key = mediaSupplementKey(p.snapshotKey, p.assetId);
      const body = Buffer.from(
        `${JSON.stringify(
          {
            snapshotKey: p.snapshotKey,
            itemId: p.itemId,
            portalId: p.portalId,
            revision: p.revision,
            archivedMedia: found,
          },
          null,
          2,
        )}\n`,
        "utf8",
      );
      await this.storeChained(key, async () => body);
      await this.pending.deleteOne({ _id: p._id });
      this.logger?.info({ key, assetId: p.assetId }, "media that was missing is now archived");
      archived++;
    }
    return { archived, stillMissing, gaveUp };
  }

  private async *pendingMedia(): AsyncGenerator<MediaPending> {
    let after = "";
    for (;;) {
      const page = await this.pending
        .find({ _id: { $gt: after } })
        .sort({ _id: 1 })
        .limit(100)
        .toArray();
      yield* page;
      if (page.length < 100) return;
      after = (page[page.length - 1] as MediaPending)._id;
    }
  }

  /** Copies every object under each asset's prefix (unique assets, in order). */
  async archiveMedia(portalId: string, assetIds: string[]): Promise<ArchivedMedia> {
    const out: ArchivedMedia = { objects: [], missing: [] };
    const mediaBucket = this.mediaBucket;
    const unique = [...new Set(assetIds)];
    if (!unique.length) return out;
    if (!mediaBucket) {
      out.missing = unique;
      return out;
    }
    for (const assetId of unique) {
      const prefix = mediaPrefix(portalId, assetId);
      const listed: { name: string; size: number; etag: string }[] = [];
      try {
        for await (const o of this.s3.listObjectsV2(mediaBucket, prefix, true)) {
          const obj = o as { name?: string; size?: number; etag?: string };
          if (obj.name)
            listed.push({ name: obj.name, size: obj.size ?? 0, etag: (obj.etag ?? "").replace(/"/g, "") });
        }
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
      if (!listed.length) {
        out.missing.push(assetId);
        continue;
      }
      listed.sort((a, b) => a.name.localeCompare(b.name));
      for (const o of listed) out.objects.push(await this.copyMediaObject(mediaBucket, assetId, o));
    }
    return out;
  }

  private async copyMediaObject(
    mediaBucket: string,
    assetId: string,
    src: { name: string; size: number; etag: string },
  ): Promise<MediaObjectRef> {
    const key = archivedMediaKey(src.name);
    const ref = (c: { size: number; sha256: string }): MediaObjectRef => ({
      assetId,
      key,
      source: src.name,
      size: c.size,
      sha256: c.sha256,
      etag: src.etag,
    });
    const known = await this.copies.findOne({ _id: key });
    let present: Minio.BucketItemStat | null = null;
    try {
      present = await this.s3.statObject(this.bucket, key);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    if (present && present.size === src.size) {
      // already held (an earlier revision, or a redelivery): keep it, do not copy again
      if (known && known.size === present.size) return ref(known);
      const h = await hashObject(this.s3, this.bucket, key);
      await this.recordCopy({ _id: key, ...h, sourceEtag: src.etag, at: new Date() });
      return ref(h);
    }
    if (present)
      this.logger?.warn(
        { key, held: present.size, source: src.size },
        "archived media object differs in size from the media bucket's; storing the current one as a new version",
      );
    const stat = await this.s3.statObject(mediaBucket, src.name);
    const t = tap();
    const source = await this.s3.getObject(mediaBucket, src.name);
    const meta: Record<string, string> = {
      "Content-Type": String(stat.metaData?.["content-type"] ?? "application/octet-stream"),
      "x-amz-meta-source-bucket": mediaBucket,
      "x-amz-meta-source-etag": src.etag,
    };
    await Promise.all([
      pipeline(source, t.stream).catch((e) => {
        t.stream.destroy(e);
        throw e;
      }),
      this.s3.putObject(this.bucket, key, t.stream, stat.size, meta),
    ]);
    const { bytes, sha256 } = t.result();
    const copied = { size: bytes, sha256 };
    await this.recordCopy({ _id: key, ...copied, sourceEtag: src.etag, at: new Date() });
    return ref(copied);
  }

  private async recordCopy(c: MediaCopy): Promise<void> {
    await this.copies.insertOne(c).catch(async (e) => {
      if ((e as { code?: number }).code !== 11000) throw e;
      // a new version replaced an earlier copy: the record follows it (one writer: this queue)
      await this.copies.replaceOne({ _id: c._id }, c);
    });
  }

  /** Stores an immutable object (kept as it is if already there) and appends it to the chain once. */
  private async storeChained(key: string, build: () => Promise<Buffer>): Promise<ManifestEntry | null> {
    if (await this.refs.findOne({ _id: key })) return null;
    // immutable: an object already there (a crash before the chain entry) is kept as it is
    let stored: Buffer;
    if (await exists(this.s3, this.bucket, key)) stored = await readObject(this.s3, this.bucket, key);
    else {
      stored = await build();
      await this.s3.putObject(this.bucket, key, stored, stored.length, {
        "Content-Type": "application/json; charset=utf-8",
      });
    }
    const media = mediaListed(stored);
    return this.serial(() => this.append(key, stored, media));
  }

  private async append(
    key: string,
    stored: Buffer,
    media: ArchivedMedia | undefined,
  ): Promise<ManifestEntry | null> {
    if (await this.refs.findOne({ _id: key })) return null;
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
        ...(media ? { media } : {}),
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
  ): Promise<{ checked: number; problems: string[]; media: { checked: number; missing: string[] } }> {
    const head = await this.head();
    const problems: string[] = [];
    const mediaSeen = new Map<string, string>();
    const mediaMissing = new Set<string>();
    let mediaChecked = 0;
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
        const listed = mediaListed(obj);
        for (const m of listed?.objects ?? []) {
          if (mediaSeen.get(m.key) === m.sha256) continue;
          try {
            const h = await hashObject(this.s3, this.bucket, m.key);
            if (h.sha256 !== m.sha256 || h.size !== m.size)
              problems.push(`s3://${this.bucket}/${m.key}: media content changed (listed by ${e.key})`);
            else mediaSeen.set(m.key, m.sha256);
            mediaChecked++;
          } catch (err) {
            problems.push(
              `s3://${this.bucket}/${m.key}: media cannot be read (${(err as Error).message}; listed by ${e.key})`,
            );
          }
        }
        for (const assetId of listed?.missing ?? []) mediaMissing.add(`${e.key}|${assetId}`);
        if (/\.media-[^/]+\.json$/.test(e.key)) {
          const of = JSON.parse(obj.toString("utf8")) as {
            snapshotKey?: string;
            archivedMedia?: ArchivedMedia;
          };
          for (const o of of.archivedMedia?.objects ?? [])
            mediaMissing.delete(`${of.snapshotKey}|${o.assetId}`);
        }
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
    // assets never archived are not tampering, but are reported (key|assetId)
    return { checked: head, problems, media: { checked: mediaChecked, missing: [...mediaMissing] } };
  }
}
