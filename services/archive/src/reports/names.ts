// The names a report shows (R-REPORT, issue 18: a board member reads "Tin tức - Sự kiện" and
// "Cổng Thông tin điện tử huyện Tân Yên", never `cat-tin-tuc-su-kien` or `tanyen`): a small read
// model of each portal's name, agency and category names, fed by content's `portal.updated`
// (event-carried state; archive never reads content's database). One document a portal in
// `portal_names`, `_id` = portalId, so every read and write is an `_id` lookup (FerretDB v1: no
// transactions, no $lookup; only `_id` is indexed).
//
// Last write wins, field by field, by the event's `updatedAt`: the portal's name and agency come
// from the latest snapshot; each category keeps the name of the latest snapshot that listed it, so
// a category since removed from the portal keeps its name for the publications filed under it. The
// merge is commutative and idempotent — an event applied twice, or an older one after a newer one,
// changes nothing — and is written with a compare-and-set on the document's `rev` (one portal's
// events are on one partition, so a retry is rare). The portal's production `host` and whether it
// is `active` ride along with its name (the availability probe GETs each active portal's home
// page: portal-availability.ts); a document written before they were kept gets them from the next
// snapshot, even one no newer than its name.
import type { EventData, LocalizedText, PortalUpdated } from "@cong/contracts";
import type { Collection, Db } from "mongodb";

export interface CategoryName {
  categoryId: string;
  name: LocalizedText;
  /** updatedAt of the snapshot this name came from */
  at: Date;
}

export interface PortalNamesDoc {
  _id: string;
  name: LocalizedText;
  agency: LocalizedText;
  /** updatedAt of the snapshot the name and agency came from */
  updatedAt: Date;
  /** the registry's host (`tanyen.bacgiang.gov.vn`, R-DOM), as the name; absent in documents of earlier versions */
  host?: string;
  /** whether publishing serves the portal, as the name; absent in documents of earlier versions */
  active?: boolean;
  categories: CategoryName[];
  /** compare-and-set counter, one more on every write */
  rev: number;
}

/** What a report reads: the names of these portals (those the model knows). */
export interface NameSource {
  of(portalIds: string[]): Promise<Map<string, PortalNamesDoc>>;
}

/** The label of something whose name is not (yet) known: its id, said to be one. */
export const unnamed = (id: string) => `${id} (chưa rõ tên)`;

/** A document's content, comparable as text (the locales in order, instants as ISO strings). */
function canon(d: Omit<PortalNamesDoc, "rev">): string {
  const text = (t: LocalizedText) => Object.entries(t).sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify([
    text(d.name),
    text(d.agency),
    d.updatedAt.toISOString(),
    d.host ?? null,
    d.active ?? null,
    d.categories.map((c) => [c.categoryId, text(c.name), c.at.toISOString()]),
  ]);
}

/** The document after one snapshot, or null when the snapshot changes nothing. */
export function merge(
  current: PortalNamesDoc | null,
  snapshot: EventData<typeof PortalUpdated>["portal"],
  at: Date,
): Omit<PortalNamesDoc, "rev"> | null {
  const newer = !current || at > current.updatedAt;
  const categories = new Map((current?.categories ?? []).map((c) => [c.categoryId, c]));
  for (const c of snapshot.categories) {
    const had = categories.get(c.categoryId);
    if (!had || had.at < at) categories.set(c.categoryId, { categoryId: c.categoryId, name: c.name, at });
  }
  const next = {
    _id: snapshot.portalId,
    name: newer || !current ? snapshot.name : current.name,
    agency: newer || !current ? snapshot.agency : current.agency,
    updatedAt: newer || !current ? at : current.updatedAt,
    host: newer || current?.host === undefined ? snapshot.host : current.host,
    active: newer || current?.active === undefined ? snapshot.active : current.active,
    categories: [...categories.values()].sort((a, b) => a.categoryId.localeCompare(b.categoryId)),
  };
  return current && canon(current) === canon(next) ? null : next;
}

export class PortalNames implements NameSource {
  readonly coll: Collection<PortalNamesDoc>;
  constructor(db: Db) {
    this.coll = db.collection<PortalNamesDoc>("portal_names");
  }

  /** portal.updated: merges the snapshot in; true when the document changed. */
  async onPortalUpdated(d: EventData<typeof PortalUpdated>): Promise<boolean> {
    const at = new Date(d.updatedAt);
    for (let attempt = 0; attempt < 20; attempt++) {
      const current = await this.coll.findOne({ _id: d.portal.portalId });
      const next = merge(current, d.portal, at);
      if (!next) return false;
      if (!current) {
        try {
          await this.coll.insertOne({ ...next, rev: 1 });
          return true;
        } catch (e) {
          if ((e as { code?: number }).code === 11000) continue; // written meanwhile: merge with it
          throw e;
        }
      }
      const r = await this.coll.replaceOne(
        { _id: current._id, rev: current.rev },
        { ...next, rev: current.rev + 1 },
      );
      if (r.matchedCount === 1) return true;
    }
    throw new Error(`portal_names ${d.portal.portalId}: still changing after 20 attempts`);
  }

  /**
   * Up to `limit` portals after `after` in `_id` order (one `_id` range with a limit): what the
   * availability probe and its per-portal figures go through.
   */
  async page(after: string | undefined, limit: number): Promise<PortalNamesDoc[]> {
    return this.coll
      .find(after === undefined ? {} : { _id: { $gt: after } })
      .sort({ _id: 1 })
      .limit(limit)
      .toArray();
  }

  async of(portalIds: string[]): Promise<Map<string, PortalNamesDoc>> {
    if (!portalIds.length) return new Map();
    const docs = await this.coll.find({ _id: { $in: portalIds } }).toArray();
    return new Map(docs.map((d) => [d._id, d]));
  }
}
