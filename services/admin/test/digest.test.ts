// The daily digest's preview through the admin (R-BOARD, issue 18) against the real content
// service and Keycloak: what a board member's mail of today says — the subject, the revision
// waiting for review with a link to its review, the feedback overdue with a link into the inbox —
// and, for a portal with nothing to say, the sentence that no mail goes out; board only.
import {
  Agent,
  type RunningAdmin,
  type Services,
  startAdmin,
  startServices,
  type TestClock,
} from "./fixtures";

const clock: TestClock = { now: null };
let s: Services;
let a: RunningAdmin;
let itemId: string;
let feedbackId: string;

beforeAll(async () => {
  s = await startServices("admin-digest", { clock });
  a = await startAdmin("admin-digest", s);
  const created = await s.call("POST", "/portals/tanyen/items", "tanyen.focal-officer", {
    kind: "article",
    categoryIds: ["cat-tin-tuc-su-kien"],
    locales: { vi: { title: "Lễ hội Xương Giang năm 2026", bodyHtml: "<p>Nội dung.</p>" } },
  });
  itemId = created.body.itemId as string;
  expect(
    (await s.call("POST", `/portals/tanyen/items/${itemId}/submit`, "tanyen.focal-officer", {})).status,
  ).toBe(200);
  // a question received in January: long past its 15 working days
  clock.now = new Date("2026-01-05T09:00:00+07:00");
  const fb = await s.call(
    "POST",
    "/public/portals/tanyen/feedback",
    null,
    {
      kind: "question",
      fullName: "Nguyễn Thị Lan",
      email: "lan.nguyen@example.vn",
      subject: "Thủ tục đăng ký hộ kinh doanh",
      message: "Xin hỏi thủ tục đăng ký kinh doanh hộ cá thể tại huyện Tân Yên cần những giấy tờ gì?",
      consent: true,
    },
    { "x-forwarded-for": "198.51.100.7" },
  );
  clock.now = null;
  feedbackId = fb.body.feedbackId as string;
  expect(feedbackId).toBeTruthy();
}, 240_000);
afterAll(async () => {
  await a?.stop();
  await s?.stop();
});

describe("the daily digest's preview (R-BOARD)", () => {
  it("a board member sees today's mail: subject, the review waiting, the overdue question, with links", async () => {
    const board = new Agent(a.url);
    const home = await board.signIn("tanyen.board-member");
    expect(home.html).toContain('href="/p/tanyen/digest"');
    const page = await board.get("/p/tanyen/digest");
    expect(page.status).toBe(200);
    const api = await s.call("GET", "/portals/tanyen/digest/preview", "tanyen.board-member");
    expect(page.html).toContain(`<strong>${api.body.subject}</strong>`);
    expect(api.body.subject).toContain("Tổng hợp công việc ngày");
    expect(page.html).toContain("Tin bài chờ duyệt: 1");
    expect(page.html).toContain(`<a href="/p/tanyen/items/${itemId}/review">Lễ hội Xương Giang năm 2026</a>`);
    expect(page.html).toContain('href="/p/tanyen/items?state=submitted&amp;sort=due"');
    expect(page.html).toContain("Ý kiến, câu hỏi sắp đến hạn hoặc quá hạn trả lời: 1");
    expect(page.html).toContain(`<a href="/p/tanyen/feedback/${feedbackId}">${feedbackId}</a>`);
    expect(page.html).toMatch(/Quá hạn \d+ ngày làm việc/);
    // dd/MM/yyyy HH:mm, Vietnam time: the question was due 15 working days after 05/01/2026
    expect(page.html).toMatch(/<time datetime="2026-01-\d\dT[^"]+">\d\d\/01\/2026 23:59<\/time>/);
    // R-PII: the mail names the question by its reference only
    expect(page.html).not.toContain("Nguyễn Thị Lan");
    expect(page.html).not.toContain("Thủ tục đăng ký hộ kinh doanh");
    // a member's mail has no escalation part (the board head's has)
    expect(page.html).not.toContain("Cần Trưởng Ban chỉ đạo");
    // the mail's own text, as its recipient reads it
    expect(page.html).toContain("Kính gửi Quý ông/bà,");
  });

  it("nothing waiting: a sentence that no mail is sent today", async () => {
    const board = new Agent(a.url);
    await board.signIn("stttt.board-member");
    const page = await board.get("/p/stttt/digest");
    expect(page.status).toBe(200);
    expect(page.html).toContain("Sẽ không có thư nào được gửi hôm nay.");
    expect(page.html).not.toContain("Tin bài chờ duyệt:");
  });

  it("a focal officer has no menu entry and gets the 403 page", async () => {
    const officer = new Agent(a.url);
    const home = await officer.signIn("tanyen.focal-officer");
    expect(home.html).not.toContain('href="/p/tanyen/digest"');
    expect((await officer.get("/p/tanyen/digest")).status).toBe(403);
  });
});
