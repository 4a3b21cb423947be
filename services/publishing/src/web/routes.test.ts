// The HTTP layer over an in-memory read model (no network servers involved): escaping of
// hostile content, the body check, the form rate limit and the unknown-host page.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { ContentSnapshot, PortalSnapshot } from "@cong/contracts";
import { createLogger } from "@cong/kit";
import { type AppSettings, createPublishingApp } from "../app";
import { ReadModel } from "../readmodel/readmodel";

const settings: AppSettings = {
  PUBLIC_DOMAIN: "bacgiang.localhost",
  PRODUCTION_DOMAIN: "bacgiang.gov.vn",
  PROVINCIAL_PORTAL_ID: "bacgiang",
  CONTENT_API_URL: "http://127.0.0.1:9",
  MEDIA_PUBLIC_URL: "http://127.0.0.1:3002",
  FORM_SECRET: "a-secret-of-at-least-thirty-two-characters",
  PAGEVIEWS_TOKEN: undefined,
  RENDER_CACHE_MAX: 100,
  FORM_RATE_LIMIT: 2,
};

const portal: PortalSnapshot = {
  portalId: "stttt",
  kind: "department",
  name: { vi: "Cổng Sở <Thông tin>" },
  agency: { vi: "Sở Thông tin và Truyền thông" },
  host: "stttt.bacgiang.gov.vn",
  parentPortalId: "bacgiang",
  languages: ["vi"],
  boardMailbox: "banbientap@stttt.bacgiang.gov.vn",
  hotline: "0204 3854 555",
  categories: [],
  active: true,
};

function item(id: string, title: string, slug: string, bodyHtml: string): ContentSnapshot {
  return {
    itemId: id,
    portalId: "stttt",
    revision: 1,
    kind: "article",
    categoryIds: ["cat-tin-tuc"],
    retentionClass: "limited-5y",
    locales: { vi: { title, slug, bodyHtml, previousSlugs: [] } },
    contributors: [],
    firstPublishedAt: "2026-11-01T00:00:00Z",
    publishedAt: "2026-11-01T00:00:00Z",
    media: [],
    tags: [],
  };
}

describe("public routes", () => {
  let server: http.Server;
  let port = 0;
  const req = (path: string, o: { method?: string; host?: string; body?: string } = {}) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const r = http.request(
        {
          host: "127.0.0.1",
          port,
          path,
          method: o.method ?? "GET",
          headers: {
            host: `${o.host ?? "stttt.bacgiang.localhost"}:${port}`,
            ...(o.body ? { "content-type": "application/x-www-form-urlencoded" } : {}),
          },
        },
        (res) => {
          let b = "";
          res.on("data", (c) => (b += c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: b }));
        },
      );
      r.on("error", reject);
      r.end(o.body);
    });

  beforeAll(async () => {
    const model = new ReadModel();
    await model.applyPortal(portal, "2026-11-01T00:00:00.000Z");
    await model.applyPublished(
      item("item-xss-01", '<img src=x onerror="alert(1)">Tin', "tin-xss", "<p>An toàn</p>"),
      "2026-11-01T00:00:00.000Z",
    );
    await model.applyPublished(
      item(
        "item-bad-01",
        "Nội dung chưa lọc",
        "noi-dung-chua-loc",
        '<p>Đoạn một</p><script>alert(1)</script><p onclick="x()">Đoạn hai</p>',
      ),
      "2026-11-01T00:00:00.000Z",
    );
    const { app } = createPublishingApp({
      settings,
      model,
      logger: createLogger({ service: "t", level: "silent" }),
    });
    server = app.listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("escapes titles and portal names", async () => {
    const r = await req("/tin/tin-xss");
    expect(r.status).toBe(200);
    expect(r.body).not.toContain("<img src=x");
    expect(r.body).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;Tin");
    expect(r.body).toContain("Cổng Sở &lt;Thông tin&gt;");
  });

  it("renders a body that fails the check as text only", async () => {
    const r = await req("/tin/noi-dung-chua-loc");
    expect(r.body).toContain("<p>Đoạn một</p>");
    expect(r.body).toContain("<p>Đoạn hai</p>");
    expect(r.body).not.toMatch(/<script>alert|onclick=/);
  });

  it("limits form posts per client address", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await req("/gop-y", { method: "POST", body: "csrf=x" })).status);
    expect(statuses).toEqual([403, 403, 429]);
  });

  it("answers an unknown host with the Vietnamese 404 page", async () => {
    const r = await req("/", { host: "lucngan.bacgiang.localhost" });
    expect(r.status).toBe(404);
    expect(r.body).toContain('lang="vi"');
    expect(r.body).toContain("Không tìm thấy cổng thông tin");
  });
});
