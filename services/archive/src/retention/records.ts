// Retention records (R-RETAIN): one document per content item, `_id` = itemId, built from the
// content events (event-carried state). A limited-5y item expires five years after its first
// publication; a permanent one never does. The only code that touches `items` and `item_keys`.
//
// Every query is one FerretDB v1 (our build) and MongoDB answer with the `_id` index (ADR 0004):
// a get by `_id`, a write keyed by `_id`, or a range of `item_keys` (record.keys.ts) followed by
// `_id: {$in}` — the archive search, the retention lists and the retention run's due list all cost
// the same at any number of items. A change of a record runs in turn with the other changes of
// that record in this process, claims the keys its new state adds, writes the record, then drops
// the keys it lost; a crash leaves only keys the record lacks, which readers skip and clear.
// Writes are here; reads (record.reads.ts), the record's shape (record.schema.ts), its keys
// (record.keys.ts) and the keys' backfill (record.backfill.ts) have their own modules.
import {
  type ContentArchived,
  ContentExpired,
  type ContentPublished,
  type ContentUnpublished,
  type EventData,
} from "@cong/contracts";
import { inTurn, type Logger, type Outbox, withKeys } from "@cong/kit";
import type { Db, UpdateFilter } from "mongodb";
import { backfillKeys } from "./record.backfill";
import { recordKeys, wordsOf } from "./record.keys";
import { RetentionReads } from "./record.reads";
import { expiryOf, type ItemState, type LegalHold, type RetentionRecord } from "./record.schema";

export {
  expiryOf,
  type ItemState,
  type LegalHold,
  LIST_SCAN_LIMIT,
  type RetentionList,
  type RetentionRecord,
  type SearchQuery,
} from "./record.schema";

function stripHtml(html: string): string {
  return html
    .replace(/<[^>]*>/g, " ")
    .replace(/&[a-z#0-9]+;/gi, " ")
    .replace(/\s+/g, " ");
}

export class RetentionRecords extends RetentionReads {
  constructor(
    db: Db,
    /** absent: read-only (the CLI's reports), `init` and `expire` refuse */
    private readonly outbox: Outbox | undefined,
    logger?: Logger,
  ) {
    super(db, logger);
  }

  async init(): Promise<void> {
    await this.writer().track(this.coll as never);
  }

  private writer(): Outbox {
    if (!this.outbox) throw new Error("retention records opened read-only (without an outbox)");
    return this.outbox;
  }

  /**
   * One change of a record: `next` computes the new state from the current one (null: nothing to
   * do) and `write` stores it; the keys are kept in step around the write. Changes of one record
   * run one at a time in this process (a queue of their own: the store's writes and the outbox's
   * have theirs).
   */
  private change<R>(
    itemId: string,
    next: (current: RetentionRecord | null) => RetentionRecord | null,
    write: (current: RetentionRecord | null, next: RetentionRecord) => Promise<R | null>,
  ): Promise<R | null> {
    return inTurn(this.keys, itemId, async () => {
      const current = await this.get(itemId);
      const after = next(current);
      if (!after) return null;
      return withKeys(this.keys, itemId, current ? recordKeys(current) : [], recordKeys(after), () =>
        write(current, after),
      );
    });
  }

  /** content.published: creates or advances the record; an older revision never overwrites a newer one. */
  async onPublished(d: EventData<typeof ContentPublished>): Promise<void> {
    const s = d.snapshot;
    const vi = s.locales.vi ?? Object.values(s.locales)[0];
    const title = vi?.title ?? "";
    const now = new Date();
    let fields: Omit<RetentionRecord, "_id" | "hold" | "expiredAt"> | undefined;
    await this.change(
      d.itemId,
      (existing) => {
        if (existing && existing.revision > d.revision) return null;
        const firstPublishedAt = new Date(existing?.firstPublishedAt ?? s.firstPublishedAt ?? d.publishedAt);
        // an expired item stays expired: a later revision does not bring it back
        const state: ItemState = existing?.state === "expired" ? "expired" : "published";
        fields = {
          portalId: d.portalId,
          revision: d.revision,
          kind: s.kind,
          categoryIds: s.categoryIds,
          agency: s.agency ?? null,
          title,
          words: vi ? wordsOf(vi.title, vi.summary ?? "", stripHtml(vi.bodyHtml)) : [],
          retentionClass: s.retentionClass,
          firstPublishedAt,
          publishedAt: new Date(d.publishedAt),
          expiresAt: expiryOf(s.retentionClass, firstPublishedAt),
          state,
          stateAt: state === "published" ? new Date(d.publishedAt) : (existing?.stateAt ?? now),
          updatedAt: now,
        };
        return { ...(existing ?? { hold: null }), _id: d.itemId, ...fields };
      },
      async () => {
        await this.coll.updateOne(
          { _id: d.itemId },
          // `text` was the folded text of earlier versions; `words` replaces it
          { $set: fields as Partial<RetentionRecord>, $unset: { text: "" } },
          { upsert: true },
        );
        return true;
      },
    );
  }

  async onUnpublished(d: EventData<typeof ContentUnpublished>): Promise<void> {
    await this.setState(d.itemId, "unpublished", new Date(d.unpublishedAt), (r) => r.revision <= d.revision);
  }

  async onArchived(d: EventData<typeof ContentArchived>): Promise<void> {
    await this.setState(d.itemId, "archived", new Date(d.archivedAt));
  }

  private async setState(
    itemId: string,
    state: ItemState,
    at: Date,
    applies: (r: RetentionRecord) => boolean = () => true,
  ): Promise<void> {
    const set = { state, stateAt: at, updatedAt: new Date() };
    await this.change(
      itemId,
      (r) => (r && r.state !== "expired" && applies(r) ? { ...r, ...set } : null),
      async () => {
        await this.coll.updateOne({ _id: itemId }, { $set: set });
        return true;
      },
    );
  }

  async setHold(itemId: string, hold: LegalHold | null): Promise<RetentionRecord | null> {
    const set = { hold, updatedAt: new Date() };
    return this.change(
      itemId,
      (r) => (r ? { ...r, ...set } : null),
      () =>
        // (no projection: FerretDB v1's findAndModify has none)
        this.coll.findOneAndUpdate({ _id: itemId }, { $set: set }, { returnDocument: "after" }),
    );
  }

  /**
   * Marks one item expired and stages content.expired in the same single-document write.
   * Re-reads the record by `_id` first: a hold placed meanwhile, or an expiry already done, wins.
   */
  async expire(itemId: string, now: Date): Promise<"expired" | "held" | "skipped"> {
    let outcome: "expired" | "held" | "skipped" = "skipped";
    const set = { state: "expired" as const, stateAt: now, expiredAt: now, updatedAt: new Date() };
    await this.change(
      itemId,
      (r) => {
        if (!r || r.state === "expired" || !r.expiresAt || r.expiresAt > now) return null;
        if (r.hold) {
          outcome = "held";
          return null;
        }
        return { ...r, ...set };
      },
      async (r) => {
        if (!r?.expiresAt) return null;
        await this.writer().updateOne(
          this.coll,
          { _id: itemId },
          { $set: set } as UpdateFilter<RetentionRecord>,
          [
            {
              def: ContentExpired,
              data: {
                itemId,
                portalId: r.portalId,
                retentionClass: "limited-5y",
                publishedAt: r.firstPublishedAt.toISOString(),
                expiredAt: r.expiresAt.toISOString(),
              },
            },
          ],
        );
        outcome = "expired";
        return true;
      },
    );
    return outcome;
  }

  /** The keys of records written before they existed (record.backfill.ts). */
  backfill(opts: { force?: boolean; log?: (n: number) => void; stop?: { requested: boolean } } = {}) {
    return backfillKeys(this.coll, this.keys, opts);
  }
}
