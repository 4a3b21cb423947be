// Test helpers: start publishing in-process against the real Kafka and Mongo with a fresh database
// and topic prefix, produce contract events onto Kafka, and GET pages with a chosen Host.
import http from "node:http";
import path from "node:path";
import {
  type CloudEvent,
  ContentPublished,
  createEvent,
  type EventDefinition,
  PortalUpdated,
  toKafkaMessage,
} from "@cong/contracts";
import { createKafka, createLogger } from "@cong/kit";
import { checkConformance, freePort, serverEnv, uniqueName } from "@cong/testing";
import type { z } from "zod";
import { type RunningPublishing, startPublishing } from "../src/app";
import { loadPublishingConfig } from "../src/config";
import { actor, portal } from "./samples";

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
export { actor, itemId, portal, publishData, snapshot } from "./samples";

type Producer = ReturnType<ReturnType<typeof createKafka>["producer"]>;
const source = "/cong/content";

/** A free port that survives its server being stopped and started again (@cong/testing ports.ts). */
export { freePort };

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

export async function seedPortals(h: Harness, ids = ["bacgiang", "stttt", "tanyen"]): Promise<void> {
  for (const id of ids)
    await h.send(PortalUpdated, {
      portal: portal(id),
      updatedBy: actor,
      updatedAt: new Date().toISOString(),
    });
}

export { ContentPublished };
