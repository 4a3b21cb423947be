// A retention record (R-RETAIN) as `items` stores it — one document per content item, `_id` =
// itemId — with its expiry rule and what the search and the retention lists are asked.
import type { RetentionClass } from "@cong/contracts";

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
  /** distinct folded words of the latest revision (its title, summary and text), ≤ MAX_WORDS */
  words: string[];
  /** folded text of records written before `words` existed (replaced by `words` on backfill) */
  text?: string;
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

/** What the archive search asks: words and filters; all optional. */
export interface SearchQuery {
  q?: string | undefined;
  categoryId?: string | undefined;
  /** first publication at or after */
  from?: Date | undefined;
  /** first publication at or before */
  to?: Date | undefined;
}

export type RetentionList = "holds" | "expiring" | "expired";

/** index entries one list request looks at, at most: the bounded work of a request */
export const LIST_SCAN_LIMIT = 1000;
/** never read back: the outbox's staging and the folded text of earlier versions */
export const WITHOUT = { _outbox: 0, text: 0 } as const;
