// Smoke test of the local Kafka broker with the platform's client (kafkajs): topics are created
// explicitly, producers are idempotent, consumer groups share partitions, a key keeps its order.
import { serverEnv, uniqueName } from "@cong/testing";
import { type Consumer, Kafka, logLevel, type Producer } from "kafkajs";

const env = serverEnv();
const kafka = new Kafka({
  clientId: "smoke",
  brokers: env.KAFKA_BROKERS.split(","),
  logLevel: logLevel.ERROR,
});

describe("Kafka (KRaft) with kafkajs", () => {
  const topic = uniqueName("smoke-kafka");
  const admin = kafka.admin();
  let producer: Producer;
  let consumer: Consumer;

  beforeAll(async () => {
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic, numPartitions: 3, replicationFactor: 1 }],
      waitForLeaders: true,
    });
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await producer?.disconnect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it("creates a topic with 3 partitions", async () => {
    const meta = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(meta.topics[0]?.partitions).toHaveLength(3);
  });

  it("delivers every message of an idempotent producer to a consumer group, in key order", async () => {
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const keys = Array.from({ length: 12 }, (_, i) => `item-${i}`);
    const perKey = 25;
    // send in several batches, keys interleaved
    for (let seq = 0; seq < perKey; seq++) {
      await producer.send({
        topic,
        acks: -1,
        messages: keys.map((key) => ({ key, value: JSON.stringify({ key, seq, text: "Quy hoạch đô thị" }) })),
      });
    }

    consumer = kafka.consumer({ groupId: uniqueName("smoke-group") });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const seen = new Map<string, number[]>();
    const partitionOfKey = new Map<string, Set<number>>();
    const total = keys.length * perKey;
    let count = 0;
    const done = new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          const body = JSON.parse(message.value!.toString("utf8")) as {
            key: string;
            seq: number;
            text: string;
          };
          expect(body.text).toBe("Quy hoạch đô thị");
          const list = seen.get(body.key) ?? [];
          list.push(body.seq);
          seen.set(body.key, list);
          const parts = partitionOfKey.get(body.key) ?? new Set<number>();
          parts.add(partition);
          partitionOfKey.set(body.key, parts);
          if (++count === total) resolve();
        },
      });
    });
    await done;

    expect(count).toBe(total);
    for (const key of keys) {
      // each key lands on exactly one partition and arrives in the order it was sent
      expect(partitionOfKey.get(key)?.size).toBe(1);
      expect(seen.get(key)).toEqual(Array.from({ length: perKey }, (_, i) => i));
    }
    // the 12 keys spread over more than one partition
    const used = new Set([...partitionOfKey.values()].flatMap((s) => [...s]));
    expect(used.size).toBeGreaterThan(1);
  });

  it("resumes a consumer group from its committed offset", async () => {
    const groupId = uniqueName("smoke-resume");
    const t2 = uniqueName("smoke-resume");
    await admin.createTopics({ topics: [{ topic: t2, numPartitions: 1 }], waitForLeaders: true });
    const p = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await p.connect();
    await p.send({
      topic: t2,
      messages: [
        { key: "a", value: "1" },
        { key: "a", value: "2" },
      ],
    });

    const readAll = async (expected: number) => {
      const c = kafka.consumer({ groupId });
      await c.connect();
      await c.subscribe({ topic: t2, fromBeginning: true });
      const values: string[] = [];
      await new Promise<void>((resolve) => {
        void c.run({
          eachMessage: async ({ message }) => {
            values.push(message.value!.toString());
            if (values.length === expected) resolve();
          },
        });
      });
      await c.disconnect();
      return values;
    };

    expect(await readAll(2)).toEqual(["1", "2"]);
    await p.send({ topic: t2, messages: [{ key: "a", value: "3" }] });
    expect(await readAll(1)).toEqual(["3"]);
    await p.disconnect();
    await admin.deleteTopics({ topics: [t2] });
  });
});
