// Wires what a service needs, so its main.ts reads like a list:
//   const svc = await startService({ name: "content", config, mongo: true, kafka: { outbox: true } });
//   const app = svc.httpApp(); app.use(routes); await svc.serve(app);
import type { Server } from "node:http";
import {
  type ConsumerGroupKey,
  ConsumerGroups,
  deadLetterTopic,
  type TopicKey,
  Topics,
} from "@cong/contracts";
import type { Express } from "express";
import type { Kafka, Producer } from "kafkajs";
import type { Db } from "mongodb";
import type { Connection } from "mongoose";
import { authenticate } from "./auth/middleware";
import { createTokenVerifier, type TokenVerifier } from "./auth/verifier";
import { loadConfig, proxyConfig } from "./config";
import { type CheckEntry, startManagementServer } from "./health";
import { createHttpApp, finishHttpApp, type HttpAppOptions } from "./http/app";
import type { TrustedProxies } from "./http/trust-proxy";
import { createKafka, ensureTopics } from "./kafka/client";
import { type BatchHook, type EventHandler, IdempotentConsumer } from "./kafka/consumer";
import { Outbox } from "./kafka/outbox";
import { closeServer, Lifecycle } from "./lifecycle";
import { createLogger, type Logger } from "./logger";
import { createMetrics, type Metrics } from "./metrics";
import { connectMongo, pingMongo } from "./mongo";

export interface ServiceConfig {
  PORT: number;
  MANAGEMENT_PORT: number;
  LOG_LEVEL: string;
  SHUTDOWN_TIMEOUT_MS: number;
  MONGO_URL?: string;
  KAFKA_BROKERS?: string[];
  KAFKA_SSL?: boolean;
  KAFKA_SASL_MECHANISM?: "plain" | "scram-sha-256" | "scram-sha-512" | undefined;
  KAFKA_SASL_USERNAME?: string | undefined;
  KAFKA_SASL_PASSWORD?: string | undefined;
  KAFKA_TOPIC_PREFIX?: string;
  KAFKA_ENSURE_TOPICS?: boolean;
  KEYCLOAK_URL?: string;
  KEYCLOAK_REALM?: string;
  KEYCLOAK_AUDIENCE?: string;
  KEYCLOAK_ISSUER?: string | undefined;
  KEYCLOAK_VERIFIER?: "keycloak-connect" | "jose";
  /** proxies whose forwarded headers are believed (`proxyConfig`); read from the env when absent */
  TRUST_PROXY?: TrustedProxies;
}

export interface ServiceOptions {
  name: string;
  config: ServiceConfig;
  mongo?: boolean;
  kafka?: { outbox?: boolean; outboxOptions?: { sweepIntervalMs?: number; sweepGraceMs?: number } };
  auth?: boolean;
  logger?: Logger;
}

export interface Service {
  name: string;
  config: ServiceConfig;
  logger: Logger;
  metrics: Metrics;
  lifecycle: Lifecycle;
  checks: Map<string, CheckEntry>;
  mongo?: Connection;
  db?: Db;
  kafka?: Kafka;
  producer?: Producer;
  outbox?: Outbox;
  verifier?: TokenVerifier;
  /** full topic name of a logical topic */
  topic(key: TopicKey): string;
  /** `authenticate` middleware bound to this service's verifier */
  authenticate(): ReturnType<typeof authenticate>;
  /** an idempotent consumer for one of the platform's consumer groups; started by serve() */
  consumer(
    group: ConsumerGroupKey,
    handlers: Record<string, EventHandler>,
    opts?: { beforeBatch?: BatchHook },
  ): IdempotentConsumer;
  httpApp(opts?: Partial<HttpAppOptions>): Express;
  /** finishes the app (404, errors), listens, starts the management server, relay and consumers */
  serve(app: Express, opts?: { host?: string }): Promise<{ server: Server; management: Server }>;
}

function required<T>(value: T | undefined, key: string): T {
  if (value === undefined) throw new Error(`${key} is required for this service`);
  return value;
}

export async function startService(opts: ServiceOptions): Promise<Service> {
  const { config, name } = opts;
  const logger = opts.logger ?? createLogger({ service: name, level: config.LOG_LEVEL });
  const metrics = createMetrics(name);
  const lifecycle = new Lifecycle(logger, config.SHUTDOWN_TIMEOUT_MS);
  const checks = new Map<string, CheckEntry>();
  const prefix = config.KAFKA_TOPIC_PREFIX ?? "";
  const consumers: IdempotentConsumer[] = [];
  // TRUST_PROXY reaches every service, listed in its config or not (validated now, failing start)
  const trustProxy = config.TRUST_PROXY ?? loadConfig(proxyConfig).TRUST_PROXY;

  const svc: Service = {
    name,
    config,
    logger,
    metrics,
    lifecycle,
    checks,
    topic: (key) => `${prefix}${Topics[key]}`,
    authenticate: () => authenticate(required(svc.verifier, "KEYCLOAK_URL"), config.KEYCLOAK_REALM),
    consumer(group, handlers, o) {
      const g = ConsumerGroups[group];
      const c = new IdempotentConsumer({
        kafka: required(svc.kafka, "KAFKA_BROKERS"),
        groupId: `${prefix}${g.name}`,
        topics: g.topics.map((t) => `${prefix}${Topics[t]}`),
        db: required(svc.db, "MONGO_URL"),
        handlers,
        ...(o?.beforeBatch ? { beforeBatch: o.beforeBatch } : {}),
        producer: required(svc.producer, "KAFKA_BROKERS"),
        deadLetterTopic: `${prefix}${deadLetterTopic(g.name)}`,
        logger,
        metrics,
      });
      consumers.push(c);
      return c;
    },
    httpApp: (o) => createHttpApp({ logger, metrics, trustProxy, ...o }),
    async serve(app, o) {
      finishHttpApp(app, logger);
      const server = await new Promise<Server>((resolve, reject) => {
        const s = app.listen(config.PORT, o?.host ?? "0.0.0.0", (err?: Error) =>
          err ? reject(err) : resolve(s),
        );
      });
      // keep-alive longer than the ingress's, so it never reuses a socket we are closing
      server.keepAliveTimeout = 65_000;
      server.headersTimeout = 66_000;
      lifecycle.onShutdown("http", "stop-accepting", () => closeServer(server));
      const management = await startManagementServer({
        port: config.MANAGEMENT_PORT,
        host: o?.host,
        metrics,
        lifecycle,
        logger,
        checks,
      });
      lifecycle.onShutdown("management", "close", () => closeServer(management, 1000));
      svc.outbox?.start();
      for (const c of consumers) {
        lifecycle.onShutdown("consumer", "drain", () => c.stop());
        void startWithRetry(() => c.start(), logger, "consumer");
      }
      lifecycle.installSignalHandlers();
      logger.info({ port: config.PORT, management: config.MANAGEMENT_PORT }, `${name} listening`);
      return { server, management };
    },
  };

  if (opts.mongo) {
    const url = required(config.MONGO_URL, "MONGO_URL");
    svc.mongo = await connectMongo({ url, dbName: `cong_${name}`, logger });
    svc.db = svc.mongo.db as unknown as Db;
    const conn = svc.mongo;
    checks.set("mongo", () => pingMongo(conn));
    lifecycle.onShutdown("mongo", "close", () => conn.close());
  }

  if (opts.kafka) {
    const kafka = createKafka({
      brokers: required(config.KAFKA_BROKERS, "KAFKA_BROKERS"),
      clientId: `cong-${name}`,
      ssl: config.KAFKA_SSL ?? false,
      sasl:
        config.KAFKA_SASL_MECHANISM && config.KAFKA_SASL_USERNAME && config.KAFKA_SASL_PASSWORD
          ? {
              mechanism: config.KAFKA_SASL_MECHANISM,
              username: config.KAFKA_SASL_USERNAME,
              password: config.KAFKA_SASL_PASSWORD,
            }
          : undefined,
      logger,
    });
    svc.kafka = kafka;
    const producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 2000 },
    });
    svc.producer = producer;
    const admin = kafka.admin();
    let adminConnected = false;
    // with an outbox, writes stay safe while Kafka is away: the service stays ready (R-OPS-247)
    checks.set("kafka", {
      critical: !opts.kafka.outbox,
      fn: async () => {
        if (!adminConnected) {
          await admin.connect();
          adminConnected = true;
        }
        await admin.describeCluster();
      },
    });
    const connectAll = async () => {
      if (config.KAFKA_ENSURE_TOPICS ?? true) await ensureTopics(kafka, { prefix });
      await producer.connect();
    };
    await startWithRetry(
      connectAll,
      logger,
      "kafka producer",
      opts.kafka.outbox ? 0 : Number.POSITIVE_INFINITY,
    );
    if (opts.kafka.outbox) {
      if (!svc.db) throw new Error("an outbox needs mongo: true");
      svc.outbox = new Outbox({
        producer,
        logger,
        metrics,
        source: `/cong/${name}`,
        topicPrefix: prefix,
        ...opts.kafka.outboxOptions,
      });
      const outbox = svc.outbox;
      lifecycle.onShutdown("outbox", "drain", () => outbox.stop());
    }
    lifecycle.onShutdown("kafka", "close", async () => {
      await producer.disconnect();
      if (adminConnected) await admin.disconnect();
    });
  }

  if (opts.auth) {
    svc.verifier = createTokenVerifier({
      url: required(config.KEYCLOAK_URL, "KEYCLOAK_URL"),
      realm: config.KEYCLOAK_REALM ?? "bacgiang",
      audience: config.KEYCLOAK_AUDIENCE ?? "cong-api",
      issuer: config.KEYCLOAK_ISSUER,
      // ADR 0003: the deprecated adapter is the default and can be swapped without code changes
      kind: config.KEYCLOAK_VERIFIER === "jose" ? "jose" : "keycloak-connect",
    });
  }

  return svc;
}

/**
 * Runs `start` until it succeeds, backing off; after `waitMs` it continues in the background
 * (a service with an outbox can serve while Kafka is away). Infinity waits for success.
 */
async function startWithRetry(
  start: () => Promise<void>,
  logger: Logger,
  what: string,
  waitMs = 0,
): Promise<void> {
  let delay = 500;
  const attempt = async (): Promise<void> => {
    for (;;) {
      try {
        await start();
        return;
      } catch (e) {
        logger.warn({ err: e, retryInMs: delay }, `${what} could not start; retrying`);
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 15_000);
      }
    }
  };
  const running = attempt();
  if (waitMs === Number.POSITIVE_INFINITY) return running;
  await Promise.race([running, new Promise((r) => setTimeout(r, waitMs))]);
}

/** The database and outbox of a service started with `mongo: true` and `kafka: { outbox: true }`. */
export function storesOf(svc: Service): { db: Db; outbox: Outbox } {
  if (!svc.db || !svc.outbox)
    throw new Error(`${svc.name} needs Mongo and the outbox (startService mongo: true, kafka.outbox: true)`);
  return { db: svc.db, outbox: svc.outbox };
}

/** A service with its own database, transactional outbox and bearer-token auth. */
export async function startStoreService(
  name: string,
  config: ServiceOptions["config"],
  logger?: Logger,
): Promise<{ svc: Service; db: Db; outbox: Outbox }> {
  const svc = await startService({
    name,
    config,
    mongo: true,
    kafka: { outbox: true },
    auth: true,
    ...(logger ? { logger } : {}),
  });
  return { svc, ...storesOf(svc) };
}
