// Starts the content service in-process against the REAL local servers (Kafka, FerretDB,
// Keycloak) with its own database and topic prefix, and gives tests tokens, an HTTP client and
// the events the service published (parsed and validated against packages/contracts).

import path from "node:path";
import { type CloudEvent, fromKafkaMessage, parseEvent, type TopicKey, Topics } from "@cong/contracts";
import { createKafka, createLogger, ensureTopics } from "@cong/kit";
import { checkConformance, demoToken, serverEnv, uniqueName, waitFor } from "@cong/testing";
import type { MongoClient } from "mongodb";
import { type BuildOptions, buildContentService, type ContentService } from "../src/app";
import { type ContentConfig, loadContentConfig } from "../src/config";
import type { WorkingDays } from "../src/items/item.service";

export const env = serverEnv();

/**
 * Every answer content gives a test file that starts it through `start` (content's own tests, the
 * admin's and the e2e tests) is checked against content's OpenAPI document — route, status,
 * content type and JSON body schema — and the file fails at its end naming each mismatch
 * (issues 15 and 16; @cong/testing `checkConformance`). Outside jest (bench) nothing is checked.
 */
export const contentConformance = checkConformance({
  service: "content",
  document: path.join(__dirname, "../openapi.yaml"),
});
/** Checks the answers of a content app served at `base` by other means (the extras harness). */
export const recordContentAt = (base: string) => contentConformance.watch(base);

export function testConfig(name: string, extra: Record<string, string> = {}): ContentConfig {
  const db = uniqueName(name).replaceAll("-", "_");
  const cfg = loadContentConfig({
    PORT: "1",
    MANAGEMENT_PORT: "1",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "warn",
    MONGO_URL: `${env.MONGO_URL.replace(/\/$/, "")}/${db}`,
    KAFKA_BROKERS: env.KAFKA_BROKERS,
    KAFKA_TOPIC_PREFIX: `${uniqueName(name)}.`,
    KEYCLOAK_URL: env.KEYCLOAK_URL,
    KEYCLOAK_REALM: env.KEYCLOAK_REALM,
    SCHEDULE_POLL_MS: "500",
    ...extra,
  });
  return { ...cfg, PORT: 0, MANAGEMENT_PORT: 0 };
}

export interface Running {
  content: ContentService;
  base: string;
  stop(): Promise<void>;
}

/**
 * The working-day calendar with Vietnamese holidays from src/calendar (extras module) when it is
 * there; until then a Monday–Friday stand-in, so deadline-independent tests can run.
 */
export function testCalendar(): WorkingDays {
  try {
    const mod = require("../src/calendar") as Partial<WorkingDays>;
    if (typeof mod.addWorkingDays === "function") return { addWorkingDays: mod.addWorkingDays };
  } catch {
    /* not written yet */
  }
  return {
    addWorkingDays(date, n) {
      const d = new Date(date);
      let left = n;
      while (left > 0) {
        d.setUTCDate(d.getUTCDate() + 1);
        const day = new Date(d.getTime() + 7 * 3600_000).getUTCDay();
        if (day !== 0 && day !== 6) left--;
      }
      return d;
    },
  };
}

export async function start(config: ContentConfig, opts: BuildOptions = {}): Promise<Running> {
  // topics first, so the service's producer and the test's collector find them at once
  const kafka = createKafka({
    brokers: config.KAFKA_BROKERS,
    clientId: "content-test",
    logger: createLogger({ service: "content-test", level: "silent" }),
  });
  // the broker is shared and busy: creating topics may need a few tries
  for (let attempt = 0; ; attempt++) {
    try {
      await ensureTopics(kafka, { prefix: config.KAFKA_TOPIC_PREFIX ?? "" });
      break;
    } catch (e) {
      if (attempt >= 6) throw e;
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
  const content = await buildContentService(config, { calendar: testCalendar(), ...opts });
  const { port } = await content.serve("127.0.0.1");
  contentConformance.watch(`http://127.0.0.1:${port}`);
  return { content, base: `http://127.0.0.1:${port}`, stop: () => content.stop() };
}

/** A demo user's token from the local realm (see @cong/testing). */
export const token = (username: string): Promise<string> => demoToken(username);

export interface Reply<T = any> {
  status: number;
  body: T;
  /** the body as text, byte-order mark kept (CSV exports) */
  text: string;
  headers: Headers;
}

export function client(base: () => string) {
  return async function call<T = any>(
    method: string,
    path: string,
    user: string | null,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply<T>> {
    const h: Record<string, string> = { ...headers };
    if (user) h.authorization = `Bearer ${await token(user)}`;
    if (body !== undefined) h["content-type"] = "application/json";
    const res = await fetch(`${base()}${path}`, {
      method,
      headers: h,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    // keep a byte-order mark if there is one (CSV exports)
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await res.arrayBuffer());
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text.replace(/^\uFEFF/, "")) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed as T, text, headers: res.headers };
  };
}

/** Collects the content topic's events, each validated against its contract (throws otherwise). */
export async function collectEvents(content: ContentService, prefix: string) {
  const kafka = content.svc.kafka;
  if (!kafka) throw new Error("no kafka");
  return collectTopicEvents(kafka, prefix, "content", 30_000);
}

/**
 * Reads one of the platform's topics (with the test's prefix) from the beginning; events are
 * parsed and validated against packages/contracts, the raw bodies kept for checks on their text.
 */
export async function collectTopicEvents(
  kafka: NonNullable<ContentService["svc"]["kafka"]>,
  prefix: string,
  topic: TopicKey,
  defaultTimeoutMs: number,
) {
  const consumer = kafka.consumer({ groupId: `${prefix}test-collector` });
  const events: (CloudEvent<any> & { definition: { name: string } })[] = [];
  const raw: string[] = [];
  const invalid: unknown[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic: `${prefix}${Topics[topic]}`, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      raw.push(message.value?.toString() ?? "");
      try {
        events.push(parseEvent(fromKafkaMessage(message as never)) as never);
      } catch (e) {
        invalid.push(e);
      }
    },
  });
  return {
    events,
    raw,
    invalid,
    async waitFor(name: string, pred: (data: any) => boolean = () => true, timeoutMs = defaultTimeoutMs) {
      let found: (typeof events)[number] | undefined;
      await waitFor(
        () => {
          found = events.find((e) => e.definition.name === name && pred(e.data));
          return !!found;
        },
        { timeoutMs },
      );
      return found as (typeof events)[number];
    },
    stop: () => consumer.disconnect(),
  };
}

/** The demo portals a test needs, created through the API by the platform admin. */
export async function createPortals(
  call: ReturnType<typeof client>,
  which: ("stttt" | "tanyen" | "stp" | "lucngan")[],
) {
  const province = await call("POST", "/portals", "platform.admin", {
    kind: "province",
    placeName: "Bắc Giang",
    name: { vi: "Cổng Thông tin điện tử tỉnh Bắc Giang" },
    agency: { vi: "Ủy ban nhân dân tỉnh Bắc Giang" },
    languages: ["vi", "en"],
    boardMailbox: "banbientap@bacgiang.gov.vn",
    hotline: "0204 3854 485",
  });
  if (province.status !== 201)
    throw new Error(`province: ${province.status} ${JSON.stringify(province.body)}`);
  const defs = {
    stttt: {
      kind: "department",
      abbreviation: "STTTT",
      name: { vi: "Cổng Thông tin điện tử Sở Thông tin và Truyền thông" },
      agency: { vi: "Sở Thông tin và Truyền thông" },
    },
    stp: {
      kind: "department",
      abbreviation: "STP",
      name: { vi: "Cổng Thông tin điện tử Sở Tư pháp" },
      agency: { vi: "Sở Tư pháp" },
    },
    tanyen: {
      kind: "district",
      placeName: "Tân Yên",
      name: { vi: "Cổng Thông tin điện tử huyện Tân Yên" },
      agency: { vi: "Ủy ban nhân dân huyện Tân Yên" },
    },
    lucngan: {
      kind: "district",
      placeName: "Lục Ngạn",
      name: { vi: "Cổng Thông tin điện tử huyện Lục Ngạn" },
      agency: { vi: "Ủy ban nhân dân huyện Lục Ngạn" },
    },
  };
  for (const id of which) {
    const r = await call("POST", "/portals", "platform.admin", {
      ...defs[id],
      boardMailbox: `banbientap@${id}.bacgiang.gov.vn`,
      hotline: "0204 3555 000",
    });
    if (r.status !== 201) throw new Error(`${id}: ${r.status} ${JSON.stringify(r.body)}`);
  }
}

export function waitUntil(fn: () => Promise<boolean> | boolean, timeoutMs = 30_000) {
  return waitFor(fn, { timeoutMs });
}

/** A stttt article written by its focal officer and approved by a board member; its id and version. */
export async function approvedArticle(call: ReturnType<typeof client>, title: string) {
  const created = await call("POST", "/portals/stttt/items", "stttt.focal-officer", {
    kind: "article",
    locales: { vi: { title, bodyHtml: "<p>Tin</p>" } },
  });
  const id = created.body.itemId as string;
  const submitted = await call("POST", `/portals/stttt/items/${id}/submit`, "stttt.focal-officer", {
    version: created.body.version,
  });
  const approved = await call("POST", `/portals/stttt/items/${id}/approve`, "stttt.board-member", {
    version: submitted.body.version,
  });
  return { id, version: approved.body.version as number };
}

/** The service's database client, for watching the queries it sends (MONGO_URL with `monitorCommands=true`). */
export function mongoClientOf(svc: { mongo?: { getClient(): MongoClient } }): MongoClient {
  const client = svc.mongo?.getClient();
  if (!client) throw new Error("the service has no database");
  return client;
}
