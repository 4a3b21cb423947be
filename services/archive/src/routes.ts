// HTTP: parse (zod) → repositories → respond. Every route needs a bearer token.
import { PortalId } from "@cong/contracts";
import { ALL_PORTALS, BOARD_ROLES, fail, hasPortalRole, hasRealmRole, type Principal } from "@cong/kit";
import { type Request, Router } from "express";
import type { Collection } from "mongodb";
import { z } from "zod";
import type { Clock } from "./clock";
import { parse, principal, withRealmRole } from "./http";
import { reportCharts } from "./reports/charts";
import { buildProvinceReport, buildReport, type ReportSources } from "./reports/data";
import type { FeedbackRecords } from "./reports/feedback";
import { PERIOD_YEARS, parsePeriod, UnknownPeriod } from "./reports/period";
import { REPORT_TYPES, renderReport } from "./reports/render";
import type { RetentionList, RetentionRecord, RetentionRecords } from "./retention/records";
import type { RetentionScheduler } from "./retention/scheduler";

export interface AuditEntry {
  _id: string;
  at: Date;
  action: "hold.placed" | "hold.released";
  itemId: string;
  portalId: string;
  reason: string;
  by: { id: string; username: string; name: string };
}

/** The report's sources (publishingUrl, pageviewsToken, availability) are the route's own. */
export interface RouteDeps extends ReportSources {
  records: RetentionRecords;
  scheduler: RetentionScheduler;
  audit: Collection<AuditEntry>;
  feedback: FeedbackRecords;
  clock: Clock;
  /** PROVINCIAL_PORTAL_ID: its board sees every portal's report and the province-wide one */
  provincialPortalId?: string;
}

const ItemId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const HoldBody = z
  .object({
    reason: z
      .string()
      .trim()
      .min(5, "cần nêu lý do (ít nhất 5 ký tự) / a reason is required")
      .max(1000)
      .transform((s) => s.normalize("NFC")),
  })
  .strict();
/**
 * A day `YYYY-MM-DD` (its midnight UTC) or a date-time `YYYY-MM-DDTHH:MM[:SS[.fraction]]` with `Z`
 * or `±HH:MM` (without: the server's time zone). The day must exist: JavaScript's Date reads
 * 2026-02-30 as 2 March and 24:00 as the next day, so both are checked here, not left to it.
 */
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)?)?$/;
const daysIn = (year: number, month: number) => {
  const d = new Date(0);
  d.setUTCFullYear(year, month, 0);
  return d.getUTCDate();
};
export const DateParam = z
  .string()
  .max(40)
  .transform((s, ctx) => {
    const m = DATE_TIME.exec(s);
    const [y, mo, d] = [Number(m?.[1]), Number(m?.[2]), Number(m?.[3])];
    const at = new Date(s);
    if (!m || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || Number.isNaN(at.getTime())) {
      ctx.addIssue({
        code: "custom",
        params: { code: "invalid_date" },
        message: "ngày không hợp lệ (YYYY-MM-DD hoặc YYYY-MM-DDTHH:MM:SSZ) / invalid date",
      });
      return z.NEVER;
    }
    return at;
  });
/** 1 to 200, in digits only (`1e2`, `0x10`, `1.5`, a repeated parameter are refused) */
const Limit = z
  .string()
  .regex(/^[1-9]\d{0,2}$/, "một số nguyên từ 1 đến 200 / a whole number from 1 to 200")
  .transform(Number)
  .pipe(z.number().max(200, "một số nguyên từ 1 đến 200 / a whole number from 1 to 200"));
const Cursor = z.string().min(1).max(1200);
const SearchQuery = z
  .object({
    portalId: PortalId.optional(),
    categoryId: z.string().max(100).optional(),
    from: DateParam.optional(),
    to: DateParam.optional(),
    q: z.string().max(200).optional(),
    limit: Limit.default(50),
    cursor: Cursor.optional(),
  })
  .strict();
const ListQuery = z
  .object({
    portalId: PortalId.optional(),
    from: DateParam.optional(),
    to: DateParam.optional(),
    limit: Limit.default(50),
    cursor: Cursor.optional(),
  })
  .strict();

/** What a list shows of a record (never its words). */
const itemView = ({ _id, words: _w, text: _t, updatedAt: _u, stateAt: _s, ...x }: RetentionRecord) => ({
  itemId: _id,
  ...x,
  hold: x.hold ?? null,
  snapshotKey: `${x.portalId}/${_id}/r${x.revision}.json`,
});

const isStaffAuditor = (p: Principal) => hasRealmRole(p, "platform-admin", "auditor");

export function routes(d: RouteDeps): Router {
  const r = Router();

  r.get("/retention/status", async (req, res) => {
    const p = principal(req);
    if (!isStaffAuditor(p))
      throw fail.forbidden("Chỉ quản trị nền tảng hoặc kiểm toán / platform-admin or auditor only", {
        reason: "realm_role_required",
      });
    const s = await d.scheduler.status();
    const { _id, ...rest } = s;
    const overdue = !s.lastSuccessAt || Date.now() - s.lastSuccessAt.getTime() > 86_400_000 * 1.1;
    res.json({ ...rest, overdue });
  });

  // the auditor reads everything and changes nothing (issue 19): holds are placed and lifted by
  // the technical focal unit, at an inspector's request recorded in the reason
  const hold = (place: boolean) => async (req: Request, res: import("express").Response) => {
    const p = withRealmRole(req, ["platform-admin"], "Chỉ quản trị nền tảng / platform-admin only");
    const itemId = parse(ItemId, req.params.itemId);
    const { reason } = parse(HoldBody, req.body ?? {});
    const rec = await d.records.get(itemId);
    if (!rec) throw fail.notFound("Không có hồ sơ lưu trữ của mục này / no retention record for this item");
    if (rec.state === "expired" && place)
      throw fail.conflict("Mục đã hết hạn lưu trữ / item already expired", { reason: "already_expired" });
    const by = { id: p.userId, username: p.username, name: p.name };
    const updated = await d.records.setHold(
      itemId,
      place ? { reason, by: { id: p.userId, username: p.username }, at: new Date() } : null,
    );
    await d.audit.insertOne({
      _id: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`,
      at: new Date(),
      action: place ? "hold.placed" : "hold.released",
      itemId,
      portalId: rec.portalId,
      reason,
      by,
    });
    res.json({ itemId, portalId: rec.portalId, state: updated?.state, hold: updated?.hold ?? null });
  };
  r.put("/items/:itemId/hold", hold(true));
  r.delete("/items/:itemId/hold", hold(false));

  /** Auditors and platform admins see every portal; a portal's board, that portal (named). */
  const mayRead = (p: Principal, portalId: string | undefined) => {
    if (!isStaffAuditor(p) && !(portalId && hasPortalRole(p, portalId, BOARD_ROLES)))
      throw fail.forbidden(
        "Cần vai trò kiểm toán, quản trị nền tảng hoặc ban biên tập của cổng / auditor, platform-admin or the portal's board",
        { reason: portalId ? "portal_role_required" : "portal_required" },
      );
  };

  r.get("/archive/search", async (req, res) => {
    const p = principal(req);
    const q = parse(SearchQuery, req.query);
    mayRead(p, q.portalId);
    const page = await d.records.search(
      q.portalId ?? ALL_PORTALS,
      { q: q.q, categoryId: q.categoryId, from: q.from, to: q.to },
      q,
    );
    res.json({ items: page.docs.map(itemView), nextCursor: page.nextCursor });
  });

  const retentionList = (list: RetentionList) => async (req: Request, res: import("express").Response) => {
    const p = principal(req);
    const q = parse(ListQuery, req.query);
    mayRead(p, q.portalId);
    const page = await d.records.list(q.portalId ?? ALL_PORTALS, list, q, q);
    res.json({ items: page.docs.map(itemView), nextCursor: page.nextCursor });
  };
  r.get("/retention/holds", retentionList("holds"));
  r.get("/retention/expiring", retentionList("expiring"));
  r.get("/retention/expired", retentionList("expired"));

  /** a portal (`portalId`) or, with `scope=province`, every portal together: exactly one */
  const oneScope = (
    q: { portalId?: string | undefined; scope?: string | undefined },
    ctx: z.RefinementCtx,
  ) => {
    if ((q.portalId === undefined) === (q.scope === undefined))
      ctx.addIssue({
        code: "custom",
        path: ["portalId"],
        message: "cần portalId hoặc scope=province (một trong hai) / portalId or scope=province, one of them",
      });
  };
  const Scope = { portalId: PortalId.optional(), scope: z.literal("province").optional() };
  const ReportQuery = z
    .object({ ...Scope, format: z.enum(["html", "pdf", "xlsx", "csv", "json"]).default("html") })
    .strict()
    .superRefine(oneScope);
  const ChartsQuery = z.object(Scope).strict().superRefine(oneScope);
  /** Auditors and platform admins, and the provincial board, see every portal and the province. */
  const isProvincial = (p: Principal) =>
    isStaffAuditor(p) || hasPortalRole(p, d.provincialPortalId ?? "bacgiang", BOARD_ROLES);
  /** The report's figures (auth, portal scope and period as for every format), or a 4xx problem. */
  const reportOf = async (req: Request, query: typeof ChartsQuery | typeof ReportQuery) => {
    const p = principal(req);
    const q = parse(query, req.query);
    if (!isProvincial(p) && !(q.portalId && hasPortalRole(p, q.portalId, BOARD_ROLES)))
      throw fail.forbidden("Cần vai trò kiểm toán, quản trị hoặc ban biên tập của cổng / not allowed", {
        reason: q.portalId ? "portal_role_required" : "provincial_board_required",
      });
    let period: ReturnType<typeof parsePeriod>;
    try {
      period = parsePeriod(String(req.params.period), d.clock.now());
    } catch (e) {
      if (!(e instanceof UnknownPeriod)) throw e;
      throw fail.notFound(
        `Không có kỳ báo cáo này: kỳ là YYYY, YYYY-H1, YYYY-H2 (năm ${PERIOD_YEARS.min}–${PERIOD_YEARS.max}) hoặc auto / no such report period`,
        { reason: "unknown_period" },
      );
    }
    return q.portalId
      ? buildReport(d, q.portalId, period, d.clock.now())
      : buildProvinceReport(d, period, d.clock.now());
  };

  // the report's charts (SVG) with their tables, for the admin's report screen (R-REPORT)
  r.get("/reports/:period/charts", async (req, res) => {
    const data = await reportOf(req, ChartsQuery);
    res.json({
      scope: data.scope,
      portalId: data.portalId,
      portal: data.portal,
      period: data.period,
      charts: reportCharts(data),
    });
  });

  r.get("/reports/:period", async (req, res) => {
    const data = await reportOf(req, ReportQuery);
    const q = parse(ReportQuery, req.query);
    const period = data.period;
    if (q.format === "json") return void res.json(data);
    const body = await renderReport(data, q.format);
    res.type(REPORT_TYPES[q.format]);
    if (q.format === "html")
      res.set("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'");
    else res.attachment(`bao-cao-${q.portalId ?? "toan-tinh"}-${period.label}.${q.format}`);
    res.send(body);
  });

  return r;
}
