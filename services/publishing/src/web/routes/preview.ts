// A revision not yet live, on its portal's own host (issue 14, R-MODERATE): content's snapshot,
// the item-page template, a banner; never cached, counted, indexed, or in feeds and sitemaps.
import { PreviewToken } from "@cong/contracts";
import type { Router } from "express";
import {
  previewExpiredPage,
  previewNotFoundPage,
  previewPage,
  previewUnavailablePage,
} from "../../previews/preview.pages";
import type { Rendered } from "../pages";
import type { RouteContext } from "./context";

/** Vietnamese side only. */
export function previewRoutes(r: Router, { deps, siteOf, pageDeps }: RouteContext): void {
  r.get("/xem-truoc/:token", async (req, res) => {
    const site = siteOf(req, res, "vi");
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
}
