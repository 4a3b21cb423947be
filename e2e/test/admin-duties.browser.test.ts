// The board's and the agencies' other duties in a real browser (issue 18 "Done when"; R-FEEDBACK,
// R-BOARD, R-PII, R-AGENCY, R-CONTENT, R-SUBMIT, R-ADS, R-REPORT), on Keycloak's real login page and
// the real services sharing one topic prefix: identity (the portal's focal officers, the board
// roster), content with its mailer on the local Mailpit, media, publishing (the tanyen portal),
// archive (the reports) and the admin. A citizen sends a question on the tanyen portal with an
// e-mail address; the board sees it in the inbox with its due date and assigns it to the focal
// officer, who answers it; Mailpit holds the answer once; the answer, published as a Q&A, is on
// the portal's Q&A page. A reader comment is approved and answered as the agency; a consultation's
// comments, sent on the portal, are in its CSV and PDF summaries; a .docx becomes a draft; the
// digest preview lists what waits and the digest mail arrives with it; an ad never shows on a legal
// document; the half-year report's PDF downloads and its pages show the charts (pdftoppm,
// pdftotext). Screenshots in e2e/artifacts/admin-duties.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { mailpit, repoRoot, serverEnv, uniqueName, waitFor } from "@cong/testing";
import type { Browser, Page } from "playwright-core";
import { type RunningAdmin, startAdmin } from "../../services/admin/test/fixtures";
import { type RunningArchive, startArchive } from "../../services/archive/test/fixtures";
import * as extras from "../../services/content/src/extras";
import {
  client as contentClient,
  createPortals,
  type Running,
  start as startContent,
  testConfig,
} from "../../services/content/test/helpers";
import { type RunningIdentity, startIdentity } from "../../services/identity/test/fixtures";
import { type RunningMedia, startMedia } from "../../services/media/test/fixtures";
import { type Harness, startHarness } from "../../services/publishing/test/helpers";
import { eventually, launch, newPage, ScreenChecks, signIn } from "./admin-browser";

const SHOTS = path.join(repoRoot(), "e2e/artifacts/admin-duties");
const env = serverEnv();
// the consultation's PDF waits for its window (WINDOW_MS after setup) to close: more than the root
// jest config's 120 s per test when the file runs in the whole suite
jest.setTimeout(600_000);
const mp = mailpit();
const run = uniqueName("duties");
const CITIZEN = {
  name: "Nguyễn Thị Thu Hà",
  email: `${run.replaceAll("-", ".")}@example.vn`,
  phone: "0912 345 678",
};
const QUESTION_SUBJECT = `Thủ tục cấp giấy phép xây dựng nhà ở riêng lẻ (${run})`;
const QUESTION =
  "Xin hỏi gia đình tôi ở xã Cao Xá muốn xây nhà hai tầng thì cần chuẩn bị những giấy tờ gì và nộp hồ sơ ở đâu?";
const ANSWER =
  "Hồ sơ gồm đơn đề nghị cấp giấy phép xây dựng, bản sao giấy chứng nhận quyền sử dụng đất và hai bộ bản vẽ thiết kế. Hồ sơ nộp tại Bộ phận tiếp nhận và trả kết quả của UBND huyện Tân Yên.";
const PUBLIC_QUESTION =
  "Hộ gia đình muốn xây nhà ở riêng lẻ hai tầng cần chuẩn bị những giấy tờ gì và nộp hồ sơ ở đâu?";
const QA_TITLE = `Hồ sơ cấp giấy phép xây dựng nhà ở riêng lẻ (${run})`;
const ARTICLE = `Khởi công đường liên xã Cao Xá – Ngọc Lý (${run})`;
const READER_COMMENT = "Đề nghị huyện công bố tiến độ thi công hằng tháng để người dân theo dõi.";
const AGENCY_REPLY = "Ban quản lý dự án sẽ đăng tiến độ thi công vào ngày 5 hằng tháng trên cổng.";
const DRAFT = `Dự thảo Quy chế quản lý chợ trên địa bàn huyện Tân Yên (${run})`;
const DRAFT_COMMENTS = [
  {
    name: "Lê Minh Châu",
    text: "Đề nghị bổ sung quy định về giờ mở cửa chợ phiên và khu vực trông giữ xe.",
  },
  { name: "Trần Văn Đức", text: "Cần quy định rõ trách nhiệm vệ sinh môi trường sau mỗi phiên chợ." },
];
const SUBMISSION = `Kế hoạch tổ chức Ngày hội văn hóa các dân tộc huyện Tân Yên (${run})`;
const LEGAL = `Quyết định ban hành Quy chế quản lý cổng thông tin điện tử huyện (${run})`;
const WAITING = `Lễ hội Xương Giang năm 2026 (${run})`;
// the consultation's window closes during the run: its PDF summary is offered once it has
const WINDOW_MS = 4 * 60_000;

let identity: RunningIdentity;
let media: RunningMedia;
let content: Running;
let pub: Harness;
let arch: RunningArchive;
let a: RunningAdmin;
let browser: Browser;
let prefix = "";
const checks = new ScreenChecks();
const ids = {
  article: "",
  draft: "",
  closesAt: "",
  legal: "",
  waiting: "",
  feedback: "",
  qa: "",
  submission: "",
  digestSubject: "",
};
const contentCfg = () =>
  testConfig("e2e-duties", {
    KAFKA_TOPIC_PREFIX: prefix,
    SMTP_URL: env.SMTP_URL ?? "",
    SMTP_RETRY_MAX_MS: "1000",
    // the day's digest is sent by the content started for that at the end (a fixed time of day
    // would send it, empty or not, while the test still sets its items up)
    DIGEST_SEND_AFTER: "23:59",
  });
let cfg: ReturnType<typeof contentCfg>;
let call: ReturnType<typeof contentClient>;

const portalUrl = (p: string) => `http://tanyen.bacgiang.localhost:${pub.pub.port}${p}`;

beforeAll(async () => {
  expect(env.SMTP_URL).toBeTruthy();
  // identity on the shared realm (read only: memberships, and the board roster it announces)
  identity = await startIdentity(env.KEYCLOAK_REALM ?? "bacgiang");
  prefix = identity.prefix;
  cfg = contentCfg();
  media = await startMedia("e2e-duties", { KAFKA_TOPIC_PREFIX: prefix });
  content = await startContent({ ...cfg, MEDIA_API_URL: media.base }, { extras });
  call = contentClient(() => content.base);
  await createPortals(call, ["stttt", "tanyen"]);
  // identity's start announces the board memberships made outside the grant path (main.ts does)
  await identity.identity.announceBoard();
  pub = await startHarness("e2e-duties", {
    KAFKA_TOPIC_PREFIX: prefix,
    CONTENT_API_URL: content.base,
    MEDIA_PUBLIC_URL: media.base,
  });
  arch = await startArchive("e2e-duties", new Date().toISOString(), { KAFKA_TOPIC_PREFIX: prefix });
  a = await startAdmin(
    "e2e-duties",
    { content, media },
    {
      PUBLIC_DOMAIN: `bacgiang.localhost:${pub.pub.port}`,
      IDENTITY_API_URL: identity.base,
      ARCHIVE_API_URL: arch.base,
    },
  );
  browser = await launch();

  // what other screens (admin-editorial.test.ts) make: a published article open to comments, a
  // draft for comment, a legal document, and a revision waiting for the board's review
  const publish = async (body: Record<string, unknown>) => {
    const created = await call("POST", "/portals/tanyen/items", "tanyen.focal-officer", body);
    if (created.status !== 201) throw new Error(`item not created: ${JSON.stringify(created.body)}`);
    const id = created.body.itemId as string;
    for (const [step, user] of [
      ["submit", "tanyen.focal-officer"],
      ["approve", "tanyen.board-member"],
      ["publish", "tanyen.board-member"],
    ] as const)
      expect((await call("POST", `/portals/tanyen/items/${id}/${step}`, user, {})).status).toBe(200);
    return id;
  };
  ids.article = await publish({
    kind: "article",
    categoryIds: ["cat-tin-tuc-su-kien"],
    commentsEnabled: true,
    locales: {
      vi: { title: ARTICLE, bodyHtml: "<p>Sáng nay huyện Tân Yên khởi công tuyến đường dài 4,2 km.</p>" },
    },
  });
  const now = Date.now();
  ids.draft = await publish({
    kind: "draft-for-comment",
    categoryIds: ["cat-du-thao-lay-y-kien"],
    comment: {
      opensAt: new Date(now - 86_400_000).toISOString(),
      closesAt: new Date(now + WINDOW_MS).toISOString(),
    },
    locales: { vi: { title: DRAFT, bodyHtml: "<p>Điều 1. Phạm vi điều chỉnh.</p>" } },
  });
  ids.closesAt = String(now + WINDOW_MS);
  ids.legal = await publish({
    kind: "legal-document",
    categoryIds: ["cat-van-ban-quy-pham-phap-luat"],
    locales: { vi: { title: LEGAL, bodyHtml: "<p>Toàn văn quyết định.</p>" } },
    legal: {
      number: "12/2026/QĐ-UBND",
      docType: "Quyết định",
      issuer: "UBND huyện Tân Yên",
      signer: "Nguyễn Văn Linh",
      issuedOn: "2026-11-20",
      effectiveOn: "2026-12-01",
      validity: "in-force",
    },
  });
  const waiting = await call("POST", "/portals/tanyen/items", "tanyen.focal-officer", {
    kind: "article",
    categoryIds: ["cat-tin-tuc-su-kien"],
    locales: { vi: { title: WAITING, bodyHtml: "<p>Lễ hội diễn ra từ ngày 8 tháng Giêng.</p>" } },
  });
  ids.waiting = waiting.body.itemId;
  expect(
    (await call("POST", `/portals/tanyen/items/${ids.waiting}/submit`, "tanyen.focal-officer", {})).status,
  ).toBe(200);
  // the portal has the article and the draft (through Kafka)
  await waitFor(async () => (await pub.get("tanyen.bacgiang.localhost", "/")).body.includes(ARTICLE), {
    timeoutMs: 60_000,
    what: "the article on the tanyen portal",
  });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await a?.stop();
  await arch?.close();
  await pub?.close();
  await content?.stop();
  await media?.close();
  await identity?.close();
});

async function signedIn(username: string): Promise<{ page: Page; close(): Promise<void>; errors: string[] }> {
  const { page, context, errors } = await newPage(browser);
  await signIn(page, a.url, username);
  await page.waitForURL(`${a.url}/p/tanyen/`);
  return { page, errors, close: () => context.close() };
}

const shot = (page: Page, name: string) => {
  fs.mkdirSync(SHOTS, { recursive: true });
  return page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
};

const slugOf = async (itemId: string) =>
  (await call("GET", `/portals/tanyen/items/${itemId}`, "tanyen.board-member")).body.live.locales.vi
    .slug as string;

describe("the board's other duties in a real browser (issue 18)", () => {
  it("R-FEEDBACK: a citizen's question on the portal is assigned, answered, mailed once and published as a Q&A", async () => {
    // the citizen, on the tanyen portal's feedback form
    const citizen = await browser.newContext({ locale: "vi-VN", timezoneId: "Asia/Ho_Chi_Minh" });
    const form = await citizen.newPage();
    await form.goto(portalUrl("/gop-y?loai=cau-hoi"));
    expect(await form.isChecked("#f-loai-q")).toBe(true);
    await form.fill("#f-ho-ten", CITIZEN.name);
    await form.fill("#f-email", CITIZEN.email);
    await form.fill("#f-dien-thoai", CITIZEN.phone);
    await form.fill("#f-tieu-de", QUESTION_SUBJECT);
    await form.fill("#f-noi-dung", QUESTION);
    await form.check("#f-dong-y");
    await shot(form, "01-portal-feedback-form");
    await Promise.all([
      form.waitForLoadState("load"),
      form.click('form[action$="/gop-y"] button[type=submit]'),
    ]);
    expect(await form.textContent("main")).toMatch(/Đã (gửi|nhận)/);
    await shot(form, "02-portal-feedback-sent");

    // the board member: in the inbox with its due date, assigned to the focal officer
    const board = await signedIn("tanyen.board-member");
    const p = board.page;
    await p.click('a.nav__link[href="/p/tanyen/feedback"]');
    await p.waitForURL(`${a.url}/p/tanyen/feedback`);
    const row = p.locator("tr", { hasText: QUESTION_SUBJECT });
    await eventually(
      async () => {
        if (!(await row.count())) await p.reload();
        return row.count();
      },
      (n) => expect(n).toBe(1),
      30_000,
    );
    const due = (await row.locator('td[data-label="Hạn trả lời"]').textContent()) ?? "";
    expect(due).toMatch(/\d{2}\/\d{2}\/\d{4}/);
    expect(await row.locator('td[data-label="Trạng thái"]').textContent()).toContain("Mới nhận");
    await checks.check(p, "feedback-inbox", SHOTS);
    await row.locator("a").click();
    await p.waitForURL(/\/p\/tanyen\/feedback\/[a-f0-9]{24}$/);
    ids.feedback = p.url().split("/").pop() ?? "";
    expect(await p.textContent("main")).toContain("15 ngày làm việc kể từ khi nhận");
    expect(await p.textContent("main")).toContain(CITIZEN.email); // the board sees the contact (R-PII)
    const officer = await p
      .locator("#officer option", { hasText: "(tanyen.focal-officer)" })
      .first()
      .getAttribute("value");
    expect(officer).toBeTruthy();
    await p.selectOption("#officer", officer ?? "");
    await p.fill("#note", "Đề nghị trả lời trước hạn, phối hợp Phòng Kinh tế và Hạ tầng.");
    await shot(p, "03-feedback-assign");
    await p.click("#assign-button");
    await eventually(
      () => p.locator(".notice--success").textContent(),
      (v) => expect(v).toContain("Đã giao xử lý"),
    );
    expect(await p.textContent("main")).toContain("tanyen.focal-officer");
    expect(board.errors).toEqual([]);

    // the focal officer answers and publishes the answer as a Q&A (without the citizen's data)
    const officerSession = await signedIn("tanyen.focal-officer");
    const o = officerSession.page;
    await o.goto(`${a.url}/p/tanyen/feedback/${ids.feedback}`);
    expect(await o.textContent("main")).toContain(CITIZEN.email); // the assignee sees it too
    await o.fill("#answer", ANSWER);
    await o.check("#publishAsQa-box");
    await o.fill("#publicQuestion", PUBLIC_QUESTION);
    await o.fill("#qaTitle", QA_TITLE);
    await checks.check(o, "feedback-answer-form", SHOTS);
    await o.click("#answer-button");
    await eventually(
      () => o.locator(".notice--success").textContent(),
      (v) => expect(v).toContain("mục hỏi đáp đã được gửi Ban biên tập duyệt"),
    );
    expect(await o.textContent("main")).toContain("Đã trả lời");
    await shot(o, "04-feedback-answered");
    expect(officerSession.errors).toEqual([]);
    await officerSession.close();

    // Mailpit holds the answer to the citizen, once
    const [mail] = await mp.waitForMail(CITIZEN.email, { timeoutMs: 90_000 });
    expect(mail?.Subject).toContain("Trả lời câu hỏi");
    const text = (await mp.message(mail?.ID ?? "")).Text;
    expect(text).toContain(ANSWER);
    expect(text).toContain(`Mã số: ${ids.feedback}`);
    expect(text).not.toContain(CITIZEN.name);
    expect(text).not.toContain(CITIZEN.phone);

    // the board approves and publishes the Q&A; it is on the portal's Q&A page
    await p.reload();
    const qaLink = p.locator(`section[aria-labelledby="fb-answer"] a[href^="/p/tanyen/items/"]`);
    const qaHref = (await qaLink.getAttribute("href")) ?? "";
    ids.qa = qaHref.split("/").pop() ?? "";
    await qaLink.click();
    await p.click(`a[href="/p/tanyen/items/${ids.qa}/review"]`);
    await p.click("#approve");
    await p.waitForURL(`${a.url}/p/tanyen/items/${ids.qa}`);
    await p.click(`a[href="/p/tanyen/items/${ids.qa}/publish"]`);
    await p.click("#publish");
    await eventually(
      () => p.locator(".notice--success").textContent(),
      (v) => expect(v).toContain("Đã xuất bản"),
    );
    await board.close();
    await waitFor(
      async () => (await pub.get("tanyen.bacgiang.localhost", "/hoi-dap")).body.includes(QA_TITLE),
      { timeoutMs: 60_000, what: "the Q&A on the portal's Q&A page" },
    );
    await form.goto(portalUrl("/hoi-dap"));
    await form.click(`a:has-text("${QA_TITLE}")`);
    const qaPage = (await form.textContent("main")) ?? "";
    expect(qaPage).toContain(PUBLIC_QUESTION);
    expect(qaPage).toContain("Bộ phận tiếp nhận và trả kết quả");
    expect(qaPage).not.toContain(CITIZEN.name);
    await shot(form, "05-portal-qa");
    await citizen.close();
    // exactly one answer mail, whatever the relay did meanwhile
    expect(await mp.to(CITIZEN.email)).toHaveLength(1);
  });

  it("R-AGENCY: a reader's comment is approved and answered as the agency", async () => {
    const sent = await call(
      "POST",
      `/public/items/${ids.article}/comments`,
      null,
      { text: READER_COMMENT },
      { "x-forwarded-for": "198.51.100.20" },
    );
    expect(sent.status).toBe(202);
    const board = await signedIn("tanyen.board-member");
    const p = board.page;
    await p.goto(`${a.url}/p/tanyen/comments`);
    const item = p.locator("li", { hasText: READER_COMMENT });
    await checks.check(p, "comments-held", SHOTS);
    await item.locator('button[name="decision"][value="approve"]').click();
    await eventually(
      () => p.locator(".notice--success").textContent(),
      (v) => expect(v).toContain("Đã duyệt bình luận"),
    );
    await p.goto(`${a.url}/p/tanyen/comments?status=approved`);
    const approved = p.locator("li", { hasText: READER_COMMENT });
    await approved.locator("textarea[name=text]").fill(AGENCY_REPLY);
    await approved.locator("button", { hasText: /Trả lời|Gửi/ }).click();
    await eventually(
      () => p.locator(".notice--success").textContent(),
      (v) => expect(v).toContain("Đã gửi câu trả lời"),
    );
    expect(await p.locator("li", { hasText: READER_COMMENT }).locator(".reply").textContent()).toContain(
      AGENCY_REPLY,
    );
    await shot(p, "06-comment-replied");
    // what the portal reads: the approved comment with the agency's reply
    const pub2 = await call("GET", `/public/items/${ids.article}/comments`, null);
    expect(JSON.stringify(pub2.body)).toContain(READER_COMMENT);
    expect(JSON.stringify(pub2.body)).toContain(AGENCY_REPLY);
    expect(board.errors).toEqual([]);
    await board.close();
  });

  it("R-CONTENT: comments sent on the portal's draft are in the consultation's CSV summary", async () => {
    const slug = await slugOf(ids.draft);
    const citizen = await browser.newContext({ locale: "vi-VN" });
    const page = await citizen.newPage();
    for (const c of DRAFT_COMMENTS) {
      await page.goto(portalUrl(`/tin/${slug}`));
      await page.fill("#f-ho-ten", c.name);
      await page.fill("#f-noi-dung", c.text);
      await page.check("#f-dong-y");
      await Promise.all([page.waitForLoadState("load"), page.click('form[action$="/y-kien"] button')]);
      expect(await page.textContent("main")).toContain("góp ý");
    }
    await shot(page, "07-portal-draft-comment-sent");
    await citizen.close();

    const board = await signedIn("tanyen.board-member");
    const p = board.page;
    await p.goto(`${a.url}/p/tanyen/consultations`);
    await p.click(`a[href="/p/tanyen/consultations/${ids.draft}"]`);
    await eventually(
      async () => {
        await p.reload();
        return p.textContent("main");
      },
      (v) => {
        for (const c of DRAFT_COMMENTS) expect(v).toContain(c.text);
      },
    );
    await checks.check(p, "consultation", SHOTS);
    const [download] = await Promise.all([
      p.waitForEvent("download"),
      p.click(`a[href="/p/tanyen/consultations/${ids.draft}/summary.csv"]`),
    ]);
    const csv = fs.readFileSync((await download.path()) ?? "", "utf8");
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    for (const c of DRAFT_COMMENTS) expect(csv).toContain(c.text);
    expect(board.errors).toEqual([]);
    await board.close();
  });

  it("R-SUBMIT: a .docx received by the board's mailbox becomes a draft with its text", async () => {
    const officer = await signedIn("tanyen.focal-officer");
    const p = officer.page;
    await p.goto(`${a.url}/p/tanyen/submissions`);
    await p.setInputFiles("#file", {
      name: "ke-hoach-ngay-hoi.docx",
      mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      buffer: await tinyDocx([
        SUBMISSION,
        "Thời gian: ngày 15 tháng 12 năm 2026, tại Trung tâm Văn hóa huyện.",
        "Thành phần: đại diện các xã, thị trấn và đồng bào các dân tộc trên địa bàn.",
      ]),
    });
    await p.fill("#title", SUBMISSION);
    await checks.check(p, "submission-upload", SHOTS);
    await p.click('form[enctype="multipart/form-data"] button[type=submit]');
    await p.waitForURL(/\/p\/tanyen\/submissions\/[a-f0-9]{24}$/, { timeout: 60_000 });
    ids.submission = p.url().split("/").pop() ?? "";
    expect(await p.locator(".notice--success").textContent()).toContain("Đã tạo bản nháp từ tệp.");
    expect(await p.textContent("main")).toContain("Trung tâm Văn hóa huyện");
    await shot(p, "08-submission-draft");
    const item = await call("GET", `/portals/tanyen/items/${ids.submission}`, "tanyen.focal-officer");
    expect(item.body.state).toBe("draft");
    expect(item.body.working.locales.vi.title).toBe(SUBMISSION);
    expect(officer.errors).toEqual([]);
    await officer.close();
  });

  it("R-ADS: an ad slot made on the ads screen never shows on the legal document", async () => {
    const board = await signedIn("tanyen.board-member");
    const p = board.page;
    await p.goto(`${a.url}/p/tanyen/ads/new`);
    expect(await p.textContent("main")).toContain("Không đặt trên văn bản pháp luật");
    const fmt = (d: Date) => {
      const v = new Date(d.getTime() + 7 * 3600_000).toISOString();
      return `${v.slice(8, 10)}/${v.slice(5, 7)}/${v.slice(0, 4)} ${v.slice(11, 16)}`;
    };
    await p.fill("#title", `Ngày hội sản phẩm OCOP huyện Tân Yên (${run})`);
    await p.fill("#imageUrl", "https://tanyen.bacgiang.gov.vn/anh/ocop.png");
    await p.fill("#linkUrl", "https://tanyen.bacgiang.gov.vn/ocop-2026");
    await p.fill("#startsAt", fmt(new Date(Date.now() - 3600_000)));
    await p.fill("#endsAt", fmt(new Date(Date.now() + 30 * 86_400_000)));
    await checks.check(p, "ad-new", SHOTS);
    await p.click("main form button[type=submit]");
    await eventually(
      () => p.locator(".notice--success").textContent(),
      (v) => expect(v).toContain("Đã thêm quảng cáo."),
    );
    await shot(p, "09-ads");
    // what the portal asks content for each page: the article carries it, the legal document not
    const onArticle = await call("GET", `/public/portals/tanyen/ads?itemId=${ids.article}`, null);
    expect(onArticle.body.items.map((x: { title: string }) => x.title)).toContain(
      `Ngày hội sản phẩm OCOP huyện Tân Yên (${run})`,
    );
    const onLegal = await call("GET", `/public/portals/tanyen/ads?itemId=${ids.legal}`, null);
    expect(onLegal.body.items).toEqual([]);
    expect(board.errors).toEqual([]);
    await board.close();
  });

  it("R-BOARD: the digest preview lists what waits for the board", async () => {
    const board = await signedIn("tanyen.board-member");
    const p = board.page;
    await p.goto(`${a.url}/p/tanyen/digest`);
    const main = (await p.textContent("main")) ?? "";
    expect(main).toContain(WAITING);
    expect(await p.locator(`a[href="/p/tanyen/items/${ids.waiting}/review"]`).count()).toBe(1);
    ids.digestSubject = (
      (await p
        .locator("dt, th", { hasText: "Tiêu đề thư" })
        .locator("xpath=following-sibling::*[1]")
        .first()
        .textContent()) ?? ""
    ).trim();
    expect(ids.digestSubject).toMatch(
      /^Tổng hợp công việc ngày \d{2}\/\d{2}\/\d{4} — Cổng Thông tin điện tử huyện Tân Yên$/,
    );
    await checks.check(p, "digest", SHOTS);
    expect(board.errors).toEqual([]);
    await board.close();
  });

  it("R-CONTENT: once the window has closed, the consultation's PDF summary downloads with the comments", async () => {
    const board = await signedIn("tanyen.board-member");
    const p = board.page;
    const pdfLink = p.locator(`a[href="/p/tanyen/consultations/${ids.draft}/summary.pdf"]`);
    await waitFor(
      async () => {
        await p.goto(`${a.url}/p/tanyen/consultations/${ids.draft}`);
        return (await pdfLink.count()) === 1;
      },
      {
        timeoutMs: Math.max(0, Number(ids.closesAt) - Date.now()) + 60_000,
        intervalMs: 5000,
        what: "the consultation's window closed",
      },
    );
    const [download] = await Promise.all([p.waitForEvent("download"), pdfLink.click()]);
    const file = (await download.path()) ?? "";
    expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe("%PDF-");
    const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    for (const c of DRAFT_COMMENTS) expect(text).toContain(c.text.split(" ").slice(0, 6).join(" "));
    expect(board.errors).toEqual([]);
    await board.close();
  });

  it("R-REPORT: the half-year report is on screen with its charts and its PDF shows them", async () => {
    const board = await signedIn("tanyen.board-member");
    const p = board.page;
    await p.goto(`${a.url}/p/tanyen/reports`);
    const vn = new Date(Date.now() + 7 * 3600_000);
    const half = `${vn.getUTCFullYear()}-H${vn.getUTCMonth() >= 6 ? 2 : 1}`;
    await p.selectOption("#period", half);
    await Promise.all([
      p.waitForURL(/period=/),
      p.locator("#period").evaluate((s) => (s as HTMLSelectElement).form?.requestSubmit()),
    ]);
    const titles = (await p.locator('h3[id^="chart-"]').allTextContents()).map((x) => x.trim());
    expect(titles.length).toBeGreaterThan(0);
    await eventually(
      () =>
        p
          .locator("img.report-chart__image")
          .first()
          .evaluate((i) => (i as HTMLImageElement).naturalWidth),
      (w) => expect(w).toBeGreaterThan(0),
    );
    await checks.check(p, "report", SHOTS);
    const [download] = await Promise.all([p.waitForEvent("download"), p.click(`a[href*="/bao-cao.pdf"]`)]);
    const file = (await download.path()) ?? "";
    expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe("%PDF-");
    const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    expect(text).toContain(titles[0]?.replace(/\s+/g, " "));
    // this run's figures: the published Q&A among the publications, the question and the two draft
    // comments received (archive's clock stays at its start, so the later answer is not counted)
    expect(text).toContain("Hỏi đáp, trả lời kiến nghị: 1");
    expect(text).toContain("Đã tiếp nhận: 3");
    fs.mkdirSync(SHOTS, { recursive: true });
    execFileSync("pdftoppm", ["-png", "-r", "60", "-f", "1", "-l", "2", file, `${SHOTS}/report-pdf`]);
    const pages = fs.readdirSync(SHOTS).filter((f) => f.startsWith("report-pdf") && f.endsWith(".png"));
    expect(pages.length).toBeGreaterThan(0);
    // a drawn chart is not a blank page: the rendered page has many distinct colours
    const sharp = (await import("sharp")).default;
    const { data, info } = await sharp(path.join(SHOTS, pages.sort()[0] ?? ""))
      .raw()
      .toBuffer({ resolveWithObject: true });
    const colours = new Set<number>();
    for (let i = 0; i < data.length; i += info.channels)
      colours.add(((data[i] ?? 0) << 16) | ((data[i + 1] ?? 0) << 8) | (data[i + 2] ?? 0));
    expect(colours.size).toBeGreaterThan(8);
    expect(board.errors).toEqual([]);
    await board.close();
  });

  it("R-BOARD: the day's digest mail arrives with the waiting items", async () => {
    // the day's digests, sent by content restarted on the same database with its time of day passed
    await content.stop();
    content = await startContent(
      { ...cfg, MEDIA_API_URL: media.base, DIGEST_SEND_AFTER: "00:00", DIGEST_POLL_MS: 1000 },
      { extras },
    );
    const to = "tanyen.board-member@bacgiang.localhost";
    const digest = await waitFor(
      async () => {
        for (const m of await mp.to(to)) {
          const full = await mp.message(m.ID);
          if (full.Text.includes(WAITING)) return full;
        }
        return null;
      },
      { timeoutMs: 120_000, intervalMs: 1000, what: "the digest mail with the waiting item" },
    );
    // the mail says what the preview said, once
    expect(digest.Subject).toBe(ids.digestSubject);
    expect(digest.Text).toContain(WAITING);
    const withItem = [];
    for (const m of await mp.to(to)) if ((await mp.message(m.ID)).Text.includes(WAITING)) withItem.push(m.ID);
    expect(withItem).toHaveLength(1);
  });

  it("no screen on the way had an axe violation or scrolled sideways at 320 px", () => {
    expect(checks.results.length).toBeGreaterThanOrEqual(8);
    expect(checks.failures()).toEqual([]);
  });
});

/** A minimal .docx built with mammoth's own zip library (as services/content/test/submissions.test.ts). */
async function tinyDocx(paragraphs: string[]): Promise<Buffer> {
  const JSZip = require(
    require.resolve("jszip", {
      paths: [require.resolve("mammoth", { paths: [path.join(repoRoot(), "services/content")] })],
    }),
  );
  const zip = new JSZip();
  zip.file(
    "[Content_Types].xml",
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  zip.file(
    "_rels/.rels",
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  const body = paragraphs.map((p) => `<w:p><w:r><w:t xml:space="preserve">${p}</w:t></w:r></w:p>`).join("");
  zip.file(
    "word/document.xml",
    `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
  );
  return zip.generateAsync({ type: "nodebuffer" });
}
