// The portal's admin audit trail (issue 19, screen 2) over identity's `GET /portals/<id>/audit`:
// identity filters by action and an end instant; the start day and the person (actor or target)
// are applied here to each page of 50 (a page may show fewer; the pager stops at the start day).
import { Router } from "express";
import { canAct, consoleGuard } from "../http/console";
import { portalOf, portalScope } from "../http/portal";
import { parseDay } from "../i18n";
import type { FormErrors } from "../views/components";
import { type AuditEntryView, AuditPage } from "../views/pages/people-audit";
import { sendPage } from "../views/render";

const AUDIT_PAGE = 50;
const VN_OFFSET_MS = 7 * 3_600_000;

export function peopleAuditRoutes(): Router {
  const r = Router({ mergeParams: true });
  r.use("/p/:portalId/people/audit", portalScope, consoleGuard);
  r.get("/p/:portalId/people/audit", async (req, res) => {
    const t = req.ctx.page.t;
    const q = (k: string) =>
      typeof req.query[k] === "string" ? (req.query[k] as string).normalize("NFC").trim() : "";
    const filters = { who: q("who").toLowerCase(), action: q("action"), from: q("from"), to: q("to") };
    const errors: FormErrors = {};
    const fromDay = filters.from ? parseDay(filters.from) : null;
    const toDay = filters.to ? parseDay(filters.to) : null;
    if (filters.from && !fromDay) errors.from = t.people.invalidDay;
    if (filters.to && !toDay) errors.to = t.people.invalidDay;
    if (fromDay && toDay && toDay < fromDay) errors.to = t.people.toAfterFrom;
    const action = filters.action in t.people.actions ? filters.action : "";
    // days are Vietnam days: "to 02/12/2026" is before 03/12/2026 00:00 in Vietnam
    const dayStart = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - VN_OFFSET_MS);
    const before =
      toDay && !errors.to ? new Date(dayStart(toDay).getTime() + 86_400_000).toISOString() : undefined;
    const after = fromDay && !errors.from ? dayStart(fromDay).getTime() : undefined;
    const cursor = q("cursor");
    const { data } = await req.ctx.api.get<{ entries: AuditEntryView[]; nextCursor: string | null }>(
      "identity",
      `/portals/${portalOf(req)}/audit`,
      { query: { limit: AUDIT_PAGE, action, before, cursor: cursor || undefined } },
    );
    // identity filters by action and an end; the start and the person are applied here
    const inRange = data.entries.filter((e) => after === undefined || Date.parse(e.at) >= after);
    const entries = inRange.filter(
      (e) => !filters.who || e.actor.username === filters.who || e.target?.username === filters.who,
    );
    const ended = inRange.length < data.entries.length;
    const base = `/p/${portalOf(req)}/people/audit`;
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v);
    const nextHref =
      data.nextCursor && !ended
        ? `${base}?${new URLSearchParams([...params, ["cursor", data.nextCursor]])}`
        : undefined;
    const firstHref = cursor ? `${base}${params.size ? `?${params}` : ""}` : undefined;
    sendPage(
      res,
      req.ctx.page,
      <AuditPage
        entries={entries}
        filters={filters}
        errors={errors}
        nextHref={nextHref}
        firstHref={firstHref}
        canAct={canAct(req)}
      />,
      Object.keys(errors).length ? 422 : 200,
    );
  });

  return r;
}
