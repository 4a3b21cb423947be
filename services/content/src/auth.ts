// Portal-scoped role checks for the routes (R-ORG: no role on portal A grants anything on B).
import type { PortalRole } from "@cong/contracts";
import { BOARD_ROLES, requirePortalRole as kitGuard } from "@cong/kit";
import type { Request, RequestHandler } from "express";
import { actorOf } from "./common";
import type { Caller } from "./items/caller";
import { type PortalId, portalOfRecord } from "./portals/portal-id";

export const portalParam = (req: Request) => req.params.portalId as string | undefined;

/** Requests whose portal a guard below let through, with that portal. */
const checked = new WeakMap<Request, PortalId>();

/**
 * The kit's portal-role guard that, once it lets a request through, records the portal it checked
 * (`checkedPortal`): the only way a route obtains a `PortalId`.
 */
function requirePortalRole(...args: Parameters<typeof kitGuard>): RequestHandler {
  const guard = kitGuard(...args);
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

export const ALL_PORTAL_ROLES: PortalRole[] = [...BOARD_ROLES, "focal-officer", "contributor"];
export const AUTHOR_ROLES: PortalRole[] = [...BOARD_ROLES, "focal-officer", "contributor"];

/** Any role on the portal; auditors and platform admins may read. */
export const canRead = requirePortalRole(portalParam, ALL_PORTAL_ROLES, {
  orRealmRoles: ["auditor", "platform-admin"],
});
export const canAuthor = requirePortalRole(portalParam, AUTHOR_ROLES);
export const canModerate = requirePortalRole(portalParam, BOARD_ROLES);
export const canSubmitFiles = requirePortalRole(portalParam, ["focal-officer", ...BOARD_ROLES]);
export const canManageCategories = requirePortalRole(portalParam, ["board-head"], {
  orRealmRoles: ["platform-admin"],
});
export const canReadReports = requirePortalRole(portalParam, [...BOARD_ROLES, "focal-officer"], {
  orRealmRoles: ["auditor", "platform-admin"],
});
export const canReadRoyalties = requirePortalRole(portalParam, BOARD_ROLES, { orRealmRoles: ["auditor"] });

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
