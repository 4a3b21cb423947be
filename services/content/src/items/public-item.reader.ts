// What the public routes may know about an item they name by id alone (a reader's comment, an ad
// slot's page): the facts of ports.ts `PublicItemInfo`, never the document. This is the one read
// of items by id without a portal; it answers with the item's own portal and nothing a write could
// start from (writes go through the portal-scoped ItemRepository).
import type { Collection } from "mongodb";
import type { PublicItemInfo } from "../ports";
import { ITEM_ID } from "./item.repository";
import type { ItemDoc } from "./item.types";
import { WITHOUT } from "./item-index.store";

export class PublicItemReader {
  constructor(private readonly items: Collection<ItemDoc>) {}

  async get(itemId: string): Promise<PublicItemInfo | null> {
    if (!ITEM_ID.test(itemId)) return null;
    const doc = await this.items.findOne({ _id: itemId }, { projection: WITHOUT });
    if (!doc) return null;
    // what readers see is the live revision: a draft's comment window opens nothing until it is live
    const rev = doc.live;
    return {
      itemId: doc._id,
      portalId: doc.portalId,
      kind: doc.kind,
      published: doc.status === "published" && !!doc.live,
      isLegalDocument: doc.kind === "legal-document" || doc.kind === "draft-for-comment",
      ...(rev?.comment
        ? { comment: { opensAt: new Date(rev.comment.opensAt), closesAt: new Date(rev.comment.closesAt) } }
        : {}),
      commentsEnabled: doc.commentsEnabled,
    };
  }
}
