// Before any portal page: HSTS behind TLS, the stylesheet, the OpenAPI document, the page-view
// totals for the archive service, and host → portal (an unknown host gets a Vietnamese 404).
import { timingSafeEqual } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { PageViewsQuery, PageViewsReport } from "@cong/contracts";
import { escapeHtml } from "@cong/text";
import type { Express, Response } from "express";
import { etagOf } from "../../cache/render-cache";
import { FAVICON_ICO, FAVICON_PATH, FAVICON_SVG } from "../favicon";
import { SITE_CSS } from "../site-css";
import type { RouteContext } from "./context";
import { q } from "./respond";

const CSS = SITE_CSS;
const OPENAPI = (() => {
  for (const p of [
    path.join(__dirname, "../../../openapi.yaml"),
    path.join(__dirname, "../../openapi.yaml"),
  ]) {
    if (fs.existsSync(p)) return fs.readFileSync(p, "utf8");
  }
  return "openapi: 3.1.0\n";
})();
const CSS_ETAG = etagOf(CSS);

function unknownHostPage(): string {
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Không tìm thấy cổng thông tin</title><meta name="description" content="Địa chỉ này không thuộc hệ thống Cổng thông tin điện tử tỉnh Bắc Giang.">
<link rel="icon" href="${FAVICON_PATH}" type="image/svg+xml"><link rel="stylesheet" href="/static/site.css"></head>
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

  app.get("/static/site.css", (req, res) => {
    res.setHeader("cache-control", "public, max-age=3600");
    res.setHeader("etag", CSS_ETAG);
    if (req.headers["if-none-match"] === CSS_ETAG) return void res.status(304).end();
    res.type("text/css; charset=utf-8").send(CSS);
  });

  // the favicon: named by its content hash, so cached for a year; /favicon.ico for a day
  app.get(FAVICON_PATH, (_req, res) => {
    res.setHeader("cache-control", "public, max-age=31536000, immutable");
    res.type("image/svg+xml").send(FAVICON_SVG);
  });
  app.get("/favicon.ico", (_req, res) => {
    res.setHeader("cache-control", "public, max-age=86400");
    res.type("image/x-icon").send(FAVICON_ICO);
  });

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
