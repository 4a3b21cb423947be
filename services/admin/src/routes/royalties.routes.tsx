// Royalties (R-ROYALTY, R-OFFICE) over content's GET /portals/{id}/royalties and its
// statement.csv (the board reads them). The period is typed MM/yyyy; the current month in Vietnam
// time by default.
import { type Request, type Response, Router } from "express";
import { BOARD_ROLES } from "../forms/abilities";
import { passFile } from "../http/pass-file";
import { portalOf, portalScope } from "../http/portal";
import { ErrorPage } from "../views/pages/auth";
import { RoyaltiesPage, type RoyaltyEntry } from "../views/pages/royalties";
import { sendPage } from "../views/render";

function guard(req: Request, res: Response, next: () => void) {
  const ok =
    req.ctx.rolesOn(portalOf(req)).some((r) => BOARD_ROLES.includes(r)) ||
    (req.session.user?.realmRoles ?? []).includes("auditor");
  if (ok) next();
  else sendPage(res, req.ctx.page, <ErrorPage kind="forbidden" />, 403);
}

/** "12/2026", "2026-12" → "2026-12"; null when not a month. */
function parsePeriod(raw: string): string | null {
  const vn = /^(\d{1,2})\/(\d{4})$/.exec(raw);
  const iso = /^(\d{4})-(\d{2})$/.exec(raw);
  const [y, m] = vn ? [Number(vn[2]), Number(vn[1])] : iso ? [Number(iso[1]), Number(iso[2])] : [0, 0];
  if (!y || m < 1 || m > 12) return null;
  return `${y}-${String(m).padStart(2, "0")}`;
}

function thisMonth(): string {
  const v = new Date(Date.now() + 7 * 3600_000);
  return `${v.getUTCFullYear()}-${String(v.getUTCMonth() + 1).padStart(2, "0")}`;
}

const shown = (period: string) => `${period.slice(5)}/${period.slice(0, 4)}`;

export function royaltyRoutes(): Router {
  const r = Router({ mergeParams: true });
  r.use("/p/:portalId/royalties", portalScope, guard);

  r.get("/p/:portalId/royalties", async (req, res) => {
    const t = req.ctx.page.t;
    const raw = typeof req.query.period === "string" ? req.query.period.trim() : "";
    const period = raw ? parsePeriod(raw) : thisMonth();
    if (!period) {
      sendPage(
        res,
        req.ctx.page,
        <RoyaltiesPage periodInput={raw} entries={[]} total={0} error={t.royalties.invalidPeriod} />,
        422,
      );
      return;
    }
    const { data } = await req.ctx.api.get<{ items: RoyaltyEntry[]; total: number }>(
      "content",
      `/portals/${portalOf(req)}/royalties`,
      { query: { period } },
    );
    sendPage(
      res,
      req.ctx.page,
      <RoyaltiesPage periodInput={shown(period)} period={period} entries={data.items} total={data.total} />,
    );
  });

  // the statement as content writes it, passed on with its file name
  r.get("/p/:portalId/royalties/statement.csv", async (req, res) => {
    const period = parsePeriod(typeof req.query.period === "string" ? req.query.period : "") ?? thisMonth();
    await passFile(req, res, "content", `/portals/${portalOf(req)}/royalties/statement.csv`, {
      query: { period },
      accept: "text/csv",
      fallbackType: "text/csv; charset=utf-8",
      fallbackName: `nhuan-but-${portalOf(req)}-${period}.csv`,
    });
  });

  return r;
}
