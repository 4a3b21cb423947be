// Projection: a published item as a row of its categories' listings (listing.ts).
import type { ItemDoc, LocaleContent } from "./item.types";
import type { ListingEntry } from "./listing";

/** The listing row of a published item; null when nothing of it is live. */
export function listingEntry(doc: ItemDoc): ListingEntry | null {
  const rev = doc.live;
  if (!rev || doc.status !== "published") return null;
  const vi = rev.locales.vi as LocaleContent;
  return {
    itemId: doc._id,
    publishedAt: doc.firstPublishedAt ?? doc.publishedAt ?? new Date(),
    kind: doc.kind,
    title: vi.title,
    slug: vi.slug,
    ...(vi.summary ? { summary: vi.summary } : {}),
    ...(rev.legal
      ? { legal: { number: rev.legal.number, docType: rev.legal.docType, issuedOn: rev.legal.issuedOn } }
      : {}),
  };
}
