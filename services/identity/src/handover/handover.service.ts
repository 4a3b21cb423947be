// Account handover (R-ACCOUNT, Điều 11.4): an officer leaves the post. Their portal roles on the
// handed-over portals pass to the successor, their account is disabled and every session ended,
// and identity.account.handed-over tells content to move their drafts and assigned feedback.
import { randomUUID } from "node:crypto";
import { AccountHandedOver, MembershipGranted, MembershipRevoked, type PortalRole } from "@cong/contracts";
import {
  fail,
  hasRealmRole,
  mayGrantPortalRole,
  mayManagePortalPeople,
  type Principal,
  type StagedEvent,
} from "@cong/kit";
import { actorOf, forbiddenOn } from "../access";
import type { AuditRepository } from "../audit/audit.repository";
import type { Directory } from "../keycloak/directory";
import { grantedEmail, type MembershipService, type UserRef } from "../memberships/membership.service";

export interface HandoverInput {
  from: UserRef;
  to: UserRef;
  /** portals handed over; default: every portal the leaving officer is a member of */
  portalIds?: string[] | undefined;
  reason?: string | undefined;
}

/**
 * What can be decided before knowing who is handed over: a platform admin may; anyone else must be
 * the board head of every portal named, or — when none is named (all of the officer's portals) —
 * of at least one portal. The full check (every role moved, every portal the officer serves)
 * follows once the accounts are known.
 */
function mayHandOverAtAll(p: Principal, portalIds: string[] | undefined): void {
  if (hasRealmRole(p, "platform-admin")) return;
  if (portalIds?.length) {
    for (const portalId of portalIds)
      if (!mayManagePortalPeople.allows(p, portalId)) throw forbiddenOn(p, portalId);
    return;
  }
  if (![...p.portalRoles.values()].some((roles) => roles.has("board-head")))
    throw fail.forbidden(
      "Chỉ quản trị hệ thống hoặc Trưởng Ban biên tập được bàn giao tài khoản. / Only a platform admin or a board head may hand over an account.",
      { reason: "portal_role_required" },
    );
}

export class HandoverService {
  constructor(
    private readonly directory: Directory,
    private readonly memberships: MembershipService,
    private readonly audit: AuditRepository,
  ) {}

  async handOver(p: Principal, input: HandoverInput, requestId?: string) {
    // Permission before any look-up (issue 15, class 9): someone who may not hand over accounts
    // learns nothing about which usernames exist — the same 403 whatever `from` and `to` name.
    mayHandOverAtAll(p, input.portalIds);
    const from = await this.memberships.requireUser(input.from);
    const to = await this.memberships.requireUser(input.to);
    if (from.id === to.id)
      throw fail.conflict(
        "Người bàn giao và người nhận phải khác nhau. / The successor must be someone else.",
        {
          reason: "same_user",
        },
      );
    if (from.id === p.userId)
      throw fail.conflict(
        "Không thể tự bàn giao tài khoản của mình. / You cannot hand over your own account.",
        {
          reason: "self_handover",
        },
      );
    if (!to.enabled)
      throw fail.conflict("Tài khoản người nhận đã bị khóa. / The successor's account is disabled.", {
        reason: "successor_disabled",
      });
    const held = await this.directory.memberships(from.id);
    const portalIds = [...new Set(input.portalIds ?? held.map((m) => m.portalId))];
    if (!portalIds.length)
      throw fail.conflict("Tài khoản không thuộc cổng nào để bàn giao. / Nothing to hand over.", {
        reason: "no_portals",
      });
    // the caller must be allowed to move every role handed over, on every portal (R-ORG)
    for (const portalId of portalIds) {
      const roles = held.filter((m) => m.portalId === portalId).map((m) => m.role);
      for (const role of roles.length ? roles : (["contributor"] as PortalRole[]))
        if (!mayGrantPortalRole(p, portalId, role)) throw forbiddenOn(p, portalId);
    }
    if (!hasRealmRole(p, "platform-admin")) {
      // disabling the account ends the officer's work everywhere: a board head may do it only
      // when every portal the officer serves is one they manage
      for (const m of held) if (!mayGrantPortalRole(p, m.portalId, m.role)) throw forbiddenOn(p, m.portalId);
      const fromRoles = await this.directory.realmRoles(from.id);
      if (fromRoles.includes("platform-admin") || fromRoles.includes("auditor"))
        throw fail.forbidden(
          "Chỉ quản trị hệ thống được bàn giao tài khoản này. / Only a platform admin may hand over this account.",
          {
            reason: "realm_role_required",
          },
        );
    }

    const actor = actorOf(p);
    const now = new Date().toISOString();
    const events: StagedEvent[] = [];
    const moved: { portalId: string; role: PortalRole }[] = [];
    for (const m of held.filter((x) => portalIds.includes(x.portalId))) {
      if (await this.directory.grant(to.id, m.portalId, m.role))
        events.push({
          def: MembershipGranted,
          data: {
            userId: to.id,
            username: to.username,
            ...m,
            ...grantedEmail(m.role, to.email),
            grantedBy: actor,
            grantedAt: now,
          },
        });
      if (await this.directory.revoke(from.id, m.portalId, m.role))
        events.push({
          def: MembershipRevoked,
          data: { userId: from.id, username: from.username, ...m, revokedBy: actor, revokedAt: now },
        });
      moved.push(m);
    }
    // the old account can no longer log in, and its open sessions end now
    await this.directory.disableAndLogout(from.id);
    const handoverId = randomUUID();
    const data = {
      handoverId,
      from: { userId: from.id, username: from.username },
      to: { userId: to.id, username: to.username },
      portalIds,
      ...(input.reason ? { reason: input.reason } : {}),
      by: actor,
      at: now,
    };
    await this.audit.record(
      {
        portalIds,
        action: "account.handed-over",
        actor,
        target: { userId: from.id, username: from.username },
        details: { handoverId, to: data.to, roles: moved, reason: input.reason ?? null },
        ...(requestId ? { requestId } : {}),
      },
      [{ def: AccountHandedOver, data }, ...events],
    );
    return { ...data, roles: moved };
  }
}
