import { hasPortalRole, portalsWithRole, principalFromClaims } from "./principal";

describe("principalFromClaims (DESIGN: Roles)", () => {
  const claims = {
    sub: "u-1",
    preferred_username: "stttt.board-member",
    given_name: "Văn Phúc",
    family_name: "Lý",
    realm_access: { roles: ["default-roles-bacgiang", "auditor"] },
    portal_groups: [
      "/portals/stttt/board-member",
      "/portals/stttt/focal-officer",
      "/portals/tanyen/contributor",
      "/portals/tanyen/wizard",
      "/other/group",
      "/portals/Bad-Id/board-head",
    ],
    exp: 2000000000,
    azp: "cong-admin",
  };

  it("reads realm roles and portal roles from the token, ignoring what it does not know", () => {
    const p = principalFromClaims(claims);
    expect([...p.realmRoles]).toEqual(["auditor"]);
    expect([...(p.portalRoles.get("stttt") ?? [])].sort()).toEqual(["board-member", "focal-officer"]);
    expect([...(p.portalRoles.get("tanyen") ?? [])]).toEqual(["contributor"]);
    expect(p.portalRoles.size).toBe(2);
    expect(p.name).toBe("Lý Văn Phúc");
    expect(p.clientId).toBe("cong-admin");
  });

  it("never lets a role on one portal count on another (R-ORG)", () => {
    const p = principalFromClaims(claims);
    expect(hasPortalRole(p, "stttt", ["board-member"])).toBe(true);
    expect(hasPortalRole(p, "tanyen", ["board-member"])).toBe(false);
    expect(hasPortalRole(p, "bacgiang", ["board-member", "contributor"])).toBe(false);
    expect(portalsWithRole(p, ["contributor", "focal-officer"]).sort()).toEqual(["stttt", "tanyen"]);
  });
});
