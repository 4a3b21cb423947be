// People (issue 19, screen 2; R-ORG, R-AGENCY, R-ACCOUNT) through the admin against the real
// identity (in-process, its own database and topic prefix, on the shared realm), content and
// Keycloak: a platform admin (one-time code at the first sign-in) grants and revokes a role (with
// a confirmation page), appoints the focal officer, invites a person, hands an account over
// (confirmed, the old account disabled) and reads the audit trail with filters and pages;
// identity's refusals are Vietnamese sentences with what was typed kept. The auditor sees the
// same pages with no action, and a forced POST is refused by identity.
import { type RunningIdentity, startIdentity } from "../../identity/test/fixtures";
import {
  Agent,
  createUser as createUserWith,
  env,
  kcAdmin,
  type RunningAdmin,
  type Services,
  signInWithAuthenticator as signInOtp,
  startAdmin,
  startServices,
  text,
} from "./fixtures";

const PASSWORD = "Cong-People-Otp-2026!";
const stamp = Date.now().toString(36);
const names = {
  admin: `ppl-${stamp}.admin`,
  member: `ppl-${stamp}.member`,
  leaver: `ppl-${stamp}.leaver`,
  successor: `ppl-${stamp}.successor`,
  invited: `ppl-${stamp}.invited`,
};
const createUser = (username: string, o: { groups?: string[]; realmRole?: string } = {}) =>
  createUserWith(username, PASSWORD, o);
const signInWithAuthenticator = (agent: Agent, username: string) => signInOtp(agent, username, PASSWORD);
const ids = {} as Record<"admin" | "member" | "leaver" | "successor", string>;

let s: Services;
let idn: RunningIdentity;
let a: RunningAdmin;

beforeAll(async () => {
  s = await startServices("admin-people");
  idn = await startIdentity(env.KEYCLOAK_REALM);
  a = await startAdmin("admin-people", s, { IDENTITY_API_URL: idn.base });
  ids.admin = await createUser(names.admin, { realmRole: "platform-admin" });
  ids.member = await createUser(names.member);
  ids.leaver = await createUser(names.leaver, { groups: ["/portals/tanyen/contributor"] });
  ids.successor = await createUser(names.successor);
}, 240_000);

afterAll(async () => {
  const invited = (await (await kcAdmin("GET", `/users?exact=true&username=${names.invited}`)).json()) as {
    id: string;
  }[];
  for (const id of [...Object.values(ids), ...invited.map((u) => u.id)])
    await kcAdmin("DELETE", `/users/${id}`).catch(() => undefined);
  await a?.stop();
  await idn?.close();
  await s?.stop();
});

describe("people of a portal (issue 19, R-ORG, R-AGENCY, R-ACCOUNT)", () => {
  const admin = () => agentOf.admin as Agent;
  const agentOf: Record<string, Agent> = {};

  it("a platform admin grants a role, is told of an unknown user with the name kept, and revokes after a confirmation", async () => {
    agentOf.admin = new Agent(a.url);
    const home = await signInWithAuthenticator(admin(), names.admin);
    let page = await admin().get("/p/tanyen/people");
    expect(page.status).toBe(200);
    expect(home.html + page.html).toContain('href="/p/tanyen/people"');
    const body = text(page.html);
    for (const role of [
      "Trưởng Ban biên tập",
      "Phó Trưởng Ban biên tập",
      "Thành viên Ban biên tập",
      "Cán bộ đầu mối",
      "Cộng tác viên",
    ])
      expect(body).toContain(role);
    expect(body).toContain(names.leaver);
    const csrf = Agent.csrf(page);

    // an unknown username: identity's 404 as a sentence, the name typed kept
    page = await admin().post("/p/tanyen/people/grant", {
      _csrf: csrf,
      username: `ppl-${stamp}.nobody`,
      role: "contributor",
    });
    expect(page.status).toBe(404);
    expect(text(page.html)).toContain("Không có tài khoản nào với tên đăng nhập này.");
    expect(page.html).toContain(`value="ppl-${stamp}.nobody"`);
    // a malformed one never reaches identity
    page = await admin().post("/p/tanyen/people/grant", {
      _csrf: csrf,
      username: "A B",
      role: "contributor",
    });
    expect(page.status).toBe(422);
    expect(text(page.html)).toContain("Tên đăng nhập gồm 3–64 ký tự");

    page = await admin().post("/p/tanyen/people/grant", {
      _csrf: csrf,
      username: names.member,
      role: "board-member",
    });
    expect(text(page.html)).toContain(`Đã cấp vai trò Thành viên Ban biên tập cho ${names.member}.`);
    expect(page.html).toContain(`/p/tanyen/people/revoke?role=board-member&amp;userId=${ids.member}`);
    // again: nothing changes, and the page says so
    page = await admin().post("/p/tanyen/people/grant", {
      _csrf: csrf,
      username: names.member,
      role: "board-member",
    });
    expect(text(page.html)).toContain("đã có vai trò Thành viên Ban biên tập trên cổng này");

    // revoking asks first, on a page of its own (no script needed)
    page = await admin().get(`/p/tanyen/people/revoke?role=board-member&userId=${ids.member}`);
    expect(page.status).toBe(200);
    expect(text(page.html)).toContain("Thu hồi vai trò Thành viên Ban biên tập của Nguyễn Thị Hoa");
    expect(page.html).toContain('id="revoke-confirm"');
    page = await admin().post("/p/tanyen/people/revoke", {
      _csrf: Agent.csrf(page),
      role: "board-member",
      userId: ids.member,
    });
    expect(text(page.html)).toContain(`Đã thu hồi vai trò Thành viên Ban biên tập của ${names.member}.`);
    expect(page.html).not.toContain(`userId=${ids.member}`);
  });

  it("appoints the focal officer, invites a person (kept on 409) and lists the invitation with its expiry", async () => {
    let page = await admin().get("/p/tanyen/people");
    const csrf = Agent.csrf(page);
    page = await admin().post("/p/tanyen/people/focal-officer", { _csrf: csrf, username: names.member });
    expect(text(page.html)).toContain(`Đã bổ nhiệm ${names.member} làm cán bộ đầu mối của cổng.`);
    expect(text(page.html)).toMatch(
      /Nguyễn Thị Hoa \(ppl-[a-z0-9]+\.member\), bổ nhiệm lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/,
    );

    const form = {
      _csrf: csrf,
      lastName: "Trần Văn",
      firstName: "Bình",
      email: `${names.invited}@bacgiang.localhost`,
      username: names.invited,
      role: "contributor",
    };
    page = await admin().post("/p/tanyen/people/invite", { ...form, email: "not-an-address" });
    expect(page.status).toBe(422);
    expect(text(page.html)).toContain("Địa chỉ thư điện tử không hợp lệ.");
    expect(page.html).toContain('value="Trần Văn"');

    page = await admin().post("/p/tanyen/people/invite", form);
    expect(page.url).toBe(`${a.url}/p/tanyen/people/invite`);
    const said = /Đã gửi thư mời tới [^ ]+\. Lời mời hết hạn lúc (\d{2}\/\d{2}\/\d{4} \d{2}:\d{2})\./.exec(
      text(page.html),
    );
    expect(said).not.toBeNull();
    // listed with the same expiry, in Vietnam time
    expect(text(page.html)).toContain(`${names.invited} ${form.email} Cộng tác viên ${said?.[1]}`);
    // the same again: identity's 409, said as a sentence, every field kept
    page = await admin().post("/p/tanyen/people/invite", form);
    expect(page.status).toBe(409);
    expect(text(page.html)).toContain(
      "Tên đăng nhập hoặc thư điện tử này đã được dùng cho một tài khoản khác.",
    );
    expect(page.html).toContain(`value="${form.email}"`);
    expect(page.html).toContain('value="Bình"');
  });

  it("hands an account over after a confirmation that says what moves; the old account is disabled", async () => {
    let page = await admin().get("/p/tanyen/people/handover");
    expect(text(page.html)).toContain("Tài khoản của người bàn giao bị khoá");
    const csrf = Agent.csrf(page);
    // an unknown successor: the sentence, the names kept
    page = await admin().post("/p/tanyen/people/handover", {
      _csrf: csrf,
      step: "confirm",
      from: names.leaver,
      to: `ppl-${stamp}.nobody`,
      reason: "Nghỉ hưu",
    });
    expect(page.status).toBe(404);
    expect(text(page.html)).toContain("Không có tài khoản nào với tên đăng nhập này.");
    expect(page.html).toContain(`value="${names.leaver}"`);

    const form = {
      _csrf: csrf,
      from: names.leaver,
      to: names.successor,
      reason: "Nghỉ hưu theo Quyết định số 123/QĐ-UBND",
    };
    page = await admin().post("/p/tanyen/people/handover", { ...form, step: "review" });
    expect(page.status).toBe(200);
    const review = text(page.html);
    expect(review).toContain("Xác nhận bàn giao tài khoản");
    expect(review).toContain(`Nguyễn Thị Hoa (${names.leaver})`);
    expect(review).toContain(`Tài khoản ${names.leaver} bị khoá ngay khi bấm xác nhận.`);
    expect(review).toContain("Vai trò của người bàn giao trên cổng này Cộng tác viên");
    expect(review).toContain(
      "Các bản nháp và các ý kiến người dân đang được giao cho người bàn giao chuyển sang người nhận.",
    );
    expect(page.html).toContain('id="handover-confirm"');
    // nothing has happened yet
    expect(
      ((await (await kcAdmin("GET", `/users/${ids.leaver}`)).json()) as { enabled: boolean }).enabled,
    ).toBe(true);

    page = await admin().post("/p/tanyen/people/handover", { ...form, step: "confirm" });
    expect(text(page.html)).toContain(
      `Đã bàn giao ${names.leaver} cho ${names.successor}: 1 vai trò được chuyển`,
    );
    expect(
      ((await (await kcAdmin("GET", `/users/${ids.leaver}`)).json()) as { enabled: boolean }).enabled,
    ).toBe(false);
    const groups = (await (await kcAdmin("GET", `/users/${ids.successor}/groups`)).json()) as {
      path: string;
    }[];
    expect(groups.map((g) => g.path)).toContain("/portals/tanyen/contributor");
  });

  it("the audit trail: every action above, filtered by person, action and days, in pages of 50", async () => {
    let page = await admin().get("/p/tanyen/people/audit");
    let body = text(page.html);
    for (const action of [
      "Cấp vai trò",
      "Thu hồi vai trò",
      "Bổ nhiệm cán bộ đầu mối",
      "Mời người dùng",
      "Bàn giao tài khoản",
    ])
      expect(body).toContain(action);
    expect(body).toContain(
      `Cho ${names.successor}; 1 vai trò được chuyển. Lý do: Nghỉ hưu theo Quyết định số 123/QĐ-UBND`,
    );

    page = await admin().get("/p/tanyen/people/audit?action=membership.revoked");
    body = text(page.html);
    expect(body).toContain("Vai trò: Thành viên Ban biên tập");
    expect(page.html.match(/<tr/g)?.length).toBe(2); // the head and the one revocation

    page = await admin().get(`/p/tanyen/people/audit?who=${names.leaver}`);
    expect(page.html.match(/<tr/g)?.length).toBe(2);
    expect(text(page.html)).toContain("Bàn giao tài khoản");
    // identity's 422 on the person, beside the field, what was typed kept
    page = await admin().get("/p/tanyen/people/audit?who=A%20B");
    expect(page.status).toBe(422);
    expect(page.html).toMatch(/id="who-error"[^>]*>Tên đăng nhập chỉ gồm chữ thường không dấu/);
    expect(page.html).toContain('value="a b"');

    page = await admin().get("/p/tanyen/people/audit?from=31/02/2026&to=01/01/2026");
    expect(page.status).toBe(422);
    expect(text(page.html)).toContain("Ngày không hợp lệ (dd/MM/yyyy).");
    expect(page.html).toContain('value="31/02/2026"');
    // a range of days long ago: nothing
    page = await admin().get("/p/tanyen/people/audit?from=01/01/2020&to=31/12/2020");
    expect(text(page.html)).toContain("Không có mục nào phù hợp.");

    // 55 older entries: a first page of 50 with a next page, which holds the rest
    for (let i = 0; i < 55; i++)
      await idn.identity.deps.audit.record({
        portalIds: ["tanyen"],
        action: "membership.granted",
        actor: { id: ids.admin as string, username: names.admin },
        target: { userId: ids.member as string, username: names.member },
        details: { role: "contributor" },
        at: new Date(Date.parse("2026-01-05T03:00:00Z") + i * 60_000),
      });
    page = await admin().get("/p/tanyen/people/audit?from=05/01/2026&to=05/01/2026");
    expect(page.html.match(/<tr/g)?.length).toBe(51);
    expect(text(page.html)).toContain("05/01/2026 10:54");
    const next = /<a href="([^"]+)" rel="next"/.exec(page.html)?.[1]?.replaceAll("&amp;", "&");
    expect(next).toContain("cursor=");
    page = await admin().get(next ?? "");
    expect(page.html.match(/<tr/g)?.length).toBe(6);
    expect(text(page.html)).toContain("05/01/2026 10:00");
    expect(page.html).not.toContain('rel="next"');
    expect(text(page.html)).toContain("Về trang đầu");

    // by person, server-side (identity's `who`): a full page of 50 of the member's entries among
    // every other entry of the trail, then the rest of them on the next page
    page = await admin().get(`/p/tanyen/people/audit?who=${names.member}`);
    expect(page.html.match(/<tr/g)?.length).toBe(51);
    // every row names the member, as the one who acted or the one changed
    const tbody = page.html.match(/<tbody>[\s\S]*?<\/tbody>/)?.[0] ?? "";
    for (const row of tbody.split("<tr>").slice(1)) expect(row).toContain(names.member);
    const more = /<a href="([^"]+)" rel="next"/.exec(page.html)?.[1]?.replaceAll("&amp;", "&") ?? "";
    expect(more).toContain(`who=${encodeURIComponent(names.member)}`);
    page = await admin().get(more);
    // 55 seeded grants and at least the grant, revocation and appointment above: 8 or more here
    expect(page.html.match(/<tr/g)?.length).toBeGreaterThanOrEqual(9);
    expect(page.html).not.toContain('rel="next"');
    // a cursor of other filters: identity's 422 as a sentence
    const cursor = new URL(more, a.url).searchParams.get("cursor") ?? "";
    page = await admin().get(
      `/p/tanyen/people/audit?who=${names.leaver}&cursor=${encodeURIComponent(cursor)}`,
    );
    expect(page.status).toBe(422);
    expect(text(page.html)).toContain("Trang tiếp theo không còn khớp với bộ lọc này.");
  });

  it("the auditor sees the same pages with no action; a forced POST is refused by identity in Vietnamese", async () => {
    const auditor = new Agent(a.url);
    await auditor.signIn("auditor");
    let page = await auditor.get("/p/tanyen/people");
    expect(page.status).toBe(200);
    expect(text(page.html)).toContain("chỉ được xem, không thay đổi được người dùng hay vai trò");
    expect(text(page.html)).toContain(names.successor);
    for (const p of [
      "/p/tanyen/people",
      "/p/tanyen/people/invite",
      "/p/tanyen/people/handover",
      "/p/tanyen/people/audit",
    ]) {
      const html = (await auditor.get(p)).html;
      const main = html.slice(html.indexOf("<main"), html.indexOf("</main>"));
      expect(main).not.toMatch(/<form[^>]+method="post"/);
      expect(main).not.toContain("/people/revoke?");
    }
    expect(
      (await auditor.get(`/p/tanyen/people/revoke?role=contributor&userId=${ids.successor}`)).status,
    ).toBe(403);
    const csrf = Agent.csrf(page);
    page = await auditor.post("/p/tanyen/people/grant", {
      _csrf: csrf,
      username: names.member,
      role: "contributor",
    });
    expect(page.status).toBe(403);
    expect(text(page.html)).toContain(
      "Tài khoản của bạn không được thay đổi người dùng, vai trò của cổng này.",
    );
    page = await auditor.post("/p/tanyen/people/handover", {
      _csrf: csrf,
      step: "confirm",
      from: names.successor,
      to: names.member,
    });
    expect(page.status).toBe(403);
    expect(text(page.html)).toContain(
      "Tài khoản của bạn không được thay đổi người dùng, vai trò của cổng này.",
    );
    expect(
      ((await (await kcAdmin("GET", `/users/${ids.successor}`)).json()) as { enabled: boolean }).enabled,
    ).toBe(true);
    const groups = (await (await kcAdmin("GET", `/users/${ids.member}/groups`)).json()) as { path: string }[];
    expect(groups.map((g) => g.path)).not.toContain("/portals/tanyen/contributor");
  });

  it("a board member has no People menu and gets the 403 page", async () => {
    const agent = new Agent(a.url);
    const home = await agent.signIn("tanyen.board-member");
    expect(home.html).not.toContain('href="/p/tanyen/people"');
    expect((await agent.get("/p/tanyen/people")).status).toBe(403);
  });
});
