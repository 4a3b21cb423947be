// Reader comments and public consultation through the admin against the real content service
// (R-MODERATE, R-AGENCY, R-CONTENT): a held comment is approved and replied to as the agency;
// the comments on a draft document are listed and the summary downloads with them (CSV; PDF once
// the window has closed).
import {
  Agent,
  type RunningAdmin,
  type Services,
  startAdmin,
  startServices,
  type TestClock,
} from "./fixtures";

let s: Services;
let a: RunningAdmin;
const clock: TestClock = { now: null };
beforeAll(async () => {
  s = await startServices("admin-comments", { clock });
  a = await startAdmin("admin-comments", s);
});
afterAll(async () => {
  await a?.stop();
  await s?.stop();
});

const DAY = 86_400_000;

/** An item written by the focal officer, approved and published by the board member. */
async function published(body: Record<string, unknown>): Promise<string> {
  const created = await s.call("POST", "/portals/tanyen/items", "tanyen.focal-officer", {
    categoryIds: ["cat-tin-tuc-su-kien"],
    ...body,
  });
  expect(created.status).toBe(201);
  const id = created.body.itemId as string;
  for (const [step, user] of [
    ["submit", "tanyen.focal-officer"],
    ["approve", "tanyen.board-member"],
    ["publish", "tanyen.board-member"],
  ] as const) {
    const r = await s.call("POST", `/portals/tanyen/items/${id}/${step}`, user, {});
    expect([step, r.status]).toEqual([step, 200]);
  }
  return id;
}

let ip = 0;
async function comment(itemId: string, body: Record<string, unknown>): Promise<string> {
  const r = await s.call("POST", `/public/items/${itemId}/comments`, null, body, {
    "x-forwarded-for": `192.0.2.${++ip}`,
  });
  expect(r.status).toBe(202);
  return r.body.commentId as string;
}

describe("reader comments (R-MODERATE, R-AGENCY)", () => {
  it("a held comment is approved by the board and replied to on behalf of the agency; an empty reply is refused beside the field", async () => {
    const item = await published({
      kind: "article",
      commentsEnabled: true,
      locales: { vi: { title: "Khởi công đường liên xã Cao Xá", bodyHtml: "<p>Nội dung.</p>" } },
    });
    const id = await comment(item, { text: "Đề nghị huyện công bố tiến độ thi công hằng tháng." });
    const board = new Agent(a.url);
    await board.signIn("tanyen.board-member");
    let page = await board.get("/p/tanyen/comments");
    expect(page.status).toBe(200);
    expect(page.html).toContain('href="/p/tanyen/comments"');
    expect(page.html).toContain("Đề nghị huyện công bố tiến độ thi công hằng tháng.");
    expect(page.html).toContain("Khởi công đường liên xã Cao Xá");
    expect(page.html).toContain(`action="/p/tanyen/comments/${id}/moderate"`);

    page = await board.post(`/p/tanyen/comments/${id}/moderate`, {
      _csrf: Agent.csrf(page),
      decision: "approve",
    });
    expect(page.html).toContain("Đã duyệt bình luận.");
    expect(page.html).not.toContain(`action="/p/tanyen/comments/${id}/moderate"`);

    page = await board.get("/p/tanyen/comments?status=approved");
    expect(page.html).toContain("Đề nghị huyện công bố tiến độ thi công hằng tháng.");
    const empty = await board.post(`/p/tanyen/comments/${id}/reply`, {
      _csrf: Agent.csrf(page),
      status: "approved",
      text: "",
    });
    expect(empty.status).toBe(422);
    expect(empty.html).toContain("Chưa nhập thông tin này.");
    page = await board.post(`/p/tanyen/comments/${id}/reply`, {
      _csrf: Agent.csrf(page),
      status: "approved",
      text: "UBND huyện sẽ đăng tiến độ vào ngày 5 hằng tháng.",
    });
    expect(page.html).toContain("Đã gửi câu trả lời.");
    expect(page.html).toContain("UBND huyện sẽ đăng tiến độ vào ngày 5 hằng tháng.");
    expect(page.html).toMatch(/Trả lời lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);

    const pub = await s.call("GET", `/public/items/${item}/comments`, null);
    expect(pub.body.items[0]).toMatchObject({
      reply: { text: "UBND huyện sẽ đăng tiến độ vào ngày 5 hằng tháng." },
    });
  });

  it("a contributor gets the 403 page", async () => {
    const agent = new Agent(a.url);
    const home = await agent.signIn("tanyen.contributor");
    expect(home.html).not.toContain('href="/p/tanyen/comments"');
    expect((await agent.get("/p/tanyen/comments")).status).toBe(403);
    expect((await agent.get("/p/tanyen/consultations")).status).toBe(403);
  });
});

describe("public consultation on drafts (R-CONTENT)", () => {
  it("the drafts are listed with their window; a draft's comments are shown, the summary CSV holds them and the PDF downloads once the window has closed", async () => {
    const now = Date.now();
    const opensAt = new Date(now - DAY).toISOString();
    const closesAt = new Date(now + 20 * DAY).toISOString();
    const item = await published({
      kind: "draft-for-comment",
      comment: { opensAt, closesAt },
      locales: {
        vi: { title: "Dự thảo Quy chế quản lý chợ trên địa bàn huyện", bodyHtml: "<p>Dự thảo.</p>" },
      },
    });
    await comment(item, {
      text: "Đề nghị bổ sung quy định về giờ mở cửa chợ phiên.",
      fullName: "Lê Minh Châu",
      organization: "Hội Liên hiệp Phụ nữ xã Ngọc Thiện",
      consent: true,
    });
    await comment(item, { text: "Cần quy định rõ trách nhiệm vệ sinh môi trường." });

    const board = new Agent(a.url);
    await board.signIn("tanyen.board-member");
    const list = await board.get("/p/tanyen/consultations");
    expect(list.status).toBe(200);
    expect(list.html).toContain(`/p/tanyen/consultations/${item}`);
    expect(list.html).toContain("Dự thảo Quy chế quản lý chợ trên địa bàn huyện");
    expect(list.html).toContain("Đang lấy ý kiến");

    const page = await board.get(`/p/tanyen/consultations/${item}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain("Đề nghị bổ sung quy định về giờ mở cửa chợ phiên.");
    expect(page.html).toContain("Hội Liên hiệp Phụ nữ xã Ngọc Thiện");
    expect(page.html).toContain("Cần quy định rõ trách nhiệm vệ sinh môi trường.");
    expect(page.html).toMatch(/Từ \d{2}\/\d{2}\/\d{4} \d{2}:\d{2} đến \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);

    const csv = await fetch(`${a.url}/p/tanyen/consultations/${item}/summary.csv`, {
      headers: { cookie: board.cookieHeader(new URL(a.url)) },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    expect(csv.headers.get("content-disposition")).toMatch(/attachment; filename="gop-y-du-thao-/);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await csv.arrayBuffer());
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain("Đề nghị bổ sung quy định về giờ mở cửa chợ phiên.");
    expect(text).toContain("Cần quy định rõ trách nhiệm vệ sinh môi trường.");

    // the PDF summary exists once the window has closed: before, the request goes back to the page
    const cookie = board.cookieHeader(new URL(a.url));
    const early = await fetch(`${a.url}/p/tanyen/consultations/${item}/summary.pdf`, {
      headers: { cookie },
      redirect: "manual",
    });
    expect(early.status).toBe(303);
    expect(early.headers.get("location")).toBe(`/p/tanyen/consultations/${item}`);
    expect(page.html).toContain("Bản tổng hợp dạng PDF có sau khi hết thời hạn lấy ý kiến.");
    clock.now = new Date(now + 21 * DAY);
    try {
      const pdf = await fetch(`${a.url}/p/tanyen/consultations/${item}/summary.pdf`, { headers: { cookie } });
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get("content-type")).toMatch(/^application\/pdf/);
      expect(pdf.headers.get("content-disposition")).toMatch(/attachment; filename="gop-y-du-thao-.*\.pdf"/);
      expect(
        Buffer.from(await pdf.arrayBuffer())
          .subarray(0, 5)
          .toString("latin1"),
      ).toBe("%PDF-");
    } finally {
      clock.now = null;
    }

    // an article is not a consultation
    const other = await board.get("/p/tanyen/consultations/khongphaiduthao1");
    expect(other.status).toBe(404);
  });
});
