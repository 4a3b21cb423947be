// `/p/:portalId/…`: the portal a person works on. Only their portals are reachable; another
// portal's page answers a Vietnamese 403 page, whatever the URL (R-ORG). Platform admins and
// auditors see every portal; the APIs decide what they may change there.
import type { NextFunction, Request, Response } from "express";
import { ErrorPage } from "../views/pages/auth";
import { sendPage } from "../views/render";

export function portalScope(req: Request, res: Response, next: NextFunction): void {
  const portalId = String(req.params.portalId ?? "");
  const choice = req.ctx.page.portals.find((p) => p.id === portalId);
  if (!/^[a-z][a-z0-9]{1,39}$/.test(portalId) || !choice) {
    sendPage(res, req.ctx.page, <ErrorPage kind="forbidden" />, 403);
    return;
  }
  req.ctx.page.portal = choice;
  req.session.portalId = portalId;
  next();
}

export const portalOf = (req: Request): string => String(req.params.portalId);
