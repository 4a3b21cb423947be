// Keeps the category listings (listing.ts) in step with publications and take-downs.
import type { CategoryListing } from "./listing";
import { listingEntry } from "./listing-entry";
import type { ItemHooks } from "./projector";

export function listingHooks(listing: CategoryListing): ItemHooks {
  return {
    async published(doc, previous) {
      const entry = listingEntry(doc);
      if (!entry || !doc.live) return;
      for (const c of doc.live.categoryIds) await listing.upsert(doc.portalId, c, entry);
      for (const c of previous?.categoryIds ?? [])
        if (!doc.live.categoryIds.includes(c))
          await listing.remove(doc.portalId, c, doc._id, entry.publishedAt);
    },
    async removed(doc, categoryIds) {
      // the time the entry was listed under (listing-entry.ts): the item's first publication
      const at = doc.firstPublishedAt ?? doc.publishedAt;
      if (!at) return;
      for (const c of categoryIds) await listing.remove(doc.portalId, c, doc._id, at);
    },
  };
}
