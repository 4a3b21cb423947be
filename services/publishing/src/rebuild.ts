// `cli.js rebuild`: replays the content, media and archive topics from the earliest offset into a
// fresh read model (the collections are dropped first), through the kit's idempotent consumer
// under a one-off consumer group, with a progress bar on the terminal. Stop the service (or
// restart it afterwards): a running instance keeps its in-memory model until it restarts.
import { ConsumerGroups, Topics } from "@cong/contracts";
import { createKafka, createLogger, IdempotentConsumer } from "@cong/kit";
import { MongoClient } from "mongodb";
import type { PublishingConfig } from "./config";
import { ReadModel } from "./readmodel/readmodel";
import { readModelBatch, readModelHandlers } from "./readmodel/readmodel.handlers";
import { dropReadModel, mongoReadModelRepository } from "./readmodel/readmodel.repository";

function bar(done: number, total: number, width = 30): string {
  const ratio = total ? Math.min(1, done / total) : 1;
  const fill = Math.round(ratio * width);
  return `[${"#".repeat(fill)}${"-".repeat(width - fill)}] ${(ratio * 100).toFixed(1).padStart(5)}% ${done}/${total}`;
}

export async function rebuild(
  config: PublishingConfig,
  out: NodeJS.WriteStream | { write(s: string): boolean; isTTY?: boolean } = process.stderr,
): Promise<{ messages: number; items: number; portals: number }> {
  const logger = createLogger({
    service: "publishing-rebuild",
    level: config.LOG_LEVEL === "info" ? "warn" : config.LOG_LEVEL,
  });
  const prefix = config.KAFKA_TOPIC_PREFIX;
  const client = await new MongoClient(config.MONGO_URL).connect();
  const dbName =
    new URL(config.MONGO_URL.replace(/^mongodb(\+srv)?:/, "http:")).pathname.slice(1) || "cong_publishing";
  const db = client.db(dbName);
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: "cong-publishing-rebuild", logger });
  const topics = ConsumerGroups.publishing.topics.map((t) => `${prefix}${Topics[t]}`);
  const admin = kafka.admin();
  await admin.connect();
  // where the replay ends: the high-water marks now
  const ends = new Map<string, bigint>();
  let total = 0n;
  for (const topic of topics) {
    for (const p of await admin.fetchTopicOffsets(topic)) {
      const high = BigInt(p.high);
      const low = BigInt(p.low);
      if (high > low) ends.set(`${topic}:${p.partition}`, high);
      total += high - low;
    }
  }

  await dropReadModel(db);
  const model = new ReadModel(mongoReadModelRepository(db));
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const consumerGroupId = `${prefix}${ConsumerGroups.publishing.name}.rebuild-${Date.now().toString(36)}`;
  const consumer = new IdempotentConsumer({
    kafka,
    groupId: consumerGroupId,
    topics,
    db,
    handlers: readModelHandlers(model),
    beforeBatch: readModelBatch(model),
    producer,
    deadLetterTopic: `${prefix}${ConsumerGroups.publishing.name}.dlt`,
    logger,
    fromBeginning: true,
  });
  // progress = offsets the group has committed; the idempotent consumer commits an offset only
  // after its events are applied (a paused partition — database slow or away — commits nothing)
  const groupId = consumerGroupId;
  const lows = new Map<string, bigint>();
  for (const topic of topics) {
    const offsets = await admin.fetchTopicOffsets(topic);
    for (const p of offsets) lows.set(`${topic}:${p.partition}`, BigInt(p.low));
  }
  const progress = async (): Promise<{ done: bigint; complete: boolean }> => {
    let done = 0n;
    let complete = true;
    const committed = await admin.fetchOffsets({ groupId, topics });
    for (const t of committed) {
      for (const p of t.partitions) {
        const key = `${t.topic}:${p.partition}`;
        const end = ends.get(key);
        if (end === undefined) continue;
        const low = lows.get(key) ?? 0n;
        const at = p.offset === "-1" ? low : BigInt(p.offset);
        done += (at < end ? at : end) - low;
        if (at < end) complete = false;
      }
    }
    return { done, complete };
  };
  const draw = (done: bigint) => out.write(`\r${bar(Number(done), Number(total))}`);
  draw(0n);
  await consumer.start();
  for (;;) {
    const p = await progress();
    draw(p.done);
    if (p.complete) break;
    await new Promise((r) => setTimeout(r, 300));
  }
  out.write("\n");
  await admin.disconnect();
  await consumer.stop();
  await producer.disconnect();
  const items = model.items.size;
  const portals = model.portals.size;
  await client.close();
  return { messages: Number(total), items, portals };
}
