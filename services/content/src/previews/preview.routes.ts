// HTTP for preview links (R-MODERATE): staff routes under the item (portal roles checked here,
// ownership for contributors in the service) and the public route that opens a link without login.
import { Router } from "express";
import { callerOf, mayAuthorContent } from "../auth";
import type { PreviewService } from "./preview.service";

type Params = { params: Record<string, string | string[] | undefined> };
const p = (req: Params) => req.params.portalId as string;
const id = (req: Params) => req.params.itemId as string;

export function previewRoutes(previews: PreviewService): Router {
  const r = Router();
  r.post("/portals/:portalId/items/:itemId/preview-links", mayAuthorContent, async (req, res) => {
    const link = await previews.create(p(req), id(req), req.body, callerOf(req));
    res.status(201).setHeader("Cache-Control", "no-store").json(link);
  });
  r.get("/portals/:portalId/items/:itemId/preview-links", mayAuthorContent, async (req, res) => {
    res.json({ items: await previews.list(p(req), id(req), callerOf(req)) });
  });
  r.delete(
    "/portals/:portalId/items/:itemId/preview-links/:previewId",
    mayAuthorContent,
    async (req, res) => {
      await previews.revoke(p(req), id(req), req.params.previewId as string, callerOf(req));
      res.status(204).end();
    },
  );
  return r;
}

/** Mounted before authentication: the token is the key (32 random bytes), nothing else is asked. */
export function publicPreviewRoutes(previews: PreviewService): Router {
  const r = Router();
  r.get("/public/previews/:token", async (req, res) => {
    const preview = await previews.open(req.params.token as string);
    // a draft: never cached, never indexed, the token never leaks in a Referer
    res
      .setHeader("Cache-Control", "private, no-store")
      .setHeader("X-Robots-Tag", "noindex, nofollow")
      .setHeader("Referrer-Policy", "no-referrer")
      .json(preview);
  });
  return r;
}
