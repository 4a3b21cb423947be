// The whole editorial loop in a real browser (R-MODERATE, R-SUBMIT, R-FMT, R-TIMELY, R-ACCOUNT,
// R-STD), on Keycloak's real login page and the real services: a tanyen focal officer uploads a
// photo through the admin (progress seen), writes an article with Vietnamese typed through the
// input-method protocol, sees it autosaved, submits; a tanyen board member finds it in the queue
// with its due date, reads the diff, opens the preview link on the tanyen host, approves and
// publishes; the article is then on the tanyen portal. A board head passes the one-time code.
// Every screen on the way: axe-core (WCAG 2.1 A/AA) without violations, no sideways scrolling at
// 320 px; screenshots at 1366 and 390 px in e2e/artifacts/admin.
import path from "node:path";
import { repoRoot, waitFor } from "@cong/testing";
import type { Browser, Page } from "playwright-core";
import sharp from "sharp";
import {
  kcAdmin,
  type RunningAdmin,
  type Services,
  startAdmin,
  startServices,
} from "../../services/admin/test/fixtures";
import { type Harness, startHarness } from "../../services/publishing/test/helpers";
import {
  eventually,
  launch,
  newPage,
  ScreenChecks,
  setUpAuthenticator,
  signIn,
  tabTo,
  totp,
} from "./admin-browser";

let s: Services;
let a: RunningAdmin;
let pub: Harness;
let browser: Browser;
const checks = new ScreenChecks();
const SHOTS = path.join(repoRoot(), "e2e/artifacts/admin");
const TITLE = "Tân Yên khánh thành cầu Đình Nẻo nối đôi bờ sông Thương";
const VIET = "Người dân xã Việt Lập vui mừng đón cây cầu mới.";

beforeAll(async () => {
  s = await startServices("e2e-admin");
  pub = await startHarness("e2e-admin", {
    KAFKA_TOPIC_PREFIX: s.prefix,
    CONTENT_API_URL: s.content.base,
    MEDIA_PUBLIC_URL: s.media.base,
  });
  a = await startAdmin("e2e-admin", s, {
    PUBLIC_DOMAIN: `bacgiang.localhost:${pub.pub.port}`,
    ADMIN_AUTOSAVE_SECONDS: "2",
  });
  browser = await launch();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await a?.stop();
  await pub?.close();
  await s?.stop();
});

/** Types text into the focused field as a Vietnamese input method does: composition, then commit. */
async function typeWithIme(page: Page, word: string, steps: string[]): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  for (const step of steps)
    await cdp.send("Input.imeSetComposition", {
      text: step,
      selectionStart: step.length,
      selectionEnd: step.length,
    });
  await cdp.send("Input.insertText", { text: word });
  await cdp.detach();
}

async function photo(): Promise<Buffer> {
  // a 2400×1350 photograph-like image, big enough for the upload to take several progress events
  const noise = Buffer.alloc(2400 * 1350 * 3);
  for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
  return sharp(noise, { raw: { width: 2400, height: 1350, channels: 3 } })
    .jpeg({ quality: 95 })
    .toBuffer();
}

describe("the editorial loop in a real browser", () => {
  let itemId = "";

  it("a focal officer uploads a photo with progress, writes with a Vietnamese input method, sees the autosave and submits", async () => {
    const { page, context, errors } = await newPage(browser);
    await signIn(page, a.url, "tanyen.focal-officer");
    await page.waitForURL(`${a.url}/p/tanyen/`);
    await checks.check(page, "dashboard-officer", SHOTS);

    // the media library: upload through the admin, which streams the file to media
    await page.goto(`${a.url}/p/tanyen/media`);
    await checks.check(page, "media-library", SHOTS);
    await page.fill("#upload-title-field", "Cầu Đình Nẻo");
    await page.fill("#altText", "Cầu Đình Nẻo bắc qua sông Thương, nhìn từ bờ xã Việt Lập");
    await page.setInputFiles("#file", {
      name: "cau-dinh-neo.jpg",
      mimeType: "image/jpeg",
      buffer: await photo(),
    });
    const progressSeen = page.waitForFunction(() => {
      const bar = document.getElementById("upload-bar") as HTMLProgressElement | null;
      return !!bar && !document.getElementById("upload-progress")?.hidden && bar.value > 0;
    });
    await page.click("#upload-button");
    await progressSeen;
    await page.waitForURL(/\/p\/tanyen\/media\/[a-f0-9]{24}$/, { timeout: 60_000 });
    const assetId = page.url().split("/").pop() ?? "";
    await waitFor(
      async () => {
        await page.reload();
        return (await page.locator(".tag--green").count()) > 0;
      },
      { timeoutMs: 90_000, intervalMs: 1000, what: "the photo processed (renditions)" },
    );
    await checks.check(page, "media-asset", SHOTS);

    // the editor
    await page.goto(`${a.url}/p/tanyen/items/new`);
    await checks.check(page, "kind-chooser", SHOTS);
    await page.check('input[name="kind"][value="article"]');
    await page.click("main button[type=submit]");
    await page.waitForURL(/items\/new\?kind=article/);
    await page.click("#title");
    await page.keyboard.insertText(TITLE);
    await page.fill("#summary", "Cây cầu dài 120 m nối hai xã Việt Lập và Liên Chung.");
    await page.click(".rich-text__content");
    await page.keyboard.insertText("Người dân xã ");
    // Telex: V-i-e-e-j-t → Việt, composed through the input method protocol
    await typeWithIme(page, "Việt", ["V", "Vi", "Vie", "Viê", "Việ", "Việt"]);
    await page.keyboard.insertText(" Lập vui mừng đón cây cầu mới.");
    await eventually(
      () => page.locator("#body").inputValue(),
      (v) => expect(v).toContain(VIET),
    );
    expect((await page.locator("#body").inputValue()).match(/Việt/g)?.length).toBe(1);
    // paste from Word: the schema keeps the text and its emphasis, nothing of Word's markup
    await page.keyboard.press("Enter");
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.setData(
        "text/html",
        '<html><head><style>p.MsoNormal{margin:0cm;font-family:"Times New Roman"}</style></head><body><!--[if gte mso 9]><xml><o:OfficeDocumentSettings><o:AllowPNG/></o:OfficeDocumentSettings></xml><![endif]--><p class="MsoNormal" style="mso-line-height-rule:exactly;color:red"><b><span style="font-size:14pt">Thông báo</span></b> lịch tiếp công dân<o:p></o:p></p></body></html>',
      );
      dt.setData("text/plain", "Thông báo lịch tiếp công dân");
      document
        .querySelector(".rich-text__content")
        ?.dispatchEvent(new ClipboardEvent("paste", { clipboardData: dt, bubbles: true, cancelable: true }));
    });
    const pasted = await page.locator("#body").inputValue();
    expect(pasted).toContain("<strong>Thông báo</strong> lịch tiếp công dân");
    expect(pasted).not.toMatch(/mso|MsoNormal|<style|o:p|font-size|Times New Roman/);
    // an image from the portal's library, through the toolbar's dialog
    await page.click('.rich-text__toolbar button:has-text("Chèn ảnh")');
    await page.click(".image-picker button");
    await eventually(
      () => page.locator("#body").inputValue(),
      (v) => expect(v).toContain(`data-asset-id="${assetId}"`),
    );
    await page.selectOption("#cover", assetId);
    await eventually(
      () => page.locator("#save-status").textContent(),
      (v) => expect(v).toMatch(/^Đã lưu lúc \d{2}:\d{2}$/),
      20_000,
    );
    expect(page.url()).toMatch(/\/items\/[a-f0-9]{24}\/edit$/); // the autosave created the draft
    itemId = page.url().split("/").at(-2) ?? "";
    await checks.check(page, "editor", SHOTS);
    await page.click('button[name="action"][value="submit"]');
    await page.waitForURL(`${a.url}/p/tanyen/items/${itemId}`);
    await eventually(
      () => page.locator(".notice--success").textContent(),
      (v) => expect(v).toContain("Đã gửi duyệt"),
    );
    await checks.check(page, "item-overview", SHOTS);
    await page.goto(`${a.url}/p/tanyen/items/${itemId}/history`);
    await checks.check(page, "history", SHOTS);
    await page.goto(`${a.url}/p/tanyen/items?state=submitted`);
    await checks.check(page, "item-list", SHOTS);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("a board member finds it in the queue with its due date, reads the diff, opens the preview on the tanyen host, approves and publishes", async () => {
    const { page, context, errors } = await newPage(browser);
    await signIn(page, a.url, "tanyen.board-member");
    await page.waitForURL(`${a.url}/p/tanyen/`);
    const row = page.locator("#queue ~ .table-wrap tr", { hasText: TITLE });
    await eventually(
      () => row.count(),
      (v) => expect(v).toBe(1),
    );
    expect(await row.locator("td").last().textContent()).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    await checks.check(page, "dashboard-board", SHOTS);
    await row.locator("a").click();
    await page.click(`a[href="/p/tanyen/items/${itemId}/review"]`);
    await eventually(
      () => page.locator(".diff ins").count(),
      (v) => expect(v).toBeGreaterThan(0),
    );
    expect(await page.locator("#diff-title").textContent()).toContain("So sánh");
    await page.click("#create-preview");
    const link = await page.locator(".preview-link input[readonly]").inputValue();
    expect(link).toMatch(
      new RegExp(`^http://tanyen\\.bacgiang\\.localhost:${pub.pub.port}/xem-truoc/[A-Za-z0-9_-]{43}$`),
    );
    await checks.check(page, "review", SHOTS);
    // the preview, as someone without an account sees it, on the portal's own host
    const stranger = await browser.newContext();
    const preview = await stranger.newPage();
    const res = await preview.goto(link);
    expect(res?.status()).toBe(200);
    expect(await preview.locator("h1").first().textContent()).toContain(TITLE);
    expect(await preview.textContent("body")).toContain("Bản xem trước");
    await preview.screenshot({ path: `${SHOTS}/preview-on-portal-1366.png`, fullPage: true });
    await eventually(
      () =>
        preview
          .locator("img")
          .first()
          .evaluate((i) => (i as HTMLImageElement).naturalWidth),
      (v) => expect(v).toBeGreaterThan(0),
    );
    await stranger.close();
    // approve, then publish now
    await page.click("#approve");
    await page.waitForURL(`${a.url}/p/tanyen/items/${itemId}`);
    await page.click(`a[href="/p/tanyen/items/${itemId}/publish"]`);
    await checks.check(page, "publish", SHOTS);
    await page.click("#publish");
    await eventually(
      () => page.locator(".notice--success").textContent(),
      (v) => expect(v).toContain("Đã xuất bản"),
    );
    await waitFor(async () => (await pub.get("tanyen.bacgiang.localhost", "/")).body.includes(TITLE), {
      timeoutMs: 30_000,
      what: "the article on the tanyen portal",
    });
    const home = await context.newPage();
    const article = await pub.get(
      "tanyen.bacgiang.localhost",
      `/tin/${(await s.call("GET", `/portals/tanyen/items/${itemId}`, "tanyen.board-member")).body.live.locales.vi.slug}`,
    );
    expect(article.body).toContain(`${s.media.base}/assets/`);
    expect(article.body).toContain("<strong>Thông báo</strong> lịch tiếp công dân");
    await home.goto(`http://tanyen.bacgiang.localhost:${pub.pub.port}/`);
    expect(await home.textContent("body")).toContain(TITLE);
    // and its take-down form is one of the board's screens
    await page.goto(`${a.url}/p/tanyen/items/${itemId}/unpublish`);
    await checks.check(page, "unpublish", SHOTS);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("works with the keyboard alone: sign in, write and submit; the board reviews, approves and publishes", async () => {
    const { page, context } = await newPage(browser);
    await signIn(page, a.url, "tanyen.focal-officer");
    await page.waitForURL(`${a.url}/p/tanyen/`);
    await tabTo(page, 'a.nav__link[href="/p/tanyen/items/new"]');
    await page.keyboard.press("Enter");
    await page.waitForURL(/items\/new$/);
    await tabTo(page, 'input[name="kind"]');
    await page.keyboard.press("Space");
    await tabTo(page, "button[type=submit]:not(.link-button)");
    await page.keyboard.press("Enter");
    await page.waitForURL(/kind=article/);
    await tabTo(page, "#title");
    await page.keyboard.type("Bài viết bằng bàn phím");
    await tabTo(page, ".rich-text__toolbar button[tabindex='0']");
    await page.keyboard.press("ArrowRight"); // to "Nghiêng"
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Nghiêng");
    await tabTo(page, ".rich-text__content");
    await page.keyboard.type("Chỉ dùng phím Tab và Enter.");
    await tabTo(page, 'button[name="action"][value="submit"]');
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/items\/[a-f0-9]{24}$/);
    expect(await page.locator(".notice--success").textContent()).toContain("Đã gửi duyệt");
    const id = page.url().split("/").pop() ?? "";
    await context.close();

    // the board member, keyboard only from the sign-in page on
    const board = await newPage(browser);
    const p = board.page;
    await p.goto(`${a.url}/`);
    await tabTo(p, "main a.button");
    await p.keyboard.press("Enter");
    await p.waitForSelector("#username");
    await p.keyboard.type("tanyen.board-member");
    await p.keyboard.press("Tab");
    await p.keyboard.type(process.env.DEMO_PASSWORD ?? "Cong-Demo-2026!");
    await p.keyboard.press("Enter");
    await p.waitForURL(`${a.url}/p/tanyen/`);
    await tabTo(p, `#queue ~ .table-wrap a[href="/p/tanyen/items/${id}"]`);
    await p.keyboard.press("Enter");
    await p.waitForURL(`${a.url}/p/tanyen/items/${id}`);
    await tabTo(p, `a[href="/p/tanyen/items/${id}/review"]`);
    await p.keyboard.press("Enter");
    await p.waitForURL(/\/review$/);
    await tabTo(p, "#approve");
    await p.keyboard.press("Enter");
    await p.waitForURL(`${a.url}/p/tanyen/items/${id}`);
    await tabTo(p, `a[href="/p/tanyen/items/${id}/publish"]`);
    await p.keyboard.press("Enter");
    await p.waitForURL(/\/publish$/);
    await tabTo(p, "#publish");
    await p.keyboard.press("Enter");
    await eventually(
      () => p.locator(".notice--success").textContent(),
      (v) => expect(v).toContain("Đã xuất bản"),
    );
    await board.context.close();
  });

  it("a board head passes the one-time code at sign-in (R-ACCOUNT, R-REMOTE)", async () => {
    const username = `e2e-board-head-${Date.now()}`;
    const password = "Cong-E2E-Otp-2026!";
    const created = await kcAdmin("POST", "/users", {
      username,
      enabled: true,
      firstName: "Thị Hằng",
      lastName: "Kiều",
      email: `${username}@bacgiang.localhost`,
      emailVerified: true,
      groups: ["/portals/tanyen/board-head"],
      credentials: [{ type: "password", value: password, temporary: false }],
    });
    expect(created.status).toBe(201);
    const userId = created.headers.get("location")?.split("/").pop() ?? "";
    try {
      const { page, context } = await newPage(browser);
      await signIn(page, a.url, username, password);
      // first sign-in: Keycloak asks to set up the authenticator (CONFIGURE_TOTP)
      const { secret, window: setupWindow } = await setUpAuthenticator(page, `${a.url}/p/tanyen/`);
      expect(await page.textContent(".header__roles")).toContain("Trưởng Ban biên tập");
      await page.click("#sign-out");
      await page.waitForURL(`${a.url}/signed-out`);
      await checks.check(page, "signed-out", SHOTS);
      // the next sign-in asks for the code (a new window's: a code is never accepted twice)
      await signIn(page, a.url, username, password);
      await page.waitForSelector("#otp");
      // Keycloak never accepts a code twice: wait for the next 30-second window when needed
      const wait = (setupWindow + 1) * 30_000 - Date.now();
      if (wait > 0) await page.waitForTimeout(wait + 500);
      await page.fill("#otp", totp(secret));
      await page.click("#kc-login");
      await page.waitForURL(`${a.url}/p/tanyen/`);
      expect(await page.textContent("h1")).toContain("Việc của tôi");
      await context.close();
    } finally {
      await kcAdmin("DELETE", `/users/${userId}`);
    }
  });

  it("warns before the idle timeout, stays signed in on request, and keeps unsaved text when the session ends (WCAG 2.2.1)", async () => {
    const short = await startAdmin("e2e-admin-idle", s, {
      PUBLIC_DOMAIN: `bacgiang.localhost:${pub.pub.port}`,
      ADMIN_IDLE_TIMEOUT_SECONDS: "14",
      ADMIN_IDLE_WARNING_SECONDS: "8",
      ADMIN_AUTOSAVE_SECONDS: "600",
    });
    try {
      const { page, context } = await newPage(browser);
      await signIn(page, short.url, "tanyen.focal-officer");
      await page.waitForURL(`${short.url}/p/tanyen/`);
      await page.goto(`${short.url}/p/tanyen/items/new?kind=article`);
      // the warning comes; "Tiếp tục làm việc" keeps the session
      await page.waitForSelector("#idle-dialog[open]", { timeout: 15_000 });
      expect(await page.locator("#idle-dialog").textContent()).toContain("Phiên sắp hết hạn");
      await checks.check(page, "idle-warning", SHOTS);
      await page.click("#idle-stay");
      await eventually(
        () => page.locator("#idle-dialog[open]").count(),
        (v) => expect(v).toBe(0),
      );
      // text typed and not saved (autosave is far away in these settings)
      await page.fill("#title", "Bài viết dở khi phiên hết hạn");
      await page.click(".rich-text__content");
      await page.keyboard.insertText("Không được mất chữ nào khi phiên đăng nhập hết hạn.");
      // no answer to the warning: at the end the page posts the text and the session ends; signing
      // in again opens the editor with it
      await page.waitForSelector("#idle-dialog[open]", { timeout: 15_000 });
      await page.waitForURL(/\/auth\/expired\?kept=1/, { timeout: 30_000 });
      expect(await page.textContent("main")).toContain("đã được giữ lại");
      await checks.check(page, "session-expired", SHOTS);
      await page.click("main a.button");
      await page.waitForURL(/\/items\/new\?kind=article$/, { timeout: 30_000 });
      expect(await page.locator(".notice--info").first().textContent()).toContain("đã được khôi phục");
      expect(await page.locator("#title").inputValue()).toBe("Bài viết dở khi phiên hết hạn");
      expect(await page.locator("#body").inputValue()).toContain(
        "Không được mất chữ nào khi phiên đăng nhập hết hạn.",
      );
      await context.close();
    } finally {
      await short.stop();
    }
  });

  it("the other screens pass the same checks: sign-in, portal choice, a 403 page", async () => {
    const { page, context } = await newPage(browser);
    await page.goto(`${a.url}/`);
    await checks.check(page, "sign-in", SHOTS);
    await signIn(page, a.url, "tanyen.focal-officer");
    await page.waitForURL(`${a.url}/p/tanyen/`);
    await page.goto(`${a.url}/portals`);
    await checks.check(page, "portals", SHOTS);
    const forbidden = await page.goto(`${a.url}/p/stttt/items`);
    expect(forbidden?.status()).toBe(403);
    await checks.check(page, "forbidden", SHOTS);
    // English, the second language
    await page.goto(`${a.url}/p/tanyen/`);
    await page.click('button[lang="en"]');
    await eventually(
      () => page.textContent("h1"),
      (v) => expect(v).toBe("My work"),
    );
    await checks.check(page, "dashboard-en", SHOTS);
    await context.close();
  });

  it("no screen had an axe violation or scrolled sideways at 320 px", () => {
    expect(checks.results.length).toBeGreaterThanOrEqual(16);
    expect(checks.failures()).toEqual([]);
  });
});
