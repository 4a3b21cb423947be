// identity's API against the real servers (throw-away realm, own database and topic prefix):
// memberships reach the token and leave it on revoke; a board head of one portal cannot act on
// another (403 problem+json); handover disables the old account, ends its sessions and announces
// it on Kafka with what content needs; appointments, invitations and the audit log.
// R-ORG, R-AGENCY, R-ACCOUNT, R-REMOTE.
import {
  AccountHandedOver,
  FocalOfficerAppointed,
  MembershipGranted,
  MembershipRevoked,
} from "@cong/contracts";
import { waitFor } from "@cong/testing";
import {
  api,
  claims,
  collectEvents,
  type RunningIdentity,
  startIdentity,
  type TestRealm,
  throwawayRealm,
  token,
  tokenResponse,
} from "./fixtures";

describe("identity API (R-ORG, R-AGENCY, R-ACCOUNT)", () => {
  let t: TestRealm;
  let svc: RunningIdentity;
  let call: ReturnType<typeof api>;
  let events: Awaited<ReturnType<typeof collectEvents>>;
  const tk: Record<string, string> = {};

  beforeAll(async () => {
    t = await throwawayRealm("identity-api");
    svc = await startIdentity(t.realm);
    call = api(svc.base);
    events = await collectEvents(svc.prefix);
    for (const u of ["platform.admin", "auditor", "alpha.board-head", "beta.board-head", "alpha.contributor"])
      tk[u] = await token(t.realm, u);
  });
  afterAll(async () => {
    await events?.stop();
    await svc?.close();
    await t?.drop();
  });

  async function userId(username: string): Promise<string> {
    const u = (await t.kc.users.find({ username, exact: true }))[0];
    return u?.id as string;
  }

  async function newUser(username: string, groups: string[] = []): Promise<string> {
    const { id } = await t.kc.users.create({
      username,
      enabled: true,
      emailVerified: true,
      firstName: "Thử",
      lastName: "Nghiệm",
      email: `${username}@bacgiang.localhost`,
      credentials: [{ type: "password", value: "Mật-khẩu-thử-2026", temporary: false }],
      groups,
    });
    return id;
  }

  const expectProblem = (
    r: { status: number; type: string; body: Record<string, unknown> },
    status: number,
    code: string,
  ) => {
    expect(r.status).toBe(status);
    expect(r.type).toMatch(/^application\/problem\+json/);
    expect(r.body.code).toBe(code);
  };

  it("serves its OpenAPI 3.1 document", async () => {
    const res = await fetch(`${svc.base}/openapi.yaml`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^openapi: 3\.1\.0/m);
  });

  it("grants a role that a fresh token carries, and a revoke takes it out of the next token (R-ORG)", async () => {
    const id = await newUser("grant.target");
    const before = claims(await token(t.realm, "grant.target", "Mật-khẩu-thử-2026"));
    expect(before.portal_groups ?? []).toEqual([]);

    const g1 = await call("POST", "/portals/alpha/memberships", tk["alpha.board-head"], {
      username: "grant.target",
      role: "contributor",
    });
    expect(g1.status).toBe(201);
    expect(g1.body).toMatchObject({ userId: id, portalId: "alpha", role: "contributor", changed: true });
    const g2 = await call("POST", "/portals/beta/memberships", tk["platform.admin"], {
      userId: id,
      role: "board-member",
    });
    expect(g2.status).toBe(201);
    // granting again changes nothing
    const again = await call("POST", "/portals/alpha/memberships", tk["alpha.board-head"], {
      userId: id,
      role: "contributor",
    });
    expect(again.status).toBe(200);
    expect(again.body.changed).toBe(false);

    const granted = claims(await token(t.realm, "grant.target", "Mật-khẩu-thử-2026"));
    expect((granted.portal_groups as string[]).sort()).toEqual([
      "/portals/alpha/contributor",
      "/portals/beta/board-member",
    ]);

    const list = await call("GET", "/portals/alpha/memberships", tk["alpha.board-head"]);
    expect(list.status).toBe(200);
    expect(list.body.members).toEqual(
      expect.arrayContaining([expect.objectContaining({ username: "grant.target", role: "contributor" })]),
    );

    const rv = await call("DELETE", `/portals/alpha/memberships/contributor/${id}`, tk["alpha.board-head"]);
    expect(rv.status).toBe(200);
    expect(rv.body.changed).toBe(true);
    const after = claims(await token(t.realm, "grant.target", "Mật-khẩu-thử-2026"));
    expect(after.portal_groups).toEqual(["/portals/beta/board-member"]);

    await waitFor(
      () =>
        events.events.some(
          (e) => e.type === MembershipRevoked.type && (e.data as { userId: string }).userId === id,
        ) &&
        events.events.filter(
          (e) => e.type === MembershipGranted.type && (e.data as { userId: string }).userId === id,
        ).length === 2,
      { timeoutMs: 30_000, what: "membership events on Kafka" },
    );
    const revoked = events.events.find(
      (e) => e.type === MembershipRevoked.type && (e.data as { userId: string }).userId === id,
    );
    expect(revoked?.data).toMatchObject({
      portalId: "alpha",
      role: "contributor",
      revokedBy: { username: "alpha.board-head" },
    });
    // R-BOARD, R-PII: the work address (Keycloak's) travels with the board role only — content
    // mails the board's daily digest to it; the contributor's grant names no address
    const grants = events.events
      .filter((e) => e.type === MembershipGranted.type && (e.data as { userId: string }).userId === id)
      .map((e) => e.data as { portalId: string; role: string; email?: string });
    expect(grants.find((g) => g.role === "board-member")).toMatchObject({
      portalId: "beta",
      email: "grant.target@bacgiang.localhost",
    });
    const contributor = grants.find((g) => g.role === "contributor");
    expect(contributor?.portalId).toBe("alpha");
    expect(contributor).not.toHaveProperty("email");
    expect(events.invalid).toEqual([]);
  });

  it("refuses a board head of portal A on portal B, and other escalations (403 problem+json, R-ORG)", async () => {
    const id = await newUser("cross.target");
    expectProblem(
      await call("POST", "/portals/beta/memberships", tk["alpha.board-head"], {
        userId: id,
        role: "contributor",
      }),
      403,
      "forbidden",
    );
    const r = await call(
      "DELETE",
      `/portals/beta/memberships/board-member/${await userId("beta.board-member")}`,
      tk["alpha.board-head"],
    );
    expectProblem(r, 403, "forbidden");
    expect(r.body.reason).toBe("not_a_member_of_portal");
    // a board head cannot make another board head; a contributor cannot grant at all
    expectProblem(
      await call("POST", "/portals/alpha/memberships", tk["alpha.board-head"], {
        userId: id,
        role: "board-head",
      }),
      403,
      "forbidden",
    );
    expectProblem(
      await call("POST", "/portals/alpha/memberships", tk["alpha.contributor"], {
        userId: id,
        role: "contributor",
      }),
      403,
      "forbidden",
    );
    expectProblem(await call("GET", "/portals/beta/memberships", tk["alpha.board-head"]), 403, "forbidden");
    expectProblem(await call("GET", "/portals/alpha/memberships"), 401, "unauthenticated");
    // nothing changed on beta
    const c = claims(await token(t.realm, "cross.target", "Mật-khẩu-thử-2026"));
    expect(c.portal_groups ?? []).toEqual([]);
  });

  it("rejects bad input with problem+json: operators, unknown fields, unknown roles and portals", async () => {
    expectProblem(
      await call("POST", "/portals/alpha/memberships", tk["platform.admin"], {
        username: { $ne: "x" },
        role: "contributor",
      }),
      400,
      "malformed_request",
    );
    expectProblem(
      await call("POST", "/portals/alpha/memberships", tk["platform.admin"], {
        username: "alpha.contributor",
        role: "wizard",
      }),
      422,
      "validation_failed",
    );
    expectProblem(
      await call("POST", "/portals/alpha/memberships", tk["platform.admin"], {
        username: "alpha.contributor",
        userId: "x",
        role: "contributor",
      }),
      422,
      "validation_failed",
    );
    expectProblem(
      await call("POST", "/portals/gamma/memberships", tk["platform.admin"], {
        username: "alpha.contributor",
        role: "contributor",
      }),
      404,
      "not_found",
    );
    expectProblem(
      await call("POST", "/portals/alpha/memberships", tk["platform.admin"], {
        username: "no.such.user",
        role: "contributor",
      }),
      404,
      "not_found",
    );
  });

  it("hands over an account: old one cannot log in, sessions end, successor gets the roles, Kafka has the event (R-ACCOUNT)", async () => {
    const leaving = await newUser("leaving.officer", ["/portals/alpha/focal-officer"]);
    const successor = await newUser("successor.officer");
    // the leaving officer has a live session (refresh token) before the handover
    const live = await tokenResponse(t.realm, "leaving.officer", "Mật-khẩu-thử-2026");
    expect(live.status).toBe(200);
    const { refresh_token } = (await live.json()) as { refresh_token: string };

    // an officer who also serves beta cannot be handed over by alpha's board head alone
    const twoPortals = await newUser("two.portals", [
      "/portals/alpha/contributor",
      "/portals/beta/contributor",
    ]);
    const partial = await call("POST", "/handovers", tk["alpha.board-head"], {
      from: { userId: twoPortals },
      to: { userId: successor },
      portalIds: ["alpha"],
    });
    expectProblem(partial, 403, "forbidden");
    expect(partial.body.portalId).toBe("beta");
    expect((await tokenResponse(t.realm, "two.portals", "Mật-khẩu-thử-2026")).status).toBe(200);
    // a board head of another portal cannot do it; nor can one hand over oneself
    expectProblem(
      await call("POST", "/handovers", tk["beta.board-head"], {
        from: { userId: leaving },
        to: { userId: successor },
      }),
      403,
      "forbidden",
    );
    const res = await call("POST", "/handovers", tk["alpha.board-head"], {
      from: { username: "leaving.officer" },
      to: { username: "successor.officer" },
      reason: "Điều động công tác",
    });
    expectProblem(
      await call("POST", "/handovers", tk["alpha.board-head"], {
        from: { username: "alpha.board-head" },
        to: { userId: successor },
      }),
      409,
      "conflict",
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      from: { userId: leaving, username: "leaving.officer" },
      to: { userId: successor, username: "successor.officer" },
      portalIds: ["alpha"],
      roles: [{ portalId: "alpha", role: "focal-officer" }],
    });

    // the old account cannot get a token, and its refresh token is dead
    const denied = await tokenResponse(t.realm, "leaving.officer", "Mật-khẩu-thử-2026");
    expect(denied.ok).toBe(false);
    const refreshed = await fetch(
      `${process.env.KEYCLOAK_URL ?? "http://127.0.0.1:8080"}/realms/${t.realm}/protocol/openid-connect/token`,
      {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "refresh_token", client_id: "cong-cli", refresh_token }),
      },
    );
    expect(refreshed.ok).toBe(false);
    // the successor holds the role
    const c = claims(await token(t.realm, "successor.officer", "Mật-khẩu-thử-2026"));
    expect(c.portal_groups).toEqual(["/portals/alpha/focal-officer"]);

    // the event arrives on Kafka, valid against its contract, keyed by the leaving officer
    await waitFor(() => events.events.some((e) => e.type === AccountHandedOver.type), {
      timeoutMs: 30_000,
      what: "identity.account.handed-over on Kafka",
    });
    const ev = events.events.find((e) => e.type === AccountHandedOver.type);
    expect(ev?.key).toBe(leaving);
    expect(ev?.data).toMatchObject({
      handoverId: res.body.handoverId,
      from: { userId: leaving, username: "leaving.officer" },
      to: { userId: successor, username: "successor.officer" },
      portalIds: ["alpha"],
      reason: "Điều động công tác",
      by: { username: "alpha.board-head" },
    });
    expect(AccountHandedOver.schema.safeParse(ev?.data).success).toBe(true);
    expect(events.invalid).toEqual([]);

    // the audit log of the portal shows it
    const audit = await call("GET", "/portals/alpha/audit", tk["alpha.board-head"]);
    expect(audit.status).toBe(200);
    expect(audit.body.entries[0]).toMatchObject({
      action: "account.handed-over",
      actor: { username: "alpha.board-head" },
      target: { userId: leaving },
    });
    expectProblem(await call("GET", "/portals/alpha/audit", tk["beta.board-head"]), 403, "forbidden");
  });

  it("appoints a portal's focal officer and announces it (R-AGENCY)", async () => {
    const officer = await newUser("new.focal");
    const r = await call("PUT", "/portals/beta/focal-officer", tk["beta.board-head"], {
      username: "new.focal",
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ portalId: "beta", userId: officer, changed: true });
    expectProblem(
      await call("PUT", "/portals/beta/focal-officer", tk["alpha.board-head"], { username: "new.focal" }),
      403,
      "forbidden",
    );
    const cur = await call("GET", "/portals/beta/focal-officer", tk["beta.board-head"]);
    expect(cur.body).toMatchObject({ portalId: "beta", username: "new.focal" });
    expect(claims(await token(t.realm, "new.focal", "Mật-khẩu-thử-2026")).portal_groups).toEqual([
      "/portals/beta/focal-officer",
    ]);
    await waitFor(() => events.events.some((e) => e.type === FocalOfficerAppointed.type), {
      timeoutMs: 30_000,
      what: "identity.focal-officer.appointed",
    });
    expect(events.events.find((e) => e.type === FocalOfficerAppointed.type)?.data).toMatchObject({
      portalId: "beta",
      userId: officer,
      previousUserId: null,
      appointedBy: { username: "beta.board-head" },
    });
  });

  it("invites a user who cannot log in until the link sets a password that meets the policy (R-ACCOUNT)", async () => {
    const inv = await call("POST", "/invitations", tk["alpha.board-head"], {
      username: "invited.user",
      email: "invited.user@bacgiang.localhost",
      firstName: "Thị Hoa",
      lastName: "Nguyễn",
      portalId: "alpha",
      role: "contributor",
    });
    expect(inv.status).toBe(201);
    expect(inv.body.link).toMatch(
      /^http:\/\/admin\.bacgiang\.localhost:3005\/invitations\/[A-Za-z0-9_-]{40,}$/,
    );
    const tokenPart = String(inv.body.link).split("/").pop() as string;
    const kcUser = await t.kc.users.findOne({ id: inv.body.userId });
    expect(kcUser?.requiredActions?.sort()).toEqual(["UPDATE_PASSWORD", "VERIFY_EMAIL"]);
    // XSS in a name and inviting onto another portal are refused
    expectProblem(
      await call("POST", "/invitations", tk["alpha.board-head"], {
        username: "evil.user",
        email: "evil@bacgiang.localhost",
        firstName: "<script>alert(1)</script>",
        lastName: "X",
        portalId: "alpha",
        role: "contributor",
      }),
      422,
      "validation_failed",
    );
    expectProblem(
      await call("POST", "/invitations", tk["alpha.board-head"], {
        username: "other.user",
        email: "other@bacgiang.localhost",
        firstName: "A",
        lastName: "B",
        portalId: "beta",
        role: "contributor",
      }),
      403,
      "forbidden",
    );
    // a weak password is refused by the realm's policy; a good one completes the invitation
    const weak = await call("POST", "/invitations/accept", undefined, {
      token: tokenPart,
      password: "short",
    });
    expectProblem(weak, 422, "validation_failed");
    const ok = await call("POST", "/invitations/accept", undefined, {
      token: tokenPart,
      password: "Một-mật-khẩu-đủ-dài-2026",
    });
    expect(ok.status).toBe(200);
    const c = claims(await token(t.realm, "invited.user", "Một-mật-khẩu-đủ-dài-2026"));
    expect(c.portal_groups).toEqual(["/portals/alpha/contributor"]);
    // single use
    expectProblem(
      await call("POST", "/invitations/accept", undefined, {
        token: tokenPart,
        password: "Một-mật-khẩu-khác-2026",
      }),
      404,
      "not_found",
    );
  });

  it("announces the board memberships the realm seed made outside the grant path, once each, with the work e-mail (R-BOARD)", async () => {
    // the demo users' groups were written by apply-realm, not granted: no event names them yet
    const head = await userId("alpha.board-head");
    const contributor = await userId("alpha.contributor");
    const first = await svc.identity.announceBoard();
    expect(first).toBeGreaterThanOrEqual(6); // head, deputy, member of alpha and beta
    const bySystem = () =>
      events.events.filter(
        (e) =>
          e.type === MembershipGranted.type &&
          (e.data as { grantedBy: { id: string } }).grantedBy.id === "system:board-roster",
      );
    await waitFor(() => bySystem().length === first, {
      timeoutMs: 30_000,
      what: "the announcements on Kafka",
    });
    expect(bySystem().find((e) => (e.data as { userId: string }).userId === head)?.data).toMatchObject({
      portalId: "alpha",
      role: "board-head",
      email: "alpha.board-head@bacgiang.localhost",
    });
    // only board roles are announced (R-PII: no other role's address travels)
    for (const e of bySystem())
      expect(["board-head", "board-deputy", "board-member"]).toContain((e.data as { role: string }).role);
    expect(bySystem().some((e) => (e.data as { userId: string }).userId === contributor)).toBe(false);
    // a second run (a restart) announces nothing again
    expect(await svc.identity.announceBoard()).toBe(0);
    expect(events.invalid).toEqual([]);
  });
});
