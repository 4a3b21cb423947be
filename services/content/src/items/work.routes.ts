// "Việc của tôi" in one call (R-TIMELY, R-MODERATE): the first pages of the lists a person opens
// first — their own items, the board's review queue by due date, what is approved and waits to go
// live, and missed schedules — read side by side, the items opened with one `$in`
// (item.repository.ts `listMany`). The admin's dashboard makes this one request instead of five.
import { BOARD_ROLES, fail } from "@cong/kit";
import { Router } from "express";
import { z } from "zod";
import { AUTHOR_ROLES, callerOf, canRead, checkedPortal } from "../auth";
import type { SchedulePoller } from "../scheduling/scheduler";
import type { ItemQuery } from "./item.index";
import type { ItemService } from "./item.service";
import { itemSummary } from "./item.types";

export const WORK_LISTS = ["mine", "queue", "approved", "missed"] as const;
type WorkList = (typeof WORK_LISTS)[number];

/** How many rows each list gives (the dashboard groups `mine` by state). */
export const WORK_LIMITS: Record<WorkList, number> = { mine: 40, queue: 20, approved: 10, missed: 10 };

const Query = z.object({
  lists: z
    .string()
    .max(100)
    .transform((s) => s.split(",").filter(Boolean))
    .pipe(z.array(z.enum(WORK_LISTS)).min(1))
    .optional(),
});

export function workRoutes(items: ItemService, poller: SchedulePoller): Router {
  const r = Router();
  r.get("/portals/:portalId/work", canRead, async (req, res) => {
    const parsed = Query.safeParse(req.query);
    if (!parsed.success)
      throw fail.validation(
        [
          {
            path: "lists",
            code: "invalid_enum_value",
            message: `Danh sách không hợp lệ; dùng: ${WORK_LISTS.join(", ")}.`,
          },
        ],
        "Tham số danh sách chưa hợp lệ. / Invalid list parameters.",
      );
    const portalId = checkedPortal(req);
    const caller = callerOf(req);
    const author = AUTHOR_ROLES.some((x) => caller.roles.has(x));
    const board = BOARD_ROLES.some((x) => caller.roles.has(x));
    const allowed = (l: WorkList) => (l === "mine" ? author : board);
    const asked = parsed.data.lists ? [...new Set(parsed.data.lists)] : WORK_LISTS.filter(allowed);
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
    const lists = asked.filter((l) => l !== "missed");
    const [pages, missed] = await Promise.all([
      items.listMany(
        portalId,
        lists.map((l) => ({ query: queries[l] as ItemQuery, limit: WORK_LIMITS[l] })),
      ),
      asked.includes("missed") ? poller.missedList(portalId, WORK_LIMITS.missed) : undefined,
    ]);
    const out: Record<string, unknown> = {};
    lists.forEach((l, n) => {
      const page = pages[n];
      if (page) out[l] = { items: page.items.map(itemSummary), nextCursor: page.nextCursor };
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
    res.json(out);
  });
  return r;
}
