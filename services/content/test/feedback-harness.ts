// Test harness of the extras module (feedback, comments, ad slots): a kit service against the REAL
// local servers (FerretDB, Kafka, Keycloak) with its own database and topic prefix, the extras
// mounted on it, and simple Mongo-backed implementations of the sibling module's ports
// (PortalReader, ItemPort) — so these tests do not depend on the core content module.

import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { ContentMailRequested, Topics } from "@cong/contracts";
import {
  baseConfig,
  createKafka,
  createLogger,
  ensureTopics,
  kafkaConfig,
  keycloakConfig,
  loadConfig,
  type Mailer,
  mongoConfig,
  type Service,
  serviceMailer,
  smtpSettings,
  startService,
} from "@cong/kit";
import { demoToken, serverEnv, uniqueName } from "@cong/testing";
import express from "express";
import { type ExtrasOptions, type MountedExtras, mountExtras } from "../src/extras";
import type { ItemPort, PortalInfo, PublicItemInfo } from "../src/ports";
import { client, collectTopicEvents, recordContentAt } from "./helpers";

export type { Reply } from "./helpers";

export const env = serverEnv();

export interface Harness {
  svc: Service;
  base: string;
  prefix: string;
  logs: string[];
  clock: { now: Date };
  addPortal(p: Partial<PortalInfo> & { portalId: string }): Promise<void>;
  addItem(i: Partial<PublicItemInfo> & { itemId: string; portalId: string }): Promise<void>;
  qaSubmissions(): Promise<Record<string, unknown>[]>;
  handover: MountedExtras["handover"];
  /** content's mailer over the local Mailpit (harness option `mail`), as app.ts starts it */
  mailer: Mailer | null;
  stop(): Promise<void>;
}

export async function startExtras(
  name: string,
  opts: Omit<ExtrasOptions, "now"> = {},
  harness: {
    logLevel?: string;
    monitorCommands?: boolean;
    mail?: boolean;
    /** another SMTP server than the shared one (a private Mailpit the test stops), retried within 1 s */
    smtpUrl?: string;
  } = {},
): Promise<Harness> {
  const prefix = `${uniqueName(name)}.`;
  const db = prefix.replaceAll(/[.-]/g, "_").replace(/_$/, "");
  const config = loadConfig(
    { ...baseConfig, ...mongoConfig, ...kafkaConfig, ...keycloakConfig },
    {
      PORT: "1",
      MANAGEMENT_PORT: "1",
      LOG_LEVEL: harness.logLevel ?? "debug",
      // monitorCommands: the tests that prove every query uses the `_id` index (pushdown.ts)
      MONGO_URL: `${env.MONGO_URL.replace(/\/$/, "")}/${db}${harness.monitorCommands ? "?monitorCommands=true" : ""}`,
      KAFKA_BROKERS: env.KAFKA_BROKERS,
      KAFKA_TOPIC_PREFIX: prefix,
      KEYCLOAK_URL: env.KEYCLOAK_URL,
      KEYCLOAK_REALM: env.KEYCLOAK_REALM,
    },
  );
  const kafka = createKafka({
    brokers: env.KAFKA_BROKERS.split(","),
    clientId: "extras-test",
    logger: createLogger({ service: "extras-test", level: "silent" }),
  });
  for (let attempt = 0; ; attempt++) {
    try {
      await ensureTopics(kafka, { prefix, names: [Topics.feedback, Topics.contentMail] });
      break;
    } catch (e) {
      if (attempt >= 6) throw e;
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
  // every log line the service writes, to prove personal data never reaches them (R-PII)
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const logger = createLogger({ service: "content", level: "debug", destination });
  const svc = await startService({
    name: "content",
    config: { ...config, PORT: 0, MANAGEMENT_PORT: 0 },
    mongo: true,
    kafka: { outbox: true },
    auth: true,
    logger,
  });
  const sdb = svc.db;
  if (!sdb) throw new Error("no db");
  const portals = sdb.collection<PortalInfo & { _id: string }>("test_portals");
  const items = sdb.collection<PublicItemInfo & { _id: string }>("test_items");
  const qa = sdb.collection<Record<string, unknown> & { _id: string }>("test_qa");
  const itemPort: ItemPort = {
    async getPublic(itemId) {
      const d = await items.findOne({ _id: itemId });
      if (!d) return null;
      const { _id, ...rest } = d;
      return rest;
    },
    async waitingForReview(portalId, limit) {
      const docs = await items
        .find({ portalId, reviewState: "submitted" } as never)
        .limit(limit)
        .toArray();
      return docs.map((x) => ({
        itemId: x._id,
        title: String((x as { title?: string }).title ?? ""),
        submittedAt: null,
        dueBy: ((x as { dueBy?: Date }).dueBy as Date | undefined) ?? null,
      }));
    },
    async createQaSubmission(input) {
      const itemId = `qa${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
      await qa.insertOne({ _id: itemId, ...input });
      return { itemId };
    },
  };
  const clock = { now: new Date() };
  const mailer = harness.mail
    ? serviceMailer(
        svc,
        "contentMailer",
        [ContentMailRequested],
        smtpSettings(
          harness.smtpUrl
            ? { SMTP_URL: harness.smtpUrl, SMTP_RETRY_MAX_MS: 1000 }
            : { SMTP_URL: env.SMTP_URL },
        ),
      )
    : null;
  const app = svc.httpApp();
  const router = express.Router();
  const mounted = mountExtras(router, {
    svc,
    portals: {
      async get(portalId) {
        const d = await portals.findOne({ _id: portalId });
        if (!d) return null;
        const { _id, ...rest } = d;
        return rest;
      },
    },
    items: itemPort,
    options: { ...opts, now: () => clock.now },
  });
  await mounted.ready;
  app.use(router);
  const { server } = await svc.serve(app, { host: "127.0.0.1" });
  recordContentAt(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  return {
    svc,
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    prefix,
    logs,
    clock,
    async addPortal(p) {
      await portals.insertOne({
        _id: p.portalId,
        kind: "department",
        name: `Cổng ${p.portalId}`,
        boardMailbox: `banbientap.${p.portalId}@bacgiang.gov.vn`,
        hotline: "0204 3854 485",
        active: true,
        ...p,
      });
    },
    async addItem(i) {
      await items.insertOne({
        _id: i.itemId,
        kind: "article",
        published: true,
        isLegalDocument: false,
        commentsEnabled: true,
        ...i,
      });
    },
    qaSubmissions: () => qa.find({}).toArray(),
    handover: mounted.handover,
    mailer,
    async stop() {
      await svc.lifecycle.shutdown("test done");
    },
  };
}

/** A demo user's token from the local realm (see @cong/testing). */
export const token = (username: string): Promise<string> => demoToken(username);

/** Calls the harness's API as a demo user (the content tests' client). */
export const caller = (h: () => Harness) => client(() => h().base);

/** Collects the feedback topic's events, each parsed and validated against its contract. */
export async function collectFeedbackEvents(h: Harness) {
  const kafka = h.svc.kafka;
  if (!kafka) throw new Error("no kafka");
  return collectTopicEvents(kafka, h.prefix, "feedback", 45_000);
}
