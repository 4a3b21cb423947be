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
  /** everyone else who changed this revision after it was started (four eyes: none of them approves it) */
  editedBy?: Actor[];
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

/** A compact row of the admin's lists (`view=summary`): what a table of items shows. */
export function itemSummary(doc: ItemDoc) {
  const rev = doc.working ?? doc.live;
  const iso = (d: Date | undefined) => (d ? new Date(d).toISOString() : undefined);
  const w = doc.working;
  return {
    itemId: doc._id,
    kind: doc.kind,
    state: itemState(doc),
    status: doc.status,
    version: doc.version,
    title: rev?.locales.vi?.title ?? "",
    ...(rev?.locales.en?.title ? { titleEn: rev.locales.en.title } : {}),
    categoryIds: rev?.categoryIds ?? [],
    owner: doc.owner,
    /** who wrote the revision shown (the working one, else the live one) */
    ...(rev ? { createdBy: rev.createdBy } : {}),
    ...(w?.submittedBy ? { submittedBy: w.submittedBy } : {}),
    ...(w?.submittedAt ? { submittedAt: iso(w.submittedAt) } : {}),
    ...(w?.dueBy ? { dueBy: iso(w.dueBy) } : {}),
    ...(doc.schedule.publish ? { scheduledAt: iso(doc.schedule.publish.at) } : {}),
    ...(doc.publishedAt ? { publishedAt: iso(doc.publishedAt) } : {}),
    updatedAt: iso(doc.updatedAt) as string,
    locales: Object.keys(rev?.locales ?? {}).sort(),
    ...(w?.rejection
      ? { rejection: { comment: w.rejection.comment, by: w.rejection.by, at: iso(w.rejection.at) as string } }
      : {}),
  };
}

/** The row `itemSummary` gives (also kept per item as its head: item-heads.ts). */
export type ItemSummary = ReturnType<typeof itemSummary>;
