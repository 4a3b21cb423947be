// Inviting a user (R-ACCOUNT). The account is created without a password and with the required
// actions UPDATE_PASSWORD and VERIFY_EMAIL, so it cannot log in until the invited person opens the
// link. The link is mailed to the invited address, Vietnamese first and English second: the mail
// request is staged in the invitation's own insert (the outbox) and identity's mailer sends it
// over SMTP once (ADR 0007). The link is also returned to the inviter, as before. The link's token
// is stored only as its SHA-256 (`_id`), is single-use and expires; until the mail is published
// its request (with the link) waits in the invitation's `_outbox` field, then on identity's mail
// topic, which only identity's mailer reads.
import { createHash, randomBytes } from "node:crypto";
import { IdentityMailRequested, MembershipGranted, type PortalRole } from "@cong/contracts";
import {
  ALL_PORTALS,
  fail,
  hasRealmRole,
  mayGrantPortalRole,
  mayReadPortalPeople,
  type Principal,
} from "@cong/kit";
import { actorOf, forbiddenOn, platformOnly } from "../access";
import type { AuditRepository } from "../audit/audit.repository";
import { type Directory, PasswordRejected, UserExists } from "../keycloak/directory";
import { grantedEmail, type MembershipService } from "../memberships/membership.service";
import { invitationMail } from "./invitation.mail";
import {
  type Invitation,
  type InvitationRepository,
  type InvitationStatus,
  statusOf,
} from "./invitation.repository";

export interface InviteInput {
  username: string;
  email: string;
  firstName: string;
  lastName: string;
  portalId?: string | undefined;
  role?: PortalRole | undefined;
}

const hash = (token: string) => createHash("sha256").update(token).digest("hex");

export class InvitationService {
  constructor(
    private readonly repo: InvitationRepository,
    private readonly directory: Directory,
    private readonly memberships: MembershipService,
    private readonly audit: AuditRepository,
    private readonly opts: { linkBase: string; ttlHours: number },
  ) {}

  async invite(p: Principal, input: InviteInput, requestId?: string) {
    if (input.portalId && input.role) {
      if (!mayGrantPortalRole(p, input.portalId, input.role)) throw forbiddenOn(p, input.portalId);
      await this.memberships.requirePortal(input.portalId);
    } else if (!hasRealmRole(p, "platform-admin")) {
      throw fail.forbidden(
        "Chỉ quản trị hệ thống được mời tài khoản không gắn với cổng. / Only a platform admin may invite without a portal role.",
        { reason: "realm_role_required" },
      );
    }
    let userId: string;
    try {
      userId = await this.directory.createInvitedUser({
        username: input.username,
        email: input.email,
        firstName: input.firstName,
        lastName: input.lastName,
      });
    } catch (e) {
      if (e instanceof UserExists)
        throw fail.conflict("Tên đăng nhập hoặc e-mail đã được dùng. / Username or e-mail already in use.", {
          reason: "user_exists",
        });
      throw e;
    }
    if (input.portalId && input.role) await this.directory.grant(userId, input.portalId, input.role);
    const token = randomBytes(32).toString("base64url");
    const now = new Date();
    const actor = actorOf(p);
    const invitation: Invitation = {
      _id: hash(token),
      userId,
      username: input.username,
      email: input.email,
      portalId: input.portalId ?? null,
      role: input.role ?? null,
      invitedBy: { id: actor.id, username: actor.username },
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.opts.ttlHours * 3_600_000),
      acceptedAt: null,
    };
    const link = `${this.opts.linkBase.replace(/\/$/, "")}/invitations/${token}`;
    await this.repo.insert(invitation, [
      {
        def: IdentityMailRequested,
        data: invitationMail({
          invitationId: invitation._id,
          username: input.username,
          email: input.email,
          firstName: input.firstName,
          lastName: input.lastName,
          portalId: invitation.portalId,
          role: invitation.role,
          link,
          expiresAt: invitation.expiresAt,
        }),
      },
    ]);
    await this.audit.record(
      {
        portalIds: input.portalId ? [input.portalId] : [],
        action: "user.invited",
        actor,
        target: { userId, username: input.username },
        details: {
          email: input.email,
          role: input.role ?? null,
          expiresAt: invitation.expiresAt.toISOString(),
        },
        ...(requestId ? { requestId } : {}),
      },
      input.portalId && input.role
        ? [
            {
              def: MembershipGranted,
              data: {
                userId,
                username: input.username,
                portalId: input.portalId,
                role: input.role,
                ...grantedEmail(input.role, input.email),
                grantedBy: actor,
                grantedAt: now.toISOString(),
              },
            },
          ]
        : [],
    );
    return {
      userId,
      username: input.username,
      portalId: invitation.portalId,
      role: invitation.role,
      expiresAt: invitation.expiresAt.toISOString(),
      link,
    };
  }

  /** The invited person sets a password through the link (no bearer token: the link is the secret). */
  async accept(token: string, password: string) {
    const inv = await this.repo.byTokenHash(hash(token));
    if (!inv || inv.acceptedAt)
      throw fail.notFound("Lời mời không tồn tại hoặc đã được dùng. / Unknown or used invitation.", {
        reason: "invitation_unknown",
      });
    if (inv.expiresAt.getTime() < Date.now())
      throw fail.gone("Lời mời đã hết hạn. / The invitation has expired.", { reason: "invitation_expired" });
    try {
      await this.directory.completeInvitation(inv.userId, password);
    } catch (e) {
      if (e instanceof PasswordRejected)
        throw fail.validation(
          [{ path: "password", code: "password_policy", message: e.message }],
          "Mật khẩu chưa đạt chính sách (ít nhất 12 ký tự, khác tên đăng nhập, không trùng mật khẩu cũ). / The password does not meet the policy.",
        );
      throw e;
    }
    await this.repo.markAccepted(inv, new Date());
    await this.audit.record({
      portalIds: inv.portalId ? [inv.portalId] : [],
      action: "invitation.accepted",
      actor: { id: inv.userId, username: inv.username },
      target: { userId: inv.userId, username: inv.username },
      details: {},
    });
    return { userId: inv.userId, username: inv.username };
  }

  /**
   * A page of a portal's invitations, newest first (platform-admin, auditor, the portal's board);
   * with ALL_PORTALS every invitation, those without a portal too (platform-admin, auditor).
   */
  async list(
    p: Principal,
    portalId: string,
    q: { status?: InvitationStatus | undefined },
    page: { limit: number; cursor?: string | undefined },
  ) {
    if (
      portalId === ALL_PORTALS
        ? !hasRealmRole(p, "platform-admin", "auditor")
        : !mayReadPortalPeople.allows(p, portalId)
    )
      throw portalId === ALL_PORTALS ? platformOnly() : forbiddenOn(p, portalId);
    const now = new Date();
    const { docs, nextCursor } = await this.repo.list(portalId, q, page, now);
    return {
      invitations: docs.map((inv) => ({
        userId: inv.userId,
        username: inv.username,
        email: inv.email,
        portalId: inv.portalId,
        role: inv.role,
        invitedBy: inv.invitedBy,
        createdAt: inv.createdAt.toISOString(),
        expiresAt: inv.expiresAt.toISOString(),
        acceptedAt: inv.acceptedAt ? inv.acceptedAt.toISOString() : null,
        status: statusOf(inv, now),
      })),
      nextCursor,
    };
  }
}
