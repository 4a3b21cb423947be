// HTTP: host → portal, then the pages. Pages are rendered from memory and cached with precise
// purges; conditional requests get 304 (ETag / Last-Modified).
import { timingSafeEqual } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { PreviewToken } from "@cong/contracts";
import { formBody, problemBody, sendProblem, toAppError } from "@cong/kit";
import type { ErrorRequestHandler, Express, NextFunction, Request, Response } from "express";
import { Router } from "express";
import { rateLimit } from "express-rate-limit";
import { type CacheEntry, etagOf, type RenderCache } from "../cache/render-cache";
import type { ContentClient } from "../feedback/content-client";
import { feedbackPage, resultPage } from "../feedback/feedback.pages";
import type { FormTokens } from "../feedback/form-token";
import type { PageViews } from "../pageviews/pageviews";
import type { PreviewClient } from "../previews/preview.client";
import {
  previewExpiredPage,
  previewNotFoundPage,
  previewPage,
  previewUnavailablePage,
} from "../previews/preview.pages";
import type { ItemRecord, ReadModel } from "../readmodel/readmodel";
import { escapeHtml } from "../render/html";
import type { SearchIndex } from "../search/search.index";
import { feed, robots, sitemap } from "./feeds";
import type { Locale } from "./i18n";
import {
  categoryPage,
  commentForm,
  commentWindowOpen,
  contactPage,
  type FormState,
  goneResponse,
  homePage,
  itemPage,
  kindListPage,
  legalRegistryPage,
  messagePage,
  noticePage,
  type PageDeps,
  type Rendered,
  searchPage,
} from "./pages";
import type { HostMap, Site } from "./site";
import { SITE_CSS } from "./site-css";

export interface WebDeps {
  model: ReadModel;
  /** content's previews of revisions not yet live (issue 14) */
  previews: PreviewClient;
  search: SearchIndex;
  cache: RenderCache;
  hosts: HostMap;
  pageViews: PageViews;
  content: ContentClient;
  tokens: FormTokens;
  mediaUrl: string;
  provincialPortalId: string;
  productionDomain: string;
  publicDomain: string;
  pageviewsToken?: string | undefined;
  formRateLimit: number;
  /** called for every page answered by the fast path (metrics: hits are not access-logged) */
  onFastHit?: () => void;
}

const CSS = SITE_CSS;
const OPENAPI = (() => {
  for (const p of [path.join(__dirname, "../../openapi.yaml"), path.join(__dirname, "../openapi.yaml")]) {
    if (fs.existsSync(p)) return fs.readFileSync(p, "utf8");
  }
  return "openapi: 3.1.0\n";
})();
const CSS_ETAG = etagOf(CSS);

function q(req: Request, name: string): string {
  const v = (req.query as Record<string, unknown>)[name];
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === "string" ? s.normalize("NFC").slice(0, 200) : "";
}

function field(body: unknown, name: string, max = 5000): string {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === "string" ? s.normalize("NFC").trim().slice(0, max) : "";
}

function unknownHostPage(): string {
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Không tìm thấy cổng thông tin</title><link rel="stylesheet" href="/static/site.css"></head>
<body><main id="main" class="wrap"><h1>Không tìm thấy cổng thông tin</h1>
<p>Địa chỉ bạn truy cập không thuộc hệ thống Cổng thông tin điện tử tỉnh Bắc Giang.</p>
<p>Vui lòng kiểm tra lại địa chỉ, hoặc truy cập <a href="https://www.bacgiang.gov.vn">Cổng TTĐT tỉnh Bắc Giang</a>.</p>
<p class="attribution">${escapeHtml("Nguồn: Cổng TTĐT tỉnh Bắc Giang (https://www.bacgiang.gov.vn)")}</p></main></body></html>`;
}

/** A 4xx page for a host that is no portal (or before the host is known). */
function plainErrorPage(title: string, detail: string): string {
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><link rel="stylesheet" href="/static/site.css"></head>
<body><main id="main" class="wrap"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(detail)}</p>
<p><a href="/">Về trang chủ</a></p></main></body></html>`;
}

function notModified(req: Request, etag: string, lastModified?: string): boolean {
  const inm = req.headers["if-none-match"];
  if (inm) return inm.split(",").some((t) => t.trim() === etag || t.trim() === `W/${etag}`);
  const ims = req.headers["if-modified-since"];
  if (ims && lastModified) {
    const since = Date.parse(ims);
    return Number.isFinite(since) && Math.floor(Date.parse(lastModified) / 1000) <= Math.floor(since / 1000);
  }
  return false;
}

const PER_REQUEST = new Set(["x-request-id", "strict-transport-security", "ratelimit", "ratelimit-policy"]);

function send(req: Request, res: Response, e: CacheEntry): void {
  res.setHeader("cache-control", "public, max-age=0, must-revalidate");
  if (!e.baseHeaders && e.status === 200) {
    const base: Record<string, string | number | string[]> = {};
    for (const [k, v] of Object.entries(res.getHeaders()))
      if (v !== undefined && !PER_REQUEST.has(k)) base[k] = v;
    base["content-type"] = e.contentType;
    base.etag = e.etag;
    if (e.lastModified) base["last-modified"] = new Date(e.lastModified).toUTCString();
    e.baseHeaders = base;
  }
  if (e.headers) for (const [k, v] of Object.entries(e.headers)) res.setHeader(k, v);
  if (e.status === 200) {
    res.setHeader("etag", e.etag);
    if (e.lastModified) res.setHeader("last-modified", new Date(e.lastModified).toUTCString());
    if (notModified(req, e.etag, e.lastModified)) {
      res.status(304).end();
      return;
    }
  }
  res.status(e.status).type(e.contentType).send(e.body);
}

function toEntry(r: Rendered): CacheEntry {
  return {
    status: r.status,
    body: r.body,
    contentType: r.contentType ?? "text/html; charset=utf-8",
    etag: etagOf(r.body),
    lastModified: r.lastModified,
    tags: r.tags,
    ...(r.headers ? { headers: r.headers } : {}),
  };
}

/**
 * The hot path: a GET for a page already in the render cache is answered before the rest of the
 * middleware (logging, parsing), replaying the headers of its first full answer — so a cached page
 * costs about what a hello-world costs. Misses fall through to the full app.
 */
export type FastPath = (req: Request, res: Response, next: NextFunction) => void;

export function publicRoutes(app: Express, deps: WebDeps): FastPath {
  const { model, cache, hosts } = deps;
  const pageDeps: PageDeps = {
    model,
    search: deps.search,
    mediaUrl: deps.mediaUrl.replace(/\/$/, ""),
    provincialPortalId: deps.provincialPortalId,
    portalOrigin: (portalId) => {
      const p = model.portal(portalId);
      return p ? hosts.origin(p.snapshot) : undefined;
    },
  };

  // a change purges exactly the pages that show it; component portals' changes also purge the
  // provincial aggregates (home, feeds)
  model.onChange(({ portalId, tags }) => {
    cache.purge(tags);
    if (portalId !== deps.provincialPortalId && tags.includes("aggregate"))
      cache.purge([`home:${deps.provincialPortalId}`]);
  });

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

  app.get("/openapi.yaml", (_req, res) => {
    res.type("application/yaml; charset=utf-8").send(OPENAPI);
  });

  // aggregate page views for the archive service's reports; bearer token (PAGEVIEWS_TOKEN)
  app.get("/internal/pageviews", async (req, res) => {
    const token = deps.pageviewsToken;
    const auth = req.headers.authorization ?? "";
    const given = Buffer.from(auth.replace(/^Bearer\s+/i, ""));
    if (!token || given.length !== Buffer.from(token).length || !timingSafeEqual(given, Buffer.from(token))) {
      res.status(401).type("application/problem+json").json({
        type: "about:blank",
        title: "Cần xác thực dịch vụ (service token required)",
        status: 401,
        code: "unauthenticated",
      });
      return;
    }
    const portalId = q(req, "portalId");
    const from = q(req, "from");
    const to = q(req, "to");
    if (
      !/^[a-z][a-z0-9]{1,39}$/.test(portalId) ||
      !/^\d{4}-\d{2}-\d{2}$/.test(from) ||
      !/^\d{4}-\d{2}-\d{2}$/.test(to)
    ) {
      res.status(400).type("application/problem+json").json({
        type: "about:blank",
        title: "Tham số không hợp lệ (portalId, from, to: YYYY-MM-DD)",
        status: 400,
        code: "malformed_request",
      });
      return;
    }
    await deps.pageViews.flush().catch(() => undefined);
    const days = await deps.pageViews.read(portalId, from, to);
    res.json({
      portalId,
      from,
      to,
      total: days.reduce((s, d) => s + d.total, 0),
      days: days.map((d) => ({ day: d.day, total: d.total, items: d.items })),
    });
  });

  // host → portal; an unknown host gets a Vietnamese 404
  app.use((req, res, next) => {
    const portalId = hosts.resolve(req.headers.host);
    if (!portalId) {
      res.status(404).type("text/html; charset=utf-8").send(unknownHostPage());
      return;
    }
    res.locals.portalId = portalId;
    next();
  });

  const formLimiter = rateLimit({
    windowMs: 10 * 60_000,
    limit: deps.formRateLimit,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    handler: (req, res) => {
      const site = siteOf(req, res, "vi");
      const r = resultPage(
        site,
        429,
        "Gửi quá nhiều lần",
        "Bạn đã gửi quá nhiều lần trong thời gian ngắn. Vui lòng thử lại sau ít phút.",
      );
      res.status(429).type("html").send(r.body);
    },
  });
  // the kit's strict form parser: UTF-8 only (415), no bad %-escapes, controls or lone surrogates (400)
  const urlencoded = formBody({ limit: "32kb", parameterLimit: 20 });

  function siteOf(_req: Request, res: Response, locale: Locale): Site {
    const portalId = res.locals.portalId as string;
    const portal = (model.portal(portalId) as NonNullable<ReturnType<ReadModel["portal"]>>).snapshot;
    return {
      portal,
      locale,
      prefix: locale === "vi" ? "" : `/${locale}`,
      // from configuration, never from Host or X-Forwarded-*: a cached page is the same for everyone
      origin: hosts.origin(portal),
      isProvince: portalId === deps.provincialPortalId,
    };
  }

  function cached(
    locale: Locale,
    render: (site: Site, req: Request) => Rendered | undefined,
    opts: { count?: (req: Request, res: Response) => string | undefined | null } = {},
  ) {
    return (req: Request, res: Response, next: NextFunction) => {
      const portalId = res.locals.portalId as string;
      const key = `${portalId}|${req.originalUrl}`;
      let entry = cache.get(key);
      if (!entry) {
        const site = siteOf(req, res, locale);
        const r = render(site, req);
        if (!r) return next();
        entry = toEntry(r);
        if (opts.count) {
          const c = opts.count(req, res);
          entry.count = c === null ? undefined : (c ?? "");
        }
        if (entry.status === 200) cache.set(key, entry);
      }
      if (opts.count && entry.status === 200) {
        const itemId = opts.count(req, res);
        if (itemId !== null) deps.pageViews.hit(portalId, itemId);
      }
      send(req, res, entry);
    };
  }

  const pageOf = (r: Rendered, req: Request, res: Response) => send(req, res, toEntry(r));

  function formState(
    site: Site,
    scope: string,
    values: Record<string, string> = {},
    errors: Record<string, string> = {},
  ): FormState {
    return { values, errors, token: deps.tokens.issue(`${site.portal.portalId}|${scope}`) };
  }

  function originOk(req: Request): boolean {
    const origin = req.headers.origin;
    if (!origin || origin === "null") return !origin;
    try {
      return new URL(origin).host === req.headers.host;
    } catch {
      return false;
    }
  }

  function redirectTarget(item: ItemRecord): string | undefined {
    const to = item.redirectTo;
    if (!to) return undefined;
    if (to.startsWith("/") && !to.startsWith("//") && !to.startsWith("/\\")) return to;
    try {
      const u = new URL(to);
      const host = u.host.toLowerCase();
      if (
        (u.protocol === "https:" || u.protocol === "http:") &&
        (host === deps.productionDomain || host.endsWith(`.${deps.productionDomain}`) || hosts.resolve(host))
      )
        return u.toString();
    } catch {
      return undefined;
    }
    return undefined;
  }

  function router(locale: Locale): Router {
    const r = Router({ strict: false });
    if (locale !== "vi") {
      r.use((req, res, next) => {
        const portal = model.portal(res.locals.portalId as string);
        if (!portal?.snapshot.languages.includes(locale)) {
          const site = siteOf(req, res, "vi");
          return pageOf(
            messagePage(site, 404, "Không tìm thấy trang", "Cổng thông tin này chưa có phiên bản tiếng Anh."),
            req,
            res,
          );
        }
        next();
      });
    }

    r.get(
      "/",
      cached(locale, (site) => homePage(pageDeps, site), { count: () => undefined }),
    );
    r.get(
      "/chuyen-muc/:slug",
      cached(locale, (site, req) =>
        categoryPage(pageDeps, site, String(req.params.slug), q(req, "sau") || undefined),
      ),
    );
    for (const format of ["rss", "atom"] as const) {
      r.get(
        `/${format}.xml`,
        cached(locale, (site) => feed(pageDeps, site, format)),
      );
      r.get(
        `/chuyen-muc/:slug/${format}.xml`,
        cached(locale, (site, req) => {
          const c = site.portal.categories.find((x) => x.slug === req.params.slug);
          return c ? feed(pageDeps, site, format, c) : undefined;
        }),
      );
    }
    r.get(
      "/van-ban",
      cached(locale, (site, req) =>
        legalRegistryPage(
          pageDeps,
          site,
          {
            loai: q(req, "loai"),
            "co-quan": q(req, "co-quan"),
            nam: q(req, "nam"),
            so: q(req, "so"),
          },
          q(req, "sau") || undefined,
        ),
      ),
    );
    r.get(
      "/du-thao",
      cached(locale, (site, req) =>
        kindListPage(pageDeps, site, "draft-for-comment", "/du-thao", q(req, "sau") || undefined),
      ),
    );
    r.get(
      "/hoi-dap",
      cached(locale, (site, req) =>
        kindListPage(pageDeps, site, "qa", "/hoi-dap", q(req, "sau") || undefined),
      ),
    );
    r.get(
      "/lien-he",
      cached(locale, (site) => contactPage(site)),
    );
    r.get("/tim-kiem", (req, res) => {
      const site = siteOf(req, res, locale);
      const page = Math.min(50, Math.max(1, Number.parseInt(q(req, "trang") || "1", 10) || 1));
      const all = site.isProvince && (q(req, "pham-vi") === "tat-ca" || !q(req, "q"));
      const rendered = searchPage(
        pageDeps,
        site,
        q(req, "q"),
        site.isProvince ? all || q(req, "pham-vi") === "tat-ca" : false,
        page,
      );
      res.setHeader("cache-control", "no-store");
      res.status(200).type("html").send(rendered.body);
    });

    // items: live → page; withdrawn → notice; gone/archived → 410; redirected or old slug → 301
    const resolveItem = (
      req: Request,
      res: Response,
    ): { item?: ItemRecord; redirect?: string; missing?: boolean } => {
      const portalId = res.locals.portalId as string;
      const slug = String(req.params.slug);
      const { item, moved } = model.bySlug(portalId, locale, slug);
      const prefix = locale === "vi" ? "" : `/${locale}`;
      if (moved) {
        const lc = moved.snapshot.locales[locale];
        if (lc)
          return { redirect: `${prefix}/tin/${lc.slug}${req.path.endsWith("/ban-in") ? "/ban-in" : ""}` };
      }
      if (!item) return { missing: true };
      if (item.status === "redirected") {
        const to = redirectTarget(item);
        if (to) return { redirect: to };
      }
      return { item };
    };

    const itemHandler = (print: boolean) => (req: Request, res: Response, next: NextFunction) => {
      const { item, redirect, missing } = resolveItem(req, res);
      if (redirect) return res.redirect(301, redirect);
      if (missing || !item) return next();
      const site = siteOf(req, res, locale);
      if (item.status === "gone" || item.status === "archived")
        return pageOf(goneResponse(site, item), req, res);
      if (item.status === "withdrawn" || item.status === "redirected")
        return pageOf(noticePage(site, item), req, res);
      if (!print && item.snapshot.kind === "draft-for-comment") {
        // the comment form carries a fresh token, and the window opens and closes with time: not cached
        const form = commentWindowOpen(item)
          ? commentForm(site, item, formState(site, `comment|${item._id}`))
          : undefined;
        deps.pageViews.hit(site.portal.portalId, item._id);
        const rendered = itemPage(pageDeps, site, item, form ? { commentForm: form } : {});
        res.setHeader("cache-control", "no-store");
        return void res.status(200).type("html").send(rendered.body);
      }
      return cached(locale, (s) => itemPage(pageDeps, s, item, { print }), { count: () => item._id })(
        req,
        res,
        next,
      );
    };
    // a revision not yet live, on its portal's own host (issue 14, R-MODERATE): content's snapshot,
    // the item-page template, a banner; never cached, counted, indexed, or in feeds and sitemaps
    if (locale === "vi")
      r.get("/xem-truoc/:token", async (req, res) => {
        const site = siteOf(req, res, locale);
        res.setHeader("cache-control", "no-store");
        res.setHeader("x-robots-tag", "noindex");
        // the token is in the address: never sent on to another site or to media
        res.setHeader("referrer-policy", "no-referrer");
        // written as is: no ETag, so nothing answers a conditional request from a cache
        const out = (r: Rendered) => void res.status(r.status).type("html").end(r.body);
        const token = PreviewToken.safeParse(req.params.token);
        if (!token.success) return out(previewNotFoundPage(site));
        const got = await deps.previews.get(token.data);
        if (got.kind === "expired") return out(previewExpiredPage(site));
        if (got.kind === "unavailable") return out(previewUnavailablePage(site));
        // another portal's preview is not found here (R-DOM, R-ORG)
        const p = got.kind === "ok" ? got.preview : undefined;
        if (
          !p ||
          p.portalId !== site.portal.portalId ||
          p.snapshot.portalId !== p.portalId ||
          p.snapshot.itemId !== p.itemId
        )
          return out(previewNotFoundPage(site));
        out(previewPage(pageDeps, site, p));
      });

    r.get("/tin/:slug", itemHandler(false));
    r.get("/tin/:slug/ban-in", itemHandler(true));

    r.post("/tin/:slug/y-kien", formLimiter, urlencoded, async (req, res, next) => {
      const { item } = resolveItem(req, res);
      if (item?.status !== "live") return next();
      const site = siteOf(req, res, locale);
      if (!commentWindowOpen(item))
        return pageOf(
          resultPage(
            site,
            409,
            "Đã hết thời gian góp ý",
            "Dự thảo này hiện không trong thời gian lấy ý kiến.",
          ),
          req,
          res,
        );
      const scope = `${site.portal.portalId}|comment|${item._id}`;
      if (!originOk(req) || !deps.tokens.verify(scope, field(req.body, "csrf", 200)))
        return pageOf(
          resultPage(
            site,
            403,
            "Biểu mẫu đã hết hạn",
            "Biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang và gửi lại.",
          ),
          req,
          res,
        );
      if (field(req.body, "website"))
        return pageOf(resultPage(site, 200, "Đã gửi góp ý", "Cảm ơn bạn đã góp ý."), req, res);
      const values = {
        "ho-ten": field(req.body, "ho-ten", 100),
        "noi-dung": field(req.body, "noi-dung", 5000),
        "dong-y": field(req.body, "dong-y", 5),
      };
      const errors: Record<string, string> = {};
      if (!values["ho-ten"]) errors["ho-ten"] = "Nhập họ và tên.";
      if (values["noi-dung"].length < 10) errors["noi-dung"] = "Nội dung góp ý cần ít nhất 10 ký tự.";
      if (!values["dong-y"]) errors["dong-y"] = "Cần bạn đồng ý để gửi góp ý.";
      if (Object.keys(errors).length) {
        const form = formState(site, `comment|${item._id}`, values, errors);
        const rendered = itemPage(pageDeps, site, item, { commentForm: commentForm(site, item, form) });
        return void res.status(422).type("html").send(rendered.body);
      }
      const result = await deps.content.comment(
        item._id,
        { name: values["ho-ten"], message: values["noi-dung"], consent: true },
        req.ip,
      );
      return pageOf(outcomePage(site, result, "góp ý dự thảo"), req, res);
    });

    r.get("/gop-y", (req, res) => {
      const site = siteOf(req, res, locale);
      const loai = q(req, "loai") === "question" ? "question" : "feedback";
      const rendered = feedbackPage(site, formState(site, "feedback", { loai }));
      res.setHeader("cache-control", "no-store");
      res.status(200).type("html").send(rendered.body);
    });

    r.post("/gop-y", formLimiter, urlencoded, async (req, res) => {
      const site = siteOf(req, res, locale);
      const scope = `${site.portal.portalId}|feedback`;
      if (!originOk(req) || !deps.tokens.verify(scope, field(req.body, "csrf", 200))) {
        const rendered = feedbackPage(
          site,
          formState(
            site,
            "feedback",
            {},
            { csrf: "Biểu mẫu đã hết hạn hoặc không hợp lệ, vui lòng gửi lại." },
          ),
          403,
        );
        return void res.status(403).type("html").send(rendered.body);
      }
      // a bot filled the hidden field: answer as if accepted, forward nothing
      if (field(req.body, "website"))
        return pageOf(resultPage(site, 200, "Đã gửi ý kiến", "Cảm ơn bạn đã gửi ý kiến."), req, res);
      const values = {
        loai: field(req.body, "loai", 20) === "question" ? "question" : "feedback",
        "ho-ten": field(req.body, "ho-ten", 100),
        email: field(req.body, "email", 200),
        "dien-thoai": field(req.body, "dien-thoai", 30),
        "tieu-de": field(req.body, "tieu-de", 200),
        "noi-dung": field(req.body, "noi-dung", 5000),
        "dong-y": field(req.body, "dong-y", 5),
      };
      const errors: Record<string, string> = {};
      if (!values["ho-ten"]) errors["ho-ten"] = "Nhập họ và tên.";
      if (values.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email))
        errors.email = "Thư điện tử chưa đúng định dạng, ví dụ: ten@vidu.vn.";
      if (values["dien-thoai"] && !/^[0-9 +().-]{6,20}$/.test(values["dien-thoai"]))
        errors["dien-thoai"] = "Số điện thoại chỉ gồm chữ số, từ 6 đến 20 ký tự.";
      if (values["noi-dung"].length < 10) errors["noi-dung"] = "Nội dung cần ít nhất 10 ký tự.";
      if (!values["dong-y"]) errors["dong-y"] = "Cần bạn đồng ý để Ban biên tập xử lý ý kiến.";
      if (Object.keys(errors).length) {
        const rendered = feedbackPage(site, formState(site, "feedback", values, errors), 422);
        return void res.status(422).type("html").send(rendered.body);
      }
      const result = await deps.content.feedback(
        site.portal.portalId,
        {
          kind: values.loai as "feedback" | "question",
          name: values["ho-ten"],
          ...(values.email ? { email: values.email } : {}),
          ...(values["dien-thoai"] ? { phone: values["dien-thoai"] } : {}),
          ...(values["tieu-de"] ? { subject: values["tieu-de"] } : {}),
          message: values["noi-dung"],
          consent: true,
        },
        req.ip,
      );
      return pageOf(outcomePage(site, result, values.loai === "question" ? "câu hỏi" : "ý kiến"), req, res);
    });

    r.get(
      "/sitemap.xml",
      cached(locale, (site) => sitemap(pageDeps, site)),
    );
    r.get(
      "/sitemap-:part.xml",
      cached(locale, (site, req) =>
        /^\d{1,4}$/.test(String(req.params.part))
          ? sitemap(pageDeps, site, Number(req.params.part))
          : undefined,
      ),
    );
    r.get(
      "/robots.txt",
      cached(locale, (site) => robots(site)),
    );

    // anything else on a known host: a 404 page in the portal's layout
    r.use((req, res) => {
      const site = siteOf(req, res, locale);
      pageOf(
        messagePage(site, 404, "Không tìm thấy trang", "Trang bạn tìm không có hoặc đã được chuyển đi."),
        req,
        res,
      );
    });
    return r;
  }

  function outcomePage(
    site: Site,
    result: Awaited<ReturnType<ContentClient["feedback"]>>,
    what: string,
  ): Rendered {
    if (result.ok)
      return resultPage(
        site,
        200,
        `Đã gửi ${what}`,
        `Cảm ơn bạn. Ban biên tập đã nhận ${what} của bạn và sẽ xử lý, trả lời theo quy định.`,
      );
    if (result.unreachable || result.status >= 500)
      return resultPage(
        site,
        503,
        "Hệ thống tạm thời chưa nhận được ý kiến",
        `Hệ thống tiếp nhận đang tạm ngừng. ${what[0]?.toUpperCase()}${what.slice(1)} của bạn CHƯA được gửi; vui lòng thử lại sau hoặc gửi thư tới ${site.portal.boardMailbox}, đường dây nóng ${site.portal.hotline}.`,
      );
    if (result.status === 429)
      return resultPage(
        site,
        429,
        "Gửi quá nhiều lần",
        "Bạn đã gửi quá nhiều lần trong thời gian ngắn. Vui lòng thử lại sau.",
      );
    return resultPage(
      site,
      422,
      "Chưa gửi được",
      `Nội dung chưa hợp lệ: ${result.detail ?? "vui lòng kiểm tra lại"}.`,
    );
  }

  app.use("/en", router("en"));
  app.use("/", router("vi"));

  // a client's mistake the kit recognises (a bad %-escape in the address or a form, a foreign
  // charset, a control character: issue 15.5, 15.7) is a Vietnamese page in the portal's layout —
  // or problem+json for a client that asks for JSON; anything else goes on to the kit's handler
  const clientError: ErrorRequestHandler = (err, req, res, next) => {
    const known = toAppError(err);
    if (!known || known.status >= 500 || res.headersSent) return next(err);
    res.setHeader("cache-control", "no-store");
    if (
      req.path.startsWith("/internal/") ||
      req.accepts(["html", "application/problem+json", "json"]) !== "html"
    )
      return sendProblem(res, req, known);
    for (const [k, v] of Object.entries(known.options.headers ?? {})) res.setHeader(k, v);
    const problem = problemBody(known, req);
    const portalId = (res.locals.portalId as string | undefined) ?? hosts.resolve(req.headers.host);
    const detail = `${problem.detail ?? ""} (Mã lỗi: ${problem.reason ?? problem.code})`.trim();
    if (!portalId || !model.portal(portalId)) {
      res.status(known.status).type("text/html; charset=utf-8").send(plainErrorPage(problem.title, detail));
      return;
    }
    res.locals.portalId = portalId;
    // Vietnamese, like the kit's titles, whichever side of the portal the address was on
    const site = siteOf(req, res, "vi");
    const page = messagePage(site, known.status, problem.title, detail);
    res.status(known.status).type("text/html; charset=utf-8").send(page.body);
  };
  app.use(clientError);

  return (req, res, next) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    const portalId = hosts.resolve(req.headers.host);
    const entry = portalId ? cache.get(`${portalId}|${req.url}`) : undefined;
    if (!portalId || !entry?.baseHeaders) return next();
    if (entry.count !== undefined) deps.pageViews.hit(portalId, entry.count || undefined);
    deps.onFastHit?.();
    const headers: Record<string, string | number | string[]> = { ...entry.baseHeaders };
    if (req.secure) headers["strict-transport-security"] = "max-age=31536000; includeSubDomains";
    if (notModified(req, entry.etag, entry.lastModified)) {
      res.writeHead(304, headers);
      return void res.end();
    }
    headers["content-length"] = Buffer.byteLength(entry.body);
    res.writeHead(200, headers);
    res.end(req.method === "HEAD" ? undefined : entry.body);
  };
}
