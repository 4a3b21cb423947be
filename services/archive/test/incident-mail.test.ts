// R-OPS-247 (issue 19 screen 5) on the REAL servers: "a new incident mails the technical focal unit
// at once". An incident recorded through the API reaches TECH_UNIT_MAILBOX through the outbox (the
// mail staged in the incident's own insert), archive's own mail topic `cong.archive.mail.v1` and
// archive's mailer over SMTP — the local Mailpit, read through its API — with the Vietnamese
// subject; and the same request delivered again by Kafka sends no second mail (ADR 0007).
import { Topics } from "@cong/contracts";
import { MAIL_SENT } from "@cong/kit";
import { mailpit, uniqueName, waitFor } from "@cong/testing";
import { body, env, type RunningArchive, startArchive, token } from "./fixtures";

const mp = mailpit();
const mailbox = `${uniqueName("su-co")}@tech.bacgiang.localhost`;

let a: RunningArchive;
let admin: string;

const post = (payload: unknown) =>
  fetch(`${a.base}/incidents`, {
    method: "POST",
    headers: { authorization: `Bearer ${admin}`, "content-type": "application/json" },
    body: JSON.stringify(payload),
  });

/** how many events archive's mailer counted with this outcome (sent, duplicate, …) */
async function mailerOutcomes(outcome: string): Promise<number> {
  const metrics = await a.archive.svc.metrics.registry.getMetricsAsJSON();
  const m = metrics.find((x) => x.name === "cong_consumer_events_total");
  return (m?.values ?? [])
    .filter((v) => v.labels.outcome === outcome && String(v.labels.group).endsWith("cong.archive.mailer"))
    .reduce((n, v) => n + Number(v.value), 0);
}

beforeAll(async () => {
  expect(env.SMTP_URL).toBeTruthy();
  a = await startArchive("incident-mail", "2027-01-15T03:00:00Z", {
    // the local Mailpit (SMTP on loopback: no TLS), retried within 1 s
    SMTP_URL: env.SMTP_URL,
    SMTP_RETRY_MAX_MS: 1000,
    TECH_UNIT_MAILBOX: mailbox,
  });
  admin = await token("platform.admin");
});
afterAll(async () => {
  await a?.close();
});

describe("new-incident mail (R-OPS-247, ADR 0007)", () => {
  let id: string;

  it("mails the technical focal unit once, at once: Vietnamese subject, the incident's facts, nobody's name", async () => {
    expect(a.archive.mailer).not.toBeNull();
    const res = await post({
      kind: "security",
      portalIds: ["tanyen"],
      title: "Phát hiện dò quét mật khẩu",
      startedAt: "2027-01-15T09:30:00+07:00",
      actions: "Chặn dải địa chỉ nguồn trên tường lửa.",
      notified: ["Sở TT&TT — ông Nguyễn Văn A"],
    });
    expect(res.status).toBe(201);
    id = (await body(res)).id;

    const mails = await mp.waitForMail(mailbox);
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail?.Subject).toBe("[Cổng TTĐT] Sự cố mới: Phát hiện dò quét mật khẩu / New incident");
    expect(mail?.To).toEqual([{ Name: "", Address: mailbox }]);
    expect(mail?.From.Address).toBe("no-reply@bacgiang.gov.vn");
    expect(mail?.MessageID).toMatch(/^[0-9a-f-]{36}@bacgiang\.gov\.vn$/);
    const { Text: text, HTML: html } = await mp.message(mail?.ID as string);
    expect(html).toBe("");
    expect(text.normalize("NFC")).toBe(text);
    expect(text.indexOf("Kính gửi đơn vị đầu mối kỹ thuật,")).toBe(0);
    expect(text).toContain("Loại: An toàn thông tin / security");
    expect(text).toContain("Cổng liên quan: tanyen");
    expect(text).toContain("Bắt đầu: 15/01/2027 09:30 (giờ Việt Nam)");
    expect(text).toContain(`Mã sự cố: ${id}`);
    expect(text).toContain("Chặn dải địa chỉ nguồn trên tường lửa.");
    expect(text.indexOf("A new incident was recorded")).toBeGreaterThan(text.indexOf("Đã xử lý:"));
    // R-PII: not who was told, not who recorded it
    expect(text).not.toContain("Nguyễn Văn A");
    expect(text).not.toContain("platform.admin");

    // archive keeps that it sent it, by the incident and the address's domain only (R-PII)
    const db = a.archive.svc.db!;
    const sent = await waitFor(() => db.collection(MAIL_SENT).findOne({ ref: `incident:${id}` }), {
      what: "mail_sent",
    });
    expect(sent).toMatchObject({
      purpose: "incident",
      domain: "tech.bacgiang.localhost",
      portalId: "tanyen",
    });
    expect(JSON.stringify(sent)).not.toContain(mailbox);
    // the staged request left the incident once published; the API never shows it
    await waitFor(
      async () => !(await db.collection("incidents").findOne({ _id: id as never }))?._outbox?.length,
      { what: "the incident's outbox entry published and removed" },
    );
    expect(
      Object.keys(
        await body(
          await fetch(`${a.base}/incidents/${id}`, { headers: { authorization: `Bearer ${admin}` } }),
        ),
      ),
    ).not.toContain("_outbox");
  });

  it("sends no second mail when Kafka delivers the same request again", async () => {
    // the request as it is on archive's own mail topic, delivered again (a relay retry, the sweeper)
    const topic = `${a.prefix}${Topics.archiveMail}`;
    const reader = a.kafka.consumer({ groupId: `${a.prefix}test-mail-reader` });
    const seen: { key: Buffer | null; value: Buffer | null; headers?: Record<string, unknown> }[] = [];
    await reader.connect();
    await reader.subscribe({ topic, fromBeginning: true });
    await reader.run({ eachMessage: async ({ message }) => void seen.push(message) });
    const original = await waitFor(() => seen.find((m) => m.value?.toString().includes(`incident:${id}`)), {
      timeoutMs: 30_000,
      what: "the incident's mail request on cong.archive.mail.v1",
    });
    await reader.disconnect();
    const before = await mailerOutcomes("duplicate");
    const headers = Object.fromEntries(
      Object.entries(original.headers ?? {}).map(([k, v]) => [k, String(v)]),
    );
    await a.producer.send({ topic, messages: [{ key: original.key, value: original.value, headers }] });
    await waitFor(async () => (await mailerOutcomes("duplicate")) > before, {
      timeoutMs: 60_000,
      what: "archive's mailer saw the copy",
    });
    expect(await mp.to(mailbox)).toHaveLength(1);
    expect(await a.archive.svc.db!.collection(MAIL_SENT).countDocuments({ ref: `incident:${id}` })).toBe(1);
  });

  it("mails each new incident on its own, a whole-platform one too; an update sends nothing", async () => {
    const res = await post({
      kind: "availability",
      portalIds: [],
      title: "Mất kết nối trung tâm dữ liệu",
      startedAt: "2027-01-15T02:00:00Z",
    });
    expect(res.status).toBe(201);
    const second = (await body(res)).id;
    const update = await fetch(`${a.base}/incidents/${id}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${admin}`, "content-type": "application/json", "if-match": '"1"' },
      body: JSON.stringify({ actions: "Đã chặn; theo dõi tiếp." }),
    });
    expect(update.status).toBe(200);
    const mails = await mp.waitForMail(mailbox, { count: 2 });
    expect(mails.map((m) => m.Subject)).toEqual([
      "[Cổng TTĐT] Sự cố mới: Phát hiện dò quét mật khẩu / New incident",
      "[Cổng TTĐT] Sự cố mới: Mất kết nối trung tâm dữ liệu / New incident",
    ]);
    const text = (await mp.message(mails[1]?.ID as string)).Text;
    expect(text).toContain("Cổng liên quan: toàn nền tảng / the whole platform");
    expect(text).toContain(`Mã sự cố: ${second}`);
    // two requests applied, two mails: the update staged none
    await waitFor(async () => (await mailerOutcomes("applied")) >= 2, { what: "both requests applied" });
    expect(await mailerOutcomes("applied")).toBe(2);
    expect(await a.archive.svc.db!.collection(MAIL_SENT).countDocuments({ purpose: "incident" })).toBe(2);
    expect(await mp.to(mailbox)).toHaveLength(2);
  });
});
