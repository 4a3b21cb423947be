// Outbox → Kafka → idempotent consumer throughput on this machine (issue: service kit; target
// ≥ 5,000 events/s end to end). Uses the real local servers (.env.local) with a fresh database
// and topic prefix, and prints:
//   1. writes: state changes/s, each a single-document write carrying its event (relay paused)
//   2. backlog drain: events/s from the outbox through Kafka to the consumer having applied them
//      (ledger claims and done-records included)
//   3. steady state: writes, relay and consumer together; staging → applied latency p50/p95
// Variables: BENCH_EVENTS (default 20000), BENCH_WRITERS (concurrent writers, default 16),
// BENCH_PARTITIONS (default 6).
import { ContentSubmitted, type EventData, Topics } from "@cong/contracts";
import {
  createKafka,
  createLogger,
  ensureTopics,
  IdempotentConsumer,
  Outbox,
  type StagedEvent,
} from "@cong/kit";
import { serverEnv, uniqueName } from "@cong/testing";
import { MongoClient } from "mongodb";
import { fmt, header, percentile, row } from "./report";

const N = Number(process.env.BENCH_EVENTS ?? 20_000);
const WRITERS = Number(process.env.BENCH_WRITERS ?? 16);
const PARTITIONS = Number(process.env.BENCH_PARTITIONS ?? 6);

function event(itemId: string, revision: number): StagedEvent {
  const data: EventData<typeof ContentSubmitted> = {
    itemId,
    portalId: "stttt",
    revision,
    kind: "article",
    title: `Tin tức chuyển đổi số số ${revision} — Sở Thông tin và Truyền thông tỉnh Bắc Giang`,
    submittedBy: { id: "bench", username: "stttt.focal-officer" },
    submittedAt: new Date().toISOString(),
  };
  return { def: ContentSubmitted, data };
}

/** Runs `write` for items 0..count-1, WRITERS at a time. */
async function forEachItem(count: number, write: (id: string) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      for (let i = next++; i < count; i = next++) {
        await write(`bench-item-${String(i).padStart(7, "0")}`);
      }
    }),
  );
}

async function main() {
  const env = serverEnv();
  header("outbox → Kafka → idempotent consumer", { events: N, writers: WRITERS, partitions: PARTITIONS });
  const logger = createLogger({ service: "bench", level: "warn" });
  const prefix = `${uniqueName("bench")}.`;
  const producerDb = new MongoClient(env.MONGO_URL, { maxPoolSize: WRITERS + 4 });
  const consumerDb = new MongoClient(env.MONGO_URL);
  await producerDb.connect();
  await consumerDb.connect();
  // two databases, as two services would have (each its own SQLite file under FerretDB)
  const pdb = producerDb.db(`${prefix.replaceAll(/[.-]/g, "_")}producer`);
  const cdb = consumerDb.db(`${prefix.replaceAll(/[.-]/g, "_")}consumer`);
  const kafka = createKafka({ brokers: env.KAFKA_BROKERS.split(","), clientId: "bench", logger });
  await ensureTopics(kafka, { prefix, names: [Topics.content, "cong.bench.dlt"], partitions: PARTITIONS });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const items = pdb.collection<{ _id: string; revision: number }>("items");
  const outbox = new Outbox({
    producer,
    logger,
    source: "/cong/bench",
    topicPrefix: prefix,
    maxQueue: N * 2,
  });
  await outbox.track(items as never);

  const appliedAt: number[] = [];
  const latencies: number[] = [];
  let applied = 0;
  let target = N;
  let reached: (() => void) | undefined;
  const consumer = new IdempotentConsumer({
    kafka,
    groupId: `${prefix}cong.bench`,
    topics: [`${prefix}${Topics.content}`],
    db: cdb,
    producer,
    deadLetterTopic: `${prefix}cong.bench.dlt`,
    logger,
    partitionsConsumedConcurrently: PARTITIONS,
    handlers: {
      [ContentSubmitted.type]: async (e) => {
        applied++;
        const now = Date.now();
        appliedAt.push(now);
        latencies.push(now - Date.parse(e.time));
        if (applied >= target) reached?.();
      },
    },
  });
  const joined = new Promise<void>((r) => consumer.raw.on(consumer.raw.events.GROUP_JOIN, () => r()));
  await consumer.start();
  await joined;

  // 1. writes with the relay paused
  const t0 = Date.now();
  await forEachItem(N, (id) => outbox.insertOne(items, { _id: id, revision: 1 }, [event(id, 1)]));
  const writeS = (Date.now() - t0) / 1000;
  row(
    "1. state changes written (with their event)",
    `${fmt(N)} in ${fmt(writeS, 1)} s = ${fmt(N / writeS)} /s`,
  );

  // 2. backlog drain: relay on, until the consumer applied all
  const done = new Promise<void>((r) => (reached = r));
  const t1 = Date.now();
  outbox.start();
  let publishedS = 0;
  const poll = setInterval(() => {
    if (!publishedS && outbox.stats().queued === 0) publishedS = (Date.now() - t1) / 1000;
  }, 5);
  await done;
  clearInterval(poll);
  const drainS = (Date.now() - t1) / 1000;
  row(
    "   of which: all published to Kafka after",
    `${fmt(publishedS, 2)} s = ${fmt(N / publishedS)} events/s`,
  );
  row(
    "2. backlog drained outbox → Kafka → consumer",
    `${fmt(N)} in ${fmt(drainS, 2)} s = ${fmt(N / drainS)} events/s`,
  );
  const tClean = Date.now();
  await outbox.drained(600_000);
  row(
    "   published events removed from their documents",
    `after ${fmt((Date.now() - tClean) / 1000, 1)} s more`,
  );

  // 3. steady state: writers, relay and consumer together
  latencies.length = 0;
  const M = Math.min(N, 10_000);
  target = applied + M;
  const steady = new Promise<void>((r) => (reached = r));
  const t2 = Date.now();
  await forEachItem(M, (id) =>
    outbox.updateOne(items, { _id: id }, { $set: { revision: 2 } }, [event(id, 2)]),
  );
  await steady;
  const steadyS = (Date.now() - t2) / 1000;
  latencies.sort((a, b) => a - b);
  row(
    "3. steady state, writes + relay + consumer",
    `${fmt(M)} in ${fmt(steadyS, 2)} s = ${fmt(M / steadyS)} events/s`,
  );
  row(
    "   staging → applied latency p50 / p95",
    `${fmt(percentile(latencies, 50))} ms / ${fmt(percentile(latencies, 95))} ms`,
  );
  row("   duplicates applied", String(applied - N - M));
  row("bench process peak RSS", `${fmt(process.memoryUsage().rss / 2 ** 20)} MiB`);

  await outbox.stop();
  await consumer.stop();
  await producer.disconnect();
  await pdb.dropDatabase();
  await cdb.dropDatabase();
  await producerDb.close();
  await consumerDb.close();
  const admin = kafka.admin();
  await admin.connect();
  await admin
    .deleteTopics({ topics: [`${prefix}${Topics.content}`, `${prefix}cong.bench.dlt`] })
    .catch(() => undefined);
  await admin.disconnect();
}

main().catch((e) => {
  process.stderr.write(`${e?.stack ?? e}\n`);
  process.exit(1);
});
