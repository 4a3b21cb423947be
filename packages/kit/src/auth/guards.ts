// Role guards named after what they allow, defined once (issue 16): each is a role set on the
// portal of the route (`:portalId`) plus the realm roles that also pass. A guard is the route's
// middleware (403 in problem+json otherwise, as `requirePortalRole`) and answers `allows(p, id)`
// for code that checks without a route. R-ORG: a role on portal A never passes on portal B.
import type { PortalRole, RealmRole } from "@cong/contracts";
import type { Request, RequestHandler } from "express";
import { requirePortalRole } from "./middleware";
import { BOARD_ROLES, hasPortalRole, hasRealmRole, type Principal } from "./principal";

export interface PortalGuard extends RequestHandler {
  /** roles on the portal that pass */
  readonly portalRoles: readonly PortalRole[];
  /** realm roles that pass on every portal */
  readonly realmRoles: readonly RealmRole[];
  /** True when `p` holds one of `portalRoles` on `portalId`, or one of `realmRoles`. */
  allows(p: Principal | undefined, portalId: string): boolean;
}

const portalParam = (req: Request) => req.params.portalId as string | undefined;

/** A guard for routes under `/portals/:portalId/…`. */
export function portalGuard(
  portalRoles: readonly PortalRole[],
  realmRoles: readonly RealmRole[] = [],
): PortalGuard {
  const middleware = requirePortalRole(portalParam, portalRoles, { orRealmRoles: [...realmRoles] });
  return Object.assign(middleware, {
    portalRoles,
    realmRoles,
    allows: (p: Principal | undefined, portalId: string) =>
      hasPortalRole(p, portalId, portalRoles) || hasRealmRole(p, ...realmRoles),
  });
}

/** Every role on a portal: the board, the focal officer, contributors. */
export const ALL_PORTAL_ROLES: readonly PortalRole[] = [...BOARD_ROLES, "focal-officer", "contributor"];
/** The board and the focal officer: those who handle what citizens send. */
export const BOARD_AND_FOCAL_OFFICER: readonly PortalRole[] = [...BOARD_ROLES, "focal-officer"];

// — a portal's content (content's items and categories, media's library)
/** Read items, categories, the work list and the asset library: any role on the portal; auditors and platform admins. */
export const mayReadPortalContent = portalGuard(ALL_PORTAL_ROLES, ["auditor", "platform-admin"]);
/** Write drafts and submit them, upload and edit assets, make preview links: any role on the portal. */
export const mayAuthorContent = portalGuard(ALL_PORTAL_ROLES);
/** Approve, reject, publish, unpublish, archive items and see the schedule (R-MODERATE): the board. */
export const mayReviewItems = portalGuard(BOARD_ROLES);
/** Send files (.docx and others) to become drafts: the focal officer and the board. */
export const maySubmitFiles = portalGuard(BOARD_AND_FOCAL_OFFICER);
/** Change the portal's categories: its board head; platform admins. */
export const mayManageCategories = portalGuard(["board-head"], ["platform-admin"]);
/** Delete any asset of the portal's library, not only one's own uploads: the board and the focal officer. */
export const mayDeleteAnyAsset = portalGuard(BOARD_AND_FOCAL_OFFICER);
/** Read the portal's completeness report: the board and the focal officer; auditors and platform admins. */
export const mayReadPortalReports = portalGuard(BOARD_AND_FOCAL_OFFICER, ["auditor", "platform-admin"]);
/** Read royalties and their statement: the board; auditors. */
export const mayReadRoyalties = portalGuard(BOARD_ROLES, ["auditor"]);
/** Create and change ad slots (R-ADS): the board; platform admins. */
export const mayManageAdSlots = portalGuard(BOARD_ROLES, ["platform-admin"]);

// — what citizens send (feedback, questions, comments)
/** Read feedback and questions: the board and the focal officer; auditors. */
export const mayReadFeedback = portalGuard(BOARD_AND_FOCAL_OFFICER, ["auditor"]);
/** Assign feedback to someone: the board and the focal officer. */
export const mayAssignFeedback = portalGuard(BOARD_AND_FOCAL_OFFICER);
/** Answer feedback as the agency: the focal officer only. */
export const mayAnswerFeedback = portalGuard(["focal-officer"]);
/** Read who opened which feedback's personal data (R-PII): the board; auditors. */
export const mayReadFeedbackAccessLog = portalGuard(BOARD_ROLES, ["auditor"]);
/** See the daily digest the caller would get (R-BOARD): the board. */
export const mayPreviewDigest = portalGuard(BOARD_ROLES);
/** Read comments: the board and the focal officer; auditors. */
export const mayReadComments = portalGuard(BOARD_AND_FOCAL_OFFICER, ["auditor"]);
/** Approve, reject and answer comments: the board and the focal officer. */
export const mayModerateComments = portalGuard(BOARD_AND_FOCAL_OFFICER);

// — the portal's people (identity)
/** Read the portal's members, its invitations and its audit trail: its board; platform admins and auditors. */
export const mayReadPortalPeople = portalGuard(BOARD_ROLES, ["platform-admin", "auditor"]);
/** See who is the portal's focal officer: any role on the portal; platform admins and auditors. */
export const mayReadAppointment = portalGuard(ALL_PORTAL_ROLES, ["platform-admin", "auditor"]);
/** Appoint the portal's focal officer and hand over its officers' accounts: its board head; platform admins. */
export const mayManagePortalPeople = portalGuard(["board-head"], ["platform-admin"]);

/**
 * Grant `role` on the portal: platform admins any role; the portal's board head any role but
 * board head (board heads are named by the agency head or the PPC chairman, R-ORG).
 */
export function mayGrantPortalRole(p: Principal | undefined, portalId: string, role: PortalRole): boolean {
  if (hasRealmRole(p, "platform-admin")) return true;
  return role !== "board-head" && hasPortalRole(p, portalId, ["board-head"]);
}
