// Before any portal page: HSTS behind TLS, the stylesheet, the OpenAPI document, the page-view
// totals for the archive service, and host → portal (an unknown host gets a Vietnamese 404).
import { timingSafeEqual } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { PageViewsQuery, PageViewsReport } from "@cong/contracts";
import { escapeHtml } from "@cong/text";
import type { Express, Request, Response } from "express";
import { etagOf } from "../../cache/render-cache";
import { type Encodable, represent } from "../compress";
import { FAVICON_ICO, FAVICON_PATH, FAVICON_SVG } from "../favicon";
import { FONT_FILES } from "../fonts";
import { SITE_CSS, SITE_CSS_PATH } from "../site-css";
import { IMMUTABLE } from "../static-files";
import type { RouteContext } from "./context";
import { q } from "./respond";

const OPENAPI = (() => {
  for (const p of [
    path.join(__dirname, "../../../openapi.yaml"),
    path.join(__dirname, "../../openapi.yaml"),
  ]) {
    if (fs.existsSync(p)) return fs.readFileSync(p, "utf8");
  }
  return "openapi: 3.1.0\n";
})();

/** a file served as it is from memory, in each encoding once (compress.ts) */
interface StaticFile extends Encodable {
  type: string;
  etag: string;
}
function staticFile(type: string, body: string | Buffer): StaticFile {
  return { type, body, etag: etagOf(body) };
}
const CSS = staticFile("text/css; charset=utf-8", SITE_CSS);
const FAVICON = staticFile("image/svg+xml", FAVICON_SVG);
const ICO = staticFile("image/x-icon", FAVICON_ICO);
// fonts are compressed already: sent as they are (compress.ts leaves font/woff2 alone)
const FONTS = FONT_FILES.map((f) => ({ path: f.path, file: staticFile("font/woff2", f.body) }));

function sendStatic(req: Request, res: Response, file: StaticFile, cacheControl: string): void {
  res.setHeader("cache-control", cacheControl);
  const r = represent(req, file, file.type, file.etag);
  for (const [k, v] of Object.entries(r.headers)) res.setHeader(k, v);
  const inm = req.headers["if-none-match"];
  if (inm?.split(",").some((t) => t.trim() === file.etag || t.trim() === `W/${file.etag}`)) {
    res.removeHeader("content-length");
    res.removeHeader("content-encoding");
    return void res.status(304).end();
  }
  res.status(200).type(file.type);
  res.end(req.method === "HEAD" ? undefined : r.body);
}

function unknownHostPage(): string {
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Không tìm thấy cổng thông tin</title><meta name="description" content="Địa chỉ này không thuộc hệ thống Cổng thông tin điện tử tỉnh Bắc Giang.">
<link rel="icon" href="${FAVICON_PATH}" type="image/svg+xml"><link rel="stylesheet" href="${SITE_CSS_PATH}"></head>
<body><main id="main" class="wrap"><h1>Không tìm thấy cổng thông tin</h1>
<p>Địa chỉ bạn truy cập không thuộc hệ thống Cổng thông tin điện tử tỉnh Bắc Giang.</p>
<p>Vui lòng kiểm tra lại địa chỉ, hoặc truy cập <a href="https://www.bacgiang.gov.vn">Cổng TTĐT tỉnh Bắc Giang</a>.</p>
<p class="attribution">${escapeHtml("Nguồn: Cổng TTĐT tỉnh Bắc Giang (https://www.bacgiang.gov.vn)")}</p></main></body></html>`;
}

function problem(res: Response, status: number, title: string, code: string): void {
  res.status(status).type("application/problem+json").json({ type: "about:blank", title, status, code });
}

export function serviceRoutes(app: Express, { deps }: RouteContext): void {
  // HSTS only when the request came over TLS (X-Forwarded-Proto from a trusted proxy)
  app.use((req, res, next) => {
    if (req.secure) res.setHeader("strict-transport-security", "max-age=31536000; includeSubDomains");
    next();
  });

  // static files under their content hash: cached for a year (static-files.ts); the stylesheet's
  // old address stays for links made before (an hour, revalidated by ETag); /favicon.ico for a day
  app.get(SITE_CSS_PATH, (req, res) => sendStatic(req, res, CSS, IMMUTABLE));
  app.get(FAVICON_PATH, (req, res) => sendStatic(req, res, FAVICON, IMMUTABLE));
  for (const f of FONTS) app.get(f.path, (req, res) => sendStatic(req, res, f.file, IMMUTABLE));
  app.get("/static/site.css", (req, res) => sendStatic(req, res, CSS, "public, max-age=3600"));
  app.get("/favicon.ico", (req, res) => sendStatic(req, res, ICO, "public, max-age=86400"));

  app.get("/openapi.yaml", (_req, res) => {
    res.type("application/yaml; charset=utf-8").send(OPENAPI);
  });

  // aggregate page views for the archive service's reports; bearer token (PAGEVIEWS_TOKEN)
  app.get("/internal/pageviews", async (req, res) => {
    const token = deps.pageviewsToken;
    const auth = req.headers.authorization ?? "";
    const given = Buffer.from(auth.replace(/^Bearer\s+/i, ""));
    if (!token || given.length !== Buffer.from(token).length || !timingSafeEqual(given, Buffer.from(token)))
      return problem(res, 401, "Cần xác thực dịch vụ (service token required)", "unauthenticated");
    const query = PageViewsQuery.safeParse({
      portalId: q(req, "portalId"),
      from: q(req, "from"),
      to: q(req, "to"),
    });
    if (!query.success)
      return problem(res, 400, "Tham số không hợp lệ (portalId, from, to: YYYY-MM-DD)", "malformed_request");
    const { portalId, from, to } = query.data;
    await deps.pageViews.flush().catch(() => undefined);
    const days = await deps.pageViews.read(portalId, from, to);
    // the contract archive's reports read (packages/contracts, PageViewsReport)
    const report: PageViewsReport = PageViewsReport.parse({
      portalId,
      from,
      to,
      total: days.reduce((s, d) => s + d.total, 0),
      days: days.map((d) => ({ day: d.day, total: d.total, items: d.items })),
    });
    res.json(report);
  });

  // host → portal; an unknown host gets a Vietnamese 404
  app.use((req, res, next) => {
    const portalId = deps.hosts.resolve(req.headers.host);
    if (!portalId) {
      res.status(404).type("text/html; charset=utf-8").send(unknownHostPage());
      return;
    }
    res.locals.portalId = portalId;
    next();
  });
}
