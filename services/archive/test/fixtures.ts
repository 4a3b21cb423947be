// Shared set-up of archive's integration tests, against the REAL local servers: its own database,
// Kafka topic prefix and bucket per test file, the service in-process on port 0, a fixed clock.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import {
  type CloudEvent,
  ContentPublished,
  createEvent,
  type EventData,
  fromKafkaMessage,
  parseEvent,
  type TopicKey,
  Topics,
  toKafkaMessage,
} from "@cong/contracts";
import { createKafka, createLogger } from "@cong/kit";
import { MongoClient } from "mongodb";

type Kafka = ReturnType<typeof createKafka>;
type Producer = ReturnType<Kafka["producer"]>;

import { checkConformance, demoToken, isolatedService, serverEnv, uniqueName, waitFor } from "@cong/testing";
import { type Archive, createArchive } from "../src/app";
import { type Clock, fixedClock } from "../src/clock";
import type { ArchiveConfig } from "../src/config";

export const env = serverEnv();
/**
 * Every answer an archive started by `startArchive` gives this file's requests is checked against
 * archive's OpenAPI document (route, status, content type, JSON body schema; PDF and spreadsheet
 * bodies for status and content type), and the file fails at its end naming each mismatch (issue 16).
 */
export const conformance = checkConformance({
  service: "archive",
  document: path.join(__dirname, "../openapi.yaml"),
});
export const logger = createLogger({
  service: "archive-test",
  level: process.env.TEST_LOG_LEVEL ?? "silent",
});

/** A password-grant token; retried, as Keycloak may refuse one of several parallel logins of a user. */
/** A demo user's access token (shared helper: cached, retried while Keycloak is busy). */
export const token = (username: string): Promise<string> => demoToken(username);

export interface RunningArchive {
  base: string;
  archive: Archive;
  prefix: string;
  dbName: string;
  bucket: string;
  config: ArchiveConfig;
  clock: ReturnType<typeof fixedClock>;
  kafka: Kafka;
  producer: Producer;
  publish(event: CloudEvent<unknown>, topic?: TopicKey): Promise<void>;
  close(): Promise<void>;
}

export async function startArchive(
  name: string,
  at = "2026-11-28T02:05:00Z",
  over: Partial<ArchiveConfig> = {},
  opts: { monitorCommands?: boolean } = {},
): Promise<RunningArchive> {
  const { prefix, dbName, base: shared, s3 } = isolatedService(name);
  // monitorCommands: the tests that prove every query of a list uses the `_id` index
  if (opts.monitorCommands) shared.MONGO_URL = `${shared.MONGO_URL}?monitorCommands=true`;
  const bucket = uniqueName(`${name}-arch`).slice(0, 60);
  const clock = fixedClock(at);
  const config: ArchiveConfig = {
    ...shared,
    ...s3,
    ARCHIVE_BUCKET: bucket,
    RETENTION_CHECK_INTERVAL_MS: 60_000,
    MEDIA_BUCKET: "cong-media",
    MEDIA_RETRY_INTERVAL_MS: 60_000,
    MEDIA_RETRY_MAX_AGE_MS: 7 * 86_400_000,
    AVAILABILITY_PROBE_INTERVAL_MS: 60_000,
    PROVINCIAL_PORTAL_ID: "bacgiang",
    // this file's own mailbox; no SMTP_URL, so no mailer unless a test passes one (incident-mail.test.ts)
    TECH_UNIT_MAILBOX: `${dbName.replaceAll("_", "-")}@tech.bacgiang.localhost`,
    ...over,
  };
  // background work off: the tests drive the scheduler, the chain verification, the media retry
  // and the probe themselves
  const archive = await createArchive(config, {
    logger,
    clock: clock as Clock,
    scheduler: false,
    mediaRetry: false,
    probe: false,
    chainVerify: false,
  });
  const { server } = await archive.svc.serve(archive.app, { host: "127.0.0.1" });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  conformance.watch(base);
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: "archive-test", logger });
  const producer = kafka.producer();
  await producer.connect();
  return {
    base,
    archive,
    prefix,
    dbName,
    bucket,
    config,
    clock,
    kafka,
    producer,
    async publish(event, key: TopicKey = "content") {
      const topic = `${prefix}${Topics[key]}`;
      await producer.send({ topic, messages: [toKafkaMessage(event)] });
    },
    async close() {
      await producer.disconnect().catch(() => undefined);
      await archive.svc.db?.dropDatabase().catch(() => undefined);
      await archive.svc.lifecycle.shutdown("test").catch(() => undefined);
      const s3 = archive.s3;
      const keys: string[] = [];
      for await (const o of s3.listObjectsV2(bucket, "", true)) if (o.name) keys.push(o.name);
      if (keys.length) await s3.removeObjects(bucket, keys).catch(() => undefined);
      await s3.removeBucket(bucket).catch(() => undefined);
    },
  };
}

let seq = 0;
/** A content.published event for a fresh item; the id is 24 hex digits, like the content service's. */
export function published(
  portalId: string,
  over: {
    itemId?: string;
    revision?: number;
    kind?: EventData<typeof ContentPublished>["snapshot"]["kind"];
    retentionClass?: "limited-5y" | "permanent";
    categoryIds?: string[];
    title?: string;
    agency?: string;
    at?: string;
    media?: EventData<typeof ContentPublished>["snapshot"]["media"];
    summary?: string;
    bodyHtml?: string;
    /** the item's first publication, when this is a later revision */
    firstPublishedAt?: string;
  } = {},
) {
  seq++;
  const itemId =
    over.itemId ?? `${Date.now().toString(16).padStart(12, "0")}${String(seq).padStart(12, "0")}`.slice(-24);
  const at = over.at ?? "2026-11-28T02:05:00.000Z";
  const title = over.title ?? `Hội nghị chuyển đổi số tỉnh Bắc Giang số ${seq}`;
  const actor = { id: "2a9e4f6b-7c1d-4b0e-8f3a-5d6c7b8a9e01", username: `${portalId}.board-member` };
  const data: EventData<typeof ContentPublished> = {
    itemId,
    portalId,
    revision: over.revision ?? 1,
    publishedAt: at,
    publishedBy: actor,
    snapshot: {
      itemId,
      portalId,
      revision: over.revision ?? 1,
      kind: over.kind ?? "article",
      categoryIds: over.categoryIds ?? ["cat-tin-tuc-su-kien"],
      retentionClass: over.retentionClass ?? "limited-5y",
      locales: {
        vi: {
          title,
          slug: `bai-viet-${seq}`,
          summary: over.summary ?? "Sở Thông tin và Truyền thông tổ chức hội nghị tổng kết.",
          bodyHtml: over.bodyHtml ?? "<p>Sáng 28/11, hội nghị được tổ chức tại thành phố Bắc Giang.</p>",
          previousSlugs: [],
        },
      },
      agency: over.agency ?? "Sở Thông tin và Truyền thông",
      author: actor,
      contributors: [],
      firstPublishedAt: over.firstPublishedAt ?? at,
      publishedAt: at,
      media: over.media ?? [],
      tags: [],
    },
  };
  return { itemId, data, event: createEvent(ContentPublished, data, { source: "/cong/content" }) };
}

/** Reads a topic from the beginning until `count` events arrived; each validated by its contract. */
export async function readEvents(
  kafka: Kafka,
  prefix: string,
  key: TopicKey,
  count: number,
  timeoutMs = 60_000,
) {
  const topic = `${prefix}${Topics[key]}`;
  const consumer = kafka.consumer({ groupId: `${prefix}reader-${Math.random().toString(36).slice(2)}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const events: ReturnType<typeof parseEvent>[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(
        () => reject(new Error(`only ${events.length}/${count} events on ${topic}`)),
        timeoutMs,
      );
      void consumer.run({
        eachMessage: async ({ message }) => {
          events.push(parseEvent(fromKafkaMessage(message)));
          if (events.length >= count) {
            clearTimeout(t);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return events;
}

export { waitFor };

/** The JSON body of a response, loosely typed for assertions. */
export const body = async (res: Response): Promise<any> => res.json();

/** archive's CLI (`src/cli.ts` through tsx, as the chart's Jobs run dist/cli.js) against the shared S3. */
export function cli(args: string[], extra: Record<string, string>) {
  return spawnSync(
    path.join(__dirname, "..", "node_modules", ".bin", "tsx"),
    [path.join(__dirname, "..", "src", "cli.ts"), ...args],
    {
      env: {
        ...process.env,
        S3_ENDPOINT: env.S3_ENDPOINT,
        S3_ACCESS_KEY: env.S3_ACCESS_KEY,
        S3_SECRET_KEY: env.S3_SECRET_KEY,
        BACKUP_ENCRYPTION_KEY: "",
        ...extra,
      },
      encoding: "utf8",
    },
  );
}

/**
 * What the backup tests share: a backup target folder, a small `<name>_…_content` database of
 * `documents` items of `portalId` to back up, and an archive reading that target (BACKUP_TARGET).
 */
export function backupScene(name: string, portalId: string, documents: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cong-${name}-`));
  const portalDb = `${uniqueName(name).replaceAll("-", "_")}_content`;
  const mongo = new MongoClient(env.MONGO_URL);
  return {
    dir,
    portalDb,
    mongo,
    async setUp(): Promise<RunningArchive> {
      await mongo.connect();
      await mongo
        .db(portalDb)
        .collection("items")
        .insertMany(
          Array.from({ length: documents }, (_, i) => ({ portalId, title: `Thông báo số ${i}/TB-UBND` })),
        );
      return startArchive(name, "2026-11-28T02:05:00Z", { BACKUP_TARGET: dir });
    },
    async tearDown(a: RunningArchive | undefined): Promise<void> {
      await a?.close();
      await mongo.db(portalDb).dropDatabase();
      await mongo.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
