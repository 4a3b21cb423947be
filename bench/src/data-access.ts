// Data access that stays flat as a province's data grows (issue 21, "Done when", first bullet).
//
// For each size (BENCH_SIZES, default 1,000 / 10,000 / 100,000 / 200,000 content items over 50
// portals, plus feedback, comments, identity audit entries, media assets and archive records in
// the proportions of SHARE below), in databases of its own (`bench_data_access_<size>_<service>`):
//   1. content, identity, media and archive start in this process on the empty databases, the way
//      their integration tests start them (services/*/test fixtures: the same build function and
//      config, port 0, a Kafka topic prefix of the run). Their first start runs every first-start
//      backfill on nothing and leaves its marker, as a fresh installation would. The 50 portals
//      are created through content's API by the demo platform admin. The services stop.
//   2. Seeding in bulk (timed per service): the raw documents with insertMany in batches, and
//      their keyed index documents computed by the services' own functions — content's
//      `indexEntries` (items), `feedbackKeys`, `commentKeys` (written with `insertKeys`), the slug
//      claims, identity's `auditKeys` (with the kit's `claimEntries`), media's `keysOf`, archive's
//      `recordKeys` / `wordsOf` / `expiryOf` (with `claimEntries`) — keys first, then documents,
//      as the writers order them. Only the five portals of infra/demo/portals.json have demo
//      users; their items are owned by (tanyen) or attributed to those users where they exist,
//      the other 45 portals' data is written directly with made-up staff. The measured portal
//      (tanyen) holds 1/50 of every kind of document, but at least 400 items' worth where that
//      share would leave its lists a few rows long (`measuredShare`: 0.4 at 1,000, 0.04 at 10,000),
//      so every size's pages hold the same number of rows and the ratios compare like with like.
//   3. The services start again on the seeded databases (timed: nothing to backfill, their
//      start-up scans run); the measured portal's category listings are filled by content's own
//      `CategoryListing.upsert` (as `cli rebuild-listings` does), for that portal only.
//   4. Measured through the real HTTP APIs with real demo-user tokens (tanyen.focal-officer writes,
//      tanyen.board-member reviews, auditor reads platform-wide), one request at a time:
//      writes — create, edit, a stale edit (409), submit, approve, publish of a fresh item per round;
//      lists (BENCH_LIMIT rows, default 20, the admin's item-list page) — content's item list
//      (`view=summary`: all, by state, by category; first page and a deep cursor page), the review
//      queue (`state=submitted&sort=due`), the feedback inbox, the comment moderation list, an
//      item's audit in content, identity's audit trail (the portal's, platform-wide), media's
//      library and archive search. A deep page is the cursor half-way through the list (at most
//      50 pages in), found by following the cursors before the timing.
//   5. The services stop, the size's topics and buckets are removed; the databases are dropped at
//      the end unless BENCH_KEEP=1 (a later run with the same sizes reuses them and prints the
//      seeding times of the run that made them).
// Printed per size: seeding and start times, p50/p95 per operation with the rows a list returned,
// the ratio of each p95 to its value at the first size (1,000), and the goals (ratio ≤ 1.5, write
// p95 ≤ 50 ms, list p95 ≤ 100 ms at the largest size). Where the time went: every command each
// service sent during a request (the driver's command monitoring: time in the database, the
// commands that dominate), the outbox sweeper's background scans, CPU of the MongoDB-wire server,
// of this process (the four services) and of the rest of the machine per phase, this process's
// event-loop delay, and explain() of every distinct query an operation sent (@cong/testing
// `unflat`: anything not answered with the `_id` index is printed).
// The same script runs against MongoDB: MONGO_URL from the environment (over .env.local).
//
// Variables: BENCH_SIZES (1000,10000,100000,200000), BENCH_WRITE_ROUNDS (100), BENCH_LIST_ROUNDS (40),
// BENCH_LIMIT (20), BENCH_KEEP=1 (keep and reuse the databases), BENCH_RESEED=1 (seed again even if
// kept ones exist).
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { Actor } from "@cong/contracts";
import { claimEntries, createLogger, type KeyEntry, OUTBOX_PENDING } from "@cong/kit";
import {
  demoToken,
  indexesSettled,
  isolatedService,
  type RecordedQuery,
  repoRoot,
  serverEnv,
  unflat,
  uniqueName,
} from "@cong/testing";
import { type Db, MongoClient } from "mongodb";
import { type Archive, createArchive } from "../../services/archive/src/app";
import {
  entryHash,
  GENESIS,
  type ManifestEntry,
  sha256,
  snapshotKey,
} from "../../services/archive/src/archive/store";
import type { ArchiveConfig } from "../../services/archive/src/config";
import { recordKeys, wordsOf } from "../../services/archive/src/retention/record.keys";
import { expiryOf, type RetentionRecord } from "../../services/archive/src/retention/records";
import { addWorkingDays, dueAt } from "../../services/content/src/calendar";
import { commentKeys } from "../../services/content/src/comments/comment.repository";
import type { CommentDoc } from "../../services/content/src/comments/comments.routes";
import { type KeyEntry as ContentKeyEntry, insertKeys } from "../../services/content/src/db/keys";
import * as contentExtras from "../../services/content/src/extras";
import { feedbackKeys } from "../../services/content/src/feedback/feedback.repository";
import type { FeedbackDoc, FeedbackStatus } from "../../services/content/src/feedback/feedback.types";
import { type ItemIndexEntry, indexEntries } from "../../services/content/src/items/item.index";
import type {
  AuditEntry as ItemAuditEntry,
  ItemDoc,
  LocaleContent,
  Revision,
} from "../../services/content/src/items/item.types";
import type { CategoryDef } from "../../services/content/src/portals/categories";
import { slugify } from "../../services/content/src/text/fold";
import {
  type Running as RunningContent,
  start as startContent,
  testConfig,
} from "../../services/content/test/helpers";
import { createIdentity, type Identity } from "../../services/identity/src/app";
import {
  type AuditAction,
  type AuditEntry,
  auditKeys,
} from "../../services/identity/src/audit/audit.repository";
import { createMedia, type Media } from "../../services/media/src/app";
import { keysOf as assetKeysOf, type KeyDoc } from "../../services/media/src/assets/asset.keys";
import type { AssetDoc } from "../../services/media/src/assets/asset.types";
import type { MediaKind } from "../../services/media/src/assets/inspect";
import type { MediaConfig } from "../../services/media/src/config";
import { cpuSeconds, machineBusySeconds } from "./cpu";
import { removeTopics as removeTopicsOf } from "./kafka-cleanup";
import { fmt, header, percentile, row } from "./report";

const SIZES = (process.env.BENCH_SIZES ?? "1000,10000,100000,200000").split(",").map(Number);
// 100: a p95 of 30 samples is their second worst, and moved by 20 ms between runs
const WRITE_ROUNDS = Number(process.env.BENCH_WRITE_ROUNDS ?? 100);
const LIST_ROUNDS = Number(process.env.BENCH_LIST_ROUNDS ?? 40);
const LIMIT = Number(process.env.BENCH_LIMIT ?? 20);
const KEEP = process.env.BENCH_KEEP === "1";
const RESEED = process.env.BENCH_RESEED === "1";
const GOAL = { ratio: 1.5, writeP95: 50, listP95: 100 };
/** what is seeded per content item */
const SHARE = { feedback: 0.2, comments: 0.2, audit: 0.2, assets: 0.3 } as const;
const PORTAL_COUNT = 50;
const MEASURED = "tanyen";
/** bump when the seeded data changes: kept databases of another version are seeded again */
const SEED_VERSION = 1;
/**
 * The measured portal's share of every kind of document: 1/50 (round-robin over the portals),
 * except at sizes where that would leave its lists a few rows long — at 1,000 items round-robin gave
 * it 20 items, one in the review queue, four feedback, two held comments, so the "ratio to 1,000"
 * compared a page of 1–6 rows with a page of 20. It holds at least MEASURED_FLOOR items (and the
 * feedback, comments, audit entries and assets in proportion) wherever the page sizes allow:
 * 400 of 1,000 (0.4), 400 of 10,000 (0.04), 1/50 from 20,000 on. Databases seeded with that
 * share have seed version 2 (1 when the share is 1/50, as before).
 */
const MEASURED_FLOOR = 400;
const measuredShare = (n: number) => Math.max(1 / PORTAL_COUNT, Math.min(0.5, MEASURED_FLOOR / n));
const seedVersion = (n: number) => (measuredShare(n) > 1 / PORTAL_COUNT ? 2 : SEED_VERSION);
const SPAN_MS = 2 * 365 * 86_400_000;
const USERS = {
  officer: `${MEASURED}.focal-officer`,
  contributor: `${MEASURED}.contributor`,
  board: `${MEASURED}.board-member`,
  deputy: `${MEASURED}.board-deputy`,
  admin: "platform.admin",
  auditor: "auditor",
};

/** the APIs' JSON answers and the driver's commands, read loosely */
type Json = any;

const env = serverEnv();
const root = repoRoot();
// the services log errors only (LOG_LEVEL to see more); the figures go to stdout, progress to stderr
const LOG_LEVEL = process.env.LOG_LEVEL ?? "error";
const logger = createLogger({ service: "bench-data-access", level: LOG_LEVEL });
process.env.KAFKAJS_NO_PARTITIONER_WARNING = "1";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const note = (s: string) => process.stderr.write(`${s}\n`);
const sec = (ms: number) => `${fmt(ms / 1000, 1)} s`;

/** `<base>/<db>?<params>` for a MongoDB URL with or without a path and options */
function dbUrl(base: string, db: string, params = ""): string {
  const m = /^(mongodb(?:\+srv)?:\/\/[^/?]+)(?:\/[^?]*)?(?:\?(.*))?$/.exec(base.trim());
  if (!m) throw new Error(`MONGO_URL is not a MongoDB URL: ${base}`);
  const query = [m[2], params].filter(Boolean).join("&");
  return `${m[1]}/${db}${query ? `?${query}` : ""}`;
}

const dbName = (size: number, service: string) => `bench_data_access_${size}_${service}`;
const SERVICES = ["content", "identity", "media", "archive"] as const;
type ServiceName = (typeof SERVICES)[number];

// ------------------------------------------------------------------------------------- the world

/** a deterministic number in [0, 1) for item `i` (salted per attribute) */
function rnd(i: number, salt: number): number {
  let x = Math.imul(i + 1, 2654435761) ^ Math.imul(salt + 17, 40503);
  x = Math.imul(x ^ (x >>> 15), 2246822507);
  x = Math.imul(x ^ (x >>> 13), 3266489909);
  return ((x ^ (x >>> 16)) >>> 0) / 4294967296;
}
const pick = <T>(xs: readonly T[], i: number, salt: number): T =>
  xs[Math.floor(rnd(i, salt) * xs.length)] as T;

const TOPICS = [
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
const ARCHIVE_QUERY = "chuyển đổi";
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

interface PortalInfo {
  id: string;
  kind: "province" | "department" | "district";
  agency: string;
  languages: string[];
  categories: CategoryDef[];
  owners: Actor[];
  board: Actor[];
}

interface World {
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

type SeedState =
  | "draft"
  | "submitted"
  | "approved"
  | "rejected"
  | "published"
  | "republishing"
  | "unpublished"
  | "archived";

/** the state mix of the seeded items (cumulative percent) */
function stateOf(i: number): SeedState {
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
const hasLive = (s: SeedState) =>
  s === "published" || s === "republishing" || s === "unpublished" || s === "archived";

const KINDS = [
  ["article", 70],
  ["announcement", 20],
  ["page", 10],
] as const;
function kindOf(i: number): ItemDoc["kind"] {
  let h = rnd(i, 2) * 100;
  for (const [k, w] of KINDS) {
    if (h < w) return k;
    h -= w;
  }
  return "article";
}

/** the item's category: half of a kind's items go to its first category (news, for articles) */
function categoryOf(p: PortalInfo, kind: string, i: number): CategoryDef {
  const fit = p.categories.filter((c) => c.kinds.includes(kind as never));
  const pool = fit.length ? fit : p.categories;
  return rnd(i, 3) < 0.5 ? (pool[0] as CategoryDef) : pick(pool, i, 4);
}

const working = new Map<string, Date>();
/** content's calendar (Vietnamese holidays), memoised per day */
function plusWorkingDays(d: Date, n: number): Date {
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
function texts(i: number, p: PortalInfo) {
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
function itemAt(w: World, i: number): ItemDoc {
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
function recordOf(w: World, doc: ItemDoc, i: number): RetentionRecord | null {
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
function portalOf(w: World, i: number): PortalInfo {
  return w.portals[portalIndex(w, i)] as PortalInfo;
}
function portalIndex(w: World, i: number): number {
  const f = measuredShare(w.n);
  if (f <= 1 / PORTAL_COUNT) return i % PORTAL_COUNT;
  const upto = Math.floor((i + 1) * f);
  if (upto > Math.floor(i * f)) return w.measured;
  const other = (i - upto) % (PORTAL_COUNT - 1);
  return other >= w.measured ? other + 1 : other;
}

/** A published item of the same portal as comment `i`, chosen at random among the portal's. */
function liveItemNear(w: World, i: number): number {
  if (!w.liveByPortal) {
    const lists: number[][] = w.portals.map(() => []);
    for (let j = 0; j < w.n; j++) if (hasLive(stateOf(j))) lists[portalIndex(w, j)]?.push(j);
    w.liveByPortal = lists;
  }
  const mine = w.liveByPortal[portalIndex(w, i)] ?? [];
  const any = mine.length ? mine : (w.liveByPortal.find((l) => l.length) ?? [0]);
  return any[Math.floor(rnd(i, 10) * any.length)] ?? 0;
}

function feedbackAt(w: World, i: number, count: number): FeedbackDoc {
  const p = portalOf(w, i);
  const received = new Date(w.t0 + (i * SPAN_MS) / count);
  const h = rnd(i, 11);
  const status: FeedbackStatus = h < 0.3 ? "received" : h < 0.5 ? "assigned" : "answered";
  const officer = p.owners[0] as Actor;
  const by = p.board[0] as Actor;
  const doc: FeedbackDoc = {
    _id: `${Math.floor(received.getTime() / 1000)
      .toString(16)
      .padStart(8, "0")}fb${i.toString(16).padStart(14, "0")}`,
    portalId: p.id,
    kind: rnd(i, 12) < 0.3 ? "question" : "feedback",
    channel: "web",
    status,
    contact: { fullName: `Người dân ${i}`, email: `nguoidan${i}@example.vn` },
    subject: `Phản ánh về ${pick(TOPICS, i, 13)}`,
    message: `Kính gửi Ban biên tập, tôi xin phản ánh về ${pick(TOPICS, i, 13)} tại địa phương. Đề nghị xem xét.`,
    consentAt: received,
    receivedAt: received,
    dueAt: dueAt(received, 15),
    history: [],
  };
  if (status !== "received") {
    const assignedAt = new Date(received.getTime() + 86_400_000);
    doc.assignee = {
      userId: officer.id,
      username: officer.username,
      assignedAt,
      assignedBy: by,
    };
    doc.history.push({ at: assignedAt, by, action: "assigned" });
  }
  if (status === "answered") {
    const answeredAt = new Date(received.getTime() + 5 * 86_400_000);
    doc.answer = {
      text: "Cảm ơn ông/bà đã phản ánh; cơ quan đã tiếp nhận và xử lý.",
      answeredAt,
      answeredBy: officer,
      workingDaysTaken: 4,
      publishedAsQaItemId: null,
    };
    doc.history.push({ at: answeredAt, by: officer, action: "answered" });
  }
  return doc;
}

function commentAt(w: World, i: number, items: (j: number) => ItemDoc): CommentDoc {
  const j = liveItemNear(w, i);
  const item = items(j);
  const created = new Date(
    Math.min(
      Date.now() - 3_600_000,
      (item.publishedAt ?? item.createdAt).getTime() + (1 + (i % 40)) * 3_600_000,
    ),
  );
  const h = rnd(i, 14);
  const status: CommentDoc["status"] = h < 0.2 ? "held" : h < 0.9 ? "approved" : "rejected";
  return {
    _id: `${Math.floor(created.getTime() / 1000)
      .toString(16)
      .padStart(8, "0")}cm${i.toString(16).padStart(14, "0")}`,
    portalId: item.portalId,
    itemId: item._id,
    kind: "reader",
    status,
    text: `Bài viết về ${pick(TOPICS, i, 15)} rất hữu ích, cảm ơn Ban biên tập.`,
    createdAt: created,
    ...(status !== "held"
      ? {
          moderatedAt: new Date(created.getTime() + 3_600_000),
          moderatedBy: w.portals.find((p) => p.id === item.portalId)?.board[0],
        }
      : {}),
  } as CommentDoc;
}

const AUDIT_ACTIONS: AuditAction[] = [
  "membership.granted",
  "membership.revoked",
  "user.invited",
  "invitation.accepted",
  "focal-officer.appointed",
  "account.handed-over",
];
function auditAt(w: World, i: number, count: number): AuditEntry {
  const p = portalOf(w, i);
  const at = new Date(w.t0 + (i * SPAN_MS) / count);
  return {
    _id: `${p.id}:${at.toISOString()}:${i.toString(16).padStart(8, "0")}`,
    portalId: p.id,
    portalIds: [p.id],
    action: AUDIT_ACTIONS[i % AUDIT_ACTIONS.length] as AuditAction,
    actor: { id: "00000000-0000-4000-8000-000000000001", username: "platform.admin" },
    target: {
      userId: `00000000-0000-4000-8000-${String(i % 997).padStart(12, "0")}`,
      username: `canbo.${i % 997}`,
    },
    details: { role: "contributor" },
    at,
  };
}

const ASSET_KINDS: MediaKind[] = ["image", "image", "image", "image", "document", "video", "audio"];
const EXT: Record<MediaKind, [string, string]> = {
  image: ["jpg", "image/jpeg"],
  document: ["pdf", "application/pdf"],
  video: ["mp4", "video/mp4"],
  audio: ["mp3", "audio/mpeg"],
};
function assetAt(w: World, i: number, count: number): AssetDoc {
  const p = portalOf(w, i);
  const at = new Date(w.t0 + (i * SPAN_MS) / count);
  const kind = ASSET_KINDS[i % ASSET_KINDS.length] as MediaKind;
  const [ext, mimeType] = EXT[kind];
  const topic = pick(TOPICS, i, 16);
  return {
    _id: `${Math.floor(at.getTime() / 1000)
      .toString(16)
      .padStart(8, "0")}a0${i.toString(16).padStart(14, "0")}`,
    portalId: p.id,
    kind,
    mimeType,
    ext,
    filename: `${slugify(topic)}-${i}.${ext}`,
    sizeBytes: 200_000 + (i % 1000) * 1000,
    sha256: i.toString(16).padStart(64, "0"),
    status: "ready",
    rev: 1,
    title: `${cap(topic)} năm ${2024 + (i % 3)}`,
    ...(kind === "image" ? { altText: `Toàn cảnh ${topic}` } : {}),
    decorative: false,
    renditions:
      kind === "image"
        ? ["w320", "w640", "w1280"].map((r, k) => ({
            name: `${r}.webp`,
            mimeType: "image/webp",
            width: 320 * 2 ** k,
            height: 180 * 2 ** k,
            sizeBytes: 20_000 * 2 ** k,
          }))
        : [],
    captions: [],
    textExtracted: kind === "document",
    live: false,
    usedBy: [],
    uploadedBy: pick(p.owners, i, 17),
    uploadedAt: at,
    processedAt: new Date(at.getTime() + 5000),
  };
}

// ------------------------------------------------------------------------------------- /proc

/** the local MongoDB-wire server's pid (infra/local), when MONGO_URL is that server */
function serverPid(): number | undefined {
  try {
    const local = fs.readFileSync(path.join(root, ".env.local"), "utf8").match(/^MONGO_URL=(.*)$/m)?.[1];
    if (local && local.trim() !== env.MONGO_URL.trim()) return undefined;
    return Number(fs.readFileSync(path.join(root, ".run/local/mongo.pid"), "utf8").trim()) || undefined;
  } catch {
    return undefined;
  }
}
const SERVER_PID = serverPid();
interface CpuMark {
  at: number;
  machine: number;
  server: number;
  self: number;
}
const cpuMark = (): CpuMark => ({
  at: performance.now(),
  machine: machineBusySeconds(),
  server: SERVER_PID ? cpuSeconds(SERVER_PID) : Number.NaN,
  self: cpuSeconds(process.pid),
});
function cpuBetween(a: CpuMark, b: CpuMark): string {
  const wall = (b.at - a.at) / 1000;
  const server = (b.server - a.server) / wall;
  const self = (b.self - a.self) / wall;
  const rest = (b.machine - a.machine) / wall - (Number.isFinite(server) ? server : 0) - self;
  return [
    Number.isFinite(server) ? `mongo server ${fmt(server, 2)}` : null,
    `this process (4 services + client) ${fmt(self, 2)}`,
    Number.isFinite(rest) ? `rest of machine ${fmt(Math.max(0, rest), 2)}` : null,
  ]
    .filter(Boolean)
    .join(", ");
}

// ------------------------------------------------------------------------------------- commands

interface Cmd {
  at: number;
  ms: number;
  svc: ServiceName;
  name: string;
  coll: string;
  sweep: boolean;
  query?: RecordedQuery;
  /** sent by the service answering a timed request, while it ran */
  mine?: boolean;
}
/** every command the services sent, with its duration (the driver's command monitoring) */
const commands: Cmd[] = [];
type MonitoredClient = {
  on(
    ev: "commandStarted",
    fn: (e: { requestId: number; commandName: string; command: Record<string, unknown> }) => void,
  ): unknown;
  on(
    ev: "commandSucceeded" | "commandFailed",
    fn: (e: { requestId: number; duration: number }) => void,
  ): unknown;
};

function monitor(svc: ServiceName, client: MonitoredClient | undefined) {
  if (!client) throw new Error(`${svc}: no database client`);
  const open = new Map<number, Cmd>();
  client.on("commandStarted", (e) => {
    const c = e.command as Record<string, Json>;
    const coll = String(c[e.commandName] ?? "");
    const filter = (c.filter ?? c.query ?? c.updates?.[0]?.q ?? c.deletes?.[0]?.q) as
      | Record<string, unknown>
      | undefined;
    const cmd: Cmd = {
      at: performance.now(),
      ms: Number.NaN,
      svc,
      name: e.commandName,
      coll,
      sweep: JSON.stringify(filter ?? {}).includes('"_outbox.'),
    };
    if (filter && ["find", "update", "delete", "findAndModify"].includes(e.commandName))
      cmd.query = {
        command: e.commandName,
        collection: coll,
        filter,
        ...(c.sort ? { sort: c.sort } : {}),
        ...(c.limit ? { limit: c.limit } : {}),
      };
    open.set(e.requestId, cmd);
    commands.push(cmd);
  });
  const done = (e: { requestId: number; duration: number }) => {
    const cmd = open.get(e.requestId);
    if (cmd) {
      cmd.ms = e.duration;
      open.delete(e.requestId);
    }
  };
  client.on("commandSucceeded", done);
  client.on("commandFailed", done);
}

// ------------------------------------------------------------------------------------- services

interface Running {
  media: Media;
  identity: Identity;
  archive: Archive;
  content: RunningContent;
  urls: Record<ServiceName, string>;
  dbs: Record<ServiceName, Db>;
  stop(): Promise<void>;
}

const listen = async (svc: { serve: Media["svc"]["serve"] }, app: Media["app"]) => {
  const { server } = await svc.serve(app, { host: "127.0.0.1" });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

/** The four services in this process on the size's databases, as their integration tests start them. */
async function startServices(size: number, prefix: string, buckets: { media: string; archive: string }) {
  const url = (s: ServiceName) => dbUrl(env.MONGO_URL, dbName(size, s), "monitorCommands=true");
  const isolated = isolatedService("bench-data-access");
  const shared = { ...isolated.base, KAFKA_TOPIC_PREFIX: prefix };
  const { s3 } = isolated;
  const times: Record<string, number> = {};
  let t = performance.now();
  // media (services/media/test/fixtures.ts)
  const mediaConfig: MediaConfig = {
    ...shared,
    ...s3,
    MONGO_URL: url("media"),
    MEDIA_BUCKET: buckets.media,
    MEDIA_LIMIT_IMAGE: 20 * 1024 * 1024,
    MEDIA_LIMIT_DOCUMENT: 50 * 1024 * 1024,
    MEDIA_LIMIT_AUDIO: 200 * 1024 * 1024,
    MEDIA_LIMIT_VIDEO: 2048 * 1024 * 1024,
    MEDIA_PART_SIZE: 8 * 1024 * 1024,
    MEDIA_LINK_SECRET: randomBytes(24).toString("hex"),
    MEDIA_LINK_TTL_SECONDS: 600,
    FFPROBE_PATH: "ffprobe",
    FFMPEG_PATH: "ffmpeg",
  };
  const media = await createMedia(mediaConfig, { logger: logger.child({ service: "media" }) });
  const mediaBase = await listen(media.svc, media.app);
  times.media = performance.now() - t;
  // identity (services/identity/test/fixtures.ts), on the demo realm
  t = performance.now();
  const identity = await createIdentity(
    {
      ...shared,
      MONGO_URL: url("identity"),
      KEYCLOAK_REALM: env.KEYCLOAK_REALM,
      KEYCLOAK_ADMIN_USERNAME: env.KEYCLOAK_ADMIN_USERNAME,
      KEYCLOAK_ADMIN_PASSWORD: env.KEYCLOAK_ADMIN_PASSWORD,
      ADMIN_PUBLIC_URL: "http://admin.bacgiang.localhost:3005",
      INVITATION_TTL_HOURS: 72,
    },
    { logger: logger.child({ service: "identity" }) },
  );
  const identityBase = await listen(identity.svc, identity.app);
  times.identity = performance.now() - t;
  // archive (services/archive/test/fixtures.ts: background jobs off)
  t = performance.now();
  const archiveConfig: ArchiveConfig = {
    ...shared,
    ...s3,
    MONGO_URL: url("archive"),
    ARCHIVE_BUCKET: buckets.archive,
    RETENTION_CHECK_INTERVAL_MS: 60_000,
    MEDIA_BUCKET: buckets.media,
    MEDIA_RETRY_INTERVAL_MS: 60_000,
    MEDIA_RETRY_MAX_AGE_MS: 7 * 86_400_000,
    AVAILABILITY_PROBE_INTERVAL_MS: 60_000,
  };
  const archive = await createArchive(archiveConfig, {
    logger: logger.child({ service: "archive" }),
    scheduler: false,
    mediaRetry: false,
    probe: false,
    chainVerify: false,
  });
  const archiveBase = await listen(archive.svc, archive.app);
  times.archive = performance.now() - t;
  // content (services/content/test/helpers.ts), with the extras module as deployed
  t = performance.now();
  const content = await startContent(
    testConfig("bench-data-access", {
      MONGO_URL: url("content"),
      KAFKA_TOPIC_PREFIX: prefix,
      SCHEDULE_POLL_MS: "5000",
      MEDIA_API_URL: mediaBase,
      LOG_LEVEL,
    }),
    { extras: contentExtras },
  );
  times.content = performance.now() - t;
  monitor("media", media.svc.mongo?.getClient() as unknown as MonitoredClient);
  monitor("identity", identity.svc.mongo?.getClient() as unknown as MonitoredClient);
  monitor("archive", archive.svc.mongo?.getClient() as unknown as MonitoredClient);
  monitor("content", content.content.svc.mongo?.getClient() as unknown as MonitoredClient);
  const db = (s: { db?: Db }, name: string) => {
    if (!s.db) throw new Error(`${name}: no database`);
    return s.db;
  };
  const running: Running = {
    media,
    identity,
    archive,
    content,
    urls: { content: content.base, identity: identityBase, media: mediaBase, archive: archiveBase },
    dbs: {
      content: db(content.content.svc, "content"),
      identity: db(identity.svc, "identity"),
      media: db(media.svc, "media"),
      archive: db(archive.svc, "archive"),
    },
    async stop() {
      await content.stop().catch((e: unknown) => note(`content stop: ${String(e)}`));
      for (const s of [archive.svc, identity.svc, media.svc])
        await s.lifecycle.shutdown("bench").catch((e: unknown) => note(`${s.name} stop: ${String(e)}`));
    },
  };
  return { running, times };
}

/** every object version (the archive bucket is versioned: object lock), then the bucket */
async function removeBucket(s3: Media["s3"], bucket: string) {
  try {
    if (!(await s3.bucketExists(bucket))) return;
    const versions: { name: string; versionId?: string }[] = [];
    const listing = s3.listObjects(bucket, "", true, { IncludeVersion: true }) as AsyncIterable<{
      name?: string;
      versionId?: string | null;
    }>;
    for await (const o of listing)
      if (o.name) versions.push({ name: o.name, ...(o.versionId ? { versionId: o.versionId } : {}) });
    for (let k = 0; k < versions.length; k += 1000)
      await s3.removeObjects(bucket, versions.slice(k, k + 1000));
    await s3.removeBucket(bucket);
  } catch (e) {
    note(`bucket ${bucket} not removed: ${String(e)}`);
  }
}

const removeTopics = (prefix: string) =>
  removeTopicsOf({ brokers: env.KAFKA_BROKERS, prefix, clientId: "bench-data-access", logger, note });

// ------------------------------------------------------------------------------------- HTTP

interface Reply {
  status: number;
  body: Json;
  ms: number;
}
async function call(base: string, method: string, p: string, user: string, body?: unknown): Promise<Reply> {
  const token = await demoToken(user); // cached: fetched before the clock starts
  const t0 = performance.now();
  const res = await fetch(`${base}${p}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  const ms = performance.now() - t0;
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed, ms };
}
function expect(r: Reply, status: number, what: string): Reply {
  if (r.status !== status) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body).slice(0, 400)}`);
  return r;
}
const claimsOf = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8")) as {
    sub: string;
    preferred_username: string;
    name?: string;
  };
async function actorOf(user: string): Promise<Actor> {
  const c = claimsOf(await demoToken(user));
  return { id: c.sub, username: c.preferred_username, ...(c.name ? { name: c.name } : {}) };
}

// ------------------------------------------------------------------------------------- portals

interface PortalSpec {
  id: string;
  body: Record<string, unknown>;
}
function portalSpecs(): PortalSpec[] {
  const demo = JSON.parse(fs.readFileSync(path.join(root, "infra/demo/portals.json"), "utf8")) as {
    portals: {
      id: string;
      kind: string;
      name: string;
      agency: string;
      abbreviation?: string;
      placeName?: string;
    }[];
  };
  const specs: PortalSpec[] = demo.portals.map((p) => ({
    id: p.id,
    body: {
      kind: p.kind,
      name: { vi: p.name },
      agency: { vi: p.agency },
      ...(p.abbreviation ? { abbreviation: p.abbreviation } : {}),
      // the province's subdomain comes from its place name (bacgiang)
      ...(p.placeName || p.kind === "province" ? { placeName: p.placeName ?? "Bắc Giang" } : {}),
      ...(p.kind === "province" ? { languages: ["vi", "en"] } : {}),
      boardMailbox: `banbientap@${p.id}.bacgiang.gov.vn`,
      hotline: "0204 3854 485",
    },
  }));
  // the other 45: departments named SKAA, SKAB, … (subdomains skaa, skab, …)
  const letters = "abcdefghijklmnopqrstuvwxyz";
  for (let k = 0; specs.length < PORTAL_COUNT; k++) {
    const abbr = `SK${letters[Math.floor(k / 26)]}${letters[k % 26]}`.toUpperCase();
    specs.push({
      id: abbr.toLowerCase(),
      body: {
        kind: "department",
        abbreviation: abbr,
        name: { vi: `Cổng Thông tin điện tử Sở thử nghiệm ${abbr}` },
        agency: { vi: `Sở thử nghiệm ${abbr}` },
        boardMailbox: `banbientap@${abbr.toLowerCase()}.bacgiang.gov.vn`,
        hotline: "0204 3555 000",
      },
    });
  }
  return specs;
}

async function createPortals(contentUrl: string): Promise<void> {
  for (const s of portalSpecs()) {
    const r = await call(contentUrl, "POST", "/portals", USERS.admin, s.body);
    if (r.status !== 201 && r.status !== 409) expect(r, 201, `portal ${s.id}`);
  }
}

async function worldOf(contentUrl: string, n: number, t0: number): Promise<World> {
  const tanyen = {
    owners: [await actorOf(USERS.officer), await actorOf(USERS.contributor)],
    board: [await actorOf(USERS.board), await actorOf(USERS.deputy)],
  };
  const portals: PortalInfo[] = [];
  for (const s of portalSpecs()) {
    const r = expect(await call(contentUrl, "GET", `/portals/${s.id}`, USERS.admin), 200, `portal ${s.id}`);
    const doc = r.body as {
      kind: PortalInfo["kind"];
      agency: { vi: string };
      languages: string[];
      categories: CategoryDef[];
    };
    const staff = (role: string, k: number): Actor => ({
      id: `bench-${s.id}-${role}-${k}`,
      username: `${s.id}.${role}${k}`,
    });
    portals.push({
      id: s.id,
      kind: doc.kind,
      agency: doc.agency.vi,
      languages: doc.languages,
      categories: [...doc.categories].sort((a, b) => a.order - b.order),
      ...(s.id === MEASURED
        ? tanyen
        : {
            owners: [staff("officer", 1), staff("contributor", 1)],
            board: [staff("board", 1), staff("board", 2)],
          }),
    });
  }
  return { n, portals, measured: portals.findIndex((p) => p.id === MEASURED), t0, step: SPAN_MS / n };
}

// ------------------------------------------------------------------------------------- seeding

interface SeedReport {
  _id: string;
  version: number;
  at: Date;
  t0: number;
  counts: Record<string, number>;
  /** what was seeded, and how long it took */
  seconds: { what: string; s: number }[];
}

const counts = (n: number) => ({
  items: n,
  feedback: Math.round(n * SHARE.feedback),
  comments: Math.round(n * SHARE.comments),
  audit: Math.round(n * SHARE.audit),
  assets: Math.round(n * SHARE.assets),
});

function progress(what: string, done: number, total: number, t0: number) {
  note(`  ${what}: ${fmt(done)} / ${fmt(total)} (${sec(performance.now() - t0)})`);
}
const everyTenth = (done: number, total: number, batch: number) =>
  Math.floor(done / (total / 10)) !== Math.floor((done - batch) / (total / 10));

async function seedContent(db: Db, w: World, tag: string, onMeasured: (d: ItemDoc) => void) {
  const t0 = performance.now();
  const c = counts(w.n);
  const items = db.collection<ItemDoc>("items");
  const index = db.collection<ItemIndexEntry>("item_index");
  const slugs = db.collection<{ _id: string; itemId: string; at: Date }>("slugs");
  const out = {
    items: 0,
    itemIndex: 0,
    slugs: 0,
    feedback: 0,
    feedbackIndex: 0,
    comments: 0,
    commentsIndex: 0,
  };
  const B = 1000;
  for (let from = 0; from < w.n; from += B) {
    const docs: ItemDoc[] = [];
    for (let i = from; i < Math.min(w.n, from + B); i++) docs.push(itemAt(w, i));
    for (const d of docs) if (d.portalId === MEASURED) onMeasured(d);
    // ItemRepository.insert: the entries first, then the document
    const entries = docs.flatMap(indexEntries);
    for (let k = 0; k < entries.length; k += 5000)
      await index.insertMany(entries.slice(k, k + 5000), { ordered: false });
    const claims = docs.flatMap((d) =>
      Object.entries(d.live?.locales ?? {}).map(([loc, l]) => ({
        _id: `${d.portalId}:${loc}:${l.slug}`,
        itemId: d._id,
        at: d.publishedAt ?? d.updatedAt,
      })),
    );
    if (claims.length) await slugs.insertMany(claims, { ordered: false });
    await items.insertMany(docs, { ordered: false });
    out.items += docs.length;
    out.itemIndex += entries.length;
    out.slugs += claims.length;
    if (everyTenth(out.items, w.n, docs.length)) progress(`${tag} content items`, out.items, w.n, t0);
  }
  const fb = db.collection<FeedbackDoc>("feedback");
  const fbIndex = db.collection<ContentKeyEntry>("feedback_index");
  for (let from = 0; from < c.feedback; from += B) {
    const docs: FeedbackDoc[] = [];
    for (let i = from; i < Math.min(c.feedback, from + B); i++) docs.push(feedbackAt(w, i, c.feedback));
    const keys = docs.flatMap((d) => feedbackKeys(d).map((_id) => ({ _id, i: d._id })));
    await insertKeys(fbIndex, keys);
    await fb.insertMany(docs, { ordered: false });
    out.feedback += docs.length;
    out.feedbackIndex += keys.length;
  }
  const cm = db.collection<CommentDoc>("comments");
  const cmIndex = db.collection<ContentKeyEntry>("comments_index");
  const itemCache = new Map<number, ItemDoc>();
  const item = (j: number) => {
    let d = itemCache.get(j);
    if (!d) {
      d = itemAt(w, j);
      if (itemCache.size > 5000) itemCache.clear();
      itemCache.set(j, d);
    }
    return d;
  };
  for (let from = 0; from < c.comments; from += B) {
    const docs: CommentDoc[] = [];
    for (let i = from; i < Math.min(c.comments, from + B); i++) docs.push(commentAt(w, i, item));
    const keys = docs.flatMap((d) => commentKeys(d).map((_id) => ({ _id, i: d._id })));
    await insertKeys(cmIndex, keys);
    await cm.insertMany(docs, { ordered: false });
    out.comments += docs.length;
    out.commentsIndex += keys.length;
  }
  progress(`${tag} content done (feedback, comments)`, out.items, w.n, t0);
  return { ms: performance.now() - t0, counts: out };
}

async function seedIdentity(db: Db, w: World, tag: string) {
  const t0 = performance.now();
  const total = counts(w.n).audit;
  const coll = db.collection<AuditEntry>("audit");
  const index = db.collection<KeyEntry>("audit_index");
  let keys = 0;
  for (let from = 0; from < total; from += 1000) {
    const docs: AuditEntry[] = [];
    for (let i = from; i < Math.min(total, from + 1000); i++) docs.push(auditAt(w, i, total));
    // AuditRepository.record: the keys claimed first, then the entry
    const entries = docs.flatMap((d) => auditKeys(d).map((_id) => ({ _id, i: d._id })));
    await claimEntries(index, entries, new Date(), { refresh: false });
    await coll.insertMany(docs, { ordered: false });
    keys += entries.length;
  }
  progress(`${tag} identity audit`, total, total, t0);
  return { ms: performance.now() - t0, counts: { audit: total, auditIndex: keys } };
}

async function seedMedia(db: Db, w: World, tag: string) {
  const t0 = performance.now();
  const total = counts(w.n).assets;
  const assets = db.collection<AssetDoc>("assets");
  const keyColl = db.collection<KeyDoc>("asset_keys");
  let keys = 0;
  for (let from = 0; from < total; from += 1000) {
    const docs: AssetDoc[] = [];
    for (let i = from; i < Math.min(total, from + 1000); i++) docs.push(assetAt(w, i, total));
    // AssetKeys.add before the insert (register)
    const ks = docs.flatMap((a) => assetKeysOf(a).map((_id) => ({ _id, assetId: a._id, at: a.uploadedAt })));
    for (let k = 0; k < ks.length; k += 5000)
      await keyColl.insertMany(ks.slice(k, k + 5000), { ordered: false });
    await assets.insertMany(docs, { ordered: false });
    keys += ks.length;
    if (everyTenth(from + docs.length, total, docs.length))
      progress(`${tag} media assets`, from + docs.length, total, t0);
  }
  return { ms: performance.now() - t0, counts: { assets: total, assetKeys: keys } };
}

async function seedArchive(db: Db, w: World, tag: string) {
  const t0 = performance.now();
  const coll = db.collection<RetentionRecord>("items");
  const keyColl = db.collection<KeyEntry>("item_keys");
  // the tamper-evident chain: one entry per archived revision (ArchiveStore.append), `_id` = n
  const manifest = db.collection<ManifestEntry>("manifest");
  const refs = db.collection<{ _id: string; seq: number }>("snapshots");
  let records = 0;
  let keys = 0;
  let prevHash = GENESIS;
  for (let from = 0; from < w.n; from += 1000) {
    const docs: RetentionRecord[] = [];
    for (let i = from; i < Math.min(w.n, from + 1000); i++) {
      const r = recordOf(w, itemAt(w, i), i);
      if (r) docs.push(r);
    }
    if (!docs.length) continue;
    // RetentionRecords.change: the new state's keys claimed, then the record
    const entries = docs.flatMap((r) => recordKeys(r).map((_id) => ({ _id, i: r._id })));
    await claimEntries(keyColl, entries, new Date(), { refresh: false });
    await coll.insertMany(docs, { ordered: false });
    // the snapshot objects themselves are not written to S3 (`verify` would miss them)
    const chain: ManifestEntry[] = docs.map((r, k) => {
      const seq = records + k + 1;
      const key = snapshotKey(r.portalId, r._id, r.revision);
      const digest = sha256(JSON.stringify(r));
      const entry = {
        _id: seq,
        key,
        sha256: digest,
        size: 2000,
        prevHash,
        hash: entryHash(seq, key, digest, prevHash),
        at: r.firstPublishedAt,
      };
      prevHash = entry.hash;
      return entry;
    });
    await manifest.insertMany(chain, { ordered: false });
    await refs.insertMany(
      chain.map((e) => ({ _id: e.key, seq: e._id })),
      { ordered: false },
    );
    records += docs.length;
    keys += entries.length;
    if (everyTenth(from + 1000, w.n, 1000))
      progress(`${tag} archive records (of items)`, from + 1000, w.n, t0);
  }
  await db
    .collection<{ _id: string; seq: number }>("meta")
    .updateOne({ _id: "manifest-head" }, { $max: { seq: records } }, { upsert: true });
  return {
    ms: performance.now() - t0,
    counts: { records, recordKeys: keys, manifest: records, snapshots: records },
  };
}

// ------------------------------------------------------------------------------------- measuring

type Kind = "write" | "list";
interface Sample {
  ms: number;
  db: number;
  rows?: number;
  cmds: Cmd[];
}
interface OpResult {
  name: string;
  kind: Kind;
  samples: Sample[];
  note?: string;
  queries: Map<string, RecordedQuery & { svc: ServiceName }>;
}
class Results {
  readonly ops = new Map<string, OpResult>();
  add(name: string, kind: Kind, svc: ServiceName, r: Reply, t0: number, rows?: number) {
    const t1 = t0 + r.ms + 1;
    const cmds = commands.filter((c) => c.svc === svc && c.at >= t0 && c.at <= t1 && !c.sweep);
    for (const c of cmds) c.mine = true;
    let op = this.ops.get(name);
    if (!op) {
      op = { name, kind, samples: [], queries: new Map() };
      this.ops.set(name, op);
    }
    op.samples.push({
      ms: r.ms,
      db: cmds.reduce((a, c) => a + (Number.isFinite(c.ms) ? c.ms : 0), 0),
      ...(rows !== undefined ? { rows } : {}),
      cmds,
    });
    for (const c of cmds)
      if (c.query) op.queries.set(`${c.svc}|${JSON.stringify(c.query)}`, { ...c.query, svc: c.svc });
  }
}

/** one request, timed and attributed (the commands started while it ran are its own) */
async function timed(
  res: Results | null,
  name: string,
  kind: Kind,
  svc: ServiceName,
  base: string,
  method: string,
  p: string,
  user: string,
  body?: unknown,
  want = 200,
  rowsOf?: (b: Json) => number,
): Promise<Reply> {
  await demoToken(user);
  const t0 = performance.now();
  const r = expect(await call(base, method, p, user, body), want, name);
  res?.add(name, kind, svc, r, t0, rowsOf?.(r.body));
  return r;
}

const draft = (round: number, size: number) => ({
  kind: "article",
  categoryIds: ["cat-tin-tuc-su-kien"],
  locales: {
    vi: {
      title: `Tin đo tải dữ liệu ${size} lượt ${round} ${randomBytes(3).toString("hex")}`,
      summary: "Tin dùng để đo thời gian ghi của quy trình biên tập.",
      bodyHtml: Array.from(
        { length: 6 },
        (_, k) => `<p>Đoạn ${k + 1} của tin đo tải, viết bằng tiếng Việt có dấu.</p>`,
      ).join(""),
    },
  },
});

/** create → edit → stale edit (409) → submit → approve → publish, each a request */
async function writeRound(run: Running, res: Results | null, round: number, size: number) {
  const c = run.urls.content;
  const p = `/portals/${MEASURED}/items`;
  const created = await timed(
    res,
    "create",
    "write",
    "content",
    c,
    "POST",
    p,
    USERS.officer,
    draft(round, size),
    201,
  );
  const id = created.body.itemId as string;
  let v = created.body.version as number;
  const edited = await timed(res, "edit", "write", "content", c, "PUT", `${p}/${id}`, USERS.officer, {
    ...draft(round, size),
    kind: undefined,
    version: v,
  });
  const stale = v;
  v = edited.body.version;
  await timed(
    res,
    "edit, stale version (409)",
    "write",
    "content",
    c,
    "PUT",
    `${p}/${id}`,
    USERS.officer,
    {
      ...draft(round, size),
      kind: undefined,
      version: stale,
    },
    409,
  );
  v = (
    await timed(res, "submit", "write", "content", c, "POST", `${p}/${id}/submit`, USERS.officer, {
      version: v,
    })
  ).body.version;
  v = (
    await timed(res, "approve", "write", "content", c, "POST", `${p}/${id}/approve`, USERS.board, {
      version: v,
    })
  ).body.version;
  await timed(res, "publish", "write", "content", c, "POST", `${p}/${id}/publish`, USERS.board, {
    version: v,
  });
}

interface ListOp {
  name: string;
  svc: ServiceName;
  user: string;
  path: string;
  /** the query parameter that carries a cursor, and where the next one is in the answer */
  cursorParam: "cursor" | "before";
  next: (b: Json) => string | null | undefined;
  rows: (b: Json) => number;
  deep?: boolean;
}

function listOps(itemWithAudit: string): ListOp[] {
  const items = (q: string): Pick<ListOp, "svc" | "user" | "path" | "cursorParam" | "next" | "rows"> => ({
    svc: "content",
    user: USERS.board,
    path: `/portals/${MEASURED}/items?view=summary&limit=${LIMIT}${q}`,
    cursorParam: "cursor",
    next: (b) => b.nextCursor,
    rows: (b) => b.items.length,
  });
  const ops: ListOp[] = [
    { name: "item list", ...items(""), deep: true },
    { name: "item list, state=published", ...items("&state=published"), deep: true },
    { name: "item list, state=draft", ...items("&state=draft"), deep: true },
    { name: "item list, category", ...items("&categoryId=cat-tin-tuc-su-kien"), deep: true },
    { name: "item list, state + category", ...items("&state=published&categoryId=cat-tin-tuc-su-kien") },
    { name: "review queue (submitted, by due date)", ...items("&state=submitted&sort=due"), deep: true },
    {
      name: "feedback inbox",
      svc: "content",
      user: USERS.officer,
      path: `/portals/${MEASURED}/feedback?limit=${LIMIT}`,
      cursorParam: "cursor",
      next: (b) => b.nextCursor,
      rows: (b) => b.items.length,
      deep: true,
    },
    {
      name: "feedback inbox, unanswered by due date",
      svc: "content",
      user: USERS.officer,
      path: `/portals/${MEASURED}/feedback?sort=due&limit=${LIMIT}`,
      cursorParam: "cursor",
      next: (b) => b.nextCursor,
      rows: (b) => b.items.length,
    },
    {
      name: "comment moderation (held)",
      svc: "content",
      user: USERS.officer,
      path: `/portals/${MEASURED}/comments?status=held&limit=${LIMIT}`,
      cursorParam: "cursor",
      next: (b) => b.nextCursor,
      rows: (b) => b.items.length,
    },
    {
      name: "an item's audit (content)",
      svc: "content",
      user: USERS.board,
      path: `/portals/${MEASURED}/items/${itemWithAudit}/audit`,
      cursorParam: "cursor",
      next: () => null,
      rows: (b) => b.audit.length,
    },
    {
      name: "audit trail of the portal (identity)",
      svc: "identity",
      user: USERS.board,
      path: `/portals/${MEASURED}/audit?limit=${LIMIT}`,
      cursorParam: "cursor",
      next: (b) => b.nextCursor,
      rows: (b) => b.entries.length,
      deep: true,
    },
    {
      name: "audit trail, platform-wide (identity)",
      svc: "identity",
      user: USERS.auditor,
      path: `/audit?limit=${LIMIT}`,
      cursorParam: "cursor",
      next: (b) => b.nextCursor,
      rows: (b) => b.entries.length,
      deep: true,
    },
    {
      name: "media library",
      svc: "media",
      user: USERS.officer,
      path: `/portals/${MEASURED}/assets?limit=${LIMIT}`,
      cursorParam: "before",
      next: (b) => b.next,
      rows: (b) => b.items.length,
      deep: true,
    },
    {
      name: "media library, images",
      svc: "media",
      user: USERS.officer,
      path: `/portals/${MEASURED}/assets?kind=image&limit=${LIMIT}`,
      cursorParam: "before",
      next: (b) => b.next,
      rows: (b) => b.items.length,
    },
    {
      name: `archive search q="${ARCHIVE_QUERY}"`,
      svc: "archive",
      user: USERS.board,
      path: `/archive/search?portalId=${MEASURED}&q=${encodeURIComponent(ARCHIVE_QUERY)}&limit=${LIMIT}`,
      cursorParam: "cursor",
      next: (b) => b.nextCursor,
      rows: (b) => b.items.length,
      deep: true,
    },
    {
      name: "archive search, newest",
      svc: "archive",
      user: USERS.board,
      path: `/archive/search?portalId=${MEASURED}&limit=${LIMIT}`,
      cursorParam: "cursor",
      next: (b) => b.nextCursor,
      rows: (b) => b.items.length,
    },
  ];
  return ops;
}

/** the cursor of page 51 (a thousand rows in) when the list is longer, else of its middle page */
async function deepCursor(run: Running, op: ListOp): Promise<{ cursor: string; page: number } | null> {
  const cursors: string[] = [];
  let cursor: string | null | undefined = null;
  let ended = false;
  while (cursors.length < 50) {
    const sep = op.path.includes("?") ? "&" : "?";
    const r = expect(
      await call(
        run.urls[op.svc],
        "GET",
        `${op.path}${cursor ? `${sep}${op.cursorParam}=${encodeURIComponent(cursor)}` : ""}`,
        op.user,
      ),
      200,
      `${op.name}: paging`,
    );
    cursor = op.next(r.body);
    if (!cursor) {
      ended = true;
      break;
    }
    cursors.push(cursor);
  }
  if (!cursors.length) return null;
  // cursors[k] opens page k + 2
  const k = ended ? Math.floor((cursors.length - 1) / 2) : cursors.length - 1;
  return { cursor: cursors[k] as string, page: k + 2 };
}

// ------------------------------------------------------------------------------------- one size

interface SizeResult {
  size: number;
  seed: SeedReport;
  reused: boolean;
  starts: Record<string, number>;
  results: Results;
  phases: Record<string, string>;
  loop: Record<string, string>;
  sweeps: Cmd[];
  /** commands no timed request sent (other services, consumers, the relay), per phase */
  background: Record<string, Cmd[]>;
  unflat: string[];
  deepPages: Record<string, number>;
}

/**
 * The seeded documents carry no outbox entries (they are written raw, not through the outbox), so
 * the kit's one pass over a collection for entries staged before markers existed (ADR 0002) has
 * nothing to find: recorded as done, as a fresh installation's first sweep records it, so that the
 * pass does not run during the measurement.
 */
async function markSeeded(client: MongoClient, size: number): Promise<void> {
  for (const s of SERVICES) {
    const db = client.db(dbName(size, s));
    const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    const pending = db.collection<{ _id: string; d: null; at: Date }>(OUTBOX_PENDING);
    for (const name of names)
      if (name !== OUTBOX_PENDING)
        await pending.updateOne(
          { _id: `!legacy|${name}` },
          { $setOnInsert: { d: null, at: new Date() } },
          { upsert: true },
        );
  }
}

async function measureSize(client: MongoClient, size: number): Promise<SizeResult> {
  const tag = fmt(size);
  const prefix = `${uniqueName(`bench-da-${size}`)}.`;
  const buckets = {
    media: uniqueName(`bench-da-m${size}`).slice(0, 60),
    archive: uniqueName(`bench-da-a${size}`).slice(0, 60),
  };
  const meta = client.db("bench_data_access_meta").collection<SeedReport>("seeds");
  const kept = RESEED ? null : await meta.findOne({ _id: String(size) });
  const reused = kept?.version === seedVersion(size);
  const phases: Record<string, string> = {};
  const loop: Record<string, string> = {};
  let seed: SeedReport;
  let run: Running | undefined;
  let s3: Media["s3"] | undefined;
  commands.length = 0;
  try {
    if (!reused) {
      await meta.deleteOne({ _id: String(size) });
      for (const s of SERVICES) await client.db(dbName(size, s)).dropDatabase();
      // 1. first start on the empty databases: every first-start backfill runs on nothing
      note(`${tag}: first start on empty databases, portals`);
      const first = await startServices(size, prefix, buckets);
      s3 = first.running.media.s3;
      await createPortals(first.running.urls.content);
      const t0 = Date.now() - SPAN_MS - 86_400_000;
      const world = await worldOf(first.running.urls.content, size, t0);
      await first.running.stop();
      await sleep(1500);
      // 2. the documents and their keyed documents, in bulk
      note(`${tag}: seeding (content, identity, media and archive at once)`);
      const mark = cpuMark();
      const measured: ItemDoc[] = [];
      const dbs = Object.fromEntries(SERVICES.map((s) => [s, client.db(dbName(size, s))])) as Record<
        ServiceName,
        Db
      >;
      const t = performance.now();
      const [content, identity, media, archive] = await Promise.all([
        seedContent(dbs.content, world, tag, (d) => measured.push(d)),
        seedIdentity(dbs.identity, world, tag),
        seedMedia(dbs.media, world, tag),
        seedArchive(dbs.archive, world, tag),
      ]);
      const bulk = performance.now() - t;
      phases.seed = cpuBetween(mark, cpuMark());
      // 3. the services on the seeded databases; the measured portal's category listings
      await markSeeded(client, size);
      const second = await startServices(size, prefix, buckets);
      run = second.running;
      const tl = performance.now();
      const listed = measured
        .filter((d) => d.status === "published")
        .sort((a, b) => (a.firstPublishedAt?.getTime() ?? 0) - (b.firstPublishedAt?.getTime() ?? 0));
      for (const d of listed) {
        const entry = run.content.content.items.listingEntry(d);
        if (entry)
          for (const c of d.live?.categoryIds ?? [])
            await run.content.content.listing.upsert(d.portalId, c, entry);
      }
      const listingsMs = performance.now() - tl;
      seed = {
        _id: String(size),
        version: seedVersion(size),
        at: new Date(),
        t0,
        counts: { ...content.counts, ...identity.counts, ...media.counts, ...archive.counts },
        seconds: [
          { what: "content (items, index, slugs, feedback, comments)", s: content.ms / 1000 },
          { what: "identity (audit entries, keys)", s: identity.ms / 1000 },
          { what: "media (assets, keys)", s: media.ms / 1000 },
          { what: "archive (records, keys)", s: archive.ms / 1000 },
          { what: "all four at once (wall)", s: bulk / 1000 },
          {
            what: `listings of ${MEASURED} (${listed.length} published items, CategoryListing.upsert)`,
            s: listingsMs / 1000,
          },
        ],
      };
      await meta.replaceOne({ _id: String(size) }, seed, { upsert: true });
      return await measureRunning(run, size, seed, false, second.times, phases, loop);
    }
    seed = kept as SeedReport;
    note(`${tag}: reusing the databases seeded ${seed.at.toISOString()}`);
    await markSeeded(client, size);
    const again = await startServices(size, prefix, buckets);
    run = again.running;
    return await measureRunning(run, size, seed, true, again.times, phases, loop);
  } finally {
    if (run) {
      s3 = run.media.s3;
      await run.stop();
    }
    if (s3) for (const b of [buckets.media, buckets.archive]) await removeBucket(s3, b);
    await removeTopics(prefix);
  }
}

async function measureRunning(
  run: Running,
  size: number,
  seed: SeedReport,
  reused: boolean,
  starts: Record<string, number>,
  phases: Record<string, string>,
  loop: Record<string, string>,
): Promise<SizeResult> {
  const tag = fmt(size);
  for (const s of SERVICES) {
    const names = (await run.dbs[s].listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    await indexesSettled(run.dbs[s] as never, names, 30_000);
  }
  const results = new Results();
  const delay = monitorEventLoopDelay({ resolution: 10 });
  // an item of the portal with a few audit entries (a published one)
  const audited = expect(
    await call(
      run.urls.content,
      "GET",
      `/portals/${MEASURED}/items?state=published&view=summary&limit=1`,
      USERS.board,
    ),
    200,
    "an item",
  ).body.items[0]?.itemId as string;
  note(`${tag}: warm-up`);
  for (let r = 0; r < 3; r++) await writeRound(run, null, -1 - r, size);
  const ops = listOps(audited);
  for (let r = 0; r < 2; r++) for (const op of ops) await call(run.urls[op.svc], "GET", op.path, op.user);

  note(`${tag}: writes, ${WRITE_ROUNDS} rounds`);
  commands.length = 0;
  let mark = cpuMark();
  delay.enable();
  const w0 = performance.now();
  for (let r = 0; r < WRITE_ROUNDS; r++) await writeRound(run, results, r, size);
  delay.disable();
  phases.writes = `${cpuBetween(mark, cpuMark())} (${sec(performance.now() - w0)})`;
  loop.writes = loopText(delay);
  delay.reset();
  const sweepsWrites = commands.filter((c) => c.sweep);
  const background: Record<string, Cmd[]> = { writes: commands.filter((c) => !c.mine && !c.sweep) };

  // deep cursors (not timed)
  const deep = new Map<string, { cursor: string; page: number }>();
  const deepPages: Record<string, number> = {};
  for (const op of ops)
    if (op.deep) {
      const d = await deepCursor(run, op);
      if (d) {
        deep.set(op.name, d);
        deepPages[`${op.name}, deep page`] = d.page;
      }
    }

  note(`${tag}: lists, ${LIST_ROUNDS} rounds`);
  commands.length = 0;
  mark = cpuMark();
  delay.enable();
  const l0 = performance.now();
  for (let r = 0; r < LIST_ROUNDS; r++)
    for (const op of ops) {
      const base = run.urls[op.svc];
      await timed(results, op.name, "list", op.svc, base, "GET", op.path, op.user, undefined, 200, op.rows);
      const d = deep.get(op.name);
      if (d)
        await timed(
          results,
          `${op.name}, deep page`,
          "list",
          op.svc,
          base,
          "GET",
          `${op.path}&${op.cursorParam}=${encodeURIComponent(d.cursor)}`,
          op.user,
          undefined,
          200,
          op.rows,
        );
    }
  delay.disable();
  phases.lists = `${cpuBetween(mark, cpuMark())} (${sec(performance.now() - l0)})`;
  loop.lists = loopText(delay);
  const sweeps = [...sweepsWrites, ...commands.filter((c) => c.sweep)];
  background.lists = commands.filter((c) => !c.mine && !c.sweep);

  // explain() of every distinct query the operations sent
  const bad: string[] = [];
  const bySvc = new Map<ServiceName, RecordedQuery[]>();
  for (const op of results.ops.values())
    for (const q of op.queries.values()) bySvc.set(q.svc, [...(bySvc.get(q.svc) ?? []), q]);
  let explained = 0;
  for (const [svc, qs] of bySvc) {
    explained += qs.length;
    for (const b of await unflat(run.dbs[svc] as never, qs))
      bad.push(
        `${svc} ${b.query.command} ${b.query.collection} ${JSON.stringify(b.query.filter).slice(0, 160)} → ${JSON.stringify(b.plan).slice(0, 200)}`,
      );
  }
  bad.unshift(`${explained} distinct queries explained`);
  return { size, seed, reused, starts, results, phases, loop, sweeps, background, unflat: bad, deepPages };
}

function loopText(h: ReturnType<typeof monitorEventLoopDelay>): string {
  const ms = (x: number) => fmt(x / 1e6, 1);
  return `p50 ${ms(h.percentile(50))}, p99 ${ms(h.percentile(99))}, max ${ms(h.max)} ms`;
}

// ------------------------------------------------------------------------------------- report

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const p = (xs: number[], q: number) => percentile(sorted(xs), q);
const ms1 = (x: number) => (Number.isFinite(x) ? fmt(x, x < 10 ? 1 : 0) : "—");

function report(all: SizeResult[]) {
  const base = all[0] as SizeResult;
  const top = all[all.length - 1] as SizeResult;
  const names = [...new Set(all.flatMap((s) => [...s.results.ops.keys()]))];
  const kindOf = (n: string) => all.find((s) => s.results.ops.get(n))?.results.ops.get(n)?.kind ?? "list";
  process.stdout.write(
    `\n## Figures: p50 / p95 ms (rows a list page returned, median); ratio = p95 / p95 at ${fmt(base.size)}\n\n`,
  );
  const head = [
    "operation",
    ...all.map((s) => fmt(s.size)),
    ...all.slice(1).map((s) => `ratio ${fmt(s.size)}`),
    `goal at ${fmt(top.size)}`,
  ];
  process.stdout.write(`| ${head.join(" | ")} |\n|${head.map(() => "---").join("|")}|\n`);
  const verdicts: { name: string; ok: boolean; why: string }[] = [];
  for (const kind of ["write", "list"] as const)
    for (const n of names.filter((x) => kindOf(x) === kind)) {
      const cells: string[] = [n];
      const p95s: number[] = [];
      for (const s of all) {
        const op = s.results.ops.get(n);
        if (!op) {
          cells.push("—");
          p95s.push(Number.NaN);
          continue;
        }
        const t = op.samples.map((x) => x.ms);
        const rows = op.samples.filter((x) => x.rows !== undefined).map((x) => x.rows as number);
        p95s.push(p(t, 95));
        cells.push(`${ms1(p(t, 50))} / ${ms1(p(t, 95))}${rows.length ? ` (${p(rows, 50)})` : ""}`);
      }
      const ref = p95s.find((x) => Number.isFinite(x)) ?? Number.NaN;
      const refSize = all[p95s.findIndex((x) => Number.isFinite(x))]?.size ?? base.size;
      for (let k = 1; k < all.length; k++) {
        const r = (p95s[k] as number) / ref;
        cells.push(Number.isFinite(r) ? `${fmt(r, 2)}${refSize !== base.size ? "*" : ""}` : "—");
      }
      const last = p95s[p95s.length - 1] as number;
      const ratio = last / ref;
      const limit = kind === "write" ? GOAL.writeP95 : GOAL.listP95;
      const okRatio = Number.isFinite(ratio) && ratio <= GOAL.ratio;
      const okAbs = last <= limit;
      cells.push(`${okRatio ? "✓" : "✗"} ratio, ${okAbs ? "✓" : "✗"} p95 ≤ ${limit}`);
      verdicts.push({
        name: n,
        ok: okRatio && okAbs,
        why: `${okRatio ? "" : `ratio ${fmt(ratio, 2)} > ${GOAL.ratio}`}${!okRatio && !okAbs ? "; " : ""}${okAbs ? "" : `p95 ${ms1(last)} ms > ${limit}`}`,
      });
      process.stdout.write(`| ${cells.join(" | ")} |\n`);
    }
  process.stdout.write(
    `\n* the list holds no deep page at ${fmt(base.size)}: the ratio is to the first size that has one.\n`,
  );
  const met = verdicts.filter((v) => v.ok);
  process.stdout.write(
    `\nGoals (ratio ≤ ${GOAL.ratio}, write p95 ≤ ${GOAL.writeP95} ms, list p95 ≤ ${GOAL.listP95} ms at ${fmt(top.size)}): ${met.length} of ${verdicts.length} operations meet all.\n`,
  );
  for (const v of verdicts.filter((x) => !x.ok)) process.stdout.write(`  ✗ ${v.name}: ${v.why}\n`);

  for (const s of all) {
    process.stdout.write(`\n## ${fmt(s.size)} items\n\n`);
    row("seeded", `${s.reused ? `earlier (${s.seed.at.toISOString()}), reused` : "this run"}`);
    row(
      "documents",
      Object.entries(s.seed.counts)
        .map(([k, v]) => `${k} ${fmt(v)}`)
        .join(", "),
    );
    for (const { what, s: v } of s.seed.seconds) row(`  seeding: ${what}`, sec(v * 1000));
    row(
      "start on the seeded databases",
      Object.entries(s.starts)
        .map(([k, v]) => `${k} ${sec(v)}`)
        .join(", "),
    );
    for (const [k, v] of Object.entries(s.phases)) row(`CPU (cores) during ${k}`, v);
    for (const [k, v] of Object.entries(s.loop)) row(`event-loop delay during ${k}`, v);
    for (const [k, v] of Object.entries(s.deepPages)) row(`  ${k}: page`, String(v));
    const sweepColls = new Map<string, number[]>();
    for (const c of s.sweeps)
      if (Number.isFinite(c.ms))
        sweepColls.set(`${c.svc}.${c.coll}`, [...(sweepColls.get(`${c.svc}.${c.coll}`) ?? []), c.ms]);
    row(
      "outbox sweeper scans during the measurement",
      sweepColls.size
        ? [...sweepColls]
            .map(([k, v]) => `${k} ×${v.length} p50 ${ms1(p(v, 50))} max ${ms1(Math.max(...v))} ms`)
            .join("; ")
        : "none finished",
    );
    process.stdout.write(
      "\nwhere a request's time went (medians; DB = the commands the answering service sent while it ran, as the driver timed them; then the three commands with most time per request):\n",
    );
    for (const op of s.results.ops.values()) {
      const byCmd = new Map<string, number[]>();
      for (const smp of op.samples)
        for (const c of smp.cmds)
          if (Number.isFinite(c.ms))
            byCmd.set(`${c.svc}.${c.coll}.${c.name}`, [
              ...(byCmd.get(`${c.svc}.${c.coll}.${c.name}`) ?? []),
              c.ms,
            ]);
      const n = op.samples.length || 1;
      const topCmds = [...byCmd]
        .map(([k, v]) => ({ k, per: v.reduce((a, b) => a + b, 0) / n, count: v.length / n }))
        .sort((a, b) => b.per - a.per)
        .slice(0, 3)
        .map((x) => `${x.k} ${fmt(x.count, 1)}× ${ms1(x.per)} ms`);
      row(
        `  ${op.name}`,
        `total ${ms1(
          p(
            op.samples.map((x) => x.ms),
            50,
          ),
        )}, DB ${ms1(
          p(
            op.samples.map((x) => x.db),
            50,
          ),
        )} ms; ${topCmds.join(", ")}`,
      );
    }
    process.stdout.write("\nexplain():\n");
    for (const u of s.unflat) process.stdout.write(`  ${u}\n`);
  }
}

// ------------------------------------------------------------------------------------- main

async function main() {
  process.setMaxListeners(100);
  header("data access at growing sizes: writes and lists through the services' APIs", {
    sizes: SIZES,
    portals: PORTAL_COUNT,
    measuredPortal: MEASURED,
    perItem: SHARE,
    archive: "one record per item ever published",
    writeRounds: WRITE_ROUNDS,
    listRounds: LIST_ROUNDS,
    pageSize: LIMIT,
    mongo: env.MONGO_URL.replace(/\/\/[^@/]*@/, "//…@"),
    loadavg: os.loadavg().map((x) => fmt(x, 2)),
  });
  const client = await MongoClient.connect(env.MONGO_URL);
  const info = await client.db("admin").command({ buildInfo: 1 });
  row(
    "server",
    `${"ferretdbVersion" in info ? `FerretDB v1 (build ${info.ferretdbVersion}, MongoDB wire ${info.version})` : `MongoDB ${info.version}`}`,
  );
  const idle = cpuMark();
  await sleep(3000);
  row("CPU before the run, 3 s (cores)", cpuBetween(idle, cpuMark()));
  const all: SizeResult[] = [];
  const failed: { size: number; error: string; seconds: number }[] = [];
  try {
    for (const size of SIZES) {
      const t = performance.now();
      try {
        all.push(await measureSize(client, size));
        note(`${fmt(size)}: done in ${sec(performance.now() - t)}`);
      } catch (e) {
        // a size that fails is reported, never left out silently
        const error = e instanceof Error ? (e.stack ?? e.message) : String(e);
        failed.push({ size, error, seconds: (performance.now() - t) / 1000 });
        note(`${fmt(size)}: FAILED after ${sec(performance.now() - t)}: ${error}`);
      }
    }
    if (all.length) report(all);
    for (const f of failed)
      process.stdout.write(`
## ${fmt(f.size)} items: not measured — failed after ${fmt(f.seconds, 0)} s
${f.error}
`);
  } finally {
    if (!KEEP) {
      for (const size of SIZES)
        for (const s of SERVICES)
          await client
            .db(dbName(size, s))
            .dropDatabase()
            .catch(() => undefined);
      await client
        .db("bench_data_access_meta")
        .dropDatabase()
        .catch(() => undefined);
    }
    await client.close();
  }
  if (failed.length) process.exitCode = 1;
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (e) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
