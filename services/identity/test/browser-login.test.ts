// The admin UI's login as a browser does it (authorization code + PKCE on `cong-admin`), in a
// throw-away realm: platform admins and board heads are made to set up a one-time-code app before
// they get in; other roles get their code straight away; a request without PKCE is refused.
// R-ACCOUNT, R-REMOTE.
import { createHash, randomBytes } from "node:crypto";
import { env, type TestRealm, throwawayRealm } from "./fixtures";

const REDIRECT = "http://127.0.0.1:5999/callback";

class Browser {
  private readonly jar = new Map<string, string>();
  private remember(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const eq = pair?.indexOf("=") ?? -1;
      if (pair && eq > 0) this.jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  }
  async go(url: string, init: RequestInit = {}): Promise<Response> {
    const res = await fetch(url, {
      ...init,
      redirect: "manual",
      headers: {
        ...(init.headers as Record<string, string>),
        cookie: [...this.jar].map(([k, v]) => `${k}=${v}`).join("; "),
      },
    });
    this.remember(res);
    return res;
  }
}

function authUrl(realm: string, pkce = true) {
  const verifier = randomBytes(32).toString("base64url");
  const q = new URLSearchParams({
    client_id: "cong-admin",
    redirect_uri: REDIRECT,
    response_type: "code",
    scope: "openid",
    state: randomBytes(8).toString("hex"),
  });
  if (pkce) {
    q.set("code_challenge", createHash("sha256").update(verifier).digest("base64url"));
    q.set("code_challenge_method", "S256");
  }
  return `${env.KEYCLOAK_URL}/realms/${realm}/protocol/openid-connect/auth?${q}`;
}

/** Logs in with a password; returns the browser and the response to the form post. */
async function login(realm: string, username: string) {
  const b = new Browser();
  const page = await b.go(authUrl(realm));
  expect(page.status).toBe(200);
  const html = await page.text();
  const action = /id="kc-form-login"[^>]*action="([^"]+)"/.exec(html)?.[1]?.replaceAll("&amp;", "&");
  expect(action).toBeDefined();
  const res = await b.go(action as string, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ username, password: env.DEMO_PASSWORD, credentialId: "" }),
  });
  return { browser: b, res };
}

describe("admin UI login (R-ACCOUNT, R-REMOTE)", () => {
  let t: TestRealm;
  beforeAll(async () => {
    t = await throwawayRealm("browser-login");
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("lets a contributor in with a password alone", async () => {
    const { res } = await login(t.realm, "alpha.contributor");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toMatch(new RegExp(`^${REDIRECT}\\?.*code=`));
  });

  it.each(["alpha.board-head", "platform.admin"])(
    "makes %s set up a one-time code before getting in",
    async (username) => {
      const { browser, res } = await login(t.realm, username);
      expect(res.status).toBe(302);
      const next = res.headers.get("location") ?? "";
      expect(next).not.toMatch(new RegExp(`^${REDIRECT}`));
      expect(next).toMatch(/required-action\?execution=CONFIGURE_TOTP/);
      const setup = await browser.go(next);
      expect(setup.status).toBe(200);
      expect(await setup.text()).toMatch(/name="totp"/);
    },
  );

  it("refuses an authorization request without PKCE", async () => {
    const res = await new Browser().go(authUrl(t.realm, false));
    const location = res.headers.get("location") ?? "";
    const body = res.status === 200 ? await res.text() : "";
    expect(`${location} ${body}`).toMatch(/code_challenge|PKCE|invalid_request/i);
  });
});
