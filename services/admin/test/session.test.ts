// Sign-in and session rules of the admin (ASVS L2 V3, R-ACCOUNT, R-REMOTE, R-ORG) against the
// REAL Keycloak login page, content and media: cookie flags and a new session id at sign-in;
// only one's own portals; forms without the CSRF token or from another origin change nothing;
// Keycloak's back-channel logout and the admin's sign-out end the session; idle and absolute
// timeouts; text posted after an idle expiry is restored after signing in again; four eyes.
import { waitFor } from "@cong/testing";
import { Agent, kcAdmin, type RunningAdmin, type Services, startAdmin, startServices } from "./fixtures";

let s: Services;
let a: RunningAdmin;
let short: RunningAdmin;

beforeAll(async () => {
  s = await startServices("admin-session");
  a = await startAdmin("admin-session", s);
  // a second admin on the same APIs with timeouts short enough to wait for
  short = await startAdmin("admin-session-short", s, {
    ADMIN_IDLE_TIMEOUT_SECONDS: "3",
    ADMIN_ABSOLUTE_TIMEOUT_SECONDS: "8",
  });
});
afterAll(async () => {
  await short?.stop();
  await a?.stop();
  await s?.stop();
});

const sessionCookie = (agent: Agent, url: string) => agent.cookies.get(new URL(url).host)?.get("cong.sid");

describe("sign-in (ASVS V3, R-ACCOUNT)", () => {
  it("signs in through Keycloak's login page with PKCE; HttpOnly SameSite=Lax cookie; a new session id after sign-in", async () => {
    const agent = new Agent(a.url);
    const start = await agent.get("/");
    expect(start.status).toBe(200);
    expect(start.html).toContain("Đăng nhập");
    const before = sessionCookie(agent, a.url);
    expect(before).toBeDefined(); // the sign-in page's CSRF token lives in a session

    // the authorization request carries PKCE S256, state and nonce
    const toKeycloak = await agent.request("GET", "/auth/login", { follow: false });
    expect(toKeycloak.status).toBe(303);
    const auth = new URL(toKeycloak.headers.get("location") ?? "");
    expect(auth.searchParams.get("code_challenge_method")).toBe("S256");
    expect(auth.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(auth.searchParams.get("state")).toBeTruthy();
    expect(auth.searchParams.get("nonce")).toBeTruthy();
    expect(auth.searchParams.get("client_id")).toBe(a.kc.clientId);

    const home = await agent.signIn("tanyen.focal-officer");
    expect(home.url).toBe(`${a.url}/p/tanyen/`);
    expect(home.html).toContain("Việc của tôi");
    const after = sessionCookie(agent, a.url);
    expect(after).toBeDefined();
    expect(after).not.toBe(before); // no session fixation

    // flags of the cookie as the server set it
    const probe = await fetch(`${a.url}/`, { headers: { cookie: "" } });
    const set = probe.headers.getSetCookie().find((c) => c.startsWith("cong.sid="));
    expect(set).toMatch(/HttpOnly/i);
    expect(set).toMatch(/SameSite=Lax/i);
    expect(set).toMatch(/Path=\//);
    // never a token in the browser: the pages carry none
    expect(home.html).not.toMatch(/eyJ[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,}/);
  });

  it("a return address after sign-in must be a path on this site (no open redirect)", async () => {
    const agent = new Agent(a.url);
    const page = await agent.signIn("tanyen.focal-officer", "//evil.example/x");
    expect(new URL(page.url).origin).toBe(a.url);
  });
});

describe("portals (R-ORG)", () => {
  it("a tanyen officer gets a Vietnamese 403 page on stttt's pages and items, whatever the URL", async () => {
    const item = await s.call("POST", "/portals/stttt/items", "stttt.focal-officer", {
      kind: "article",
      categoryIds: ["cat-tin-tuc-su-kien"],
      locales: { vi: { title: "Tin của Sở", bodyHtml: "<p>Nội dung.</p>" } },
    });
    expect(item.status).toBe(201);
    const agent = new Agent(a.url);
    await agent.signIn("tanyen.focal-officer");
    for (const path of [
      "/p/stttt/",
      "/p/stttt/items",
      `/p/stttt/items/${item.body.itemId}`,
      `/p/stttt/items/${item.body.itemId}/edit`,
      "/p/stttt/media",
    ]) {
      const page = await agent.get(path);
      expect({ path, status: page.status }).toEqual({ path, status: 403 });
      expect(page.html).toContain("Bạn không có quyền truy cập trang này");
    }
    // the item of another portal is not reachable through one's own portal either
    const own = await agent.get(`/p/tanyen/items/${item.body.itemId}`);
    expect(own.status).toBe(404);
    const portals = await agent.get("/portals");
    expect(portals.html).toContain("/p/tanyen/");
    expect(portals.html).not.toContain("/p/stttt/");
  });
});

describe("forms (CSRF, Origin)", () => {
  it("refuses a POST without the CSRF token, or from another origin, and creates nothing", async () => {
    const agent = new Agent(a.url);
    const page = await agent.signIn("tanyen.focal-officer");
    const csrf = Agent.csrf(page);
    const form = {
      title: "Bài thử CSRF",
      body: "<p>x</p>",
      categoryIds: "cat-tin-tuc-su-kien",
      action: "save",
    };
    const noToken = await agent.post("/p/tanyen/items/new?kind=article", form);
    expect(noToken.status).toBe(403);
    expect(noToken.html).toContain("Biểu mẫu đã hết hiệu lực");
    const wrongToken = await agent.post("/p/tanyen/items/new?kind=article", {
      ...form,
      _csrf: "0".repeat(64),
    });
    expect(wrongToken.status).toBe(403);
    const otherOrigin = await agent.post(
      "/p/tanyen/items/new?kind=article",
      { ...form, _csrf: csrf },
      { origin: "https://evil.example" },
    );
    expect(otherOrigin.status).toBe(403);
    const list = await s.call("GET", "/portals/tanyen/items?limit=100", "tanyen.board-member");
    expect(JSON.stringify(list.body)).not.toContain("Bài thử CSRF");
    // the same form with the token from the admin's own page is accepted
    const ok = await agent.post("/p/tanyen/items/new?kind=article", { ...form, _csrf: csrf });
    expect(ok.status).toBe(200);
    expect(ok.url).toMatch(/\/p\/tanyen\/items\/[a-f0-9]{24}\/edit$/);
    expect(ok.html).toContain("Đã lưu.");
  });
});

describe("sign-out (R-ACCOUNT)", () => {
  it("Keycloak's back-channel logout ends the admin session", async () => {
    const agent = new Agent(a.url);
    await agent.signIn("tanyen.board-member");
    expect((await agent.get("/p/tanyen/")).status).toBe(200);
    // an administrator ends the person's sessions at Keycloak (or they sign out elsewhere)
    const users = (await (await kcAdmin("GET", "/users?username=tanyen.board-member&exact=true")).json()) as {
      id: string;
    }[];
    const sessions = (await (await kcAdmin("GET", `/users/${users[0]?.id}/sessions`)).json()) as {
      id: string;
      clients: Record<string, string>;
    }[];
    const ours = sessions.filter((x) => Object.values(x.clients).includes(a.kc.clientId));
    expect(ours.length).toBeGreaterThan(0);
    for (const x of ours) expect((await kcAdmin("DELETE", `/sessions/${x.id}`)).status).toBe(204);
    await waitFor(async () => (await agent.request("GET", "/p/tanyen/", { follow: false })).status === 303, {
      timeoutMs: 15_000,
      what: "the admin session ended by Keycloak's logout token",
    });
    const page = await agent.request("GET", "/p/tanyen/", { follow: false });
    expect(page.headers.get("location")).toMatch(/^\/auth\/login\?returnTo=/);
  });

  it("refuses a forged logout token", async () => {
    const res = await fetch(`${a.url}/auth/backchannel-logout`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ logout_token: "eyJhbGciOiJub25lIn0.eyJzaWQiOiJ4In0." }),
    });
    expect(res.status).toBe(400);
  });

  it("signing out ends the session here and at Keycloak", async () => {
    const agent = new Agent(a.url);
    const page = await agent.signIn("tanyen.focal-officer");
    const out = await agent.request("POST", "/auth/logout", {
      form: { _csrf: Agent.csrf(page) },
      follow: false,
    });
    expect(out.status).toBe(303);
    const end = new URL(out.headers.get("location") ?? "");
    expect(end.pathname).toMatch(/\/protocol\/openid-connect\/logout$/);
    expect(end.searchParams.get("id_token_hint")).toBeTruthy();
    const done = await agent.get(out.headers.get("location") ?? "");
    expect(done.url).toBe(`${a.url}/signed-out`);
    expect(done.html).toContain("Bạn đã đăng xuất");
    expect((await agent.request("GET", "/p/tanyen/", { follow: false })).status).toBe(303);
  });
});

describe("timeouts (ASVS 3.3, WCAG 2.2.1)", () => {
  it("ends a session idle longer than the idle timeout; a form posted then is kept and restored after signing in again", async () => {
    const agent = new Agent(short.url);
    const page = await agent.signIn("tanyen.focal-officer", "/p/tanyen/items/new?kind=article");
    expect(page.html).toContain('data-idle-seconds="3"');
    const csrf = Agent.csrf(page);
    await new Promise((r) => setTimeout(r, 4500));
    const text = "Bài viết dở dang khi phiên hết hạn — không được mất chữ nào.";
    const posted = await agent.request("POST", "/p/tanyen/items/new?kind=article", {
      form: {
        _csrf: csrf,
        title: "Đang viết dở",
        body: `<p>${text}</p>`,
        categoryIds: "cat-tin-tuc-su-kien",
      },
      follow: false,
    });
    expect(posted.status).toBe(303);
    const returnTo = encodeURIComponent("/p/tanyen/items/new?kind=article");
    expect(posted.headers.get("location")).toBe(`/auth/expired?kept=1&returnTo=${returnTo}`);
    const expired = await agent.get(posted.headers.get("location") ?? "");
    expect(expired.html).toContain("Phiên đăng nhập đã hết hạn");
    expect(expired.html).toContain("đã được giữ lại");
    expect(expired.html).toContain(`href="/auth/login?returnTo=${returnTo}"`);
    // Keycloak still knows the person (its own session): signing in again returns to the editor
    const back = await agent.get(`/auth/login?returnTo=${returnTo}`);
    expect(back.url).toBe(`${short.url}/p/tanyen/items/new?kind=article`);
    expect(back.html).toContain("đã được khôi phục");
    expect(back.html).toContain(text);
    expect(back.html).toContain('value="Đang viết dở"');
    // restored once: the kept form is gone afterwards
    expect((await agent.get("/p/tanyen/items/new?kind=article")).html).not.toContain(text);
  });

  it("the editor's own post at the end of the idle time ends a session still alive on the server and keeps the text", async () => {
    const agent = new Agent(a.url);
    const page = await agent.signIn("tanyen.focal-officer", "/p/tanyen/items/new?kind=article");
    const posted = await agent.request("POST", "/p/tanyen/items/new?kind=article", {
      form: {
        _csrf: Agent.csrf(page),
        _idle: "1",
        title: "Giữ lại",
        body: "<p>Chữ chưa lưu.</p>",
        categoryIds: "cat-tin-tuc-su-kien",
        // form names with dots are kept too (they are not document keys)
        "contributor.0.name": "Hà Thị Xuân",
      },
      follow: false,
    });
    expect(posted.headers.get("location")).toMatch(/^\/auth\/expired\?kept=1/);
    expect((await agent.request("GET", "/p/tanyen/", { follow: false })).status).toBe(303); // ended
    const back = await agent.get(
      `/auth/login?returnTo=${encodeURIComponent("/p/tanyen/items/new?kind=article")}`,
    );
    expect(back.html).toContain("Chữ chưa lưu.");
    expect(back.html).toContain('value="Hà Thị Xuân"');
    // nothing was saved as an item: the text waits in the editor
    const list = await s.call("GET", "/portals/tanyen/items?limit=100", "tanyen.board-member");
    expect(JSON.stringify(list.body)).not.toContain("Giữ lại");
  });

  it("ends a session at the absolute timeout however active it is", async () => {
    const agent = new Agent(short.url);
    await agent.signIn("tanyen.focal-officer");
    const t0 = Date.now();
    while (Date.now() - t0 < 9000) {
      await new Promise((r) => setTimeout(r, 1500));
      const r = await agent.request("GET", "/p/tanyen/", { follow: false });
      if (r.status === 303) break;
    }
    expect(Date.now() - t0).toBeGreaterThan(6000);
    expect((await agent.request("GET", "/p/tanyen/", { follow: false })).status).toBe(303);
  });
});

describe("four eyes (R-MODERATE)", () => {
  it("a board member who submitted an item sees no approve button, and a forced approval gets the API's refusal in Vietnamese", async () => {
    const created = await s.call("POST", "/portals/tanyen/items", "tanyen.board-member", {
      kind: "article",
      categoryIds: ["cat-tin-tuc-su-kien"],
      locales: { vi: { title: "Bài của chính thành viên Ban biên tập", bodyHtml: "<p>Nội dung.</p>" } },
    });
    const id = created.body.itemId as string;
    const sub = await s.call("POST", `/portals/tanyen/items/${id}/submit`, "tanyen.board-member", undefined, {
      "if-match": created.headers.get("etag") as string,
    });
    expect(sub.status).toBe(200);
    const agent = new Agent(a.url);
    await agent.signIn("tanyen.board-member");
    const review = await agent.get(`/p/tanyen/items/${id}/review`);
    expect(review.status).toBe(200);
    expect(review.html).toContain("nguyên tắc bốn mắt");
    expect(review.html).not.toContain('id="approve"');
    const forced = await agent.post(`/p/tanyen/items/${id}/approve`, {
      _csrf: Agent.csrf(review),
      version: String(sub.body.version),
    });
    expect(forced.status).toBe(403);
    expect(forced.html).toContain("Bạn không thể duyệt nội dung do chính mình soạn, sửa hoặc gửi duyệt");
    const after = await s.call("GET", `/portals/tanyen/items/${id}`, "tanyen.board-member");
    expect(after.body.state).toBe("submitted");
  });
});
