// The answer mail and who sees a citizen's contact details (issue 18, R-FEEDBACK, R-PII): an answer
// to a citizen who left an e-mail address reaches them through the outbox, Kafka and content's
// mailer over SMTP (the local Mailpit, read through its API), once, in Vietnamese, as plain text,
// with nothing about them but their address; the contact details are shown only to the portal's
// board and the assigned officer, and every showing is recorded.
import { Topics } from "@cong/contracts";
import { MAIL_SENT } from "@cong/kit";
import { mailpit, uniqueName, waitFor } from "@cong/testing";
import { caller, env, type Harness, startExtras, token } from "./feedback-harness";

const PORTAL = "stttt";
const mp = mailpit();

/** The Keycloak subject of a demo user (what an assignment names). */
async function subjectOf(username: string): Promise<string> {
  const jwt = await token(username);
  const payload = JSON.parse(Buffer.from(jwt.split(".")[1] as string, "base64url").toString("utf8"));
  return String(payload.sub);
}

async function consumerOutcomes(h: Harness, outcome: string): Promise<number> {
  const metrics = await h.svc.metrics.registry.getMetricsAsJSON();
  const m = metrics.find((x) => x.name === "cong_consumer_events_total");
  return (m?.values ?? [])
    .filter((v) => v.labels.outcome === outcome && String(v.labels.group).endsWith("cong.content.mailer"))
    .reduce((n, v) => n + Number(v.value), 0);
}

describe("answer mail and contact details (R-FEEDBACK, R-PII)", () => {
  let h: Harness;
  const call = caller(() => h);
  let ipSeq = 0;
  const ip = () => ({ "x-forwarded-for": `203.0.113.${++ipSeq}` });
  const citizen = () => ({
    fullName: "Trần Thị Minh Thư",
    email: `${uniqueName("congdan").replaceAll("-", ".")}@example.vn`,
    phone: "0987654321",
  });

  beforeAll(async () => {
    expect(env.SMTP_URL).toBeTruthy();
    h = await startExtras("fbmail", { rateLimit: { limit: 100, windowMs: 60_000 } }, { mail: true });
    await h.addPortal({ portalId: PORTAL, name: "Cổng TTĐT Sở Thông tin và Truyền thông" });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("R-PII: contact details only for the board and the assignee, each showing recorded", async () => {
    const person = citizen();
    const r = await call(
      "POST",
      `/public/portals/${PORTAL}/feedback`,
      null,
      {
        kind: "feedback",
        ...person,
        message: "Đề nghị bổ sung lịch tiếp công dân của Sở trên cổng thông tin.",
        consent: true,
      },
      ip(),
    );
    expect(r.status).toBe(202);
    const id = r.body.feedbackId as string;

    const board = await call("GET", `/portals/${PORTAL}/feedback/${id}`, "stttt.board-head");
    expect(board.status).toBe(200);
    expect(board.body.contact).toEqual({ ...person, email: person.email.toLowerCase() });
    expect(board.body.contactHidden).toBe(false);

    // a focal officer the message is not assigned to sees the message, not the person
    const officer = await call("GET", `/portals/${PORTAL}/feedback/${id}`, "stttt.focal-officer");
    expect(officer.status).toBe(200);
    expect(officer.body.contact).toBeUndefined();
    expect(officer.body.contactHidden).toBe(true);
    expect(officer.text).not.toContain(person.email);
    const list = await call("GET", `/portals/${PORTAL}/feedback`, "stttt.focal-officer");
    const inList = list.body.items.find((x: { feedbackId: string }) => x.feedbackId === id);
    expect(inList).toMatchObject({ contactHidden: true });
    expect(JSON.stringify(list.body)).not.toContain(person.fullName);

    const sub = await subjectOf("stttt.focal-officer");
    const assigned = await call("POST", `/portals/${PORTAL}/feedback/${id}/assign`, "stttt.board-deputy", {
      assignee: { userId: sub, username: "stttt.focal-officer" },
    });
    expect(assigned.status).toBe(200);
    const mine = await call("GET", `/portals/${PORTAL}/feedback/${id}`, "stttt.focal-officer");
    expect(mine.body.contact.fullName).toBe(person.fullName);
    expect(mine.body.contactHidden).toBe(false);

    const trail = await call("GET", `/portals/${PORTAL}/feedback/${id}/access-log`, "stttt.board-member");
    expect(trail.status).toBe(200);
    const seen = trail.body.items.map((x: { actor: { username: string }; view: string }) => [
      x.actor.username,
      x.view,
    ]);
    // newest first: the assignee's detail view, the deputy's assignment answer, the head's view;
    // the officer's views before the assignment showed nothing and are not there
    expect(seen).toEqual([
      ["stttt.focal-officer", "detail"],
      ["stttt.board-deputy", "assign"],
      ["stttt.board-head", "detail"],
    ]);
    for (const x of trail.body.items) expect(Date.parse(x.at)).toBeGreaterThan(0);
    // the trail is the board's: the officer may not read it
    const denied = await call("GET", `/portals/${PORTAL}/feedback/${id}/access-log`, "stttt.focal-officer");
    expect(denied.status).toBe(403);
    expect(denied.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    const badLimit = await call(
      "GET",
      `/portals/${PORTAL}/feedback/${id}/access-log?limit=0`,
      "stttt.board-member",
    );
    expect(badLimit.status).toBe(422);
  });

  it("R-FEEDBACK: the answer is mailed to the citizen once, in Vietnamese, as plain text without their other data", async () => {
    const person = citizen();
    const r = await call(
      "POST",
      `/public/portals/${PORTAL}/feedback`,
      null,
      {
        kind: "question",
        ...person,
        subject: "Giờ làm việc bộ phận một cửa",
        message: "Xin hỏi bộ phận một cửa của Sở làm việc vào những giờ nào trong tuần?",
        consent: true,
      },
      ip(),
    );
    const id = r.body.feedbackId as string;
    const answerText =
      "Bộ phận một cửa làm việc từ thứ Hai đến thứ Sáu, sáng 7 giờ 30 đến 11 giờ 30, chiều 13 giờ 30 đến 17 giờ.";
    const answered = await call("POST", `/portals/${PORTAL}/feedback/${id}/answer`, "stttt.focal-officer", {
      answer: answerText,
    });
    expect(answered.status).toBe(200);
    expect(answered.body.answerMailed).toBe(true);

    const [mail] = await mp.waitForMail(person.email, { timeoutMs: 60_000 });
    expect(mail?.Subject).toBe("Trả lời câu hỏi của Quý ông/bà — Cổng TTĐT Sở Thông tin và Truyền thông");
    expect(mail?.To).toEqual([{ Name: "", Address: person.email }]);
    expect(mail?.MessageID).toMatch(/^[0-9a-f-]{36}@bacgiang\.gov\.vn$/);
    const { Text: text, HTML: html } = await mp.message(mail?.ID as string);
    expect(html).toBe("");
    expect(text.normalize("NFC")).toBe(text);
    expect(text.startsWith("Kính gửi Quý ông/bà,")).toBe(true);
    expect(text).toContain(answerText);
    expect(text).toContain(`Mã số: ${id}`);
    expect(text).toContain("Tiêu đề: Giờ làm việc bộ phận một cửa");
    // nothing about the person beyond the address it goes to (R-PII)
    expect(text).not.toContain(person.fullName);
    expect(text).not.toContain(person.phone);
    expect(text).not.toContain("Xin hỏi bộ phận một cửa");

    const db = h.svc.db;
    if (!db) throw new Error("no db");
    const sent = await waitFor(
      () => db.collection(MAIL_SENT).findOne({ purpose: "feedback-answer", ref: `feedback:${id}` }),
      { what: "mail_sent" },
    );
    expect(sent).toMatchObject({ domain: "example.vn", portalId: PORTAL });
    expect(JSON.stringify(sent)).not.toContain(person.email);
    for (const line of h.logs) expect(line).not.toContain(person.email);

    // the same mail request delivered again (a relay retry, the sweeper) sends nothing
    const topic = `${h.prefix}${Topics.contentMail}`;
    const kafka = h.svc.kafka;
    if (!kafka || !h.svc.producer) throw new Error("no kafka");
    const reader = kafka.consumer({ groupId: `${h.prefix}test-mail-reader` });
    const seen: { key: Buffer | null; value: Buffer | null; headers?: Record<string, unknown> }[] = [];
    await reader.connect();
    await reader.subscribe({ topic, fromBeginning: true });
    await reader.run({ eachMessage: async ({ message }) => void seen.push(message) });
    const original = await waitFor(() => seen.find((m) => m.value?.toString().includes(person.email)), {
      timeoutMs: 30_000,
      what: "the answer's mail request on content's mail topic",
    });
    await reader.disconnect();
    const before = await consumerOutcomes(h, "duplicate");
    await h.svc.producer.send({
      topic,
      messages: [
        {
          key: original.key,
          value: original.value,
          headers: Object.fromEntries(Object.entries(original.headers ?? {}).map(([k, v]) => [k, String(v)])),
        },
      ],
    });
    await waitFor(async () => (await consumerOutcomes(h, "duplicate")) > before, {
      timeoutMs: 60_000,
      what: "the mailer saw the copy",
    });
    expect(await mp.to(person.email)).toHaveLength(1);
  });

  it("R-PII: no mail when the citizen gave only a phone number", async () => {
    const r = await call(
      "POST",
      `/public/portals/${PORTAL}/feedback`,
      null,
      {
        kind: "feedback",
        fullName: "Lê Văn Bình",
        phone: "0912000111",
        message: "Đề nghị cập nhật số điện thoại đường dây nóng của Sở.",
        consent: true,
      },
      ip(),
    );
    const id = r.body.feedbackId as string;
    const answered = await call("POST", `/portals/${PORTAL}/feedback/${id}/answer`, "stttt.focal-officer", {
      answer: "Cảm ơn ông/bà, số đường dây nóng đã được cập nhật trên trang Liên hệ.",
    });
    expect(answered.status).toBe(200);
    expect(answered.body.answerMailed).toBe(false);
    const db = h.svc.db;
    if (!db) throw new Error("no db");
    const stored = await db.collection("feedback").findOne({ _id: id as never });
    expect(JSON.stringify(stored?._outbox ?? [])).not.toContain("feedback-answer");
  });
});
