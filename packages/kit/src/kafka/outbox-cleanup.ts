// The outbox's clean-up (see outbox.ts): published events leave their document with one
// `$pullAll` per document, after a short delay that gathers a burst of events, and then their
// markers go. Publishing goes first: while the relay has a backlog, clean-up waits.
import { setTimeout as sleep } from "node:timers/promises";
import type { Collection, Document, Filter, UpdateFilter } from "mongodb";
import type { Logger } from "pino";
import { inTurn } from "../serial-writes";
import { OUTBOX_FIELD, type OutboxEntry, type OutboxOptions, type Pending } from "./outbox-entry";
import type { PendingMarkers } from "./outbox-markers";

type Cleanup = { coll: Collection<Document>; docId: unknown; entries: OutboxEntry[]; readyAt: number };

/** What the clean-up reads of its outbox. */
export interface CleanupHost {
  /** false once the outbox is stopping */
  readonly running: boolean;
  /** when a stopping outbox gives up (ms since the epoch) */
  readonly stopDeadline: number;
  /** events waiting for the relay (not counting the batch in flight) */
  readonly waiting: number;
  /** ids of the events the outbox holds; the cleaned ones are taken out */
  readonly known: Set<string>;
}

export class OutboxCleanup {
  private readonly cleanups = new Map<string, Cleanup>();
  /** documents being cleaned right now (taken out of `cleanups`) */
  private cleaning = 0;

  constructor(
    private readonly opts: Pick<OutboxOptions, "cleanupConcurrency" | "cleanupDelayMs" | "sweepGraceMs">,
    private readonly host: CleanupHost,
    private readonly markers: PendingMarkers,
    private readonly log: Logger,
  ) {}

  /** documents whose published events are not yet removed */
  get documents(): number {
    return this.cleanups.size;
  }

  /** documents waiting or being cleaned */
  get pending(): number {
    return this.cleanups.size + this.cleaning;
  }

  /** A published event: removed from its document once the delay has passed. */
  schedule(p: Pending): void {
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

  async loop(): Promise<void> {
    const host = this.host;
    const concurrency = this.opts.cleanupConcurrency ?? 2;
    for (;;) {
      if (this.cleanups.size === 0) {
        if (!host.running && host.waiting === 0) return;
        await sleep(20);
        continue;
      }
      // publishing goes first: while the relay has a backlog, cleanup leaves it the servers
      while (host.waiting > 0 && host.running) await sleep(5);
      // the oldest few that are due (the map is in the order documents first waited; iterating
      // it rather than copying it: it can hold a large backlog). One updateOne per document:
      // FerretDB v1 pushes a single-key _id filter down, and a multi-statement bulk update was
      // seen to stall on it.
      const now = Date.now();
      const work: [string, Cleanup][] = [];
      let wait = 0;
      for (const entry of this.cleanups) {
        if (host.running && entry[1].readyAt > now) {
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
      await Promise.all(work.map(([key, c]) => this.clean(key, c, done)));
      // the entries are gone from their documents: their markers go (a marker left behind is
      // dropped by the sweeper)
      await this.markers.published(done);
      for (const [, entries] of done) for (const e of entries) host.known.delete(e.id);
      this.cleaning = 0;
    }
  }

  private async clean(key: string, c: Cleanup, done: [Collection<Document>, OutboxEntry[]][]) {
    try {
      await inTurn(c.coll, c.docId, () =>
        c.coll.updateOne(
          { _id: c.docId } as Filter<Document>,
          { $pullAll: { [OUTBOX_FIELD]: c.entries } } as unknown as UpdateFilter<Document>,
        ),
      );
      done.push([c.coll, c.entries]);
    } catch (e) {
      if (!this.host.running && Date.now() > this.host.stopDeadline) return; // the sweeper will finish it
      this.log.warn({ err: e }, "removing published events from their document failed; retrying");
      const again = this.cleanups.get(key);
      this.cleanups.set(key, again ? { ...c, entries: [...c.entries, ...again.entries] } : c);
      await sleep(500);
    }
  }
}
