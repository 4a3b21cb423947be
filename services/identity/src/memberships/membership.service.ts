// Portal memberships: list, grant, revoke (R-ORG, R-AGENCY). Keycloak holds the membership (a
// group); identity records who changed it and announces it.
import { MembershipGranted, MembershipRevoked, type PortalRole } from "@cong/contracts";
import {
  BOARD_ROLES,
  decodeCursor,
  encodeCursor,
  fail,
  invalidCursor,
  mayGrantPortalRole,
  mayReadPortalPeople,
  type Principal,
  queryFingerprint,
} from "@cong/kit";
import { z } from "zod";
import { actorOf, forbiddenOn } from "../access";
import type { AuditRepository } from "../audit/audit.repository";
import type { Directory, DirectoryUser } from "../keycloak/directory";
import { PORTAL_ROLES } from "../realm/definition";

export interface UserRef {
  userId?: string | undefined;
  username?: string | undefined;
}

export interface MemberView {
  userId: string;
  username: string;
  name: string;
  enabled: boolean;
  role: PortalRole;
}

const memberView = (u: DirectoryUser, role: PortalRole): MemberView => ({
  userId: u.id,
  username: u.username,
  name: [u.lastName, u.firstName].filter(Boolean).join(" ") || u.username,
  enabled: u.enabled,
  role,
});

const WorkEmail = z.email().max(254);

/**
 * What a membership.granted event says of the person's address (R-BOARD, R-PII): the work address
 * Keycloak holds, for a board role only — content mails the board's daily digest to it — and
 * nothing for any other role, or when Keycloak has no usable address.
 */
export function grantedEmail(role: PortalRole, email: string | undefined): { email?: string } {
  if (!email || !BOARD_ROLES.includes(role)) return {};
  const ok = WorkEmail.safeParse(email.trim().toLowerCase());
  return ok.success ? { email: ok.data } : {};
}

/** Where a members list stopped: the role (index in the list's roles), offset, last member shown. */
interface Position {
  role: number;
  offset: number;
  lastUserId: string | undefined;
}
const START: Position = { role: 0, offset: 0, lastUserId: undefined };
/** members before the position looked at again, to find the last one shown */
const OVERLAP = 5;
const formatPosition = (p: Position) => `${p.role}|${p.offset}|${p.lastUserId ?? ""}`;
function parsePosition(key: string, prefix: string): Position {
  const m = /^(\d{1,2})\|(\d{1,7})\|([0-9a-f-]{36})?$/.exec(key.slice(prefix.length));
  if (!m) throw invalidCursor();
  return { role: Number(m[1]), offset: Number(m[2]), lastUserId: m[3] || undefined };
}

export class MembershipService {
  constructor(
    private readonly directory: Directory,
    private readonly audit: AuditRepository,
    /** the markers of board memberships announced outside the grant path (board.announcer.ts) */
    private readonly announced?: {
      forget(portalId: string, userId: string, role: PortalRole): Promise<void>;
    },
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

  /**
   * A page of a portal's members, one entry per role held: board head first, then by role
   * (PORTAL_ROLES order), within a role by username (Keycloak's order). Keycloak holds the
   * memberships and pages them (`first`/`max`), so a page costs at most one Admin API call per
   * role whatever the number of members; the cursor also names the last member shown, so a
   * member added or removed before it meanwhile shifts nothing into a gap or a repeat.
   */
  async list(
    p: Principal,
    portalId: string,
    q: { role?: PortalRole | undefined },
    page: { limit: number; cursor?: string | undefined },
  ) {
    if (!mayReadPortalPeople.allows(p, portalId)) throw forbiddenOn(p, portalId);
    await this.requirePortal(portalId);
    const roles = q.role ? [q.role] : [...PORTAL_ROLES];
    const prefix = `m|${portalId}|${q.role ?? "*"}|`;
    const fingerprint = queryFingerprint({ portalId, role: q.role });
    let at = page.cursor ? parsePosition(decodeCursor(page.cursor, prefix, fingerprint).key, prefix) : START;
    const members: MemberView[] = [];
    while (members.length < page.limit && at.role < roles.length) {
      const role = roles[at.role] as PortalRole;
      const need = page.limit - members.length;
      const first = Math.max(0, at.offset - OVERLAP);
      // the window reaches back OVERLAP entries (to find the last member shown) and one beyond
      const want = at.offset - first + need + OVERLAP + 1;
      const users = (await this.directory.roleMembers(portalId, role, first, want)) ?? [];
      const seen = at.lastUserId ? users.findIndex((u) => u.id === at.lastUserId) : -1;
      const start = seen >= 0 ? seen + 1 : Math.min(at.offset - first, users.length);
      const taken = users.slice(start, start + need);
      for (const u of taken) members.push(memberView(u, role));
      const more = users.length > start + taken.length || users.length === want;
      if (more && taken.length) {
        const last = taken[taken.length - 1] as DirectoryUser;
        at = { role: at.role, offset: first + start + taken.length, lastUserId: last.id };
      } else if (more) {
        // nothing left to take within the window (only possible with need = 0): go on from here
        at = { ...at, offset: first + start };
        break;
      } else at = { role: at.role + 1, offset: 0, lastUserId: undefined };
    }
    const nextCursor =
      at.role < roles.length
        ? encodeCursor({ prefix, key: `${prefix}${formatPosition(at)}`, query: fingerprint })
        : null;
    return { portalId, members, nextCursor };
  }

  async grant(p: Principal, portalId: string, role: PortalRole, ref: UserRef, requestId?: string) {
    if (!mayGrantPortalRole(p, portalId, role)) throw forbiddenOn(p, portalId);
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
              ...grantedEmail(role, user.email),
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
    if (!mayGrantPortalRole(p, portalId, role)) throw forbiddenOn(p, portalId);
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
      await this.announced?.forget(portalId, user.id, role);
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
