// kafkajs with the platform's settings: logs through pino, topics created explicitly (brokers
// run with auto-creation off, as the cluster's Strimzi topics are declared), names prefixed per
// environment or test run.
import { allTopics, type TopicKey, Topics } from "@cong/contracts";
import { Kafka, type KafkaConfig, logLevel, type SASLOptions } from "kafkajs";
import type { Logger } from "pino";

export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  ssl?: boolean;
  sasl?:
    | { mechanism: "plain" | "scram-sha-256" | "scram-sha-512"; username: string; password: string }
    | undefined;
  logger: Logger;
}

const LEVELS: Record<number, "error" | "warn" | "info" | "debug"> = {
  [logLevel.ERROR]: "error",
  [logLevel.WARN]: "warn",
  [logLevel.INFO]: "info",
  [logLevel.DEBUG]: "debug",
};

// kafkajs reports errors it retries itself as ERROR; they are expected while a broker starts
const RETRIABLE =
  /coordinator is (loading|not available)|leadership election|not the leader|connection (error|timeout)|ECONNREFUSED|closed connection/i;

export function createKafka(s: KafkaSettings): Kafka {
  const log = s.logger.child({ component: "kafkajs" });
  const config: KafkaConfig = {
    clientId: s.clientId,
    brokers: s.brokers,
    ssl: s.ssl ?? false,
    connectionTimeout: 3000,
    requestTimeout: 30_000,
    retry: { initialRetryTime: 200, retries: 5, maxRetryTime: 5000 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log: entry }) => {
        const { message, ...rest } = entry;
        let lvl = LEVELS[level] ?? "info";
        if (lvl === "error" && RETRIABLE.test(`${message} ${String(rest.error ?? "")}`)) lvl = "warn";
        log[lvl]({ ...rest, timestamp: undefined }, message);
      },
  };
  if (s.sasl) config.sasl = s.sasl as SASLOptions;
  return new Kafka(config);
}

/** Full topic name for a logical topic key or name, with the environment's prefix. */
export function topicName(prefix: string, topic: TopicKey | string): string {
  const name = (Topics as Record<string, string>)[topic] ?? topic;
  return `${prefix}${name}`;
}

/** Creates the topics that do not exist yet (all of the platform's by default). */
export async function ensureTopics(
  kafka: Kafka,
  opts: { prefix: string; names?: string[]; partitions?: number; replicationFactor?: number },
): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const wanted = (opts.names ?? allTopics().map((t) => t.name)).map((n) => `${opts.prefix}${n}`);
    const existing = new Set(await admin.listTopics());
    const missing = wanted.filter((t) => !existing.has(t));
    if (missing.length) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic,
          numPartitions: opts.partitions ?? 3,
          replicationFactor: opts.replicationFactor ?? -1,
        })),
      });
    }
    return missing;
  } finally {
    await admin.disconnect();
  }
}

/** True when Kafka is unreachable right now (retry later), not when a request is wrong. */
export function isKafkaUnavailable(e: unknown): boolean {
  const err = e as { name?: string; retriable?: boolean; cause?: unknown } | null;
  if (!err) return false;
  if (
    [
      "KafkaJSConnectionError",
      "KafkaJSConnectionClosedError",
      "KafkaJSRequestTimeoutError",
      "KafkaJSBrokerNotFound",
      "KafkaJSNonRetriableError",
      "KafkaJSNumberOfRetriesExceeded",
      "KafkaJSProtocolError",
    ].includes(err.name ?? "")
  ) {
    return err.name !== "KafkaJSProtocolError" || err.retriable === true;
  }
  return false;
}
