import { PortalRole, RealmRole } from "@cong/contracts";
import {
  buildRealmSpec,
  CLI_CLIENT,
  NO_ATTRIBUTE_GRANTS,
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

  it("switches off what Keycloak's own clients would grant and the platform does not use (issue 15, class 9)", () => {
    for (const spec of [
      buildRealmSpec({ portals }),
      buildRealmSpec({ portals, demo: true, demoUsers: true }),
    ]) {
      const builtIn = Object.fromEntries(spec.builtInClients.map((b) => [b.clientId, b.settings]));
      // every client Keycloak creates in a realm is pinned
      expect(Object.keys(builtIn).sort()).toEqual(
        [
          "account",
          "account-console",
          "admin-cli",
          "broker",
          "realm-management",
          "security-admin-console",
        ].sort(),
      );
      // no password grant, no implicit tokens, no service account on any of them
      for (const [id, s] of Object.entries(builtIn))
        expect([id, s.directAccessGrantsEnabled, s.implicitFlowEnabled, s.serviceAccountsEnabled]).toEqual([
          id,
          false,
          false,
          false,
        ]);
      // admin-cli (its password grant skipped OTP) and this realm's admin console grant nothing at all
      expect(builtIn["admin-cli"]).toMatchObject({
        standardFlowEnabled: false,
        attributes: NO_ATTRIBUTE_GRANTS,
      });
      expect(builtIn["security-admin-console"]).toMatchObject({ standardFlowEnabled: false });
      // the account console: staff's password, OTP app and sessions, through the browser flow only
      expect(builtIn["account-console"]?.standardFlowEnabled).toBe(true);
      // our clients: implicit off everywhere, service accounts only for the services, no device
      // flow, CIBA or token exchange
      for (const c of spec.clients) {
        expect([c.clientId, c.implicitFlowEnabled]).toEqual([c.clientId, false]);
        expect([c.clientId, c.serviceAccountsEnabled]).toEqual([
          c.clientId,
          /^cong-(publishing|content|media|identity|archive)$/.test(c.clientId),
        ]);
        expect(c.attributes).toMatchObject(NO_ATTRIBUTE_GRANTS);
      }
    }
    // the password grant: only cong-cli, only in local and test realms
    const local = buildRealmSpec({ portals, demo: true });
    expect(local.clients.filter((c) => c.directAccessGrantsEnabled).map((c) => c.clientId)).toEqual([
      CLI_CLIENT,
    ]);
  });

  it("puts the built-in clients whose grants differ from Keycloak's defaults in the realm file, whole", () => {
    const json = toImportJson(buildRealmSpec({ realm: "bacgiang", portals })) as {
      clients: Record<string, unknown>[];
    };
    const ids = json.clients.map((c) => c.clientId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(json.clients.find((c) => c.clientId === "admin-cli")).toMatchObject({
      publicClient: true,
      standardFlowEnabled: false,
      directAccessGrantsEnabled: false,
      implicitFlowEnabled: false,
      serviceAccountsEnabled: false,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Keycloak's own placeholder, in a plain string
      name: "${client_admin-cli}",
    });
    expect(json.clients.find((c) => c.clientId === "security-admin-console")).toMatchObject({
      standardFlowEnabled: false,
      redirectUris: ["/admin/bacgiang/console/*"],
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Keycloak's own placeholder, in a plain string
      rootUrl: "${authAdminUrl}",
    });
    // left to Keycloak (its defaults already grant only the browser flow)
    expect(ids).not.toContain("account-console");
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
