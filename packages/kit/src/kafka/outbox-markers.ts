// The outbox's markers (`outbox_pending`, see outbox.ts and docs/adr/0002): written before the
// aggregate's write, removed when the write did not happen or its events were published, and read
// by the sweeper as one `_id` range per collection, so it never scans the aggregates' collection.
import type { Collection, Document, Filter } from "mongodb";
import type { Logger } from "pino";
import {
  markerId,
  markersOf,
  OUTBOX_FIELD,
  type OutboxEntry,
  type Pending,
  type PendingMarker,
} from "./outbox-entry";

/** The sweep's moments: entries staged before `cutoff` are due; markers without entry before `staleBefore` go. */
export interface SweepWindow {
  cutoff: Date;
  /** ISO time */
  staleBefore: string;
}

const eventIdOf = (m: PendingMarker) => m._id.slice(m._id.lastIndexOf("|") + 1);

export class PendingMarkers {
  /** collections whose entries staged before markers existed have been given theirs */
  private readonly legacyMarked = new Set<string>();

  constructor(private readonly log: Logger) {}

  /** Markers first: if the aggregate's write then succeeds and this process dies, the sweeper finds them. */
  async mark<T extends Document>(coll: Collection<T>, docId: unknown, entries: OutboxEntry[]): Promise<void> {
    if (!entries.length) return;
    await markersOf(coll).insertMany(
      entries.map((e) => ({ _id: markerId(coll.collectionName, e), d: docId ?? null })),
      { ordered: false },
    );
  }

  /** The write did not happen: its markers go (best effort; the sweeper drops what is left). */
  unmark<T extends Document>(coll: Collection<T>, entries: OutboxEntry[]): void {
    if (!entries.length) return;
    markersOf(coll)
      .deleteMany({ _id: { $in: entries.map((e) => markerId(coll.collectionName, e)) } })
      .catch((e) => this.log.debug({ err: e }, "removing the markers of a write that did not happen failed"));
  }

  /** The entries are gone from their documents: their markers go, one deleteMany per database. */
  async published(done: [Collection<Document>, OutboxEntry[]][]): Promise<void> {
    const byDb = new Map<string, { markers: Collection<PendingMarker>; ids: string[] }>();
    for (const [coll, entries] of done) {
      const db = byDb.get(coll.dbName) ?? { markers: markersOf(coll), ids: [] };
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
  }

  /**
   * The entries of `coll` staged before the window's cutoff that this process does not hold
   * (`known`), oldest first per document, found through their markers: one `_id` range of
   * `outbox_pending`, then the documents they name by `_id`. Markers whose entry is not in its
   * document and that are older than `staleBefore` are dropped.
   */
  async orphans(coll: Collection<Document>, window: SweepWindow, known: Set<string>): Promise<Pending[]> {
    await this.markLegacy(coll);
    const name = coll.collectionName;
    const markers = markersOf(coll);
    const marks = await markers
      .find({ _id: { $gte: `${name}|`, $lte: `${name}|${window.cutoff.toISOString()}` } })
      .sort({ _id: 1 })
      .limit(1000)
      .toArray();
    if (!marks.length) return [];
    const wanted = new Map<string, PendingMarker>();
    const docIds = new Map<string, unknown>();
    for (const m of marks) {
      if (known.has(eventIdOf(m))) continue;
      wanted.set(m._id, m);
      if (m.d !== null && m.d !== undefined) docIds.set(String(m.d), m.d);
    }
    if (!wanted.size) return [];
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
          { [`${OUTBOX_FIELD}.id`]: eventIdOf(m) },
          { projection: { [OUTBOX_FIELD]: 1 } },
        );
        if (doc) docs.push(doc);
      }
    const orphans: Pending[] = [];
    for (const doc of docs) {
      const entries = ((doc[OUTBOX_FIELD] ?? []) as OutboxEntry[])
        .filter((e) => wanted.delete(markerId(name, e)) && !known.has(e.id))
        .sort((a, b) => new Date(a.time).getTime() - new Date(b.time).getTime());
      for (const entry of entries) orphans.push({ coll, docId: doc._id, entry });
    }
    // what is left has no entry in its document: published already, or never written
    const stale = [...wanted.keys()].filter((id) => id.slice(name.length + 1) < window.staleBefore);
    if (stale.length) await markers.deleteMany({ _id: { $in: stale } });
    return orphans;
  }

  /**
   * Entries staged before markers existed (an older version of the kit) get theirs: once per
   * collection and database, the only pass over the collection, remembered in `outbox_pending`.
   */
  private async markLegacy(coll: Collection<Document>): Promise<void> {
    const name = coll.collectionName;
    if (this.legacyMarked.has(name)) return;
    const markers = markersOf(coll);
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
