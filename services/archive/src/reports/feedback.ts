// Feedback records for the periodic reports (R-REPORT), built from content's feedback events
// (event-carried state): one document per feedback (`feedback`, `_id` = feedbackId) and one key
// per received feedback in `feedback_keys`, `<portal>|r|<receivedAt>|<feedbackId>` (ADR 0004), so
// a report reads the feedback a portal received in its period as an `_id` range — its cost is the
// period's feedback, never the collection's. The only code that touches both collections.
import type { EventData, FeedbackAnswered, FeedbackReceived } from "@cong/contracts";
import { claimEntries, facetPrefix, type KeyEntry, keyPart, readRange, timeKey, withKeys } from "@cong/kit";
import type { Collection, Db } from "mongodb";
import type { Period } from "./period";

export interface FeedbackRecord {
  _id: string;
  portalId: string;
  receivedAt: Date;
  dueAt: Date;
  answeredAt: Date | null;
  workingDaysTaken: number | null;
}

const RECEIVED = "r";
const BACKFILL = "~backfill:feedback-keys:v1";
/** keys read, and records opened, per query of a period */
const BATCH = 200;

/** The record's key, or null while it has no receivedAt (an answer that came first). */
export function feedbackKey(r: Pick<FeedbackRecord, "_id" | "portalId" | "receivedAt">): string | null {
  if (!r.portalId || !r.receivedAt) return null;
  return `${facetPrefix(r.portalId, RECEIVED)}${timeKey(r.receivedAt)}|${keyPart(r._id)}`;
}

export class FeedbackRecords {
  readonly coll: Collection<FeedbackRecord>;
  readonly keys: Collection<KeyEntry>;
  constructor(db: Db) {
    this.coll = db.collection<FeedbackRecord>("feedback");
    this.keys = db.collection<KeyEntry>("feedback_keys");
  }

  /** feedback.received: the record and its key (claimed first; a changed key replaces the old one). */
  async onReceived(d: EventData<typeof FeedbackReceived>): Promise<void> {
    const current = await this.coll.findOne({ _id: d.feedbackId });
    const before = current ? feedbackKey(current) : null;
    const after = feedbackKey({
      _id: d.feedbackId,
      portalId: d.portalId,
      receivedAt: new Date(d.receivedAt),
    });
    await withKeys(this.keys, d.feedbackId, before ? [before] : [], after ? [after] : [], async () => {
      await this.coll.updateOne(
        { _id: d.feedbackId },
        {
          $set: { portalId: d.portalId, receivedAt: new Date(d.receivedAt), dueAt: new Date(d.dueAt) },
          $setOnInsert: { answeredAt: null, workingDaysTaken: null },
        },
        { upsert: true },
      );
      return true;
    });
  }

  /** feedback.answered: the answer (the key follows receivedAt, which this does not change). */
  async onAnswered(d: EventData<typeof FeedbackAnswered>): Promise<void> {
    await this.coll.updateOne(
      { _id: d.feedbackId },
      {
        $set: {
          portalId: d.portalId,
          answeredAt: new Date(d.answeredAt),
          workingDaysTaken: d.workingDaysTaken,
        },
      },
      { upsert: true },
    );
  }

  /**
   * The feedback a portal received in the period, in order of receipt: `_id` ranges of its keys
   * (BATCH at a time, sorted and limited by the index), each batch's records by `_id: {$in}`. A key
   * its record no longer has (a crash between the two writes) is skipped.
   */
  async *receivedIn(portalId: string, period: Period): AsyncGenerator<FeedbackRecord> {
    const prefix = facetPrefix(portalId, RECEIVED);
    const bounds = { above: timeKey(period.from), below: timeKey(period.to) };
    let from: string | undefined;
    for (;;) {
      const batch = await readRange(this.keys, prefix, 1, from, BATCH, bounds);
      if (!batch.length) return;
      const docs = await this.coll.find({ _id: { $in: [...new Set(batch.map((e) => e.i))] } }).toArray();
      const byId = new Map(docs.map((r) => [r._id, r]));
      for (const e of batch) {
        const r = byId.get(e.i);
        if (r && feedbackKey(r) === e._id) yield r;
      }
      if (batch.length < BATCH) return;
      from = batch[batch.length - 1]?._id;
    }
  }

  /**
   * Keys of records stored before they existed: every record, in `_id` order, a page of BATCH at a
   * time; resumes where a previous run stopped (progress in the marker), then does nothing.
   */
  async backfill(opts: { stop?: { requested: boolean } } = {}): Promise<number> {
    const marker = await this.keys.findOne({ _id: BACKFILL });
    if ((marker as (KeyEntry & { done?: boolean }) | null)?.done) return 0;
    let last = marker?.i ?? "";
    let n = 0;
    for (;;) {
      if (opts.stop?.requested) return n;
      const page = await this.coll
        .find({ _id: { $gt: last } })
        .sort({ _id: 1 })
        .limit(BATCH)
        .toArray();
      if (!page.length) break;
      const entries = page.flatMap((r) => {
        const k = feedbackKey(r);
        return k ? [{ _id: k, i: r._id }] : [];
      });
      await claimEntries(this.keys, entries, new Date(), { refresh: false });
      n += page.length;
      last = (page[page.length - 1] as FeedbackRecord)._id;
      await this.keys.updateOne({ _id: BACKFILL }, { $set: { i: last, t: new Date() } }, { upsert: true });
    }
    await this.keys.updateOne({ _id: BACKFILL }, { $set: { t: new Date(), done: true } }, { upsert: true });
    return n;
  }
}
