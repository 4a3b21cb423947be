// After Kafka comes back from an outage, the outbox relay and the idempotent consumer are at work
// again within seconds — not after their longest back-off or a forgotten session (issue 15,
// "prove at platform level": e2e/test/outage-kafka.test.ts asks the portals to catch up within
// 10 s of Kafka's return). Measured on a PRIVATE broker, stopped long enough for the relay's
// back-off to reach its ceiling and for kafkajs to crash and restart the consumers as new members.
// The broker reloads each group with its old member and would hold the new member's join until
// the old one's session expired; the kit takes the old member out instead. Two groups show it:
// one with the services' settings, one whose members hold a 60 s session — without the kit's
// LeaveGroup it could not apply anything for a minute.
import { ContentSubmitted, type EventData, Topics } from "@cong/contracts";
import { privateServer, serverEnv, uniqueName, waitFor } from "@cong/testing";
import { MongoClient } from "mongodb";
import {
  createKafka,
  createLogger,
  ensureTopics,
  IdempotentConsumer,
  Outbox,
  type StagedEvent,
} from "../src";

jest.setTimeout(240_000);

const env = serverEnv();
const logger = createLogger({ service: "kafka-return-test", level: process.env.TEST_LOG_LEVEL ?? "silent" });

function submitted(itemId: string, revision: number): StagedEvent {
  const data: EventData<typeof ContentSubmitted> = {
    itemId,
    portalId: "stttt",
    revision,
    kind: "article",
    title: `Tin ${itemId}`,
    submittedBy: { id: "u-1", username: "stttt.focal-officer" },
    submittedAt: new Date().toISOString(),
  };
  return { def: ContentSubmitted, data };
}

it("relays and consumes again within seconds of Kafka's return after a long outage", async () => {
  const prefix = `${uniqueName("kafka-return")}.`;
  const broker = await privateServer("kafka");
  const client = await new MongoClient(env.MONGO_URL).connect();
  const db = client.db(prefix.replaceAll(/[.-]/g, "_"));
  const kafka = createKafka({
    brokers: [broker.env.KAFKA_BROKERS as string],
    clientId: "kafka-return",
    logger,
  });
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 2000 },
  });
  const items = db.collection<{ _id: string; revision: number }>("items");
  const outbox = new Outbox({ producer, logger, source: "/cong/test", topicPrefix: prefix });
  const LONG_SESSION_MS = 60_000;
  const groups = [
    { name: "cong.test", sessionTimeoutMs: undefined },
    { name: "cong.test-long-session", sessionTimeoutMs: LONG_SESSION_MS },
  ].map(({ name, sessionTimeoutMs }) => {
    const applied = new Map<string, number>();
    const consumer = new IdempotentConsumer({
      kafka,
      groupId: `${prefix}${name}`,
      topics: [`${prefix}${Topics.content}`],
      db,
      producer,
      deadLetterTopic: `${prefix}cong.test.dlt`,
      logger,
      ...(sessionTimeoutMs ? { sessionTimeoutMs } : {}),
      handlers: {
        [ContentSubmitted.type]: async (e) => {
          applied.set(e.id, (applied.get(e.id) ?? 0) + 1);
        },
      },
    });
    const g = {
      name,
      consumer,
      applied,
      crashes: 0,
      joins: [] as { at: number; ms: number }[],
      appliedMs: 0,
    };
    consumer.raw.on(consumer.raw.events.CRASH, () => {
      g.crashes++;
    });
    consumer.raw.on(consumer.raw.events.GROUP_JOIN, (e) => {
      g.joins.push({ at: Date.now(), ms: e.payload.duration });
    });
    return g;
  });
  try {
    await ensureTopics(kafka, { prefix, names: [Topics.content, "cong.test.dlt"], partitions: 3 });
    await producer.connect();
    await outbox.track(items as never);
    outbox.start();
    for (const g of groups) await g.consumer.start();
    // the consumers are members of their groups and consuming
    await outbox.insertOne(items, { _id: "item-0000", revision: 1 }, [submitted("item-0000", 1)]);
    for (const g of groups)
      await waitFor(() => g.applied.size === 1, {
        timeoutMs: 60_000,
        what: `the first event applied (${g.name})`,
      });

    await broker.stop();
    const stoppedAt = Date.now();
    for (let i = 1; i <= 50; i++) {
      const id = `item-${String(i).padStart(4, "0")}`;
      await outbox.insertOne(items, { _id: id, revision: 1 }, [submitted(id, 1)]);
    }
    // long enough for kafkajs to give up and restart the consumer, and for the relay's back-off
    // to reach its ceiling
    await waitFor(() => groups.every((g) => g.crashes > 0) && Date.now() - stoppedAt > 25_000, {
      timeoutMs: 60_000,
      intervalMs: 500,
      what: "the consumers crashed by the outage",
    });
    expect(outbox.stats().queued).toBe(50);

    await broker.start();
    const backAt = Date.now();
    let relayedMs = 0;
    await waitFor(
      () => {
        if (outbox.stats().queued > 0) return false;
        relayedMs = Date.now() - backAt;
        return true;
      },
      { timeoutMs: 60_000, intervalMs: 50, what: "the outbox relayed" },
    );
    await Promise.all(
      groups.map(async (g) => {
        await waitFor(() => g.applied.size === 51, {
          timeoutMs: 120_000,
          intervalMs: 50,
          what: `51 events applied (${g.name})`,
        });
        g.appliedMs = Date.now() - backAt;
      }),
    );
    const joinAfter = (g: (typeof groups)[number]) => g.joins.filter((j) => j.at >= backAt - 5000).at(-1);
    process.stdout.write(
      `kafka return: outage ${((backAt - stoppedAt) / 1000).toFixed(1)} s; relayed ${relayedMs} ms after the broker was back; ` +
        groups
          .map(
            (g) =>
              `${g.name}: crashed ${g.crashes}×, joined again in ${joinAfter(g)?.ms ?? "?"} ms, applied ${g.appliedMs} ms after the broker was back`,
          )
          .join("; ") +
        "\n",
    );
    // the relay's back-off is at most 2 s (with 20 % jitter), plus the send itself
    expect(relayedMs).toBeLessThan(5000);
    for (const g of groups) {
      // kafkajs's restart, the join (no longer held for the old member's session), the fetch
      expect(g.appliedMs).toBeLessThan(20_000);
      expect([...g.applied.values()].every((n) => n === 1)).toBe(true);
    }
    // the long-session group joined again well before its old member's session could have expired
    const long = groups[1] as (typeof groups)[number];
    expect(long.appliedMs).toBeLessThan(LONG_SESSION_MS / 2);
  } finally {
    for (const g of groups) await g.consumer.stop().catch(() => undefined);
    await outbox.stop(1000).catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await db.dropDatabase().catch(() => undefined);
    await client.close();
    await broker.destroy();
  }
});
