// Category listings that stay fast at any size on FerretDB v1 and MongoDB (ADR 0004): each
// published item of a portal+category is ONE small keyed document,
//   `_id = <portal>|L:<category>|<first publication time>|<item>`, `{i: <item>, e: <listing row>}`,
// and a head `_id = <portal>:<category>` counts them. A page of the newest is one range of keys
// read newest first with a limit (our FerretDB sorts and limits it in SQL, with the `_id` index),
// plus the head for the total; a publication writes its entry (one replace with upsert, by a key
// that follows from the item) and, when it is new there, counts it; a take-down deletes it.
//
// Until 2026-12-04 a listing was page documents of 50 rows (`listing_pages`) with locators: a
// publication read and rewrote a page (≈40 KB: 10 ms each way), read the locator, the head and
// wrote all three — six commands of a publish's fifteen. The first start of this version copies
// those pages' rows into entries once (`backfill`, a marker when done); the pages stay untouched.
import type { Collection } from "mongodb";
import { facetPrefix, keyPart, readRange, timeKey } from "../db/keys";

export interface ListingEntry {
  itemId: string;
  /** first publication: the order of the listing */
  publishedAt: Date;
  kind: string;
  title: string;
  slug: string;
  summary?: string;
  /** legal documents: number and issue date, for the legal-document listing */
  legal?: { number: string; docType: string; issuedOn: string };
}

export interface EntryDoc {
  _id: string;
  /** the item */
  i: string;
  e: ListingEntry;
}
interface HeadDoc {
  _id: string;
  count: number;
}
/** a page document of the earlier version (read once by `backfill`) */
interface PageDoc {
  _id: string;
  entries: ListingEntry[];
}

export interface ListingPage {
  items: ListingEntry[];
  total: number;
  nextCursor: string | null;
}

const BACKFILLED = "~backfill:listing-entries:v1";

const prefixOf = (portalId: string, categoryId: string) => facetPrefix(portalId, `L:${keyPart(categoryId)}`);
const keyOf = (portalId: string, categoryId: string, itemId: string, publishedAt: Date) =>
  `${prefixOf(portalId, categoryId)}${timeKey(publishedAt)}|${keyPart(itemId)}`;

/** The entry document of a row (bulk seeding: bench/src/content-listing.ts). */
export function listingEntryDoc(portalId: string, categoryId: string, entry: ListingEntry): EntryDoc {
  const publishedAt = new Date(entry.publishedAt);
  return {
    _id: keyOf(portalId, categoryId, entry.itemId, publishedAt),
    i: entry.itemId,
    e: { ...entry, publishedAt },
  };
}

/** Cursor: the key of the last row returned (an unknown or foreign one starts from the newest). */
const encodeCursor = (key: string) => Buffer.from(JSON.stringify(["k", key])).toString("base64url");
function decodeCursor(c: string, prefix: string): string | undefined {
  try {
    const [tag, key] = JSON.parse(Buffer.from(c, "base64url").toString()) as [string, string];
    return tag === "k" && typeof key === "string" && key.startsWith(prefix) ? key : undefined;
  } catch {
    return undefined;
  }
}

export class CategoryListing {
  constructor(
    private readonly entries: Collection<EntryDoc>,
    private readonly heads: Collection<HeadDoc>,
    private readonly pages: Collection<PageDoc>,
  ) {}

  static from(db: { collection<T extends object>(n: string): Collection<T> }): CategoryListing {
    return new CategoryListing(
      db.collection<EntryDoc>("listing_entries"),
      db.collection<HeadDoc>("listing_heads"),
      db.collection<PageDoc>("listing_pages"),
    );
  }

  /**
   * Adds or refreshes an item's entry (its key follows from the item's first publication, so a
   * re-publication replaces it in place). Idempotent: a repeated hook counts nothing twice.
   */
  async upsert(portalId: string, categoryId: string, entry: ListingEntry): Promise<void> {
    const publishedAt = new Date(entry.publishedAt);
    const _id = keyOf(portalId, categoryId, entry.itemId, publishedAt);
    const res = await this.entries.replaceOne(
      { _id },
      { i: entry.itemId, e: { ...entry, publishedAt } },
      { upsert: true },
    );
    if (res.upsertedCount === 1)
      await this.heads.updateOne(
        { _id: `${portalId}:${categoryId}` },
        { $inc: { count: 1 } },
        { upsert: true },
      );
  }

  /** Removes an item's entry (unpublished, archived, moved to another category). */
  async remove(portalId: string, categoryId: string, itemId: string, publishedAt: Date): Promise<void> {
    const res = await this.entries.deleteOne({
      _id: keyOf(portalId, categoryId, itemId, new Date(publishedAt)),
    });
    if (res.deletedCount === 1)
      await this.heads.updateOne({ _id: `${portalId}:${categoryId}` }, { $inc: { count: -1 } });
  }

  /** Newest first, keyset-paginated by an opaque cursor. */
  async list(portalId: string, categoryId: string, limit: number, cursor?: string): Promise<ListingPage> {
    const prefix = prefixOf(portalId, categoryId);
    const from = cursor ? decodeCursor(cursor, prefix) : undefined;
    const [head, rows] = await Promise.all([
      this.heads.findOne({ _id: `${portalId}:${categoryId}` }),
      readRange(this.entries, prefix, -1, from, limit + 1),
    ]);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({ ...r.e, publishedAt: new Date(r.e.publishedAt) })),
      total: Math.max(0, head?.count ?? 0),
      nextCursor: rows.length > limit && last ? encodeCursor(last._id) : null,
    };
  }

  /**
   * First start of this version: the rows of the earlier version's page documents become entries
   * (once; a marker among the heads when done). The heads' counts were kept by that version and stay as they are.
   */
  async backfill(): Promise<number> {
    if (await this.heads.findOne({ _id: BACKFILLED })) return 0;
    let n = 0;
    for await (const page of this.pages.find({})) {
      const [portalId, categoryId] = page._id.split(":");
      if (!portalId || !categoryId || !Array.isArray(page.entries)) continue;
      const docs = page.entries.map((e) => listingEntryDoc(portalId, categoryId, e));
      if (docs.length)
        await this.entries.insertMany(docs, { ordered: false }).catch((e: unknown) => {
          const errs = (e as { writeErrors?: { code?: number }[] }).writeErrors;
          if (!errs?.length || !errs.every((w) => w.code === 11000)) throw e;
        });
      n += docs.length;
    }
    await this.heads.insertOne({ _id: BACKFILLED, count: 0 }).catch((e: unknown) => {
      if ((e as { code?: number }).code !== 11000) throw e;
    });
    return n;
  }
}
