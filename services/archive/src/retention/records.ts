// Retention records (R-RETAIN): one document per content item, `_id` = itemId, built from the
// content events (event-carried state). A limited-5y item expires five years after its first
// publication; a permanent one never does. Only `_id` lookups are pushed down by FerretDB, so
// every write here is keyed by `_id` and conditions are checked in memory.
import {
  type ContentArchived,
  ContentExpired,
  type ContentPublished,
  type ContentUnpublished,
  type EventData,
  type RetentionClass,
} from "@cong/contracts";
import type { Outbox } from "@cong/kit";
import type { Collection, Db } from "mongodb";
import { searchText } from "../text";

export type ItemState = "published" | "unpublished" | "archived" | "expired";

export interface LegalHold {
  reason: string;
  by: { id: string; username: string };
  at: Date;
}

export interface RetentionRecord {
  _id: string;
  portalId: string;
  revision: number;
  kind: string;
  categoryIds: string[];
  agency: string | null;
  title: string;
  text: string;
  retentionClass: RetentionClass;
  firstPublishedAt: Date;
  publishedAt: Date;
  expiresAt: Date | null;
  state: ItemState;
  stateAt: Date;
  expiredAt?: Date | null;
  hold?: LegalHold | null;
  updatedAt: Date;
}

/** firstPublishedAt + 5 calendar years (UTC), or null for a permanent item. */
export function expiryOf(retentionClass: RetentionClass, firstPublishedAt: Date): Date | null {
  if (retentionClass !== "limited-5y") return null;
  const d = new Date(firstPublishedAt);
  d.setUTCFullYear(d.getUTCFullYear() + 5);
  return d;
}

function stripHtml(html: string): string {
  return html
    .replace(/<[^>]*>/g, " ")
    .replace(/&[a-z#0-9]+;/gi, " ")
    .replace(/\s+/g, " ");
}

export class RetentionRecords {
  readonly coll: Collection<RetentionRecord>;
  constructor(
    db: Db,
    private readonly outbox: Outbox,
  ) {
    this.coll = db.collection<RetentionRecord>("items");
  }

  async init(): Promise<void> {
    await this.outbox.track(this.coll as never);
  }

  get(itemId: string): Promise<RetentionRecord | null> {
    return this.coll.findOne({ _id: itemId });
  }

  /** content.published: creates or advances the record; an older revision never overwrites a newer one. */
  async onPublished(d: EventData<typeof ContentPublished>): Promise<void> {
    const existing = await this.get(d.itemId);
    if (existing && existing.revision > d.revision) return;
    const s = d.snapshot;
    const vi = s.locales.vi ?? Object.values(s.locales)[0];
    const firstPublishedAt = new Date(existing?.firstPublishedAt ?? s.firstPublishedAt ?? d.publishedAt);
    const expiresAt = expiryOf(s.retentionClass, firstPublishedAt);
    const title = vi?.title ?? "";
    const body = vi ? `${vi.title} ${vi.summary ?? ""} ${stripHtml(vi.bodyHtml)}` : "";
    const now = new Date();
    // an expired item stays expired: a later revision does not bring it back
    const state: ItemState = existing?.state === "expired" ? "expired" : "published";
    await this.coll.updateOne(
      { _id: d.itemId },
      {
        $set: {
          portalId: d.portalId,
          revision: d.revision,
          kind: s.kind,
          categoryIds: s.categoryIds,
          agency: s.agency ?? null,
          title,
          text: searchText(body).slice(0, 20_000),
          retentionClass: s.retentionClass,
          firstPublishedAt,
          publishedAt: new Date(d.publishedAt),
          expiresAt,
          state,
          stateAt: state === "published" ? new Date(d.publishedAt) : (existing?.stateAt ?? now),
          updatedAt: now,
        },
      },
      { upsert: true },
    );
  }

  async onUnpublished(d: EventData<typeof ContentUnpublished>): Promise<void> {
    const existing = await this.get(d.itemId);
    if (!existing || existing.revision > d.revision || existing.state === "expired") return;
    await this.coll.updateOne(
      { _id: d.itemId },
      { $set: { state: "unpublished", stateAt: new Date(d.unpublishedAt), updatedAt: new Date() } },
    );
  }

  async onArchived(d: EventData<typeof ContentArchived>): Promise<void> {
    const existing = await this.get(d.itemId);
    if (!existing || existing.state === "expired") return;
    await this.coll.updateOne(
      { _id: d.itemId },
      { $set: { state: "archived", stateAt: new Date(d.archivedAt), updatedAt: new Date() } },
    );
  }

  async setHold(itemId: string, hold: LegalHold | null): Promise<RetentionRecord | null> {
    const r = await this.coll.findOneAndUpdate(
      { _id: itemId },
      { $set: { hold, updatedAt: new Date() } },
      { returnDocument: "after" },
    );
    return r;
  }

  /** Items whose expiry is at or before `now` and that are still live (full scan; once a day). */
  async due(now: Date): Promise<RetentionRecord[]> {
    const all = await this.coll
      .find({ retentionClass: "limited-5y", state: { $in: ["published", "unpublished", "archived"] } })
      .toArray();
    return all.filter((r) => r.expiresAt && r.expiresAt.getTime() <= now.getTime());
  }

  /**
   * Marks one item expired and stages content.expired in the same single-document write.
   * Re-reads the record by `_id` first: a hold placed meanwhile, or an expiry already done, wins.
   */
  async expire(itemId: string, now: Date): Promise<"expired" | "held" | "skipped"> {
    const r = await this.get(itemId);
    if (!r || r.state === "expired" || !r.expiresAt || r.expiresAt > now) return "skipped";
    if (r.hold) return "held";
    await this.outbox.updateOne(
      this.coll,
      { _id: itemId },
      { $set: { state: "expired", stateAt: now, expiredAt: now, updatedAt: new Date() } },
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
    return "expired";
  }
}
