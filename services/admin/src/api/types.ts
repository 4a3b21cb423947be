// What the admin reads from the APIs (the parts it shows). The APIs' OpenAPI documents are the
// contract; these types name what the screens rely on.
import type { Actor, LegalDocumentMeta, MediaUse } from "@cong/contracts";

export interface LocaleContent {
  title: string;
  slug: string;
  summary?: string;
  bodyHtml: string;
  changeNote?: { kind: "major" | "minor"; text: string };
  publish: boolean;
}

export interface Revision {
  revision: number;
  state: "draft" | "submitted" | "approved" | "rejected" | "published";
  locales: Record<string, LocaleContent>;
  categoryIds: string[];
  legal?: LegalDocumentMeta;
  comment?: { opensAt: string; closesAt: string };
  contributors: { name: string; role?: string }[];
  media: MediaUse[];
  tags: string[];
  agency?: string;
  createdBy: Actor;
  /** everyone else who changed this revision after it was started */
  editedBy?: Actor[];
  createdAt: string;
  updatedAt: string;
  submittedBy?: Actor;
  submittedAt?: string;
  dueBy?: string;
  approvedBy?: Actor;
  approvedAt?: string;
  rejection?: { comment: string; by: Actor; at: string };
}

export interface AuditEntry {
  action: string;
  actor: Actor;
  at: string;
  revision: number | null;
  from: string;
  to: string;
  reason?: string;
  onBehalfOf?: Actor;
}

export interface ItemView {
  itemId: string;
  portalId: string;
  kind: string;
  state: string;
  status: "draft" | "published" | "unpublished" | "archived";
  version: number;
  live: Revision | null;
  working: Revision | null;
  owner: Actor;
  commentsEnabled: boolean;
  retentionClass: string;
  firstPublishedAt?: string;
  publishedAt?: string;
  schedule: { publish?: { at: string; by: Actor }; unpublish?: { at: string; by: Actor } };
  unpublished?: { mode: string; publicReason?: string; redirectTo?: string; at: string; by: Actor };
  audit?: AuditEntry[];
  createdAt: string;
  updatedAt: string;
}

/** A schedule fired later than its grace period (content's `/work` `missed`, R-MODERATE). */
export interface MissedSchedule {
  itemId: string;
  title?: string;
  action: "publish" | "unpublish";
  scheduledFor: string;
  firedAt: string;
  lateByMs: number;
}

/** A row of the item list (content's `view=summary`), or derived from a full view. */
export interface ItemRow {
  itemId: string;
  kind: string;
  state: string;
  status: string;
  version: number;
  title: string;
  categoryIds: string[];
  owner: Actor;
  submittedBy?: Actor;
  submittedAt?: string;
  dueBy?: string;
  scheduledAt?: string;
  publishedAt?: string;
  updatedAt: string;
  rejection?: { comment: string; by: Actor; at: string };
}

export interface Category {
  categoryId: string;
  slug: string;
  name: { vi: string; en?: string };
  retentionClass: "permanent" | "limited-5y";
  mandatory: boolean;
  deadlineWorkingDays: number | null;
  kinds: string[];
  parentId: string | null;
  order: number;
}

export interface Portal {
  portalId: string;
  kind: "province" | "department" | "district";
  name: { vi: string; en?: string };
  agency: { vi: string; en?: string };
  host: string;
  languages: string[];
  categories: Category[];
  active: boolean;
}

export interface Rendition {
  name: string;
  mimeType: string;
  width?: number;
  height?: number;
  sizeBytes?: number;
}

export interface Asset {
  id: string;
  portalId: string;
  kind: "image" | "video" | "audio" | "document";
  mimeType: string;
  filename: string;
  sizeBytes: number;
  status: "processing" | "ready" | "failed" | string;
  title?: string;
  altText?: string;
  decorative: boolean;
  renditions: Rendition[];
  captions: { lang: string; name?: string }[];
  live: boolean;
  usedBy?: string[];
  uploadedBy: Actor;
  uploadedAt: string;
}

export interface Completeness {
  categories: {
    categoryId: string;
    name: string;
    mandatory: boolean;
    published: number;
    empty: boolean;
    overdue: { itemId: string; title: string; state: string; dueBy: string }[];
  }[];
}

export interface DiffPart {
  op: "same" | "added" | "removed";
  text: string;
}

export interface ItemDiff {
  itemId: string;
  base: { revision: number } | null;
  proposed: { revision: number; state: string };
  fields: { field: string; locale?: string; changed: boolean; parts: DiffPart[] }[];
}
