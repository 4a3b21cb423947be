import { principalFromClaims } from "@cong/kit";
import { canGrantRole, canManagePortal, canReadPortal } from "./access";

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
    expect(canManagePortal(head, "stttt")).toBe(true);
    expect(canManagePortal(head, "tanyen")).toBe(false);
    expect(canGrantRole(head, "stttt", "contributor")).toBe(true);
    expect(canGrantRole(head, "stttt", "board-head")).toBe(false);
    expect(canGrantRole(head, "tanyen", "contributor")).toBe(false);
  });

  it("lets a platform admin do everything and an auditor only read", () => {
    const admin = p([], ["platform-admin"]);
    expect(canGrantRole(admin, "tanyen", "board-head")).toBe(true);
    const auditor = p([], ["auditor"]);
    expect(canReadPortal(auditor, "tanyen")).toBe(true);
    expect(canGrantRole(auditor, "tanyen", "contributor")).toBe(false);
  });

  it("gives focal officers and contributors no say over memberships", () => {
    const fo = p(["/portals/stttt/focal-officer", "/portals/stttt/contributor"]);
    expect(canReadPortal(fo, "stttt")).toBe(false);
    expect(canGrantRole(fo, "stttt", "contributor")).toBe(false);
  });
});
