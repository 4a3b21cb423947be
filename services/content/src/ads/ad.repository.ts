// The only code that touches the `ads` collection; every method takes the portal first (R-ORG):
// an ad of another portal is not found on this one.
import type { Actor } from "@cong/contracts";
import type { Collection } from "mongodb";
import type { PortalId } from "../portals/portal-id";

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

export type AdChanges = Partial<
  Pick<AdDoc, "title" | "imageUrl" | "linkUrl" | "placement" | "startsAt" | "endsAt">
>;

export class AdRepository {
  constructor(private readonly ads: Collection<AdDoc>) {}

  /** The portal's ads, in no particular order (a portal has a handful). */
  ofPortal(portalId: PortalId): Promise<AdDoc[]> {
    return this.ads.find({ portalId }).toArray();
  }

  get(portalId: PortalId, adId: string): Promise<AdDoc | null> {
    return this.ads.findOne({ _id: adId, portalId });
  }

  async insert(portalId: PortalId, doc: AdDoc): Promise<void> {
    if (doc.portalId !== portalId) throw new Error("ad of another portal");
    await this.ads.insertOne(doc);
  }

  update(portalId: PortalId, adId: string, changes: AdChanges, at: Date, by: Actor): Promise<AdDoc | null> {
    return this.ads.findOneAndUpdate(
      { _id: adId, portalId },
      { $set: { ...changes, updatedAt: at, updatedBy: by } },
      { returnDocument: "after" },
    );
  }

  async delete(portalId: PortalId, adId: string): Promise<void> {
    await this.ads.deleteOne({ _id: adId, portalId });
  }
}
