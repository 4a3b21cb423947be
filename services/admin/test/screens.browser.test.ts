// The screens of "Admin web UI (2/3)" in real Chromium (Debian's chromium via playwright-core)
// against the real content service and Keycloak's login page: axe-core with the WCAG 2.1 A/AA
// rules finds nothing, nothing scrolls sideways at 320 CSS px, and screenshots at 1280 and 320 px
// go to e2e/artifacts/admin-screens (ignored by git) for a person to look at.
import path from "node:path";
import { createEvent, FeedbackAnswered, FeedbackReceived, PortalUpdated } from "@cong/contracts";
import { demoToken, minimalPdf } from "@cong/testing";
import type { Browser, Page } from "playwright-core";
import { launch, newPage, setUpAuthenticator, signIn } from "../../../e2e/test/admin-browser";
import {
  published as publishedEvent,
  type RunningArchive,
  startArchive,
  waitFor,
} from "../../archive/test/fixtures";
import { type RunningIdentity, startIdentity } from "../../identity/test/fixtures";
import { check as checkScreen, clean, type Result } from "./browser-checks";
import {
  env,
  kcAdmin,
  type RunningAdmin,
  type Services,
  startAdmin,
  startServices,
  type TestClock,
} from "./fixtures";

const SHOTS = path.resolve(__dirname, "../../../e2e/artifacts/admin-screens");
const clock: TestClock = { now: null };
let s: Services;
let arch: RunningArchive;
let idn: RunningIdentity;
let a: RunningAdmin;
let browser: Browser;
const ids: Record<string, string> = {};

beforeAll(async () => {
  s = await startServices("admin-screens", { clock });
  // archive for the report (R-REPORT): its clock on 02/12/2026, a half-year of publications
  arch = await startArchive("admin-screens", "2026-12-02T03:00:00Z");
  // the names archive shows instead of ids (content's portal.updated), before the publications
  const category = (categoryId: string, vi: string, order: number) => ({
    categoryId,
    slug: categoryId.replace(/^cat-/, ""),
    name: { vi },
    parentId: null,
    retentionClass: "limited-5y" as const,
    mandatory: true,
    order,
  });
  const example = PortalUpdated.example;
  for (const [portalId, name] of [
    ["tanyen", "Cổng Thông tin điện tử huyện Tân Yên"],
    ["stttt", "Cổng Thông tin điện tử Sở Thông tin và Truyền thông"],
  ] as const)
    await arch.publish(
      createEvent(
        PortalUpdated,
        {
          ...example,
          portal: {
            ...example.portal,
            portalId,
            name: { vi: name },
            host: `${portalId}.bacgiang.gov.vn`,
            categories: [
              category("cat-tin-tuc-su-kien", "Tin tức - Sự kiện", 2),
              category("cat-thong-bao", "Thông báo", 3),
            ],
          },
        },
        { source: "/cong/content" },
      ),
    );
  // citizens' feedback of the half-year: three received, two answered, one overdue
  const fb = (n: number) => `fb0000000000000000000a${String(n).padStart(2, "0")}`;
  for (const [n, received, due, answered] of [
    [1, "2026-02-02", "2026-02-23", "2026-02-10"],
    [2, "2026-03-02", "2026-03-23", "2026-03-16"],
    [3, "2026-04-01", "2026-04-22", null],
  ] as const) {
    await arch.publish(
      createEvent(
        FeedbackReceived,
        {
          feedbackId: fb(n),
          portalId: "tanyen",
          kind: "question",
          channel: "web",
          receivedAt: `${received}T02:00:00Z`,
          dueAt: `${due}T02:00:00Z`,
        },
        { source: "/cong/content" },
      ),
      "feedback",
    );
    if (answered)
      await arch.publish(
        createEvent(
          FeedbackAnswered,
          {
            feedbackId: fb(n),
            portalId: "tanyen",
            answeredBy: { id: "u-9", username: "tanyen.focal-officer" },
            answeredAt: `${answered}T02:00:00Z`,
            workingDaysTaken: 6,
            publishedAsQaItemId: null,
          },
          { source: "/cong/content" },
        ),
        "feedback",
      );
  }
  const events = [
    ["tanyen", "cat-tin-tuc-su-kien", "UBND huyện Tân Yên", "2026-02-10"],
    ["tanyen", "cat-tin-tuc-su-kien", "UBND huyện Tân Yên", "2026-03-12"],
    ["tanyen", "cat-tin-tuc-su-kien", "Phòng Văn hóa và Thông tin", "2026-04-02"],
    ["tanyen", "cat-thong-bao", "Văn phòng HĐND và UBND huyện Tân Yên", "2026-05-20"],
    ["stttt", "cat-thong-bao", "Sở Thông tin và Truyền thông", "2026-04-01"],
  ] as const;
  for (const [portal, category, agency, day] of events)
    await arch.publish(
      publishedEvent(portal, { categoryIds: [category], agency, at: `${day}T03:00:00.000Z` }).event,
    );
  await waitFor(async () => (await arch.archive.deps.records.coll.countDocuments({})) === events.length, {
    timeoutMs: 90_000,
    what: "the publications recorded by archive",
  });
  // identity for the People screen (issue 19): in-process on the shared realm, its own database
  idn = await startIdentity(env.KEYCLOAK_REALM);
  a = await startAdmin("admin-screens", s, { ARCHIVE_API_URL: arch.base, IDENTITY_API_URL: idn.base });
  browser = await launch();
  let ip = 0;
  const send = async (extra: Record<string, unknown>, at: Date | null) => {
    clock.now = at;
    const r = await s.call(
      "POST",
      "/public/portals/tanyen/feedback",
      null,
      {
        kind: "question",
        fullName: "Nguyễn Thị Lan",
        email: "lan.nguyen@example.vn",
        phone: "0912345678",
        message:
          "Xin hỏi thủ tục đăng ký kinh doanh hộ cá thể tại huyện Tân Yên cần chuẩn bị những giấy tờ gì và nộp ở đâu?",
        consent: true,
        ...extra,
      },
      { "x-forwarded-for": `198.51.100.${++ip}` },
    );
    clock.now = null;
    return r.body.feedbackId as string;
  };
  ids.late = await send({ subject: "Thủ tục đăng ký hộ kinh doanh" }, new Date("2026-01-05T09:00:00+07:00"));
  ids.fresh = await send({ kind: "feedback", subject: "Góp ý về giờ làm việc bộ phận một cửa" }, null);
  // a published article with a held comment, a draft for consultation with two comments
  const published = async (body: Record<string, unknown>) => {
    const created = await s.call("POST", "/portals/tanyen/items", "tanyen.focal-officer", {
      categoryIds: ["cat-tin-tuc-su-kien"],
      ...body,
    });
    const id = created.body.itemId as string;
    for (const [step, user] of [
      ["submit", "tanyen.focal-officer"],
      ["approve", "tanyen.board-member"],
      ["publish", "tanyen.board-member"],
    ] as const)
      expect((await s.call("POST", `/portals/tanyen/items/${id}/${step}`, user, {})).status).toBe(200);
    return id;
  };
  const comment = (itemId: string, body: Record<string, unknown>) =>
    s.call("POST", `/public/items/${itemId}/comments`, null, body, {
      "x-forwarded-for": `198.51.100.${++ip}`,
    });
  const article = await published({
    kind: "article",
    commentsEnabled: true,
    contributors: [
      { name: "Hoàng Thị Mai", role: "Tác giả" },
      { name: "Đỗ Văn Quang", role: "Ảnh" },
    ],
    locales: { vi: { title: "Khởi công đường liên xã Cao Xá – Ngọc Lý", bodyHtml: "<p>Nội dung.</p>" } },
  });
  await comment(article, {
    text: "Đề nghị huyện công bố tiến độ thi công hằng tháng để người dân theo dõi.",
  });
  ids.draft = await published({
    kind: "draft-for-comment",
    comment: {
      opensAt: new Date(Date.now() - 86_400_000).toISOString(),
      closesAt: new Date(Date.now() + 20 * 86_400_000).toISOString(),
    },
    locales: {
      vi: { title: "Dự thảo Quy chế quản lý chợ trên địa bàn huyện Tân Yên", bodyHtml: "<p>Dự thảo.</p>" },
    },
  });
  await comment(ids.draft, {
    text: "Đề nghị bổ sung quy định về giờ mở cửa chợ phiên và khu vực trông giữ xe.",
    fullName: "Lê Minh Châu",
    organization: "Hội Liên hiệp Phụ nữ xã Ngọc Thiện",
    consent: true,
  });
  await comment(ids.draft, { text: "Cần quy định rõ trách nhiệm vệ sinh môi trường sau mỗi phiên chợ." });
  // a revision waiting for the board's review: in the daily digest
  const waiting = await s.call("POST", "/portals/tanyen/items", "tanyen.focal-officer", {
    kind: "article",
    categoryIds: ["cat-tin-tuc-su-kien"],
    locales: { vi: { title: "Lễ hội Xương Giang năm 2026", bodyHtml: "<p>Nội dung.</p>" } },
  });
  expect(
    (await s.call("POST", `/portals/tanyen/items/${waiting.body.itemId}/submit`, "tanyen.focal-officer", {}))
      .status,
  ).toBe(200);
  const ad = await s.call("POST", "/portals/tanyen/ads", "tanyen.board-member", {
    title: "Ngày hội sản phẩm OCOP huyện Tân Yên năm 2026",
    imageUrl: "https://tanyen.bacgiang.gov.vn/anh/ocop.png",
    linkUrl: "https://tanyen.bacgiang.gov.vn/ocop-2026",
    placement: "sidebar",
    startsAt: new Date(Date.now() - 86_400_000).toISOString(),
    endsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  });
  ids.ad = ad.body.adId as string;
  // a PDF received by mail, turned into a draft by content (as the admin's upload does)
  const form = new FormData();
  form.append("title", "Kế hoạch tiếp công dân tháng 12 năm 2026");
  form.append(
    "file",
    new Blob([new Uint8Array(minimalPdf("Ke hoach tiep cong dan thang 12 nam 2026"))]),
    "ke-hoach.pdf",
  );
  const sub = await fetch(`${s.content.base}/uploads/portals/tanyen/submissions`, {
    method: "POST",
    headers: { authorization: `Bearer ${await demoToken("tanyen.focal-officer")}` },
    body: form,
  });
  expect(sub.status).toBe(201);
  ids.submission = ((await sub.json()) as { itemId: string }).itemId;
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await a?.stop();
  await arch?.close();
  await idn?.close();
  await s?.stop();
});

const check = (page: Page, screen: string) => checkScreen(page, screen, SHOTS);

async function screens(username: string, paths: [string, string][]): Promise<Result[]> {
  const { context, page, errors } = await newPage(browser, 1280);
  try {
    await signIn(page, a.url, username);
    await page.waitForURL((u) => u.href.startsWith(a.url));
    const out: Result[] = [];
    for (const [screen, p] of paths) {
      const res = await page.goto(`${a.url}${p}`);
      expect(res?.status()).toBe(screen.endsWith("-error") ? 422 : 200);
      out.push(await check(page, screen));
    }
    expect(errors).toEqual([]);
    return out;
  } finally {
    await context.close();
  }
}

describe("2/3 screens in Chromium: axe-core 0 violations, 320 px reflow", () => {
  it("feedback inbox: the list, the overdue filter and one message (board member)", async () => {
    const r = await screens("tanyen.board-member", [
      ["feedback-list", "/p/tanyen/feedback"],
      ["feedback-overdue", "/p/tanyen/feedback?overdue=true"],
      ["feedback-detail-board", `/p/tanyen/feedback/${ids.late}`],
    ]);
    expect(clean(r)).toEqual([]);
  });

  it("feedback inbox: the answer form (focal officer)", async () => {
    const r = await screens("tanyen.focal-officer", [
      ["feedback-detail-officer", `/p/tanyen/feedback/${ids.fresh}`],
    ]);
    expect(clean(r)).toEqual([]);
  });

  it("reader comments and consultations (board member)", async () => {
    const r = await screens("tanyen.board-member", [
      ["comments-held", "/p/tanyen/comments"],
      ["consultations", "/p/tanyen/consultations"],
      ["consultation-detail", `/p/tanyen/consultations/${ids.draft}`],
    ]);
    expect(clean(r)).toEqual([]);
  });

  it("categories and completeness (focal officer reads them)", async () => {
    const r = await screens("tanyen.focal-officer", [
      ["categories", "/p/tanyen/categories"],
      ["completeness", "/p/tanyen/completeness"],
    ]);
    expect(clean(r)).toEqual([]);
  });

  it("R-RETAIN: a board head (one-time code at first sign-in) edits a category's order and deadline", async () => {
    const username = `admin-board-head-${Date.now()}`;
    const password = "Cong-Admin-Otp-2026!";
    const created = await kcAdmin("POST", "/users", {
      username,
      enabled: true,
      firstName: "Văn Hùng",
      lastName: "Ngô",
      email: `${username}@bacgiang.localhost`,
      emailVerified: true,
      groups: ["/portals/tanyen/board-head"],
      credentials: [{ type: "password", value: password, temporary: false }],
    });
    expect(created.status).toBe(201);
    const userId = created.headers.get("location")?.split("/").pop() ?? "";
    const { context, page, errors } = await newPage(browser, 1280);
    try {
      await signIn(page, a.url, username, password);
      await setUpAuthenticator(page, `${a.url}/p/tanyen/`);
      await page.goto(`${a.url}/p/tanyen/categories`);
      await page.click('a[href="/p/tanyen/categories/cat-gioi-thieu"]');
      const results = [await check(page, "category-edit")];
      // a wrong deadline: the message beside the field, in Vietnamese
      await page.fill("#deadline", "400");
      await page.click("button[type=submit].button--primary");
      expect(await page.textContent("#deadline-error")).toContain("Nhập số từ 1 đến 365.");
      results.push(await check(page, "category-edit-error"));
      await page.fill("#deadline", "7");
      await page.fill("#order", "15");
      await page.click("button[type=submit].button--primary");
      await page.waitForURL(`${a.url}/p/tanyen/categories`);
      expect(await page.textContent(".notice--success")).toContain("Đã lưu chuyên mục.");
      const cats = await s.call("GET", "/portals/tanyen/categories", "tanyen.board-member");
      expect(
        cats.body.items.find((c: { categoryId: string }) => c.categoryId === "cat-gioi-thieu"),
      ).toMatchObject({
        order: 15,
        deadlineWorkingDays: 7,
      });
      // R-BOARD: the board head's digest has the escalation part (a question is overdue)
      await page.goto(`${a.url}/p/tanyen/digest`);
      expect(await page.textContent("main")).toContain("Cần Trưởng Ban chỉ đạo");
      expect(await page.textContent("main")).toContain("[Quá hạn] Tổng hợp công việc ngày");
      results.push(await check(page, "digest-head"));
      expect(clean(results)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
      await kcAdmin("DELETE", `/users/${userId}`);
    }
  });

  it("ad slots: the list, the form and one ad (board member)", async () => {
    const r = await screens("tanyen.board-member", [
      ["ads", "/p/tanyen/ads"],
      ["ad-new", "/p/tanyen/ads/new"],
      ["ad-edit", `/p/tanyen/ads/${ids.ad}`],
    ]);
    expect(clean(r)).toEqual([]);
  });

  it("royalties of this month (board member)", async () => {
    const r = await screens("tanyen.board-member", [
      ["royalties", "/p/tanyen/royalties"],
      ["royalties-error", "/p/tanyen/royalties?period=13/2026"],
    ]);
    expect(clean(r)).toEqual([]);
  });

  it("the periodic report of a half-year and the daily digest (board member)", async () => {
    const r = await screens("tanyen.board-member", [
      ["reports", "/p/tanyen/reports?period=2026-H1"],
      ["digest", "/p/tanyen/digest"],
    ]);
    expect(clean(r)).toEqual([]);
  });

  it("the province-wide report (provincial board) and a digest with nothing to say", async () => {
    const r = await screens("bacgiang.board-member", [
      ["reports-province", "/p/bacgiang/reports?period=2026-H1&scope=province"],
    ]);
    const empty = await screens("stttt.board-member", [["digest-empty", "/p/stttt/digest"]]);
    expect(clean([...r, ...empty])).toEqual([]);
  });

  it("submissions by file: the upload form and the extracted text (focal officer)", async () => {
    const r = await screens("tanyen.focal-officer", [
      ["submission-upload", "/p/tanyen/submissions"],
      ["submission-result", `/p/tanyen/submissions/${ids.submission}`],
    ]);
    expect(clean(r)).toEqual([]);
  });
});

describe("3/3 screens in Chromium (issue 19): axe-core 0 violations, 320 px reflow", () => {
  it("People (R-ORG, R-AGENCY, R-ACCOUNT): a platform admin (one-time code) sees members, invites, reviews a handover, reads the audit trail; the auditor sees no action", async () => {
    const stamp = Date.now().toString(36);
    const username = `screens-${stamp}.admin`;
    const invited = `screens-${stamp}.invited`;
    const password = "Cong-Admin-Otp-2026!";
    const created = await kcAdmin("POST", "/users", {
      username,
      enabled: true,
      firstName: "Minh Tuấn",
      lastName: "Đặng",
      email: `${username}@bacgiang.localhost`,
      emailVerified: true,
      credentials: [{ type: "password", value: password, temporary: false }],
    });
    expect(created.status).toBe(201);
    const userId = created.headers.get("location")?.split("/").pop() ?? "";
    const role = await (await kcAdmin("GET", "/roles/platform-admin")).json();
    expect((await kcAdmin("POST", `/users/${userId}/role-mappings/realm`, [role])).status).toBe(204);
    const { context, page, errors } = await newPage(browser, 1280);
    const results: Result[] = [];
    try {
      await signIn(page, a.url, username, password);
      await setUpAuthenticator(page, `${a.url}/**`);
      await page.goto(`${a.url}/p/tanyen/people`);
      expect(await page.textContent("main")).toMatch(/Cộng tác viên \(\d+\)/);
      results.push(await check(page, "people"));
      // an unknown username: the sentence on the page, the name kept
      await page.fill("#grant-username", `screens-${stamp}.nobody`);
      await page.click("#grant");
      expect(await page.textContent(".error-summary")).toContain(
        "Không có tài khoản nào với tên đăng nhập này.",
      );
      expect(await page.inputValue("#grant-username")).toBe(`screens-${stamp}.nobody`);
      results.push(await check(page, "people-grant-error"));
      await page.click('a[href^="/p/tanyen/people/revoke?role=contributor"]');
      expect(await page.textContent("h1")).toContain("Thu hồi vai trò Cộng tác viên của");
      results.push(await check(page, "people-revoke-confirm"));
      // invite a person: the form, a refusal kept, then the pending invitation with its expiry
      await page.goto(`${a.url}/p/tanyen/people/invite`);
      await page.fill("#lastName", "Vũ Thị");
      await page.fill("#firstName", "Thu");
      await page.fill("#email", "vu.thi.thu");
      await page.fill("#username", invited);
      await page.click("#invite");
      expect(await page.textContent("#email-error")).toContain("Địa chỉ thư điện tử không hợp lệ.");
      results.push(await check(page, "people-invite-error"));
      await page.fill("#email", `${invited}@bacgiang.localhost`);
      await page.click("#invite");
      await page.waitForURL(`${a.url}/p/tanyen/people/invite`);
      expect(await page.textContent(".notice--success")).toContain("Đã gửi thư mời tới");
      results.push(await check(page, "people-invite"));
      // a handover reviewed (not confirmed: the demo accounts stay as they are)
      await page.goto(`${a.url}/p/tanyen/people/handover`);
      results.push(await check(page, "people-handover"));
      await page.fill("#from", "tanyen.contributor");
      await page.fill("#to", "tanyen.focal-officer");
      await page.fill("#reason", "Chuyển công tác theo Quyết định số 45/QĐ-UBND ngày 01/12/2026");
      await page.click("#handover-review");
      expect(await page.textContent("main")).toContain("Xác nhận bàn giao tài khoản");
      results.push(await check(page, "people-handover-confirm"));
      await page.goto(`${a.url}/p/tanyen/people/audit`);
      expect(await page.textContent("main")).toContain("Mời người dùng");
      results.push(await check(page, "people-audit"));
      await page.goto(`${a.url}/p/tanyen/people/audit?from=32/01/2026`);
      results.push(await check(page, "people-audit-error"));
      expect(errors).toEqual([]);
    } finally {
      await context.close();
      await kcAdmin("DELETE", `/users/${userId}`);
      const inv = (await (await kcAdmin("GET", `/users?exact=true&username=${invited}`)).json()) as {
        id: string;
      }[];
      for (const u of inv) await kcAdmin("DELETE", `/users/${u.id}`);
    }
    const auditor = await screens("auditor", [
      ["people-auditor", "/p/tanyen/people"],
      ["people-audit-auditor", "/p/tanyen/people/audit"],
    ]);
    expect(clean([...results, ...auditor])).toEqual([]);
  });
});
