// Ad slots (R-ADS): banners per portal with start and end dates, managed by the portal's board or a
// platform admin; the public read returns active banners and NEVER any on a legal-document page or
// a legal-document listing. Link targets and images are https only.
import type { Actor } from "@cong/contracts";
import { BOARD_ROLES, fail, requirePortalRole, type Service } from "@cong/kit";
import type express from "express";
import type { Collection } from "mongodb";
import { z } from "zod";
import { actorOf, cleanText, h, isSafeHttpsUrl, newId, parse } from "../feedback/shared";
import type { ItemPort, PortalReader } from "../ports";

export interface AdDoc {
  _id: string;
  portalId: string;
  title: string;
  imageUrl: string;
  linkUrl: string;
  /** where the banner shows, e.g. "sidebar", "home-top" */
  placement: string;
  startsAt: Date;
  endsAt: Date;
  createdAt: Date;
  createdBy: Actor;
  updatedAt: Date;
  updatedBy: Actor;
}

const portalParam = (req: express.Request) => req.params.portalId as string | undefined;
const canManage = requirePortalRole(portalParam, BOARD_ROLES, { orRealmRoles: ["platform-admin"] });

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
  ads: Collection<AdDoc>;
  portals: PortalReader;
  items: ItemPort;
  now: () => Date;
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
      const portalId = String(req.params.portalId);
      res.setHeader("Cache-Control", "public, max-age=60");
      if (q.listing && /legal/.test(q.listing)) {
        res.json({ items: [] });
        return;
      }
      if (q.itemId) {
        const item = await d.items.getPublic(q.itemId);
        // legal-document pages (and drafts of them) never carry ads; unknown items get none either
        if (
          !item ||
          item.isLegalDocument ||
          item.kind === "legal-document" ||
          item.kind === "draft-for-comment"
        ) {
          res.json({ items: [] });
          return;
        }
      }
      const now = d.now();
      const docs = await d.ads.find({ portalId }).toArray();
      const items = docs
        .filter((a) => a.startsAt <= now && now < a.endsAt && (!q.placement || a.placement === q.placement))
        .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
        .map(publicView);
      res.json({ items });
    }),
  );

  router.get(
    "/portals/:portalId/ads",
    auth,
    canManage,
    h(async (req, res) => {
      const docs = await d.ads.find({ portalId: String(req.params.portalId) }).toArray();
      res.json({ items: docs.sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime()).map(view) });
    }),
  );

  router.post(
    "/portals/:portalId/ads",
    auth,
    canManage,
    h(async (req, res) => {
      const body = parse(CreateAd, req.body);
      const portalId = String(req.params.portalId);
      if (!(await d.portals.get(portalId)))
        throw fail.notFound("Không tìm thấy cổng thông tin. / Portal not found.");
      const by = actorOf(req);
      const now = d.now();
      const doc: AdDoc = {
        _id: newId(),
        portalId,
        ...body,
        createdAt: now,
        createdBy: by,
        updatedAt: now,
        updatedBy: by,
      };
      await d.ads.insertOne(doc);
      res.status(201).json(view(doc));
    }),
  );

  async function load(req: express.Request): Promise<AdDoc> {
    const a = await d.ads.findOne({ _id: String(req.params.adId) });
    if (!a || a.portalId !== req.params.portalId)
      throw fail.notFound("Không tìm thấy quảng cáo. / Ad not found.");
    return a;
  }

  router.get(
    "/portals/:portalId/ads/:adId",
    auth,
    canManage,
    h(async (req, res) => {
      res.json(view(await load(req)));
    }),
  );

  router.patch(
    "/portals/:portalId/ads/:adId",
    auth,
    canManage,
    h(async (req, res) => {
      const body = parse(PatchAd, req.body);
      const a = await load(req);
      const next = { ...a, ...body };
      if (next.endsAt <= next.startsAt)
        throw fail.validation([{ path: "endsAt", code: "invalid", message: "endsAt after startsAt" }]);
      const r = await d.ads.findOneAndUpdate(
        { _id: a._id },
        { $set: { ...body, updatedAt: d.now(), updatedBy: actorOf(req) } },
        { returnDocument: "after" },
      );
      if (!r) throw fail.notFound();
      res.json(view(r));
    }),
  );

  router.delete(
    "/portals/:portalId/ads/:adId",
    auth,
    canManage,
    h(async (req, res) => {
      const a = await load(req);
      await d.ads.deleteOne({ _id: a._id });
      res.status(204).end();
    }),
  );
}
