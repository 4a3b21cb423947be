// The seeded world: a deterministic sequence of items over the portals (states, kinds,
// categories, texts, due dates) and their archive records.

import type { Actor } from "@cong/contracts";
import { slugify } from "@cong/text";
import { wordsOf } from "../../../services/archive/src/retention/record.keys";
import { expiryOf, type RetentionRecord } from "../../../services/archive/src/retention/records";
import { addWorkingDays } from "../../../services/content/src/calendar";
import type {
  AuditEntry as ItemAuditEntry,
  ItemDoc,
  LocaleContent,
  Revision,
} from "../../../services/content/src/items/item.types";
import type { CategoryDef } from "../../../services/content/src/portals/categories";

import { measuredShare, PORTAL_COUNT } from "./config";

// ------------------------------------------------------------------------------------- the world

/** a deterministic number in [0, 1) for item `i` (salted per attribute) */
export function rnd(i: number, salt: number): number {
  let x = Math.imul(i + 1, 2654435761) ^ Math.imul(salt + 17, 40503);
  x = Math.imul(x ^ (x >>> 15), 2246822507);
  x = Math.imul(x ^ (x >>> 13), 3266489909);
  return ((x ^ (x >>> 16)) >>> 0) / 4294967296;
}
export const pick = <T>(xs: readonly T[], i: number, salt: number): T =>
  xs[Math.floor(rnd(i, salt) * xs.length)] as T;

export const TOPICS = [
  "hội nghị triển khai",
  "chuyển đổi số",
  "an toàn giao thông",
  "xây dựng nông thôn mới",
  "cải cách hành chính",
  "phòng chống thiên tai",
  "bảo vệ môi trường",
  "phát triển du lịch",
  "y tế cơ sở",
  "giáo dục đào tạo",
  "quy hoạch sử dụng đất",
  "an sinh xã hội",
  "khuyến nông",
  "phòng cháy chữa cháy",
  "tiếp công dân",
  "thu hút đầu tư",
  "lễ hội truyền thống",
  "văn hoá thể thao",
];
/** what the archive search asks (two words of one topic) */
export const ARCHIVE_QUERY = "chuyển đổi";
export const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export interface PortalInfo {
  id: string;
  kind: "province" | "department" | "district";
  agency: string;
  languages: string[];
  categories: CategoryDef[];
  owners: Actor[];
  board: Actor[];
}

export interface World {
  n: number;
  portals: PortalInfo[];
  /** index of the measured portal in `portals` */
  measured: number;
  /** indices of the items with a live revision, per portal (made when first needed) */
  liveByPortal?: number[][];
  /** time of item 0; item i is created at t0 + i * step */
  t0: number;
  step: number;
}

export type SeedState =
  | "draft"
  | "submitted"
  | "approved"
  | "rejected"
  | "published"
  | "republishing"
  | "unpublished"
  | "archived";

/** the state mix of the seeded items (cumulative percent) */
export function stateOf(i: number): SeedState {
  const h = rnd(i, 1) * 100;
  if (h < 12) return "draft";
  if (h < 20) return "submitted";
  if (h < 24) return "approved";
  if (h < 27) return "rejected";
  if (h < 34) return "republishing"; // published, with a new draft
  if (h < 37) return "unpublished";
  if (h < 40) return "archived";
  return "published";
}
export const hasLive = (s: SeedState) =>
  s === "published" || s === "republishing" || s === "unpublished" || s === "archived";

export const KINDS = [
  ["article", 70],
  ["announcement", 20],
  ["page", 10],
] as const;
export function kindOf(i: number): ItemDoc["kind"] {
  let h = rnd(i, 2) * 100;
  for (const [k, w] of KINDS) {
    if (h < w) return k;
    h -= w;
  }
  return "article";
}

/** the item's category: half of a kind's items go to its first category (news, for articles) */
export function categoryOf(p: PortalInfo, kind: string, i: number): CategoryDef {
  const fit = p.categories.filter((c) => c.kinds.includes(kind as never));
  const pool = fit.length ? fit : p.categories;
  return rnd(i, 3) < 0.5 ? (pool[0] as CategoryDef) : pick(pool, i, 4);
}

export const working = new Map<string, Date>();
/** content's calendar (Vietnamese holidays), memoised per day */
export function plusWorkingDays(d: Date, n: number): Date {
  const day = d.toISOString().slice(0, 10);
  const key = `${day}|${n}`;
  let base = working.get(key);
  if (!base) {
    base = addWorkingDays(new Date(`${day}T00:00:00Z`), n);
    working.set(key, base);
  }
  return new Date(base.getTime() + (d.getTime() - Date.parse(`${day}T00:00:00Z`)));
}

// Short texts with few distinct words: the archive keeps one key per distinct word of an item, per
// portal and platform-wide, so every word more is ~1.5 keys per item to seed
export function texts(i: number, p: PortalInfo) {
  const a = pick(TOPICS, i, 5);
  const b = pick(TOPICS, i, 6);
  const title = `${cap(a)} ${b}`;
  const summary = `Tin ${a}.`;
  const plain = `${title}. ${summary}`;
  // a short article (≈ 1.5 KB): the same sentences again
  const bodyHtml = Array.from({ length: 14 }, () => `<p>${title}.</p><p>${summary}</p>`).join("");
  // titles repeat (as weekly notices do); the address is made unique as content's slug claims would
  return { title, slug: `${slugify(title)}-${i}`, summary, bodyHtml, plain, agency: p.agency };
}

/** Item `i` as content's workflow would have left it (states, revisions, audit trail). */
export function itemAt(w: World, i: number): ItemDoc {
  const p = portalOf(w, i);
  const state = stateOf(i);
  const kind = kindOf(i);
  const cat = categoryOf(p, kind, i);
  const created = new Date(w.t0 + i * w.step);
  const at = (hours: number) => new Date(created.getTime() + hours * 3_600_000);
  const owner = pick(p.owners, i, 7);
  const board = pick(p.board, i, 8);
  const t = texts(i, p);
  const locales: Revision["locales"] = {
    vi: {
      title: t.title,
      slug: t.slug,
      summary: t.summary,
      bodyHtml: t.bodyHtml,
      previousSlugs: [],
      publish: true,
    },
  };
  if (p.languages.includes("en") && rnd(i, 9) < 0.2)
    locales.en = {
      title: `News item ${i}`,
      slug: `news-item-${i}`,
      bodyHtml: "<p>English text.</p>",
      previousSlugs: [],
      publish: true,
    };
  const revision = (n: number, s: Revision["state"], from: Date): Revision => ({
    revision: n,
    state: s,
    locales: structuredClone(locales),
    categoryIds: [cat.categoryId],
    contributors: [],
    media: [],
    tags: [],
    agency: t.agency,
    createdBy: owner,
    createdAt: from,
    updatedAt: from,
  });
  const audit: ItemAuditEntry[] = [];
  const log = (action: string, by: Actor, when: Date, rev: number, from: string, to: string) =>
    audit.push({ action, actor: by, at: when, revision: rev, from, to });
  log("created", owner, created, 1, "-", "draft");
  const review = (r: Revision, base: number) => {
    r.submittedBy = owner;
    r.submittedAt = at(base + 1);
    if (cat.deadlineWorkingDays) r.dueBy = plusWorkingDays(r.submittedAt, cat.deadlineWorkingDays);
    log("submitted", owner, at(base + 1), r.revision, "draft", "submitted");
  };
  const doc: ItemDoc = {
    _id: `${Math.floor(created.getTime() / 1000)
      .toString(16)
      .padStart(8, "0")}b0${i.toString(16).padStart(14, "0")}`,
    portalId: p.id,
    kind,
    retentionClass: cat.retentionClass,
    status: "draft",
    version: 1,
    nextRevision: 2,
    live: null,
    working: null,
    owner,
    commentsEnabled: kind === "article",
    schedule: {},
    audit,
    createdAt: created,
    updatedAt: created,
  };
  let last = created;
  if (!hasLive(state)) {
    const r = revision(1, "draft", created);
    if (state !== "draft") review(r, 0);
    if (state === "approved") {
      r.approvedBy = board;
      r.approvedAt = at(3);
      log("approved", board, at(3), 1, "submitted", "approved");
    }
    if (state === "rejected") {
      r.rejection = { comment: "Bổ sung nguồn tin và ảnh minh hoạ.", by: board, at: at(3) };
      log("rejected", board, at(3), 1, "submitted", "rejected");
    }
    r.state = state as Revision["state"];
    last = audit[audit.length - 1]?.at ?? created;
    r.updatedAt = state === "draft" ? created : last;
    doc.working = r;
    doc.version = audit.length;
  } else {
    const live = revision(1, "published", created);
    review(live, 0);
    live.approvedBy = board;
    live.approvedAt = at(3);
    log("approved", board, at(3), 1, "submitted", "approved");
    live.publishedBy = board;
    live.publishedAt = at(4);
    log("published", board, at(4), 1, "approved", "published");
    doc.live = live;
    doc.status = "published";
    doc.firstPublishedAt = at(4);
    doc.publishedAt = at(4);
    last = at(4);
    if (state === "republishing") {
      doc.working = revision(2, "draft", at(24));
      (doc.working.locales.vi as LocaleContent).summary = `${t.summary} Cập nhật.`;
      doc.nextRevision = 3;
      log("revision-started", owner, at(24), 2, "published", "draft");
      last = at(24);
    }
    if (state === "unpublished") {
      doc.status = "unpublished";
      doc.unpublished = { mode: "withdrawn", publicReason: "Thông tin đã cũ.", at: at(48), by: board };
      log("unpublished", board, at(48), 1, "published", "unpublished");
      last = at(48);
    }
    if (state === "archived") {
      doc.status = "archived";
      doc.archived = { at: at(48), reason: "manual", by: board };
      log("archived", board, at(48), 1, "published", "archived");
      last = at(48);
    }
    doc.version = audit.length;
  }
  doc.updatedAt = last;
  return doc;
}

/** The archive's record of an item that was published (as `RetentionRecords.onPublished` writes it). */
export function recordOf(w: World, doc: ItemDoc, i: number): RetentionRecord | null {
  if (!doc.live || !doc.firstPublishedAt) return null;
  const p = portalOf(w, i);
  const t = texts(i, p);
  const first = doc.firstPublishedAt;
  const state =
    doc.status === "unpublished" ? "unpublished" : doc.status === "archived" ? "archived" : "published";
  return {
    _id: doc._id,
    portalId: doc.portalId,
    revision: doc.live.revision,
    kind: doc.kind,
    categoryIds: doc.live.categoryIds,
    agency: doc.live.agency ?? null,
    title: t.title,
    words: wordsOf(t.title, t.summary, t.plain),
    retentionClass: doc.retentionClass,
    firstPublishedAt: first,
    publishedAt: doc.publishedAt ?? first,
    expiresAt: expiryOf(doc.retentionClass, first),
    state,
    stateAt: doc.unpublished?.at ?? doc.archived?.at ?? first,
    hold: null,
    updatedAt: doc.updatedAt,
  };
}

/**
 * The portal of the `i`-th document of a kind: round-robin over the portals, the measured one
 * taking `measuredShare` of them, spread evenly over the sequence (and so over time).
 */
export function portalOf(w: World, i: number): PortalInfo {
  return w.portals[portalIndex(w, i)] as PortalInfo;
}
export function portalIndex(w: World, i: number): number {
  const f = measuredShare(w.n);
  if (f <= 1 / PORTAL_COUNT) return i % PORTAL_COUNT;
  const upto = Math.floor((i + 1) * f);
  if (upto > Math.floor(i * f)) return w.measured;
  const other = (i - upto) % (PORTAL_COUNT - 1);
  return other >= w.measured ? other + 1 : other;
}

/** A published item of the same portal as comment `i`, chosen at random among the portal's. */
export function liveItemNear(w: World, i: number): number {
  if (!w.liveByPortal) {
    const lists: number[][] = w.portals.map(() => []);
    for (let j = 0; j < w.n; j++) if (hasLive(stateOf(j))) lists[portalIndex(w, j)]?.push(j);
    w.liveByPortal = lists;
  }
  const mine = w.liveByPortal[portalIndex(w, i)] ?? [];
  const any = mine.length ? mine : (w.liveByPortal.find((l) => l.length) ?? [0]);
  return any[Math.floor(rnd(i, 10) * any.length)] ?? 0;
}
