// Test helpers: start publishing in-process against the real Kafka and Mongo with a fresh database
// and topic prefix, produce contract events onto Kafka, and GET pages with a chosen Host.
import http from "node:http";
import net from "node:net";
import path from "node:path";
import {
  type CloudEvent,
  ContentPublished,
  type ContentSnapshot,
  createEvent,
  type EventDefinition,
  type PortalSnapshot,
  PortalUpdated,
  toKafkaMessage,
} from "@cong/contracts";
import { createKafka, createLogger } from "@cong/kit";
import { checkConformance, serverEnv, uniqueName } from "@cong/testing";
import type { z } from "zod";
import { type RunningPublishing, startPublishing } from "../src/app";
import { loadPublishingConfig } from "../src/config";

export const env = serverEnv();
/**
 * Every answer a harness's publishing gives this file's requests (`get`/`post`, and fetch) is
 * checked against publishing's OpenAPI document (route, status, content type, JSON body schema;
 * HTML, XML and text for status and content type), and the file fails at its end naming each
 * mismatch (issue 16). Pages a browser loads are not seen here.
 */
export const conformance = checkConformance({
  service: "publishing",
  document: path.join(__dirname, "../openapi.yaml"),
});
type Producer = ReturnType<ReturnType<typeof createKafka>["producer"]>;
const source = "/cong/content";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      const port = typeof a === "object" && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface Harness {
  pub: RunningPublishing;
  prefix: string;
  dbName: string;
  producer: Producer;
  send<D extends EventDefinition>(def: D, data: z.input<D["schema"]>, time?: Date): Promise<CloudEvent>;
  get(host: string, path: string, headers?: Record<string, string>): Promise<Res>;
  post(
    host: string,
    path: string,
    form: Record<string, string>,
    headers?: Record<string, string>,
  ): Promise<Res>;
  close(): Promise<void>;
}

export interface Res {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export async function startHarness(name: string, extra: Record<string, string> = {}): Promise<Harness> {
  const prefix = `${uniqueName(name)}.`;
  const dbName = prefix.replaceAll(/[.-]/g, "_").slice(0, 60);
  const port = await freePort();
  const config = loadPublishingConfig({
    ...env,
    PORT: String(port),
    MANAGEMENT_PORT: String(await freePort()),
    MONGO_URL: `${env.MONGO_URL.replace(/\/$/, "")}/${dbName}`,
    KAFKA_TOPIC_PREFIX: prefix,
    // links carry this port: the public origin comes from configuration (issue 15.2)
    PUBLIC_DOMAIN: `bacgiang.localhost:${port}`,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    PAGEVIEWS_FLUSH_MS: "600000",
    FORM_RATE_LIMIT: "1000",
    ...extra,
  });
  const pub = await startPublishing(config, { host: "127.0.0.1" });
  conformance.watch(`http://127.0.0.1:${pub.port}`);
  const kafka = createKafka({
    brokers: env.KAFKA_BROKERS.split(","),
    clientId: "publishing-test",
    logger: createLogger({ service: "publishing-test", level: "silent" }),
  });
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  const request = (
    method: string,
    host: string,
    path: string,
    body?: string,
    headers: Record<string, string> = {},
  ) =>
    new Promise<Res>((resolve, reject) => {
      const req = http.request(
        {
          host: "127.0.0.1",
          port: pub.port,
          method,
          path,
          headers: {
            host: `${host}:${pub.port}`,
            ...headers,
            ...(body
              ? {
                  "content-type": "application/x-www-form-urlencoded",
                  "content-length": String(Buffer.byteLength(body)),
                }
              : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c) => chunks.push(c));
          res.on("end", () => {
            const answer = {
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString("utf8"),
            };
            const contentType = res.headers["content-type"];
            conformance.record({ method, url: path, status: answer.status, contentType, body: answer.body });
            resolve(answer);
          });
        },
      );
      req.on("error", reject);
      if (body) req.write(body);
      req.end();
    });
  return {
    pub,
    prefix,
    dbName,
    producer,
    async send(def, data, time) {
      const event = createEvent(def, data, { source, ...(time ? { time } : {}) });
      await producer.send({ topic: `${prefix}${def.topic}`, acks: -1, messages: [toKafkaMessage(event)] });
      return event;
    },
    get: (host, path, headers) => request("GET", host, path, undefined, headers),
    post: (host, path, form, headers) =>
      request("POST", host, path, new URLSearchParams(form).toString(), headers),
    async close() {
      await producer.disconnect();
      await pub.stop();
      const { MongoClient } = await import("mongodb");
      const c = await new MongoClient(env.MONGO_URL).connect();
      await c
        .db(dbName)
        .dropDatabase()
        .catch(() => undefined);
      await c.close();
    },
  };
}

export const actor = {
  id: "2a9e4f6b-7c1d-4b0e-8f3a-5d6c7b8a9e01",
  username: "stttt.board-member",
  name: "Lý Văn Phúc",
};

export function portal(portalId: string, over: Partial<PortalSnapshot> = {}): PortalSnapshot {
  const province = portalId === "bacgiang";
  const names: Record<string, string> = {
    bacgiang: "Cổng Thông tin điện tử tỉnh Bắc Giang",
    stttt: "Cổng Thông tin điện tử Sở Thông tin và Truyền thông",
    tanyen: "Cổng Thông tin điện tử huyện Tân Yên",
  };
  return {
    portalId,
    kind: province ? "province" : portalId === "tanyen" ? "district" : "department",
    name: {
      vi: names[portalId] ?? `Cổng ${portalId}`,
      ...(province ? { en: "Bac Giang Provincial Web Portal" } : {}),
    },
    agency: { vi: province ? "Ủy ban nhân dân tỉnh Bắc Giang" : `Cơ quan ${portalId}` },
    host: province ? "bacgiang.gov.vn" : `${portalId}.bacgiang.gov.vn`,
    parentPortalId: province ? null : "bacgiang",
    languages: province ? ["vi", "en"] : ["vi"],
    boardMailbox: province ? "banbientap@bacgiang.gov.vn" : `banbientap@${portalId}.bacgiang.gov.vn`,
    hotline: "0204 3854 555",
    address: "Số 82 đường Hùng Vương, thành phố Bắc Giang",
    categories: [
      {
        categoryId: `${portalId}-tin-tuc`,
        slug: "tin-tuc-su-kien",
        name: { vi: "Tin tức - Sự kiện", en: "News" },
        parentId: null,
        retentionClass: "limited-5y",
        mandatory: true,
        order: 1,
      },
      {
        categoryId: `${portalId}-van-ban`,
        slug: "van-ban-phap-luat",
        name: { vi: "Văn bản pháp luật", en: "Legal documents" },
        parentId: null,
        retentionClass: "permanent",
        mandatory: true,
        order: 2,
      },
    ],
    active: true,
    ...over,
  };
}

let seq = 0;
export function itemId(): string {
  seq++;
  return `it${Date.now().toString(36)}${seq.toString().padStart(4, "0")}`;
}

export function snapshot(
  portalId: string,
  id: string,
  revision: number,
  title: string,
  slug: string,
  over: Partial<ContentSnapshot> = {},
): ContentSnapshot {
  const at = new Date(Date.now() - 1000 * (100 - revision)).toISOString();
  return {
    itemId: id,
    portalId,
    revision,
    kind: "article",
    categoryIds: [`${portalId}-tin-tuc`],
    retentionClass: "limited-5y",
    locales: {
      vi: {
        title,
        slug,
        summary: `Tóm tắt: ${title}`,
        bodyHtml: `<p>${title} — nội dung chi tiết của bài viết.</p>`,
        previousSlugs: [],
      },
    },
    agency: "Sở Thông tin và Truyền thông",
    contributors: [{ name: "Dương Thị Oanh", role: "tác giả" }],
    firstPublishedAt: at,
    publishedAt: at,
    media: [],
    tags: [],
    ...over,
  };
}

export function publishData(s: ContentSnapshot) {
  return {
    itemId: s.itemId,
    portalId: s.portalId,
    revision: s.revision,
    publishedAt: s.publishedAt,
    publishedBy: actor,
    snapshot: s,
  };
}

export async function seedPortals(h: Harness, ids = ["bacgiang", "stttt", "tanyen"]): Promise<void> {
  for (const id of ids)
    await h.send(PortalUpdated, {
      portal: portal(id),
      updatedBy: actor,
      updatedAt: new Date().toISOString(),
    });
}

export { ContentPublished };
