// The platform team's console end to end in a real browser (issue 19 "Done when"; R-DOM, R-AGENCY,
// R-ORG, R-ACCOUNT, R-RETAIN, R-BACKUP, R-OPS-247), on Keycloak's real login page with the
// one-time code and the real services sharing one topic prefix: identity on the shared realm (its
// mailer on the local Mailpit), content, media, publishing, archive (its mailer on Mailpit too)
// and the admin. A platform admin of the technical focal unit — an account made for the run with
// the demo `platform.admin`'s realm role `platform-admin`, through the same browser flow, setting
// up its one-time code on Keycloak's page — creates the district portal "huyện Yên Thế", which
// gets `yenthe` and is then served at
// http://yenthe.bacgiang.localhost:<port>/; invites a person (the mail in Mailpit), who accepts
// on the link's page, is appointed its focal officer and, signed in, sees only that portal; hands
// the focal officer's account over to a successor and the drafts move; places a legal hold that
// keeps an item through the expiry run; runs a restore drill to equal counts; records an incident,
// which is mailed to the technical focal unit and appears in that portal's half-year report.
// Screenshots in e2e/artifacts/platform-console; every screen checked with axe-core and at 320 px.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Topics, toKafkaMessage } from "@cong/contracts";
import { mailpit, repoRoot, serverEnv, uniqueName, waitFor } from "@cong/testing";
import type { Browser, Page } from "playwright-core";
import { createUser, kcAdmin, type RunningAdmin, startAdmin } from "../../services/admin/test/fixtures";
import { cli, published, type RunningArchive, startArchive } from "../../services/archive/test/fixtures";
import * as extras from "../../services/content/src/extras";
import {
  client as contentClient,
  createPortals,
  type Running,
  start as startContent,
  testConfig,
} from "../../services/content/test/helpers";
import { api, type RunningIdentity, startIdentity, token } from "../../services/identity/test/fixtures";
import { type RunningMedia, startMedia } from "../../services/media/test/fixtures";
import { type Harness, startHarness } from "../../services/publishing/test/helpers";
import { launch, newPage, ScreenChecks, setUpAuthenticator, signIn } from "./admin-browser";

const SHOTS = path.join(repoRoot(), "e2e/artifacts/platform-console");
const env = serverEnv();
jest.setTimeout(600_000);
const mp = mailpit();
const run = uniqueName("console");
const stamp = Date.now().toString(36);
const REALM = env.KEYCLOAK_REALM ?? "bacgiang";
// not the demo `platform.admin` itself: once it has an authenticator, Keycloak's direct grant asks
// for its code too, and the other suites' password grants of `platform.admin` fail meanwhile
const ADMIN = { username: `console-${stamp}.admin`, password: "Cong-Console-Browser-2026!" };
const INVITED = {
  username: `console-${stamp}.dau-moi`,
  email: `console.${stamp}.dau.moi@bacgiang.localhost`,
  password: "Yên-Thế-Đầu-Mối-2026!",
};
const SUCCESSOR = { username: `console-${stamp}.ke-nhiem`, password: "Cong-Console-Successor-2026!" };
const TECH_UNIT = `console.${stamp}.sotttt@bacgiang.localhost`;
const DRAFT = `Kế hoạch tổ chức Lễ hội Yên Thế năm 2027 (${run})`;
const HELD = "Quyết định thành lập Ban chỉ đạo chuyển đổi số huyện Yên Thế";
const EXPIRING = "Thông báo tuyển dụng viên chức huyện Yên Thế năm 2026";
const HOLD_REASON = "Phục vụ thanh tra theo Quyết định số 12/QĐ-TTr ngày 01/12/2026";
const INCIDENT = `Cổng huyện Yên Thế không truy cập được do lỗi cấu hình máy chủ (${stamp})`;

let identity: RunningIdentity;
let media: RunningMedia;
let content: Running;
let pub: Harness;
let arch: RunningArchive;
let a: RunningAdmin;
let browser: Browser;
let prefix = "";
let base = "";
let contentDb = "";
/** the portals' domain in content (the subdomain the admin proposes is under it) */
let domain = "";
const backupDir = fs.mkdtempSync(path.join(os.tmpdir(), "cong-console-backup-"));
const userIds: string[] = [];
let successorId = "";
const checks = new ScreenChecks();

beforeAll(async () => {
  expect(env.SMTP_URL).toBeTruthy();
  identity = await startIdentity(REALM);
  prefix = identity.prefix;
  media = await startMedia("e2e-console", { KAFKA_TOPIC_PREFIX: prefix });
  const contentCfg = testConfig("e2e-console", { KAFKA_TOPIC_PREFIX: prefix });
  contentDb = new URL(contentCfg.MONGO_URL).pathname.slice(1);
  content = await startContent({ ...contentCfg, MEDIA_API_URL: media.base }, { extras });
  const call = contentClient(() => content.base);
  await createPortals(call, ["stttt"]);
  // the province's portal is at the domain itself (createPortals makes it too)
  domain = ((await call("GET", "/portals/bacgiang", "platform.admin")).body as { host: string }).host;
  pub = await startHarness("e2e-console", {
    KAFKA_TOPIC_PREFIX: prefix,
    CONTENT_API_URL: content.base,
    MEDIA_PUBLIC_URL: media.base,
  });
  base = `bacgiang.localhost:${pub.pub.port}`;
  arch = await startArchive("e2e-console", new Date().toISOString(), {
    KAFKA_TOPIC_PREFIX: prefix,
    BACKUP_TARGET: backupDir,
    SMTP_URL: env.SMTP_URL ?? "",
    SMTP_RETRY_MAX_MS: 1000,
    TECH_UNIT_MAILBOX: TECH_UNIT,
  } as Record<string, unknown>);
  a = await startAdmin(
    "e2e-console",
    { content, media },
    { PUBLIC_DOMAIN: base, IDENTITY_API_URL: identity.base, ARCHIVE_API_URL: arch.base },
  );
  userIds.push(await createUser(ADMIN.username, ADMIN.password, { realmRole: "platform-admin" }));
  successorId = await createUser(SUCCESSOR.username, SUCCESSOR.password);
  userIds.push(successorId);
  browser = await launch();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  const invited = (await (await kcAdmin("GET", `/users?exact=true&username=${INVITED.username}`)).json()) as {
    id: string;
  }[];
  for (const id of [...userIds, ...invited.map((u) => u.id)])
    await kcAdmin("DELETE", `/users/${id}`).catch(() => undefined);
  await a?.stop();
  await arch?.close();
  await pub?.close();
  await content?.stop();
  await media?.close();
  await identity?.close();
  fs.rmSync(backupDir, { recursive: true, force: true });
});

const main = async (page: Page) => (await page.textContent("main")) ?? "";
const shot = (page: Page, name: string) => {
  fs.mkdirSync(SHOTS, { recursive: true });
  return page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
};
/** axe-core, reflow at 320 px, screenshots at 1366 and 390 px */
const check = (page: Page, name: string) => checks.check(page, name, SHOTS);

describe("the platform team's console from a new portal to its report (issue 19)", () => {
  let adminPage: Page;
  let closeAdmin: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    const { page, context } = await newPage(browser, 1280);
    adminPage = page;
    closeAdmin = () => context.close();
    await signIn(page, a.url, ADMIN.username, ADMIN.password);
    await setUpAuthenticator(page, `${a.url}/**`);
  }, 120_000);
  afterAll(async () => closeAdmin());

  it("R-DOM: huyện Yên Thế gets `yenthe` and the portal answers at yenthe.bacgiang.localhost", async () => {
    const page = adminPage;
    await page.goto(`${a.url}/platform/portals/new`);
    await page.check("#kind-1");
    await page.locator("#unit").pressSequentially("huyện Yên Thế");
    expect(await page.textContent("#subdomain-preview")).toBe(`Tên miền sẽ là yenthe.${domain}`);
    await page.fill("#boardMailbox", "banbientap@yenthe.bacgiang.gov.vn");
    await page.fill("#hotline", "0204 3876 123");
    await check(page, "portal-new");
    await page.click("#create");
    await page.waitForURL(`${a.url}/platform/portals/yenthe/edit`);
    expect(await page.textContent(".notice--success")).toContain(
      `Đã tạo Cổng Thông tin điện tử huyện Yên Thế tại yenthe.${domain}.`,
    );
    // publishing learns of it through Kafka and serves its home page on its own host
    const home = await waitFor(
      async () => {
        const r = await pub.get("yenthe.bacgiang.localhost", "/");
        return r.status === 200 && r.body.includes("Yên Thế") ? r : undefined;
      },
      { timeoutMs: 60_000, what: "the yenthe portal's home page" },
    );
    expect(home.body).toContain("Cổng Thông tin điện tử huyện Yên Thế");
    const { page: citizen, context } = await newPage(browser, 1280);
    try {
      await citizen.goto(`http://yenthe.${base}/`);
      expect(await citizen.textContent("h1, .site-title, header")).toContain("Yên Thế");
      await shot(citizen, "yenthe-home");
    } finally {
      await context.close();
    }
  });

  it("R-ACCOUNT, R-AGENCY: a person invited by mail accepts, is appointed focal officer and sees only yenthe", async () => {
    const page = adminPage;
    await page.goto(`${a.url}/p/yenthe/people/invite`);
    if (!(await page.locator("#lastName").count())) throw new Error(`no invite form: ${await main(page)}`);
    await page.fill("#lastName", "Hoàng Văn");
    await page.fill("#firstName", "Nam");
    await page.fill("#email", INVITED.email);
    await page.fill("#username", INVITED.username);
    await page.selectOption("#role", "focal-officer");
    await page.click("#invite");
    await page.waitForURL(`${a.url}/p/yenthe/people/invite`);
    expect(await page.textContent(".notice--success")).toContain("Đã gửi thư mời tới");
    await check(page, "people-invited");

    // the mail, in Mailpit: its link opens the admin's page where the invited person sets a password
    const [mail] = await mp.waitForMail(INVITED.email, { timeoutMs: 60_000 });
    const message = await mp.message(mail?.ID ?? "");
    const link = /https?:\/\/\S+\/invitations\/([A-Za-z0-9_-]+)/.exec(message.Text);
    expect(link).not.toBeNull();
    const { page: invited, context, errors } = await newPage(browser, 1280);
    try {
      await invited.goto(`${a.url}/invitations/${link?.[1]}`);
      expect(await invited.textContent("h1")).toContain("Nhận lời mời");
      await check(invited, "invitation");
      await invited.fill("#password", "ngan");
      await invited.fill("#confirm", "ngan");
      await invited.click("#accept");
      await invited.waitForLoadState("load");
      if (!(await invited.locator("#password-error").count()))
        throw new Error(`no password error at ${invited.url()}: ${(await invited.content()).slice(0, 3000)}`);
      expect(await invited.textContent("#password-error")).toContain("Mật khẩu chưa đạt");
      await check(invited, "invitation-error");
      await invited.fill("#password", INVITED.password);
      await invited.fill("#confirm", INVITED.password);
      await invited.click("#accept");
      await invited.waitForSelector(".notice--success");
      expect(await invited.textContent(".notice--success")).toContain("Đã đặt mật khẩu");
      await check(invited, "invitation-accepted");
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }

    // appointed the portal's focal officer (the PPC Office and the Department are told by mail)
    await page.goto(`${a.url}/p/yenthe/people`);
    await page.fill("#focal-username", INVITED.username);
    await page.click("#appoint");
    await page.waitForURL(`${a.url}/p/yenthe/people`);
    expect(await page.textContent("#focal-current")).toContain(INVITED.username);
    await check(page, "people-focal-officer");

    // signed in, the focal officer has yenthe and nothing else
    const { page: officer, context: oc } = await newPage(browser, 1280);
    try {
      await signIn(officer, a.url, INVITED.username, INVITED.password);
      await officer.waitForURL(`${a.url}/p/yenthe/`);
      const portals = await officer
        .locator("a[href^='/p/']")
        .evaluateAll((as) => [...new Set(as.map((x) => (x.getAttribute("href") ?? "").split("/")[2]))]);
      expect(portals).toEqual(["yenthe"]);
      const other = await officer.goto(`${a.url}/p/stttt/`);
      expect(other?.status()).toBe(403);
      await check(officer, "focal-officer-forbidden-elsewhere");
    } finally {
      await oc.close();
    }
  });

  it("R-ACCOUNT: the focal officer's account is handed over and the drafts move to the successor", async () => {
    const toContent = api(content.base);
    const leaving = await token(REALM, INVITED.username, INVITED.password);
    const draft = await toContent("POST", "/portals/yenthe/items", leaving, {
      kind: "article",
      categoryIds: ["cat-tin-tuc-su-kien"],
      locales: { vi: { title: DRAFT, bodyHtml: "<p>Lễ hội diễn ra tại khu di tích Hoàng Hoa Thám.</p>" } },
    });
    expect(draft.status).toBe(201);
    const page = adminPage;
    await page.goto(`${a.url}/p/yenthe/people/handover`);
    await page.fill("#from", INVITED.username);
    await page.fill("#to", SUCCESSOR.username);
    await page.fill("#reason", "Chuyển công tác theo Quyết định số 45/QĐ-UBND ngày 01/12/2026");
    await page.click("#handover-review");
    expect(await page.textContent("#handover-statement")).toContain(SUCCESSOR.username);
    await check(page, "handover-review");
    await page.click("#handover-confirm");
    await page.waitForSelector(".notice--success");
    await check(page, "handover-done");
    // the successor now holds the focal officer's role on yenthe and reads the draft as its owner
    const reader = await token(REALM, SUCCESSOR.username, SUCCESSOR.password);
    const owner = await waitFor(
      async () => {
        const item = await toContent("GET", `/portals/yenthe/items/${draft.body.itemId}`, reader);
        return item.body.owner?.id === successorId ? item.body.owner : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: "the draft owned by the successor" },
    );
    expect(owner.username).toBe(SUCCESSOR.username);
    const old = (await (await kcAdmin("GET", `/users?exact=true&username=${INVITED.username}`)).json()) as {
      enabled: boolean;
    }[];
    expect(old[0]?.enabled).toBe(false);
  });

  it("R-RETAIN: a legal hold keeps a yenthe item through the expiry run", async () => {
    const held = published("yenthe", { title: HELD, at: "2026-03-02T03:00:00.000Z" });
    const expiring = published("yenthe", { title: EXPIRING, at: "2026-03-02T03:00:00.000Z" });
    // what content publishes reaches archive through Kafka
    for (const p of [held, expiring])
      await arch.producer.send({ topic: `${prefix}${Topics.content}`, messages: [toKafkaMessage(p.event)] });
    await waitFor(
      async () =>
        (await arch.archive.deps.records.get(held.itemId)) &&
        (await arch.archive.deps.records.get(expiring.itemId)),
      { timeoutMs: 60_000, what: "both items in the archive" },
    );
    const page = adminPage;
    await page.goto(`${a.url}/platform/archive?q=${encodeURIComponent("ban chi dao")}`);
    await page.click("#archive-items a[href*='/hold?']");
    await page.waitForURL(/\/hold\?/);
    await page.fill("#reason", HOLD_REASON);
    await page.click("#place");
    await page.waitForSelector(".notice--success");
    expect(await page.textContent(".notice--success")).toContain(`Đã tạm giữ “${HELD}”.`);
    await check(page, "archive-held");
    arch.clock.set("2031-03-03T01:00:00Z");
    const result = (await arch.archive.deps.scheduler.runOnce()).lastResult;
    expect(result).toMatchObject({ held: 1, failed: 0 });
    expect((await arch.archive.deps.records.get(held.itemId))?.expiredAt ?? null).toBeNull();
    expect((await arch.archive.deps.records.get(expiring.itemId))?.expiredAt).toBeTruthy();
    arch.clock.set(new Date().toISOString());
    await page.goto(`${a.url}/platform/archive/holds`);
    expect(await main(page)).toContain(HOLD_REASON);
    await check(page, "archive-holds");
  });

  it("R-BACKUP: a restore drill of the last backup completes with equal counts", async () => {
    const r = cli(["backup", "--target", backupDir], {
      MONGO_URL: env.MONGO_URL,
      BACKUP_DATABASES: contentDb,
      BACKUP_BUCKETS: arch.bucket,
    });
    if (r.status !== 0) throw new Error(`backup: ${r.stderr}`);
    const backupId = r.stdout.trim();
    const page = adminPage;
    await page.goto(`${a.url}/platform/backups`);
    expect(await main(page)).toContain("Đã kiểm tra, khớp");
    await check(page, "backups");
    await page.click(`[id="drill-${backupId}"]`);
    await page.waitForURL(/\/platform\/backups\/drills\/d[0-9a-z]+-[0-9a-f]{8}$/);
    await page.waitForSelector(
      "text=Khôi phục thử đạt: số bản ghi của mọi bảng khớp, mọi tệp giống hệt từng byte.",
      { timeout: 180_000 },
    );
    expect(await page.locator("#drill-collections tbody tr").count()).toBeGreaterThan(0);
    await check(page, "backup-drill");
  });

  it("R-OPS-247: an incident is recorded, mailed to the technical focal unit and in yenthe's report", async () => {
    const page = adminPage;
    // archive's clock, stood five years ahead for the expiry run, is now again (a start later than
    // archive's now is refused as in the future)
    arch.clock.set(new Date().toISOString());
    await page.goto(`${a.url}/platform/operations/incidents/new`);
    await page.check("#kind-availability");
    await page.selectOption("#portalId", "yenthe");
    await page.fill("#title", INCIDENT);
    await page.fill("#actions", "Khôi phục cấu hình máy chủ web từ bản sao lưu, kiểm tra lại chứng chỉ TLS.");
    await page.fill("#notified", "Văn phòng UBND tỉnh; Sở Thông tin và Truyền thông");
    await check(page, "incident-new");
    await page.click("#create");
    await page.waitForSelector(".notice--success");
    await check(page, "incident-recorded");
    const [mail] = await mp.waitForMail(TECH_UNIT, { timeoutMs: 60_000 });
    expect(mail?.Subject).toMatch(/sự cố/i);
    expect((await mp.message(mail?.ID ?? "")).Text).toContain(INCIDENT);
    const period = new Date().getUTCMonth() < 6 ? "H1" : "H2";
    await page.goto(`${a.url}/p/yenthe/reports?period=${new Date().getUTCFullYear()}-${period}`);
    expect(await main(page)).toContain(INCIDENT);
    await check(page, "report-with-incident");
    expect(checks.failures()).toEqual([]);
  });
});
