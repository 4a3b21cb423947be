// Portal-scoped role checks for the routes (R-ORG: no role on portal A grants anything on B): the
// kit's guards, named after what they allow.

import type { PortalGuard } from "@cong/kit";
import * as kit from "@cong/kit";
import type { Request, RequestHandler } from "express";
import { actorOf } from "./common";
import type { Caller } from "./items/caller";
import { type PortalId, portalOfRecord } from "./portals/portal-id";

export const portalParam = (req: Request) => req.params.portalId as string | undefined;

/** Requests whose portal a guard below let through, with that portal. */
const checked = new WeakMap<Request, PortalId>();

/**
 * The kit's guard (named after what it allows, packages/kit/src/auth/guards.ts) that, once it lets
 * a request through, records the portal it checked (`checkedPortal`): the only way a route
 * obtains a `PortalId`.
 */
function scoped(guard: PortalGuard): RequestHandler {
  return (req, res, next) =>
    guard(req, res, (err?: unknown) => {
      const portalId = portalParam(req);
      if (!err && portalId) checked.set(req, portalOfRecord(portalId));
      next(err as Parameters<typeof next>[0]);
    });
}

/** The route's portal, as its role guard checked it (a route without a guard has none: a bug). */
export function checkedPortal(req: Request): PortalId {
  const portalId = checked.get(req);
  if (!portalId || portalId !== portalParam(req)) throw new Error("route without a portal-role guard"); // an opaque 500 with its errorId
  return portalId;
}

// the routes' guards: the kit's, each recording the portal it checked
export const mayReadPortalContent = scoped(kit.mayReadPortalContent);
export const mayAuthorContent = scoped(kit.mayAuthorContent);
export const mayReviewItems = scoped(kit.mayReviewItems);
export const maySubmitFiles = scoped(kit.maySubmitFiles);
export const mayManageCategories = scoped(kit.mayManageCategories);
export const mayReadPortalReports = scoped(kit.mayReadPortalReports);
export const mayReadRoyalties = scoped(kit.mayReadRoyalties);
export const mayManageAdSlots = scoped(kit.mayManageAdSlots);
export const mayReadFeedback = scoped(kit.mayReadFeedback);
export const mayAssignFeedback = scoped(kit.mayAssignFeedback);
export const mayAnswerFeedback = scoped(kit.mayAnswerFeedback);
export const mayReadFeedbackAccessLog = scoped(kit.mayReadFeedbackAccessLog);
export const mayPreviewDigest = scoped(kit.mayPreviewDigest);
export const mayReadComments = scoped(kit.mayReadComments);
export const mayModerateComments = scoped(kit.mayModerateComments);

export function callerOf(req: Request): Caller {
  const portalId = portalParam(req) ?? "";
  const authorization = req.headers.authorization;
  return {
    actor: actorOf(req),
    roles: req.principal?.portalRoles.get(portalId) ?? new Set(),
    // forwarded to media, so what an item references is checked with the caller's own rights (R-ORG)
    ...(authorization ? { authorization } : {}),
  };
}
