// The daily digest's preview (issue 18, R-BOARD, R-PII): what a board member's digest says today —
// revisions waiting for review, feedback due within two working days or overdue (content's
// working-day calendar), and for the board head the escalation of what is overdue — with no
// citizen's data in it.
import { addWorkingDays } from "../src/calendar";
import { caller, type Harness, startExtras } from "./feedback-harness";

const PORTAL = "stttt";
const DAY = 86_400_000;
const CITIZEN = { fullName: "Hoàng Văn Đức", email: "duc.hoang@example.vn" };

describe("daily digest preview (R-BOARD)", () => {
  let h: Harness;
  const call = caller(() => h);
  let ipSeq = 0;
  const ip = () => ({ "x-forwarded-for": `198.19.0.${++ipSeq}` });
  const ids: Record<"overdue" | "soon" | "later", string> = { overdue: "", soon: "", later: "" };
  const start = new Date();
  const today = addWorkingDays(start, 14);

  async function send(at: Date): Promise<string> {
    h.clock.now = at;
    const r = await call(
      "POST",
      `/public/portals/${PORTAL}/feedback`,
      null,
      {
        kind: "question",
        ...CITIZEN,
        subject: "Hỏi về thủ tục",
        message: "Xin hỏi thủ tục đăng ký trang thông tin điện tử nội bộ thế nào?",
        consent: true,
      },
      ip(),
    );
    expect(r.status).toBe(202);
    return r.body.feedbackId as string;
  }

  beforeAll(async () => {
    h = await startExtras("digest", { rateLimit: { limit: 100, windowMs: 60_000 } });
    await h.addPortal({ portalId: PORTAL, name: "Cổng TTĐT Sở Thông tin và Truyền thông" });
    await h.addPortal({ portalId: "tanyen", kind: "district" });
    for (const [itemId, title] of [
      ["tin-cho-duyet-1", "Hội nghị chuyển đổi số tỉnh Bắc Giang năm 2026"],
      ["tin-cho-duyet-2", "Lịch tiếp công dân tháng 12"],
    ] as const)
      await h.addItem({
        itemId,
        portalId: PORTAL,
        published: false,
        ...({ reviewState: "submitted", title } as object),
      });
    ids.overdue = await send(new Date(start.getTime() - 40 * DAY));
    ids.soon = await send(start);
    ids.later = await send(today);
    h.clock.now = today;
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("shows a board member the waiting reviews and the feedback due within two working days or overdue", async () => {
    const r = await call("GET", `/portals/${PORTAL}/digest/preview`, "stttt.board-member");
    expect(r.status).toBe(200);
    expect(r.body.reviews.map((x: { title: string }) => x.title).sort()).toEqual([
      "Hội nghị chuyển đổi số tỉnh Bắc Giang năm 2026",
      "Lịch tiếp công dân tháng 12",
    ]);
    const due = r.body.feedbackDue.map((x: { feedbackId: string; overdue: boolean }) => [
      x.feedbackId,
      x.overdue,
    ]);
    // earliest due first; the one received today (due in 15 working days) is not there
    expect(due).toEqual([
      [ids.overdue, true],
      [ids.soon, false],
    ]);
    expect(r.body.feedbackDue[0].workingDaysOverdue).toBeGreaterThan(0);
    expect(r.body).toMatchObject({ overdueCount: 1, escalation: false, empty: false, portalId: PORTAL });
    expect(r.body.subject).toBe(
      `Tổng hợp công việc ngày ${r.body.date} — Cổng TTĐT Sở Thông tin và Truyền thông`,
    );
    expect(r.body.text).toContain("Tin bài chờ duyệt: 2");
    expect(r.body.text).toContain("- Lịch tiếp công dân tháng 12");
    expect(r.body.text).toContain("Ý kiến, câu hỏi sắp đến hạn hoặc quá hạn trả lời: 2");
    expect(r.body.text).toContain(`Câu hỏi ${ids.overdue}: QUÁ HẠN`);
    expect(r.body.text).not.toContain("CẦN CHỈ ĐẠO");
    // R-PII: nothing of the citizen, not even their subject
    for (const s of [CITIZEN.fullName, CITIZEN.email, "Hỏi về thủ tục", "Xin hỏi thủ tục"])
      expect(JSON.stringify(r.body)).not.toContain(s);
  });

  it("escalates what is overdue to the board head", async () => {
    const r = await call("GET", `/portals/${PORTAL}/digest/preview`, "stttt.board-head");
    expect(r.status).toBe(200);
    expect(r.body.escalation).toBe(true);
    expect(r.body.subject.startsWith("[Quá hạn] Tổng hợp công việc ngày")).toBe(true);
    expect(r.body.text).toContain("CẦN CHỈ ĐẠO: 1 ý kiến, câu hỏi của người dân đã quá hạn trả lời.");
  });

  it("is the board's: a focal officer or another portal's board gets 403 problem+json", async () => {
    for (const user of ["stttt.focal-officer", "tanyen.board-member"]) {
      const r = await call("GET", `/portals/${PORTAL}/digest/preview`, user);
      expect(r.status).toBe(403);
      expect(r.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    }
    expect((await call("GET", `/portals/${PORTAL}/digest/preview`, null)).status).toBe(401);
  });
});
