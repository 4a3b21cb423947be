// The read model of what is live, per portal and locale (issue 7). Held in memory (FerretDB only
// pushes down `_id` equality, so listings and slug lookups must not query the database) and
// persisted as `_id`-keyed documents (`pub_portals`, `pub_items`, `pub_assets`) so a restart
// loads it back with one scan per collection. Event handlers call `apply*`; each returns the
// cache tags the change touches, so the render cache purges only those pages.
import type { ContentSnapshot, PortalSnapshot } from "@cong/contracts";
import type { AssetRecord, ItemRecord, PortalRecord, ReadModelRepository } from "./readmodel.records";
import { SortedList } from "./sorted";

export type {
  AssetRecord,
  ItemRecord,
  ItemStatus,
  PortalRecord,
  ReadModelRepository,
  Rendition,
} from "./readmodel.records";

interface PortalIndex {
  all: SortedList;
  byCategory: Map<string, SortedList>;
  byKind: Map<string, SortedList>;
  /** `<locale>/<slug>` → itemId */
  slugs: Map<string, string>;
  /** `<locale>/<old slug>` → itemId */
  oldSlugs: Map<string, string>;
  changedAt: string;
}

export type ChangeListener = (change: {
  portalId: string;
  tags: string[];
  item?: ItemRecord;
  previous?: ItemRecord;
}) => void;

export const tag = {
  portal: (p: string) => `portal:${p}`,
  item: (id: string) => `item:${id}`,
  list: (p: string, cat: string) => `list:${p}:${cat}`,
  kind: (p: string, kind: string) => `kind:${p}:${kind}`,
  home: (p: string) => `home:${p}`,
  feed: (p: string) => `feed:${p}`,
  sitemap: (p: string) => `sitemap:${p}`,
  aggregate: "aggregate",
};

export const sortKey = (i: ItemRecord) => `${i.snapshot.publishedAt}|${i._id}`;

export class ReadModel {
  readonly portals = new Map<string, PortalRecord>();
  readonly items = new Map<string, ItemRecord>();
  readonly assets = new Map<string, AssetRecord>();
  /** archived/expired item ids whose publication has not been seen (yet) */
  readonly tombstones = new Map<string, string>();
  private readonly indexes = new Map<string, PortalIndex>();
  /** every live item of every portal, newest first: the provincial aggregate */
  readonly everything = new SortedList();
  private readonly listeners: ChangeListener[] = [];

  constructor(private readonly repo?: ReadModelRepository) {}

  onChange(l: ChangeListener): void {
    this.listeners.push(l);
  }

  async load(): Promise<void> {
    if (!this.repo) return;
    const { portals, items, assets, tombstones } = await this.repo.loadAll();
    for (const t of tombstones) this.tombstones.set(t._id, t.at);
    for (const p of portals) this.portals.set(p._id, p);
    for (const a of assets) this.assets.set(a._id, a);
    this.bulkLoad(items);
  }

  /** loads many items at once: newest first, so every list insert is an append */
  bulkLoad(items: ItemRecord[]): void {
    const sorted = [...items].sort((a, b) =>
      sortKey(a) < sortKey(b) ? 1 : sortKey(a) > sortKey(b) ? -1 : 0,
    );
    for (const i of sorted) this.setItem(i, this.items.get(i._id));
  }

  index(portalId: string): PortalIndex {
    let ix = this.indexes.get(portalId);
    if (!ix) {
      ix = {
        all: new SortedList(),
        byCategory: new Map(),
        byKind: new Map(),
        slugs: new Map(),
        oldSlugs: new Map(),
        changedAt: new Date(0).toISOString(),
      };
      this.indexes.set(portalId, ix);
    }
    return ix;
  }

  private listOf(map: Map<string, SortedList>, key: string): SortedList {
    let l = map.get(key);
    if (!l) {
      l = new SortedList();
      map.set(key, l);
    }
    return l;
  }

  /** updates memory and indexes for a record; returns tags touched */
  private setItem(next: ItemRecord, prev: ItemRecord | undefined): string[] {
    const p = next.portalId;
    const ix = this.index(p);
    const tags = new Set<string>([
      tag.item(next._id),
      tag.home(p),
      tag.feed(p),
      tag.sitemap(p),
      tag.aggregate,
    ]);
    if (prev) {
      const k = sortKey(prev);
      ix.all.remove(k);
      this.everything.remove(k);
      for (const c of prev.snapshot.categoryIds) {
        ix.byCategory.get(c)?.remove(k);
        tags.add(tag.list(p, c));
      }
      ix.byKind.get(prev.snapshot.kind)?.remove(k);
      tags.add(tag.kind(p, prev.snapshot.kind));
      for (const [loc, lc] of Object.entries(prev.snapshot.locales)) {
        if (ix.slugs.get(`${loc}/${lc.slug}`) === prev._id) ix.slugs.delete(`${loc}/${lc.slug}`);
      }
    }
    this.items.set(next._id, next);
    const k = sortKey(next);
    // slugs stay resolvable whatever the status: withdrawn → notice, gone → 410, redirected → 301
    for (const [loc, lc] of Object.entries(next.snapshot.locales)) {
      ix.slugs.set(`${loc}/${lc.slug}`, next._id);
      for (const old of lc.previousSlugs ?? []) ix.oldSlugs.set(`${loc}/${old}`, next._id);
    }
    if (next.status === "live") {
      ix.all.upsert(k, next._id);
      this.everything.upsert(k, next._id);
      for (const c of next.snapshot.categoryIds) this.listOf(ix.byCategory, c).upsert(k, next._id);
      this.listOf(ix.byKind, next.snapshot.kind).upsert(k, next._id);
    }
    for (const c of next.snapshot.categoryIds) tags.add(tag.list(p, c));
    tags.add(tag.kind(p, next.snapshot.kind));
    if (next.changedAt > ix.changedAt) ix.changedAt = next.changedAt;
    return [...tags];
  }

  private emit(portalId: string, tags: string[], item?: ItemRecord, previous?: ItemRecord) {
    for (const l of this.listeners)
      l({ portalId, tags, ...(item ? { item } : {}), ...(previous ? { previous } : {}) });
  }

  /**
   * Changes are applied one at a time: the consumer runs partitions (and topics) concurrently, and
   * a decision such as "archived before published?" must see the previous change complete.
   */
  private tail: Promise<unknown> = Promise.resolve();
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => undefined);
    return run;
  }

  applyPortal(snapshot: PortalSnapshot, at: string): Promise<boolean> {
    return this.serial(() => this.applyPortalNow(snapshot, at));
  }

  applyPublished(snapshot: ContentSnapshot, at: string): Promise<boolean> {
    return this.serial(() => this.applyPublishedNow(snapshot, at));
  }

  applyUnpublished(d: Parameters<ReadModel["applyUnpublishedNow"]>[0], at: string): Promise<boolean> {
    return this.serial(() => this.applyUnpublishedNow(d, at));
  }

  applyArchived(itemId: string, at: string): Promise<boolean> {
    return this.serial(() => this.applyArchivedNow(itemId, at));
  }

  applyAsset(a: AssetRecord): Promise<boolean> {
    return this.serial(() => this.applyAssetNow(a));
  }

  private async applyPortalNow(snapshot: PortalSnapshot, at: string): Promise<boolean> {
    const prev = this.portals.get(snapshot.portalId);
    if (prev && prev.changedAt > at) return false;
    const rec: PortalRecord = { _id: snapshot.portalId, snapshot, changedAt: at };
    await this.repo?.savePortal(rec);
    this.portals.set(rec._id, rec);
    const ix = this.index(rec._id);
    if (at > ix.changedAt) ix.changedAt = at;
    this.emit(rec._id, [tag.portal(rec._id), tag.aggregate]);
    return true;
  }

  /**
   * First publications of items the model does not hold, stored together (one `insertItems` for
   * the lot instead of a `saveItem` each: a Kafka backlog after an outage, issue 15). The caller
   * (the consumer's batch hook) passes only an item's first event of its batch, so applying it
   * ahead of the batch's other items keeps each item's order; its handler then finds it applied.
   * Items already held, and any the store already had, are left to `applyPublished`.
   */
  applyNewPublications(pubs: { snapshot: ContentSnapshot; at: string }[]): Promise<number> {
    return this.serial(async () => {
      if (!this.repo?.insertItems) return 0;
      const next = new Map<string, ItemRecord>();
      for (const { snapshot, at } of pubs) {
        if (this.items.has(snapshot.itemId) || next.has(snapshot.itemId)) continue;
        const rec = this.publishedRecord(snapshot, at, undefined);
        if (rec) next.set(rec._id, rec);
      }
      if (!next.size) return 0;
      const written = await this.repo.insertItems([...next.values()]);
      for (const rec of next.values()) {
        if (!written.has(rec._id) || this.items.has(rec._id)) continue;
        this.emit(rec.portalId, this.setItem(rec, undefined), rec);
      }
      return written.size;
    });
  }

  /** content.published: the item's next record, unless a newer revision (or a takedown of this one) is known */
  private publishedRecord(
    snapshot: ContentSnapshot,
    at: string,
    prev: ItemRecord | undefined,
  ): ItemRecord | undefined {
    if (
      prev &&
      (prev.revision > snapshot.revision || (prev.revision === snapshot.revision && prev.phase >= 1))
    )
      return undefined;
    if (prev?.status === "archived") return undefined;
    // the archive topic may be replayed ahead of the content topic: an archived item stays archived
    const archivedAt = this.tombstones.get(snapshot.itemId);
    return {
      _id: snapshot.itemId,
      portalId: snapshot.portalId,
      revision: snapshot.revision,
      phase: archivedAt ? 3 : 1,
      status: archivedAt ? "archived" : "live",
      snapshot,
      changedAt: archivedAt && archivedAt > at ? archivedAt : at,
    };
  }

  private async applyPublishedNow(snapshot: ContentSnapshot, at: string): Promise<boolean> {
    const prev = this.items.get(snapshot.itemId);
    const next = this.publishedRecord(snapshot, at, prev);
    return next ? this.commit(next, prev) : false;
  }

  private async applyUnpublishedNow(
    d: {
      itemId: string;
      revision: number;
      mode: "withdrawn" | "gone" | "redirected";
      publicReason?: string;
      redirectTo?: string;
    },
    at: string,
  ): Promise<boolean> {
    const prev = this.items.get(d.itemId);
    if (!prev) return false; // nothing live to take down (we never saw it published)
    if (prev.revision > d.revision || (prev.revision === d.revision && prev.phase >= 2)) return false;
    const next: ItemRecord = {
      ...prev,
      revision: d.revision,
      phase: 2,
      status: d.mode,
      changedAt: at,
    };
    delete next.publicReason;
    delete next.redirectTo;
    if (d.publicReason) next.publicReason = d.publicReason;
    if (d.redirectTo) next.redirectTo = d.redirectTo;
    return this.commit(next, prev);
  }

  /** content.archived / content.expired: the item leaves the live portal for good (410) */
  private async applyArchivedNow(itemId: string, at: string): Promise<boolean> {
    const prev = this.items.get(itemId);
    if (!prev) {
      if (this.tombstones.has(itemId)) return false;
      await this.repo?.saveTombstone({ _id: itemId, at });
      this.tombstones.set(itemId, at);
      return true;
    }
    if (prev.status === "archived") return false;
    const next: ItemRecord = { ...prev, phase: 3, status: "archived", changedAt: at };
    return this.commit(next, prev);
  }

  private async applyAssetNow(a: AssetRecord): Promise<boolean> {
    const prev = this.assets.get(a._id);
    if (prev && prev.processedAt > a.processedAt) return false;
    await this.repo?.saveAsset(a);
    this.assets.set(a._id, a);
    // items using the asset: their pages are purged and their search entries (attachment text) redone
    for (const i of this.items.values())
      if (i.portalId === a.portalId && i.snapshot.media.some((m) => m.assetId === a._id))
        this.emit(a.portalId, [tag.item(i._id), tag.home(a.portalId)], i);
    // a portal's emblem is on every page of it (issue 17): processed after the portal named it
    for (const p of this.portals.values())
      if (p.snapshot.emblem?.assetId === a._id && p._id === a.portalId)
        this.emit(p._id, [tag.portal(p._id), tag.aggregate]);
    return true;
  }

  private async commit(next: ItemRecord, prev: ItemRecord | undefined): Promise<boolean> {
    await this.repo?.saveItem(next);
    const tags = this.setItem(next, prev);
    this.emit(next.portalId, tags, next, prev);
    return true;
  }

  /** synchronous insert for benches and tests that build large models */
  loadItemSync(i: ItemRecord): void {
    this.setItem(i, this.items.get(i._id));
  }

  // ---- queries -----------------------------------------------------------------------------

  portal(portalId: string): PortalRecord | undefined {
    return this.portals.get(portalId);
  }

  changedAt(portalId: string): string {
    return this.index(portalId).changedAt;
  }

  bySlug(portalId: string, locale: string, slug: string): { item?: ItemRecord; moved?: ItemRecord } {
    const ix = this.index(portalId);
    const id = ix.slugs.get(`${locale}/${slug}`);
    if (id) {
      const item = this.items.get(id);
      if (item) return { item };
    }
    const old = ix.oldSlugs.get(`${locale}/${slug}`);
    const moved = old ? this.items.get(old) : undefined;
    return moved ? { moved } : {};
  }

  list(
    portalId: string | "*",
    opts: {
      category?: string;
      kind?: string;
      limit: number;
      cursor?: string;
      filter?: (i: ItemRecord) => boolean;
    },
  ): { items: ItemRecord[]; next?: string } {
    let list: SortedList | undefined;
    if (portalId === "*") list = this.everything;
    else {
      const ix = this.index(portalId);
      list = opts.category ? ix.byCategory.get(opts.category) : opts.kind ? ix.byKind.get(opts.kind) : ix.all;
    }
    if (!list) return { items: [] };
    const f = opts.filter;
    const kind = portalId === "*" ? opts.kind : undefined;
    const page = list.page(
      opts.limit,
      opts.cursor,
      f || kind
        ? (id) => {
            const it = this.items.get(id);
            return !!it && (!kind || it.snapshot.kind === kind) && (!f || f(it));
          }
        : undefined,
    );
    return {
      items: page.ids.map((id) => this.items.get(id)).filter((x): x is ItemRecord => !!x),
      ...(page.next ? { next: page.next } : {}),
    };
  }

  liveItems(portalId: string): Iterable<ItemRecord> {
    const ix = this.index(portalId);
    const items = this.items;
    return (function* () {
      for (const id of ix.all.iterate()) {
        const i = items.get(id);
        if (i) yield i;
      }
    })();
  }
}
