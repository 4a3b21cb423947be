// R-ORG, R-MODERATE: who each guard lets through, role by role, and that a role on one portal
// passes nothing on another.
import type { PortalRole, RealmRole } from "@cong/contracts";
import type { Request, Response } from "express";
import { AppError } from "../errors";
import * as guards from "./guards";
import { type Principal, principalFromClaims } from "./principal";

const PORTAL_ROLES: PortalRole[] = [
  "board-head",
  "board-deputy",
  "board-member",
  "focal-officer",
  "contributor",
];
const REALM_ROLES: RealmRole[] = ["platform-admin", "auditor"];

const principal = (groups: string[], roles: string[] = []) =>
  principalFromClaims({
    sub: "u",
    preferred_username: "u",
    portal_groups: groups,
    realm_access: { roles },
    exp: 2e9,
  });
const onPortal = (role: PortalRole, portalId = "stttt") => principal([`/portals/${portalId}/${role}`]);
const inRealm = (role: RealmRole) => principal([], [role]);

/** Who passes each guard: the roles on the portal, then the realm roles. */
const EXPECTED: Record<string, [PortalRole[], RealmRole[]]> = {
  mayReadPortalContent: [PORTAL_ROLES, ["platform-admin", "auditor"]],
  mayAuthorContent: [PORTAL_ROLES, []],
  mayReviewItems: [["board-head", "board-deputy", "board-member"], []],
  maySubmitFiles: [["board-head", "board-deputy", "board-member", "focal-officer"], []],
  mayDeleteAnyAsset: [["board-head", "board-deputy", "board-member", "focal-officer"], []],
  mayManageCategories: [["board-head"], ["platform-admin"]],
  mayReadPortalReports: [
    ["board-head", "board-deputy", "board-member", "focal-officer"],
    ["platform-admin", "auditor"],
  ],
  mayReadRoyalties: [["board-head", "board-deputy", "board-member"], ["auditor"]],
  mayManageAdSlots: [["board-head", "board-deputy", "board-member"], ["platform-admin"]],
  mayReadFeedback: [["board-head", "board-deputy", "board-member", "focal-officer"], ["auditor"]],
  mayAssignFeedback: [["board-head", "board-deputy", "board-member", "focal-officer"], []],
  mayAnswerFeedback: [["focal-officer"], []],
  mayReadFeedbackAccessLog: [["board-head", "board-deputy", "board-member"], ["auditor"]],
  mayPreviewDigest: [["board-head", "board-deputy", "board-member"], []],
  mayReadComments: [["board-head", "board-deputy", "board-member", "focal-officer"], ["auditor"]],
  mayModerateComments: [["board-head", "board-deputy", "board-member", "focal-officer"], []],
  mayReadPortalPeople: [
    ["board-head", "board-deputy", "board-member"],
    ["platform-admin", "auditor"],
  ],
  mayReadAppointment: [PORTAL_ROLES, ["platform-admin", "auditor"]],
  mayManagePortalPeople: [["board-head"], ["platform-admin"]],
};

const defined = Object.entries(guards).filter(
  (e): e is [string, guards.PortalGuard] => typeof e[1] === "function" && "allows" in e[1],
);

const byName = new Map(defined);

/** What the guard's middleware passes to `next` for this caller on /portals/<portalId>/…. */
function run(guard: guards.PortalGuard, p: Principal | undefined, portalId = "stttt"): unknown {
  let passed: unknown = "not called";
  const req = { params: { portalId }, principal: p } as unknown as Request;
  guard(req, {} as Response, (err?: unknown) => {
    passed = err;
  });
  return passed;
}

describe("role guards, named after what they allow (issue 16)", () => {
  it("lists every guard the kit defines", () => {
    expect(defined.map(([name]) => name).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  describe.each(Object.entries(EXPECTED))("%s", (name, [portalRoles, realmRoles]) => {
    const guard = byName.get(name) as guards.PortalGuard;

    it.each(PORTAL_ROLES)("%s on the portal", (role) => {
      const ok = portalRoles.includes(role);
      expect(guard.allows(onPortal(role), "stttt")).toBe(ok);
      if (ok) expect(run(guard, onPortal(role))).toBeUndefined();
      else
        expect(run(guard, onPortal(role))).toMatchObject({
          code: "forbidden",
          options: { reason: "portal_role_required" },
        });
    });

    it("passes nothing to the same role on another portal (R-ORG)", () => {
      for (const role of PORTAL_ROLES) {
        expect(guard.allows(onPortal(role, "tanyen"), "stttt")).toBe(false);
        expect(run(guard, onPortal(role, "tanyen"))).toMatchObject({
          code: "forbidden",
          options: { reason: "not_a_member_of_portal" },
        });
      }
    });

    it.each(REALM_ROLES)("%s of the realm", (role) => {
      const ok = realmRoles.includes(role);
      expect(guard.allows(inRealm(role), "stttt")).toBe(ok);
      expect(run(guard, inRealm(role)) === undefined).toBe(ok);
    });

    it("refuses a caller without a token as unauthenticated", () => {
      expect(guard.allows(undefined, "stttt")).toBe(false);
      expect(() => run(guard, undefined)).toThrow(AppError);
    });
  });
});

describe("mayGrantPortalRole (R-ORG)", () => {
  it("lets a board head grant any role on their portal but board head, and nothing elsewhere", () => {
    const head = onPortal("board-head");
    for (const role of PORTAL_ROLES)
      expect(guards.mayGrantPortalRole(head, "stttt", role)).toBe(role !== "board-head");
    for (const role of PORTAL_ROLES) expect(guards.mayGrantPortalRole(head, "tanyen", role)).toBe(false);
  });
  it("lets a platform admin grant every role and nobody else any", () => {
    for (const role of PORTAL_ROLES) {
      expect(guards.mayGrantPortalRole(inRealm("platform-admin"), "tanyen", role)).toBe(true);
      expect(guards.mayGrantPortalRole(inRealm("auditor"), "tanyen", role)).toBe(false);
      for (const held of PORTAL_ROLES.filter((r) => r !== "board-head"))
        expect(guards.mayGrantPortalRole(onPortal(held), "stttt", role)).toBe(false);
    }
  });
});
