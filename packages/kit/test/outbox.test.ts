// The transactional outbox and the idempotent consumer against the real servers (DESIGN:
// Events): events are never lost — not while Kafka is down, not when the writer dies before
// publishing — and never applied twice.
import { ContentSubmitted, type EventData } from "@cong/contracts";
import { indexesSettled, privateServer, serverEnv, unflat, waitFor, watchQueries } from "@cong/testing";
import { type Collection, MongoClient } from "mongodb";
import {
  createLogger,
  createMetrics,
  IdempotentConsumer,
  markerId,
  OUTBOX_FIELD,
  OUTBOX_PENDING,
  Outbox,
  type OutboxOptions,
  type StagedEvent,
} from "../src";
import { type KafkaFixture, kafkaFixture } from "./kafka-fixture";

const env = serverEnv();
const logger = createLogger({ service: "outbox-test", level: process.env.TEST_LOG_LEVEL ?? "silent" });

interface Item {
  _id: string;
  portalId: string;
  revision: number;
  title: string;
}

function submitted(itemId: string, revision: number, title: string): StagedEvent {
  const data: EventData<typeof ContentSubmitted> = {
    itemId,
    portalId: "stttt",
    revision,
    kind: "article",
    title,
    submittedBy: { id: "u-1", username: "stttt.focal-officer" },
    submittedAt: new Date().toISOString(),
  };
  return { def: ContentSubmitted, data };
}

/** A consumer whose handler counts applications per event id in Mongo (a double apply shows as 2). */
function countingConsumer(f: KafkaFixture, counts: Collection<{ _id: string; n: number }>) {
  return new IdempotentConsumer({
    kafka: f.kafka,
    groupId: f.group,
    topics: [f.topic],
    db: f.db,
    producer: f.producer,
    deadLetterTopic: f.dlt,
    logger,
    retry: { attempts: 2, initialMs: 10 },
    handlers: {
      [ContentSubmitted.type]: async (event) => {
        await counts.updateOne({ _id: event.id }, { $inc: { n: 1 } }, { upsert: true });
      },
    },
  });
}

/** An outbox publishing to the fixture's topics with the fixture's producer. */
function outboxOf(f: KafkaFixture, o: Partial<OutboxOptions> = {}) {
  return new Outbox({ producer: f.producer, logger, source: "/cong/test", topicPrefix: f.prefix, ...o });
}

describe("outbox → Kafka → idempotent consumer", () => {
  let f: KafkaFixture;

  beforeAll(async () => {
    f = await kafkaFixture({ name: "outbox", clientId: "outbox-test", partitions: 3, logger });
  });

  afterAll(async () => {
    await f.close();
  });

  it("publishes what a state change staged, in the same single-document write", async () => {
    const items = f.db.collection<Item>("items_basic");
    const outbox = outboxOf(f, { metrics: createMetrics("t") });
    await outbox.track(items as never);
    outbox.start();
    const counts = f.db.collection<{ _id: string; n: number }>("counts_basic");
    const consumer = countingConsumer(f, counts);
    await consumer.start();
    try {
      await outbox.insertOne(items, { _id: "item-0001", portalId: "stttt", revision: 1, title: "Bản nháp" }, [
        submitted("item-0001", 1, "Bản nháp"),
      ]);
      const r = await outbox.updateOne(
        items,
        { _id: "item-0001" },
        { $set: { revision: 2, title: "Bản sửa" } },
        [submitted("item-0001", 2, "Bản sửa")],
      );
      expect(r.modifiedCount).toBe(1);
      await waitFor(async () => (await counts.countDocuments()) === 2, { what: "2 events applied" });
      await outbox.drained();
      // published events are removed from the document once Kafka has them
      const doc = await items.findOne({ _id: "item-0001" });
      expect(doc?.[OUTBOX_FIELD as keyof Item]).toEqual([]);
      expect(doc?.title).toBe("Bản sửa");
    } finally {
      await consumer.stop();
      await outbox.stop();
    }
  });

  it("removes a burst of events on one document with one $pullAll and one markers deleteMany", async () => {
    // an editor's save, submit, approval and publication follow each other within a second
    const monitored = await new MongoClient(env.MONGO_URL, { monitorCommands: true }).connect();
    const cleanups: string[] = [];
    monitored.on("commandStarted", (ev) => {
      const c = ev.command as { updates?: { u?: Record<string, unknown> }[]; deletes?: unknown[] };
      if (ev.commandName === "update" && c.updates?.some((u) => u.u && "$pullAll" in u.u))
        cleanups.push(`update ${String(c[ev.commandName as keyof typeof c])}`);
      if (ev.commandName === "delete" && String(c[ev.commandName as keyof typeof c]) === OUTBOX_PENDING)
        cleanups.push("delete markers");
    });
    const items = monitored.db(f.db.databaseName).collection<Item>("items_burst");
    const outbox = outboxOf(f);
    await outbox.track(items as never);
    outbox.start();
    try {
      await outbox.insertOne(items, { _id: "burst-0001", portalId: "stttt", revision: 1, title: "Nháp" }, [
        submitted("burst-0001", 1, "Nháp"),
      ]);
      for (let r = 2; r <= 4; r++)
        await outbox.updateOne(items, { _id: "burst-0001" }, { $set: { revision: r } }, [
          submitted("burst-0001", r, `Bản ${r}`),
        ]);
      await outbox.drained();
      const doc = await items.findOne({ _id: "burst-0001" });
      expect(doc?.[OUTBOX_FIELD as keyof Item]).toEqual([]);
      expect(cleanups).toEqual(["update items_burst", "delete markers"]);
      expect(await f.db.collection(OUTBOX_PENDING).countDocuments({ d: "burst-0001" })).toBe(0);
    } finally {
      await outbox.stop();
      await monitored.close();
    }
  });

  it("stages nothing and writes nothing when an event breaks its contract", async () => {
    const items = f.db.collection<Item>("items_contract");
    const outbox = outboxOf(f);
    const bad = {
      def: ContentSubmitted,
      data: { ...(submitted("item-xxxx", 1, "t").data as object), revision: -1 },
    } as StagedEvent;
    await expect(
      outbox.insertOne(items, { _id: "item-x", portalId: "stttt", revision: 1, title: "t" }, [bad]),
    ).rejects.toThrow(/does not match its contract/);
    expect(await items.countDocuments()).toBe(0);
  });

  it("publishes, through the sweeper, events whose writer died before relaying them", async () => {
    const items = f.db.collection<Item>("items_orphans");
    // a writer that stages but never relays (as if the process died right after the write)
    const dead = outboxOf(f);
    for (let i = 0; i < 20; i++) {
      await dead.insertOne(items, { _id: `orphan-${i}`, portalId: "stttt", revision: 1, title: `Tin ${i}` }, [
        submitted(`orphan-${i}`, 1, `Tin ${i}`),
      ]);
    }
    const counts = f.db.collection<{ _id: string; n: number }>("counts_orphans");
    const consumer = countingConsumer(f, counts);
    await consumer.start();
    const survivor = outboxOf(f, { sweepGraceMs: 200, sweepIntervalMs: 300 });
    await survivor.track(items as never);
    survivor.start();
    try {
      await waitFor(async () => (await counts.countDocuments({ _id: { $regex: /./ } })) >= 20, {
        what: "20 orphaned events applied",
      });
      await survivor.drained();
      expect(await items.countDocuments({ [`${OUTBOX_FIELD}.0`]: { $exists: true } })).toBe(0);
      expect(await counts.countDocuments({ n: { $ne: 1 } })).toBe(0);
    } finally {
      await survivor.stop();
      await consumer.stop();
    }
  });
});

describe("the sweeper finds orphans through markers, never by scanning the collection (issue 21)", () => {
  let f: KafkaFixture;
  let watched: MongoClient;

  beforeAll(async () => {
    f = await kafkaFixture({ name: "markers", clientId: "markers-test", partitions: 3, logger });
    watched = await new MongoClient(env.MONGO_URL, { monitorCommands: true }).connect();
  });

  afterAll(async () => {
    await watched.close();
    await f.close();
  });

  it("publishes a dead writer's events and older entries without markers, drops stray markers, and reads only by _id", async () => {
    const { db } = f;
    const name = db.databaseName;
    const items = db.collection<Item>("items");
    const older = db.collection<Item>("items_older");
    const pending = db.collection<{ _id: string; d: unknown }>(OUTBOX_PENDING);
    // a writer that stages but never relays (its process died right after the writes)
    const dead = outboxOf(f);
    for (let i = 0; i < 5; i++) {
      const id = `item-mk-${i}`;
      await dead.insertOne(items, { _id: id, portalId: "stttt", revision: 1, title: `Tin ${i}` }, [
        submitted(id, 1, `Tin ${i}`),
      ]);
      const r = await dead.updateOne(items, { _id: id, revision: 1 }, { $set: { revision: 2 } }, [
        submitted(id, 2, `Tin ${i} sửa`),
      ]);
      expect(r.modifiedCount).toBe(1);
    }
    // every staged entry has its marker, written before the aggregate
    expect(await pending.countDocuments({ _id: { $gte: "items|", $lt: "items|~" } })).toBe(10);
    // a stale-version write changes nothing and leaves no marker behind
    const stale = await dead.updateOne(items, { _id: "item-mk-0", revision: 1 }, { $set: { title: "x" } }, [
      submitted("item-mk-0", 3, "x"),
    ]);
    expect(stale.modifiedCount).toBe(0);
    await waitFor(
      async () => (await pending.countDocuments({ _id: { $gte: "items|", $lt: "items|~" } })) === 10,
      {
        what: "the refused write's marker removed",
      },
    );
    // an entry staged by an older kit (no marker), and a marker whose write never happened
    const [legacy] = dead.prepare([submitted("item-old1", 1, "Tin cũ")]);
    await older.insertOne({
      _id: "item-old1",
      portalId: "stttt",
      revision: 1,
      title: "Tin cũ",
      [OUTBOX_FIELD]: [legacy],
    } as never);
    const strayAt = new Date(Date.now() - 5 * 60_000);
    const stray = markerId("items", { time: strayAt, id: "never-written" });
    await pending.insertOne({ _id: stray, d: "item-m404" });
    await indexesSettled(db, ["items", "items_older", OUTBOX_PENDING], 60_000);

    const counts = db.collection<{ _id: string; n: number }>("counts");
    const consumer = countingConsumer(f, counts);
    await consumer.start();
    const queries = watchQueries(watched);
    const wdb = watched.db(name);
    const survivor = outboxOf(f, { sweepGraceMs: 200, sweepIntervalMs: 300 });
    await survivor.track(wdb.collection("items"));
    await survivor.track(wdb.collection("items_older"));
    queries.start();
    survivor.start();
    try {
      await waitFor(async () => (await counts.countDocuments()) >= 11, {
        what: "11 orphaned events applied",
      });
      await survivor.drained();
      await waitFor(async () => (await pending.countDocuments({ _id: { $not: /^!/ } })) === 0, {
        what: "every marker removed (published ones and the stray one)",
      });
      expect(await counts.countDocuments({ n: { $ne: 1 } })).toBe(0);
      expect(await counts.countDocuments()).toBe(11);
      for (const c of [items, older])
        expect(await c.countDocuments({ [`${OUTBOX_FIELD}.0`]: { $exists: true } })).toBe(0);
      // the pass over the older collection happened once and is remembered
      expect(await pending.findOne({ _id: "!legacy|items_older" })).not.toBeNull();
    } finally {
      await survivor.stop();
      await consumer.stop();
    }
    const seen = queries.stop();
    // each collection was passed over once, for entries staged before markers existed
    const passes = (qs: typeof seen) =>
      qs.filter((q) => JSON.stringify(q.filter).includes('"_outbox.')).map((q) => q.collection);
    expect(passes(seen).sort()).toEqual(["items", "items_older"]);
    expect(seen.some((q) => q.collection === OUTBOX_PENDING && q.command === "find")).toBe(true);
    expect(await unflat(wdb, seen, { outbox: true })).toEqual([]);
    // the next process (a restart, another replica) remembers it: its sweeps read only by _id
    const next = outboxOf(f);
    await next.track(wdb.collection("items"));
    await next.track(wdb.collection("items_older"));
    queries.start();
    expect(await next.sweepOnce(0)).toBe(0);
    expect(await next.sweepOnce(0)).toBe(0);
    const later = queries.stop();
    expect(passes(later)).toEqual([]);
    expect(later.length).toBeGreaterThan(0);
    expect(await unflat(wdb, later, { outbox: true })).toEqual([]);
  });
});

describe("Kafka stopped while 1,000 state changes are written", () => {
  jest.setTimeout(300_000);

  it("loses none and applies each exactly once after Kafka returns", async () => {
    const broker = await privateServer("kafka");
    const f = await kafkaFixture({
      name: "outage",
      clientId: "outage",
      partitions: 3,
      logger,
      brokers: [broker.env.KAFKA_BROKERS as string],
      producer: { retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1000 } },
    });
    const { db, producer } = f;
    const items = db.collection<Item & { n: number }>("items");
    const counts = db.collection<{ _id: string; n: number }>("counts");
    const outbox = outboxOf(f);
    await outbox.track(items as never);
    outbox.start();
    try {
      await broker.stop();

      // 1,000 state changes on 100 items while the broker is down
      for (let i = 0; i < 100; i++) {
        await outbox.insertOne(
          items,
          { _id: `item-${String(i).padStart(4, "0")}`, portalId: "stttt", revision: 0, title: "Tin", n: 0 },
          [],
        );
      }
      for (let round = 1; round <= 10; round++) {
        await Promise.all(
          Array.from({ length: 100 }, (_, i) =>
            outbox.updateOne(
              items,
              { _id: `item-${String(i).padStart(4, "0")}` },
              { $inc: { n: 1 }, $set: { revision: round } },
              [submitted(`item-${String(i).padStart(4, "0")}`, round, `Tin ${i} lần ${round}`)],
            ),
          ),
        );
      }
      // every change is stored with its event, none is published yet
      expect(await items.countDocuments({ n: 10 })).toBe(100);
      const staged = await items.find({}, { projection: { [OUTBOX_FIELD]: 1 } }).toArray();
      expect(
        staged.reduce((sum, d) => sum + ((d as Record<string, unknown[]>)[OUTBOX_FIELD]?.length ?? 0), 0),
      ).toBe(1000);
      expect(outbox.stats().queued).toBe(1000);
      expect(outbox.lagSeconds()).toBeGreaterThan(0);

      await broker.start();
      const consumer = countingConsumer(f, counts);
      await consumer.start();
      try {
        await waitFor(async () => (await counts.countDocuments()) === 1000, {
          timeoutMs: 120_000,
          what: "1000 events applied",
        });
        await outbox.drained(120_000);
        // exactly once each, and no event left behind in any document
        expect(await counts.countDocuments({ n: 1 })).toBe(1000);
        expect(await items.countDocuments({ [`${OUTBOX_FIELD}.0`]: { $exists: true } })).toBe(0);
      } finally {
        await consumer.stop();
      }
    } finally {
      await outbox.stop(1000);
      await producer.disconnect().catch(() => undefined);
      await db.dropDatabase();
      await f.client.close();
      await broker.destroy();
    }
  });
});
