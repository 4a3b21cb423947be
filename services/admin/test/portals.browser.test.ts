// The Portals screen (issue 19 screen 1; R-DOM, R-AGENCY) in real Chromium (Debian's chromium via
// playwright-core) against the real content service and Keycloak's login page, as a civil
// servant of the technical focal unit uses it: a fresh platform admin passes the one-time code
// set-up, types "huyện Yên Thế" and sees `yenthe` proposed at once (the island), sees a clash
// said as "huyện Tân Yên" is typed, creates the portal, has a footer line with HTML refused beside
// the field, saves the footer facts; the auditor sees the same pages with no action. Every screen:
// axe-core WCAG 2.1 A/AA 0 violations, no sideways scroll at 320 px, screenshots at 1280 and 320 px
// in e2e/artifacts/admin-portals.
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { launch, newPage, setUpAuthenticator, signIn, tabTo } from "../../../e2e/test/admin-browser";
import { check as checkScreen, clean, type Result } from "./browser-checks";
import { createUser, kcAdmin, type RunningAdmin, type Services, startAdmin, startServices } from "./fixtures";

const SHOTS = path.resolve(__dirname, "../../../e2e/artifacts/admin-portals");
const PASSWORD = "Cong-Portals-Browser-2026!";
const username = `ptlb-${Date.now().toString(36)}.admin`;
let userId = "";
let s: Services;
let a: RunningAdmin;
let browser: Browser;
let base = "";
const check = (page: Page, screen: string) => checkScreen(page, screen, SHOTS);

beforeAll(async () => {
  s = await startServices("admin-portals-browser");
  a = await startAdmin("admin-portals-browser", s);
  userId = await createUser(username, PASSWORD, { realmRole: "platform-admin" });
  base = ((await s.call("GET", "/portals/bacgiang", "platform.admin")).body as { host: string }).host;
  browser = await launch();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  if (userId) await kcAdmin("DELETE", `/users/${userId}`).catch(() => undefined);
  await a?.stop();
  await s?.stop();
});

describe("Portals in Chromium (issue 19 screen 1): axe-core 0 violations, 320 px reflow", () => {
  it("a platform admin creates huyện Yên Thế with its subdomain proposed as typed, then its footer facts", async () => {
    const { context, page, errors } = await newPage(browser, 1280);
    const results: Result[] = [];
    try {
      await signIn(page, a.url, username, PASSWORD);
      await setUpAuthenticator(page, `${a.url}/**`);
      await page.goto(`${a.url}/platform/portals`);
      expect(await page.textContent("main")).toContain(`tanyen.${base}`);
      results.push(await check(page, "portals"));
      await page.click('a[href="/platform/portals/new"]');
      await page.waitForURL(`${a.url}/platform/portals/new`);
      results.push(await check(page, "portal-new"));
      // the keyboard reaches the name's field; typing proposes the place name and the subdomain
      await page.check("#kind-1");
      await tabTo(page, "#unit");
      await page.keyboard.type("huyện Tân Yên");
      expect(await page.inputValue("#source")).toBe("Tân Yên");
      expect(await page.textContent("#subdomain-preview")).toBe(
        "Tên miền “tanyen” đã được dùng cho một cổng khác. Hãy sửa tên viết tắt hoặc địa danh.",
      );
      results.push(await check(page, "portal-new-taken"));
      await page.check("#kind-0");
      await page.fill("#unit", "");
      await page.locator("#unit").pressSequentially("Sở Tư pháp");
      expect(await page.inputValue("#source")).toBe("STP");
      expect(await page.textContent("#subdomain-preview")).toBe(`Tên miền sẽ là stp.${base}`);
      await page.check("#kind-1");
      await page.fill("#unit", "");
      await page.locator("#unit").pressSequentially("huyện Yên Thế");
      expect(await page.inputValue("#source")).toBe("Yên Thế");
      expect(await page.textContent("#subdomain-preview")).toBe(`Tên miền sẽ là yenthe.${base}`);
      expect(await page.textContent("[data-proposed=agency]")).toBe("Ủy ban nhân dân huyện Yên Thế");
      await page.fill("#boardMailbox", "banbientap@yenthe.bacgiang.gov.vn");
      await page.fill("#hotline", "0204 3876 123");
      results.push(await check(page, "portal-new-typed"));
      await page.click("#create");
      await page.waitForURL(`${a.url}/platform/portals/yenthe/edit`);
      expect(await page.textContent(".notice--success")).toContain(
        `Đã tạo Cổng Thông tin điện tử huyện Yên Thế tại yenthe.${base}.`,
      );
      results.push(await check(page, "portal-edit"));
      // a footer line with HTML: content's 422, said beside the field, what was typed kept
      await page.fill("#addressVi", "Thị trấn Cầu Gồ <b>Yên Thế</b>");
      await page.fill("#personName", "Lê Văn Minh");
      await page.fill("#positionVi", "Chủ tịch UBND huyện Yên Thế");
      await page.click("#save");
      expect(await page.textContent("#addressVi-error")).toContain(
        "Địa chỉ cơ quan (tiếng Việt): chỉ một dòng, không quá 300 ký tự",
      );
      expect(await page.inputValue("#addressVi")).toBe("Thị trấn Cầu Gồ <b>Yên Thế</b>");
      results.push(await check(page, "portal-edit-error"));
      await page.fill("#addressVi", "Thị trấn Cầu Gồ, huyện Yên Thế, tỉnh Bắc Giang");
      await page.fill(
        "#licenceVi",
        "Giấy phép số 07/GP-STTTT do Sở Thông tin và Truyền thông tỉnh Bắc Giang cấp ngày 15/03/2023",
      );
      await page.check("#languages-0");
      await page.click("#save");
      await page.waitForURL(`${a.url}/platform/portals/yenthe/edit`);
      expect(await page.textContent(".notice--success")).toContain(
        "Đã lưu thông tin của Cổng Thông tin điện tử huyện Yên Thế.",
      );
      const saved = (await s.call("GET", "/portals/yenthe", "platform.admin")).body as {
        languages: string[];
        personInCharge?: { name: string };
      };
      expect(saved.languages).toEqual(["vi", "en"]);
      expect(saved.personInCharge?.name).toBe("Lê Văn Minh");
      results.push(await check(page, "portal-edit-saved"));
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
    expect(clean(results)).toEqual([]);
  });

  it("the auditor sees the list and a portal's facts with no action", async () => {
    const { context, page, errors } = await newPage(browser, 1280);
    const results: Result[] = [];
    try {
      await signIn(page, a.url, "auditor");
      await page.waitForURL((u) => u.href.startsWith(a.url));
      await page.goto(`${a.url}/platform/portals`);
      expect(await page.locator('a[href="/platform/portals/new"]').count()).toBe(0);
      results.push(await check(page, "portals-auditor"));
      await page.goto(`${a.url}/platform/portals/yenthe/edit`);
      expect(await page.locator("main form[method=post]").count()).toBe(0);
      expect(await page.textContent("main")).toContain("Lê Văn Minh, Chủ tịch UBND huyện Yên Thế");
      results.push(await check(page, "portal-auditor"));
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
    expect(clean(results)).toEqual([]);
  });
});
