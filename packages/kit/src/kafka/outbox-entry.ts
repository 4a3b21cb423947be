// What the outbox stores (see outbox.ts and docs/adr/0002): the entries an aggregate's document
// carries in `_outbox`, the markers of `outbox_pending` the sweeper reads, and the options.
import type { AnyEventDefinition, EventData } from "@cong/contracts";
import { createEvent, toKafkaMessage } from "@cong/contracts";
import type { Producer } from "kafkajs";
import type { Collection, Document, UpdateFilter } from "mongodb";
import type { Logger } from "pino";
import type { Metrics } from "../metrics";
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

/** An entry the relay holds: where it is stored and what it publishes. */
export interface Pending {
  coll: Collection<Document>;
  docId: unknown;
  entry: OutboxEntry;
}

/** The markers collection of the database `coll` is in. */
export function markersOf<T extends Document>(coll: Collection<T>): Collection<PendingMarker> {
  return coll.db.collection<PendingMarker>(OUTBOX_PENDING);
}

/** Validates the events against their contracts (throws ContractViolation) and builds entries. */
export function buildEntries(
  events: StagedEvent[],
  opts: Pick<OutboxOptions, "source" | "topicPrefix">,
): OutboxEntry[] {
  const trace = activeTraceContext();
  const now = new Date();
  return events.map(({ def, data }) => {
    const event = createEvent(def as AnyEventDefinition, data as never, {
      source: opts.source,
      time: now,
      ...trace,
    });
    const msg = toKafkaMessage(event);
    return {
      id: event.id,
      time: now,
      topic: `${opts.topicPrefix ?? ""}${def.topic}`,
      key: msg.key,
      value: msg.value,
      headers: msg.headers,
    };
  });
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
