// The home page (cached; counted as a page view of the portal).
import type { Router } from "express";
import type { Locale } from "../i18n";
import { homePage } from "../pages";
import type { RouteContext } from "./context";

export function homeRoutes(r: Router, { cached, pageDeps }: RouteContext, locale: Locale): void {
  r.get(
    "/",
    cached(locale, (site) => homePage(pageDeps, site), { count: () => undefined }),
  );
}
