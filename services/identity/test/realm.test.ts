// The realm as code against the real Keycloak, in throw-away realms (R-ORG, R-ACCOUNT, R-REMOTE):
// applying twice changes nothing, drift is reported (and `cli.js apply-realm --check` exits 2),
// the security policy is in place, a token carries exactly its user's portal roles, and repeated
// wrong passwords lock the account as the policy says.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { waitFor } from "@cong/testing";
import { createKeycloakAdmin } from "../src/keycloak/admin";
import { Directory } from "../src/keycloak/directory";
import { OTP_ROLE, SECURITY_POLICY } from "../src/realm/definition";
import { applyRealm, hasDrift } from "../src/realm/realm.applier";
import { claims, env, type TestRealm, throwawayRealm, token, tokenResponse } from "./fixtures";

describe("realm as code (R-ORG, R-ACCOUNT, R-REMOTE)", () => {
  let t: TestRealm;
  beforeAll(async () => {
    t = await throwawayRealm("realm");
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("creates every object on a fresh realm, then a second apply reports all unchanged", async () => {
    expect(t.firstPlan.filter((e) => e.change === "created").length).toBeGreaterThan(40);
    const second = await applyRealm(t.kc, t.spec);
    const changed = second.filter((e) => e.change !== "unchanged");
    expect(changed).toEqual([]);
    expect(second.length).toBe(t.firstPlan.length);
    // every kind of object is planned: realm, roles, groups, clients, mappers, flow, binding, users
    expect(new Set(second.map((e) => e.kind))).toEqual(
      new Set([
        "realm",
        "realm-role",
        "composite",
        "group",
        "group-roles",
        "client",
        "mapper",
        "service-roles",
        "flow",
        "binding",
        "user",
        "user-access",
      ]),
    );
  });

  it("reports drift without changing anything in check mode, and repairs it on apply", async () => {
    await t.kc.realms.update(
      { realm: t.realm },
      { passwordPolicy: "length(8)", ssoSessionIdleTimeout: 7200 },
    );
    const client = (await t.kc.clients.find({ clientId: "cong-admin" }))[0];
    await t.kc.clients.update({ id: client?.id as string }, { ...client, directAccessGrantsEnabled: true });
    const alice = (await t.kc.users.find({ username: "alpha.contributor", exact: true }))[0];
    const betaHead = await t.kc.realms.getGroupByPath({ path: "/portals/beta/board-head", realm: t.realm });
    await t.kc.users.addToGroup({ id: alice?.id as string, groupId: betaHead.id as string });

    const check = await applyRealm(t.kc, t.spec, { dryRun: true });
    expect(hasDrift(check)).toBe(true);
    expect(check.find((e) => e.kind === "realm")).toMatchObject({
      change: "updated",
      fields: expect.arrayContaining(["passwordPolicy", "ssoSessionIdleTimeout"]),
    });
    expect(check.find((e) => e.kind === "client" && e.name === "cong-admin")).toMatchObject({
      change: "updated",
      fields: ["directAccessGrantsEnabled"],
    });
    expect(
      check.find((e) => e.kind === "user-access" && e.name.startsWith("alpha.contributor"))?.change,
    ).toBe("updated");
    // check mode wrote nothing
    expect((await t.kc.realms.findOne({ realm: t.realm }))?.passwordPolicy).toBe("length(8)");

    // the command line says the same, with a non-zero exit
    const cli = spawnSync(
      process.execPath,
      [
        "--require",
        "tsx/cjs",
        path.join(__dirname, "../src/cli.ts"),
        "apply-realm",
        "--check",
        "--demo-users",
        "--quiet",
      ],
      {
        env: {
          ...process.env,
          KEYCLOAK_URL: env.KEYCLOAK_URL,
          KEYCLOAK_REALM: t.realm,
          KEYCLOAK_ADMIN_USERNAME: env.KEYCLOAK_ADMIN_USERNAME,
          KEYCLOAK_ADMIN_PASSWORD: env.KEYCLOAK_ADMIN_PASSWORD,
          PORTALS_FILE: "",
        },
        encoding: "utf8",
        cwd: path.join(__dirname, ".."),
      },
    );
    expect(cli.status).toBe(2);
    expect(cli.stdout).toMatch(/updated\s+realm\s+/);

    const repair = await applyRealm(t.kc, t.spec);
    expect(hasDrift(repair)).toBe(true);
    const after = await applyRealm(t.kc, t.spec, { dryRun: true });
    expect(after.filter((e) => e.change !== "unchanged")).toEqual([]);
    const groups = await t.kc.users.listGroups({ id: alice?.id as string, briefRepresentation: false });
    expect(groups.map((g) => g.path)).toEqual(["/portals/alpha/contributor"]);
  });

  it("holds the security policy: passwords, brute force, sessions, TLS, OTP for admins and board heads", async () => {
    const r = await t.kc.realms.findOne({ realm: t.realm });
    expect(r).toMatchObject({
      sslRequired: "external",
      passwordPolicy: SECURITY_POLICY.passwordPolicy,
      bruteForceProtected: true,
      failureFactor: 5,
      ssoSessionIdleTimeout: 1800,
      ssoSessionMaxLifespan: 43_200,
      browserFlow: "cong-browser",
    });
    // the browser flow asks for OTP when the user holds otp-required
    const execs = await t.kc.authenticationManagement.getExecutions({ flow: "cong-browser" });
    const cond = execs.find((e) => e.providerId === "conditional-user-role");
    expect(cond?.requirement).toBe("REQUIRED");
    const cfg = await t.kc.authenticationManagement.getConfig({ id: cond?.authenticationConfig as string });
    expect(cfg.config).toMatchObject({ condUserRole: OTP_ROLE });
    expect(execs.find((e) => e.providerId === "auth-otp-form")?.requirement).toBe("REQUIRED");
    // platform-admin includes it; board-head groups map it; other roles do not
    const admin = await t.kc.roles.findOneByName({ name: "platform-admin" });
    const composites = await t.kc.roles.getCompositeRolesForRealm({ id: admin?.id as string });
    expect(composites.map((c) => c.name)).toEqual([OTP_ROLE]);
    const head = await t.kc.realms.getGroupByPath({ path: "/portals/alpha/board-head", realm: t.realm });
    expect((await t.kc.groups.listRealmRoleMappings({ id: head.id as string })).map((x) => x.name)).toEqual([
      OTP_ROLE,
    ]);
    const member = await t.kc.realms.getGroupByPath({ path: "/portals/alpha/board-member", realm: t.realm });
    expect(await t.kc.groups.listRealmRoleMappings({ id: member.id as string })).toEqual([]);
    // a too-short password is refused by the policy
    const u = (await t.kc.users.find({ username: "beta.contributor", exact: true }))[0];
    await expect(
      t.kc.users.resetPassword({
        id: u?.id as string,
        credential: { type: "password", value: "short", temporary: false },
      }),
    ).rejects.toThrow();
  });

  it("defines the admin UI as a confidential PKCE client with back-channel logout (ADR 0005), cong-api bearer-only, services confidential", async () => {
    const byId = async (clientId: string) => (await t.kc.clients.find({ clientId }))[0];
    expect(await byId("cong-admin")).toMatchObject({
      publicClient: false,
      standardFlowEnabled: true,
      directAccessGrantsEnabled: false,
      implicitFlowEnabled: false,
      frontchannelLogout: false,
      attributes: expect.objectContaining({
        "pkce.code.challenge.method": "S256",
        "backchannel.logout.session.required": "true",
        "backchannel.logout.url": expect.stringMatching(/\/auth\/backchannel-logout$/),
      }),
    });
    expect(await byId("cong-api")).toMatchObject({ bearerOnly: true });
    expect(await byId("cong-content")).toMatchObject({
      publicClient: false,
      serviceAccountsEnabled: true,
      directAccessGrantsEnabled: false,
      standardFlowEnabled: false,
    });
    // a service's client-credentials token is accepted by the APIs (audience cong-api)
    const c = await byId("cong-media");
    const { value } = await t.kc.clients.getClientSecret({ id: c?.id as string });
    const res = await fetch(`${env.KEYCLOAK_URL}/realms/${t.realm}/protocol/openid-connect/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: "cong-media",
        client_secret: value as string,
      }),
    });
    expect(res.status).toBe(200);
    const jwt = ((await res.json()) as { access_token: string }).access_token;
    expect(claims(jwt).aud).toEqual(expect.arrayContaining(["cong-api"]));
  });

  it("switches off what Keycloak's own clients would grant: admin-cli's password grant is refused (issue 15, class 9)", async () => {
    const grant = (clientId: string, username = "alpha.board-head") =>
      fetch(`${env.KEYCLOAK_URL}/realms/${t.realm}/protocol/openid-connect/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "password",
          client_id: clientId,
          username,
          password: env.DEMO_PASSWORD,
        }),
      });
    // Keycloak's admin-cli took passwords in every realm, and the direct-grant flow asks no OTP
    const refused = await grant("admin-cli");
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: string }).error).toBe("unauthorized_client");
    for (const id of ["account", "account-console", "security-admin-console", "broker", "realm-management"])
      expect([id, (await grant(id)).ok]).toEqual([id, false]);
    // what the realm holds: no built-in client with the password grant, implicit flow or a service account
    const all = await t.kc.clients.find();
    const direct = all.filter((c) => c.directAccessGrantsEnabled).map((c) => c.clientId);
    expect(direct).toEqual(["cong-cli"]); // a local/test realm: the tests' client, and only it
    expect(all.filter((c) => c.implicitFlowEnabled)).toEqual([]);
    expect(
      all
        .filter((c) => c.serviceAccountsEnabled)
        .map((c) => c.clientId)
        .sort(),
    ).toEqual(["cong-archive", "cong-content", "cong-identity", "cong-media", "cong-publishing"]);
    const byId = (id: string) => all.find((c) => c.clientId === id);
    expect(byId("admin-cli")).toMatchObject({ standardFlowEnabled: false, publicClient: true });
    expect(byId("security-admin-console")).toMatchObject({ standardFlowEnabled: false });
    expect(byId("account-console")).toMatchObject({ standardFlowEnabled: true, publicClient: true });
    // the tests' client still works
    expect((await grant("cong-cli")).status).toBe(200);

    // turning the grant back on is drift, repaired by the next apply
    const cli = byId("admin-cli");
    await t.kc.clients.update({ id: cli?.id as string }, { ...cli, directAccessGrantsEnabled: true });
    expect((await grant("admin-cli")).status).toBe(200);
    const check = await applyRealm(t.kc, t.spec, { dryRun: true });
    expect(check.filter((e) => e.change !== "unchanged")).toEqual([
      { kind: "client", name: "admin-cli", change: "updated", fields: ["directAccessGrantsEnabled"] },
    ]);
    await applyRealm(t.kc, t.spec);
    expect((await grant("admin-cli")).status).toBe(400);
  });

  it("is checked and applied with identity's own client as in production (client credentials)", async () => {
    const c = (await t.kc.clients.find({ clientId: "cong-identity" }))[0];
    const { value } = await t.kc.clients.getClientSecret({ id: c?.id as string });
    const own = createKeycloakAdmin({
      url: env.KEYCLOAK_URL,
      realm: t.realm,
      clientId: "cong-identity",
      clientSecret: value as string,
    });
    const plan = await applyRealm(own, t.spec, { dryRun: true });
    expect(plan.filter((e) => e.change !== "unchanged")).toEqual([]);
    // and it may manage memberships
    const dir = new Directory(own);
    const u = await dir.findUser({ username: "alpha.contributor" });
    expect(await dir.grant(u?.id as string, "beta", "contributor")).toBe(true);
    expect(await dir.revoke(u?.id as string, "beta", "contributor")).toBe(true);
  });

  it("puts exactly the user's portal roles in the token's portal_groups claim (R-ORG)", async () => {
    const jwt = await token(t.realm, "alpha.board-head");
    const c = claims(jwt);
    expect(c.portal_groups).toEqual(["/portals/alpha/board-head"]);
    expect(c.aud).toEqual(expect.arrayContaining(["cong-api"]));
    expect(claims(await token(t.realm, "platform.admin")).portal_groups ?? []).toEqual([]);
    // demo users of a board head still get tokens with the password grant locally (no OTP there)
    expect((await tokenResponse(t.realm, "beta.board-head")).status).toBe(200);
  });

  it("locks an account after the policy's number of wrong passwords (real policy values: 5)", async () => {
    const username = "beta.focal-officer";
    const u = (await t.kc.users.find({ username, exact: true }))[0];
    const lockState = async () =>
      (await t.kc.attackDetection.findOne({ id: u?.id as string })) as {
        disabled: boolean;
        numFailures: number;
      };
    // attempts spaced beyond the quick-login window, so the failure count is what locks
    const pause = () => new Promise((r) => setTimeout(r, SECURITY_POLICY.quickLoginCheckMilliSeconds + 150));
    for (let i = 1; i <= SECURITY_POLICY.failureFactor; i++) {
      const res = await tokenResponse(t.realm, username, `wrong-password-${i}`);
      expect(res.status).toBe(401);
      // Keycloak records a failure on its brute-force queue, after the 401 has been sent
      const state = await waitFor(
        async () => ((await lockState()).numFailures >= i ? lockState() : undefined),
        {
          timeoutMs: 5_000,
          what: `failure ${i} to be counted`,
        },
      );
      expect(state).toMatchObject({ numFailures: i, disabled: i >= SECURITY_POLICY.failureFactor });
      await pause();
    }
    // now even the right password is refused while the lock lasts
    const locked = await tokenResponse(t.realm, username);
    expect(locked.ok).toBe(false);
    expect(((await locked.json()) as { error: string }).error).toBe("invalid_grant");
    // another user is untouched
    expect((await tokenResponse(t.realm, "beta.contributor")).status).toBe(200);
  });

  it("also locks at once on rapid-fire guesses (quick-login detection)", async () => {
    const username = "beta.board-member";
    for (let i = 0; i < 3; i++) await tokenResponse(t.realm, username, `rapid-${i}`);
    const u = (await t.kc.users.find({ username, exact: true }))[0];
    const disabled = await waitFor(
      async () =>
        ((await t.kc.attackDetection.findOne({ id: u?.id as string })) as { disabled: boolean }).disabled,
      { timeoutMs: 5_000, what: "the quick-login lock" },
    );
    expect(disabled).toBe(true);
    expect((await tokenResponse(t.realm, username)).ok).toBe(false);
  });
});
