// The Portals screen (issue 19 screen 1; R-DOM, R-AGENCY) in real Chromium (Debian's chromium via
// playwright-core) against the real content service and Keycloak's login page, as a civil
// servant of the technical focal unit uses it: a fresh platform admin passes the one-time code
// set-up, types "huyện Yên Thế" and sees `yenthe` proposed at once (the island), sees a clash
// said as "huyện Tân Yên" is typed, creates the portal, has a footer line with HTML refused beside
// the field, saves the footer facts; the auditor sees the same pages with no action. Every screen:
// axe-core WCAG 2.1 A/AA 0 violations, no sideways scroll at 320 px, screenshots at 1280 and 320 px
// in e2e/artifacts/admin-portals. Then the banner's emblem chosen among tanyen's own images and
// the home page's service links typed, a javascript: address refused beside its field (issue 17).
import path from "node:path";
import { demoToken, waitFor } from "@cong/testing";
import type { Browser, Page } from "playwright-core";
import { launch, newPage, setUpAuthenticator, signIn, tabTo } from "../../../e2e/test/admin-browser";
import { photoWithGps } from "../../media/test/samples";
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

/** Two images in tanyen's library, uploaded by its focal officer straight to media, once ready. */
async function tanyenImages(): Promise<string[]> {
  const token = await demoToken("tanyen.focal-officer");
  const ids: string[] = [];
  for (const [width, title, alt] of [
    [400, "Biểu trưng huyện Tân Yên", "Biểu trưng huyện Tân Yên: ngọn núi và dòng sông trên nền xanh"],
    [480, "Ảnh hội nghị", "Hội nghị tổng kết năm của huyện Tân Yên"],
  ] as const) {
    const fd = new FormData();
    fd.append("title", title);
    fd.append("altText", alt);
    fd.append(
      "file",
      new Blob([new Uint8Array(await photoWithGps(width, 300))], { type: "image/jpeg" }),
      "anh.jpg",
    );
    const up = await fetch(`${s.media.base}/portals/tanyen/assets`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
      body: fd,
    });
    expect(up.status).toBe(201);
    ids.push(((await up.json()) as { id: string }).id);
  }
  for (const id of ids)
    await waitFor(
      async () => {
        const r = await fetch(`${s.media.base}/portals/tanyen/assets/${id}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        return ((await r.json()) as { status: string }).status === "ready" || undefined;
      },
      { what: "the image processed", timeoutMs: 60_000 },
    );
  return ids;
}

describe("Portals in Chromium (issue 19 screen 1): axe-core 0 violations, 320 px reflow", () => {
  it("a platform admin creates huyện Yên Thế with its subdomain proposed as typed, then its footer facts, then tanyen's emblem and service links", async () => {
    const ids = await tanyenImages();
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
      // tanyen's banner emblem chosen among its own images, its online public services typed
      await page.goto(`${a.url}/platform/portals/tanyen/edit`);
      await page.check(`#emblem-${ids[0]}`);
      await page.fill("#link0Vi", "Cổng Dịch vụ công tỉnh Bắc Giang");
      await page.fill("#link0En", "Bac Giang public services");
      await page.fill("#link0Url", "https://dichvucong.bacgiang.gov.vn");
      await page.fill("#link1Vi", "Tra cứu hồ sơ");
      await page.fill("#link1Url", "javascript:alert(1)");
      await page.click("#save");
      expect(await page.textContent("#link1Url-error")).toContain(
        "Nhập địa chỉ đầy đủ bắt đầu bằng https:// hoặc http://",
      );
      results.push(await check(page, "portal-edit-links-error"));
      await page.fill("#link1Url", "https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html");
      await page.click("#save");
      await page.waitForURL(`${a.url}/platform/portals/tanyen/edit`);
      expect(await page.textContent(".notice--success")).toContain("Đã lưu thông tin của");
      const tanyen = (await s.call("GET", "/portals/tanyen", "platform.admin")).body as {
        emblem?: { assetId: string };
        serviceLinks?: unknown[];
      };
      expect(tanyen.emblem).toEqual({ assetId: ids[0] });
      expect(tanyen.serviceLinks).toHaveLength(2);
      // the emblem is shown: the image loaded (not a broken picture)
      const shown = await page
        .locator(".emblem-current img")
        .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0);
      expect(shown).toBe(true);
      results.push(await check(page, "portal-edit-emblem"));
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
    expect(clean(results)).toEqual([]);
  }, 240_000);

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
      await page.goto(`${a.url}/platform/portals/tanyen/edit`);
      expect(await page.locator("main form[method=post]").count()).toBe(0);
      expect(await page.textContent("main")).toContain("Cổng Dịch vụ công tỉnh Bắc Giang");
      expect(await page.locator(".emblem-current img").count()).toBe(1);
      results.push(await check(page, "portal-auditor-emblem"));
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
    expect(clean(results)).toEqual([]);
  });
});
