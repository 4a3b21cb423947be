// Issue 15.2: the public origin of every absolute link comes from configuration (PUBLIC_SCHEME,
// the registry's host on PUBLIC_DOMAIN), never from the request — so the first visitor of a
// cached page, feed or sitemap cannot plant a scheme, host or port in what everyone gets — and
// forwarded headers count only from TRUST_PROXY's proxies (HSTS, the form rate-limit bucket).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createLogger } from "@cong/kit";
import { portal, snapshot } from "../../test/samples";
import { type AppSettings, createPublishingApp } from "../app";
import { ReadModel } from "../readmodel/readmodel";

const base: AppSettings = {
  PUBLIC_DOMAIN: "bacgiang.gov.vn",
  PUBLIC_SCHEME: "https",
  PRODUCTION_DOMAIN: "bacgiang.gov.vn",
  PROVINCIAL_PORTAL_ID: "bacgiang",
  CONTENT_API_URL: "http://127.0.0.1:9",
  MEDIA_PUBLIC_URL: "https://media.bacgiang.gov.vn",
  FORM_SECRET: "a-secret-of-at-least-thirty-two-characters",
  PAGEVIEWS_TOKEN: undefined,
  RENDER_CACHE_MAX: 100,
  FORM_RATE_LIMIT: 2,
};

interface Res {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

async function start(settings: Partial<AppSettings>) {
  const model = new ReadModel();
  const at = "2026-11-01T00:00:00.000Z";
  await model.applyPortal(portal("bacgiang"), at);
  await model.applyPortal(portal("stttt"), at);
  await model.applyPublished(snapshot("stttt", "item-origin-1", 1, "Hội nghị chuyển đổi số", "hoi-nghi"), at);
  const { app } = createPublishingApp({
    settings: { ...base, ...settings },
    model,
    logger: createLogger({ service: "t", level: "silent" }),
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  const port = (server.address() as AddressInfo).port;
  const request = (path: string, headers: Record<string, string>, body?: string) =>
    new Promise<Res>((resolve, reject) => {
      const r = http.request(
        {
          host: "127.0.0.1",
          port,
          path,
          method: body === undefined ? "GET" : "POST",
          headers: {
            ...(body === undefined ? {} : { "content-type": "application/x-www-form-urlencoded" }),
            ...headers,
          },
        },
        (res) => {
          let b = "";
          res.setEncoding("utf8");
          res.on("data", (c) => (b += c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: b }));
        },
      );
      r.on("error", reject);
      r.end(body);
    });
  return { port, request, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const HOSTILE = {
  "x-forwarded-proto": "https://evil.example/#",
  "x-forwarded-host": "evil.example",
  "x-forwarded-for": "203.0.113.66",
  forwarded: "for=203.0.113.66;proto=http;host=evil.example",
};

/** Absolute URLs of a body, less the fixed ones (namespaces, attribution, media). */
function links(body: string): string[] {
  return [...body.matchAll(/https?:\/\/[^"'<>\s)]+/g)]
    .map((m) => m[0])
    .filter(
      (u) =>
        !/^https?:\/\/(www\.w3\.org|www\.sitemaps\.org|schema\.org|www\.bacgiang\.gov\.vn|media\.bacgiang\.gov\.vn)\b/.test(
          u,
        ),
    );
}

const PAGES = [
  "/",
  "/tin/hoi-nghi",
  "/chuyen-muc/tin-tuc-su-kien",
  "/rss.xml",
  "/atom.xml",
  "/chuyen-muc/tin-tuc-su-kien/rss.xml",
  "/chuyen-muc/tin-tuc-su-kien/atom.xml",
  "/sitemap.xml",
  "/robots.txt",
];

describe("absolute links come from configuration (issue 15.2)", () => {
  let s: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    s = await start({}); // TRUST_PROXY: the kit's default, loopback — these headers ARE believed
  });
  afterAll(() => s.close());

  it.each(PAGES)("%s: a hostile first visitor plants nothing in the cached answer", async (path) => {
    // the first request fills the render cache, from a "proxy" the service trusts, with a port
    const first = await s.request(path, { host: "stttt.bacgiang.gov.vn:6666", ...HOSTILE });
    expect(first.status).toBe(200);
    const later = await s.request(path, { host: "stttt.bacgiang.gov.vn" });
    expect(later.body).toBe(first.body);
    for (const body of [first.body, later.body]) {
      expect(body).not.toMatch(/evil|6666|203\.0\.113/);
      const found = links(body);
      expect(found.length).toBeGreaterThan(0);
      for (const u of found) expect(u).toMatch(/^https:\/\/(stttt\.)?bacgiang\.gov\.vn\//);
    }
  });

  it("links to another portal with that portal's configured origin", async () => {
    const home = await s.request("/", { host: "bacgiang.gov.vn:6666", ...HOSTILE });
    expect(home.body).toContain("https://stttt.bacgiang.gov.vn/tin/hoi-nghi");
    expect(home.body).not.toMatch(/evil|6666/);
  });

  it("writes the local scheme and port of ./cong up (http, PUBLIC_DOMAIN with its port)", async () => {
    const local = await start({ PUBLIC_DOMAIN: "bacgiang.localhost:3000", PUBLIC_SCHEME: "http" });
    try {
      const rss = await local.request("/rss.xml", { host: "stttt.bacgiang.localhost:3000", ...HOSTILE });
      expect(rss.body).toContain("<link>http://stttt.bacgiang.localhost:3000/</link>");
      expect(rss.body).toContain("http://stttt.bacgiang.localhost:3000/tin/hoi-nghi");
      expect(links(rss.body).every((u) => u.startsWith("http://stttt.bacgiang.localhost:3000/"))).toBe(true);
    } finally {
      await local.close();
    }
  });
});

describe("forwarded headers only from TRUST_PROXY (issue 15.2)", () => {
  const post = (s: Awaited<ReturnType<typeof start>>, ip: string) =>
    s
      .request("/gop-y", { host: "stttt.bacgiang.gov.vn", "x-forwarded-for": ip }, "csrf=x")
      .then((r) => r.status);

  it("a direct client cannot choose its rate-limit bucket, nor claim TLS", async () => {
    const s = await start({ TRUST_PROXY: [] });
    try {
      expect([
        await post(s, "198.51.100.1"),
        await post(s, "198.51.100.2"),
        await post(s, "198.51.100.3"),
      ]).toEqual([403, 403, 429]);
      const r = await s.request("/", { host: "stttt.bacgiang.gov.vn", "x-forwarded-proto": "https" });
      expect(r.headers["strict-transport-security"]).toBeUndefined();
    } finally {
      await s.close();
    }
  });

  it("behind a listed proxy, each citizen has their own bucket and HSTS follows the proxy's TLS", async () => {
    const s = await start({ TRUST_PROXY: ["127.0.0.1"] });
    try {
      expect([
        await post(s, "198.51.100.1"),
        await post(s, "198.51.100.2"),
        await post(s, "198.51.100.3"),
      ]).toEqual([403, 403, 403]);
      expect([
        await post(s, "198.51.100.9"),
        await post(s, "198.51.100.9"),
        await post(s, "198.51.100.9"),
      ]).toEqual([403, 403, 429]);
      const r = await s.request("/", { host: "stttt.bacgiang.gov.vn", "x-forwarded-proto": "https" });
      expect(r.headers["strict-transport-security"]).toMatch(/max-age=31536000/);
    } finally {
      await s.close();
    }
  });
});
