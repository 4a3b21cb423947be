// R-CONTENT / R-TIMELY: which mandatory categories of a portal are empty, and which hold
// submissions waiting past their working-day deadline.
import type { ItemRepository } from "../items/item.repository";
import type { CategoryListing } from "../items/listing";
import type { PortalService } from "./portal.service";
import { portalOfRecord } from "./portal-id";

export interface CategoryCompleteness {
  categoryId: string;
  name: string;
  mandatory: boolean;
  deadlineWorkingDays: number | null;
  published: number;
  empty: boolean;
  overdue: { itemId: string; title: string; state: string; dueBy: string }[];
}

export class CompletenessService {
  constructor(
    private readonly portals: PortalService,
    private readonly listing: CategoryListing,
    private readonly items: ItemRepository,
  ) {}

  async report(portalId: string, now = new Date()) {
    const portal = await this.portals.require(portalId);
    // waiting revisions of this portal past their due date: the due-date facets of the item index,
    // read up to now (no scan)
    const waiting = await this.items.pastDue(portalOfRecord(portalId), now);
    const categories: CategoryCompleteness[] = [];
    for (const c of [...portal.categories].sort((a, b) => a.order - b.order)) {
      const page = await this.listing.list(portalId, c.categoryId, 1);
      const overdue = waiting
        .filter(
          (d) =>
            d.working?.categoryIds.includes(c.categoryId) &&
            d.working.dueBy &&
            new Date(d.working.dueBy) < now,
        )
        .map((d) => ({
          itemId: d._id,
          title: d.working?.locales.vi?.title ?? "",
          state: d.working?.state ?? "",
          dueBy: new Date(d.working?.dueBy as Date).toISOString(),
        }));
      categories.push({
        categoryId: c.categoryId,
        name: c.name.vi,
        mandatory: c.mandatory,
        deadlineWorkingDays: c.deadlineWorkingDays,
        published: page.total,
        empty: page.total === 0,
        overdue,
      });
    }
    const mandatory = categories.filter((c) => c.mandatory);
    return {
      portalId,
      generatedAt: now.toISOString(),
      complete: mandatory.every((c) => !c.empty && c.overdue.length === 0),
      emptyMandatory: mandatory.filter((c) => c.empty).map((c) => c.categoryId),
      overdueMandatory: mandatory.filter((c) => c.overdue.length > 0).map((c) => c.categoryId),
      categories,
    };
  }
}
