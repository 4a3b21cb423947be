// "Việc của tôi" (R-TIMELY, R-CONTENT): the lists a person needs first, loaded side by side.
import { type Request, Router } from "express";
import { ApiError } from "../api/client";
import type { Completeness } from "../api/types";
import { BOARD_ROLES } from "../forms/abilities";
import { portalOf, portalScope } from "../http/portal";
import { ChoosePortalPage } from "../views/pages/auth";
import { type DashboardData, DashboardPage } from "../views/pages/dashboard";
import { sendPage } from "../views/render";
import { listItems } from "./items.routes";

const AUTHORS = ["focal-officer", "contributor", ...BOARD_ROLES];

async function optional<T>(p: Promise<T>, fallback: T): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof ApiError && (e.status === 403 || e.status === 404)) return fallback;
    throw e;
  }
}

async function dashboard(req: Request): Promise<DashboardData> {
  const roles = req.ctx.rolesOn(portalOf(req));
  const board = roles.some((r) => BOARD_ROLES.includes(r));
  const author = roles.some((r) => AUTHORS.includes(r));
  const rows = (q: Record<string, string>, limit = 10) => listItems(req, q, limit).then((x) => x.rows);
  const none = { rows: [] };
  const [drafts, returned, waiting, scheduled, queue, approved, schedules, completeness] = await Promise.all([
    author ? rows({ owner: "me", state: "draft" }) : [],
    author ? rows({ owner: "me", state: "rejected" }) : [],
    author ? rows({ owner: "me", state: "submitted" }) : [],
    author ? rows({ owner: "me", state: "approved" }) : [],
    board ? rows({ state: "submitted", sort: "due" }, 20) : [],
    board ? rows({ state: "approved" }) : [],
    board
      ? optional(
          req.ctx.api
            .get<{ missed: { itemId: string; title?: string }[] }>(
              "content",
              `/portals/${portalOf(req)}/schedules`,
            )
            .then((r) => r.data.missed ?? []),
          [],
        )
      : [],
    board
      ? optional(
          req.ctx.api
            .get<Completeness>("content", `/portals/${portalOf(req)}/completeness`)
            .then((r) => r.data),
          null,
        )
      : null,
  ]);
  void none;
  return {
    ...(author ? { author: { drafts, returned, waiting, scheduled } } : {}),
    ...(board ? { board: { queue, approved, missed: schedules, completeness } } : {}),
  };
}

export function dashboardRoutes(): Router {
  const r = Router({ mergeParams: true });
  r.get("/portals", (req, res) => {
    sendPage(res, req.ctx.page, <ChoosePortalPage />);
  });
  r.get("/", (req, res) => {
    const portals = req.ctx.page.portals;
    const last = req.session.portalId && portals.find((p) => p.id === req.session.portalId);
    if (last) res.redirect(303, `/p/${last.id}/`);
    else if (portals.length === 1) res.redirect(303, `/p/${portals[0]?.id}/`);
    else res.redirect(303, "/portals");
  });
  r.use("/p/:portalId", portalScope);
  r.get("/p/:portalId/", async (req, res) => {
    sendPage(res, req.ctx.page, <DashboardPage data={await dashboard(req)} />);
  });
  r.get("/p/:portalId", (req, res) => res.redirect(301, `/p/${portalOf(req)}/`));
  return r;
}
