// Ad slots' rules (R-ADS): banners per portal with start and end dates; the public read returns
// active banners and NEVER any on a legal-document page or a legal-document listing.
import type { Actor } from "@cong/contracts";
import { fail } from "@cong/kit";
import { newId } from "../feedback/shared";
import type { PortalId } from "../portals/portal-id";
import type { ItemPort, PortalReader } from "../ports";
import type { AdChanges, AdDoc, AdRepository } from "./ad.repository";

export interface PublicAdQuery {
  itemId?: string;
  /** the kind of listing the page shows; legal-document listings carry no ads */
  listing?: string;
  placement?: string;
}

export type NewAd = Pick<AdDoc, "title" | "imageUrl" | "linkUrl" | "placement" | "startsAt" | "endsAt">;

export class AdService {
  constructor(
    private readonly ads: AdRepository,
    private readonly portals: PortalReader,
    private readonly items: ItemPort,
    private readonly now: () => Date,
  ) {}

  /** The banners a public page shows now, earliest started first. */
  async showing(portalId: PortalId, q: PublicAdQuery): Promise<AdDoc[]> {
    if (q.listing && /legal/.test(q.listing)) return [];
    if (q.itemId) {
      const item = await this.items.getPublic(q.itemId);
      // legal-document pages (and drafts of them) never carry ads; unknown items get none either
      if (
        !item ||
        item.isLegalDocument ||
        item.kind === "legal-document" ||
        item.kind === "draft-for-comment"
      )
        return [];
    }
    const now = this.now();
    return (await this.ads.ofPortal(portalId))
      .filter((a) => a.startsAt <= now && now < a.endsAt && (!q.placement || a.placement === q.placement))
      .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  }

  /** Every ad of the portal, latest start first (the board's list). */
  async list(portalId: PortalId): Promise<AdDoc[]> {
    return (await this.ads.ofPortal(portalId)).sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime());
  }

  async get(portalId: PortalId, adId: string): Promise<AdDoc> {
    const a = await this.ads.get(portalId, adId);
    if (!a) throw fail.notFound("Không tìm thấy quảng cáo. / Ad not found.");
    return a;
  }

  async create(portalId: PortalId, ad: NewAd, by: Actor): Promise<AdDoc> {
    if (!(await this.portals.get(portalId)))
      throw fail.notFound("Không tìm thấy cổng thông tin. / Portal not found.");
    const now = this.now();
    const doc: AdDoc = {
      _id: newId(),
      portalId,
      ...ad,
      createdAt: now,
      createdBy: by,
      updatedAt: now,
      updatedBy: by,
    };
    await this.ads.insert(portalId, doc);
    return doc;
  }

  async update(portalId: PortalId, adId: string, changes: AdChanges, by: Actor): Promise<AdDoc> {
    const a = await this.get(portalId, adId);
    const next = { ...a, ...changes };
    if (next.endsAt <= next.startsAt)
      throw fail.validation([{ path: "endsAt", code: "invalid", message: "endsAt after startsAt" }]);
    const r = await this.ads.update(portalId, a._id, changes, this.now(), by);
    if (!r) throw fail.notFound();
    return r;
  }

  async delete(portalId: PortalId, adId: string): Promise<void> {
    const a = await this.get(portalId, adId);
    await this.ads.delete(portalId, a._id);
  }
}
