// "Việc của tôi" (R-TIMELY, R-CONTENT): the lists a person needs first, loaded side by side.
import { type Request, Router } from "express";
import { ApiError } from "../api/client";
import type { Completeness, ItemRow, MissedSchedule } from "../api/types";
import { BOARD_ROLES } from "../forms/abilities";
import { portalOf, portalScope } from "../http/portal";
import { TtlCache } from "../http/ttl-cache";
import { ChoosePortalPage } from "../views/pages/auth";
import { type DashboardData, DashboardPage } from "../views/pages/dashboard";
import { sendPage } from "../views/render";
import { toRow } from "./items.routes";

const AUTHORS = ["focal-officer", "contributor", ...BOARD_ROLES];

async function optional<T>(p: Promise<T>, fallback: T): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof ApiError && (e.status === 403 || e.status === 404)) return fallback;
    throw e;
  }
}

/** The board's completeness report is a computation over every category: kept a minute per portal. */
const completenessCache = new TtlCache<Completeness | null>(60_000);
/** The dashboard waits this long for the report; a slower one shows on the next visit. */
const COMPLETENESS_WAIT_MS = 1500;

/** Content's "Việc của tôi" lists (GET /portals/{id}/work): one call for every list the page shows. */
interface WorkLists {
  mine?: { items: ItemRow[] };
  queue?: { items: ItemRow[] };
  approved?: { items: ItemRow[] };
  missed?: MissedSchedule[];
}

/**
 * A person's dashboard is kept for a few seconds: it is the page people come back to after every
 * action, and under a busy board the same lists were read again for each visit. Any change the
 * person makes through the admin (every non-GET request) drops their copy, so what they did shows
 * at once; what others did shows within this time.
 */
const DASHBOARD_MS = 3_000;
const dashboards = new TtlCache<DashboardData>(DASHBOARD_MS, 2_000);
const dashboardKey = (req: Request) => `${req.session.user?.sub ?? ""}|${portalOf(req)}`;

async function dashboard(req: Request): Promise<DashboardData> {
  const portalId = portalOf(req);
  const roles = req.ctx.rolesOn(portalId);
  const board = roles.some((r) => BOARD_ROLES.includes(r));
  const author = roles.some((r) => AUTHORS.includes(r));
  const report = board
    ? completenessCache.get(portalId, () =>
        optional(
          req.ctx.api.get<Completeness>("content", `/portals/${portalId}/completeness`).then((r) => r.data),
          null,
        ),
      )
    : Promise.resolve(null);
  const lists = [...(author ? ["mine"] : []), ...(board ? ["queue", "approved", "missed"] : [])];
  const [work, completeness] = await Promise.all([
    lists.length
      ? req.ctx.api
          .get<WorkLists>("content", `/portals/${portalId}/work`, { query: { lists: lists.join(",") } })
          .then((r) => r.data)
      : ({} as WorkLists),
    Promise.race([
      report,
      new Promise<"pending">((r) => setTimeout(() => r("pending"), COMPLETENESS_WAIT_MS).unref()),
    ]),
  ]);
  const mine = (work.mine?.items ?? []).map(toRow);
  const queue = (work.queue?.items ?? []).map(toRow);
  const approved = (work.approved?.items ?? []).map(toRow);
  const missed = work.missed ?? [];
  const of = (state: string) => mine.filter((x) => x.state === state).slice(0, 10);
  return {
    ...(author
      ? {
          author: {
            drafts: of("draft"),
            returned: of("rejected"),
            waiting: of("submitted"),
            scheduled: of("approved"),
          },
        }
      : {}),
    ...(board
      ? {
          board: {
            queue,
            approved,
            missed,
            completeness: completeness === "pending" ? null : completeness,
            completenessPending: completeness === "pending",
          },
        }
      : {}),
  };
}

export function dashboardRoutes(): Router {
  const r = Router({ mergeParams: true });
  // the person's own changes: their next dashboard is read fresh (every portal of theirs)
  r.use((req, _res, next) => {
    if (req.method !== "GET" && req.method !== "HEAD" && req.session?.user) {
      const sub = `${req.session.user.sub}|`;
      dashboards.deleteWhere((k) => k.startsWith(sub));
    }
    next();
  });
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
    // the completeness report, while still being made, is not kept with the page
    const data = await dashboards.get(dashboardKey(req), () => dashboard(req));
    if (data.board?.completenessPending) dashboards.delete(dashboardKey(req));
    sendPage(res, req.ctx.page, <DashboardPage data={data} />);
  });
  r.get("/p/:portalId", (req, res) => res.redirect(301, `/p/${portalOf(req)}/`));
  return r;
}
