// Shared set-up of media's integration tests against the REAL local servers: its own database,
// Kafka topic prefix and bucket per test file, the service in-process on port 0.
import type { AddressInfo } from "node:net";
import path from "node:path";
import {
  type CloudEvent,
  ContentPublished,
  ContentUnpublished,
  createEvent,
  type EventData,
  PortalUpdated,
  type TopicKey,
  Topics,
  toKafkaMessage,
} from "@cong/contracts";
import { createKafka, createLogger, type Logger } from "@cong/kit";
import { checkConformance, isolatedService, serverEnv, uniqueName } from "@cong/testing";
import { createMedia, type Media } from "../src/app";
import type { MediaConfig } from "../src/config";

export const env = serverEnv();
export const logger = createLogger({ service: "media-test", level: process.env.TEST_LOG_LEVEL ?? "silent" });
/**
 * Every answer a media started by `startMedia` gives this file's requests is checked against
 * media's OpenAPI document (route, status, content type, JSON body schema; binary bodies for
 * status and content type), and the file fails at its end naming each mismatch (issue 16).
 */
export const conformance = checkConformance({
  service: "media",
  document: path.join(__dirname, "../openapi.yaml"),
});

export interface RunningMedia {
  base: string;
  media: Media;
  prefix: string;
  bucket: string;
  config: MediaConfig;
  kafka: ReturnType<typeof createKafka>;
  publish(event: CloudEvent<unknown>, topic?: TopicKey): Promise<void>;
  /** every object name in the bucket */
  objects(prefix?: string): Promise<string[]>;
  close(): Promise<void>;
}

export async function startMedia(
  name: string,
  over: Partial<MediaConfig> = {},
  opts: { logger?: Logger } = {},
): Promise<RunningMedia> {
  const { prefix, base: shared, s3 } = isolatedService(name);
  const bucket = uniqueName(`${name}-media`).slice(0, 60);
  const config: MediaConfig = {
    ...shared,
    ...s3,
    MEDIA_BUCKET: bucket,
    MEDIA_LIMIT_IMAGE: 20 * 1024 * 1024,
    MEDIA_LIMIT_DOCUMENT: 50 * 1024 * 1024,
    MEDIA_LIMIT_AUDIO: 200 * 1024 * 1024,
    MEDIA_LIMIT_VIDEO: 2048 * 1024 * 1024,
    MEDIA_PART_SIZE: 8 * 1024 * 1024,
    MEDIA_LINK_SECRET: "media-test-link-secret-of-32-characters",
    MEDIA_LINK_TTL_SECONDS: 600,
    FFPROBE_PATH: "ffprobe",
    FFMPEG_PATH: "ffmpeg",
    ...over,
  };
  const media = await createMedia(config, { logger: opts.logger ?? logger });
  const { server } = await media.svc.serve(media.app, { host: "127.0.0.1" });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  conformance.watch(base);
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: "media-test", logger });
  const producer = kafka.producer();
  await producer.connect();
  const objects = async (p = "") => {
    const names: string[] = [];
    for await (const o of media.s3.listObjectsV2(bucket, p, true)) {
      const n = (o as { name?: string }).name;
      if (n) names.push(n);
    }
    return names.sort();
  };
  return {
    base,
    media,
    prefix,
    bucket,
    config,
    kafka,
    objects,
    async publish(event, key: TopicKey = "content") {
      await producer.send({ topic: `${prefix}${Topics[key]}`, messages: [toKafkaMessage(event)] });
    },
    async close() {
      await producer.disconnect().catch(() => undefined);
      await media.svc.db?.dropDatabase().catch(() => undefined);
      await media.svc.lifecycle.shutdown("test").catch(() => undefined);
      const names = await objects().catch(() => []);
      if (names.length) await media.s3.removeObjects(bucket, names).catch(() => undefined);
      for await (const u of media.s3.listIncompleteUploads(bucket, "", true)) {
        await media.s3.removeIncompleteUpload(bucket, (u as { key: string }).key).catch(() => undefined);
      }
      await media.s3.removeBucket(bucket).catch(() => undefined);
    },
  };
}

/** A multipart upload with fields before the file, as a browser form sends it. */
export function form(
  file: Buffer,
  filename: string,
  type: string,
  fields: Record<string, string> = {},
): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  f.append("file", new Blob([new Uint8Array(file)], { type }), filename);
  return f;
}

export const body = async (res: Response): Promise<any> => res.json();

/** A logger that keeps the lines it writes at `level` or above (assertions on warnings). */
export function capturingLogger(level = "warn"): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    service: "media-test",
    level,
    destination: { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) },
  });
  return { logger, lines };
}

/** A content.published event of `portalId` whose snapshot uses `assetIds` (as cover images). */
export function publishedEvent(itemId: string, portalId: string, assetIds: string[], revision = 1) {
  const ex = ContentPublished.example as EventData<typeof ContentPublished>;
  return createEvent(
    ContentPublished,
    {
      ...ex,
      itemId,
      portalId,
      revision,
      snapshot: {
        ...ex.snapshot,
        itemId,
        portalId,
        revision,
        locales: { vi: { ...ex.snapshot.locales.vi, title: `Tin ${itemId.slice(-4)} của ${portalId}` } },
        media: assetIds.map((assetId) => ({ assetId, role: "cover" as const, decorative: false })),
      },
    },
    { source: "/cong/content" },
  );
}

/** A portal.updated event of `portalId` with `emblem` as its banner's emblem (none: removed). */
export function portalUpdatedEvent(portalId: string, emblem: string | undefined, updatedAt: string) {
  const ex = PortalUpdated.example as EventData<typeof PortalUpdated>;
  const { emblem: _e, ...portal } = ex.portal;
  return createEvent(
    PortalUpdated,
    { ...ex, portal: { ...portal, portalId, ...(emblem ? { emblem: { assetId: emblem } } : {}) }, updatedAt },
    { source: "/cong/content" },
  );
}

/** A content.unpublished event (withdrawn) of `portalId`. */
export function unpublishedEvent(itemId: string, portalId: string, revision = 1) {
  const ex = ContentUnpublished.example as EventData<typeof ContentUnpublished>;
  return createEvent(ContentUnpublished, { ...ex, itemId, portalId, revision }, { source: "/cong/content" });
}

/** Records the statuses the service answered this file's requests with (@cong/testing). */
export { recordAnswers } from "@cong/testing";
