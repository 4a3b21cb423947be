// Ad slots (R-ADS): banners per portal with start and end dates, managed by the portal's board or a
// platform admin; the public read returns active banners and NEVER any on a legal-document page or
// a legal-document listing. Link targets and images are https only. Routes parse, call AdService
// (ad.service.ts) and respond.
import type { Service } from "@cong/kit";
import type express from "express";
import { z } from "zod";
import { checkedPortal, mayManageAdSlots } from "../auth";
import { actorOf, cleanText, h, isSafeHttpsUrl, parse } from "../feedback/shared";
import { portalOfRecord } from "../portals/portal-id";
import type { AdDoc } from "./ad.repository";
import type { AdService } from "./ad.service";

const httpsUrl = z.string().max(2000).refine(isSafeHttpsUrl, "an https URL / chỉ chấp nhận đường dẫn https");
/** The path names an image file; false for anything that is not a URL (zod runs every refinement). */
function imagePath(raw: string): boolean {
  try {
    return /\.(png|jpe?g|webp|gif|avif)$/i.test(new URL(raw).pathname);
  } catch {
    return false;
  }
}
const imageUrl = httpsUrl.refine(imagePath, {
  message: "an image (.png, .jpg, .webp, .gif, .avif) over https",
});

const AdFields = {
  title: z.string().transform(cleanText).pipe(z.string().min(2).max(200)),
  imageUrl,
  linkUrl: httpsUrl,
  placement: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,39}$/)
    .default("sidebar"),
  startsAt: z.coerce.date(),
  endsAt: z.coerce.date(),
};
const CreateAd = z
  .strictObject(AdFields)
  .refine((a) => a.endsAt > a.startsAt, { message: "endsAt after startsAt", path: ["endsAt"] });
const PatchAd = z.strictObject({
  title: AdFields.title.optional(),
  imageUrl: imageUrl.optional(),
  linkUrl: httpsUrl.optional(),
  placement: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,39}$/)
    .optional(),
  startsAt: z.coerce.date().optional(),
  endsAt: z.coerce.date().optional(),
});
const PublicQuery = z.object({
  itemId: z.string().max(100).optional(),
  /** the kind of listing the page shows; legal-document listings carry no ads */
  listing: z.string().max(60).optional(),
  placement: z.string().max(40).optional(),
});

export interface AdDeps {
  svc: Service;
  ads: AdService;
}

function view(a: AdDoc) {
  const { _id, ...rest } = a;
  return { adId: _id, ...rest };
}

function publicView(a: AdDoc) {
  return {
    adId: a._id,
    title: a.title,
    imageUrl: a.imageUrl,
    linkUrl: a.linkUrl,
    placement: a.placement,
    endsAt: a.endsAt.toISOString(),
  };
}

export function adRoutes(router: express.Router, d: AdDeps): void {
  const auth = d.svc.authenticate();

  router.get(
    "/public/portals/:portalId/ads",
    h(async (req, res) => {
      const q = parse(PublicQuery, req.query);
      // a public read: the portal the page names (an unknown one has no ads)
      const items = await d.ads.showing(portalOfRecord(String(req.params.portalId)), q);
      res.setHeader("Cache-Control", "public, max-age=60");
      res.json({ items: items.map(publicView) });
    }),
  );

  router.get(
    "/portals/:portalId/ads",
    auth,
    mayManageAdSlots,
    h(async (req, res) => {
      res.json({ items: (await d.ads.list(checkedPortal(req))).map(view) });
    }),
  );

  router.post(
    "/portals/:portalId/ads",
    auth,
    mayManageAdSlots,
    h(async (req, res) => {
      const body = parse(CreateAd, req.body);
      res.status(201).json(view(await d.ads.create(checkedPortal(req), body, actorOf(req))));
    }),
  );

  router.get(
    "/portals/:portalId/ads/:adId",
    auth,
    mayManageAdSlots,
    h(async (req, res) => {
      res.json(view(await d.ads.get(checkedPortal(req), String(req.params.adId))));
    }),
  );

  router.patch(
    "/portals/:portalId/ads/:adId",
    auth,
    mayManageAdSlots,
    h(async (req, res) => {
      const body = parse(PatchAd, req.body);
      res.json(view(await d.ads.update(checkedPortal(req), String(req.params.adId), body, actorOf(req))));
    }),
  );

  router.delete(
    "/portals/:portalId/ads/:adId",
    auth,
    mayManageAdSlots,
    h(async (req, res) => {
      await d.ads.delete(checkedPortal(req), String(req.params.adId));
      res.status(204).end();
    }),
  );
}
