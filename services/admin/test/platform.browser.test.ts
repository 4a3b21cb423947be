// The archive and the backups (issue 19 screens 3–4; R-RETAIN, R-BACKUP) in real Chromium (Debian's
// chromium via playwright-core) against the real archive (in-process, a real backup by its job),
// content and Keycloak's login page, as the technical focal unit's civil servant uses them: a fresh
// platform admin passes the one-time code set-up, searches the archive, places a legal hold with a
// reason (a too short one said beside the field), sees the held item survive the expiry run while
// another expires, lifts the hold, verifies the hash chain and sees the result — and a run going on
// elsewhere move its bar and end by itself (the progress island) —, sees the backups and runs a
// restore drill to its result. The auditor sees every screen with no action, and the forms they
// force anyway are refused. Every screen: axe-core WCAG 2.1 A/AA 0 violations, no sideways scroll
// at 320 px, screenshots at 1280 and 320 px in e2e/artifacts/admin-platform.
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { launch, newPage, setUpAuthenticator, signIn, tabTo } from "../../../e2e/test/admin-browser";
import {
  env as archiveEnv,
  backupScene,
  cli,
  published,
  type RunningArchive,
} from "../../archive/test/fixtures";
import { check as checkScreen, clean, type Result } from "./browser-checks";
import { createUser, kcAdmin, type RunningAdmin, type Services, startAdmin, startServices } from "./fixtures";

const SHOTS = path.resolve(__dirname, "../../../e2e/artifacts/admin-platform");
const PASSWORD = "Cong-Platform-Browser-2026!";
const username = `pltb-${Date.now().toString(36)}.admin`;
let userId = "";
let s: Services;
let arch: RunningArchive;
let a: RunningAdmin;
let browser: Browser;
let backupId = "";
const scene = backupScene("admin-platform-browser", "tanyen", 12);
const check = (page: Page, screen: string) => checkScreen(page, screen, SHOTS);

const items = [
  published("tanyen", {
    retentionClass: "permanent",
    kind: "legal-document",
    categoryIds: ["cat-van-ban-phap-luat"],
    title: "Quyết định số 36/2026/QĐ-UBND về quản lý Cổng thông tin điện tử",
    at: "2026-03-02T03:00:00.000Z",
  }),
  published("tanyen", {
    retentionClass: "limited-5y",
    title: "Thông báo tuyển dụng viên chức huyện Tân Yên năm 2026",
    at: "2026-03-05T03:00:00.000Z",
  }),
  published("stttt", {
    retentionClass: "limited-5y",
    title: "Hội nghị chuyển đổi số tỉnh Bắc Giang năm 2026",
    at: "2026-03-05T03:00:00.000Z",
  }),
];
const recruit = items[1] as (typeof items)[number];
const HOLD_REASON = "Phục vụ thanh tra theo Quyết định số 12/QĐ-TTr ngày 01/12/2026";

beforeAll(async () => {
  s = await startServices("admin-platform-browser");
  arch = await scene.setUp();
  for (const p of items) {
    await arch.archive.deps.records.onPublished(p.data);
    await arch.archive.store.archivePublished(p.data);
  }
  const r = cli(["backup", "--target", scene.dir], {
    MONGO_URL: archiveEnv.MONGO_URL,
    BACKUP_DATABASES: scene.portalDb,
    BACKUP_BUCKETS: arch.bucket,
  });
  if (r.status !== 0) throw new Error(`backup: ${r.stderr}`);
  backupId = r.stdout.trim();
  a = await startAdmin("admin-platform-browser", s, { ARCHIVE_API_URL: arch.base });
  userId = await createUser(username, PASSWORD, { realmRole: "platform-admin" });
  browser = await launch();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  if (userId) await kcAdmin("DELETE", `/users/${userId}`).catch(() => undefined);
  await a?.stop();
  await scene.tearDown(arch).catch(() => undefined);
  await s?.stop();
});

const main = (page: Page) => page.textContent("main");

describe("the archive and the backups in Chromium (issue 19 screens 3–4): axe-core 0 violations, 320 px reflow", () => {
  it("a platform admin searches, holds and lifts with a reason, verifies the chain, runs a restore drill", async () => {
    const { context, page, errors } = await newPage(browser, 1280);
    const results: Result[] = [];
    const db = arch.archive.svc.db;
    if (!db) throw new Error("no database");
    try {
      await signIn(page, a.url, username, PASSWORD);
      await setUpAuthenticator(page, `${a.url}/**`);
      await page.click('nav.nav a[href="/platform/archive"]');
      await page.waitForURL(`${a.url}/platform/archive`);
      expect(await page.locator("#archive-items tbody tr").count()).toBe(3);
      results.push(await check(page, "archive-search"));

      // words without diacritics find the Vietnamese title
      await page.fill("#q", "tuyen dung");
      await page.click("#filter");
      await page.waitForURL(/q=tuyen\+dung/);
      expect(await page.locator("#archive-items tbody tr").count()).toBe(1);
      results.push(await check(page, "archive-search-results"));

      // a hold with a reason, on a page of its own
      await page.click("#archive-items a[href*='/hold?']");
      await page.waitForURL(/\/hold\?/);
      expect(await page.textContent("h1")).toBe("Tạm giữ mục lưu trữ");
      results.push(await check(page, "archive-hold"));
      await page.fill("#reason", "TTr");
      await page.click("#place");
      expect(await page.textContent("#reason-error")).toContain("Nhập lý do, ít nhất 5 ký tự");
      expect(await page.inputValue("#reason")).toBe("TTr");
      results.push(await check(page, "archive-hold-error"));
      // by keyboard alone: to the reason, typed, then to the button and Enter
      await tabTo(page, "#reason");
      await page.keyboard.press("Control+A");
      await page.keyboard.type(HOLD_REASON);
      await tabTo(page, "#place");
      await page.keyboard.press("Enter");
      await page.waitForURL(/\/platform\/archive\?q=tuyen\+dung/);
      expect(await page.textContent(".notice--success")).toContain(
        "Đã tạm giữ “Thông báo tuyển dụng viên chức huyện Tân Yên năm 2026”.",
      );
      results.push(await check(page, "archive-held"));
      expect((await arch.archive.deps.records.get(recruit.itemId))?.hold?.reason).toBe(HOLD_REASON);

      // five years on: the held item stays, the other of the same day expires
      arch.clock.set("2031-03-06T01:00:00Z");
      expect((await arch.archive.deps.scheduler.runOnce()).lastResult).toEqual({
        expired: 1,
        held: 1,
        failed: 0,
      });
      await page.click('nav.subnav a[href="/platform/archive/expiring"]');
      await page.waitForURL(`${a.url}/platform/archive/expiring`);
      expect(await main(page)).toContain("Thông báo tuyển dụng viên chức huyện Tân Yên năm 2026");
      results.push(await check(page, "archive-expiring"));
      await page.click('nav.subnav a[href="/platform/archive/expired"]');
      await page.waitForURL(`${a.url}/platform/archive/expired`);
      expect(await main(page)).toContain("Hội nghị chuyển đổi số tỉnh Bắc Giang năm 2026");
      results.push(await check(page, "archive-expired"));
      await page.click('nav.subnav a[href="/platform/archive/holds"]');
      await page.waitForURL(`${a.url}/platform/archive/holds`);
      expect(await main(page)).toContain(HOLD_REASON);
      results.push(await check(page, "archive-holds"));

      // lifting it, with a reason
      await page.click("#archive-items a[href*='/hold?']");
      expect(await page.textContent("h1")).toBe("Gỡ tạm giữ mục lưu trữ");
      await page.fill("#reason", "Đã kết thúc thanh tra theo Kết luận số 05/KL-TTr");
      results.push(await check(page, "archive-release"));
      await page.click("#release");
      await page.waitForURL(`${a.url}/platform/archive/holds`);
      expect(await page.textContent(".notice--success")).toContain("Đã gỡ tạm giữ");
      expect(await main(page)).toContain("Không có mục nào đang bị tạm giữ.");
      expect((await arch.archive.deps.records.get(recruit.itemId))?.hold ?? null).toBeNull();

      // the hash chain, verified to its result
      await page.click('nav.subnav a[href="/platform/archive/verify"]');
      results.push(await check(page, "archive-verify"));
      await page.click("#verify-start");
      await page.waitForURL(/\/platform\/archive\/verify\/v[0-9a-z]+-[0-9a-f]{8}$/);
      // the island reloads the page once the run ended (or it ended before the page was drawn)
      await page.waitForSelector("text=Chuỗi băm nguyên vẹn: đã kiểm tra 3 bản lưu, không có sai lệch nào.", {
        timeout: 60_000,
      });
      results.push(await check(page, "archive-verify-result"));

      // a run of tanyen going on elsewhere: the start leads to it; its bar moves, it ends by itself
      const runId = `v${Date.now().toString(36)}-0badc0de`;
      const now = new Date();
      await arch.archive.runs.runs.insertOne({
        _id: runId,
        scope: "tanyen",
        portalId: "tanyen",
        status: "running",
        checked: 1,
        total: 3,
        problems: 0,
        firstBreak: null,
        mediaChecked: 0,
        mediaMissing: 0,
        error: null,
        startedBy: { id: "u-1", username: "platform.admin" },
        startedAt: now,
        updatedAt: now,
        finishedAt: null,
      });
      await db
        .collection<{ _id: string; runId: string; at: Date }>("jobs")
        .insertOne({ _id: "chain-verification-run:tanyen", runId, at: now });
      await page.goto(`${a.url}/platform/archive/verify`);
      await page.selectOption("#scope", "tanyen");
      await page.click("#verify-start");
      await page.waitForURL(`${a.url}/platform/archive/verify/${runId}`);
      expect(await page.textContent(".notice--info")).toContain("Đang có một lần kiểm tra cho phạm vi này");
      expect(await page.getAttribute("#run-progress-bar", "value")).toBe("1");
      expect(await page.textContent("#run-progress-text")).toBe("Đã kiểm tra 1/3 bản lưu (33%).");
      results.push(await check(page, "archive-verify-running"));
      await arch.archive.runs.runs.updateOne({ _id: runId }, { $set: { checked: 2, updatedAt: new Date() } });
      await page.waitForFunction(
        () => document.getElementById("run-progress-text")?.textContent === "Đã kiểm tra 2/3 bản lưu (66%).",
        undefined,
        { timeout: 30_000 },
      );
      expect(
        await page.evaluate(() => (document.getElementById("run-progress-bar") as HTMLProgressElement).value),
      ).toBe(2);
      await arch.archive.runs.runs.updateOne(
        { _id: runId },
        { $set: { status: "ok", checked: 3, updatedAt: new Date(), finishedAt: new Date() } },
      );
      await db
        .collection<{ _id: string } & Record<string, unknown>>("jobs")
        .deleteOne({ _id: "chain-verification-run:tanyen" });
      await page.waitForSelector("text=Chuỗi băm nguyên vẹn: đã kiểm tra 3 bản lưu", { timeout: 30_000 });

      // the backups, and a restore drill of one to its result
      await page.click('nav.nav a[href="/platform/backups"]');
      await page.waitForURL(`${a.url}/platform/backups`);
      expect(await main(page)).toContain("Đã kiểm tra, khớp");
      results.push(await check(page, "backups"));
      await page.click(`[id="drill-${backupId}"]`);
      await page.waitForURL(/\/platform\/backups\/drills\/d[0-9a-z]+-[0-9a-f]{8}$/);
      await page.waitForSelector(
        "text=Khôi phục thử đạt: số bản ghi của mọi bảng khớp, mọi tệp giống hệt từng byte.",
        { timeout: 120_000 },
      );
      expect(await page.locator("#drill-collections tbody tr").count()).toBeGreaterThan(0);
      results.push(await check(page, "backup-drill"));
      // a drill going on elsewhere: the button leads to it, its bar shows where it is
      const drillId = `d${Date.now().toString(36)}-0badc0de`;
      const at = new Date();
      await db.collection<{ _id: string } & Record<string, unknown>>("backup_drills").insertOne({
        _id: drillId,
        backupId,
        status: "running",
        done: 5,
        total: 12,
        collections: [],
        objects: { expected: 0, restored: 0, identical: 0, mismatched: [] },
        error: null,
        scratch: { databases: [], buckets: [] },
        startedBy: { id: "u-1", username: "platform.admin" },
        startedAt: at,
        updatedAt: at,
        finishedAt: null,
      });
      await db
        .collection<{ _id: string } & Record<string, unknown>>("jobs")
        .insertOne({ _id: "backup-drill-run", runId: drillId, at });
      await page.goto(`${a.url}/platform/backups`);
      results.push(await check(page, "backups-with-drill"));
      await page.click(`[id="drill-${backupId}"]`);
      await page.waitForURL(`${a.url}/platform/backups/drills/${drillId}`);
      expect(await page.textContent("#run-progress-text")).toBe("Đã khôi phục 5/12 phần (41%).");
      results.push(await check(page, "backup-drill-running"));
      await db.collection<{ _id: string } & Record<string, unknown>>("backup_drills").updateOne(
        { _id: drillId },
        {
          $set: {
            status: "failed",
            error: "Đã dừng để kiểm tra / stopped for the test",
            finishedAt: new Date(),
          },
        },
      );
      await db
        .collection<{ _id: string } & Record<string, unknown>>("jobs")
        .deleteOne({ _id: "backup-drill-run" });
      await page.waitForSelector("#drill-error", { timeout: 30_000 });
      expect(await page.textContent("#drill-error")).toBe("Đã dừng để kiểm tra");
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
      for (const [p, screen] of [
        ["/platform/archive", "archive-auditor"],
        ["/platform/archive/holds", ""],
        ["/platform/archive/expiring", ""],
        ["/platform/archive/expired", ""],
        ["/platform/archive/verify", "archive-verify-auditor"],
        ["/platform/backups", "backups-auditor"],
      ] as const) {
        await page.goto(`${a.url}${p}`);
        expect(await page.locator("main form[method=post]").count()).toBe(0);
        expect(await page.locator("main a[href*='/hold?']").count()).toBe(0);
        expect(await main(page)).toContain("Bạn đang xem với vai trò Kiểm tra, giám sát");
        if (screen) results.push(await check(page, screen));
      }
      // the drill and its result, no action
      await page.click("#drills a[href^='/platform/backups/drills/']");
      expect(await page.locator("main form[method=post]").count()).toBe(0);
      await page.goto(
        `${a.url}/platform/archive/items/${recruit.itemId}/hold?portalId=tanyen&title=${encodeURIComponent(recruit.data.snapshot.locales.vi?.title ?? "")}`,
      );
      expect(await page.locator("main form[method=post]").count()).toBe(0);
      results.push(await check(page, "archive-hold-auditor"));
      // forced: the admin refuses the hold (archive would take it), archive refuses the rest
      await force(`/platform/archive/items/${recruit.itemId}/hold`, {
        action: "place",
        portalId: "tanyen",
        title: recruit.data.snapshot.locales.vi?.title ?? "",
        reason: "Kiểm tra theo kế hoạch năm 2031",
      });
      expect(await page.textContent("main .notice--error")).toContain(
        "Tài khoản của bạn chỉ được xem kho lưu trữ, không tạm giữ hay gỡ tạm giữ được.",
      );
      results.push(await check(page, "archive-hold-auditor-refused"));
      expect((await arch.archive.deps.records.get(recruit.itemId))?.hold ?? null).toBeNull();
      await force("/platform/archive/verify", { portalId: "" });
      expect(await page.textContent("main .notice--error")).toContain(
        "Tài khoản của bạn không được chạy kiểm tra chuỗi băm.",
      );
      await page.goto(`${a.url}/platform/backups`);
      await force(`/platform/backups/${backupId}/drills`, {});
      expect(await page.textContent("main .notice--error")).toContain(
        "Tài khoản của bạn không được chạy thử khôi phục.",
      );
      results.push(await check(page, "backups-auditor-refused"));
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
    expect(clean(results)).toEqual([]);
  });
});
