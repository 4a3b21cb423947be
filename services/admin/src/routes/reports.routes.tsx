// The periodic report (R-REPORT) over archive's GET /reports/{period}/charts (the charts as SVG
// drawn by ECharts server-side, each with its figures) and GET /reports/{period}?format=pdf|csv,
// passed on as downloads. A portal's board sees its portal; the provincial board, auditors and
// platform admins also the province-wide summary (`scope=province`). Archive's refusals (403, 404
// unknown period) and its absence (5xx, unreachable) are sentences on the page, never a crash.
//
// The charts are shown as <img src="data:image/svg+xml;base64,…">, not inlined into the page: an
// SVG loaded as an image runs no script, loads nothing and cannot touch the page (the browser's
// image mode), so whatever archive's SVG carries stays inert without a sanitizer here; the admin's
// CSP already allows data: images and nothing else from elsewhere.
import { type Request, type Response, Router } from "express";
import { ApiError, ApiUnavailable, SessionEnded } from "../api/client";
import type { ReportFigures } from "../api/platform";
import { BOARD_ROLES } from "../forms/abilities";
import { passFile } from "../http/pass-file";
import { portalOf, portalScope } from "../http/portal";
import type { Messages } from "../i18n";
import { ErrorPage } from "../views/pages/auth";
import { type PeriodOption, type ReportCharts, ReportsPage } from "../views/pages/reports";
import { sendPage } from "../views/render";

/** the provincial portal: its board sees the province-wide summary (archive's rule) */
const PROVINCIAL_PORTAL = "bacgiang";
const PERIOD = /^(\d{4})(?:-H([12]))?$/;
const VN_OFFSET_MS = 7 * 3600_000;
/** largest SVG accepted from archive for one chart (a bar chart is a few tens of kB) */
const MAX_SVG_BYTES = 2 * 1024 * 1024;

const realmRoles = (req: Request) => req.session.user?.realmRoles ?? [];
const onPortalBoard = (req: Request, portalId: string) =>
  req.ctx.rolesOn(portalId).some((r) => BOARD_ROLES.includes(r));

/** Who sees the province-wide summary: as archive decides it (its 403 still has the last word). */
export const isProvincial = (req: Request) =>
  realmRoles(req).some((r) => r === "auditor" || r === "platform-admin") ||
  onPortalBoard(req, PROVINCIAL_PORTAL);

function guard(req: Request, res: Response, next: () => void) {
  if (onPortalBoard(req, portalOf(req)) || isProvincial(req)) next();
  else sendPage(res, req.ctx.page, <ErrorPage kind="forbidden" />, 403);
}

/** "2026-H1" → "6 tháng đầu năm 2026", "2026" → "Năm 2026". */
export function periodName(t: Messages, spec: string): string {
  const m = PERIOD.exec(spec);
  if (!m?.[1]) return spec;
  return m[2] === "1" ? t.reports.h1(m[1]) : m[2] === "2" ? t.reports.h2(m[1]) : t.reports.year(m[1]);
}

/**
 * The periods to choose from, newest first: the half-years and years of this year and the two
 * before it that have begun, in Vietnam time; a period not over yet says so.
 */
export function recentPeriods(t: Messages, now = new Date()): PeriodOption[] {
  const local = new Date(now.getTime() + VN_OFFSET_MS);
  const year = local.getUTCFullYear();
  const secondHalf = local.getUTCMonth() >= 6;
  const out: PeriodOption[] = [];
  const add = (value: string, ongoing: boolean) => {
    const label = periodName(t, value);
    out.push({ value, label: ongoing ? t.reports.ongoing(label) : label });
  };
  for (let y = year; y >= year - 2; y--) {
    if (y < year || secondHalf) add(`${y}-H2`, y === year);
    add(`${y}-H1`, y === year && !secondHalf);
    add(String(y), y === year);
  }
  return out;
}

type Scope = { portalId: string } | { scope: "province" };

function readQuery(req: Request): { period: string; province: boolean; valid: boolean } {
  const raw = typeof req.query.period === "string" ? req.query.period.trim() : "";
  const province = req.query.scope === "province" && isProvincial(req);
  if (!raw || raw === "auto") return { period: "auto", province, valid: true };
  const m = PERIOD.exec(raw);
  return { period: raw, province, valid: !!m };
}

/** archive's answer as a sentence of the page */
function failure(t: Messages, e: unknown): { message: string; status: number } {
  if (e instanceof ApiUnavailable) return { message: t.reports.unavailable, status: 503 };
  if (e instanceof ApiError && e.status === 403) return { message: t.reports.forbidden, status: 403 };
  if (e instanceof ApiError && e.status === 404) return { message: t.reports.unknownPeriod, status: 404 };
  throw e;
}

/** The chart's SVG as an image address; null when archive sent something that is not an SVG. */
function svgImage(svg: unknown): string | null {
  if (typeof svg !== "string" || !/^<svg[\s>]/.test(svg) || Buffer.byteLength(svg) > MAX_SVG_BYTES)
    return null;
  return `data:image/svg+xml;base64,${Buffer.from(svg, "utf8").toString("base64")}`;
}

export function reportRoutes(): Router {
  const r = Router({ mergeParams: true });
  r.use("/p/:portalId/reports", portalScope, guard);

  r.get("/p/:portalId/reports", async (req, res) => {
    const t = req.ctx.page.t;
    const q = readQuery(req);
    const options = recentPeriods(t);
    const base = { options, province: q.province, mayProvince: isProvincial(req) };
    if (!q.valid) {
      sendPage(res, req.ctx.page, <ReportsPage {...base} selected="" error={t.reports.invalidPeriod} />, 422);
      return;
    }
    const scope: Scope = q.province ? { scope: "province" } : { portalId: portalOf(req) };
    let data: ReportCharts;
    // the register's incidents of the period (R-OPS-247) are in the report's figures, not its charts
    const incidents = req.ctx.api
      .get<ReportFigures>("archive", `/reports/${q.period}`, { query: { ...scope, format: "json" } })
      .then((r) => r.data.incidents ?? null)
      .catch((e: unknown) => {
        if (e instanceof ApiError || e instanceof ApiUnavailable) return undefined;
        throw e;
      });
    try {
      data = (await req.ctx.api.get<ReportCharts>("archive", `/reports/${q.period}/charts`, { query: scope }))
        .data;
    } catch (e) {
      await incidents.catch(() => undefined);
      const f = failure(t, e);
      sendPage(
        res,
        req.ctx.page,
        <ReportsPage {...base} selected={q.period} failure={f.message} />,
        f.status,
      );
      return;
    }
    const label = data.period.label;
    const selected = PERIOD.test(label) ? label : q.period;
    const shown = options.some((o) => o.value === selected)
      ? options
      : [...options, { value: selected, label: periodName(t, selected) }];
    sendPage(
      res,
      req.ctx.page,
      <ReportsPage
        {...base}
        options={shown}
        selected={selected}
        report={{
          ...data,
          charts: data.charts.map((c) => ({ ...c, image: svgImage(c.svg) })),
        }}
        incidents={await incidents}
      />,
    );
  });

  // the report as archive writes it (same figures and charts), passed on with its file name
  const download = (format: "pdf" | "csv", accept: string) => async (req: Request, res: Response) => {
    const t = req.ctx.page.t;
    const q = readQuery(req);
    const period = String(req.params.period);
    if (period !== "auto" && !PERIOD.test(period)) {
      sendPage(
        res,
        req.ctx.page,
        <ReportsPage
          options={recentPeriods(t)}
          province={q.province}
          mayProvince={isProvincial(req)}
          selected=""
          error={t.reports.invalidPeriod}
        />,
        422,
      );
      return;
    }
    const scope: Record<string, string> = q.province ? { scope: "province" } : { portalId: portalOf(req) };
    try {
      await passFile(req, res, "archive", `/reports/${period}`, {
        query: { ...scope, format },
        accept,
        fallbackName: `bao-cao-${q.province ? "toan-tinh" : portalOf(req)}-${period}.${format}`,
      });
    } catch (e) {
      // a fetch that failed (archive unreachable, timed out) is archive's absence too
      const known = e instanceof ApiError || e instanceof ApiUnavailable || e instanceof SessionEnded;
      const f = failure(t, known ? e : new ApiUnavailable(String(e)));
      sendPage(
        res,
        req.ctx.page,
        <ReportsPage
          options={recentPeriods(t)}
          province={q.province}
          mayProvince={isProvincial(req)}
          selected={period}
          failure={f.message}
        />,
        f.status,
      );
    }
  };
  r.get("/p/:portalId/reports/:period/bao-cao.pdf", download("pdf", "application/pdf"));
  r.get("/p/:portalId/reports/:period/bao-cao.csv", download("csv", "text/csv"));

  return r;
}
