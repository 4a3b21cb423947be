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
import type { AnyEventDefinition, EventData } from "@cong/contracts";
import { createEvent, toKafkaMessage } from "@cong/contracts";
import type { Producer } from "kafkajs";
import type {
  Collection,
  Document,
  Filter,
  FindOneAndUpdateOptions,
  UpdateFilter,
  UpdateOptions,
} from "mongodb";
import type { Logger } from "pino";
import type { Metrics } from "../metrics";
import { inTurn, unwrapCollection } from "../serial-writes";
import { activeTraceContext } from "../telemetry/trace";

export const OUTBOX_FIELD = "_outbox";
/** The collection (per database) of markers of entries not yet published. */
export const OUTBOX_PENDING = "outbox_pending";

/** A marker of one staged entry: `_id` sorts by collection, then time. */
export interface PendingMarker {
  _id: string;
  /** the aggregate's `_id` (null when the write's filter did not pin it) */
  d: unknown;
}

/** The marker's `_id` of an entry staged in `collection`. */
export function markerId(collection: string, entry: Pick<OutboxEntry, "time" | "id">): string {
  return `${collection}|${new Date(entry.time).toISOString()}|${entry.id}`;
}

/** An event waiting in its aggregate's document. Stored as is; removed by exact match. */
export interface OutboxEntry {
  id: string;
  time: Date;
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

export type StagedEvent = {
  [D in AnyEventDefinition as D["name"]]: { def: D; data: EventData<D> };
}[AnyEventDefinition["name"]];

export interface OutboxOptions {
  producer: Producer;
  logger: Logger;
  metrics?: Metrics;
  /** CloudEvents `source` of this service, e.g. `/cong/content` */
  source: string;
  topicPrefix?: string;
  batchSize?: number;
  maxQueue?: number;
  sweepIntervalMs?: number;
  /** an entry is swept only when older than this (its writer may still be relaying it) */
  sweepGraceMs?: number;
  /** documents cleaned at once */
  cleanupConcurrency?: number;
  /**
   * How long a published event stays in its document before it is removed (default 1 s): the
   * events a document gets meanwhile (an editor's save, submit, approval and publication follow
   * each other within a second) go with ONE `$pullAll` and one markers `deleteMany`, and the
   * removal runs after the burst instead of in the middle of the next request. Kept well below
   * `sweepGraceMs`; ignored while stopping.
   */
  cleanupDelayMs?: number;
  /**
   * Longest wait between two attempts while Kafka is unreachable (default 2 s): it is also the
   * longest the relay may sleep after Kafka has returned. It was 10 s, which alone took most of
   * the platform's 10 s to catch up after an outage (e2e/test/outage-kafka.test.ts).
   */
  retryMaxMs?: number;
}

interface Pending {
  coll: Collection<Document>;
  docId: unknown;
  entry: OutboxEntry;
}

type Cleanup = { coll: Collection<Document>; docId: unknown; entries: OutboxEntry[]; readyAt: number };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Outbox {
  private readonly queue: Pending[] = [];
  /** the batch being published right now */
  private inflight: Pending[] = [];
  private readonly known = new Set<string>();
  private readonly cleanups = new Map<string, Cleanup>();
  /** documents being cleaned right now (taken out of `cleanups`) */
  private cleaning = 0;
  private readonly tracked = new Map<string, Collection<Document>>();
  /** collections whose entries staged before markers existed have been given theirs */
  private readonly legacyMarked = new Set<string>();
  private readonly log: Logger;
  private running = false;
  private stopDeadline = 0;
  private wake: (() => void) | undefined;
  private loops: Promise<void>[] = [];
  private sweepTimer: NodeJS.Timeout | undefined;
  private droppedWarned = false;
  /**
   * Writes to one document, one at a time in this process. FerretDB v1 applies an update as an
   * unisolated read-modify-write: a state change racing the relay's `$pullAll` clean-up of the
   * same document lost one of the two writes in 152 of 200 measured pairs (services/content
   * found it). Serialising per document here protects every service that writes through the
   * outbox; on MongoDB it costs one promise per write.
   */
  private readonly published;
  private readonly failures;
  private readonly swept;

  constructor(private readonly opts: OutboxOptions) {
    this.log = opts.logger.child({ component: "outbox" });
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
      (g) => g.set(this.cleanups.size),
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
      cleanupPending: this.cleanups.size + this.cleaning,
    };
  }

  /** Validates the events against their contracts (throws ContractViolation) and builds entries. */
  prepare(events: StagedEvent[]): OutboxEntry[] {
    const trace = activeTraceContext();
    const now = new Date();
    return events.map(({ def, data }) => {
      const event = createEvent(def as AnyEventDefinition, data as never, {
        source: this.opts.source,
        time: now,
        ...trace,
      });
      const msg = toKafkaMessage(event);
      return {
        id: event.id,
        time: now,
        topic: `${this.opts.topicPrefix ?? ""}${def.topic}`,
        key: msg.key,
        value: msg.value,
        headers: msg.headers,
      };
    });
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
    const entries = this.prepare(events);
    const raw = unwrapCollection(coll);
    await this.mark(raw, (doc as Document)._id, entries);
    try {
      await coll.insertOne({ ...doc, [OUTBOX_FIELD]: entries } as never);
    } catch (e) {
      this.unmark(raw, entries);
      throw e;
    }
    this.notify(coll as unknown as Collection<Document>, (doc as Document)._id, entries);
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
    const entries = this.prepare(events);
    const raw = unwrapCollection(coll);
    await this.mark(raw, (filter as Document)._id, entries);
    const result = await inTurn(raw, (filter as Document)._id, () =>
      raw.updateOne(filter, withOutbox(update, entries), options),
    ).catch((e) => {
      this.unmark(raw, entries);
      throw e;
    });
    if (result.modifiedCount + result.upsertedCount === 0) this.unmark(raw, entries);
    else {
      const id = result.upsertedId ?? (filter as Document)._id;
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
    const entries = this.prepare(events);
    const raw = unwrapCollection(coll);
    await this.mark(raw, (filter as Document)._id, entries);
    const doc = await inTurn(raw, (filter as Document)._id, () =>
      raw.findOneAndUpdate(filter, withOutbox(update, entries), {
        returnDocument: "after",
        ...options,
        includeResultMetadata: false,
      }),
    ).catch((e) => {
      this.unmark(raw, entries);
      throw e;
    });
    if (!doc) this.unmark(raw, entries);
    else this.notify(coll as unknown as Collection<Document>, (doc as Document)._id, entries);
    return doc;
  }

  private markers<T extends Document>(coll: Collection<T>): Collection<PendingMarker> {
    return coll.db.collection<PendingMarker>(OUTBOX_PENDING);
  }

  /** Markers first: if the aggregate's write then succeeds and this process dies, the sweeper finds them. */
  private async mark<T extends Document>(
    coll: Collection<T>,
    docId: unknown,
    entries: OutboxEntry[],
  ): Promise<void> {
    if (!entries.length) return;
    await this.markers(coll).insertMany(
      entries.map((e) => ({ _id: markerId(coll.collectionName, e), d: docId ?? null })),
      { ordered: false },
    );
  }

  /** The write did not happen: its markers go (best effort; the sweeper drops what is left). */
  private unmark<T extends Document>(coll: Collection<T>, entries: OutboxEntry[]): void {
    if (!entries.length) return;
    this.markers(coll)
      .deleteMany({ _id: { $in: entries.map((e) => markerId(coll.collectionName, e)) } })
      .catch((e) => this.log.debug({ err: e }, "removing the markers of a write that did not happen failed"));
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
    this.loops = [this.relayLoop(), this.cleanupLoop()];
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
    while (this.queue.length || this.inflight.length || this.cleanups.size || this.cleaning) {
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
        for (const p of batch) this.scheduleCleanup(p);
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

  private scheduleCleanup(p: Pending): void {
    const key = `${p.coll.collectionName}\0${String(p.docId)}`;
    const c = this.cleanups.get(key) ?? {
      coll: p.coll,
      docId: p.docId,
      entries: [],
      readyAt:
        Date.now() + Math.min(this.opts.cleanupDelayMs ?? 1000, (this.opts.sweepGraceMs ?? 10_000) / 4),
    };
    c.entries.push(p.entry);
    this.cleanups.set(key, c);
  }

  private async cleanupLoop(): Promise<void> {
    const concurrency = this.opts.cleanupConcurrency ?? 2;
    for (;;) {
      if (this.cleanups.size === 0) {
        if (!this.running && this.queue.length === 0) return;
        await sleep(20);
        continue;
      }
      // publishing goes first: while the relay has a backlog, cleanup leaves it the servers
      while (this.queue.length > 0 && this.running) await sleep(5);
      // the oldest few that are due (the map is in the order documents first waited; iterating
      // it rather than copying it: it can hold a large backlog). One updateOne per document:
      // FerretDB v1 pushes a single-key _id filter down, and a multi-statement bulk update was
      // seen to stall on it.
      const now = Date.now();
      const work: [string, Cleanup][] = [];
      let wait = 0;
      for (const entry of this.cleanups) {
        if (this.running && entry[1].readyAt > now) {
          wait = entry[1].readyAt - now;
          break;
        }
        work.push(entry);
        if (work.length >= concurrency) break;
      }
      if (!work.length) {
        await sleep(Math.min(wait, 100));
        continue;
      }
      for (const [key] of work) this.cleanups.delete(key);
      this.cleaning = work.length;
      const done: [Collection<Document>, OutboxEntry[]][] = [];
      await Promise.all(
        work.map(async ([key, c]) => {
          try {
            await inTurn(c.coll, c.docId, () =>
              c.coll.updateOne(
                { _id: c.docId } as Filter<Document>,
                { $pullAll: { [OUTBOX_FIELD]: c.entries } } as unknown as UpdateFilter<Document>,
              ),
            );
            done.push([c.coll, c.entries]);
          } catch (e) {
            if (!this.running && Date.now() > this.stopDeadline) return; // the sweeper will finish it
            this.log.warn({ err: e }, "removing published events from their document failed; retrying");
            const again = this.cleanups.get(key);
            this.cleanups.set(key, again ? { ...c, entries: [...c.entries, ...again.entries] } : c);
            await sleep(500);
          }
        }),
      );
      // the entries are gone from their documents: their markers go, one deleteMany per
      // database (a marker left behind is dropped by the sweeper)
      const byDb = new Map<string, { markers: Collection<PendingMarker>; ids: string[] }>();
      for (const [coll, entries] of done) {
        const db = byDb.get(coll.dbName) ?? { markers: this.markers(coll), ids: [] };
        db.ids.push(...entries.map((e) => markerId(coll.collectionName, e)));
        byDb.set(coll.dbName, db);
      }
      await Promise.all(
        [...byDb.values()].map(({ markers, ids }) =>
          markers
            .deleteMany({ _id: { $in: ids } })
            .catch((e) => this.log.debug({ err: e }, "removing published events' markers failed")),
        ),
      );
      for (const [, entries] of done) for (const e of entries) this.known.delete(e.id);
      this.cleaning = 0;
    }
  }

  /**
   * Publishes entries older than the grace period that this process does not hold, found through
   * their markers: one `_id` range of `outbox_pending` per tracked collection, then the documents
   * they name by `_id` (no scan of the collection, whatever its size).
   */
  async sweepOnce(graceMs = this.opts.sweepGraceMs ?? 10_000): Promise<number> {
    const now = Date.now();
    const cutoff = new Date(now - graceMs);
    // a marker without its entry is dropped only when its write cannot still be under way
    const staleBefore = new Date(now - Math.max(graceMs * 6, 60_000)).toISOString();
    let found = 0;
    for (const coll of this.tracked.values()) {
      await this.markLegacy(coll);
      const name = coll.collectionName;
      const markers = this.markers(coll);
      const marks = await markers
        .find({ _id: { $gte: `${name}|`, $lte: `${name}|${cutoff.toISOString()}` } })
        .sort({ _id: 1 })
        .limit(1000)
        .toArray();
      if (!marks.length) continue;
      const wanted = new Map<string, PendingMarker>();
      const docIds = new Map<string, unknown>();
      for (const m of marks) {
        if (this.known.has(m._id.slice(m._id.lastIndexOf("|") + 1))) continue;
        wanted.set(m._id, m);
        if (m.d !== null && m.d !== undefined) docIds.set(String(m.d), m.d);
      }
      if (!wanted.size) continue;
      const docs = docIds.size
        ? await coll
            .find({ _id: { $in: [...docIds.values()] } } as Filter<Document>, {
              projection: { [OUTBOX_FIELD]: 1 },
            })
            .toArray()
        : [];
      // writes whose filter did not pin the document: looked up by the event's id (rare)
      for (const m of wanted.values())
        if (m.d === null || m.d === undefined) {
          const doc = await coll.findOne(
            { [`${OUTBOX_FIELD}.id`]: m._id.slice(m._id.lastIndexOf("|") + 1) },
            { projection: { [OUTBOX_FIELD]: 1 } },
          );
          if (doc) docs.push(doc);
        }
      const orphans: Pending[] = [];
      for (const doc of docs) {
        const entries = ((doc[OUTBOX_FIELD] ?? []) as OutboxEntry[])
          .filter((e) => wanted.delete(markerId(name, e)) && !this.known.has(e.id))
          .sort((a, b) => new Date(a.time).getTime() - new Date(b.time).getTime());
        for (const entry of entries) orphans.push({ coll, docId: doc._id, entry });
      }
      // what is left has no entry in its document: published already, or never written
      const stale = [...wanted.keys()].filter((id) => id.slice(name.length + 1) < staleBefore);
      if (stale.length) await markers.deleteMany({ _id: { $in: stale } });
      if (orphans.length) {
        this.log.info({ collection: name, events: orphans.length }, "sweeper found unpublished events");
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

  /**
   * Entries staged before markers existed (an older version of the kit) get theirs: once per
   * collection and database, the only pass over the collection, remembered in `outbox_pending`.
   */
  private async markLegacy(coll: Collection<Document>): Promise<void> {
    const name = coll.collectionName;
    if (this.legacyMarked.has(name)) return;
    const markers = this.markers(coll);
    const done = `!legacy|${name}`;
    if (!(await markers.findOne({ _id: done }))) {
      const docs = await coll
        .find({ [`${OUTBOX_FIELD}.0`]: { $exists: true } }, { projection: { [OUTBOX_FIELD]: 1 } })
        .toArray();
      const marks = docs.flatMap((doc) =>
        ((doc[OUTBOX_FIELD] ?? []) as OutboxEntry[]).map((e) => ({ _id: markerId(name, e), d: doc._id })),
      );
      for (let i = 0; i < marks.length; i += 1000)
        await markers.insertMany(marks.slice(i, i + 1000), { ordered: false }).catch((e) => {
          if ((e as { code?: number }).code !== 11000) throw e; // already marked
        });
      await markers.updateOne({ _id: done }, { $set: { d: null, at: new Date() } }, { upsert: true });
      if (marks.length)
        this.log.info({ collection: name, events: marks.length }, "outbox: older entries marked");
    }
    this.legacyMarked.add(name);
  }
}

/** Adds `$push: {_outbox: {$each: entries}}` to an update. */
export function withOutbox<T extends Document>(
  update: UpdateFilter<T>,
  entries: OutboxEntry[],
): UpdateFilter<T> {
  if (Array.isArray(update)) throw new Error("pipeline updates cannot carry outbox entries");
  const push = { ...((update as Document).$push ?? {}) };
  if (OUTBOX_FIELD in push) throw new Error(`update already pushes to ${OUTBOX_FIELD}`);
  push[OUTBOX_FIELD] = { $each: entries };
  return { ...update, $push: push } as UpdateFilter<T>;
}
