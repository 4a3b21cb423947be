// Feedback and Q&A against the real servers (R-FEEDBACK, R-BOARD, R-PII, R-ACCOUNT, R-ORG).
import { caller, collectFeedbackEvents, type Harness, startExtras } from "./feedback-harness";

const PORTAL = "stttt";
const OTHER = "tanyen";
const CITIZEN = { fullName: "Nguyễn Thị Hoà", email: "hoa.nguyen@example.vn", phone: "0912345678" };

function intake(extra: Record<string, unknown> = {}) {
  return {
    kind: "question",
    ...CITIZEN,
    subject: "Thủ tục cấp phép",
    message: "Xin hỏi thủ tục cấp giấy phép thiết lập trang thông tin điện tử tổng hợp cần những giấy tờ gì?",
    consent: true,
    ...extra,
  };
}

/** A text holds none of the citizen's personal data (R-PII). */
function expectNoPii(text: string) {
  expect(text).not.toContain(CITIZEN.fullName);
  expect(text).not.toContain(CITIZEN.email);
  expect(text).not.toContain(CITIZEN.phone);
}

describe("feedback and Q&A (R-FEEDBACK, R-PII, R-BOARD)", () => {
  let h: Harness;
  let events: Awaited<ReturnType<typeof collectFeedbackEvents>>;
  const call = caller(() => h);
  let ipSeq = 0;
  /** each request its own client address, so only the rate-limit test meets the limit */
  const ip = () => ({ "x-forwarded-for": `198.51.100.${++ipSeq}` });

  beforeAll(async () => {
    h = await startExtras("feedback", { rateLimit: { limit: 3, windowMs: 60_000 } });
    await h.addPortal({ portalId: PORTAL });
    await h.addPortal({ portalId: OTHER, kind: "district" });
    events = await collectFeedbackEvents(h);
  });
  afterAll(async () => {
    await events?.stop();
    await h?.stop();
  });

  it("R-PII: refuses intake without explicit consent (400 problem+json)", async () => {
    for (const consent of [undefined, false, "true", 1]) {
      const r = await call("POST", `/public/portals/${PORTAL}/feedback`, null, intake({ consent }), ip());
      expect(r.status).toBe(400);
      expect(r.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      expect(r.body.reason).toBe("consent_required");
    }
  });

  it("R-PII: accepts only the minimum personal data (name, and e-mail or phone)", async () => {
    const extraField = await call(
      "POST",
      `/public/portals/${PORTAL}/feedback`,
      null,
      intake({ address: "Số 1 Hoàng Văn Thụ" }),
      ip(),
    );
    expect(extraField.status).toBe(422);
    const noContact = await call(
      "POST",
      `/public/portals/${PORTAL}/feedback`,
      null,
      intake({ email: undefined, phone: undefined }),
      ip(),
    );
    expect(noContact.status).toBe(422);
    const tooShort = await call(
      "POST",
      `/public/portals/${PORTAL}/feedback`,
      null,
      intake({ message: "ngắn" }),
      ip(),
    );
    expect(tooShort.status).toBe(422);
    const tooLong = await call(
      "POST",
      `/public/portals/${PORTAL}/feedback`,
      null,
      intake({ message: "a".repeat(5001) }),
      ip(),
    );
    expect(tooLong.status).toBe(422);
    const operator = await call(
      "POST",
      `/public/portals/${PORTAL}/feedback`,
      null,
      intake({ fullName: { $ne: "" } }),
      ip(),
    );
    expect([400, 422]).toContain(operator.status);
    const unknownPortal = await call("POST", "/public/portals/khongco/feedback", null, intake(), ip());
    expect(unknownPortal.status).toBe(404);
  });

  it("R-FEEDBACK: rate limit per client IP answers 429 problem+json", async () => {
    const same = { "x-forwarded-for": "203.0.113.77" };
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push(
        (await call("POST", `/public/portals/${PORTAL}/feedback`, null, intake({ kind: "feedback" }), same))
          .status,
      );
    }
    expect(statuses.slice(0, 3)).toEqual([202, 202, 202]);
    const limited = await call("POST", `/public/portals/${PORTAL}/feedback`, null, intake(), same);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(limited.body.code).toBe("rate_limited");
    // another client is not affected
    expect((await call("POST", `/public/portals/${PORTAL}/feedback`, null, intake(), ip())).status).toBe(202);
  });

  it("R-FEEDBACK: a filled honeypot is answered like success but stored nowhere", async () => {
    const r = await call(
      "POST",
      `/public/portals/${PORTAL}/feedback`,
      null,
      intake({ website: "http://spam.example" }),
      ip(),
    );
    expect(r.status).toBe(202);
    const one = await call("GET", `/portals/${PORTAL}/feedback/${r.body.feedbackId}`, "stttt.board-member");
    expect(one.status).toBe(404);
  });

  it("R-FEEDBACK, R-TIMELY: answer due after 15 working days counted over Tết 2026; overdue list after that", async () => {
    h.clock.now = new Date("2026-02-10T09:00:00+07:00");
    const r = await call("POST", `/public/portals/${PORTAL}/feedback`, null, intake(), ip());
    expect(r.status).toBe(202);
    // Tết 16–20/2/2026 and four weekends skipped: the 15th working day is Tuesday 10/3/2026
    // (weekdays alone would give 3/3/2026)
    expect(r.body.dueAt).toBe(new Date("2026-03-10T23:59:59.999+07:00").toISOString());
    const id = r.body.feedbackId as string;

    h.clock.now = new Date("2026-03-05T10:00:00+07:00");
    let overdue = await call("GET", `/portals/${PORTAL}/feedback-overdue`, "stttt.board-member");
    expect(overdue.status).toBe(200);
    expect(overdue.body.items.map((x: any) => x.feedbackId)).not.toContain(id);

    h.clock.now = new Date("2026-03-10T16:00:00+07:00");
    overdue = await call("GET", `/portals/${PORTAL}/feedback-overdue`, "stttt.board-member");
    expect(overdue.body.items.map((x: any) => x.feedbackId)).not.toContain(id);

    h.clock.now = new Date("2026-03-11T08:00:00+07:00");
    overdue = await call("GET", `/portals/${PORTAL}/feedback-overdue`, "stttt.board-member");
    const found = overdue.body.items.find((x: any) => x.feedbackId === id);
    expect(found).toMatchObject({ overdue: true, workingDaysOverdue: 1 });
    const flagged = await call("GET", `/portals/${PORTAL}/feedback?overdue=true`, "stttt.focal-officer");
    expect(flagged.body.items.map((x: any) => x.feedbackId)).toContain(id);
    h.clock.now = new Date();
  });

  it("R-ORG, R-BOARD: a board member of another portal can neither read nor answer (403); answering is the focal officer's", async () => {
    const r = await call("POST", `/public/portals/${PORTAL}/feedback`, null, intake(), ip());
    const id = r.body.feedbackId as string;
    const list = await call("GET", `/portals/${PORTAL}/feedback`, "tanyen.board-member");
    expect(list.status).toBe(403);
    expect(list.body.code).toBe("forbidden");
    expect((await call("GET", `/portals/${PORTAL}/feedback/${id}`, "tanyen.board-member")).status).toBe(403);
    expect(
      (
        await call("POST", `/portals/${PORTAL}/feedback/${id}/answer`, "tanyen.focal-officer", {
          answer: "Trả lời thử nghiệm từ cổng khác.",
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call("POST", `/portals/${PORTAL}/feedback/${id}/assign`, "tanyen.board-head", {
          agency: "Phòng Văn hóa",
        })
      ).status,
    ).toBe(403);
    // through their own portal's path they don't see it either
    expect((await call("GET", `/portals/${OTHER}/feedback/${id}`, "tanyen.board-member")).status).toBe(404);
    // a board member of the right portal may not answer: the focal officer does
    expect(
      (
        await call("POST", `/portals/${PORTAL}/feedback/${id}/answer`, "stttt.board-member", {
          answer: "Trả lời của thành viên ban biên tập.",
        })
      ).status,
    ).toBe(403);
    expect((await call("GET", `/portals/${PORTAL}/feedback`, null)).status).toBe(401);
  });

  it("R-FEEDBACK, R-PII: assign, answer, publish as Q&A without personal data; events validate and carry no PII; logs redact it", async () => {
    const r = await call("POST", `/public/portals/${PORTAL}/feedback`, null, intake(), ip());
    expect(r.status).toBe(202);
    expectNoPii(r.text);
    const id = r.body.feedbackId as string;

    const staff = await call("GET", `/portals/${PORTAL}/feedback/${id}`, "stttt.board-member");
    expect(staff.body.contact).toEqual(CITIZEN);

    const assigned = await call("POST", `/portals/${PORTAL}/feedback/${id}/assign`, "stttt.board-deputy", {
      agency: "Phòng Bưu chính, Viễn thông",
      assignee: { userId: "00000000-0000-4000-8000-000000000001", username: "stttt.focal-officer" },
    });
    expect(assigned.status).toBe(200);
    expect(assigned.body.status).toBe("assigned");

    // published text that names the person is refused
    const leaking = await call("POST", `/portals/${PORTAL}/feedback/${id}/answer`, "stttt.focal-officer", {
      answer: `Kính gửi bà ${CITIZEN.fullName}, hồ sơ gồm đơn đề nghị và đề án hoạt động.`,
      publishAsQa: true,
      publicQuestion: "Thủ tục cấp giấy phép trang thông tin điện tử tổng hợp cần những giấy tờ gì?",
    });
    expect(leaking.status).toBe(422);
    expect(leaking.body.reason).toBe("personal_data_in_public_text");

    const answered = await call("POST", `/portals/${PORTAL}/feedback/${id}/answer`, "stttt.focal-officer", {
      answer:
        "Hồ sơ gồm: đơn đề nghị cấp giấy phép; bản sao quyết định thành lập; đề án hoạt động.\n\nThời hạn giải quyết 10 ngày làm việc.",
      publishAsQa: true,
      publicQuestion:
        "Thủ tục cấp giấy phép thiết lập trang thông tin điện tử tổng hợp cần những giấy tờ gì?",
      qaTitle: "Hồ sơ cấp giấy phép trang thông tin điện tử tổng hợp",
    });
    expect(answered.status).toBe(200);
    expect(answered.body.status).toBe("answered");
    const qaId = answered.body.answer.publishedAsQaItemId as string;
    expect(qaId).toBeTruthy();
    const qa = (await h.qaSubmissions()).find((q) => q._id === qaId);
    expect(qa).toBeDefined();
    expect(qa?.portalId).toBe(PORTAL);
    expectNoPii(JSON.stringify(qa));

    const again = await call("POST", `/portals/${PORTAL}/feedback/${id}/answer`, "stttt.focal-officer", {
      answer: "Trả lời lần thứ hai cho cùng câu hỏi.",
    });
    expect(again.status).toBe(409);

    const received = await events.waitFor("feedback.received", (d) => d.feedbackId === id);
    expect(received.data).toMatchObject({ portalId: PORTAL, kind: "question", channel: "web" });
    const answeredEvent = await events.waitFor("feedback.answered", (d) => d.feedbackId === id);
    expect(answeredEvent.data).toMatchObject({ portalId: PORTAL, publishedAsQaItemId: qaId });
    expect(events.invalid).toEqual([]);
    for (const raw of events.raw) {
      expectNoPii(raw);
      expect(raw).not.toContain("Thủ tục cấp phép");
    }
    // the service logged the intake, but never the person's data
    expect(h.logs.some((l) => l.includes(id))).toBe(true);
    for (const line of h.logs) expectNoPii(line);
  });

  it("R-ACCOUNT: assigned, unanswered feedback moves to the successor on handover", async () => {
    const r = await call(
      "POST",
      `/public/portals/${PORTAL}/feedback`,
      null,
      intake({ kind: "feedback" }),
      ip(),
    );
    const id = r.body.feedbackId as string;
    await call("POST", `/portals/${PORTAL}/feedback/${id}/assign`, "stttt.board-head", {
      assignee: { userId: "leaving-officer-1", username: "stttt.cu" },
    });
    const moved = await h.handover.onAccountHandedOver({
      portalId: PORTAL,
      from: { userId: "leaving-officer-1", username: "stttt.cu" },
      to: { userId: "successor-1", username: "stttt.moi" },
      eventId: "evt-handover-1",
    });
    expect(moved.moved).toBe(1);
    const doc = await call("GET", `/portals/${PORTAL}/feedback/${id}`, "stttt.board-head");
    expect(doc.body.assignee).toMatchObject({ userId: "successor-1", username: "stttt.moi" });
    // redelivery moves nothing more
    expect(
      (
        await h.handover.onAccountHandedOver({
          portalId: PORTAL,
          from: { userId: "leaving-officer-1", username: "stttt.cu" },
          to: { userId: "successor-1", username: "stttt.moi" },
          eventId: "evt-handover-1",
        })
      ).moved,
    ).toBe(0);
  });
});
