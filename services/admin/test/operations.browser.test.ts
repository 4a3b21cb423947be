// Operations (issue 19 screen 5; R-OPS-247, R-SEC) in real Chromium (Debian's chromium via
// playwright-core) against the real archive (in-process, its clock at the test's start), content
// and Keycloak's login page, as the technical focal unit's civil servant uses it: a fresh platform
// admin passes the one-time code set-up, records an incident by keyboard alone (the problems said
// beside the fields first), finds it in the register, adds what was done, is shown the current
// incident beside their text when someone saved meanwhile and saves again over it, closes it, and
// reads the portals' availability. The auditor sees every screen with no action, and the forms
// they force are refused. Every screen: axe-core WCAG 2.1 A/AA 0 violations, no sideways scroll at
// 320 px, screenshots at 1280 and 320 px in e2e/artifacts/admin-operations.
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { axe, launch, newPage, setUpAuthenticator, signIn, tabTo } from "../../../e2e/test/admin-browser";
import { type RunningArchive, startArchive } from "../../archive/test/fixtures";
import { check as checkScreen, clean, type Result } from "./browser-checks";
import { createUser, kcAdmin, type RunningAdmin, type Services, startAdmin, startServices } from "./fixtures";
import { seedPortalProbe } from "./operations.fixtures";

const SHOTS = path.resolve(__dirname, "../../../e2e/artifacts/admin-operations");
const PASSWORD = "Cong-Operations-Browser-2026!";
const username = `opsb-${Date.now().toString(36)}.admin`;
let userId = "";
let s: Services;
let arch: RunningArchive;
let a: RunningAdmin;
let browser: Browser;
const check = (page: Page, screen: string) => checkScreen(page, screen, SHOTS);
const T0 = new Date(Math.floor(Date.now() / 60_000) * 60_000);
const HOUR = 3_600_000;
const pad = (n: number) => String(n).padStart(2, "0");
const vn = (d: Date) => {
  const v = new Date(d.getTime() + 7 * HOUR);
  return `${pad(v.getUTCDate())}/${pad(v.getUTCMonth() + 1)}/${v.getUTCFullYear()} ${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}`;
};
const OUTAGE = "Cổng huyện Tân Yên không truy cập được";
let outageId = "";

beforeAll(async () => {
  s = await startServices("admin-operations-browser");
  arch = await startArchive("admin-operations-browser", T0.toISOString());
  // a morning of the probe's samples, four minutes of them failed
  const samples = arch.archive.svc.db?.collection<{ _id: string; at: Date; ok: boolean; ms: number }>(
    "availability",
  );
  await samples?.insertMany(
    Array.from({ length: 240 }, (_, n) => {
      const at = new Date(T0.getTime() - (240 - n) * 60_000);
      return { _id: at.toISOString(), at, ok: !(n >= 60 && n < 64), ms: 35 };
    }),
  );
  // archive's probe of each portal's home page: tanyen up all morning, stttt down its last 12 minutes
  await seedPortalProbe(arch, T0, [
    { id: "tanyen", name: "Cổng Thông tin điện tử huyện Tân Yên", minutes: 240, failed: () => false },
    {
      id: "stttt",
      name: "Cổng Thông tin điện tử Sở Thông tin và Truyền thông",
      minutes: 240,
      failed: (n) => n >= 228,
    },
  ]);
  // what the register already holds: a closed outage of stttt last week, a security incident
  const by = { id: "u-1", username: "platform.admin" };
  const old = await arch.archive.incidents.create(
    {
      kind: "availability",
      portalIds: ["stttt"],
      title: "Cổng Sở Thông tin và Truyền thông chậm, nhiều trang không mở được",
      startedAt: new Date(T0.getTime() - 7 * 24 * HOUR),
      actions: "Tăng bộ nhớ cho máy chủ web.\nXoá bộ nhớ đệm.",
      notified: ["Ban biên tập Cổng Sở TT&TT"],
    },
    by,
    T0,
  );
  await arch.archive.incidents.update(
    old,
    1,
    { closedAt: new Date(T0.getTime() - 7 * 24 * HOUR + 90 * 60_000) },
    T0,
  );
  await arch.archive.incidents.create(
    {
      kind: "security",
      portalIds: [],
      title: "Dò mật khẩu hàng loạt vào trang đăng nhập quản trị",
      startedAt: new Date(T0.getTime() - 2 * 24 * HOUR),
      actions: "Chặn các địa chỉ dò mật khẩu.",
      notified: ["Văn phòng UBND tỉnh", "Công an tỉnh (PA05)"],
    },
    by,
    T0,
  );
  a = await startAdmin("admin-operations-browser", s, { ARCHIVE_API_URL: arch.base });
  userId = await createUser(username, PASSWORD, { realmRole: "platform-admin" });
  browser = await launch();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  if (userId) await kcAdmin("DELETE", `/users/${userId}`).catch(() => undefined);
  await a?.stop();
  await arch?.close();
  await s?.stop();
});

const main = (page: Page) => page.textContent("main");

describe("Operations in Chromium (issue 19 screen 5): axe-core 0 violations, 320 px reflow, keyboard", () => {
  it("a platform admin records an incident by keyboard, updates it, meets a stale save, closes it, reads availability", async () => {
    const { context, page, errors } = await newPage(browser, 1280);
    const results: Result[] = [];
    try {
      await signIn(page, a.url, username, PASSWORD);
      await setUpAuthenticator(page, `${a.url}/**`);
      await page.click('nav.nav a[href="/platform/operations"]');
      await page.waitForURL(`${a.url}/platform/operations`);
      expect(await page.locator("#incidents tbody tr").count()).toBe(2);
      results.push(await check(page, "incidents"));

      // a new incident, by keyboard alone: first sent empty, the problems beside the fields
      await tabTo(page, `a[href="/platform/operations/incidents/new"]`);
      await page.keyboard.press("Enter");
      await page.waitForURL(`${a.url}/platform/operations/incidents/new`);
      const filled = await page.inputValue("#startedAt");
      expect(filled).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
      results.push(await check(page, "incident-new"));
      await tabTo(page, "#create");
      await page.keyboard.press("Enter");
      await page.waitForSelector(".error-summary");
      expect(await page.textContent("#kind-error")).toBe("Chọn loại sự cố.");
      expect(await page.textContent("#portalId-error")).toBe("Chọn cổng bị ảnh hưởng, hoặc “Toàn nền tảng”.");
      expect(await page.textContent("#title-error")).toBe("Nhập tóm tắt sự cố.");
      // the summary takes the focus; its links lead to the fields
      expect(await page.evaluate(() => document.activeElement?.classList.contains("error-summary"))).toBe(
        true,
      );
      results.push(await check(page, "incident-new-errors"));
      await tabTo(page, "#kind-availability");
      await page.keyboard.press("Space");
      expect(await page.isChecked("#kind-availability")).toBe(true);
      await tabTo(page, "#portalId");
      await page.selectOption("#portalId", "tanyen");
      await tabTo(page, "#title");
      await page.keyboard.type(OUTAGE);
      await tabTo(page, "#startedAt");
      await page.keyboard.press("Control+A");
      await page.keyboard.type(vn(new Date(T0.getTime() - 3 * HOUR)));
      await tabTo(page, "#actions");
      await page.keyboard.type("Kiểm tra máy chủ web của cổng.");
      await tabTo(page, "#notified");
      await page.keyboard.type("Văn phòng UBND tỉnh; Ban biên tập Cổng huyện Tân Yên");
      await tabTo(page, "#create");
      await page.keyboard.press("Enter");
      await page.waitForURL(/\/platform\/operations\/incidents\/i[0-9a-z]{9}-[0-9a-f]{8}$/);
      outageId = page.url().split("/").pop() ?? "";
      expect(await page.textContent(".notice--success")).toBe(
        `Đã ghi sự cố “${OUTAGE}”. Đơn vị đầu mối kỹ thuật (Sở Thông tin và Truyền thông) được báo ngay qua thư điện tử.`,
      );
      expect(await page.textContent("h1")).toBe(OUTAGE);
      results.push(await check(page, "incident-recorded"));
      expect(await arch.archive.incidents.get(outageId)).toMatchObject({
        portalIds: ["tanyen"],
        notified: ["Văn phòng UBND tỉnh", "Ban biên tập Cổng huyện Tân Yên"],
      });

      // in the register, newest first; tanyen's filter keeps it and the whole platform's
      await page.click('nav.breadcrumbs a[href="/platform/operations"]');
      expect(await page.locator("#incidents tbody tr").count()).toBe(3);
      expect(await page.textContent("#incidents tbody tr:first-child")).toContain(OUTAGE);
      await page.selectOption("#portalId", "tanyen");
      await page.click("#filter");
      await page.waitForURL(/portalId=tanyen/);
      expect(await page.locator("#incidents tbody tr").count()).toBe(2);
      results.push(await check(page, "incidents-filtered"));

      // what was done, added; then someone saves meanwhile and this save meets the newer version
      await page.click(`#incidents a[href="/platform/operations/incidents/${outageId}"]`);
      await page.waitForURL(`${a.url}/platform/operations/incidents/${outageId}`);
      await page.fill("#actions", "Kiểm tra máy chủ web của cổng.\nKhởi động lại dịch vụ xuất bản.");
      await page.click("#save-button");
      await page.waitForSelector(".notice--success");
      expect(await page.textContent(".notice--success")).toBe(`Đã lưu sự cố “${OUTAGE}”.`);
      const now = await arch.archive.incidents.get(outageId);
      if (!now) throw new Error("no incident");
      await arch.archive.incidents.update(
        now,
        now.version,
        { notified: [...now.notified, "Công an tỉnh"] },
        T0,
      );
      const mine =
        "Kiểm tra máy chủ web của cổng.\nKhởi động lại dịch vụ xuất bản.\nChuyển sang máy chủ dự phòng.";
      await page.fill("#actions", mine);
      await page.click("#save-button");
      await page.waitForSelector("#conflict");
      expect(await page.textContent("#conflict")).toContain("Người khác đã lưu bản này lúc");
      expect(await page.textContent("#conflict")).toContain("Công an tỉnh");
      expect(await page.inputValue("#actions")).toBe(mine);
      results.push(await check(page, "incident-stale"));
      await page.click('#conflict a[href="#save-button"]');
      await page.click("#save-button");
      await page.waitForSelector(".notice--success");
      expect((await arch.archive.incidents.get(outageId))?.actions).toBe(mine);

      // closed: its end before the start is refused beside the field, then it is closed
      await page.fill("#closedAt", vn(new Date(T0.getTime() - 4 * HOUR)));
      await page.click("#save-button");
      expect(await page.textContent("#closedAt-error")).toContain(
        "Thời điểm kết thúc phải sau thời điểm bắt đầu",
      );
      results.push(await check(page, "incident-close-error"));
      await page.fill("#closedAt", vn(new Date(T0.getTime() - HOUR)));
      await page.click("#save-button");
      await page.waitForSelector(".notice--success");
      expect(await page.textContent(".notice--success")).toBe(
        `Đã đóng sự cố “${OUTAGE}”. Sự cố đã đóng không sửa được nữa.`,
      );
      expect(await page.locator("main form[method=post]").count()).toBe(0);
      results.push(await check(page, "incident-closed"));

      // availability: the probe's figure and each portal's, in words
      await page.goto(`${a.url}/platform/operations`);
      await page.click('nav.subnav a[href="/platform/operations/availability"]');
      await page.waitForURL(`${a.url}/platform/operations/availability`);
      expect(await page.textContent("#probe tbody tr:first-child")).toContain("98,33%");
      expect(await page.textContent("#portal-availability")).toContain("gián đoạn 2 giờ (1 sự cố)");
      // the open security incident is no outage: no portal has one going on
      expect(await page.locator("#portal-availability .tag--red").count()).toBe(0);
      // each portal's home page (R-OPS-247): stttt down since 12 minutes while tanyen is up
      const probed = async (name: string) =>
        // biome-ignore lint/performance/useDomNodeTextContent: the text as laid out is what a person reads
        (await page.locator("#portal-probe tbody tr", { hasText: name }).first().innerText()).replace(
          /\s+/g,
          " ",
        );
      expect(await probed("huyện Tân Yên")).toMatch(
        /100% 240 lần, trong đó 0 lần không trả lời không có gián đoạn/,
      );
      expect(await probed("Sở Thông tin và Truyền thông")).toContain(
        `95% 240 lần, trong đó 12 lần không trả lời Gián đoạn dài nhất: từ ${vn(new Date(T0.getTime() - 12 * 60_000))}, 11 phút (chưa khôi phục)`,
      );
      results.push(await check(page, "availability"));
      // and at 1366 px, the console's usual laptop: axe-core again, nothing sideways, a screenshot
      await page.setViewportSize({ width: 1366, height: 900 });
      expect(await axe(page)).toEqual([]);
      expect(
        await page.evaluate(
          () => document.documentElement.scrollWidth <= document.documentElement.clientWidth,
        ),
      ).toBe(true);
      await page.screenshot({ path: `${SHOTS}/availability-1366.png`, fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
    expect(clean(results)).toEqual([]);
  });

  it("the auditor sees every screen with no action; the forms they force are refused", async () => {
    const { context, page, errors } = await newPage(browser, 1280);
    const results: Result[] = [];
    /** a form posted from the auditor's page, as a person with the browser's tools would */
    const force = (action: string, fields: Record<string, string>) =>
      Promise.all([
        page.waitForNavigation(),
        page.evaluate(
          ([to, values]) => {
            const f = document.createElement("form");
            f.method = "post";
            f.action = to as string;
            for (const [k, v] of Object.entries({
              ...(values as Record<string, string>),
              _csrf: document.body.dataset.csrf ?? "",
            })) {
              const i = document.createElement("input");
              i.type = "hidden";
              i.name = k;
              i.value = v;
              f.append(i);
            }
            document.body.append(f);
            f.submit();
          },
          [action, fields] as const,
        ),
      ]);
    try {
      await signIn(page, a.url, "auditor");
      await page.waitForURL((u) => u.href.startsWith(a.url));
      const open = (await arch.archive.incidents.list({ limit: 5 })).find((i) => !i.closedAt);
      for (const [p, screen] of [
        ["/platform/operations", "incidents-auditor"],
        [`/platform/operations/incidents/${open?._id}`, "incident-auditor"],
        [`/platform/operations/incidents/${outageId}`, ""],
        ["/platform/operations/incidents/new", "incident-new-auditor"],
        ["/platform/operations/availability", "availability-auditor"],
      ] as const) {
        await page.goto(`${a.url}${p}`);
        expect(await page.locator("main form[method=post]").count()).toBe(0);
        expect(await page.locator("main a[href='/platform/operations/incidents/new']").count()).toBe(0);
        expect(await main(page)).toContain("Bạn đang xem với vai trò Kiểm tra, giám sát");
        if (screen) results.push(await check(page, screen));
      }
      const before = await arch.archive.incidents.incidents.countDocuments({});
      await force("/platform/operations/incidents", {
        kind: "security",
        portalId: "*",
        title: "Thử ghi sự cố",
        startedAt: vn(new Date(T0.getTime() - HOUR)),
      });
      expect(await page.textContent("main .notice--error")).toContain(
        "Tài khoản của bạn không được ghi hay sửa sự cố.",
      );
      results.push(await check(page, "incident-auditor-refused"));
      expect(await arch.archive.incidents.incidents.countDocuments({})).toBe(before);
      await page.goto(`${a.url}/platform/operations/incidents/${open?._id}`);
      await force(`/platform/operations/incidents/${open?._id}`, {
        version: String(open?.version ?? 1),
        title: open?.title ?? "",
        actions: "",
        notified: "",
        closedAt: vn(new Date(T0.getTime() - HOUR)),
      });
      expect(await page.textContent("main .notice--error")).toContain(
        "Tài khoản của bạn không được ghi hay sửa sự cố.",
      );
      expect((await arch.archive.incidents.get(open?._id ?? ""))?.closedAt).toBeNull();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
    expect(clean(results)).toEqual([]);
  });
});
