// The renditions job: after an upload is stored, derive what readers need (R-FMT, R-STD, R-PII):
// image renditions without metadata (then the upload itself is removed), duration/codecs and a
// poster frame for audio/video (ffprobe/ffmpeg read a short-lived presigned URL, so nothing big
// is held in memory), extracted text of documents for search. One asset at a time per process;
// assets left "processing" by a stopped process are picked up again at start.
// R-OPS-247: the waiting uploads of every replica (their `process|` markers) as the gauges
// cong_media_processing_queue_size and cong_media_processing_oldest_waiting_seconds, read on
// scrape (cached briefly), and counters of failed and postponed processing.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { isTransientError, type Logger, type Metrics, type Outbox } from "@cong/kit";
import type { Client } from "minio";
import type { Collection } from "mongodb";
import sharp from "sharp";
import { type AssetDoc, keyOf, ORIGINAL, prefixOf, processedEvent, type RenditionDoc } from "./asset.types";
import { posterFrame, probe } from "./probe";
import { buildRenditions } from "./renditions";
import { removePrefix } from "./store";
import { extractOdtText, extractText } from "./text";
import { STALE_MARK_MS, type Todo } from "./todo";

export interface ProcessorDeps {
  assets: Collection<AssetDoc>;
  texts: Collection<{ _id: string; portalId: string; text: string }>;
  outbox: Outbox;
  s3: Client;
  bucket: string;
  log: Logger;
  ffprobe: string;
  ffmpeg: string;
  /** markers of the assets still to process (`process|<id>`) */
  todo: Todo;
  /** the service's metrics (absent: no gauges, e.g. a seed script) */
  metrics?: Metrics;
  /** how long the queue figures of a scrape are reused */
  backlogCacheMs?: number;
}

/** The uploads waiting for processing, every replica's: how many and since when. */
export interface Backlog {
  size: number;
  oldestAt: Date | null;
}

/** Markers read for the queue figures at most (the queue is expected to be far shorter). */
const BACKLOG_SCAN = 10_000;

async function readObject(s3: Client, bucket: string, key: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of await s3.getObject(bucket, key)) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

/** How long one replica may hold an asset it processes before another may take it over. */
const LEASE_MS = 15 * 60_000;

export class Processor {
  private queue: string[] = [];
  private running: Promise<void> | null = null;
  private stopped = false;
  private idle: (() => void)[] = [];
  /** attempts of assets whose processing met an outage (postponed, not failed) */
  private readonly retries = new Map<string, number>();
  private readonly failures;
  private readonly postponed;
  private backlogCache: { at: number; value: Backlog } | null = null;
  private backlogReading: Promise<Backlog> | undefined;

  constructor(private readonly d: ProcessorDeps) {
    const m = d.metrics;
    this.failures = m?.counter(
      "cong_media_processing_failures_total",
      "uploads whose processing failed (the asset is marked failed)",
    );
    this.postponed = m?.counter(
      "cong_media_processing_postponed_total",
      "processing attempts postponed because S3 or the database was unavailable",
    );
    if (!m) return;
    const cached = async (): Promise<Backlog | null> => {
      const ttl = this.d.backlogCacheMs ?? 15_000;
      if (this.backlogCache && Date.now() - this.backlogCache.at < ttl) return this.backlogCache.value;
      this.backlogReading ??= this.backlog().finally(() => {
        this.backlogReading = undefined;
      });
      return this.backlogReading.catch((e: unknown) => {
        this.d.log.warn({ err: e }, "processing queue figures cannot be read");
        return this.backlogCache?.value ?? null;
      });
    };
    m.gauge(
      "cong_media_processing_queue_size",
      "uploads recorded and not yet processed, all replicas (process| markers)",
      [],
      async (g) => g.set((await cached())?.size ?? 0),
    );
    m.gauge(
      "cong_media_processing_oldest_waiting_seconds",
      "how long the oldest upload waiting for processing has waited (0: none waiting)",
      [],
      async (g) => {
        const b = await cached();
        g.set(b?.oldestAt ? Math.max(0, (Date.now() - b.oldestAt.getTime()) / 1000) : 0);
      },
    );
  }

  /**
   * The waiting uploads: `process|` markers whose asset is still `processing` (not deleted), and
   * young markers of an upload being recorded; leftovers (asset done, deleted, or never recorded
   * an hour on) are not work and are not counted. One `_id` range and one `_id` lookup.
   */
  async backlog(): Promise<Backlog> {
    const marks = await this.d.todo.list("process", BACKLOG_SCAN);
    const docs = marks.length
      ? await this.d.assets
          .find(
            { _id: { $in: marks.map((m) => m.assetId) } },
            { projection: { _id: 1, status: 1, deletedAt: 1 } },
          )
          .toArray()
      : [];
    const byId = new Map(docs.map((a) => [a._id, a]));
    const now = Date.now();
    let size = 0;
    let oldest: number | null = null;
    for (const m of marks) {
      const a = byId.get(m.assetId);
      const waiting = a ? a.status === "processing" && !a.deletedAt : now - m.at.getTime() <= STALE_MARK_MS;
      if (!waiting) continue;
      size++;
      if (oldest === null || m.at.getTime() < oldest) oldest = m.at.getTime();
    }
    const value = { size, oldestAt: oldest === null ? null : new Date(oldest) };
    this.backlogCache = { at: Date.now(), value };
    return value;
  }

  /**
   * Queues assets a previous process left unprocessed: those with a `process|` marker (one `_id`
   * range, never a scan of `assets`) that are still `processing`; markers with nothing left to do
   * are dropped.
   */
  async recover(): Promise<number> {
    const marks = await this.d.todo.list("process", 10_000);
    if (!marks.length) return 0;
    const docs = await this.d.assets
      .find(
        { _id: { $in: marks.map((m) => m.assetId) } },
        { projection: { _id: 1, status: 1, deletedAt: 1 } },
      )
      .toArray();
    const byId = new Map(docs.map((a) => [a._id, a]));
    let queued = 0;
    for (const m of marks) {
      const a = byId.get(m.assetId);
      // no asset: an upload that never got recorded (or one being recorded right now elsewhere)
      if (!a ? Date.now() - m.at.getTime() > STALE_MARK_MS : a.status !== "processing" || a.deletedAt)
        await this.d.todo.done("process", m.assetId);
      else if (a) {
        this.enqueue(m.assetId);
        queued++;
      }
    }
    return queued;
  }

  enqueue(id: string): void {
    if (this.stopped || this.queue.includes(id)) return;
    this.queue.push(id);
    this.running ??= this.loop().finally(() => {
      this.running = null;
      for (const f of this.idle.splice(0)) f();
    });
  }

  /** Resolves when the queue is empty (tests, shutdown). */
  drained(): Promise<void> {
    return this.running ? new Promise((r) => this.idle.push(r)) : Promise.resolve();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.queue = [];
    await this.drained();
  }

  private async loop(): Promise<void> {
    for (let id = this.queue.shift(); id; id = this.queue.shift()) {
      try {
        await this.process(id);
        this.retries.delete(id);
      } catch (e) {
        if (isTransientError(e) && !this.stopped) {
          // the store or the database is away: the upload is kept and tried again, never given up
          // over an outage (its `process|` marker also brings it back after a restart)
          const tries = (this.retries.get(id) ?? 0) + 1;
          this.retries.set(id, tries);
          this.postponed?.inc();
          const waitMs = Math.min(60_000, 1000 * 2 ** Math.min(tries - 1, 6));
          this.d.log.warn(
            { err: e, assetId: id, tries, waitMs },
            "processing postponed: a server is unavailable",
          );
          await this.d.assets
            .updateOne({ _id: id, status: "processing" }, { $unset: { leaseUntil: "" } })
            .catch(() => undefined);
          setTimeout(() => this.enqueue(id), waitMs).unref();
          continue;
        }
        this.retries.delete(id);
        this.failures?.inc();
        this.d.log.error({ err: e, assetId: id }, "processing failed");
        // an image that cannot be re-encoded must not keep its EXIF/GPS in storage (R-PII)
        const a = await this.d.assets.findOne({ _id: id }).catch(() => null);
        if (a?.kind === "image") await removePrefix(this.d.s3, this.d.bucket, prefixOf(a)).catch(() => 0);
        await this.d.assets
          .updateOne(
            { _id: id, status: "processing" },
            {
              $set: { status: "failed", failure: e instanceof Error ? e.message.slice(0, 300) : "error" },
              $unset: { leaseUntil: "" },
            },
          )
          .catch(() => undefined);
        await this.d.todo.done("process", id).catch(() => undefined);
      }
    }
  }

  private async process(id: string): Promise<void> {
    // a lease, so two replicas (both re-queue what is left at start) never work on one asset
    const at = new Date();
    const a = await this.d.assets.findOneAndUpdate(
      {
        _id: id,
        status: "processing",
        deletedAt: { $exists: false },
        $or: [{ leaseUntil: { $exists: false } }, { leaseUntil: { $lt: at } }],
      },
      { $set: { leaseUntil: new Date(at.getTime() + LEASE_MS) } },
      { returnDocument: "after" },
    );
    if (!a) {
      // done, deleted or gone: nothing left to do (another replica's lease keeps its marker)
      const now = await this.d.assets.findOne({ _id: id }, { projection: { status: 1, deletedAt: 1 } });
      if (now && (now.status !== "processing" || now.deletedAt)) await this.d.todo.done("process", id);
      return;
    }
    const set: Partial<AssetDoc> = {};
    let renditions: RenditionDoc[] = [];
    let text: string | undefined;
    const original = keyOf(a, ORIGINAL);
    if (a.kind === "image") {
      const outs = await buildRenditions(await readObject(this.d.s3, this.d.bucket, original));
      for (const r of outs) {
        await this.d.s3.putObject(this.d.bucket, keyOf(a, r.name), r.buffer, r.buffer.length, {
          "Content-Type": r.mimeType,
        });
        renditions.push({
          name: r.name,
          mimeType: r.mimeType,
          width: r.width,
          height: r.height,
          sizeBytes: r.buffer.length,
        });
      }
      const full = outs.find((r) => r.name === "full.jpg");
      if (full) Object.assign(set, { width: full.width, height: full.height });
      // the upload carried EXIF (GPS is personal data): only the re-encoded files remain
      await this.d.s3.removeObject(this.d.bucket, original);
    } else if (a.kind === "audio" || a.kind === "video") {
      const url = await this.d.s3.presignedGetObject(this.d.bucket, original, 15 * 60);
      const p = await probe(url, this.d.ffprobe);
      Object.assign(set, {
        codecs: p.codecs,
        ...(p.durationSeconds !== undefined ? { durationSeconds: p.durationSeconds } : {}),
        ...(p.width ? { width: p.width, height: p.height } : {}),
      });
      renditions.push({ name: ORIGINAL, mimeType: a.mimeType, sizeBytes: a.sizeBytes });
      if (a.kind === "video") {
        const at = p.durationSeconds && p.durationSeconds < 2 ? 0 : 1;
        const frame = await posterFrame(url, at, this.d.ffmpeg).catch((e: unknown) => {
          this.d.log.warn({ err: e, assetId: id }, "no poster frame");
          return null;
        });
        if (frame?.length) {
          const { data, info } = await sharp(frame)
            .jpeg({ quality: 82 })
            .toBuffer({ resolveWithObject: true });
          await this.d.s3.putObject(this.d.bucket, keyOf(a, "poster.jpg"), data, data.length, {
            "Content-Type": "image/jpeg",
          });
          renditions.push({
            name: "poster.jpg",
            mimeType: "image/jpeg",
            width: info.width,
            height: info.height,
            sizeBytes: data.length,
          });
        }
      }
    } else {
      renditions = [{ name: ORIGINAL, mimeType: a.mimeType, sizeBytes: a.sizeBytes }];
      const data = await readObject(this.d.s3, this.d.bucket, original);
      text = await this.documentText(a.mimeType, data).catch((e: unknown) => {
        this.d.log.warn({ err: e, assetId: id }, "no text extracted");
        return undefined;
      });
    }
    if (text) await this.d.texts.replaceOne({ _id: id }, { portalId: a.portalId, text }, { upsert: true });
    const processedAt = new Date();
    // a PATCH or captions change may have landed meanwhile: build the event from the current
    // document and write only if it is still that one (else read again)
    for (let attempt = 0; attempt < 5; attempt++) {
      const now = await this.d.assets.findOne({ _id: id });
      if (!now || now.deletedAt || now.status !== "processing") {
        if (now?.deletedAt) await removePrefix(this.d.s3, this.d.bucket, prefixOf(now));
        this.d.log.info({ assetId: id }, "asset deleted or done elsewhere while processing");
        if (now) await this.d.todo.done("process", id);
        return;
      }
      const fields = {
        ...set,
        renditions,
        textExtracted: Boolean(text),
        status: "ready" as const,
        processedAt,
      };
      const done = await this.d.outbox.findOneAndUpdate(
        this.d.assets,
        { _id: id, rev: now.rev ?? 0, status: "processing", deletedAt: { $exists: false } },
        { $set: fields, $unset: { leaseUntil: "" } },
        [processedEvent({ ...now, ...fields }, text)],
      );
      if (done) {
        await this.d.todo.done("process", id);
        return;
      }
    }
    throw new Error("asset kept changing while processing");
  }

  private async documentText(mime: string, data: Buffer): Promise<string> {
    if (mime !== "application/vnd.oasis.opendocument.text") return extractText(mime, data);
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "cong-media-"));
    try {
      const file = path.join(dir, "doc.odt");
      await fs.writeFile(file, data);
      return await extractOdtText(file);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }
}
