// The platform team's console (issue 19): who may see it and who may act there. Platform admins
// act; auditors see every page with no action rendered, and a form they force through anyway
// reaches the API, which refuses it. Anyone else gets the Vietnamese 403 page.
import type { NextFunction, Request, Response } from "express";
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
