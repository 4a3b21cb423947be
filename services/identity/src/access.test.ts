// identity's checks are the kit's guards (issue 16); these are identity's cases of them
import {
  mayGrantPortalRole,
  mayManagePortalPeople,
  mayReadPortalPeople,
  principalFromClaims,
} from "@cong/kit";

const p = (groups: string[], roles: string[] = []) =>
  principalFromClaims({
    sub: "u",
    preferred_username: "u",
    portal_groups: groups,
    realm_access: { roles },
    exp: 2e9,
  });

describe("who may manage a portal's people (R-ORG)", () => {
  it("lets a board head manage only their own portal, and never name another board head", () => {
    const head = p(["/portals/stttt/board-head"]);
    expect(mayManagePortalPeople.allows(head, "stttt")).toBe(true);
    expect(mayManagePortalPeople.allows(head, "tanyen")).toBe(false);
    expect(mayGrantPortalRole(head, "stttt", "contributor")).toBe(true);
    expect(mayGrantPortalRole(head, "stttt", "board-head")).toBe(false);
    expect(mayGrantPortalRole(head, "tanyen", "contributor")).toBe(false);
  });

  it("lets a platform admin do everything and an auditor only read", () => {
    const admin = p([], ["platform-admin"]);
    expect(mayGrantPortalRole(admin, "tanyen", "board-head")).toBe(true);
    const auditor = p([], ["auditor"]);
    expect(mayReadPortalPeople.allows(auditor, "tanyen")).toBe(true);
    expect(mayGrantPortalRole(auditor, "tanyen", "contributor")).toBe(false);
  });

  it("gives focal officers and contributors no say over memberships", () => {
    const fo = p(["/portals/stttt/focal-officer", "/portals/stttt/contributor"]);
    expect(mayReadPortalPeople.allows(fo, "stttt")).toBe(false);
    expect(mayGrantPortalRole(fo, "stttt", "contributor")).toBe(false);
  });
});
