// The idempotent consumer against the real servers: a duplicate is applied once; a poison
// message lands in the dead-letter topic with its reason and the consumer goes on; while its
// database is down the consumer pauses and, once it is back, applies everything, none lost, and
// none it had recorded as done again.
import {
  type CloudEvent,
  ContentSubmitted,
  createEvent,
  type EventData,
  FeedbackReceived,
  toKafkaMessage,
} from "@cong/contracts";
import { privateServer, uniqueName, waitFor } from "@cong/testing";
import type { Kafka, KafkaMessage } from "kafkajs";
import { createLogger, createMetrics, IdempotentConsumer, type IdempotentConsumerOptions } from "../src";
import { type KafkaFixture, kafkaFixture } from "./kafka-fixture";

const logger = createLogger({ service: "consumer-test", level: process.env.TEST_LOG_LEVEL ?? "silent" });
const source = "/cong/test";

function submittedEvent(itemId: string, revision = 1) {
  const data: EventData<typeof ContentSubmitted> = {
    itemId,
    portalId: "tanyen",
    revision,
    kind: "announcement",
    title: `Thông báo ${itemId}`,
    submittedBy: { id: "u-2", username: "tanyen.focal-officer" },
    submittedAt: new Date().toISOString(),
  };
  return createEvent(ContentSubmitted, data, { source });
}

async function readAll(
  kafka: Kafka,
  topic: string,
  count: number,
  timeoutMs = 30_000,
): Promise<KafkaMessage[]> {
  const consumer = kafka.consumer({ groupId: uniqueName("reader") });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const got: KafkaMessage[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(
        () => reject(new Error(`only ${got.length}/${count} messages on ${topic}`)),
        timeoutMs,
      );
      void consumer.run({
        eachMessage: async ({ message }) => {
          got.push(message);
          if (got.length >= count) {
            clearTimeout(t);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return got;
}

const header = (m: KafkaMessage, k: string) => m.headers?.[k]?.toString();

/** A consumer of the fixture's content topic, in its group, dead-lettering to its topic. */
function consumerOf(
  f: KafkaFixture,
  o: Omit<
    IdempotentConsumerOptions,
    "kafka" | "groupId" | "topics" | "db" | "producer" | "deadLetterTopic" | "logger"
  >,
) {
  return new IdempotentConsumer({
    kafka: f.kafka,
    groupId: f.group,
    topics: [f.topic],
    db: f.db,
    producer: f.producer,
    deadLetterTopic: f.dlt,
    logger,
    ...o,
  });
}

describe("idempotent consumer", () => {
  let f: KafkaFixture;
  let consumer: IdempotentConsumer;
  const applied: CloudEvent<unknown>[] = [];

  beforeAll(async () => {
    f = await kafkaFixture({ name: "consumer", clientId: "consumer-test", partitions: 1, logger });
    consumer = consumerOf(f, {
      retry: { attempts: 3, initialMs: 10 },
      handlers: {
        [ContentSubmitted.type]: async (event) => {
          const data = event.data as EventData<typeof ContentSubmitted>;
          if (data.title.includes("lỗi")) throw new Error("cannot apply an item titled lỗi");
          applied.push(event);
        },
      },
    });
    await consumer.start();
  });

  afterAll(async () => {
    await consumer.stop();
    await f.close();
  });

  it("applies the same event delivered twice only once", async () => {
    const { producer, topic } = f;
    const event = submittedEvent("dup-item-0001");
    const msg = toKafkaMessage(event);
    await producer.send({ topic, messages: [msg, msg] });
    await producer.send({ topic, messages: [msg] });
    const marker = submittedEvent("dup-item-0002");
    await producer.send({ topic, messages: [toKafkaMessage(marker)] });
    await waitFor(() => applied.some((e) => e.id === marker.id), { what: "marker applied" });
    expect(applied.filter((e) => e.id === event.id)).toHaveLength(1);
  });

  it("dead-letters poison messages with their reason and goes on", async () => {
    const { kafka, producer, topic, dlt, prefix } = f;
    const wrongContract = createEvent(FeedbackReceived, FeedbackReceived.example, { source });
    const broken = toKafkaMessage(wrongContract);
    const parsedBody = JSON.parse(broken.value) as Record<string, unknown>;
    delete parsedBody.dueAt; // breaks the contract of feedback.received
    const after = submittedEvent("poison-item-0003");
    await producer.send({
      topic,
      messages: [
        { key: "x", value: "not even json", headers: { "content-type": "text/plain" } },
        { ...broken, value: JSON.stringify(parsedBody) },
        toKafkaMessage(after),
      ],
    });
    // the message that fails in its handler is retried, then dead-lettered
    const failing = submittedEvent("poison-item-0004");
    failing.data.title = "Tin có lỗi";
    await producer.send({ topic, messages: [toKafkaMessage(failing)] });

    await waitFor(() => applied.some((e) => e.id === after.id), {
      what: "the event after the poison applied",
    });
    const dead = await readAll(kafka, dlt, 3);
    const reasons = dead.map((m) => header(m, "x-dlt-reason")).sort();
    expect(reasons).toEqual(["contract_violation", "handler_failed", "invalid_envelope"]);
    const violation = dead.find((m) => header(m, "x-dlt-reason") === "contract_violation");
    expect(header(violation!, "x-dlt-error")).toMatch(/dueAt/);
    expect(header(violation!, "x-dlt-source-topic")).toBe(topic);
    expect(header(violation!, "x-dlt-consumer-group")).toBe(`${prefix}cong.test`);
    expect(header(violation!, "ce_type")).toBe(FeedbackReceived.type);
    const handlerFailed = dead.find((m) => header(m, "x-dlt-reason") === "handler_failed");
    expect(header(handlerFailed!, "x-dlt-error")).toBe("cannot apply an item titled lỗi");
    expect(applied.some((e) => e.id === failing.id)).toBe(false);
  });
});

describe("idempotent consumer while its database is down", () => {
  jest.setTimeout(300_000);

  it("pauses, then applies every event when the database is back: none lost, none recorded as done run again", async () => {
    const mongo = await privateServer("mongo");
    const f = await kafkaFixture({
      name: "dbdown",
      clientId: "dbdown",
      partitions: 2,
      logger,
      mongoUrl: mongo.env.MONGO_URL as string,
      mongo: { serverSelectionTimeoutMS: 1000, connectTimeoutMS: 1000 },
      dbName: "consumer",
    });
    const { kafka, producer, topic, prefix, db } = f;
    const counts = db.collection<{ _id: string; n: number }>("counts");
    const calls = new Map<string, number>();
    const consumer = consumerOf(f, {
      retry: { attempts: 2, initialMs: 10 },
      pause: { initialMs: 300, maxMs: 1500 },
      // like the services' handlers, idempotent in itself (their revision checks): a write the
      // database took just as it went away can come back as an error and be applied again, and an
      // event applied but not yet recorded as done when the database went is delivered again
      // (consumer.ts) — what the consumer guarantees is that none is lost and none of those
      // recorded as done runs again
      handlers: {
        [ContentSubmitted.type]: async (event) => {
          await counts.updateOne({ _id: event.id }, { $setOnInsert: { n: 1 } }, { upsert: true });
          calls.set(event.id, (calls.get(event.id) ?? 0) + 1);
        },
      },
    });
    try {
      await consumer.start();
      const first = Array.from({ length: 20 }, (_, i) =>
        submittedEvent(`before-${String(i).padStart(4, "0")}`),
      );
      await producer.send({ topic, messages: first.map(toKafkaMessage) });
      // applied and recorded as done (the ledger) before the database goes
      await waitFor(
        async () =>
          (await counts.countDocuments()) === 20 &&
          (await db.collection("_inbox_done").countDocuments()) === 20,
        { what: "first 20 applied and recorded" },
      );

      await mongo.stop();
      const second = Array.from({ length: 50 }, (_, i) =>
        submittedEvent(`during-${String(i).padStart(4, "0")}`),
      );
      await producer.send({ topic, messages: second.map(toKafkaMessage) });
      // several seconds with the database away: the consumer must neither skip nor dead-letter
      await new Promise((r) => setTimeout(r, 4000));
      await mongo.start();

      await waitFor(async () => (await counts.countDocuments().catch(() => 0)) === 70, {
        timeoutMs: 90_000,
        what: "all 70 applied after the database returned",
      });
      expect(await counts.countDocuments({ n: 1 })).toBe(70);
      // applied and recorded before the outage: never run again
      expect(first.map((e) => calls.get(e.id))).toEqual(first.map(() => 1));
      const again = second.filter((e) => (calls.get(e.id) ?? 0) > 1).length;
      process.stdout.write(
        `database down: 70 of 70 applied, none dead-lettered; ${again} of the 50 sent while it was down ran twice (applied as it went away, not yet recorded done)\n`,
      );
      const dlt = await kafka.admin();
      await dlt.connect();
      const offsets = await dlt.fetchTopicOffsets(`${prefix}cong.test.dlt`);
      await dlt.disconnect();
      expect(offsets.every((o) => o.high === "0")).toBe(true);
    } finally {
      await consumer.stop().catch(() => undefined);
      await f.close({ drop: false });
      await mongo.destroy();
    }
  });
});

describe("idempotent consumer with a batch hook", () => {
  it("shows the hook each batch's events in order, each once, and still runs every handler once; a failing hook changes nothing", async () => {
    const f = await kafkaFixture({ name: "batchhook", clientId: "batchhook", partitions: 1, logger });
    const { producer, topic } = f;
    const hooked: string[] = [];
    const handled: string[] = [];
    const consumer = consumerOf(f, {
      handlers: {
        [ContentSubmitted.type]: async (event) => {
          handled.push(event.id);
        },
      },
      beforeBatch: async (events) => {
        hooked.push(...events.map((e) => e.id));
        if (events.some((e) => (e.data as { itemId: string }).itemId.startsWith("fail")))
          throw new Error("hook");
      },
    });
    try {
      await consumer.start();
      const first = Array.from({ length: 10 }, (_, i) =>
        submittedEvent(`hook-item-${String(i).padStart(4, "0")}`),
      );
      // one event twice in the batch: shown once
      await producer.send({ topic, messages: [...first, first[0]!].map(toKafkaMessage) });
      await waitFor(() => handled.length >= 10, { what: "first batch handled" });
      const failing = submittedEvent("fail-item-0001");
      await producer.send({ topic, messages: [toKafkaMessage(first[1]!), toKafkaMessage(failing)] });
      await waitFor(() => handled.includes(failing.id), { what: "event after a failing hook handled" });
      // the redelivered first[1] is shown to the hook (which must be idempotent), not handled again
      expect(handled).toEqual([...first.map((e) => e.id), failing.id]);
      expect(hooked).toEqual([...first.map((e) => e.id), first[1]!.id, failing.id]);
    } finally {
      await consumer.stop().catch(() => undefined);
      await f.close();
    }
  });
});

describe("idempotent consumer's metrics (issue 20, R-OPS-247)", () => {
  it("reports the group's lag in messages while a backlog waits and 0 once it is consumed; a dead letter is counted", async () => {
    const f = await kafkaFixture({ name: "lag", clientId: "lag", partitions: 1, logger });
    const { producer, topic, group } = f;
    const metrics = createMetrics("lag-test");
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const handled: string[] = [];
    const consumer = consumerOf(f, {
      metrics,
      handlers: {
        [ContentSubmitted.type]: async (event) => {
          await gate; // a slow handler: the backlog waits behind the first event
          handled.push(event.id);
        },
      },
    });
    /** a sample's value from the registry's text, as `/metrics` serves it */
    const sample = async (name: string, labels: string) => {
      const text = await metrics.registry.metrics();
      const line = text.split("\n").find((l) => l.startsWith(`${name}{`) && l.includes(labels));
      return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(" ") + 1));
    };
    const lag = () => sample("cong_consumer_lag_messages", `topic="${topic}"`);
    try {
      await consumer.start();
      const events = Array.from({ length: 30 }, (_, i) =>
        submittedEvent(`lag-item-${String(i).padStart(4, "0")}`),
      );
      await producer.send({ topic, messages: events.map(toKafkaMessage) });
      // the first batch is under way and its handler waits: all 30 are behind the group
      await waitFor(async () => ((await lag()) ?? 0) >= 30, { what: "lag of 30 reported" });
      expect(await lag()).toBe(30);
      expect(handled).toHaveLength(0);
      release();
      await waitFor(() => handled.length === 30, { what: "the backlog consumed" });
      await waitFor(async () => (await lag()) === 0, { what: "lag back to 0" });
      expect((await metrics.registry.metrics()).includes(`group="${group}"`)).toBe(true);

      const deadBefore = (await sample("cong_consumer_events_total", 'outcome="dead-lettered"')) ?? 0;
      await producer.send({
        topic,
        messages: [{ key: "x", value: "not even json", headers: { "content-type": "text/plain" } }],
      });
      await waitFor(
        async () =>
          ((await sample("cong_consumer_events_total", 'outcome="dead-lettered"')) ?? 0) > deadBefore,
        {
          what: "the dead letter counted",
        },
      );
      expect(await sample("cong_consumer_events_total", 'outcome="dead-lettered"')).toBe(deadBefore + 1);
    } finally {
      release();
      await consumer.stop().catch(() => undefined);
      await f.close();
    }
  });
});
