// Public addresses are unique within a portal and language (R-DOM): the first item to publish a
// slug owns it for good (`slugs`, one insert-only document per `<portal>:<locale>:<slug>`), so a
// weekly "Lịch công tác tuần" never takes over last week's address; a later item with the same
// title gets `-2`, `-3`, … An item keeps the slugs it once owned (its old addresses redirect).
import type { Collection } from "mongodb";
import type { ItemDoc } from "./item.types";

export interface SlugClaim {
  _id: string;
  itemId: string;
  at: Date;
}

const isDuplicate = (e: unknown) => (e as { code?: number }).code === 11000;

export class SlugRegistry {
  constructor(private readonly claims: Collection<SlugClaim>) {}

  /**
   * The slug this item may publish under: `slug` itself, or the first free `slug-N`. `firstTime`:
   * the item was never published, so its slug is most likely free — the claim is tried before it
   * is looked up (one command instead of two; a taken one costs one more).
   */
  async reserve(
    portalId: string,
    locale: string,
    slug: string,
    itemId: string,
    opts: { firstTime?: boolean } = {},
  ): Promise<string> {
    for (let n = 1; n <= 1000; n++) {
      const candidate = n === 1 ? slug : `${slug}-${n}`;
      const _id = `${portalId}:${locale}:${candidate}`;
      const owner = n === 1 && opts.firstTime ? null : await this.claims.findOne({ _id });
      if (owner) {
        if (owner.itemId === itemId) return candidate;
        continue;
      }
      try {
        await this.claims.insertOne({ _id, itemId, at: new Date() });
        return candidate;
      } catch (e) {
        if (!isDuplicate(e)) throw e;
        // claimed a moment ago by someone: take it only if that was this item
        if ((await this.claims.findOne({ _id }))?.itemId === itemId) return candidate;
      }
    }
    throw new Error(`no free slug for ${slug}`);
  }

  /** First start after an upgrade: claim the addresses items already published hold. */
  async backfill(items: Collection<ItemDoc>): Promise<number> {
    if ((await this.claims.estimatedDocumentCount()) > 0) return 0;
    let n = 0;
    const cursor = items.find({}, { projection: { _id: 1, portalId: 1, live: 1 } });
    for await (const d of cursor) {
      if (!d.live) continue;
      for (const [loc, c] of Object.entries(d.live.locales)) {
        for (const s of [c.slug, ...(c.previousSlugs ?? [])]) {
          await this.claims
            .insertOne({ _id: `${d.portalId}:${loc}:${s}`, itemId: d._id, at: new Date() })
            .then(() => n++)
            .catch((e: unknown) => {
              if (!isDuplicate(e)) throw e;
            });
        }
      }
    }
    return n;
  }
}
