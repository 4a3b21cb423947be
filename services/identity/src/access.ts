// Who is calling and the refusals identity answers with (R-ORG: no role on portal A grants anything
// on portal B; R-AGENCY: an agency runs its own portal). Who may do what is the kit's guards:
// mayReadPortalPeople, mayManagePortalPeople, mayReadAppointment, mayGrantPortalRole.
import type { Actor } from "@cong/contracts";
import { fail, type Principal } from "@cong/kit";
import type { Request } from "express";

export function principal(req: Request): Principal {
  if (!req.principal) throw fail.unauthenticated("Cần đăng nhập để thực hiện thao tác này.");
  return req.principal;
}

export function actorOf(p: Principal): Actor {
  return { id: p.userId, username: p.username, ...(p.name && p.name !== p.username ? { name: p.name } : {}) };
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
