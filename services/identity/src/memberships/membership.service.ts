// Portal memberships: list, grant, revoke (R-ORG, R-AGENCY). Keycloak holds the membership (a
// group); identity records who changed it and announces it.
import { MembershipGranted, MembershipRevoked, type PortalRole } from "@cong/contracts";
import { fail, type Principal } from "@cong/kit";
import { actorOf, canGrantRole, canReadPortal, forbiddenOn } from "../access";
import type { AuditRepository } from "../audit/audit.repository";
import type { Directory, DirectoryUser } from "../keycloak/directory";

export interface UserRef {
  userId?: string | undefined;
  username?: string | undefined;
}

export class MembershipService {
  constructor(
    private readonly directory: Directory,
    private readonly audit: AuditRepository,
  ) {}

  async requireUser(ref: UserRef): Promise<DirectoryUser> {
    const u = await this.directory.findUser(ref);
    if (!u) throw fail.notFound("Không tìm thấy tài khoản. / No such account.", { reason: "user_not_found" });
    return u;
  }

  async requirePortal(portalId: string): Promise<void> {
    if (!(await this.directory.portalExists(portalId)))
      throw fail.notFound("Không có cổng thông tin này. / No such portal.", { reason: "portal_not_found" });
  }

  async list(p: Principal, portalId: string) {
    if (!canReadPortal(p, portalId)) throw forbiddenOn(p, portalId);
    await this.requirePortal(portalId);
    const members = await this.directory.portalMembers(portalId);
    return {
      portalId,
      members: members.flatMap(({ role, users }) =>
        users.map((u) => ({
          userId: u.id,
          username: u.username,
          name: [u.lastName, u.firstName].filter(Boolean).join(" ") || u.username,
          enabled: u.enabled,
          role,
        })),
      ),
    };
  }

  async grant(p: Principal, portalId: string, role: PortalRole, ref: UserRef, requestId?: string) {
    if (!canGrantRole(p, portalId, role)) throw forbiddenOn(p, portalId);
    await this.requirePortal(portalId);
    const user = await this.requireUser(ref);
    if (!user.enabled)
      throw fail.conflict("Tài khoản đã bị khóa. / The account is disabled.", { reason: "user_disabled" });
    const changed = await this.directory.grant(user.id, portalId, role);
    if (changed) {
      const grantedAt = new Date().toISOString();
      await this.audit.record(
        {
          portalIds: [portalId],
          action: "membership.granted",
          actor: actorOf(p),
          target: { userId: user.id, username: user.username },
          details: { role },
          ...(requestId ? { requestId } : {}),
        },
        [
          {
            def: MembershipGranted,
            data: {
              userId: user.id,
              username: user.username,
              portalId,
              role,
              grantedBy: actorOf(p),
              grantedAt,
            },
          },
        ],
      );
    }
    return { userId: user.id, username: user.username, portalId, role, changed };
  }

  async revoke(p: Principal, portalId: string, role: PortalRole, ref: UserRef, requestId?: string) {
    if (!canGrantRole(p, portalId, role)) throw forbiddenOn(p, portalId);
    await this.requirePortal(portalId);
    const user = await this.requireUser(ref);
    if (user.id === p.userId && role === "board-head")
      throw fail.conflict(
        "Không thể tự thu hồi vai trò Trưởng Ban biên tập. / You cannot revoke your own board-head role.",
        {
          reason: "self_revoke",
        },
      );
    const changed = await this.directory.revoke(user.id, portalId, role);
    if (changed) {
      const revokedAt = new Date().toISOString();
      await this.audit.record(
        {
          portalIds: [portalId],
          action: "membership.revoked",
          actor: actorOf(p),
          target: { userId: user.id, username: user.username },
          details: { role },
          ...(requestId ? { requestId } : {}),
        },
        [
          {
            def: MembershipRevoked,
            data: {
              userId: user.id,
              username: user.username,
              portalId,
              role,
              revokedBy: actorOf(p),
              revokedAt,
            },
          },
        ],
      );
    }
    return { userId: user.id, username: user.username, portalId, role, changed };
  }
}
