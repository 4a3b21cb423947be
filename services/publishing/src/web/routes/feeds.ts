// Machine-read pages, all cached: RSS and Atom (the portal's and a category's), the sitemaps and
// robots.txt.
import type { Router } from "express";
import { feed, robots, sitemap } from "../feeds";
import type { Locale } from "../i18n";
import type { RouteContext } from "./context";

export function feedRoutes(r: Router, { cached, pageDeps }: RouteContext, locale: Locale): void {
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
}
