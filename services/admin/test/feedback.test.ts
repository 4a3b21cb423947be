// The feedback inbox through the admin against the real content service (R-FEEDBACK, R-BOARD,
// R-PII, R-TIMELY): due dates in Vietnam time, overdue flagged with working days, assign to an
// agency or oneself, answer by the focal officer, Vietnamese messages for content's refusals.
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
beforeAll(async () => {
  s = await startServices("admin-feedback", { clock });
  a = await startAdmin("admin-feedback", s);
});
afterAll(async () => {
  await a?.stop();
  await s?.stop();
});

let ip = 0;
async function send(extra: Record<string, unknown> = {}, at: Date | null = null): Promise<string> {
  clock.now = at;
  const r = await s.call(
    "POST",
    "/public/portals/tanyen/feedback",
    null,
    {
      kind: "question",
      fullName: "Trần Văn Bình",
      email: "binh.tran@example.vn",
      subject: "Lịch tiếp công dân",
      message: "Xin hỏi lịch tiếp công dân của huyện trong tháng 12 như thế nào ạ?",
      consent: true,
      ...extra,
    },
    { "x-forwarded-for": `203.0.113.${++ip}` },
  );
  clock.now = null;
  expect(r.status).toBe(202);
  return r.body.feedbackId as string;
}

const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

describe("feedback inbox (R-FEEDBACK, R-TIMELY)", () => {
  it("the board sees new and overdue messages with their due date (dd/MM/yyyy HH:mm) and working days overdue", async () => {
    // received on Monday 5/1/2026: 15 working days later is Monday 26/1/2026, end of day
    const late = await send(
      { subject: "Hồ sơ đất đai chưa được trả lời" },
      new Date("2026-01-05T09:00:00+07:00"),
    );
    const fresh = await send({ subject: "Giờ làm việc bộ phận một cửa" });
    const agent = new Agent(a.url);
    await agent.signIn("tanyen.board-member");
    const page = await agent.get("/p/tanyen/feedback");
    expect(page.status).toBe(200);
    expect(page.html).toContain('href="/p/tanyen/feedback"'); // the navigation entry
    expect(page.html).toContain("Ý kiến, câu hỏi của người dân");
    expect(page.html).toContain(`/p/tanyen/feedback/${late}`);
    expect(page.html).toContain(`/p/tanyen/feedback/${fresh}`);
    expect(text(page.html)).toMatch(/\d+ ý kiến đã quá hạn trả lời/);
    expect(page.html).toContain("26/01/2026 23:59");
    expect(text(page.html)).toMatch(/Quá hạn \d+ ngày làm việc/);

    const overdueOnly = await agent.get("/p/tanyen/feedback?overdue=true");
    expect(overdueOnly.html).toContain(`/p/tanyen/feedback/${late}`);
    expect(overdueOnly.html).not.toContain(`/p/tanyen/feedback/${fresh}`);
  });

  it("R-PII: the message shows the sender's details that content returns, with the note on their use", async () => {
    const id = await send();
    const agent = new Agent(a.url);
    await agent.signIn("tanyen.board-member");
    const page = await agent.get(`/p/tanyen/feedback/${id}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain("Trần Văn Bình");
    expect(page.html).toContain("binh.tran@example.vn");
    expect(page.html).toContain("Nghị định 13/2023/NĐ-CP");
    expect(page.html).toContain("15 ngày làm việc kể từ khi nhận");
  });

  it("R-BOARD: the board assigns to an agency; the focal officer answers; the answer is shown with the working days taken", async () => {
    const id = await send();
    const board = new Agent(a.url);
    await board.signIn("tanyen.board-member");
    let page = await board.get(`/p/tanyen/feedback/${id}`);
    // nothing chosen: a Vietnamese message beside the field, nothing sent
    const empty = await board.post(`/p/tanyen/feedback/${id}/assign`, {
      _csrf: Agent.csrf(page),
      agency: "",
    });
    expect(empty.status).toBe(422);
    expect(empty.html).toContain("Chọn cán bộ xử lý hoặc nhập đơn vị xử lý.");
    expect(empty.html).toContain("error-summary");
    page = await board.post(`/p/tanyen/feedback/${id}/assign`, {
      _csrf: Agent.csrf(page),
      agency: "Văn phòng HĐND và UBND huyện",
      note: "Trả lời trước ngày 20",
    });
    expect(page.status).toBe(200);
    expect(page.html).toContain("Đã giao xử lý.");
    expect(page.html).toContain("Văn phòng HĐND và UBND huyện");
    // the board member sees no answer form: only the focal officer answers
    expect(page.html).toContain("Chỉ cán bộ đầu mối của cổng được gửi câu trả lời.");
    expect(page.html).not.toContain(`action="/p/tanyen/feedback/${id}/answer"`);

    const officer = new Agent(a.url);
    await officer.signIn("tanyen.focal-officer");
    page = await officer.get(`/p/tanyen/feedback/${id}`);
    // content refuses a Q&A that carries the citizen's name: said in Vietnamese beside the field
    const pii = await officer.post(`/p/tanyen/feedback/${id}/answer`, {
      _csrf: Agent.csrf(page),
      answer: "Lịch tiếp công dân được niêm yết tại trụ sở UBND huyện và trên Cổng.",
      publishAsQa: "true",
      publicQuestion: "Ông Trần Văn Bình hỏi lịch tiếp công dân tháng 12.",
    });
    expect(pii.status).toBe(422);
    expect(pii.html).toContain("Nội dung công khai không được chứa họ tên");
    expect(pii.html).toContain("Lịch tiếp công dân được niêm yết"); // the officer's text is kept
    expect(pii.html).not.toContain("personal_data");
    page = await officer.post(`/p/tanyen/feedback/${id}/answer`, {
      _csrf: Agent.csrf(pii),
      answer: "Lịch tiếp công dân được niêm yết tại trụ sở UBND huyện và trên Cổng.",
    });
    expect(page.html).toContain("Đã gửi câu trả lời.");
    expect(text(page.html)).toMatch(
      /Trả lời lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}, người trả lời: .+, sau \d+ ngày làm việc/,
    );
    expect(page.html).not.toContain(`action="/p/tanyen/feedback/${id}/assign"`);

    // answering again (a second tab): content's conflict in Vietnamese
    const again = await officer.post(`/p/tanyen/feedback/${id}/answer`, {
      _csrf: Agent.csrf(page),
      answer: "Trả lời lần thứ hai cho cùng câu hỏi.",
    });
    expect(again.status).toBe(409);
    expect(again.html).toContain("Ý kiến này đã được trả lời");
  });

  it("a focal officer takes a message themselves; a contributor gets the 403 page and no menu entry; a POST without the token is refused", async () => {
    const id = await send();
    const officer = new Agent(a.url);
    await officer.signIn("tanyen.focal-officer");
    let page = await officer.get(`/p/tanyen/feedback/${id}`);
    // the list of focal officers comes from identity, which may be away: either way one can take it
    const me = /name="officer"[^>]*value="me"/.test(page.html);
    const own = /<option value="([^"]+)"[^>]*>[^<]*tanyen\.focal-officer/.exec(page.html)?.[1];
    expect(me || own).toBeTruthy();
    page = await officer.post(`/p/tanyen/feedback/${id}/assign`, {
      _csrf: Agent.csrf(page),
      officer: me ? "me" : (own ?? ""),
    });
    expect(page.html).toContain("Đã giao xử lý.");
    expect(page.html).toContain("tanyen.focal-officer");

    const noToken = await officer.post(`/p/tanyen/feedback/${id}/answer`, {
      answer: "Không có mã biểu mẫu.",
    });
    expect(noToken.status).toBe(403);

    const contributor = new Agent(a.url);
    const home = await contributor.signIn("tanyen.contributor");
    expect(home.html).not.toContain('href="/p/tanyen/feedback"');
    const refused = await contributor.get("/p/tanyen/feedback");
    expect(refused.status).toBe(403);
    expect(refused.html).toContain("Bạn không có quyền truy cập trang này");
  });
});
