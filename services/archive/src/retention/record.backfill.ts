// The keys of records written before they existed (ADR 0004, issue 21): the first start of this
// version backfills them in the background, resuming where it stopped (the marker keeps the last
// `_id` done), and the `words` of records that held the folded `text` instead.
import { claimEntries, inTurn, type KeyEntry } from "@cong/kit";
import type { Collection } from "mongodb";
import { recordKeys, wordsOf } from "./record.keys";
import type { RetentionRecord } from "./record.schema";

const BACKFILL = "~backfill:item-keys:v1";

/**
 * Keys for records written before they existed (and `words` from their folded `text`): every
 * record, in `_id` order, a page of 100 at a time; resumes where a previous run stopped (the
 * progress is kept in the marker), then does nothing. `force` starts over.
 */
export async function backfillKeys(
  coll: Collection<RetentionRecord>,
  keys: Collection<KeyEntry>,
  opts: { force?: boolean; log?: (n: number) => void; stop?: { requested: boolean } } = {},
): Promise<number> {
  const marker = await keys.findOne({ _id: BACKFILL });
  if (marker && !opts.force && (marker as KeyEntry & { done?: boolean }).done) return 0;
  let last = opts.force ? "" : (marker?.i ?? "");
  let n = 0;
  for (;;) {
    if (opts.stop?.requested) return n;
    const page = await coll
      .find({ _id: { $gt: last } }, { projection: { _outbox: 0 } })
      .sort({ _id: 1 })
      .limit(100)
      .toArray();
    if (!page.length) break;
    const entries: { _id: string; i: string }[] = [];
    const legacy: RetentionRecord[] = [];
    for (const r of page) {
      if (!r.words) {
        r.words = wordsOf(r.text ?? "");
        legacy.push(r);
      }
      for (const k of recordKeys(r)) entries.push({ _id: k, i: r._id });
    }
    await claimEntries(keys, entries, new Date(), { refresh: false });
    for (const r of legacy)
      await inTurn(keys, r._id, () =>
        coll.updateOne(
          { _id: r._id, words: { $exists: false } },
          { $set: { words: r.words }, $unset: { text: "" } },
        ),
      );
    n += page.length;
    last = (page[page.length - 1] as RetentionRecord)._id;
    await keys.updateOne({ _id: BACKFILL }, { $set: { i: last, t: new Date() } }, { upsert: true });
    opts.log?.(n);
  }
  await keys.updateOne({ _id: BACKFILL }, { $set: { t: new Date(), done: true } }, { upsert: true });
  return n;
}
