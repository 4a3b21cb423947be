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
//
// The pieces: objects.ts (keys, hashes, reading objects, the bucket), media-copies.ts (the media
// copies), chain-check.ts (verification); this class appends to the chain and keeps what is pending.
import type { ContentPublished, EventData } from "@cong/contracts";
import type { Logger } from "@cong/kit";
import type * as Minio from "minio";
import type { Collection, Db } from "mongodb";
import { type ChainVerificationResult, type VerifyOptions, verifyChain } from "./chain-check";
import { MediaCopies } from "./media-copies";
import {
  type ArchivedMedia,
  entryHash,
  exists,
  GENESIS,
  type ManifestEntry,
  manifestKey,
  mediaListed,
  mediaSupplementKey,
  readObject,
  sha256,
  snapshotKey,
} from "./objects";

export {
  type ArchivedMedia,
  archivedMediaKey,
  ensureArchiveBucket,
  entryHash,
  GENESIS,
  type ManifestEntry,
  type MediaObjectRef,
  manifestKey,
  mediaListed,
  mediaPrefix,
  mediaSupplementKey,
  readObject,
  sha256,
  snapshotKey,
} from "./objects";

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
  private queue: Promise<unknown> = Promise.resolve();
  private readonly mediaBucket: string | undefined;
  private readonly logger: Logger | undefined;
  private readonly mediaRetryMaxAgeMs: number;
  private readonly media: MediaCopies;

  constructor(
    db: Db,
    readonly s3: Minio.Client,
    readonly bucket: string,
    opts: ArchiveStoreOptions = {},
  ) {
    this.entries = db.collection<ManifestEntry>("manifest");
    this.refs = db.collection<SnapshotRef>("snapshots");
    this.meta = db.collection("meta");
    this.pending = db.collection<MediaPending>("media_pending");
    this.mediaBucket = opts.mediaBucket;
    this.logger = opts.logger;
    this.mediaRetryMaxAgeMs = opts.mediaRetryMaxAgeMs ?? 7 * 86_400_000;
    this.media = new MediaCopies(db, s3, bucket, opts.mediaBucket, opts.logger);
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
  archiveMedia(portalId: string, assetIds: string[]): Promise<ArchivedMedia> {
    return this.media.archive(portalId, assetIds);
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

  /** Re-reads every object and recomputes every hash and link (chain-check.ts). */
  async verify(opts: VerifyOptions = {}): Promise<Omit<ChainVerificationResult, "found">> {
    const { found: _found, ...r } = await verifyChain(this, opts);
    return r;
  }

  /** The same, with each problem's entry and kind (`found`). */
  verifyDetailed(opts: VerifyOptions = {}): Promise<ChainVerificationResult> {
    return verifyChain(this, opts);
  }
}
