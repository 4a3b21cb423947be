// The portal's admin audit trail (issue 19, screen 2) over identity's `GET /portals/<id>/audit`:
// every filter is identity's — the person (`who`: the actor's or the target's username), the
// action, and the window of Vietnam days (`after` the first day's 00:00 +07:00, `before` the day
// after the last one) — so each page of 50 is full and the cursor pages through the filtered
// trail. identity's 422 is said beside the field it names.
import type { Request } from "express";
import { Router } from "express";
import { ApiError } from "../api/client";
import { canAct, consoleGuard } from "../http/console";
import { portalOf, portalScope } from "../http/portal";
import { parseDay, vnDayStart, vnNextDayStart } from "../i18n";
import type { FormErrors } from "../views/components";
import { type AuditEntryView, AuditPage } from "../views/pages/people-audit";
import { sendPage } from "../views/render";

const AUDIT_PAGE = 50;
/** identity's parameter → the form's field */
const FIELDS: Record<string, string> = { who: "who", action: "action", after: "from", before: "to" };

/** identity's 422: messages beside the fields, or a sentence (a cursor of other filters). */
function explain(req: Request, e: ApiError): { errors: FormErrors; refusal?: string } {
  const m = req.ctx.page.t.people;
  if (e.reason === "invalid_cursor") return { errors: {}, refusal: m.eCursor };
  const errors: FormErrors = {};
  for (const x of e.errors) {
    const field = FIELDS[x.path.split(".")[0] ?? ""];
    if (!field || errors[field]) continue;
    errors[field] =
      field === "who"
        ? m.eWho
        : field === "action"
          ? req.ctx.page.t.fieldErrors.invalid
          : // identity names `after` (a custom issue) when the window is empty or reversed
            x.path === "after" && x.code === "custom"
            ? m.toAfterFrom
            : m.invalidDay;
  }
  if (errors.from === m.toAfterFrom) {
    delete errors.from;
    errors.to = m.toAfterFrom;
  }
  return Object.keys(errors).length
    ? { errors }
    : { errors, refusal: e.detailFor(req.ctx.lang) ?? req.ctx.page.t.errors.generic };
}

export function peopleAuditRoutes(): Router {
  const r = Router({ mergeParams: true });
  r.use("/p/:portalId/people/audit", portalScope, consoleGuard);
  r.get("/p/:portalId/people/audit", async (req, res) => {
    const t = req.ctx.page.t;
    const q = (k: string) =>
      typeof req.query[k] === "string" ? (req.query[k] as string).normalize("NFC").trim() : "";
    const filters = { who: q("who").toLowerCase(), action: q("action"), from: q("from"), to: q("to") };
    let errors: FormErrors = {};
    let refusal: string | undefined;
    const fromDay = filters.from ? parseDay(filters.from) : null;
    const toDay = filters.to ? parseDay(filters.to) : null;
    if (filters.from && !fromDay) errors.from = t.people.invalidDay;
    if (filters.to && !toDay) errors.to = t.people.invalidDay;
    if (fromDay && toDay && toDay < fromDay) errors.to = t.people.toAfterFrom;
    const action = filters.action in t.people.actions ? filters.action : "";
    const cursor = q("cursor");
    let entries: AuditEntryView[] = [];
    let nextCursor: string | null = null;
    if (!Object.keys(errors).length) {
      try {
        const { data } = await req.ctx.api.get<{ entries: AuditEntryView[]; nextCursor: string | null }>(
          "identity",
          `/portals/${portalOf(req)}/audit`,
          {
            query: {
              limit: AUDIT_PAGE,
              who: filters.who || undefined,
              action: action || undefined,
              // days are Vietnam days: "to 02/12/2026" is before 03/12/2026 00:00 in Vietnam
              after: fromDay ? vnDayStart(fromDay) : undefined,
              before: toDay ? vnNextDayStart(toDay) : undefined,
              cursor: cursor || undefined,
            },
          },
        );
        entries = data.entries;
        nextCursor = data.nextCursor;
      } catch (e) {
        if (!(e instanceof ApiError) || e.status !== 422) throw e;
        ({ errors, refusal } = explain(req, e));
      }
    }
    const base = `/p/${portalOf(req)}/people/audit`;
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v);
    const nextHref = nextCursor
      ? `${base}?${new URLSearchParams([...params, ["cursor", nextCursor]])}`
      : undefined;
    const firstHref = cursor ? `${base}${params.size ? `?${params}` : ""}` : undefined;
    sendPage(
      res,
      req.ctx.page,
      <AuditPage
        entries={entries}
        filters={filters}
        errors={errors}
        refusal={refusal}
        nextHref={nextHref}
        firstHref={firstHref}
        canAct={canAct(req)}
      />,
      Object.keys(errors).length || refusal ? 422 : 200,
    );
  });

  return r;
}
