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
// Here: the batch loop, retries, pausing and dead-lettering; the options are in
// consumer-options.ts, the ledger in consumer-ledger.ts, the group membership after an outage in
// consumer-group.ts, the dead letter's headers in consumer-dead-letter.ts, the metrics in
// consumer-metrics.ts.
import { setTimeout as sleep } from "node:timers/promises";
import type { CloudEvent } from "@cong/contracts";
import { EnvelopeError, fromKafkaMessage, parseEvent } from "@cong/contracts";
import type { Consumer, EachBatchPayload, KafkaMessage } from "kafkajs";
import type { Logger } from "pino";
import { isMongoUnavailable } from "../mongo";
import { withEventSpan } from "../telemetry/trace";
import { isKafkaUnavailable } from "./client";
import { sendDeadLetter } from "./consumer-dead-letter";
import { GroupMembership } from "./consumer-group";
import { ProcessedLedger } from "./consumer-ledger";
import { consumerMetrics } from "./consumer-metrics";
import type { IdempotentConsumerOptions } from "./consumer-options";

export { clusterFactory } from "./consumer-group";
export {
  type BatchHook,
  type EventHandler,
  type HandlerContext,
  type IdempotentConsumerOptions,
  TransientError,
} from "./consumer-options";

interface Decoded {
  message: KafkaMessage;
  event?: CloudEvent<unknown>;
  problem?: { reason: string; error: string };
}

type Outcome = "applied" | "skipped" | "duplicate" | "dead-lettered" | "transient";

export class IdempotentConsumer {
  private readonly consumer: Consumer;
  private readonly ledger: ProcessedLedger;
  private readonly membership: GroupMembership;
  private readonly log: Logger;
  private readonly failures = new Map<string, number>();
  private readonly resumeTimers = new Set<NodeJS.Timeout>();
  private cleanupTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly outcomes;
  private readonly lagSeconds;

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
    this.membership = new GroupMembership(opts.kafka, opts.groupId, this.log, () => this.stopped);
    this.membership.follow(this.consumer);
    this.ledger = new ProcessedLedger(opts.db, opts.groupId, this.log);
    ({ outcomes: this.outcomes, lagSeconds: this.lagSeconds } = consumerMetrics(
      opts.metrics,
      opts.groupId,
      this.consumer,
    ));
  }

  async start(): Promise<void> {
    await this.ledger.ensureIndexes();
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
    this.cleanupTimer = setInterval(() => void this.ledger.clean(retention), Math.min(retention, 3600_000));
    this.cleanupTimer.unref();
  }

  /** Stops fetching, lets the batch in hand finish, commits offsets, disconnects. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.cleanupTimer) clearInterval(this.cleanupTimer);
    for (const t of this.resumeTimers) clearTimeout(t);
    await this.consumer.disconnect();
    await this.membership.settled();
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
    await sendDeadLetter(this.opts.producer, this.opts.deadLetterTopic, {
      message: m,
      topic,
      partition,
      reason,
      error,
      group: this.opts.groupId,
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
    if (!fresh.has(event.id) && (await this.ledger.isDone(event.id))) return "duplicate";
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
      fresh = await this.ledger.claim([...new Set(items.flatMap((i) => (i.event ? [i.event.id] : [])))]);
    } catch (e) {
      if (this.isTransient(e) && items[0]) return this.pauseFor(topic, partition, items[0].message.offset, e);
      throw e;
    }
    await this.beforeBatch(items, topic, partition);

    let doneIds: string[] = [];
    const seen = new Set<string>();
    let lastOffset: string | undefined;
    const flush = async () => {
      await this.ledger.markDone(doneIds);
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
}
