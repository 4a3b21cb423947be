// What a citizen reads on the public portals (issue 17; R-ATTRIB, R-FMT, R-STD, R-CONTENT), checked
// in Debian's Chromium (playwright-core) on the visible text of the pages of three portals, both
// languages, rendered from events produced onto the real Kafka: dates as `dd/MM/yyyy` and
// `HH:mm dd/MM/yyyy` in Vietnam time, no internal code, a distinct title and a meta description per
// page, Open Graph tags (the cover's rendition as og:image), a favicon, the footer's facts (Art. 3.2),
// the way home from a component portal and the provincial portal's directory of component portals.
// Cover images come from a stub of media's public renditions, so the screenshots show them.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import nodePath from "node:path";
import { AssetProcessed, ContentPublished, type PortalSnapshot, PortalUpdated } from "@cong/contracts";
import { CHROMIUM_ARGS, CHROMIUM_PATH, waitFor } from "@cong/testing";
import { type Browser, chromium, type Page } from "playwright-core";
import { FAVICON_PATH } from "../src/web/favicon";
import {
  actor,
  type Harness,
  itemId,
  publishData,
  portal as samplePortal,
  snapshot,
  startHarness,
} from "./helpers";

const run = fs.existsSync(CHROMIUM_PATH) ? describe : describe.skip;

const PORTALS = ["bacgiang", "stttt", "tanyen"];
const BG = "bacgiang.localhost";
const ST = "stttt.bacgiang.localhost";
const TY = "tanyen.bacgiang.localhost";
/** 19:13 UTC on 1 December is 02:13 on 2 December in Vietnam: the "02:13 2/12/26" */
const AT = "2026-12-01T19:13:00.000Z";
const AT_VN = "02:13 02/12/2026";
const AGENCIES: Record<string, string> = {
  bacgiang: "Ủy ban nhân dân tỉnh Bắc Giang",
  stttt: "Sở Thông tin và Truyền thông tỉnh Bắc Giang",
  tanyen: "Ủy ban nhân dân huyện Tân Yên",
};
// the footer facts of a state portal (Decree 42/2022, issue 17): the provincial portal has them
// in English too, but its licence line only in Vietnamese; stttt has them in Vietnamese (its
// address as the plain string of events older than addressText); tanyen has none of them
const FOOTER: Record<string, Partial<PortalSnapshot>> = {
  bacgiang: {
    address: "Số 82 đường Hùng Vương, phường Ngô Quyền, thành phố Bắc Giang",
    addressText: {
      vi: "Số 82 đường Hùng Vương, phường Ngô Quyền, thành phố Bắc Giang",
      en: "82 Hung Vuong Street, Ngo Quyen Ward, Bac Giang City",
    },
    personInCharge: {
      name: "Nguyễn Đức Thành",
      position: {
        vi: "Chánh Văn phòng UBND tỉnh",
        en: "Chief of Office of the Provincial People's Committee",
      },
    },
    licence: {
      vi: "Giấy phép số 78/GP-TTĐT do Cục Phát thanh, truyền hình và thông tin điện tử cấp ngày 12/05/2020",
    },
  },
  stttt: {
    address: "Số 2 đường Hoàng Văn Thụ, phường Ngô Quyền, thành phố Bắc Giang",
    personInCharge: { name: "Trần Quang Huy", position: { vi: "Giám đốc Sở Thông tin và Truyền thông" } },
    licence: {
      vi: "Giấy phép số 05/GP-STTTT do Sở Thông tin và Truyền thông tỉnh Bắc Giang cấp ngày 18/03/2021",
    },
  },
};
const reEscape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const portal = (id: string): PortalSnapshot => {
  const {
    address: _a,
    addressText: _t,
    personInCharge: _p,
    licence: _l,
    ...base
  } = samplePortal(id, {
    agency: { vi: AGENCIES[id] ?? id },
  });
  return { ...base, ...FOOTER[id] };
};

// a stand-in for media's public renditions: the same drawing at every address
const PHOTO = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1200 675" width="1200" height="675"><rect width="1200" height="675" fill="#2f6f4f"/><circle cx="950" cy="160" r="90" fill="#ffd75e"/><path d="M0 520 L300 300 L520 470 L760 260 L1200 560 L1200 675 L0 675Z" fill="#1d4a33"/></svg>`;

run("what a citizen reads on the portals (issue 17)", () => {
  let h: Harness;
  let browser: Browser;
  let page: Page;
  const assetId = `as${Date.now().toString(36)}cv`;
  const ids: string[] = [];
  const media = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "image/svg+xml", "cache-control": "no-store" });
    res.end(PHOTO);
  });
  let mediaUrl = "";

  beforeAll(async () => {
    await new Promise<void>((r) => media.listen(0, "127.0.0.1", r));
    mediaUrl = `http://127.0.0.1:${(media.address() as AddressInfo).port}`;
    h = await startHarness("publishing-citizen", { MEDIA_PUBLIC_URL: mediaUrl });
    for (const id of PORTALS)
      await h.send(PortalUpdated, {
        portal: portal(id),
        updatedBy: actor,
        updatedAt: new Date().toISOString(),
      });
    await h.send(AssetProcessed, {
      assetId,
      portalId: "bacgiang",
      kind: "image",
      renditions: [
        { name: "w640.webp", mimeType: "image/webp", width: 640, height: 360, sizeBytes: 3000 },
        { name: "w1280.webp", mimeType: "image/webp", width: 1280, height: 720, sizeBytes: 9000 },
        { name: "w1200.jpg", mimeType: "image/jpeg", width: 1200, height: 675, sizeBytes: 20000 },
      ],
      altText: "Cánh đồng vải thiều Lục Ngạn mùa thu hoạch",
      decorative: false,
      hasCaptions: false,
      textExtracted: false,
      processedAt: AT,
    });
    const publish = async (s: ReturnType<typeof snapshot>) => {
      ids.push(s.itemId);
      await h.send(ContentPublished, publishData(s));
    };
    const cover = snapshot("bacgiang", itemId(), 1, "Bắc Giang vào mùa vải thiều", "mua-vai-thieu", {
      firstPublishedAt: AT,
      publishedAt: AT,
      media: [{ assetId, role: "cover", decorative: false, caption: "Vải thiều Lục Ngạn" }],
    });
    cover.locales.en = {
      title: "Lychee season in Bac Giang",
      slug: "lychee-season",
      summary: "Growers in Luc Ngan bring in the harvest.",
      bodyHtml: "<p>Growers in Luc Ngan bring in the harvest.</p>",
      previousSlugs: [],
    };
    await publish(cover);
    await publish(
      snapshot("bacgiang", itemId(), 1, "Quyết định ban hành quy chế", "quyet-dinh-quy-che", {
        kind: "legal-document",
        categoryIds: ["bacgiang-van-ban"],
        retentionClass: "permanent",
        firstPublishedAt: AT,
        publishedAt: AT,
        legal: {
          number: "36/2026/QĐ-UBND",
          docType: "Quyết định",
          issuer: "UBND tỉnh Bắc Giang",
          signer: "Nguyễn Văn Gấu",
          issuedOn: "2026-11-05",
          effectiveOn: "2027-01-01",
          validity: "not-yet-effective",
        },
      }),
    );
    await publish(
      snapshot("stttt", itemId(), 1, "Hội nghị chuyển đổi số", "hoi-nghi-chuyen-doi-so", {
        firstPublishedAt: AT,
        publishedAt: AT,
      }),
    );
    await publish(
      snapshot("stttt", itemId(), 1, "Thủ tục cấp phép trạm phát sóng?", "hoi-cap-phep-tram", {
        kind: "qa",
        publishedAt: AT,
        firstPublishedAt: AT,
      }),
    );
    await publish(
      snapshot("stttt", itemId(), 1, "Dự thảo quy định về dữ liệu số", "du-thao-du-lieu-so", {
        kind: "draft-for-comment",
        categoryIds: ["stttt-van-ban"],
        retentionClass: "permanent",
        publishedAt: AT,
        firstPublishedAt: AT,
        comment: { opensAt: "2026-11-20T01:00:00.000Z", closesAt: "2026-11-30T10:00:00.000Z" },
      }),
    );
    await publish(snapshot("tanyen", itemId(), 1, "Tân Yên đón bằng nông thôn mới", "tan-yen-ntm"));
    for (const [host, path] of [
      [BG, "/tin/mua-vai-thieu"],
      [BG, "/tin/quyet-dinh-quy-che"],
      [ST, "/tin/du-thao-du-lieu-so"],
      [TY, "/tin/tan-yen-ntm"],
    ] as const)
      await waitFor(async () => (await h.get(host, path)).status === 200, {
        what: `${host}${path} live`,
        timeoutMs: 60_000,
      });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    page = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await h?.close();
    await new Promise((r) => media.close(r));
  });

  // every kind of page: home, category, item, registry, search, feedback, Q&A, drafts, contact, 404
  const PAGES: [string, string, number][] = [
    ...(
      [
        ["/", 200],
        ["/chuyen-muc/tin-tuc-su-kien", 200],
        ["/chuyen-muc/van-ban-phap-luat", 200],
        ["/van-ban", 200],
        ["/tim-kiem?q=quy+che", 200],
        ["/gop-y", 200],
        ["/hoi-dap", 200],
        ["/du-thao", 200],
        ["/lien-he", 200],
        ["/khong-co-trang-nay", 404],
      ] as const
    ).flatMap(([p, s]) => PORTALS.map((id) => [id, p, s] as [string, string, number])),
    ["bacgiang", "/tin/mua-vai-thieu", 200],
    ["bacgiang", "/tin/mua-vai-thieu/ban-in", 200],
    ["bacgiang", "/tin/quyet-dinh-quy-che", 200],
    ["stttt", "/tin/hoi-nghi-chuyen-doi-so", 200],
    ["stttt", "/tin/hoi-cap-phep-tram", 200],
    ["stttt", "/tin/du-thao-du-lieu-so", 200],
    ["tanyen", "/tin/tan-yen-ntm", 200],
    ["bacgiang", "/en/", 200],
    ["bacgiang", "/en/tin/lychee-season", 200],
    ["bacgiang", "/en/chuyen-muc/tin-tuc-su-kien", 200],
    ["bacgiang", "/en/van-ban", 200],
    ["bacgiang", "/en/hoi-dap", 200],
    ["bacgiang", "/en/lien-he", 200],
    ["bacgiang", "/en/tim-kiem?q=lychee", 200],
    ["bacgiang", "/en/khong-co-trang-nay", 404],
  ];
  const hostOf = (id: string) => (id === "bacgiang" ? BG : `${id}.${BG}`);

  interface Seen {
    status: number;
    text: string;
    title: string;
    description: string | null;
    icon: string | null;
    og: Record<string, string>;
    footer: string;
    headerHome: string | null;
    footerLinks: string[];
    /** the footer's runs marked Vietnamese */
    footerVi: string[];
  }
  const seen = new Map<string, Seen>();
  async function visit(id: string, path: string): Promise<Seen> {
    const key = `${id}${path}`;
    const known = seen.get(key);
    if (known) return known;
    const res = await page.goto(`http://${hostOf(id)}:${h.pub.port}${path}`, { waitUntil: "load" });
    const got = await page.evaluate(() => {
      const meta = (sel: string) => document.querySelector(sel)?.getAttribute("content") ?? null;
      const og: Record<string, string> = {};
      for (const m of Array.from(document.querySelectorAll('meta[property^="og:"]')))
        og[m.getAttribute("property") ?? ""] = m.getAttribute("content") ?? "";
      const footer = document.querySelector("footer.site-footer") as HTMLElement | null;
      return {
        // biome-ignore lint/performance/useDomNodeTextContent: the visible text is what a citizen reads
        text: document.body.innerText,
        title: document.title,
        description: meta('meta[name="description"]'),
        icon: document.querySelector('link[rel="icon"]')?.getAttribute("href") ?? null,
        og,
        // biome-ignore lint/performance/useDomNodeTextContent: the visible text, as laid out
        footer: footer?.innerText ?? "",
        headerHome: document.querySelector("header .portal-home a")?.getAttribute("href") ?? null,
        footerLinks: Array.from(footer?.querySelectorAll("a") ?? []).map((a) => a.getAttribute("href") ?? ""),
        footerVi: Array.from(footer?.querySelectorAll('[lang="vi"]') ?? []).map((e) => e.textContent ?? ""),
      };
    });
    const s = { status: res?.status() ?? 0, ...got };
    seen.set(key, s);
    return s;
  }

  it.each(PAGES)(
    "%s%s (%i): dates as dd/MM/yyyy and HH:mm dd/MM/yyyy, Vietnam time",
    async (id, path, status) => {
      const s = await visit(id, path);
      expect(s.status).toBe(status);
      // the old formats: "2/12/26", "2/12/2026", "02:13 2/12/26", "2 Dec 2026"
      expect(s.text).not.toMatch(/(?<![\d/])\d{1,2}\/\d{1,2}\/\d{2}(?![\d/])/);
      expect(s.text).not.toMatch(/(?<![\d/])(\d\/\d{1,2}|\d{1,2}\/\d)\/\d{4}(?!\d)/);
      expect(s.text).not.toMatch(/\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\w* \d{4}\b/);
      // every date shown is one of the two formats
      for (const m of s.text.matchAll(/(?<![\d/])\d{1,2}\/\d{1,2}\/\d{2,4}(?![\d/])/g))
        expect(m[0]).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    },
  );

  it("shows the issue's example time as 02:13 02/12/2026 on lists, items and search, in both languages", async () => {
    for (const [id, path] of [
      ["bacgiang", "/"],
      ["bacgiang", "/tin/mua-vai-thieu"],
      ["bacgiang", "/en/tin/lychee-season"],
      ["bacgiang", "/en/"],
      ["stttt", "/chuyen-muc/tin-tuc-su-kien"],
      ["bacgiang", "/tim-kiem?q=quy+che"],
      ["stttt", "/hoi-dap"],
    ] as const)
      expect([id, path, (await visit(id, path)).text.includes(AT_VN)]).toEqual([id, path, true]);
    // a draft's comment window, as date-times
    expect((await visit("stttt", "/tin/du-thao-du-lieu-so")).text).toContain(
      "Thời gian lấy ý kiến: 08:00 20/11/2026 – 17:00 30/11/2026",
    );
    expect((await visit("stttt", "/du-thao")).text).toContain("đến 17:00 30/11/2026");
  });

  it("gives a legal document its full issue and effective dates, on its page and in the registry", async () => {
    const item = (await visit("bacgiang", "/tin/quyet-dinh-quy-che")).text;
    expect(item).toMatch(/Ngày ban hành\s+05\/11\/2026/);
    expect(item).toMatch(/Ngày hiệu lực\s+01\/01\/2027/);
    const registry = (await visit("bacgiang", "/van-ban")).text;
    expect(registry).toMatch(/Ngày ban hành\s+Ngày hiệu lực/);
    expect(registry).toMatch(/05\/11\/2026\s+01\/01\/2027/);
  });

  it.each(PAGES)("%s%s (%i) prints no internal code", async (id, path) => {
    const s = await visit(id, path);
    const categoryIds = PORTALS.flatMap((p) => portal(p).categories.map((c) => c.categoryId));
    // addresses (mail, web) legitimately carry portal ids: look at the words around them
    const words = s.text.replace(/\S+@\S+|https?:\/\/\S+|\b[a-z0-9.-]+\.gov\.vn\b/g, " ");
    const codes: RegExp[] = [
      /\bR-[A-Z]+\b/, // requirement ids
      /\bcat-[a-z0-9-]+\b/, // category ids
      /\b(limited-5y|permanent)\b/, // retention classes
      /\b(not-yet-effective|in-force|partly-expired)\b/, // validity
      /\b(draft-for-comment|legal-document|article|qa)\b/, // item kinds
      /\b(province|department|district)\b/, // portal kinds
      /\b[a-z]+_[a-z_]+\b/, // snake_case codes
      /\bas[0-9a-z]{8,}\b/, // asset ids
      ...ids.map((i) => new RegExp(`\\b${i}\\b`)), // item ids
      ...categoryIds.map((c) => new RegExp(`\\b${c}\\b`)),
      ...PORTALS.map((p) => new RegExp(`\\b${p}\\b`)), // portal ids
    ];
    // the Vietnamese pages: no English enum word either ("question", "feedback")
    if (!path.startsWith("/en/")) codes.push(/\b(question|feedback)\b/);
    expect([path, codes.filter((re) => re.test(words)).map(String)]).toEqual([path, []]);
  });

  it("gives every page its own title and a meta description, and links the favicon", async () => {
    const titles = new Map<string, string>();
    for (const [id, path] of PAGES) {
      const s = await visit(id, path);
      const key = `${id}${path}`;
      expect([key, s.title.length > 5]).toEqual([key, true]);
      expect([key, titles.get(s.title)]).toEqual([key, undefined]);
      titles.set(s.title, key);
      expect([key, (s.description ?? "").length >= 30 && (s.description ?? "").length <= 200]).toEqual([
        key,
        true,
      ]);
      expect([key, s.icon]).toEqual([key, FAVICON_PATH]);
      expect(s.og["og:title"]).toBeTruthy();
      expect(s.og["og:description"]).toBe(s.description);
      expect(s.og["og:locale"]).toBe(path.startsWith("/en/") ? "en_US" : "vi_VN");
    }
    expect((await visit("bacgiang", "/")).title).toBe("Cổng Thông tin điện tử tỉnh Bắc Giang");
    expect((await visit("stttt", "/tin/hoi-nghi-chuyen-doi-so")).title).toBe(
      "Hội nghị chuyển đổi số – Cổng Thông tin điện tử Sở Thông tin và Truyền thông",
    );
  });

  it("serves the favicon as SVG cached for a year and as an ICO at /favicon.ico", async () => {
    const svg = await h.get(ST, FAVICON_PATH);
    expect(svg.status).toBe(200);
    expect(svg.headers["content-type"]).toMatch(/^image\/svg\+xml/);
    expect(svg.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(svg.body).toMatch(/^<svg /);
    const ico = await fetch(`http://127.0.0.1:${h.pub.port}/favicon.ico`, { headers: { host: BG } });
    expect(ico.status).toBe(200);
    expect(ico.headers.get("content-type")).toBe("image/x-icon");
    const bytes = Buffer.from(await ico.arrayBuffer());
    expect([...bytes.subarray(0, 6)]).toEqual([0, 0, 1, 0, 1, 0]);
    expect(bytes.length).toBe(22 + 40 + 32 * 32 * 4 + 32 * 4);
  });

  it("has Open Graph tags on an item with a cover: its JPEG rendition, type article, its address", async () => {
    const vi = await visit("bacgiang", "/tin/mua-vai-thieu");
    expect(vi.og).toEqual({
      "og:site_name": "Cổng Thông tin điện tử tỉnh Bắc Giang",
      "og:title": "Bắc Giang vào mùa vải thiều",
      "og:description": "Tóm tắt: Bắc Giang vào mùa vải thiều",
      "og:type": "article",
      "og:url": `http://${BG}:${h.pub.port}/tin/mua-vai-thieu`,
      "og:locale": "vi_VN",
      "og:image": `${mediaUrl}/assets/${assetId}/w1200.jpg`,
      "og:image:width": "1200",
      "og:image:height": "675",
      "og:image:alt": "Cánh đồng vải thiều Lục Ngạn mùa thu hoạch",
    });
    const en = await visit("bacgiang", "/en/tin/lychee-season");
    expect(en.og["og:url"]).toBe(`http://${BG}:${h.pub.port}/en/tin/lychee-season`);
    expect(en.og["og:locale"]).toBe("en_US");
    expect(en.og["og:image"]).toBe(`${mediaUrl}/assets/${assetId}/w1200.jpg`);
    // an item without a cover has no image; other pages are websites
    expect((await visit("stttt", "/tin/hoi-nghi-chuyen-doi-so")).og["og:image"]).toBeUndefined();
    expect((await visit("stttt", "/")).og["og:type"]).toBe("website");
  });

  it.each(PAGES)(
    "%s%s (%i) has the footer: agency, person in charge, address, hotline, mailbox, licence, attribution (R-ATTRIB)",
    async (id, path) => {
      const s = await visit(id, path);
      const p = portal(id);
      const en = path.startsWith("/en/");
      const has = (label: string, value: string) =>
        expect(s.footer).toMatch(new RegExp(`${label}\\s+${reEscape(value)}`));
      expect(s.footer).toContain(en ? (p.name.en ?? p.name.vi) : p.name.vi);
      has(en ? "Responsible agency" : "Cơ quan chủ quản", p.agency.vi);
      const person = p.personInCharge;
      const address = p.addressText ?? (p.address ? { vi: p.address } : undefined);
      if (!en && person) has("Người chịu trách nhiệm", `${person.name}, ${person.position.vi}`);
      if (en && person) has("Person in charge", `${person.name}, ${person.position.en}`);
      if (address) has(en ? "Address" : "Địa chỉ", en ? (address.en ?? address.vi) : address.vi);
      if (p.licence) expect(s.footer).toContain(p.licence.vi);
      if (id === "tanyen") {
        // a portal without those facts shows no empty label
        expect(s.footer).not.toMatch(/Người chịu trách nhiệm|Địa chỉ|Giấy phép/);
      }
      // Vietnamese runs on an English page are marked: the agency (no English name), the person's
      // name and the licence line that has no English text; nothing on a Vietnamese page
      if (en)
        expect(s.footerVi.sort()).toEqual(
          [p.agency.vi, person?.name ?? "", p.licence?.vi ?? ""].filter(Boolean).sort(),
        );
      else expect(s.footerVi).toEqual([]);
      expect(s.footer).toMatch(new RegExp(`${en ? "Hotline" : "Đường dây nóng"}\\s+${p.hotline}`));
      expect(s.footer).toContain(p.boardMailbox);
      expect(s.footer).toContain(
        en
          ? "Source: Bac Giang Provincial Web Portal (https://www.bacgiang.gov.vn)"
          : "Nguồn: Cổng TTĐT tỉnh Bắc Giang (https://www.bacgiang.gov.vn)",
      );
      // a component portal links home to the provincial portal, in its header and its footer
      const home = `http://${BG}:${h.pub.port}/`;
      if (id === "bacgiang") expect(s.headerHome).toBeNull();
      else {
        expect(s.headerHome).toBe(home);
        expect(s.footerLinks).toContain(home);
        expect(s.footer).toContain("Cổng thành phần của Cổng Thông tin điện tử tỉnh Bắc Giang");
      }
    },
  );

  it("lists the component portals on the provincial home page, by kind, linked to their hosts", async () => {
    await visit("bacgiang", "/");
    await page.goto(`http://${BG}:${h.pub.port}/`);
    const directory = await page.evaluate(() => {
      const sec = document.querySelector("section.directory");
      return Array.from(sec?.querySelectorAll("h3, a") ?? []).map((e) =>
        e.tagName === "A" ? `${e.textContent} → ${e.getAttribute("href")}` : `# ${e.textContent}`,
      );
    });
    expect(directory).toEqual([
      "# Sở, ban, ngành",
      `Cổng Thông tin điện tử Sở Thông tin và Truyền thông → http://${ST}:${h.pub.port}/`,
      "# Huyện, thị xã, thành phố",
      `Cổng Thông tin điện tử huyện Tân Yên → http://${TY}:${h.pub.port}/`,
    ]);
    // a component portal's home has no directory
    await page.goto(`http://${ST}:${h.pub.port}/`);
    expect(await page.locator("section.directory").count()).toBe(0);
  });

  it("a component portal's cached pages follow a change of the provincial portal's name", async () => {
    const before = await h.get(ST, "/chuyen-muc/tin-tuc-su-kien");
    expect(before.body).toContain("Cổng Thông tin điện tử tỉnh Bắc Giang</a>");
    const renamed = "Cổng Thông tin điện tử tỉnh Bắc Giang (thử đổi tên)";
    await h.send(PortalUpdated, {
      portal: { ...portal("bacgiang"), name: { vi: renamed, en: "Bac Giang Provincial Web Portal" } },
      updatedBy: actor,
      updatedAt: new Date().toISOString(),
    });
    await waitFor(
      async () => (await h.get(ST, "/chuyen-muc/tin-tuc-su-kien")).body.includes(`${renamed}</a>`),
      {
        what: "the component page names the renamed provincial portal",
        timeoutMs: 30_000,
      },
    );
    await h.send(PortalUpdated, {
      portal: portal("bacgiang"),
      updatedBy: actor,
      updatedAt: new Date().toISOString(),
    });
    await waitFor(async () => !(await h.get(ST, "/")).body.includes(renamed), { what: "the name back" });
  });

  it("writes screenshots of the homes and the item with a cover at 1366 and 390 CSS px", async () => {
    const dir = process.env.PUBLISHING_SCREENSHOTS ?? nodePath.join(os.tmpdir(), "publishing-screenshots");
    fs.mkdirSync(dir, { recursive: true });
    for (const [name, host, path] of [
      ["bacgiang-home", BG, "/"],
      ["bacgiang-cover-item", BG, "/tin/mua-vai-thieu"],
      ["stttt-home", ST, "/"],
    ] as const) {
      for (const width of [1366, 390]) {
        const context = await browser.newContext({ viewport: { width, height: 900 } });
        const p = await context.newPage();
        try {
          await p.goto(`http://${host}:${h.pub.port}${path}`, { waitUntil: "load" });
          const file = nodePath.join(dir, `citizen-${name}-${width}.png`);
          await p.screenshot({ path: file, fullPage: true });
          expect(fs.statSync(file).size).toBeGreaterThan(5000);
        } finally {
          await context.close();
        }
      }
    }
  });
});
