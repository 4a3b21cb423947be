import { PortalRole, RealmRole } from "@cong/contracts";
import {
  buildRealmSpec,
  CLI_CLIENT,
  OTP_ROLE,
  PORTAL_ROLES,
  REALM_ROLE_NAMES,
  SECURITY_POLICY,
} from "./definition";
import { toImportJson } from "./realm.import";

const portals = [
  { id: "stttt", name: "Cổng Thông tin điện tử Sở Thông tin và Truyền thông", agency: "Sở TT&TT" },
];

describe("realm definition (R-ORG, R-ACCOUNT, R-REMOTE)", () => {
  it("names exactly the roles of the contracts", () => {
    expect([...PORTAL_ROLES]).toEqual(PortalRole.options);
    expect([...REALM_ROLE_NAMES]).toEqual(RealmRole.options);
  });

  it("has the password-grant client and demo users only when asked (never in production)", () => {
    const prod = buildRealmSpec({ portals });
    expect(prod.clients.map((c) => c.clientId)).not.toContain(CLI_CLIENT);
    expect(prod.users).toEqual([]);
    expect(prod.clients.filter((c) => c.directAccessGrantsEnabled)).toEqual([]);
    const local = buildRealmSpec({ portals, demo: true, demoUsers: true });
    expect(local.clients.find((c) => c.clientId === CLI_CLIENT)?.directAccessGrantsEnabled).toBe(true);
    expect(local.users.map((u) => u.username)).toEqual([
      "platform.admin",
      "auditor",
      ...PORTAL_ROLES.map((r) => `stttt.${r}`),
    ]);
    for (const u of local.users) expect(u.lastName).toBe(u.lastName.normalize("NFC"));
  });

  it("states the security policy: length 12, not the username, history; brute force; 30 min / 12 h; TLS", () => {
    const s = buildRealmSpec({ portals }).settings;
    expect(s.passwordPolicy).toMatch(/length\(12\)/);
    expect(s.passwordPolicy).toMatch(/notUsername/);
    expect(s.passwordPolicy).toMatch(/passwordHistory\(\d+\)/);
    expect(s).toMatchObject({
      bruteForceProtected: true,
      ssoSessionIdleTimeout: 1800,
      ssoSessionMaxLifespan: 43_200,
      sslRequired: "external",
    });
    // tests may shrink thresholds through the same code path
    expect(buildRealmSpec({ portals, security: { failureFactor: 2 } }).settings.failureFactor).toBe(2);
    expect(SECURITY_POLICY.failureFactor).toBe(5);
  });

  it("asks OTP of platform admins and board heads, nobody else", () => {
    const spec = buildRealmSpec({ portals });
    expect(spec.roles.find((r) => r.name === "platform-admin")?.composites).toEqual([OTP_ROLE]);
    const roleGroups = spec.groups[0]?.subGroups[0]?.subGroups ?? [];
    expect(roleGroups.filter((g) => g.realmRoles.includes(OTP_ROLE)).map((g) => g.name)).toEqual([
      "board-head",
    ]);
    expect(spec.browserFlow).toBe(spec.flows[0]?.alias);
  });

  it("renders the same definition as a realm file", () => {
    const json = toImportJson(buildRealmSpec({ portals, demo: true, demoUsers: true })) as Record<
      string,
      any
    >;
    expect(json.browserFlow).toBe("cong-browser");
    expect(json.authenticationFlows.map((f: { alias: string }) => f.alias).sort()).toEqual([
      "cong-browser",
      "cong-browser forms",
      "cong-browser otp",
    ]);
    expect(json.groups[0].subGroups[0].subGroups.map((g: { name: string }) => g.name)).toEqual([
      ...PORTAL_ROLES,
    ]);
    expect(json.users.find((u: { username: string }) => u.username === "stttt.board-head").groups).toEqual([
      "/portals/stttt/board-head",
    ]);
  });
});
