// Who may do what (R-ORG: no role on portal A grants anything on portal B; R-AGENCY: an agency
// runs its own portal). The rules the routes apply, in one place.
import type { Actor, PortalRole } from "@cong/contracts";
import { fail, hasPortalRole, hasRealmRole, type Principal } from "@cong/kit";
import type { Request } from "express";

export function principal(req: Request): Principal {
  if (!req.principal) throw fail.unauthenticated("Cần đăng nhập để thực hiện thao tác này.");
  return req.principal;
}

export function actorOf(p: Principal): Actor {
  return { id: p.userId, username: p.username, ...(p.name && p.name !== p.username ? { name: p.name } : {}) };
}

/** Platform admins, or the board head of this very portal. */
export function canManagePortal(p: Principal, portalId: string): boolean {
  return hasRealmRole(p, "platform-admin") || hasPortalRole(p, portalId, ["board-head"]);
}

/** Board heads are named by the agency head / PPC chairman (R-ORG); the platform records it. */
export function canGrantRole(p: Principal, portalId: string, role: PortalRole): boolean {
  if (hasRealmRole(p, "platform-admin")) return true;
  return role !== "board-head" && hasPortalRole(p, portalId, ["board-head"]);
}

export function canReadPortal(p: Principal, portalId: string): boolean {
  return (
    hasRealmRole(p, "platform-admin", "auditor") ||
    hasPortalRole(p, portalId, ["board-head", "board-deputy", "board-member"])
  );
}

export function forbiddenOn(p: Principal, portalId: string) {
  const member = p.portalRoles.has(portalId);
  return fail.forbidden(
    member
      ? "Vai trò của bạn trên cổng này không được phép thực hiện thao tác này. / Your role on this portal does not allow this."
      : "Bạn không thuộc cổng thông tin này. / You are not a member of this portal.",
    { reason: member ? "portal_role_required" : "not_a_member_of_portal", extra: { portalId } },
  );
}

/** 403 for what only platform admins and auditors may see (platform-wide lists). */
export function platformOnly() {
  return fail.forbidden("Chỉ quản trị hệ thống hoặc kiểm toán viên. / Platform admins and auditors only.", {
    reason: "realm_role_required",
  });
}
