// The screens of "Admin web UI (2/3)" in real Chromium (Debian's chromium via playwright-core)
// against the real content service and Keycloak's login page: axe-core with the WCAG 2.1 A/AA
// rules finds nothing, nothing scrolls sideways at 320 CSS px, and screenshots at 1280 and 320 px
// go to e2e/artifacts/admin-screens (ignored by git) for a person to look at.
import fs from "node:fs";
import path from "node:path";
import { demoToken, minimalPdf } from "@cong/testing";
import type { Browser, Page } from "playwright-core";
import { axe, launch, newPage, setUpAuthenticator, signIn } from "../../../e2e/test/admin-browser";
import {
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
let a: RunningAdmin;
let browser: Browser;
const ids: Record<string, string> = {};

beforeAll(async () => {
  s = await startServices("admin-screens", { clock });
  a = await startAdmin("admin-screens", s);
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
  await s?.stop();
});

interface Result {
  screen: string;
  violations: string[];
  scroll: number;
  client: number;
}

async function check(page: Page, screen: string): Promise<Result> {
  const violations = (await axe(page)).map(
    (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `${SHOTS}/${screen}-1280.png`, fullPage: true });
  await page.setViewportSize({ width: 320, height: 800 });
  await page.waitForTimeout(100);
  const w = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  await page.screenshot({ path: `${SHOTS}/${screen}-320.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  return { screen, violations, ...w };
}

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

const clean = (r: Result[]) => r.filter((x) => x.violations.length || x.scroll > x.client + 1);

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

  it("submissions by file: the upload form and the extracted text (focal officer)", async () => {
    const r = await screens("tanyen.focal-officer", [
      ["submission-upload", "/p/tanyen/submissions"],
      ["submission-result", `/p/tanyen/submissions/${ids.submission}`],
    ]);
    expect(clean(r)).toEqual([]);
  });
});
