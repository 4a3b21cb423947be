// What every route module uses: the service's parts (WebDeps), the page templates' dependencies,
// the site of a request, the render cache's wrapper, form tokens and the forms' limits.
import { formBody } from "@cong/kit";
import type { NextFunction, Request, Response } from "express";
import { rateLimit } from "express-rate-limit";
import type { RenderCache } from "../../cache/render-cache";
import type { ContentClient } from "../../feedback/content-client";
import { resultPage } from "../../feedback/feedback.pages";
import type { FormTokens } from "../../feedback/form-token";
import type { PageViews } from "../../pageviews/pageviews";
import type { PreviewClient } from "../../previews/preview.client";
import type { ReadModel } from "../../readmodel/readmodel";
import type { SearchIndex } from "../../search/search.index";
import { type Locale, t } from "../i18n";
import type { FormState, PageDeps, Rendered } from "../pages";
import { emblemImage } from "../pages/images";
import type { HostMap, Site } from "../site";
import { send, toEntry } from "./respond";

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

export type Handler = (req: Request, res: Response, next: NextFunction) => void;

export interface RouteContext {
  deps: WebDeps;
  pageDeps: PageDeps;
  /** the portal (res.locals.portalId) and locale of a request */
  siteOf(req: Request, res: Response, locale: Locale): Site;
  /** a page answered from the render cache, rendered and cached on a miss (200s only) */
  cached(
    locale: Locale,
    render: (site: Site, req: Request) => Rendered | undefined,
    opts?: { count?: (req: Request, res: Response) => string | undefined | null },
  ): Handler;
  /** a page answered as rendered, not cached */
  pageOf(r: Rendered, req: Request, res: Response): void;
  /** a form's values, errors and a fresh token for its scope */
  formState(
    site: Site,
    scope: string,
    values?: Record<string, string>,
    errors?: Record<string, string>,
  ): FormState;
  /** the form was posted from this host (or without an Origin header) */
  originOk(req: Request): boolean;
  /** the forms' rate limit (FORM_RATE_LIMIT per 10 minutes) */
  formLimiter: Handler;
  /** the kit's strict form parser */
  urlencoded: Handler;
}

export function routeContext(deps: WebDeps): RouteContext {
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

  function emblemOf(portalId: string): Pick<Site, "emblem"> {
    const emblem = emblemImage(model, pageDeps.mediaUrl, portalId, deps.provincialPortalId);
    return emblem ? { emblem } : {};
  }

  function provincialOf(portalId: string): Pick<Site, "provincial"> {
    const prov = portalId === deps.provincialPortalId ? undefined : model.portal(deps.provincialPortalId);
    if (!prov?.snapshot.active) return {};
    const { name, languages } = prov.snapshot;
    return { provincial: { name, languages, origin: hosts.origin(prov.snapshot) } };
  }

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
      ...provincialOf(portalId),
      ...emblemOf(portalId),
    };
  }

  const cached: RouteContext["cached"] =
    (locale, render, opts = {}) =>
    (req, res, next) => {
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
        if (itemId !== null) deps.pageViews.hit(portalId, itemId, req.headers["user-agent"]);
      }
      send(req, res, entry);
    };

  const formLimiter = rateLimit({
    windowMs: 10 * 60_000,
    limit: deps.formRateLimit,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    handler: (req, res) => {
      // the English router is mounted at /en
      const site = siteOf(req, res, req.baseUrl === "/en" ? "en" : "vi");
      const r =
        site.locale === "en"
          ? resultPage(site, 429, t("tooMany", "en"), t("tooManyText", "en"))
          : resultPage(
              site,
              429,
              "Gửi quá nhiều lần",
              "Bạn đã gửi quá nhiều lần trong thời gian ngắn. Vui lòng thử lại sau ít phút.",
            );
      res.status(429).type("html").send(r.body);
    },
  });

  return {
    deps,
    pageDeps,
    siteOf,
    cached,
    pageOf: (r, req, res) => send(req, res, toEntry(r)),
    formState: (site, scope, values = {}, errors = {}) => ({
      values,
      errors,
      token: deps.tokens.issue(`${site.portal.portalId}|${scope}`),
      locale: site.locale,
    }),
    originOk(req) {
      const origin = req.headers.origin;
      if (!origin || origin === "null") return !origin;
      try {
        return new URL(origin).host === req.headers.host;
      } catch {
        return false;
      }
    },
    formLimiter,
    // the kit's strict form parser: UTF-8 only (415), no bad %-escapes, controls or lone surrogates (400)
    urlencoded: formBody({ limit: "32kb", parameterLimit: 20 }),
  };
}
