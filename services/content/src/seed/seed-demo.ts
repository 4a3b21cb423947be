// `cli seed-demo`: the demo portals (infra/demo/portals.json) with their categories, and demo
// content published through the REAL workflow (create → submit → approve → publish) by the
// recorded system actors `system:seed-author` and `system:seed-board`. Fixed ids make it
// idempotent: a second run finds everything in place and changes nothing.
import fs from "node:fs";
import path from "node:path";
import type { Actor, LocalizedText, PersonInCharge } from "@cong/contracts";
import { escapeHtml } from "@cong/text";
import type { ContentService } from "../app";
import type { Caller } from "../items/item.service";
import { DEMO_CONTENT, type DemoItem } from "./demo-content";

const AUTHOR: Actor = {
  id: "system:seed-author",
  username: "system:seed-author",
  name: "Dữ liệu mẫu (biên tập)",
};
const BOARD: Actor = {
  id: "system:seed-board",
  username: "system:seed-board",
  name: "Dữ liệu mẫu (Ban biên tập)",
};
const ADMIN: Actor = { id: "system:seed", username: "system:seed", name: "Dữ liệu mẫu" };

interface DemoPortal {
  id: string;
  kind: "province" | "department" | "district";
  name: string;
  agency: string;
  abbreviation?: string;
  placeName?: string;
  nameEn?: string;
  agencyEn?: string;
  /** default: Vietnamese and English for the province, Vietnamese for the others */
  languages?: string[];
  /** the footer facts of a state portal (Decree 42/2022, issue 17) */
  address?: LocalizedText;
  personInCharge?: PersonInCharge;
  licence?: LocalizedText;
  /** the home page's links to online public services (Art. 3.2) */
  serviceLinks?: { label: LocalizedText; url: string }[];
}

function footerFacts(p: DemoPortal) {
  return {
    ...(p.address ? { address: p.address } : {}),
    ...(p.personInCharge ? { personInCharge: p.personInCharge } : {}),
    ...(p.licence ? { licence: p.licence } : {}),
  };
}

/** Finds a file by walking up from here (works from src/ and dist/). */
export function findUp(rel: string, from = __dirname): string {
  let dir = from;
  for (;;) {
    const candidate = path.join(dir, rel);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`${rel} not found above ${from}`);
    dir = parent;
  }
}

const HOTLINES: Record<string, string> = {
  bacgiang: "(0204) 3.829.006",
  stttt: "(0204) 3.556.226",
  stp: "(0204) 3.854.245",
  tanyen: "(0204) 3.878.256",
  lucngan: "(0204) 3.882.209",
};

export interface SeedReport {
  portalsCreated: string[];
  itemsCreated: string[];
  itemsPublished: string[];
  unchanged: number;
}

export async function seedDemo(
  content: ContentService,
  log: (msg: string) => void = () => undefined,
): Promise<SeedReport> {
  const report: SeedReport = { portalsCreated: [], itemsCreated: [], itemsPublished: [], unchanged: 0 };
  const file = process.env.DEMO_PORTALS_FILE ?? findUp("infra/demo/portals.json");
  const demo = JSON.parse(fs.readFileSync(file, "utf8")) as { portals: DemoPortal[] };
  // the province first: component portals belong to it
  const ordered = [...demo.portals].sort(
    (a, b) => Number(b.kind === "province") - Number(a.kind === "province"),
  );
  for (const p of ordered) {
    const existing = await content.portals.find(p.id);
    if (existing) {
      // a portal seeded before the file had its footer facts or English names gets the missing
      // ones (never overwriting what an administrator changed); afterwards nothing changes
      const gaps: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(footerFacts(p)))
        if (existing[k as keyof typeof existing] === undefined) gaps[k] = v;
      if (p.nameEn && !existing.name.en) gaps.name = { ...existing.name, en: p.nameEn };
      if (p.agencyEn && !existing.agency.en) gaps.agency = { ...existing.agency, en: p.agencyEn };
      if (Object.keys(gaps).length > 0) {
        await content.portals.update(p.id, gaps, ADMIN);
        log(`portal ${p.id}: ${Object.keys(gaps).join(", ")} added`);
      } else report.unchanged++;
      continue;
    }
    const placeName = p.placeName ?? (p.kind === "province" ? "Bắc Giang" : undefined);
    const created = await content.portals.create(
      {
        kind: p.kind,
        name: { vi: p.name, ...(p.nameEn ? { en: p.nameEn } : {}) },
        agency: { vi: p.agency, ...(p.agencyEn ? { en: p.agencyEn } : {}) },
        ...(p.abbreviation ? { abbreviation: p.abbreviation } : {}),
        ...(placeName ? { placeName } : {}),
        portalId: p.id,
        languages: p.languages ?? (p.kind === "province" ? ["vi", "en"] : ["vi"]),
        boardMailbox:
          p.kind === "province" ? "banbientap@bacgiang.gov.vn" : `banbientap@${p.id}.bacgiang.gov.vn`,
        hotline: HOTLINES[p.id] ?? "(0204) 3.829.006",
        ...footerFacts(p),
      },
      ADMIN,
    );
    report.portalsCreated.push(created._id);
    log(`portal ${created._id} (${created.host})`);
  }

  // the online public services the home pages link (Art. 3.2): given to a portal that has none
  for (const p of ordered) {
    if (!p.serviceLinks?.length) continue;
    const doc = await content.portals.find(p.id);
    if (!doc || doc.serviceLinks?.length) continue;
    await content.portals.update(p.id, { serviceLinks: p.serviceLinks }, ADMIN);
    log(`portal ${p.id}: ${p.serviceLinks.length} public-service links`);
  }
  // each portal's banner emblem, drawn and uploaded by media's seed (issue 17): like the footer
  // facts above, given to a portal that has none, never replacing one an administrator chose
  for (const e of demoEmblems()) {
    const p = await content.portals.find(e.portalId);
    if (!p || p.emblem) continue;
    await content.portals.update(e.portalId, { emblemAssetId: e.assetId }, ADMIN, undefined, {
      declaredAssets: new Map([[e.assetId, e.portalId]]),
    });
    log(`portal ${e.portalId}: emblem ${e.assetId}`);
  }

  const items: Record<string, DemoItem[]> = { ...DEMO_CONTENT };
  items.bacgiang = [regulationItem(), ...(items.bacgiang ?? [])];
  for (const [portalId, list] of Object.entries(items)) {
    if (!(await content.portals.find(portalId))) continue;
    for (const item of list) await seedItem(content, portalId, item, report, log);
  }
  // the listings and royalties of what was published (they follow a publication's answer)
  await content.items.projectionsSettled();
  return report;
}

async function seedItem(
  content: ContentService,
  portalId: string,
  item: DemoItem,
  report: SeedReport,
  log: (m: string) => void,
) {
  const id = `seed-${portalId}-${item.key}`.slice(0, 64);
  const covers = demoCovers(portalId, item.key);
  // R-ORG: the seed has no token to ask media with; it may reference only the demo images the
  // manifest (infra/demo/images.json) puts on this portal — media's seed uploads them there
  const author: Caller = {
    actor: AUTHOR,
    roles: new Set(["focal-officer"]),
    declaredAssets: new Map(covers.map((c) => [c.assetId, portalId])),
  };
  const board: Caller = { actor: BOARD, roles: new Set(["board-head"]) };
  let doc = await content.items.get(portalId, id).catch(() => null);
  if (!doc) {
    const now = Date.now();
    doc = await content.items.create(
      portalId,
      {
        kind: item.kind,
        categoryIds: [item.categoryId],
        locales: {
          vi: {
            title: item.title,
            ...(item.summary ? { summary: item.summary } : {}),
            bodyHtml: item.bodyHtml,
          },
          ...(item.en
            ? {
                en: {
                  title: item.en.title,
                  ...(item.en.summary ? { summary: item.en.summary } : {}),
                  bodyHtml: item.en.bodyHtml,
                },
              }
            : {}),
        },
        contributors: item.contributors ?? [],
        tags: item.tags ?? [],
        media: covers,
        ...(item.legal ? { legal: item.legal } : {}),
        ...(item.commentDays
          ? {
              comment: {
                // open now: opened a few days before the seed ran, closing commentDays after it
                opensAt: new Date(now - 3 * 86_400_000),
                closesAt: new Date(now + item.commentDays * 86_400_000),
              },
            }
          : {}),
      },
      author,
      { id, seedKey: `${portalId}:${item.key}` },
    );
    report.itemsCreated.push(id);
  }
  if (item.draftOnly) return;
  // carry on from wherever a previous (possibly interrupted) run stopped
  let changed = false;
  if (doc.working?.state === "draft" || doc.working?.state === "rejected") {
    doc = await content.items.submit(portalId, id, author, doc.version);
    changed = true;
  }
  if (doc.working?.state === "submitted") {
    doc = await content.items.approve(portalId, id, {}, board, doc.version);
    changed = true;
  }
  if (doc.working?.state === "approved") {
    doc = await content.items.publish(portalId, id, {}, board, doc.version);
    report.itemsPublished.push(id);
    log(`published ${portalId}/${doc.live?.locales.vi?.slug}`);
    changed = true;
  }
  if (!changed) report.unchanged++;
}

/** This very regulation as a legal document of the provincial portal (header of the text file). */
function regulationItem(): DemoItem {
  const text = fs
    .readFileSync(findUp("docs/regulation/quy-che-36-2019-QD-UBND.txt"), "utf8")
    .normalize("NFC");
  const number = /Số:\s*([0-9]+\/[0-9]{4}\/QĐ-UBND)/.exec(text)?.[1] ?? "36/2019/QĐ-UBND";
  const date = /ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})/.exec(text);
  const issuedOn = date
    ? `${date[3]}-${date[2]?.padStart(2, "0")}-${date[1]?.padStart(2, "0")}`
    : "2019-12-31";
  const eff = /hiệu lực thi hành kể từ ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})/.exec(text);
  const effectiveOn = eff ? `${eff[3]}-${eff[2]?.padStart(2, "0")}-${eff[1]?.padStart(2, "0")}` : null;
  const paragraphs = text
    .split(/\r?\n/)
    .map((l) => l.replace(/\s+/g, " ").trim())
    .filter(Boolean)
    .map((l) =>
      /^(Chương [IVX]+|Điều \d+\.)/.test(l) ? `<h3>${escapeHtml(l)}</h3>` : `<p>${escapeHtml(l)}</p>`,
    );
  return {
    key: "quy-che-36-2019",
    kind: "legal-document",
    categoryId: "cat-van-ban-quy-pham-phap-luat",
    title:
      "Quyết định ban hành Quy chế tổ chức, quản lý hoạt động Cổng thông tin điện tử tỉnh Bắc Giang và các Cổng thông tin điện tử thành phần",
    summary: `Quyết định số ${number} của UBND tỉnh Bắc Giang ban hành Quy chế tổ chức, quản lý hoạt động Cổng TTĐT tỉnh và các Cổng thành phần.`,
    bodyHtml: paragraphs.join("\n"),
    legal: {
      number,
      docType: "Quyết định",
      issuer: "Ủy ban nhân dân tỉnh Bắc Giang",
      // the published text shows only the office: "TM. Ủy ban nhân dân — Chủ tịch (Đã ký)"
      signer: "Chủ tịch UBND tỉnh Bắc Giang (Đã ký)",
      issuedOn,
      effectiveOn,
      validity: "in-force",
    },
  };
}

interface DemoImageEntry {
  assetId: string;
  portalId: string;
  itemKey: string;
  alt: string;
  emblem?: boolean;
}

const demoImages = () =>
  (JSON.parse(fs.readFileSync(findUp("infra/demo/images.json"), "utf8")) as { images: DemoImageEntry[] })
    .images;

/** The portals' emblems from infra/demo/images.json. */
const demoEmblems = () => demoImages().filter((i) => i.emblem);

/** Covers from infra/demo/images.json (media's seed uploads those images with the same ids). */
function demoCovers(portalId: string, itemKey: string) {
  return demoImages()
    .filter((i) => !i.emblem && i.portalId === portalId && i.itemKey === itemKey)
    .map((i) => ({ assetId: i.assetId, role: "cover" as const, alt: i.alt, decorative: false }));
}
