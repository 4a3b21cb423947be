// The idempotent consumer's processed-event ledger (see consumer.ts), in the service's database:
// a batch claims its event ids with one insertMany into `_inbox_claims` (duplicates show up as
// duplicate keys), and after applying records them in `_inbox_done`; an id claimed but never done
// (a crash in between) is applied again. Entries are keyed `<group>/<event id>`.
import { setTimeout as sleep } from "node:timers/promises";
import type { Collection, Db, MongoBulkWriteError } from "mongodb";
import type { Logger } from "pino";

interface LedgerDoc {
  _id: string;
  at: Date;
}

/** The write errors of a failed insertMany (the driver gives one or a list). */
function writeErrorsOf(e: unknown) {
  const writeErrors = (e as MongoBulkWriteError).writeErrors;
  return Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
}

export class ProcessedLedger {
  private readonly claims: Collection<LedgerDoc>;
  private readonly done: Collection<LedgerDoc>;
  private readonly recentDone = new Set<string>();
  /**
   * Ledger writes from concurrently consumed partitions go one at a time: an SQLite-backed
   * FerretDB has one writer per database, and six concurrent claim inserts took ~600 ms each
   * where one alone takes ~30 ms (bench/outbox-throughput). On MongoDB it costs little.
   */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    db: Db,
    private readonly groupId: string,
    private readonly log: Logger,
  ) {
    this.claims = db.collection<LedgerDoc>("_inbox_claims");
    this.done = db.collection<LedgerDoc>("_inbox_done");
  }

  private inTurn<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private key(eventId: string): string {
    return `${this.groupId}/${eventId}`;
  }

  private entries(ids: string[]): LedgerDoc[] {
    const at = new Date();
    return ids.map((id) => ({ _id: this.key(id), at }));
  }

  /** The indexes the clean-up reads by. */
  async ensureIndexes(): Promise<void> {
    await Promise.all([
      this.claims.createIndex({ at: 1 }, { name: "at" }),
      this.done.createIndex({ at: 1 }, { name: "at" }),
    ]);
  }

  /** Claims ids; returns those never claimed before. */
  async claim(ids: string[]): Promise<Set<string>> {
    const fresh = new Set(ids);
    if (!ids.length) return fresh;
    const entries = this.entries(ids);
    try {
      await this.inTurn(() => this.claims.insertMany(entries, { ordered: false }));
    } catch (e) {
      const list = writeErrorsOf(e);
      if ((e as MongoBulkWriteError).code !== 11000 && !list.length) throw e;
      for (const we of list) {
        if (we.code !== 11000) throw e;
        const id = ids[we.index];
        if (id !== undefined) fresh.delete(id);
      }
    }
    return fresh;
  }

  async isDone(id: string): Promise<boolean> {
    if (this.recentDone.has(id)) return true;
    return (await this.done.findOne({ _id: this.key(id) }, { projection: { _id: 1 } })) !== null;
  }

  /** Records ids as applied (retried a few times; already recorded counts as done). */
  async markDone(ids: string[]): Promise<void> {
    if (!ids.length) return;
    const entries = this.entries(ids);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.inTurn(() => this.done.insertMany(entries, { ordered: false }));
        break;
      } catch (e) {
        const list = writeErrorsOf(e);
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

  /** Deletes entries older than `retentionMs` (a failure is logged). */
  async clean(retentionMs: number): Promise<void> {
    const cutoff = new Date(Date.now() - retentionMs);
    try {
      await this.claims.deleteMany({ at: { $lt: cutoff } });
      await this.done.deleteMany({ at: { $lt: cutoff } });
    } catch (e) {
      this.log.warn({ err: e }, "ledger cleanup failed");
    }
  }
}
