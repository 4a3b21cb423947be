// Stopping SMTP while an answer is sent loses nothing (issue 18 "Done when", R-FEEDBACK, ADR 0007):
// content's answer mail goes outbox → Kafka → content's mailer → a PRIVATE Mailpit that the test
// stops before the focal officer answers; the answer is saved and announced at once, the mailer
// keeps trying (nothing recorded as sent, nothing dead-lettered), and when SMTP returns the citizen
// gets the mail exactly once.
import { MAIL_SENT } from "@cong/kit";
import { mailpit, type PrivateServer, privateServer, uniqueName, waitFor } from "@cong/testing";
import { caller, type Harness, startExtras } from "./feedback-harness";

const PORTAL = "stttt";

async function mailFailures(h: Harness): Promise<number> {
  const metrics = await h.svc.metrics.registry.getMetricsAsJSON();
  const m = metrics.find((x) => x.name === "cong_mail_failures_total");
  return (m?.values ?? []).reduce((n, v) => n + Number(v.value), 0);
}

describe("an answer mailed through an SMTP outage (private Mailpit)", () => {
  let smtp: PrivateServer;
  let h: Harness;
  const call = caller(() => h);

  beforeAll(async () => {
    smtp = await privateServer("mailpit");
    h = await startExtras(
      "fbsmtpdown",
      { rateLimit: { limit: 100, windowMs: 60_000 } },
      { mail: true, smtpUrl: smtp.env.SMTP_URL, logLevel: "info" },
    );
    await h.addPortal({ portalId: PORTAL, name: "Cổng TTĐT Sở Thông tin và Truyền thông" });
  });
  afterAll(async () => {
    await h?.stop();
    await smtp?.destroy();
  });

  it("R-FEEDBACK: the answer is kept while SMTP is down and reaches the citizen once when it returns", async () => {
    const email = `${uniqueName("congdan").replaceAll("-", ".")}@example.vn`;
    const sent = await call(
      "POST",
      `/public/portals/${PORTAL}/feedback`,
      null,
      {
        kind: "question",
        fullName: "Nguyễn Văn Bình",
        email,
        subject: "Thủ tục cấp giấy phép",
        message: "Xin hỏi thủ tục cấp giấy phép hoạt động in cần những giấy tờ gì?",
        consent: true,
      },
      { "x-forwarded-for": "203.0.113.77" },
    );
    expect(sent.status).toBe(202);
    const id = sent.body.feedbackId as string;

    await smtp.stop();
    const failuresBefore = await mailFailures(h);
    const answerText =
      "Hồ sơ gồm đơn đề nghị theo mẫu, bản sao giấy chứng nhận đăng ký doanh nghiệp và danh sách thiết bị in.";
    const answered = await call("POST", `/portals/${PORTAL}/feedback/${id}/answer`, "stttt.focal-officer", {
      answer: answerText,
    });
    // the answer does not wait for SMTP: it is saved and its mail staged with it
    expect(answered.status).toBe(200);
    expect(answered.body.answerMailed).toBe(true);
    expect(answered.body.status).toBe("answered");

    // the mailer tries and fails at least twice while SMTP is down; nothing is recorded as sent
    await waitFor(async () => (await mailFailures(h)) >= failuresBefore + 2, {
      timeoutMs: 60_000,
      what: "failed SMTP attempts while it is down",
    });
    const db = h.svc.db;
    if (!db) throw new Error("no db");
    const ref = `feedback:${id}`;
    expect(await db.collection(MAIL_SENT).countDocuments({ purpose: "feedback-answer", ref })).toBe(0);

    await smtp.start();
    const mp = mailpit(smtp.env.MAILPIT_URL);
    const [mail] = await mp.waitForMail(email, { timeoutMs: 90_000 });
    const { Text: text } = await mp.message(mail?.ID as string);
    expect(text).toContain(answerText);
    await waitFor(() => db.collection(MAIL_SENT).findOne({ purpose: "feedback-answer", ref }), {
      timeoutMs: 30_000,
      what: "the send recorded",
    });
    // once: the retries before the outage ended sent nothing, and nothing more comes after
    await new Promise((r) => setTimeout(r, 3000));
    expect(await mp.to(email)).toHaveLength(1);
    expect(await db.collection(MAIL_SENT).countDocuments({ purpose: "feedback-answer", ref })).toBe(1);
  });
});
