// Reading retention records (R-RETAIN, ADR 0004): a record by `_id`, the archive search, the
// retention lists, the retention run's due list, a report's period and the portals that have
// records. Every list reads a range of `item_keys` (record.keys.ts) sorted by `_id` with a limit,
// then the page's records by `_id: {$in}` — never a scan, the same cost at any number of items.
import {
  ALL_PORTALS,
  type Bounds,
  facetPrefix,
  type KeyEntry,
  type KeyedPage,
  keyPart,
  type Logger,
  pageThroughKeys,
  queryFingerprint,
  serializedWrites,
  timeKey,
} from "@cong/kit";
import type { Collection, Db, Filter } from "mongodb";
import { keyIn, queryWords } from "./record.keys";
import {
  LIST_SCAN_LIMIT,
  type RetentionList,
  type RetentionRecord,
  type SearchQuery,
  WITHOUT,
} from "./record.schema";

/** The key range of a time span, `from` and `to` both included. */
const timeBounds = (r: { from?: Date | undefined; to?: Date | undefined }): Bounds => ({
  ...(r.from ? { above: timeKey(r.from) } : {}),
  ...(r.to ? { below: timeKey(r.to.getTime() + 1) } : {}),
});

export class RetentionReads {
  readonly coll: Collection<RetentionRecord>;
  readonly keys: Collection<KeyEntry>;
  constructor(
    db: Db,
    protected readonly logger?: Logger,
  ) {
    // single-document writes run in turn with the outbox's clean-up of the same record
    this.coll = serializedWrites(db.collection<RetentionRecord>("items"));
    this.keys = db.collection<KeyEntry>("item_keys");
  }

  get(itemId: string): Promise<RetentionRecord | null> {
    return this.coll.findOne({ _id: itemId }, { projection: WITHOUT });
  }

  /**
   * Items whose expiry is at or before `now` and that are still live: the platform-wide `e` range
   * up to now, soonest first, a page at a time (its size is the number of due items, never the
   * archive's).
   */
  async *due(now: Date): AsyncGenerator<RetentionRecord> {
    let cursor: string | undefined;
    do {
      const page = await this.list(ALL_PORTALS, "expiring", { to: now }, { limit: 200, cursor });
      yield* page.docs;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  /** Records by `_id`, of one portal unless `scope` is ALL_PORTALS (words kept only when asked). */
  private loader(scope: string, withWords: boolean) {
    return async (ids: string[]) => {
      const filter = (
        scope === ALL_PORTALS ? { _id: { $in: ids } } : { _id: { $in: ids }, portalId: scope }
      ) as Filter<RetentionRecord>;
      const docs = await this.coll
        .find(filter, { projection: withWords ? WITHOUT : { ...WITHOUT, words: 0 } })
        .toArray();
      return new Map(docs.map((d) => [d._id, d]));
    };
  }

  private clear = (keys: string[]) => {
    void this.keys.deleteMany({ _id: { $in: keys } }).catch((err: unknown) => {
      this.logger?.warn({ err }, "removing leftover item keys failed");
    });
  };

  /**
   * The staff archive search: a page of a portal's (or, with ALL_PORTALS, every portal's) archived
   * items, newest first publication first, matching every word of `q` (diacritics-insensitive,
   * whole words) and the filters. The longest word's range is read and the other words and the
   * category are checked on the page's records; a request looks at no more than LIST_SCAN_LIMIT
   * keys, so a page may be short and carry a cursor. A `q` with no word finds nothing.
   */
  async search(
    scope: string,
    q: SearchQuery,
    page: { limit: number; cursor?: string | undefined; scanLimit?: number },
  ): Promise<KeyedPage<RetentionRecord>> {
    const words = q.q === undefined ? [] : queryWords(q.q);
    if (q.q !== undefined && !words.length) return { docs: [], nextCursor: null, scanned: 0 };
    const facet = words[0] ? `w:${words[0]}` : q.categoryId ? `c:${keyPart(q.categoryId)}` : "a";
    return pageThroughKeys<RetentionRecord>({
      index: this.keys,
      prefix: facetPrefix(scope, facet),
      dir: -1,
      bounds: timeBounds(q),
      query: queryFingerprint({
        scope,
        words: words.join(" "),
        categoryId: q.categoryId,
        from: q.from?.toISOString(),
        to: q.to?.toISOString(),
      }),
      cursor: page.cursor,
      limit: page.limit,
      budget: page.scanLimit ?? LIST_SCAN_LIMIT,
      load: this.loader(scope, words.length > 0),
      current: (e, r) => keyIn(r, scope, facet) === e._id,
      matches: (r) =>
        words.every((w) => r.words?.includes(w)) && (!q.categoryId || r.categoryIds.includes(q.categoryId)),
      onGarbage: this.clear,
    });
  }

  /**
   * The retention lists of a portal (or every portal): items under legal hold (newest hold first),
   * what expires when (soonest first, optionally between `from` and `to`, held ones included) and
   * what has expired (most recent first).
   */
  async list(
    scope: string,
    list: RetentionList,
    range: { from?: Date | undefined; to?: Date | undefined },
    page: { limit: number; cursor?: string | undefined },
  ): Promise<KeyedPage<RetentionRecord>> {
    const facet = list === "holds" ? "h" : list === "expiring" ? "e" : "x";
    const dir = list === "expiring" ? 1 : -1;
    return pageThroughKeys<RetentionRecord>({
      index: this.keys,
      prefix: facetPrefix(scope, facet),
      dir,
      bounds: timeBounds(range),
      query: queryFingerprint({ scope, list, from: range.from?.toISOString(), to: range.to?.toISOString() }),
      cursor: page.cursor,
      limit: page.limit,
      budget: LIST_SCAN_LIMIT,
      load: this.loader(scope, false),
      current: (e, r) => keyIn(r, scope, facet) === e._id,
      onGarbage: this.clear,
    });
  }

  /**
   * A portal's records first published in [from, to), newest first: the `a` range of that time,
   * page by page (a report reads its period's items, never the archive's).
   */
  async *publishedIn(portalId: string, period: { from: Date; to: Date }): AsyncGenerator<RetentionRecord> {
    let cursor: string | undefined;
    do {
      const page = await this.search(
        portalId,
        { from: period.from, to: new Date(period.to.getTime() - 1) },
        { limit: 200, cursor },
      );
      yield* page.docs;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  /**
   * The portals that have records: the first key of each portal's scope in `item_keys`, then the
   * next scope after it — one pushed-down `_id` range query per portal, never a scan.
   */
  async portals(): Promise<string[]> {
    const out: string[] = [];
    // scopes are portal ids (keyPart leaves their alphabet as it is); ALL_PORTALS and the
    // backfill marker start with "~", after every portal
    let after = "";
    for (;;) {
      const [e] = await this.keys
        .find({ _id: { $gt: after, $lt: "~" } }, { projection: { _id: 1 } })
        .sort({ _id: 1 })
        .limit(1)
        .toArray();
      if (!e) return out;
      const scope = e._id.slice(0, e._id.indexOf("|"));
      out.push(scope);
      after = `${scope}|~`;
    }
  }
}
