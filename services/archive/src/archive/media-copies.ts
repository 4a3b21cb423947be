// Copies of the media an archived revision uses (R-RETAIN): every object under
// `<portalId>/<assetId>/` of the media bucket is streamed (get → put, hashed on the way) to
// `media/<portalId>/<assetId>/<name>` of the archive bucket — once: an object already held with the
// same size is reused (its sha256 from `media_copies`, else re-hashed). The only code that touches
// `media_copies`.
import { pipeline } from "node:stream/promises";
import type { Logger } from "@cong/kit";
import type * as Minio from "minio";
import type { Collection, Db } from "mongodb";
import { tap } from "../hashing";
import {
  type ArchivedMedia,
  archivedMediaKey,
  hashObject,
  isNotFound,
  type MediaObjectRef,
  mediaPrefix,
} from "./objects";

/** What was copied of each archive media key (`_id` = key; insert-only, first copy wins). */
interface MediaCopy {
  _id: string;
  size: number;
  sha256: string;
  sourceEtag: string;
  at: Date;
}

export class MediaCopies {
  private readonly copies: Collection<MediaCopy>;

  constructor(
    db: Db,
    private readonly s3: Minio.Client,
    /** the archive bucket */
    private readonly bucket: string,
    /** media's bucket; without it every asset is missing */
    private readonly mediaBucket: string | undefined,
    private readonly logger: Logger | undefined,
  ) {
    this.copies = db.collection<MediaCopy>("media_copies");
  }

  /** Copies every object under each asset's prefix (unique assets, in order). */
  async archive(portalId: string, assetIds: string[]): Promise<ArchivedMedia> {
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
      for (const o of listed) out.objects.push(await this.copyObject(mediaBucket, assetId, o));
    }
    return out;
  }

  private async copyObject(
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
}
