// Sample snapshots and event data for publishing's tests: plain values, no servers — the unit
// tests beside the code (src/**/*.test.ts, run by `pnpm test:unit` with the servers down) take
// them from here; test/helpers.ts re-exports them for the integration tests.
import type { ContentSnapshot, PortalSnapshot } from "@cong/contracts";

export const actor = {
  id: "2a9e4f6b-7c1d-4b0e-8f3a-5d6c7b8a9e01",
  username: "stttt.board-member",
  name: "Lý Văn Phúc",
};

export function portal(portalId: string, over: Partial<PortalSnapshot> = {}): PortalSnapshot {
  const province = portalId === "bacgiang";
  const names: Record<string, string> = {
    bacgiang: "Cổng Thông tin điện tử tỉnh Bắc Giang",
    stttt: "Cổng Thông tin điện tử Sở Thông tin và Truyền thông",
    tanyen: "Cổng Thông tin điện tử huyện Tân Yên",
  };
  return {
    portalId,
    kind: province ? "province" : portalId === "tanyen" ? "district" : "department",
    name: {
      vi: names[portalId] ?? `Cổng ${portalId}`,
      ...(province ? { en: "Bac Giang Provincial Web Portal" } : {}),
    },
    agency: { vi: province ? "Ủy ban nhân dân tỉnh Bắc Giang" : `Cơ quan ${portalId}` },
    host: province ? "bacgiang.gov.vn" : `${portalId}.bacgiang.gov.vn`,
    parentPortalId: province ? null : "bacgiang",
    languages: province ? ["vi", "en"] : ["vi"],
    boardMailbox: province ? "banbientap@bacgiang.gov.vn" : `banbientap@${portalId}.bacgiang.gov.vn`,
    hotline: "0204 3854 555",
    address: "Số 82 đường Hùng Vương, thành phố Bắc Giang",
    // the footer facts of a state portal (issue 17): English on the provincial portal
    ...(province
      ? {
          addressText: {
            vi: "Số 82 đường Hùng Vương, thành phố Bắc Giang",
            en: "82 Hung Vuong Street, Bac Giang City",
          },
        }
      : {}),
    personInCharge: {
      name: "Nguyễn Văn An",
      position: province
        ? { vi: "Chánh Văn phòng UBND tỉnh", en: "Chief of Office of the Provincial People's Committee" }
        : { vi: "Trưởng Ban Biên tập" },
    },
    licence: {
      vi: "Giấy phép số 01/GP-STTTT do Sở Thông tin và Truyền thông tỉnh Bắc Giang cấp ngày 05/01/2021",
    },
    categories: [
      {
        categoryId: `${portalId}-tin-tuc`,
        slug: "tin-tuc-su-kien",
        name: { vi: "Tin tức - Sự kiện", en: "News" },
        parentId: null,
        retentionClass: "limited-5y",
        mandatory: true,
        order: 1,
      },
      {
        categoryId: `${portalId}-van-ban`,
        slug: "van-ban-phap-luat",
        name: { vi: "Văn bản pháp luật", en: "Legal documents" },
        parentId: null,
        retentionClass: "permanent",
        mandatory: true,
        order: 2,
      },
    ],
    active: true,
    ...over,
  };
}

let seq = 0;
export function itemId(): string {
  seq++;
  return `it${Date.now().toString(36)}${seq.toString().padStart(4, "0")}`;
}

export function snapshot(
  portalId: string,
  id: string,
  revision: number,
  title: string,
  slug: string,
  over: Partial<ContentSnapshot> = {},
): ContentSnapshot {
  const at = new Date(Date.now() - 1000 * (100 - revision)).toISOString();
  return {
    itemId: id,
    portalId,
    revision,
    kind: "article",
    categoryIds: [`${portalId}-tin-tuc`],
    retentionClass: "limited-5y",
    locales: {
      vi: {
        title,
        slug,
        summary: `Tóm tắt: ${title}`,
        bodyHtml: `<p>${title} — nội dung chi tiết của bài viết.</p>`,
        previousSlugs: [],
      },
    },
    agency: "Sở Thông tin và Truyền thông",
    contributors: [{ name: "Dương Thị Oanh", role: "tác giả" }],
    firstPublishedAt: at,
    publishedAt: at,
    media: [],
    tags: [],
    ...over,
  };
}

export function publishData(s: ContentSnapshot) {
  return {
    itemId: s.itemId,
    portalId: s.portalId,
    revision: s.revision,
    publishedAt: s.publishedAt,
    publishedBy: actor,
    snapshot: s,
  };
}

/** a legal document of the provincial portal (a decision not yet in force), as several tests use it */
export function legalDecision(id: string, over: Partial<ContentSnapshot> = {}): ContentSnapshot {
  return snapshot("bacgiang", id, 1, "Quyết định ban hành quy chế", "quyet-dinh-quy-che", {
    kind: "legal-document",
    categoryIds: ["bacgiang-van-ban"],
    retentionClass: "permanent",
    legal: {
      number: "36/2026/QĐ-UBND",
      docType: "Quyết định",
      issuer: "UBND tỉnh Bắc Giang",
      signer: "Nguyễn Văn Gấu",
      issuedOn: "2026-11-05",
      effectiveOn: "2027-01-01",
      validity: "not-yet-effective",
    },
    ...over,
  });
}
