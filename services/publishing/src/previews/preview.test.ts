// The preview page on a portal's own host (issue 14, R-MODERATE) against a small stub of content's
// `GET /public/previews/{token}` speaking the contract (packages/contracts ItemPreview): the same
// item-page template citizens see plus a banner, noindex and no-store, draft media with media's
// `?token=`, 404 for another portal's preview or a bad token, 410 when expired, 503 when content
// cannot answer — and never in the page cache, search, feeds or sitemaps. The end-to-end test
// through the real services belongs to the admin UI (issue 14).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { examplePreview, type ItemPreview } from "@cong/contracts";
import { createLogger } from "@cong/kit";
import { portal, snapshot } from "../../test/samples";
import { type AppSettings, createPublishingApp, type PublishingApp } from "../app";
import { ReadModel } from "../readmodel/readmodel";

const TOKEN = "A".repeat(43);
const tok = (c: string) => c.repeat(43).slice(0, 43);
const DRAFT_IMAGE = "a1b2c3d4e5f60718293a4b5c"; // tanyen's, not yet public
const FOREIGN = "f1f2f3f4f5f60718293a4b5c"; // stttt's (issue 15.1)
const DOC = "d1d2d3d4e5f60718293a4b5c"; // tanyen's document
const MEDIA_TOKEN = "1893456000.Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eHF1dXhxdXV4cXU";
const future = new Date(Date.now() + 3600_000).toISOString();

function preview(over: Partial<ItemPreview> = {}): ItemPreview {
  const snap = snapshot(
    "tanyen",
    examplePreview.itemId,
    3,
    "Làm đường giao thông nông thôn Tân Yên",
    "lam-duong",
    {
      media: [
        { assetId: DRAFT_IMAGE, role: "cover", decorative: false, alt: "Công nhân rải nhựa" },
        { assetId: FOREIGN, role: "gallery", decorative: false, alt: "Ảnh của cổng khác" },
        { assetId: DOC, role: "attachment", decorative: false, caption: "Kế hoạch thi công" },
      ],
    },
  );
  return {
    ...examplePreview,
    snapshot: snap,
    mediaTokens: { [DRAFT_IMAGE]: MEDIA_TOKEN, [DOC]: MEDIA_TOKEN, [FOREIGN]: MEDIA_TOKEN },
    expiresAt: future,
    ...over,
  };
}

/** content's side of the contract, as a tiny HTTP server */
const answers = new Map<string, { status: number; body: unknown }>();
const seen: string[] = [];
const content = http.createServer((req, res) => {
  seen.push(req.url ?? "");
  const m = /^\/public\/previews\/([A-Za-z0-9_-]{43})$/.exec(req.url ?? "");
  const a = m ? answers.get(m[1] as string) : undefined;
  const problem = (status: number, code: string, title: string) => ({
    type: "about:blank",
    title,
    status,
    code,
  });
  const out = a ?? { status: 404, body: problem(404, "not_found", "Không tìm thấy bản xem trước") };
  res.writeHead(out.status, {
    "content-type": out.status === 200 ? "application/json" : "application/problem+json",
  });
  res.end(typeof out.body === "string" ? out.body : JSON.stringify(out.body));
});

const settings = (contentUrl: string): AppSettings => ({
  PUBLIC_DOMAIN: "bacgiang.localhost",
  PRODUCTION_DOMAIN: "bacgiang.gov.vn",
  PROVINCIAL_PORTAL_ID: "bacgiang",
  CONTENT_API_URL: contentUrl,
  MEDIA_PUBLIC_URL: "http://media.bacgiang.localhost:3002",
  FORM_SECRET: "a-secret-of-at-least-thirty-two-characters",
  PAGEVIEWS_TOKEN: undefined,
  RENDER_CACHE_MAX: 100,
  FORM_RATE_LIMIT: 5,
});

async function listen(app: http.RequestListener): Promise<{ server: http.Server; port: number }> {
  const server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { server, port: (server.address() as AddressInfo).port };
}

interface Res {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}
const get = (port: number, path: string, host = "tanyen.bacgiang.localhost") =>
  new Promise<Res>((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path, headers: { host: `${host}:${port}` } }, (res) => {
        let b = "";
        res.on("data", (c) => (b += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: b }));
      })
      .on("error", reject);
  });

let pub: PublishingApp;
let port = 0;
let contentPort = 0;
const servers: http.Server[] = [];
const logger = createLogger({ service: "t", level: "silent" });

async function model(): Promise<ReadModel> {
  const m = new ReadModel();
  for (const p of ["tanyen", "stttt"]) await m.applyPortal(portal(p), "2026-11-01T00:00:00.000Z");
  const image = (id: string, portalId: string) =>
    m.applyAsset({
      _id: id,
      portalId,
      kind: "image",
      renditions: [320, 640, 1280].map((w) => ({
        name: `w${w}.webp`,
        mimeType: "image/webp",
        width: w,
        height: w / 2,
      })),
      altText: "ảnh",
      decorative: false,
      processedAt: "2026-11-01T00:00:00.000Z",
    });
  // media's processed events carry every asset, drafts' too: publishing knows their renditions
  await image(DRAFT_IMAGE, "tanyen");
  await image(FOREIGN, "stttt");
  await m.applyAsset({
    _id: DOC,
    portalId: "tanyen",
    kind: "document",
    renditions: [{ name: "original", mimeType: "application/pdf" }],
    decorative: false,
    processedAt: "2026-11-01T00:00:00.000Z",
  });
  return m;
}

beforeAll(async () => {
  await new Promise<void>((r) => content.listen(0, "127.0.0.1", r));
  contentPort = (content.address() as AddressInfo).port;
  pub = createPublishingApp({
    settings: settings(`http://127.0.0.1:${contentPort}`),
    model: await model(),
    logger,
  });
  const s = await listen(pub.app);
  servers.push(s.server);
  port = s.port;
  answers.set(TOKEN, { status: 200, body: preview() });
});

afterAll(async () => {
  for (const s of [...servers, content]) await new Promise((r) => s.close(r));
});

describe("GET /xem-truoc/{token} (issue 14)", () => {
  it("renders the snapshot with the item-page template, a banner, noindex and no-store", async () => {
    const r = await get(port, `/xem-truoc/${TOKEN}`);
    expect(r.status).toBe(200);
    expect(seen).toContain(`/public/previews/${TOKEN}`);
    expect(r.headers["cache-control"]).toBe("no-store");
    expect(r.headers["x-robots-tag"]).toBe("noindex");
    expect(r.headers["referrer-policy"]).toBe("no-referrer");
    expect(r.headers.etag).toBeUndefined();
    expect(r.body).toContain('<meta name="robots" content="noindex">');
    expect(r.body).toContain("Bản xem trước — nội dung chưa được xuất bản");
    expect(r.body).not.toContain("Bản này đã được sửa sau khi tạo liên kết");
    expect(r.body).toContain("<h1>Làm đường giao thông nông thôn Tân Yên</h1>");
    expect(r.body).toContain('lang="vi"');
    expect(r.body).toContain("Nguồn: Cổng TTĐT tỉnh Bắc Giang"); // R-ATTRIB, as on every page
    expect(r.body).not.toContain('rel="canonical"');
    expect(r.body).not.toContain("application/ld+json");
  });

  it("loads the draft's files from media with media's preview token on every URL", async () => {
    const r = await get(port, `/xem-truoc/${TOKEN}`);
    const base = `http://media.bacgiang.localhost:3002/assets/${DRAFT_IMAGE}`;
    expect(r.body).toContain(`src="${base}/w640.webp?token=${MEDIA_TOKEN}"`);
    for (const w of [320, 640, 1280])
      expect(r.body).toContain(`${base}/w${w}.webp?token=${MEDIA_TOKEN} ${w}w`);
    expect(r.body).toContain(
      `href="http://media.bacgiang.localhost:3002/assets/${DOC}/original?token=${MEDIA_TOKEN}"`,
    );
    expect(r.body).toContain('alt="Công nhân rải nhựa"');
    // another portal's asset in the snapshot is never shown (issue 15.1)
    expect(r.body).not.toContain(FOREIGN);
  });

  it("shows exactly the article citizens will see once it is published", async () => {
    const live = await model();
    const p = preview();
    const t = tok("J");
    answers.set(t, { status: 200, body: p });
    await live.applyPublished(p.snapshot, "2026-11-01T00:00:00.000Z");
    const app = createPublishingApp({ settings: settings("http://127.0.0.1:9"), model: live, logger });
    const s = await listen(app.app);
    servers.push(s.server);
    const citizen = await get(s.port, `/tin/${p.snapshot.locales.vi.slug}`);
    expect(citizen.status).toBe(200);
    const previewed = await get(port, `/xem-truoc/${t}`);
    // the same markup but for the media tokens and the print link (no print page before it is live)
    const article = (b: string) =>
      (/<article[\s\S]*<\/article>/.exec(b)?.[0] ?? "")
        .replaceAll(`?token=${MEDIA_TOKEN}`, "")
        .replace(/<p class="no-print">.*?<\/p>/, "")
        .replace(/\n+/g, "\n");
    expect(article(previewed.body)).toBe(article(citizen.body));
    expect(article(citizen.body)).toContain('data-revision="3"');
    // the live page never carries tokens nor the banner
    expect(citizen.body).not.toContain("token=");
    expect(citizen.body).not.toContain("Bản xem trước");
  });

  it("says so when the item changed after the link was made", async () => {
    const t = tok("B");
    answers.set(t, { status: 200, body: preview({ outdated: true }) });
    const r = await get(port, `/xem-truoc/${t}`);
    expect(r.status).toBe(200);
    expect(r.body).toContain("Bản này đã được sửa sau khi tạo liên kết");
  });

  it("says so when media's tokens ran out before the link (mediaTokensExpireAt)", async () => {
    const t = tok("K");
    answers.set(t, {
      status: 200,
      body: preview({ mediaTokensExpireAt: new Date(Date.now() - 1000).toISOString() }),
    });
    const r = await get(port, `/xem-truoc/${t}`);
    expect(r.status).toBe(200);
    expect(r.body).toContain("mã truy cập tệp đã hết hạn");
    expect((await get(port, `/xem-truoc/${TOKEN}`)).body).not.toContain("mã truy cập tệp đã hết hạn");
  });

  it("answers 404 on another portal's host, for an unknown or revoked link and for a malformed token", async () => {
    // the tanyen preview asked for on the stttt host
    const other = await get(port, `/xem-truoc/${TOKEN}`, "stttt.bacgiang.localhost");
    expect(other.status).toBe(404);
    expect(other.body).toContain("Không tìm thấy bản xem trước");
    expect(other.body).not.toContain("Làm đường giao thông");
    // a snapshot of another portal than the preview says
    const t = tok("C");
    answers.set(t, {
      status: 200,
      body: preview({ snapshot: { ...preview().snapshot, portalId: "stttt" } }),
    });
    expect((await get(port, `/xem-truoc/${t}`)).status).toBe(404);
    const unknown = await get(port, `/xem-truoc/${tok("D")}`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers["cache-control"]).toBe("no-store");
    expect(unknown.headers["x-robots-tag"]).toBe("noindex");
    const before = seen.length;
    for (const bad of ["short", `${TOKEN}A`, `${"A".repeat(42)}!`]) {
      const r = await get(port, `/xem-truoc/${encodeURIComponent(bad)}`);
      expect(r.status).toBe(404);
      expect(r.body).toContain('lang="vi"');
    }
    expect(seen.length).toBe(before); // content is not even asked
  });

  it("answers 410 with a Vietnamese page when the link expired (content's 410, or its own date)", async () => {
    const t = tok("E");
    answers.set(t, {
      status: 410,
      body: { type: "about:blank", title: "Liên kết đã hết hạn", status: 410, code: "gone" },
    });
    const r = await get(port, `/xem-truoc/${t}`);
    expect(r.status).toBe(410);
    expect(r.body).toContain("Liên kết xem trước đã hết hạn");
    expect(r.headers["cache-control"]).toBe("no-store");
    expect(r.headers["x-robots-tag"]).toBe("noindex");
    const late = tok("F");
    answers.set(late, {
      status: 200,
      body: preview({ expiresAt: new Date(Date.now() - 1000).toISOString() }),
    });
    expect((await get(port, `/xem-truoc/${late}`)).status).toBe(410);
  });

  it("answers 503 when content fails, breaks the contract or cannot be reached", async () => {
    const t = tok("G");
    answers.set(t, {
      status: 500,
      body: { type: "about:blank", title: "Lỗi", status: 500, code: "internal" },
    });
    const failed = await get(port, `/xem-truoc/${t}`);
    expect(failed.status).toBe(503);
    expect(failed.body).toContain("Chưa xem trước được");
    const broken = tok("H");
    answers.set(broken, {
      status: 200,
      body: { ...preview(), snapshot: { title: "<script>alert(1)</script>" } },
    });
    const b = await get(port, `/xem-truoc/${broken}`);
    expect(b.status).toBe(503);
    expect(b.body).not.toContain("<script>alert(1)");
    answers.set(tok("I"), { status: 200, body: "not json" });
    expect((await get(port, `/xem-truoc/${tok("I")}`)).status).toBe(503);
    // nothing listens on port 9
    const down = createPublishingApp({
      settings: settings("http://127.0.0.1:9"),
      model: await model(),
      logger,
    });
    const s = await listen(down.app);
    servers.push(s.server);
    const r = await get(s.port, `/xem-truoc/${TOKEN}`);
    expect(r.status).toBe(503);
    expect(r.headers["cache-control"]).toBe("no-store");
    expect(r.body).toContain("Hệ thống quản lý nội dung tạm thời không phản hồi");
  });

  it("keeps the token out of the access log", async () => {
    const lines: string[] = [];
    const logged = createPublishingApp({
      settings: settings(`http://127.0.0.1:${contentPort}`),
      model: await model(),
      logger: createLogger({
        service: "t",
        level: "info",
        destination: { write: (l: string) => void lines.push(l) },
      }),
    });
    const s = await listen(logged.app);
    servers.push(s.server);
    expect((await get(s.port, `/xem-truoc/${TOKEN}`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    const access = lines.filter((l) => l.includes("/xem-truoc/"));
    expect(access.length).toBeGreaterThan(0);
    expect(access.join("\n")).toContain("/xem-truoc/[redacted]");
    expect(lines.join("\n")).not.toContain(TOKEN);
  });

  it("is never cached, counted, searched, or listed in feeds and sitemaps", async () => {
    const cached = pub.cache.size;
    await get(port, `/xem-truoc/${TOKEN}`);
    await get(port, `/xem-truoc/${TOKEN}`);
    expect(pub.cache.size).toBe(cached);
    expect(pub.model.items.size).toBe(0);
    for (const path of ["/", "/sitemap.xml", "/rss.xml", "/atom.xml", "/tim-kiem?q=giao+thong+nong+thon"]) {
      const r = await get(port, path);
      expect(r.status).toBe(200);
      expect(r.body).not.toContain("Làm đường giao thông nông thôn Tân Yên");
      expect(r.body).not.toContain("xem-truoc");
    }
    expect(
      pub.search.search("giao thông nông thôn", { portals: new Set(["tanyen"]), locale: "vi", limit: 10 })
        .total,
    ).toBe(0);
  });
});

describe("live pages ignore another portal's media (issue 15.1)", () => {
  it("shows the item's own portal's files only, and searches only their text", async () => {
    const m = await model();
    await m.applyAsset({
      _id: "e1e2e3e4e5f60718293a4b5c",
      portalId: "stttt",
      kind: "document",
      renditions: [{ name: "original", mimeType: "application/pdf" }],
      decorative: false,
      text: "Tài liệu mật của sở khác",
      processedAt: "2026-11-01T00:00:00.000Z",
    });
    await m.applyPublished(
      snapshot("tanyen", "itemcheo000001", 1, "Tin có ảnh mượn", "tin-co-anh-muon", {
        media: [
          { assetId: FOREIGN, role: "cover", decorative: false, alt: "mượn" },
          { assetId: DRAFT_IMAGE, role: "gallery", decorative: false, alt: "của mình" },
          { assetId: "e1e2e3e4e5f60718293a4b5c", role: "attachment", decorative: false, caption: "Phụ lục" },
        ],
      }),
      "2026-11-01T00:00:00.000Z",
    );
    const app = createPublishingApp({ settings: settings("http://127.0.0.1:9"), model: m, logger });
    const s = await listen(app.app);
    servers.push(s.server);
    const r = await get(s.port, "/tin/tin-co-anh-muon");
    expect(r.status).toBe(200);
    expect(r.body).toContain(DRAFT_IMAGE);
    expect(r.body).not.toContain(FOREIGN);
    expect(r.body).not.toContain("e1e2e3e4e5f60718293a4b5c");
    expect(
      app.search.search("tài liệu mật", { portals: new Set(["tanyen"]), locale: "vi", limit: 10 }).total,
    ).toBe(0);
  });
});
