import { z } from "zod";
import { Actor, PortalId, PortalRole, Timestamp } from "../common";
import { defineEvent } from "../define";

const head = {
  id: "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f",
  username: "stttt.board-head",
  name: "Hà Thị Xuân",
};
const userId = "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9";

/** The editorial board's roles (R-BOARD; the kit's BOARD_ROLES): the ones whose grant carries the work address. */
const BOARD_ROLES: readonly PortalRole[] = ["board-head", "board-deputy", "board-member"];

const Membership = {
  userId: z.string().min(1),
  username: z.string().min(1),
  portalId: PortalId,
  role: PortalRole,
};

export const MembershipGranted = defineEvent({
  name: "identity.membership.granted",
  topic: "identity",
  description:
    "A user was given a role on a portal (R-ORG, R-AGENCY); a board role carries the official's work e-mail for the daily digest (R-BOARD).",
  schema: z
    .object({
      ...Membership,
      email: z
        .email()
        .max(254)
        .optional()
        .describe(
          "the official's work address (Keycloak), only for the board roles: content mails them the board's daily digest (R-BOARD); R-PII: no other role's address travels",
        ),
      grantedBy: Actor,
      grantedAt: Timestamp,
    })
    .refine((d) => d.email === undefined || BOARD_ROLES.includes(d.role), {
      message: "only a board role carries an e-mail address (R-PII)",
      path: ["email"],
    }),
  example: {
    userId,
    username: "stttt.board-member",
    portalId: "stttt",
    role: "board-member",
    email: "tran.van.nam@stttt.bacgiang.gov.vn",
    grantedBy: head,
    grantedAt: "2026-11-28T08:00:00+07:00",
  },
  subject: (d) => d.userId,
  portalId: (d) => d.portalId,
});

export const MembershipRevoked = defineEvent({
  name: "identity.membership.revoked",
  topic: "identity",
  description: "A user's role on a portal was taken away.",
  schema: z.object({ ...Membership, revokedBy: Actor, revokedAt: Timestamp }),
  example: {
    userId,
    username: "stttt.contributor",
    portalId: "stttt",
    role: "contributor",
    revokedBy: head,
    revokedAt: "2026-11-29T08:00:00+07:00",
  },
  subject: (d) => d.userId,
  portalId: (d) => d.portalId,
});

export const FocalOfficerAppointed = defineEvent({
  name: "identity.focal-officer.appointed",
  topic: "identity",
  description: "An agency appointed its focal officer for a portal (R-AGENCY, Điều 23).",
  schema: z.object({
    portalId: PortalId,
    userId: z.string().min(1),
    username: z.string().min(1),
    previousUserId: z.string().nullable(),
    appointedBy: Actor,
    appointedAt: Timestamp,
  }),
  example: {
    portalId: "stttt",
    userId,
    username: "stttt.focal-officer",
    previousUserId: null,
    appointedBy: head,
    appointedAt: "2026-11-28T08:00:00+07:00",
  },
  subject: (d) => d.portalId,
  portalId: (d) => d.portalId,
});

export const AccountHandedOver = defineEvent({
  name: "identity.account.handed-over",
  topic: "identity",
  description:
    "An officer left the post: their account is disabled, sessions ended, and their drafts and assigned feedback move to the successor (R-ACCOUNT).",
  schema: z.object({
    handoverId: z.string().min(1),
    from: z.object({ userId: z.string().min(1), username: z.string().min(1) }),
    to: z.object({ userId: z.string().min(1), username: z.string().min(1) }),
    portalIds: z.array(PortalId),
    reason: z.string().optional(),
    by: Actor,
    at: Timestamp,
  }),
  example: {
    handoverId: "h-2026-11-28-001",
    from: { userId, username: "stttt.focal-officer" },
    to: { userId: "7b8c9d0e-1f2a-4b3c-9d4e-5f6a7b8c9d0e", username: "stttt.focal-officer-2" },
    portalIds: ["stttt"],
    reason: "Điều động công tác",
    by: head,
    at: "2026-11-28T08:00:00+07:00",
  },
  subject: (d) => d.from.userId,
  portalId: (d) => d.portalIds[0],
});
