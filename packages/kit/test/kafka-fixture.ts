// What the outbox's and the consumer's integration tests set up alike, against the real servers: a
// fresh prefix, its content and dead-letter topics, a database named after it (or one given), and
// an idempotent producer; `close` takes them down again.
import { Topics } from "@cong/contracts";
import { serverEnv, uniqueName } from "@cong/testing";
import type { Kafka, Producer, ProducerConfig } from "kafkajs";
import { type Db, MongoClient, type MongoClientOptions } from "mongodb";
import type { Logger } from "pino";
import { createKafka, ensureTopics } from "../src";

export interface KafkaFixture {
  /** `<unique name>.`, the topics' and the group's prefix */
  prefix: string;
  /** the content topic under the prefix */
  topic: string;
  /** the dead-letter topic under the prefix */
  dlt: string;
  /** the consumer group under the prefix */
  group: string;
  client: MongoClient;
  db: Db;
  kafka: Kafka;
  producer: Producer;
  /** disconnects the producer, drops the database (unless `drop: false`), closes the client */
  close(o?: { drop?: boolean }): Promise<void>;
}

export async function kafkaFixture(o: {
  /** the prefix's name (made unique) */
  name: string;
  clientId: string;
  partitions: number;
  logger: Logger;
  /** default: the shared servers' */
  brokers?: string[];
  mongoUrl?: string;
  mongo?: MongoClientOptions;
  /** default: the prefix with `.` and `-` as `_` */
  dbName?: string;
  producer?: Omit<ProducerConfig, "idempotent" | "maxInFlightRequests">;
}): Promise<KafkaFixture> {
  const env = serverEnv();
  const prefix = `${uniqueName(o.name)}.`;
  const client = await new MongoClient(o.mongoUrl ?? env.MONGO_URL, o.mongo).connect();
  const db = client.db(o.dbName ?? prefix.replaceAll(/[.-]/g, "_"));
  const kafka = createKafka({
    brokers: o.brokers ?? env.KAFKA_BROKERS.split(","),
    clientId: o.clientId,
    logger: o.logger,
  });
  await ensureTopics(kafka, { prefix, names: [Topics.content, "cong.test.dlt"], partitions: o.partitions });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, ...o.producer });
  await producer.connect();
  return {
    prefix,
    topic: `${prefix}${Topics.content}`,
    dlt: `${prefix}cong.test.dlt`,
    group: `${prefix}cong.test`,
    client,
    db,
    kafka,
    producer,
    async close({ drop = true } = {}) {
      await producer.disconnect();
      if (drop) await db.dropDatabase();
      await client.close();
    },
  };
}
