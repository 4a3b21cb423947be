// "Việc của tôi" (R-TIMELY, R-MODERATE): the first pages of the lists a person opens first — their
// own items, the board's review queue by due date, what is approved and waits to go live, and
// missed schedules — read side by side, the rows read with one `$in` of the items' heads
// (item.list.ts `listManyItems`, item-heads.ts). The admin's dashboard makes this one request instead of five.
import { BOARD_ROLES, fail, mayAuthorContent } from "@cong/kit";
import type { PortalId } from "../portals/portal-id";
import type { SchedulePoller } from "../scheduling/scheduler";
import type { Caller } from "./caller";
import type { ItemQuery } from "./item.index";
import type { ItemService } from "./item.service";
import { itemSummary } from "./item.types";

export const WORK_LISTS = ["mine", "queue", "approved", "missed"] as const;
export type WorkList = (typeof WORK_LISTS)[number];

/** How many rows each list gives (the dashboard groups `mine` by state). */
export const WORK_LIMITS: Record<WorkList, number> = { mine: 40, queue: 20, approved: 10, missed: 10 };

/**
 * The lists asked for (default: those the caller's roles show — `mine` to authors, the others to
 * the board); 403 naming the lists the caller may not see.
 */
export async function workLists(
  items: ItemService,
  poller: SchedulePoller,
  portalId: PortalId,
  caller: Caller,
  lists?: WorkList[],
): Promise<Record<string, unknown>> {
  const author = mayAuthorContent.portalRoles.some((x) => caller.roles.has(x));
  const board = BOARD_ROLES.some((x) => caller.roles.has(x));
  const allowed = (l: WorkList) => (l === "mine" ? author : board);
  const asked = lists ? [...new Set(lists)] : WORK_LISTS.filter(allowed);
  const refused = asked.filter((l) => !allowed(l));
  if (refused.length)
    throw fail.forbidden(
      "Vai trò của bạn trên cổng này không xem được danh sách này. / Your role on this portal cannot see this list.",
      { reason: "portal_role_required", extra: { lists: refused } },
    );
  const queries: Partial<Record<WorkList, ItemQuery>> = {
    mine: { owner: caller.actor.id, sort: "updated" },
    queue: { state: "submitted", sort: "due" },
    approved: { state: "approved", sort: "updated" },
  };
  const paged = asked.filter((l) => l !== "missed");
  const [pages, missed] = await Promise.all([
    items.listManySummaries(
      portalId,
      paged.map((l) => ({ query: queries[l] as ItemQuery, limit: WORK_LIMITS[l] })),
    ),
    asked.includes("missed") ? poller.missedList(portalId, WORK_LIMITS.missed) : undefined,
  ]);
  const out: Record<string, unknown> = {};
  paged.forEach((l, n) => {
    const page = pages[n];
    if (page) out[l] = { items: page.items, nextCursor: page.nextCursor };
  });
  if (missed) {
    // the titles of the items concerned (a missed schedule is rare: usually no query at all)
    const titled = new Map(
      (
        await items.getMany(
          portalId,
          missed.map((m) => m.itemId),
        )
      ).map((d) => [d._id, itemSummary(d).title]),
    );
    out.missed = missed.map((m) => ({
      itemId: m.itemId,
      ...(titled.get(m.itemId) ? { title: titled.get(m.itemId) } : {}),
      action: m.action,
      scheduledFor: new Date(m.scheduledFor).toISOString(),
      firedAt: new Date(m.firedAt).toISOString(),
      lateByMs: m.lateByMs,
    }));
  }
  return out;
}
