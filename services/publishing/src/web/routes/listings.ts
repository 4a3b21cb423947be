// Listings, newest first, paged by `?sau=`: a category, the legal documents registry (with its
// filters), drafts for comment and Q&A.
import type { Router } from "express";
import type { Locale } from "../i18n";
import { categoryPage, kindListPage, legalRegistryPage } from "../pages";
import type { RouteContext } from "./context";
import { q } from "./respond";

export function listingRoutes(r: Router, { cached, pageDeps }: RouteContext, locale: Locale): void {
  const after = (req: Parameters<typeof q>[0]) => q(req, "sau") || undefined;
  r.get(
    "/chuyen-muc/:slug",
    cached(locale, (site, req) => categoryPage(pageDeps, site, String(req.params.slug), after(req))),
  );
  r.get(
    "/van-ban",
    cached(locale, (site, req) =>
      legalRegistryPage(
        pageDeps,
        site,
        { loai: q(req, "loai"), "co-quan": q(req, "co-quan"), nam: q(req, "nam"), so: q(req, "so") },
        after(req),
      ),
    ),
  );
  r.get(
    "/du-thao",
    cached(locale, (site, req) => kindListPage(pageDeps, site, "draft-for-comment", "/du-thao", after(req))),
  );
  r.get(
    "/hoi-dap",
    cached(locale, (site, req) => kindListPage(pageDeps, site, "qa", "/hoi-dap", after(req))),
  );
}
