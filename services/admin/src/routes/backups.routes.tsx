// Backups (issue 19 screen 4, R-BACKUP) over archive's API, for platform admins; auditors see
// every page without an action, and a drill they force through anyway reaches archive, whose 403
// becomes a Vietnamese sentence. `GET /backups` (the last backups, `configured: false` without a
// backup target, 503 backup_target_unavailable when it cannot be read), `GET /backups/drills`
// (the latest restore drills), `POST /backups/{id}/drills` (202 → the drill's page; 404
// unknown_backup, 409 drill_running → the running one, 503 backup_target_unavailable) and
// `GET /backups/drills/{id}` (progress, then the comparison).
import { type Request, type Response, Router } from "express";
import { ApiError } from "../api/client";
import type { BackupList, RestoreDrill } from "../api/platform";
import { canAct, consoleGuard } from "../http/console";
import { flash } from "../http/context";
import { formatNumber } from "../i18n";
import { ErrorPage } from "../views/pages/auth";
import { BACKUPS, BackupsPage, DrillPage } from "../views/pages/backups";
import { type ProgressFigures, percent } from "../views/progress";
import { sendPage } from "../views/render";

const ID = /^[A-Za-z0-9_.-]{1,100}$/;
const wantsJson = (req: Request) => /application\/json/.test(String(req.headers.accept ?? ""));

/** An answer of archive's that is a problem with this reason (503s are read, not thrown). */
const isReason = (data: unknown, reason: string) =>
  !!data && typeof data === "object" && (data as { reason?: unknown }).reason === reason;

export function backupRoutes(): Router {
  const r = Router();
  r.use(BACKUPS, consoleGuard);

  const show = async (req: Request, res: Response, o: { refusal?: string; status?: number } = {}) => {
    const [list, drills] = await Promise.all([
      req.ctx.api.get<BackupList>("archive", "/backups", { query: { limit: 20 }, accept: [503] }),
      // archive answers 404 while it has no restore drills; 503 while the target cannot be read
      req.ctx.api.get<{ items: RestoreDrill[] }>("archive", "/backups/drills", {
        query: { limit: 10 },
        accept: [404, 503],
      }),
    ]);
    if (list.status === 503 && !isReason(list.data, "backup_target_unavailable"))
      return sendPage(res, req.ctx.page, <ErrorPage kind="unavailable" />, 503);
    sendPage(
      res,
      req.ctx.page,
      <BackupsPage
        list={list.status === 200 ? list.data : null}
        drills={
          drills.status === 200 && Array.isArray(drills.data.items)
            ? drills.data.items
            : drills.status === 503
              ? []
              : null
        }
        canAct={canAct(req)}
        refusal={o.refusal}
      />,
      o.status ?? 200,
    );
  };

  r.get(BACKUPS, (req, res) => show(req, res));

  r.post(`${BACKUPS}/:backupId/drills`, async (req, res) => {
    const m = req.ctx.page.t.backups;
    const backupId = String(req.params.backupId);
    if (!ID.test(backupId)) return show(req, res, { refusal: m.eUnknownBackup, status: 404 });
    let drill: { status: number; data: RestoreDrill };
    try {
      drill = await req.ctx.api.post<RestoreDrill>(
        "archive",
        `/backups/${encodeURIComponent(backupId)}/drills`,
        {
          accept: [503],
        },
      );
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const running = e.body.runningId;
      if (e.status === 409 && typeof running === "string" && ID.test(running)) {
        flash(req, "info", m.eDrillRunning);
        return res.redirect(303, `${BACKUPS}/drills/${encodeURIComponent(running)}`);
      }
      if (e.status === 403) return show(req, res, { refusal: m.eDrillForbidden, status: 403 });
      if (e.status === 404)
        return show(req, res, {
          refusal: e.reason === "unknown_backup" ? m.eUnknownBackup : m.drillsMissing,
          status: 404,
        });
      return show(req, res, {
        refusal: e.detailFor(req.ctx.lang) ?? req.ctx.page.t.errors.generic,
        status: 422,
      });
    }
    if (drill.status === 503) return show(req, res, { refusal: m.unavailable, status: 503 });
    res.redirect(303, `${BACKUPS}/drills/${encodeURIComponent(drill.data.id)}`);
  });

  r.get(`${BACKUPS}/drills/:drillId`, async (req, res) => {
    const m = req.ctx.page.t.backups;
    const id = String(req.params.drillId);
    const got = ID.test(id)
      ? await req.ctx.api.get<RestoreDrill>("archive", `/backups/drills/${encodeURIComponent(id)}`, {
          accept: [404],
        })
      : { status: 404, data: null };
    if (got.status === 404 || !got.data) {
      if (wantsJson(req)) return void res.status(404).json({ code: "not_found" });
      return sendPage(res, req.ctx.page, <ErrorPage kind="notFound" />, 404);
    }
    const d = got.data;
    const n = (x: number) => formatNumber(x, req.ctx.lang);
    const figures: ProgressFigures = {
      running: d.status === "running",
      done: d.done,
      total: d.total,
      text: m.progress(n(d.done), n(d.total), percent(d.done, d.total)),
    };
    if (wantsJson(req)) return void res.set("cache-control", "no-store").json(figures);
    // the backup's time, to name it as the list does
    const list = await req.ctx.api.get<BackupList>("archive", "/backups", {
      query: { limit: 50 },
      accept: [503],
    });
    const backup = list.status === 200 ? list.data.items.find((b) => b.id === d.backupId) : undefined;
    sendPage(
      res,
      req.ctx.page,
      <DrillPage
        drill={d}
        backup={backup}
        canAct={canAct(req)}
        url={`${BACKUPS}/drills/${encodeURIComponent(id)}`}
        figures={figures}
      />,
    );
  });

  return r;
}
