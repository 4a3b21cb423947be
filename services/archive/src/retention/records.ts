// Retention records (R-RETAIN): one document per content item, `_id` = itemId, built from the
// content events (event-carried state). A limited-5y item expires five years after its first
// publication; a permanent one never does. The only code that touches `items` and `item_keys`.
//
// Every query is one FerretDB v1 (our build) and MongoDB answer with the `_id` index (ADR 0004):
// a get by `_id`, a write keyed by `_id`, or a range of `item_keys` (record.keys.ts) followed by
// `_id: {$in}` — the archive search, the retention lists and the retention run's due list all cost
// the same at any number of items. A change of a record runs in turn with the other changes of
// that record in this process, claims the keys its new state adds, writes the record, then drops
// the keys it lost; a crash leaves only keys the record lacks, which readers skip and clear.
import {
  type ContentArchived,
  ContentExpired,
  type ContentPublished,
  type ContentUnpublished,
  type EventData,
  type RetentionClass,
} from "@cong/contracts";
import {
  ALL_PORTALS,
  type Bounds,
  claimEntries,
  facetPrefix,
  inTurn,
  type KeyEntry,
  type KeyedPage,
  keyPart,
  type Logger,
  type Outbox,
  pageThroughKeys,
  queryFingerprint,
  serializedWrites,
  timeKey,
  withKeys,
} from "@cong/kit";
import type { Collection, Db, Filter, UpdateFilter } from "mongodb";
import { keyIn, queryWords, recordKeys, wordsOf } from "./record.keys";

export type ItemState = "published" | "unpublished" | "archived" | "expired";

export interface LegalHold {
  reason: string;
  by: { id: string; username: string };
  at: Date;
}

export interface RetentionRecord {
  _id: string;
  portalId: string;
  revision: number;
  kind: string;
  categoryIds: string[];
  agency: string | null;
  title: string;
  /** distinct folded words of the latest revision (its title, summary and text), ≤ MAX_WORDS */
  words: string[];
  /** folded text of records written before `words` existed (replaced by `words` on backfill) */
  text?: string;
  retentionClass: RetentionClass;
  firstPublishedAt: Date;
  publishedAt: Date;
  expiresAt: Date | null;
  state: ItemState;
  stateAt: Date;
  expiredAt?: Date | null;
  hold?: LegalHold | null;
  updatedAt: Date;
}

/** firstPublishedAt + 5 calendar years (UTC), or null for a permanent item. */
export function expiryOf(retentionClass: RetentionClass, firstPublishedAt: Date): Date | null {
  if (retentionClass !== "limited-5y") return null;
  const d = new Date(firstPublishedAt);
  d.setUTCFullYear(d.getUTCFullYear() + 5);
  return d;
}

function stripHtml(html: string): string {
  return html
    .replace(/<[^>]*>/g, " ")
    .replace(/&[a-z#0-9]+;/gi, " ")
    .replace(/\s+/g, " ");
}

/** What the archive search asks: words and filters; all optional. */
export interface SearchQuery {
  q?: string | undefined;
  categoryId?: string | undefined;
  /** first publication at or after */
  from?: Date | undefined;
  /** first publication at or before */
  to?: Date | undefined;
}

export type RetentionList = "holds" | "expiring" | "expired";

/** index entries one list request looks at, at most: the bounded work of a request */
export const LIST_SCAN_LIMIT = 1000;
const BACKFILL = "~backfill:item-keys:v1";
const WITHOUT = { _outbox: 0, text: 0 } as const;

export class RetentionRecords {
  readonly coll: Collection<RetentionRecord>;
  readonly keys: Collection<KeyEntry>;
  constructor(
    db: Db,
    /** absent: read-only (the CLI's reports), `init` and `expire` refuse */
    private readonly outbox: Outbox | undefined,
    private readonly logger?: Logger,
  ) {
    // single-document writes run in turn with the outbox's clean-up of the same record
    this.coll = serializedWrites(db.collection<RetentionRecord>("items"));
    this.keys = db.collection<KeyEntry>("item_keys");
  }

  async init(): Promise<void> {
    await this.writer().track(this.coll as never);
  }

  private writer(): Outbox {
    if (!this.outbox) throw new Error("retention records opened read-only (without an outbox)");
    return this.outbox;
  }

  get(itemId: string): Promise<RetentionRecord | null> {
    return this.coll.findOne({ _id: itemId }, { projection: WITHOUT });
  }

  /**
   * One change of a record: `next` computes the new state from the current one (null: nothing to
   * do) and `write` stores it; the keys are kept in step around the write. Changes of one record
   * run one at a time in this process (a queue of their own: the store's writes and the outbox's
   * have theirs).
   */
  private change<R>(
    itemId: string,
    next: (current: RetentionRecord | null) => RetentionRecord | null,
    write: (current: RetentionRecord | null, next: RetentionRecord) => Promise<R | null>,
  ): Promise<R | null> {
    return inTurn(this.keys, itemId, async () => {
      const current = await this.get(itemId);
      const after = next(current);
      if (!after) return null;
      return withKeys(this.keys, itemId, current ? recordKeys(current) : [], recordKeys(after), () =>
        write(current, after),
      );
    });
  }

  /** content.published: creates or advances the record; an older revision never overwrites a newer one. */
  async onPublished(d: EventData<typeof ContentPublished>): Promise<void> {
    const s = d.snapshot;
    const vi = s.locales.vi ?? Object.values(s.locales)[0];
    const title = vi?.title ?? "";
    const now = new Date();
    let fields: Omit<RetentionRecord, "_id" | "hold" | "expiredAt"> | undefined;
    await this.change(
      d.itemId,
      (existing) => {
        if (existing && existing.revision > d.revision) return null;
        const firstPublishedAt = new Date(existing?.firstPublishedAt ?? s.firstPublishedAt ?? d.publishedAt);
        // an expired item stays expired: a later revision does not bring it back
        const state: ItemState = existing?.state === "expired" ? "expired" : "published";
        fields = {
          portalId: d.portalId,
          revision: d.revision,
          kind: s.kind,
          categoryIds: s.categoryIds,
          agency: s.agency ?? null,
          title,
          words: vi ? wordsOf(vi.title, vi.summary ?? "", stripHtml(vi.bodyHtml)) : [],
          retentionClass: s.retentionClass,
          firstPublishedAt,
          publishedAt: new Date(d.publishedAt),
          expiresAt: expiryOf(s.retentionClass, firstPublishedAt),
          state,
          stateAt: state === "published" ? new Date(d.publishedAt) : (existing?.stateAt ?? now),
          updatedAt: now,
        };
        return { ...(existing ?? { hold: null }), _id: d.itemId, ...fields };
      },
      async () => {
        await this.coll.updateOne(
          { _id: d.itemId },
          // `text` was the folded text of earlier versions; `words` replaces it
          { $set: fields as Partial<RetentionRecord>, $unset: { text: "" } },
          { upsert: true },
        );
        return true;
      },
    );
  }

  async onUnpublished(d: EventData<typeof ContentUnpublished>): Promise<void> {
    await this.setState(d.itemId, "unpublished", new Date(d.unpublishedAt), (r) => r.revision <= d.revision);
  }

  async onArchived(d: EventData<typeof ContentArchived>): Promise<void> {
    await this.setState(d.itemId, "archived", new Date(d.archivedAt));
  }

  private async setState(
    itemId: string,
    state: ItemState,
    at: Date,
    applies: (r: RetentionRecord) => boolean = () => true,
  ): Promise<void> {
    const set = { state, stateAt: at, updatedAt: new Date() };
    await this.change(
      itemId,
      (r) => (r && r.state !== "expired" && applies(r) ? { ...r, ...set } : null),
      async () => {
        await this.coll.updateOne({ _id: itemId }, { $set: set });
        return true;
      },
    );
  }

  async setHold(itemId: string, hold: LegalHold | null): Promise<RetentionRecord | null> {
    const set = { hold, updatedAt: new Date() };
    return this.change(
      itemId,
      (r) => (r ? { ...r, ...set } : null),
      () =>
        // (no projection: FerretDB v1's findAndModify has none)
        this.coll.findOneAndUpdate({ _id: itemId }, { $set: set }, { returnDocument: "after" }),
    );
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

  /**
   * Marks one item expired and stages content.expired in the same single-document write.
   * Re-reads the record by `_id` first: a hold placed meanwhile, or an expiry already done, wins.
   */
  async expire(itemId: string, now: Date): Promise<"expired" | "held" | "skipped"> {
    let outcome: "expired" | "held" | "skipped" = "skipped";
    const set = { state: "expired" as const, stateAt: now, expiredAt: now, updatedAt: new Date() };
    await this.change(
      itemId,
      (r) => {
        if (!r || r.state === "expired" || !r.expiresAt || r.expiresAt > now) return null;
        if (r.hold) {
          outcome = "held";
          return null;
        }
        return { ...r, ...set };
      },
      async (r) => {
        if (!r?.expiresAt) return null;
        await this.writer().updateOne(
          this.coll,
          { _id: itemId },
          { $set: set } as UpdateFilter<RetentionRecord>,
          [
            {
              def: ContentExpired,
              data: {
                itemId,
                portalId: r.portalId,
                retentionClass: "limited-5y",
                publishedAt: r.firstPublishedAt.toISOString(),
                expiredAt: r.expiresAt.toISOString(),
              },
            },
          ],
        );
        outcome = "expired";
        return true;
      },
    );
    return outcome;
  }

  // ---------------------------------------------------------------- lists

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
    const bounds: Bounds = {
      ...(q.from ? { above: timeKey(q.from) } : {}),
      ...(q.to ? { below: timeKey(q.to.getTime() + 1) } : {}),
    };
    return pageThroughKeys<RetentionRecord>({
      index: this.keys,
      prefix: facetPrefix(scope, facet),
      dir: -1,
      bounds,
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
    const bounds: Bounds = {
      ...(range.from ? { above: timeKey(range.from) } : {}),
      ...(range.to ? { below: timeKey(range.to.getTime() + 1) } : {}),
    };
    return pageThroughKeys<RetentionRecord>({
      index: this.keys,
      prefix: facetPrefix(scope, facet),
      dir,
      bounds,
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

  // ---------------------------------------------------------------- maintenance

  /**
   * Keys for records written before they existed (and `words` from their folded `text`): every
   * record, in `_id` order, a page of 100 at a time; resumes where a previous run stopped (the
   * progress is kept in the marker), then does nothing. `force` starts over.
   */
  async backfill(
    opts: { force?: boolean; log?: (n: number) => void; stop?: { requested: boolean } } = {},
  ): Promise<number> {
    const marker = await this.keys.findOne({ _id: BACKFILL });
    if (marker && !opts.force && (marker as KeyEntry & { done?: boolean }).done) return 0;
    let last = opts.force ? "" : (marker?.i ?? "");
    let n = 0;
    for (;;) {
      if (opts.stop?.requested) return n;
      const page = await this.coll
        .find({ _id: { $gt: last } }, { projection: { _outbox: 0 } })
        .sort({ _id: 1 })
        .limit(100)
        .toArray();
      if (!page.length) break;
      const entries: { _id: string; i: string }[] = [];
      const legacy: RetentionRecord[] = [];
      for (const r of page) {
        if (!r.words) {
          r.words = wordsOf(r.text ?? "");
          legacy.push(r);
        }
        for (const k of recordKeys(r)) entries.push({ _id: k, i: r._id });
      }
      await claimEntries(this.keys, entries, new Date(), { refresh: false });
      for (const r of legacy)
        await inTurn(this.keys, r._id, () =>
          this.coll.updateOne(
            { _id: r._id, words: { $exists: false } },
            { $set: { words: r.words }, $unset: { text: "" } },
          ),
        );
      n += page.length;
      last = (page[page.length - 1] as RetentionRecord)._id;
      await this.keys.updateOne({ _id: BACKFILL }, { $set: { i: last, t: new Date() } }, { upsert: true });
      opts.log?.(n);
    }
    await this.keys.updateOne({ _id: BACKFILL }, { $set: { t: new Date(), done: true } }, { upsert: true });
    return n;
  }
}
