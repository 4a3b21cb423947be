// R-ORG / DESIGN "Roles": tokens from the real Keycloak realm; a focal officer of one portal is
// refused on another, expired, tampered and foreign-realm tokens get 401 — always problem+json.
// Both verifiers (keycloak-connect, and the jose one that can replace it) must behave the same.
import type { AddressInfo } from "node:net";
import { serverEnv } from "@cong/testing";
import {
  authenticate,
  createHttpApp,
  createLogger,
  createTokenVerifier,
  finishHttpApp,
  requirePortalRole,
  requireRealmRole,
} from "../src";

const env = serverEnv();

async function token(
  username: string,
  realm = env.KEYCLOAK_REALM,
  clientId = "cong-cli",
  password = env.DEMO_PASSWORD,
) {
  const res = await fetch(`${env.KEYCLOAK_URL}/realms/${realm}/protocol/openid-connect/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "password", client_id: clientId, username, password }),
  });
  if (!res.ok) throw new Error(`token for ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

describe.each(["keycloak-connect", "jose"] as const)("bearer auth with %s", (kind) => {
  let base = "";
  let close: () => void;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    const logger = createLogger({ service: "auth-test", level: "silent" });
    const verifier = createTokenVerifier({
      kind,
      url: env.KEYCLOAK_URL,
      realm: env.KEYCLOAK_REALM,
      audience: "cong-api",
    });
    const app = createHttpApp({ logger });
    app.use(authenticate(verifier, env.KEYCLOAK_REALM));
    app.get(
      "/portals/:portalId/drafts",
      requirePortalRole((req) => req.params.portalId as string, ["focal-officer"]),
      (req, res) => {
        res.json({ portal: req.params.portalId, user: req.principal?.username });
      },
    );
    app.get("/admin", requireRealmRole("platform-admin"), (_req, res) => {
      res.json({ ok: true });
    });
    finishHttpApp(app, logger);
    const server = app.listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
    tokens.stttt = await token("stttt.focal-officer");
    tokens.admin = await token("platform.admin");
  });
  afterAll(() => close());

  const get = (path: string, bearer?: string) =>
    fetch(`${base}${path}`, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });

  async function expectProblem(res: Response, status: number, code: string) {
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    const body = (await res.json()) as { code: string; reason?: string };
    expect(body.code).toBe(code);
    return body;
  }

  it("lets a focal officer of portal A act on portal A", async () => {
    const res = await get("/portals/stttt/drafts", tokens.stttt);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ portal: "stttt", user: "stttt.focal-officer" });
  });

  it("refuses the same token on portal B with 403 (R-ORG)", async () => {
    const body = await expectProblem(await get("/portals/tanyen/drafts", tokens.stttt), 403, "forbidden");
    expect(body.reason).toBe("not_a_member_of_portal");
  });

  it("does not let a platform admin act as a portal's focal officer", async () => {
    await expectProblem(await get("/portals/stttt/drafts", tokens.admin), 403, "forbidden");
    expect((await get("/admin", tokens.admin)).status).toBe(200);
    await expectProblem(await get("/admin", tokens.stttt), 403, "forbidden");
  });

  it("answers 401 with a Bearer challenge when the token is missing", async () => {
    const res = await get("/portals/stttt/drafts");
    expect(res.headers.get("www-authenticate")).toBe(`Bearer realm="${env.KEYCLOAK_REALM}"`);
    await expectProblem(res, 401, "unauthenticated");
  });

  it("answers 401 to an expired token", async () => {
    const now = Date.now();
    const spy = jest.spyOn(Date, "now").mockReturnValue(now + 3600_000);
    try {
      const res = await get("/portals/stttt/drafts", tokens.stttt);
      expect(res.headers.get("www-authenticate")).toContain('error="invalid_token"');
      await expectProblem(res, 401, "unauthenticated");
    } finally {
      spy.mockRestore();
    }
  });

  it("answers 401 to a token whose claims were altered", async () => {
    const [h, p, s] = tokens.stttt!.split(".");
    const claims = JSON.parse(Buffer.from(p!, "base64url").toString());
    claims.portal_groups = ["/portals/tanyen/focal-officer"];
    const forged = `${h}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${s}`;
    await expectProblem(await get("/portals/tanyen/drafts", forged), 401, "unauthenticated");
  });

  it("answers 401 to a token of another realm (master), even one signed by the same Keycloak", async () => {
    const foreign = await token(
      "admin",
      "master",
      "admin-cli",
      env.KEYCLOAK_ADMIN_PASSWORD ?? "admin-local-only",
    );
    await expectProblem(await get("/admin", foreign), 401, "unauthenticated");
  });

  it("answers 401 to garbage and to an unsigned token", async () => {
    await expectProblem(await get("/admin", "not-a-jwt"), 401, "unauthenticated");
    const [, p] = tokens.admin!.split(".");
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString("base64url")}.${p}.`;
    await expectProblem(await get("/admin", none), 401, "unauthenticated");
  });
});
