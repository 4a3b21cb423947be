// Invitations are mailed (issue 18 "Mail, for real", R-ACCOUNT, R-PII): an invitation created
// through the API reaches the invited address through the outbox, Kafka and identity's mailer
// over SMTP (the local Mailpit, read through its API) — Vietnamese first, English second, with
// the link that sets the password — and a redelivery of the same event sends no second mail.
import { Topics } from "@cong/contracts";
import { MAIL_SENT } from "@cong/kit";
import { mailpit, uniqueName, waitFor } from "@cong/testing";
import {
  api,
  env,
  type RunningIdentity,
  startIdentity,
  type TestRealm,
  throwawayRealm,
  token,
} from "./fixtures";

const mp = mailpit();

async function consumerOutcomes(svc: RunningIdentity, outcome: string): Promise<number> {
  const metrics = await svc.identity.svc.metrics.registry.getMetricsAsJSON();
  const m = metrics.find((x) => x.name === "cong_consumer_events_total");
  return (m?.values ?? [])
    .filter((v) => v.labels.outcome === outcome && String(v.labels.group).endsWith("cong.identity.mailer"))
    .reduce((n, v) => n + Number(v.value), 0);
}

describe("invitation mail (R-ACCOUNT)", () => {
  let t: TestRealm;
  let svc: RunningIdentity;
  let call: ReturnType<typeof api>;
  let bearer: string;

  beforeAll(async () => {
    expect(env.SMTP_URL).toBeTruthy();
    t = await throwawayRealm("identity-mail");
    svc = await startIdentity(t.realm);
    call = api(svc.base);
    bearer = await token(t.realm, "alpha.board-head");
  });
  afterAll(async () => {
    await svc?.close();
    await t?.drop();
  });

  it("mails the invited person the link that sets their password, in Vietnamese then English", async () => {
    const username = uniqueName("moi").replaceAll("-", ".");
    const email = `${username}@alpha.bacgiang.localhost`;
    const inv = await call("POST", "/invitations", bearer, {
      username,
      email,
      firstName: "Thị Hoa",
      lastName: "Nguyễn",
      portalId: "alpha",
      role: "contributor",
    });
    expect(inv.status).toBe(201);
    const link = String(inv.body.link);

    const [mail] = await mp.waitForMail(email);
    expect(mail?.Subject).toBe(
      "Lời mời tham gia Cổng Thông tin điện tử tỉnh Bắc Giang / Invitation to the Bắc Giang e-portal",
    );
    expect(mail?.To).toEqual([{ Name: "Nguyễn Thị Hoa", Address: email }]);
    expect(mail?.From.Address).toBe("no-reply@bacgiang.gov.vn");
    expect(mail?.MessageID).toMatch(/^[0-9a-f-]{36}@bacgiang\.gov\.vn$/);
    const { Text: text, HTML: html } = await mp.message(mail?.ID as string);
    expect(html).toBe("");
    expect(text.normalize("NFC")).toBe(text);
    const vi = text.indexOf("Kính gửi Nguyễn Thị Hoa,");
    const en = text.indexOf("Dear Nguyễn Thị Hoa,");
    expect(vi).toBe(0);
    expect(en).toBeGreaterThan(vi);
    expect(text).toContain("với vai trò Cộng tác viên của cổng alpha");
    expect(text).toContain(`Tên đăng nhập: ${username}`);
    expect(text).toContain("as contributor of the alpha portal");
    expect(text).toMatch(/hết hạn lúc \d{2}:\d{2} ngày \d{2}\/\d{2}\/\d{4} \(giờ Việt Nam\)/);
    // the same link the inviter got, once in each language; it sets the password
    expect(text.split(link)).toHaveLength(3);
    const tokenInMail = text.match(/\/invitations\/([A-Za-z0-9_-]{40,})\s/)?.[1];
    expect(`http://admin.bacgiang.localhost:3005/invitations/${tokenInMail}`).toBe(link);
    const ok = await call("POST", "/invitations/accept", undefined, {
      token: tokenInMail,
      password: "Một-mật-khẩu-đủ-dài-2026",
    });
    expect(ok.status).toBe(200);
    expect(ok.body.username).toBe(username);

    // identity keeps that it sent it, without the address (R-PII)
    const db = svc.identity.svc.db!;
    const sent = await waitFor(() => db.collection(MAIL_SENT).findOne({ purpose: "invitation" }), {
      what: "mail_sent",
    });
    expect(sent).toMatchObject({ domain: "alpha.bacgiang.localhost", portalId: "alpha" });
    expect(JSON.stringify(sent)).not.toContain(username);
  });

  it("sends no second mail when Kafka delivers the same invitation event again", async () => {
    const username = uniqueName("lai").replaceAll("-", ".");
    const email = `${username}@alpha.bacgiang.localhost`;
    const inv = await call("POST", "/invitations", bearer, {
      username,
      email,
      firstName: "Văn Nam",
      lastName: "Trần",
      portalId: "alpha",
      role: "focal-officer",
    });
    expect(inv.status).toBe(201);
    await mp.waitForMail(email);

    // the event as it is on identity's mail topic, delivered again (a relay retry, the sweeper)
    const topic = `${svc.prefix}${Topics.identityMail}`;
    const kafka = svc.identity.svc.kafka!;
    const reader = kafka.consumer({ groupId: `${svc.prefix}test-mail-reader` });
    const seen: { key: Buffer | null; value: Buffer | null; headers?: Record<string, unknown> }[] = [];
    await reader.connect();
    await reader.subscribe({ topic, fromBeginning: true });
    await reader.run({ eachMessage: async ({ message }) => void seen.push(message) });
    const original = await waitFor(() => seen.find((m) => m.value?.toString().includes(email)), {
      timeoutMs: 30_000,
      what: "the invitation's mail request on the topic",
    });
    await reader.disconnect();
    const before = await consumerOutcomes(svc, "duplicate");
    const headers = Object.fromEntries(
      Object.entries(original.headers ?? {}).map(([k, v]) => [k, String(v)]),
    );
    await svc.identity.svc.producer!.send({
      topic,
      messages: [{ key: original.key, value: original.value, headers }],
    });
    await waitFor(async () => (await consumerOutcomes(svc, "duplicate")) > before, {
      timeoutMs: 60_000,
      what: "the mailer saw the copy",
    });
    expect(await mp.to(email)).toHaveLength(1);
  });
});
