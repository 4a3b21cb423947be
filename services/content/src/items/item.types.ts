// A content item's document (R-MODERATE): the revision that is live, the revision going through
// the editorial board, scheduled transitions, and the audit trail — all in ONE document, so every
// change is a single-document write that also carries its events (outbox).
import type { Actor, ContentKind, LegalDocumentMeta, MediaUse, RetentionClass } from "@cong/contracts";

export type RevisionState = "draft" | "submitted" | "approved" | "rejected" | "published";
export type ItemStatus = "draft" | "published" | "unpublished" | "archived";

export interface LocaleContent {
  title: string;
  slug: string;
  summary?: string;
  bodyHtml: string;
  previousSlugs: string[];
  changeNote?: { kind: "major" | "minor"; text: string };
  /** other locales may be kept back while their translation is unfinished (R-FMT) */
  publish: boolean;
}

export interface Contributor {
  name: string;
  role?: string;
  userId?: string;
}

export interface Revision {
  revision: number;
  state: RevisionState;
  locales: Record<string, LocaleContent>;
  categoryIds: string[];
  legal?: LegalDocumentMeta;
  comment?: { opensAt: Date; closesAt: Date };
  contributors: Contributor[];
  media: MediaUse[];
  tags: string[];
  agency?: string;
  createdBy: Actor;
  createdAt: Date;
  updatedAt: Date;
  submittedBy?: Actor;
  submittedAt?: Date;
  /** R-TIMELY: when the board must have it live, from the category's working-day rule */
  dueBy?: Date;
  approvedBy?: Actor;
  approvedAt?: Date;
  rejection?: { comment: string; by: Actor; at: Date };
  publishedBy?: Actor;
  publishedAt?: Date;
  /** the original .docx/.pdf this draft was converted from (R-SUBMIT) */
  sourceFile?: { fileId: string; filename: string; contentType: string; size: number };
}

export interface AuditEntry {
  action: string;
  actor: Actor;
  at: Date;
  revision: number | null;
  from: string;
  to: string;
  reason?: string;
  /** set when a platform job acted on someone's behalf (scheduler, seeding, retention) */
  onBehalfOf?: Actor;
}

export interface ScheduledPublish {
  at: Date;
  revision: number;
  by: Actor;
}
export interface ScheduledUnpublish {
  at: Date;
  by: Actor;
  mode: "withdrawn" | "gone" | "redirected";
  publicReason?: string;
  redirectTo?: string;
}

export interface ItemDoc {
  _id: string;
  portalId: string;
  kind: ContentKind;
  retentionClass: RetentionClass;
  status: ItemStatus;
  /** bumped by every write; the client's If-Match (R-MODERATE, optimistic concurrency) */
  version: number;
  nextRevision: number;
  live: Revision | null;
  working: Revision | null;
  /** who is responsible for the working draft (moves to a successor on handover, R-ACCOUNT) */
  owner: Actor;
  commentsEnabled: boolean;
  firstPublishedAt?: Date;
  publishedAt?: Date;
  schedule: { publish?: ScheduledPublish; unpublish?: ScheduledUnpublish };
  unpublished?: {
    mode: "withdrawn" | "gone" | "redirected";
    publicReason?: string;
    redirectTo?: string;
    at: Date;
    by: Actor;
  };
  archived?: { at: Date; reason: "expired" | "manual"; by: Actor };
  audit: AuditEntry[];
  createdAt: Date;
  updatedAt: Date;
  /** natural key for idempotent seeding */
  seedKey?: string;
}

/** What the admin UI shows as the item's state. */
export function itemState(doc: ItemDoc): string {
  if (doc.status === "archived") return "archived";
  return doc.working?.state ?? doc.status;
}
