// The platform team's console (issue 19): who may see it and who may act there. Platform admins
// act; auditors see every page with no action rendered, and a form they force through anyway
// reaches the API, which refuses it. Anyone else gets the Vietnamese 403 page.
import type { NextFunction, Request, Response } from "express";
import type { ApiError } from "../api/client";
import { parseDay, vnDayEnd, vnDayStart } from "../i18n";
import type { FormErrors } from "../views/components";
import { ErrorPage } from "../views/pages/auth";
import { sendPage } from "../views/render";

export const CONSOLE_ROLES = ["platform-admin", "auditor"];

const realmRoles = (req: Request) => req.session.user?.realmRoles ?? [];

/** Whether the person may change things in the console (rendered actions). */
export const canAct = (req: Request): boolean => realmRoles(req).includes("platform-admin");

/** The console's pages: platform admins and auditors only. */
export function consoleGuard(req: Request, res: Response, next: NextFunction): void {
  if (realmRoles(req).some((r) => CONSOLE_ROLES.includes(r))) next();
  else sendPage(res, req.ctx.page, <ErrorPage kind="forbidden" />, 403);
}

/** A posted form's text field by name: NFC, trimmed, "" when absent or not text. */
export function formField(req: Request): (k: string) => string {
  const b = (req.body ?? {}) as Record<string, unknown>;
  return (k) => (typeof b[k] === "string" ? (b[k] as string).normalize("NFC").trim() : "");
}

/** A query parameter by name: NFC, trimmed, "" when absent or repeated. */
export function queryField(req: Request): (k: string) => string {
  return (k) => (typeof req.query[k] === "string" ? (req.query[k] as string).normalize("NFC").trim() : "");
}

export interface ListFilters {
  /** what the address says, by name (shown again in the filters) */
  values: Record<string, string>;
  /** the filters' messages: a portal the person does not see, a day that is not one, an end before the start */
  errors: FormErrors;
  cursor: string;
  /** archive's query: the portal and the Vietnam days, both ends included */
  range: { portalId?: string | undefined; from?: string | undefined; to?: string | undefined };
}

/**
 * A console list's filters from its address: `keys` read, the portal checked against the
 * person's, `from`/`to` (when `days`) read as Vietnam days (dd/MM/yyyy) and given to archive as
 * the first and last instant of those days.
 */
export function listFilters(req: Request, keys: string[], days: boolean): ListFilters {
  const t = req.ctx.page.t;
  const q = queryField(req);
  const values = Object.fromEntries(keys.map((k) => [k, q(k)]));
  const errors: FormErrors = {};
  const fromDay = days && values.from ? parseDay(values.from) : null;
  const toDay = days && values.to ? parseDay(values.to) : null;
  if (days && values.from && !fromDay) errors.from = t.people.invalidDay;
  if (days && values.to && !toDay) errors.to = t.people.invalidDay;
  if (fromDay && toDay && toDay < fromDay) errors.to = t.people.toAfterFrom;
  if (values.portalId && !req.ctx.page.portals.some((p) => p.id === values.portalId))
    errors.portalId = t.fieldErrors.invalid;
  return {
    values,
    errors,
    cursor: q("cursor"),
    range: {
      portalId: values.portalId || undefined,
      from: fromDay ? vnDayStart(fromDay) : undefined,
      to: toDay ? vnDayEnd(toDay) : undefined,
    },
  };
}

/** archive's 422 on a list: messages beside the filters, or a sentence (`cursor`: a page's address that is not one). */
export function explainList(
  req: Request,
  e: ApiError,
  cursorText: string,
): { errors: FormErrors; refusal?: string } {
  const t = req.ctx.page.t;
  if (e.reason === "invalid_cursor" || e.errors.some((x) => x.path === "cursor"))
    return { errors: {}, refusal: cursorText };
  const errors: FormErrors = {};
  for (const x of e.errors) {
    const field = x.path.split(".")[0] ?? "";
    if (errors[field]) continue;
    if (field === "from" || field === "to") errors[field] = t.people.invalidDay;
    else if (field === "q") errors.q = t.archive.eQuery;
    else if (field === "portalId") errors.portalId = t.fieldErrors.invalid;
  }
  return Object.keys(errors).length
    ? { errors }
    : { errors, refusal: e.detailFor(req.ctx.lang) ?? t.errors.generic };
}
