// What an idempotent consumer is given (see consumer.ts): its handlers, the optional batch hook,
// its topics, group, ledger database, dead-letter topic and retry and pause policies.
import type { CloudEvent } from "@cong/contracts";
import type { Kafka, Producer } from "kafkajs";
import type { Db } from "mongodb";
import type { Logger } from "pino";
import type { Metrics } from "../metrics";

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

/** Mark an error as "try again later" (pause instead of dead-lettering). */
export class TransientError extends Error {
  override readonly name = "TransientError";
  readonly transient = true;
}
