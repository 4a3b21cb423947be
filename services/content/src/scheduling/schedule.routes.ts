// Pending and missed schedules (R-MODERATE: a missed schedule is reported, not silent).
import { requireRealmRole } from "@cong/kit";
import { Router } from "express";
import { mayReviewItems } from "../auth";
import type { SchedulePoller } from "./scheduler";

export function scheduleRoutes(poller: SchedulePoller): Router {
  const r = Router();
  r.get("/portals/:portalId/schedules", mayReviewItems, async (req, res) => {
    const portalId = req.params.portalId as string;
    res.json({ pending: await poller.pending(portalId), missed: await poller.missedList(portalId) });
  });
  r.get("/schedules/missed", requireRealmRole("platform-admin", "auditor"), async (_req, res) => {
    res.json({ items: await poller.missedList() });
  });
  return r;
}
