// Portals and the seeding of each service's database for one size.

import type { Actor } from "@cong/contracts";
import { claimEntries, type KeyEntry } from "@cong/kit";
import type { Db } from "mongodb";
import {
  entryHash,
  GENESIS,
  type ManifestEntry,
  sha256,
  snapshotKey,
} from "../../../services/archive/src/archive/store";
import { recordKeys } from "../../../services/archive/src/retention/record.keys";
import type { RetentionRecord } from "../../../services/archive/src/retention/records";
import { commentKeys } from "../../../services/content/src/comments/comment.repository";
import type { CommentDoc } from "../../../services/content/src/comments/comments.routes";
import { type KeyEntry as ContentKeyEntry, insertKeys } from "../../../services/content/src/db/keys";
import { feedbackKeys } from "../../../services/content/src/feedback/feedback.repository";
import type { FeedbackDoc } from "../../../services/content/src/feedback/feedback.types";
import { type ItemIndexEntry, indexEntries } from "../../../services/content/src/items/item.index";
import type { ItemDoc } from "../../../services/content/src/items/item.types";
import { type ItemHead, itemHead } from "../../../services/content/src/items/item-heads";
import type { CategoryDef } from "../../../services/content/src/portals/categories";
import { type AuditEntry, auditKeys } from "../../../services/identity/src/audit/audit.repository";
import { keysOf as assetKeysOf, type KeyDoc } from "../../../services/media/src/assets/asset.keys";
import type { AssetDoc } from "../../../services/media/src/assets/asset.types";
import { demoPortals, portalBody } from "../demo-portals";
import { fmt } from "../report";
import { MEASURED, note, PORTAL_COUNT, SHARE, SPAN_MS, sec, USERS } from "./config";
import { assetAt, auditAt, commentAt, feedbackAt } from "./records";
import { actorOf, call, expect } from "./services";
import { itemAt, type PortalInfo, recordOf, type World } from "./world";

// ------------------------------------------------------------------------------------- portals

export interface PortalSpec {
  id: string;
  body: Record<string, unknown>;
}
export function portalSpecs(): PortalSpec[] {
  const specs: PortalSpec[] = demoPortals().map((p) => ({ id: p.id, body: portalBody(p) }));
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

export async function createPortals(contentUrl: string): Promise<void> {
  for (const s of portalSpecs()) {
    const r = await call(contentUrl, "POST", "/portals", USERS.admin, s.body);
    if (r.status !== 201 && r.status !== 409) expect(r, 201, `portal ${s.id}`);
  }
}

export async function worldOf(contentUrl: string, n: number, t0: number): Promise<World> {
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

export interface SeedReport {
  _id: string;
  version: number;
  at: Date;
  t0: number;
  counts: Record<string, number>;
  /** what was seeded, and how long it took */
  seconds: { what: string; s: number }[];
}

export const counts = (n: number) => ({
  items: n,
  feedback: Math.round(n * SHARE.feedback),
  comments: Math.round(n * SHARE.comments),
  audit: Math.round(n * SHARE.audit),
  assets: Math.round(n * SHARE.assets),
});

export function progress(what: string, done: number, total: number, t0: number) {
  note(`  ${what}: ${fmt(done)} / ${fmt(total)} (${sec(performance.now() - t0)})`);
}
export const everyTenth = (done: number, total: number, batch: number) =>
  Math.floor(done / (total / 10)) !== Math.floor((done - batch) / (total / 10));

export async function seedContent(db: Db, w: World, tag: string, onMeasured: (d: ItemDoc) => void) {
  const t0 = performance.now();
  const c = counts(w.n);
  const items = db.collection<ItemDoc>("items");
  const index = db.collection<ItemIndexEntry>("item_index");
  const heads = db.collection<ItemHead>("item_heads");
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
    // then each item's head (item-heads.ts: what the summary view's rows are read from)
    await heads.insertMany(docs.map(itemHead), { ordered: false });
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

export async function seedIdentity(db: Db, w: World, tag: string) {
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

export async function seedMedia(db: Db, w: World, tag: string) {
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

export async function seedArchive(db: Db, w: World, tag: string) {
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
