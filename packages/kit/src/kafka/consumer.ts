// Idempotent consumer: every event is applied at most once per consumer group, even when Kafka
// delivers it again (rebalance, restart) or a relay publishes it twice.
//   - a processed-event ledger in the service's database: a batch claims its event ids with one
//     insertMany (duplicates show up as duplicate keys), and after applying records them as done;
//     an id claimed but never done (a crash in between) is applied again;
//   - a failing handler is retried with backoff, then the message goes to the group's dead-letter
//     topic with the reason, and the consumer goes on;
//   - a message that is not a valid CloudEvent of a known contract is dead-lettered at once;
//   - while the database (or Kafka, for dead letters) is unreachable, the partition is paused and
//     resumed later from the message that failed — nothing is skipped;
//   - after Kafka returns from an outage, the member kafkajs could not take out of the group is
//     taken out by the kit, so the restarted consumer is not kept waiting for its session.
import type { CloudEvent } from "@cong/contracts";
import { EnvelopeError, fromKafkaMessage, parseEvent } from "@cong/contracts";
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from "kafkajs";
import type { Collection, Db, MongoBulkWriteError } from "mongodb";
import type { Logger } from "pino";
import type { Metrics } from "../metrics";
import { isMongoUnavailable } from "../mongo";
import { withEventSpan } from "../telemetry/trace";
import { isKafkaUnavailable } from "./client";

export interface HandlerContext {
  topic: string;
  partition: number;
  offset: string;
  attempt: number;
  logger: Logger;
}

export type EventHandler = (event: CloudEvent<unknown>, ctx: HandlerContext) => Promise<void>;

/**
 * Called once per batch, before its events go to their handlers one by one, with the batch's
 * valid events in offset order (each id once; a redelivered batch shows events applied before, so
 * what the hook does must be idempotent too). It may apply some of them ahead, with fewer round
 * trips; every event not applied before still goes to its handler afterwards, in order, which
 * must then find it applied (revision checks). A failure is logged and ignored: the handlers then
 * apply everything as without the hook.
 */
export type BatchHook = (
  events: CloudEvent<unknown>[],
  ctx: { topic: string; partition: number; logger: Logger },
) => Promise<void>;

export interface IdempotentConsumerOptions {
  kafka: Kafka;
  /** full consumer-group name (with the environment's prefix) */
  groupId: string;
  /** full topic names */
  topics: string[];
  /** the service's database: holds the ledger */
  db: Db;
  /** handlers by CloudEvents type; events of other (known) types are acknowledged and skipped */
  handlers: Record<string, EventHandler>;
  /** optional: sees each batch's events before the handlers do (see BatchHook) */
  beforeBatch?: BatchHook;
  /** producer for dead letters */
  producer: Producer;
  /** full dead-letter topic name */
  deadLetterTopic: string;
  logger: Logger;
  metrics?: Metrics;
  retry?: { attempts?: number; initialMs?: number; maxMs?: number };
  pause?: { initialMs?: number; maxMs?: number };
  /** extra test for errors that mean "a dependency is down, try later" */
  isTransient?: (e: unknown) => boolean;
  /** ledger entries older than this are deleted (default 14 days) */
  ledgerRetentionMs?: number;
  partitionsConsumedConcurrently?: number;
  fromBeginning?: boolean;
  /**
   * How long the broker keeps a member that stopped heartbeating (default 10 s). After an outage
   * the old member is taken out of the group explicitly (see `leaveDeparted`), so this no longer
   * decides how long the consumer stays idle once Kafka is back.
   */
  sessionTimeoutMs?: number;
}

/** What the kit uses of kafkajs's (private) cluster: one request, to take a member out. */
interface GroupCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  findGroupCoordinator(q: { groupId: string }): Promise<{
    leaveGroup(q: { groupId: string; memberId: string }): Promise<unknown>;
  }>;
}
type CreateCluster = (o: { metadataMaxAge?: number; allowAutoTopicCreation?: boolean }) => GroupCluster;

/**
 * kafkajs 2.2 (pinned in the kit's package.json) makes clusters with the client's settings
 * (brokers, TLS, SASL) through a symbol-keyed function; undefined if a later version drops it —
 * the consumer then waits for the old member's session as before.
 */
export function clusterFactory(kafka: Kafka): CreateCluster | undefined {
  const sym = Object.getOwnPropertySymbols(kafka).find(
    (x) => x.description === "private:Kafka:createCluster",
  );
  const fn = sym ? (kafka as unknown as Record<symbol, unknown>)[sym] : undefined;
  return typeof fn === "function" ? (fn as CreateCluster) : undefined;
}

/** Mark an error as "try again later" (pause instead of dead-lettering). */
export class TransientError extends Error {
  override readonly name = "TransientError";
  readonly transient = true;
}

interface Decoded {
  message: KafkaMessage;
  event?: CloudEvent<unknown>;
  problem?: { reason: string; error: string };
}

interface LedgerDoc {
  _id: string;
  at: Date;
}

type Outcome = "applied" | "skipped" | "duplicate" | "dead-lettered" | "transient";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class IdempotentConsumer {
  private readonly consumer: Consumer;
  private readonly claims: Collection<LedgerDoc>;
  private readonly done: Collection<LedgerDoc>;
  private readonly log: Logger;
  private readonly recentDone = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly resumeTimers = new Set<NodeJS.Timeout>();
  private cleanupTimer: NodeJS.Timeout | undefined;
  /** the group member this consumer is now (kafkajs's GROUP_JOIN) */
  private memberId: string | undefined;
  /** members this consumer was before kafkajs restarted it, that may still be in the group */
  private readonly departed = new Set<string>();
  private leaving: Promise<void> | undefined;
  private stopped = false;
  private readonly outcomes;
  private readonly lagSeconds;
  /** messages not yet consumed per `topic/partition`, as of the last batch fetched */
  private readonly lagByPartition = new Map<string, { topic: string; lag: number }>();

  constructor(private readonly opts: IdempotentConsumerOptions) {
    this.log = opts.logger.child({ component: "consumer", group: opts.groupId });
    // An outage longer than kafkajs's retries crashes the consumer; it restarts as a NEW member
    // (kafkajs forgets its member id, and could not leave while the broker was away). The broker
    // restores the old member with the group and holds the rebalance until that member's session
    // expires: with 30 s the portals stayed 30 s behind after Kafka returned (e2e/test/
    // outage-kafka.test.ts). 10 s is Kafka's long-standing default; heartbeats go every 3 s and
    // after every message of a batch (eachBatch), so a slow handler does not lose the session.
    const sessionTimeout = opts.sessionTimeoutMs ?? 10_000;
    this.consumer = opts.kafka.consumer({
      groupId: opts.groupId,
      sessionTimeout,
      heartbeatInterval: Math.min(3000, Math.floor(sessionTimeout / 3)),
      allowAutoTopicCreation: false,
      retry: { retries: 8, initialRetryTime: 300, maxRetryTime: 10_000 },
    });
    const events = this.consumer.events;
    this.consumer.on(events.GROUP_JOIN, (e) => {
      this.memberId = e.payload.memberId;
      this.log.info({ memberId: e.payload.memberId, joinMs: e.payload.duration }, "joined the group");
    });
    this.consumer.on(events.CRASH, () => {
      if (this.memberId) this.departed.add(this.memberId);
      this.memberId = undefined;
    });
    // kafkajs's CONNECT comes when a (re)started consumer reaches the broker: the moment the old
    // member can be taken out, before or while the new one's join waits for it
    this.consumer.on(events.CONNECT, () => this.leaveDeparted());
    this.claims = opts.db.collection<LedgerDoc>("_inbox_claims");
    this.done = opts.db.collection<LedgerDoc>("_inbox_done");
    this.outcomes = opts.metrics?.counter("cong_consumer_events_total", "events by outcome", [
      "group",
      "outcome",
    ]);
    this.lagSeconds = opts.metrics?.gauge(
      "cong_consumer_event_age_seconds",
      "age of the last event applied, from its time to now",
      ["group"],
    );
    // Consumer lag (issue 20): the broker's high watermark minus this group's position, from the
    // batches kafkajs fetches — at a batch's start everything from its first message on waits, at
    // its end what came after it. No admin request per scrape (a scrape during an outage must not
    // hang); while the broker is away the figure stays where the last batch left it, and the
    // outbox's age and the consumer's event age tell the rest.
    if (opts.metrics) {
      opts.metrics.gauge(
        "cong_consumer_lag_messages",
        "messages of the topic not yet consumed by the group, as of the last batch fetched",
        ["group", "topic"],
        (g) => {
          g.reset();
          const byTopic = new Map<string, number>();
          for (const { topic, lag } of this.lagByPartition.values())
            byTopic.set(topic, (byTopic.get(topic) ?? 0) + lag);
          for (const [topic, lag] of byTopic) g.set({ group: opts.groupId, topic }, lag);
        },
      );
      const track = (
        e: { payload: { topic: string; partition: number; offsetLag: string; offsetLagLow: string } },
        waiting: number,
      ) =>
        this.lagByPartition.set(`${e.payload.topic}/${e.payload.partition}`, {
          topic: e.payload.topic,
          lag: Number.isFinite(waiting) ? Math.max(0, waiting) : 0,
        });
      this.consumer.on(events.START_BATCH_PROCESS, (e) =>
        track(e, Number(e.payload.offsetLagLow) + (e.payload.batchSize > 0 ? 1 : 0)),
      );
      this.consumer.on(events.END_BATCH_PROCESS, (e) => track(e, Number(e.payload.offsetLag)));
    }
  }

  /**
   * Ledger writes from concurrently consumed partitions go one at a time: an SQLite-backed
   * FerretDB has one writer per database, and six concurrent claim inserts took ~600 ms each
   * where one alone takes ~30 ms (bench/outbox-throughput). On MongoDB it costs little.
   */
  private ledgerTail: Promise<unknown> = Promise.resolve();
  private inTurn<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.ledgerTail.then(fn, fn);
    this.ledgerTail = run.catch(() => undefined);
    return run;
  }

  private key(eventId: string): string {
    return `${this.opts.groupId}/${eventId}`;
  }

  async start(): Promise<void> {
    await Promise.all([
      this.claims.createIndex({ at: 1 }, { name: "at" }),
      this.done.createIndex({ at: 1 }, { name: "at" }),
    ]);
    await this.consumer.connect();
    await this.consumer.subscribe({
      topics: this.opts.topics,
      fromBeginning: this.opts.fromBeginning ?? true,
    });
    await this.consumer.run({
      autoCommit: true,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.opts.partitionsConsumedConcurrently ?? 3,
      eachBatch: (payload) => this.eachBatch(payload),
    });
    const retention = this.opts.ledgerRetentionMs ?? 14 * 24 * 3600_000;
    this.cleanupTimer = setInterval(() => void this.cleanLedger(retention), Math.min(retention, 3600_000));
    this.cleanupTimer.unref();
  }

  /** Stops fetching, lets the batch in hand finish, commits offsets, disconnects. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.cleanupTimer) clearInterval(this.cleanupTimer);
    for (const t of this.resumeTimers) clearTimeout(t);
    await this.consumer.disconnect();
    await this.leaving;
  }

  /**
   * Takes the members this consumer was before a crash out of the group. An outage longer than
   * kafkajs's retries crashes the consumer; kafkajs cannot leave the group while the broker is
   * away, forgets its member id and restarts as a NEW member. The broker keeps the old member
   * (it reloads the group with it when it starts again) and holds the new member's join until the
   * old one's session expires: the portals stayed a whole session (10 s; 30 s before) behind after
   * Kafka returned (e2e/test/outage-kafka.test.ts). The old member is this process's, and dead, so
   * the kit sends the LeaveGroup kafkajs could not, as soon as the broker answers; the join then
   * completes at once. A member already gone (kafkajs left it, or it expired) is UNKNOWN_MEMBER_ID.
   */
  private leaveDeparted(): void {
    if (this.leaving || this.stopped || !this.departed.size) return;
    const create = clusterFactory(this.opts.kafka);
    if (!create) return;
    const groupId = this.opts.groupId;
    this.leaving = (async () => {
      const cluster = create({ allowAutoTopicCreation: false });
      try {
        // a broker just started may still be loading the group (COORDINATOR_LOAD_IN_PROGRESS)
        for (let attempt = 1; this.departed.size && !this.stopped && attempt <= 20; attempt++) {
          try {
            await cluster.connect();
            const coordinator = await cluster.findGroupCoordinator({ groupId });
            for (const memberId of [...this.departed]) {
              try {
                await coordinator.leaveGroup({ groupId, memberId });
                this.log.info({ memberId }, "took the member kafkajs left behind out of the group");
              } catch (e) {
                if ((e as { type?: string }).type !== "UNKNOWN_MEMBER_ID") throw e;
              }
              this.departed.delete(memberId);
            }
          } catch (e) {
            this.log.debug({ err: e, attempt }, "could not take the old member out of the group yet");
            await sleep(Math.min(100 * attempt, 1000));
          }
        }
      } finally {
        await cluster.disconnect().catch(() => undefined);
        this.leaving = undefined;
      }
      // a crash while this ran: its member is taken out at the next connection
    })();
  }

  /** The kafkajs consumer, for events such as GROUP_JOIN in tests. */
  get raw(): Consumer {
    return this.consumer;
  }

  private isTransient(e: unknown): boolean {
    return (
      (e as { transient?: boolean } | null)?.transient === true ||
      isMongoUnavailable(e) ||
      isKafkaUnavailable(e) ||
      (this.opts.isTransient?.(e) ?? false)
    );
  }

  private decode(message: KafkaMessage): Decoded {
    try {
      const event = parseEvent(fromKafkaMessage(message));
      return { message, event };
    } catch (e) {
      const reason = e instanceof EnvelopeError ? "invalid_envelope" : "contract_violation";
      return { message, problem: { reason, error: e instanceof Error ? e.message : String(e) } };
    }
  }

  /** Claims ids; returns those never claimed before. */
  private async claim(ids: string[]): Promise<Set<string>> {
    const fresh = new Set(ids);
    if (!ids.length) return fresh;
    const at = new Date();
    try {
      await this.inTurn(() =>
        this.claims.insertMany(
          ids.map((id) => ({ _id: this.key(id), at })),
          { ordered: false },
        ),
      );
    } catch (e) {
      const bulk = e as MongoBulkWriteError;
      const writeErrors = bulk.writeErrors;
      const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
      if (bulk.code !== 11000 && !list.length) throw e;
      for (const we of list) {
        if (we.code !== 11000) throw e;
        const id = ids[we.index];
        if (id !== undefined) fresh.delete(id);
      }
    }
    return fresh;
  }

  private async isDone(id: string): Promise<boolean> {
    if (this.recentDone.has(id)) return true;
    return (await this.done.findOne({ _id: this.key(id) }, { projection: { _id: 1 } })) !== null;
  }

  private async markDone(ids: string[]): Promise<void> {
    if (!ids.length) return;
    const at = new Date();
    for (let attempt = 1; ; attempt++) {
      try {
        await this.inTurn(() =>
          this.done.insertMany(
            ids.map((id) => ({ _id: this.key(id), at })),
            { ordered: false },
          ),
        );
        break;
      } catch (e) {
        const bulk = e as MongoBulkWriteError;
        const list = Array.isArray(bulk.writeErrors)
          ? bulk.writeErrors
          : bulk.writeErrors
            ? [bulk.writeErrors]
            : [];
        if (list.length && list.every((w) => w.code === 11000)) break; // already recorded
        if (attempt >= 5) throw e;
        await sleep(200 * attempt);
      }
    }
    for (const id of ids) this.remember(id);
  }

  private remember(id: string): void {
    this.recentDone.add(id);
    if (this.recentDone.size > 50_000) {
      const first = this.recentDone.values().next().value;
      if (first !== undefined) this.recentDone.delete(first);
    }
  }

  private pauseFor(topic: string, partition: number, offset: string, e: unknown): void {
    const key = `${topic}:${partition}`;
    const n = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, n);
    const initial = this.opts.pause?.initialMs ?? 500;
    const delay = Math.min(initial * 2 ** (n - 1), this.opts.pause?.maxMs ?? 30_000);
    this.log.warn(
      { err: e, topic, partition, offset, resumeInMs: delay },
      "a dependency is unavailable; pausing the partition",
    );
    this.consumer.pause([{ topic, partitions: [partition] }]);
    // fetch again from the message that could not be processed
    this.consumer.seek({ topic, partition, offset });
    const t = setTimeout(() => {
      this.resumeTimers.delete(t);
      this.consumer.resume([{ topic, partitions: [partition] }]);
    }, delay);
    this.resumeTimers.add(t);
  }

  private async deadLetter(d: Decoded, topic: string, partition: number, reason: string, error: string) {
    const m = d.message;
    const headers: Record<string, string | Buffer> = {};
    for (const [k, v] of Object.entries(m.headers ?? {})) {
      const first = Array.isArray(v) ? v[0] : v;
      if (first !== undefined) headers[k] = first;
    }
    Object.assign(headers, {
      "x-dlt-reason": reason,
      "x-dlt-error": error.slice(0, 1000),
      "x-dlt-source-topic": topic,
      "x-dlt-source-partition": String(partition),
      "x-dlt-source-offset": m.offset,
      "x-dlt-consumer-group": this.opts.groupId,
      "x-dlt-at": new Date().toISOString(),
    });
    await this.opts.producer.send({
      topic: this.opts.deadLetterTopic,
      acks: -1,
      messages: [{ key: m.key, value: m.value, headers }],
    });
    this.log.error(
      { topic, partition, offset: m.offset, reason, error },
      "message sent to the dead-letter topic",
    );
  }

  private async processOne(
    d: Decoded,
    fresh: Set<string>,
    seen: Set<string>,
    topic: string,
    partition: number,
  ): Promise<Outcome> {
    if (d.problem) {
      await this.deadLetter(d, topic, partition, d.problem.reason, d.problem.error);
      return "dead-lettered";
    }
    const event = d.event as CloudEvent<unknown>;
    // the same event twice in one batch, or claimed by an earlier delivery and done
    if (seen.has(event.id)) return "duplicate";
    if (!fresh.has(event.id) && (await this.isDone(event.id))) return "duplicate";
    const handler = this.opts.handlers[event.type];
    if (!handler) return "skipped";
    const attempts = this.opts.retry?.attempts ?? 5;
    let wait = this.opts.retry?.initialMs ?? 100;
    for (let attempt = 1; ; attempt++) {
      try {
        await withEventSpan(
          event,
          { topic, partition, offset: d.message.offset, group: this.opts.groupId },
          () =>
            handler(event, {
              topic,
              partition,
              offset: d.message.offset,
              attempt,
              logger: this.log.child({ eventId: event.id, eventType: event.type }),
            }),
        );
        this.lagSeconds?.set({ group: this.opts.groupId }, (Date.now() - Date.parse(event.time)) / 1000);
        return "applied";
      } catch (e) {
        if (this.isTransient(e)) return "transient";
        if (attempt >= attempts) {
          await this.deadLetter(
            d,
            topic,
            partition,
            "handler_failed",
            e instanceof Error ? e.message : String(e),
          );
          return "dead-lettered";
        }
        this.log.warn({ err: e, eventId: event.id, attempt }, "handler failed; retrying");
        await sleep(wait);
        wait = Math.min(wait * 2, this.opts.retry?.maxMs ?? 5000);
      }
    }
  }

  private async eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary } = payload;
    const { topic, partition } = batch;
    const items = batch.messages.map((m) => this.decode(m));
    let fresh: Set<string>;
    try {
      fresh = await this.claim([...new Set(items.flatMap((i) => (i.event ? [i.event.id] : [])))]);
    } catch (e) {
      if (this.isTransient(e) && items[0]) return this.pauseFor(topic, partition, items[0].message.offset, e);
      throw e;
    }
    await this.beforeBatch(items, topic, partition);

    let doneIds: string[] = [];
    const seen = new Set<string>();
    let lastOffset: string | undefined;
    const flush = async () => {
      await this.markDone(doneIds);
      doneIds = [];
      if (lastOffset !== undefined) resolveOffset(lastOffset);
      await commitOffsetsIfNecessary();
    };

    for (const item of items) {
      if (!isRunning() || isStale()) break;
      let outcome: Outcome;
      try {
        outcome = await this.processOne(item, fresh, seen, topic, partition);
      } catch (e) {
        // dead-lettering itself failed (Kafka down) or the ledger read failed
        if (!this.isTransient(e)) throw e;
        outcome = "transient";
      }
      if (outcome === "transient") {
        try {
          await flush();
        } catch (e) {
          this.log.warn({ err: e }, "could not record processed events before pausing");
        }
        return this.pauseFor(topic, partition, item.message.offset, new Error("dependency unavailable"));
      }
      this.outcomes?.inc({ group: this.opts.groupId, outcome });
      if (item.event && outcome !== "duplicate") {
        doneIds.push(item.event.id);
        seen.add(item.event.id);
      }
      lastOffset = item.message.offset;
      if (doneIds.length >= 200) await flush();
      await heartbeat();
    }
    await flush();
    this.failures.delete(`${topic}:${partition}`);
  }

  private async beforeBatch(items: Decoded[], topic: string, partition: number) {
    const hook = this.opts.beforeBatch;
    if (!hook) return;
    const seen = new Set<string>();
    const events: CloudEvent<unknown>[] = [];
    for (const i of items)
      if (i.event && !seen.has(i.event.id)) {
        seen.add(i.event.id);
        events.push(i.event);
      }
    if (!events.length) return;
    try {
      await hook(events, { topic, partition, logger: this.log });
    } catch (e) {
      this.log.warn({ err: e, topic, partition }, "the batch hook failed; events go one at a time");
    }
  }

  private async cleanLedger(retentionMs: number): Promise<void> {
    const cutoff = new Date(Date.now() - retentionMs);
    try {
      await this.claims.deleteMany({ at: { $lt: cutoff } });
      await this.done.deleteMany({ at: { $lt: cutoff } });
    } catch (e) {
      this.log.warn({ err: e }, "ledger cleanup failed");
    }
  }
}
