// HTTP for "Việc của tôi" (work.ts): parse the lists asked for, call, respond.
import { fail } from "@cong/kit";
import { Router } from "express";
import { z } from "zod";
import { callerOf, checkedPortal, mayReadPortalContent } from "../auth";
import type { SchedulePoller } from "../scheduling/scheduler";
import type { ItemService } from "./item.service";
import { WORK_LISTS, workLists } from "./work";

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
  r.get("/portals/:portalId/work", mayReadPortalContent, async (req, res) => {
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
    const out = await workLists(items, poller, checkedPortal(req), callerOf(req), parsed.data.lists);
    res.json(out);
  });
  return r;
}
