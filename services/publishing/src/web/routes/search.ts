// The search page: never cached (its query is the reader's).
import type { Router } from "express";
import type { Locale } from "../i18n";
import { searchPage } from "../pages";
import type { RouteContext } from "./context";
import { q } from "./respond";

export function searchRoutes(r: Router, { siteOf, pageDeps }: RouteContext, locale: Locale): void {
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
}
