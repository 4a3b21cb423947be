// Transactional outbox without transactions: an event is stored in the SAME single-document
// write as the state change it describes (array field `_outbox` of the aggregate's document), so
// the change and its event are saved together or not at all. A relay then publishes it with the
// idempotent producer and removes it from the document. Nothing is lost when Kafka is down:
//   - fast path: after a successful write the entries are handed to the relay in memory; it
//     publishes in batches, backing off while Kafka is unreachable;
//   - safety net: a sweeper periodically finds entries older than a grace period that no relay
//     of this process holds (written by a process that died, or dropped from a full queue) and
//     publishes them too.
// The sweeper never scans the aggregates' collection (issue 21: at 200,000 items a scan took
// minutes on FerretDB v1 and ran every 30 s). Before the aggregate's write, each entry gets a
// marker in the database's `outbox_pending` collection whose `_id` is
// `<collection>|<ISO time>|<event id>`; the sweeper reads the markers older than the grace period
// as one `_id` range and the documents they name by `_id`; the relay's clean-up deletes the
// markers of what it published. A marker whose entry is not in its document (the write failed,
// or the event was published and its marker not yet removed) is dropped once it is old enough.
// A re-sent event is harmless: consumers deduplicate by event id. See docs/adr/0002.
// Here: the writes, the relay and the sweep; the entries and options are in outbox-entry.ts, the
// markers in outbox-markers.ts, the removal of published entries in outbox-cleanup.ts.
import { setTimeout as sleep } from "node:timers/promises";
import type {
  Collection,
  Document,
  Filter,
  FindOneAndUpdateOptions,
  UpdateFilter,
  UpdateOptions,
} from "mongodb";
import type { Logger } from "pino";
import { inTurn, unwrapCollection } from "../serial-writes";
import { OutboxCleanup } from "./outbox-cleanup";
import {
  buildEntries,
  OUTBOX_FIELD,
  type OutboxEntry,
  type OutboxOptions,
  type Pending,
  type StagedEvent,
  withOutbox,
} from "./outbox-entry";
import { PendingMarkers } from "./outbox-markers";

export {
  markerId,
  OUTBOX_FIELD,
  OUTBOX_PENDING,
  type OutboxEntry,
  type OutboxOptions,
  type PendingMarker,
  type StagedEvent,
  withOutbox,
} from "./outbox-entry";

export class Outbox {
  private readonly queue: Pending[] = [];
  /** the batch being published right now */
  private inflight: Pending[] = [];
  private readonly known = new Set<string>();
  private readonly tracked = new Map<string, Collection<Document>>();
  private readonly markers: PendingMarkers;
  private readonly cleanup: OutboxCleanup;
  private readonly log: Logger;
  private running = false;
  private stopDeadline = 0;
  private wake: (() => void) | undefined;
  private loops: Promise<void>[] = [];
  private sweepTimer: NodeJS.Timeout | undefined;
  private droppedWarned = false;
  private readonly published;
  private readonly failures;
  private readonly swept;

  constructor(private readonly opts: OutboxOptions) {
    this.log = opts.logger.child({ component: "outbox" });
    this.markers = new PendingMarkers(this.log);
    const self = this;
    this.cleanup = new OutboxCleanup(
      opts,
      {
        get running() {
          return self.running;
        },
        get stopDeadline() {
          return self.stopDeadline;
        },
        get waiting() {
          return self.queue.length;
        },
        known: this.known,
      },
      this.markers,
      this.log,
    );
    const m = opts.metrics;
    this.published = m?.counter("cong_outbox_published_events_total", "events the relay published", [
      "topic",
    ]);
    this.failures = m?.counter("cong_outbox_publish_failures_total", "failed publish attempts (retried)");
    this.swept = m?.counter(
      "cong_outbox_swept_events_total",
      "events found by the sweeper, not by the fast path",
    );
    m?.gauge("cong_outbox_pending_events", "events staged and not yet published", [], (g) =>
      g.set(this.queue.length + this.inflight.length),
    );
    m?.gauge(
      "cong_outbox_oldest_pending_seconds",
      "age of the oldest event not yet published (outbox lag)",
      [],
      (g) => g.set(this.lagSeconds()),
    );
    m?.gauge(
      "cong_outbox_cleanup_pending_documents",
      "documents whose published events are not yet removed",
      [],
      (g) => g.set(this.cleanup.documents),
    );
  }

  /** Seconds since the oldest event waiting in the queue was staged (0 when none waits). */
  lagSeconds(): number {
    const first = this.inflight[0] ?? this.queue[0];
    return first ? Math.max(0, (Date.now() - first.entry.time.getTime()) / 1000) : 0;
  }

  stats() {
    return {
      queued: this.queue.length + this.inflight.length,
      known: this.known.size,
      cleanupPending: this.cleanup.pending,
    };
  }

  /** Validates the events against their contracts (throws ContractViolation) and builds entries. */
  prepare(events: StagedEvent[]): OutboxEntry[] {
    return buildEntries(events, this.opts);
  }

  /** Registers a collection whose documents carry outbox entries (index for the sweeper). */
  async track(coll: Collection<Document>): Promise<void> {
    if (this.tracked.has(coll.collectionName)) return;
    this.tracked.set(coll.collectionName, unwrapCollection(coll));
    await coll.createIndex({ [`${OUTBOX_FIELD}.time`]: 1 }, { name: "outbox_time" });
  }

  /** Inserts a new aggregate with its events. */
  async insertOne<T extends Document>(
    coll: Collection<T>,
    doc: T,
    events: StagedEvent[],
  ): Promise<OutboxEntry[]> {
    const docId = (doc as Document)._id;
    const { entries } = await this.staged(coll, docId, events, (_, entries) =>
      coll.insertOne({ ...doc, [OUTBOX_FIELD]: entries } as never),
    );
    this.notify(coll as unknown as Collection<Document>, docId, entries);
    return entries;
  }

  /** Updates one aggregate and stages its events in the same write; returns the driver's result. */
  async updateOne<T extends Document>(
    coll: Collection<T>,
    filter: Filter<T>,
    update: UpdateFilter<T>,
    events: StagedEvent[],
    options?: UpdateOptions,
  ) {
    const docId = (filter as Document)._id;
    const { result, entries, raw } = await this.staged(coll, docId, events, (raw, entries) =>
      inTurn(raw, docId, () => raw.updateOne(filter, withOutbox(update, entries), options)),
    );
    if (result.modifiedCount + result.upsertedCount === 0) this.markers.unmark(raw, entries);
    else {
      const id = result.upsertedId ?? docId;
      if (id === undefined) {
        // without the id the fast path cannot clean up; the sweeper will publish these
        this.log.warn("outbox write without _id in its filter; events left to the sweeper");
      } else this.notify(coll as unknown as Collection<Document>, id, entries);
    }
    return result;
  }

  /** findOneAndUpdate with events; returns the document (after, by default) or null if none matched. */
  async findOneAndUpdate<T extends Document>(
    coll: Collection<T>,
    filter: Filter<T>,
    update: UpdateFilter<T>,
    events: StagedEvent[],
    options: FindOneAndUpdateOptions = {},
  ) {
    const docId = (filter as Document)._id;
    const {
      result: doc,
      entries,
      raw,
    } = await this.staged(coll, docId, events, (raw, entries) =>
      inTurn(raw, docId, () =>
        raw.findOneAndUpdate(filter, withOutbox(update, entries), {
          returnDocument: "after",
          ...options,
          includeResultMetadata: false,
        }),
      ),
    );
    if (!doc) this.markers.unmark(raw, entries);
    else this.notify(coll as unknown as Collection<Document>, (doc as Document)._id, entries);
    return doc;
  }

  /**
   * The events' entries, their markers written first, then the aggregate's write; when the write
   * fails its markers go again. Writes to one document go one at a time in this process
   * (`inTurn`): FerretDB v1 applies an update as an unisolated read-modify-write, and a state
   * change racing the relay's `$pullAll` clean-up of the same document lost one of the two writes
   * in 152 of 200 measured pairs (services/content found it). Serialising per document here
   * protects every service that writes through the outbox; on MongoDB it costs one promise per write.
   */
  private async staged<T extends Document, R>(
    coll: Collection<T>,
    docId: unknown,
    events: StagedEvent[],
    write: (raw: Collection<T>, entries: OutboxEntry[]) => Promise<R>,
  ): Promise<{ result: R; entries: OutboxEntry[]; raw: Collection<T> }> {
    const entries = this.prepare(events);
    const raw = unwrapCollection(coll);
    await this.markers.mark(raw, docId, entries);
    try {
      return { result: await write(raw, entries), entries, raw };
    } catch (e) {
      this.markers.unmark(raw, entries);
      throw e;
    }
  }

  private notify(coll: Collection<Document>, docId: unknown, entries: OutboxEntry[]): void {
    for (const entry of entries) {
      if (this.queue.length >= (this.opts.maxQueue ?? 100_000)) {
        if (!this.droppedWarned) this.log.warn("outbox queue full; further events wait for the sweeper");
        this.droppedWarned = true;
        return;
      }
      if (this.known.has(entry.id)) continue;
      this.known.add(entry.id);
      this.queue.push({ coll: unwrapCollection(coll), docId, entry });
    }
    this.wake?.();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loops = [this.relayLoop(), this.cleanup.loop()];
    const every = this.opts.sweepIntervalMs ?? 30_000;
    const sweep = () => {
      this.sweepOnce()
        .catch((e) => this.log.warn({ err: e }, "outbox sweep failed"))
        .finally(() => {
          if (this.running) this.sweepTimer = setTimeout(sweep, every);
        });
    };
    this.sweepTimer = setTimeout(sweep, Math.min(every, this.opts.sweepGraceMs ?? 10_000));
  }

  /** Stops after publishing what is queued (until `timeoutMs`); the rest stays safe in Mongo. */
  async stop(timeoutMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.stopDeadline = Date.now() + timeoutMs;
    this.running = false;
    if (this.sweepTimer) clearTimeout(this.sweepTimer);
    this.wake?.();
    await Promise.all(this.loops);
  }

  /** Resolves when everything queued so far is published and cleaned up (tests, benchmarks). */
  async drained(timeoutMs = 60_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.queue.length || this.inflight.length || this.cleanup.pending) {
      if (Date.now() > until) throw new Error(`outbox not drained: ${JSON.stringify(this.stats())}`);
      await sleep(20);
    }
  }

  private waitForWork(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        done();
      };
    });
  }

  private async relayLoop(): Promise<void> {
    let backoff = 100;
    const batchSize = this.opts.batchSize ?? 500;
    const maxBackoff = this.opts.retryMaxMs ?? 2000;
    // while Kafka is away: the first failure and then one a minute at warn, the others at debug
    let failing = 0;
    let warnedAt = 0;
    for (;;) {
      if (!this.running && (this.queue.length === 0 || Date.now() > this.stopDeadline)) return;
      if (this.queue.length === 0) {
        await this.waitForWork(1000);
        continue;
      }
      // taken out of the queue while it is sent (the sweeper may add to the front meanwhile)
      const batch = this.queue.splice(0, batchSize);
      this.inflight = batch;
      try {
        const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
        for (const { entry } of batch) {
          const list = byTopic.get(entry.topic) ?? [];
          list.push({ key: entry.key, value: entry.value, headers: entry.headers });
          byTopic.set(entry.topic, list);
        }
        await this.opts.producer.sendBatch({
          acks: -1,
          topicMessages: [...byTopic.entries()].map(([topic, messages]) => ({ topic, messages })),
        });
        this.inflight = [];
        for (const [topic, msgs] of byTopic) this.published?.inc({ topic }, msgs.length);
        for (const p of batch) this.cleanup.schedule(p);
        if (failing) this.log.info({ failedAttempts: failing }, "publishing events again");
        backoff = 100;
        failing = 0;
      } catch (e) {
        this.queue.unshift(...batch);
        this.inflight = [];
        this.failures?.inc();
        failing++;
        const loud = Date.now() - warnedAt >= 60_000;
        if (loud) warnedAt = Date.now();
        this.log[loud ? "warn" : "debug"](
          { err: e, queued: this.queue.length, retryInMs: backoff, failedAttempts: failing },
          "publishing events failed; retrying",
        );
        if (!this.running && Date.now() > this.stopDeadline) return;
        await this.waitForWork(backoff + Math.floor(Math.random() * backoff * 0.2));
        backoff = Math.min(backoff * 2, maxBackoff);
      }
    }
  }

  /**
   * Publishes entries older than the grace period that this process does not hold, found through
   * their markers: one `_id` range of `outbox_pending` per tracked collection, then the documents
   * they name by `_id` (no scan of the collection, whatever its size).
   */
  async sweepOnce(graceMs = this.opts.sweepGraceMs ?? 10_000): Promise<number> {
    const now = Date.now();
    const window = {
      cutoff: new Date(now - graceMs),
      // a marker without its entry is dropped only when its write cannot still be under way
      staleBefore: new Date(now - Math.max(graceMs * 6, 60_000)).toISOString(),
    };
    let found = 0;
    for (const coll of this.tracked.values()) {
      const orphans = await this.markers.orphans(coll, window, this.known);
      if (orphans.length) {
        this.log.info(
          { collection: coll.collectionName, events: orphans.length },
          "sweeper found unpublished events",
        );
        this.swept?.inc(orphans.length);
        found += orphans.length;
        for (const o of orphans) this.known.add(o.entry.id);
        // older than anything the fast path holds: publish them first
        this.queue.unshift(...orphans);
        this.wake?.();
      }
    }
    return found;
  }
}
