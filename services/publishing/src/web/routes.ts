// HTTP, composed: the service's own routes and host → portal (routes/service.ts), then each
// locale's pages, one module per page family (routes/*.ts), and client errors as pages
// (routes/errors.ts). Pages are rendered from memory and cached with precise purges; conditional
// requests get 304 (ETag / Last-Modified); cached pages are answered by the fast path this returns.
import type { Express } from "express";
import { Router } from "express";
import { tag } from "../readmodel/readmodel";
import { type Locale, t } from "./i18n";
import { messagePage } from "./pages";
import { type RouteContext, routeContext, type WebDeps } from "./routes/context";
import { clientErrors } from "./routes/errors";
import { feedbackRoutes } from "./routes/feedback";
import { feedRoutes } from "./routes/feeds";
import { homeRoutes } from "./routes/home";
import { itemRoutes } from "./routes/items";
import { listingRoutes } from "./routes/listings";
import { previewRoutes } from "./routes/preview";
import { type FastPath, fastPath } from "./routes/respond";
import { searchRoutes } from "./routes/search";
import { serviceRoutes } from "./routes/service";

export type { WebDeps } from "./routes/context";
export type { FastPath } from "./routes/respond";

function localeRouter(ctx: RouteContext, locale: Locale): Router {
  const { siteOf, pageOf } = ctx;
  const r = Router({ strict: false });
  if (locale !== "vi") {
    r.use((req, res, next) => {
      const portal = ctx.deps.model.portal(res.locals.portalId as string);
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
  homeRoutes(r, ctx, locale);
  listingRoutes(r, ctx, locale);
  feedRoutes(r, ctx, locale);
  searchRoutes(r, ctx, locale);
  feedbackRoutes(r, ctx, locale);
  if (locale === "vi") previewRoutes(r, ctx);
  itemRoutes(r, ctx, locale);
  // anything else on a known host: a 404 page in the portal's layout
  r.use((req, res) => {
    const site = siteOf(req, res, locale);
    pageOf(
      messagePage(
        site,
        404,
        t("notFound", locale),
        locale === "en"
          ? "The page you are looking for does not exist or has moved."
          : "Trang bạn tìm không có hoặc đã được chuyển đi.",
      ),
      req,
      res,
    );
  });
  return r;
}

export function publicRoutes(app: Express, deps: WebDeps): FastPath {
  const ctx = routeContext(deps);
  // a change purges exactly the pages that show it; component portals' changes also purge the
  // provincial aggregates (home, feeds)
  deps.model.onChange(({ portalId, tags }) => {
    deps.cache.purge(tags);
    if (portalId !== deps.provincialPortalId && tags.includes("aggregate"))
      deps.cache.purge([`home:${deps.provincialPortalId}`]);
    // every component page names the provincial portal and links to it (header, footer): a change
    // of the provincial portal's record purges every portal's pages (rare: an editor's change)
    if (portalId === deps.provincialPortalId && tags.includes(tag.portal(portalId)))
      deps.cache.purge([...deps.model.portals.keys()].map(tag.portal));
  });
  serviceRoutes(app, ctx);
  app.use("/en", localeRouter(ctx, "en"));
  app.use("/", localeRouter(ctx, "vi"));
  app.use(clientErrors(ctx));
  return fastPath(deps);
}
