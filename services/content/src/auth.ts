// Portal-scoped role checks for the routes (R-ORG: no role on portal A grants anything on B).
import type { PortalRole } from "@cong/contracts";
import { BOARD_ROLES, requirePortalRole } from "@cong/kit";
import type { Request } from "express";
import { actorOf } from "./common";
import type { Caller } from "./items/item.service";

export const portalParam = (req: Request) => req.params.portalId as string | undefined;

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
