// The kit's mail path against the real servers (ADR 0007, DESIGN "Mail"): a request staged through
// the outbox in the same write as its state change reaches Mailpit once — Vietnamese subject,
// plain-text and HTML parts, a Message-ID from the event id — and a redelivery of the same event,
// even to a mailer that lost its consumer ledger, sends nothing. No address reaches the logs or
// `mail_sent` (R-PII).
import { Writable } from "node:stream";
import { IdentityMailRequested, type MailRequest, Topics } from "@cong/contracts";
import { mailpit, serverEnv, uniqueName, waitFor } from "@cong/testing";
import type { Kafka, Producer } from "kafkajs";
import { type Db, MongoClient } from "mongodb";
import {
  createKafka,
  createLogger,
  ensureTopics,
  loadConfig,
  MAIL_SENT,
  Mailer,
  Outbox,
  type OutboxEntry,
  type SentMail,
  smtpConfig,
  smtpSettings,
} from "../src";

const env = serverEnv();
const lines: string[] = [];
const logger = createLogger({
  service: "mailer-test",
  level: "debug",
  destination: new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      if (process.env.TEST_LOG_LEVEL) process.stderr.write(chunk);
      done();
    },
  }),
});
const mp = mailpit();

interface Invite {
  _id: string;
  state: string;
}

function request(address: string, ref: string): MailRequest {
  return {
    purpose: "invitation",
    ref,
    portalId: "tanyen",
    to: { address, name: "Nguyễn Thị Hoa" },
    subject: "Lời mời tham gia Cổng TTĐT huyện Tân Yên / Invitation to the Tân Yên portal",
    text: "Kính gửi Nguyễn Thị Hoa,\n\nMở liên kết để đặt mật khẩu: http://admin.bacgiang.localhost:3005/invitations/abc\n\nDear Nguyễn Thị Hoa, …",
    html: "<p>Kính gửi <strong>Nguyễn Thị Hoa</strong>,</p>",
  };
}

describe("mailer: outbox → Kafka → SMTP (Mailpit)", () => {
  const prefix = `${uniqueName("mailer")}.`;
  const topic = `${prefix}${Topics.identityMail}`;
  const smtp = smtpSettings(loadConfig(smtpConfig, { SMTP_URL: env.SMTP_URL }));
  let client: MongoClient;
  let db: Db;
  let kafka: Kafka;
  let producer: Producer;
  let outbox: Outbox;
  let mailer: Mailer;
  const newMailer = (group: string) =>
    new Mailer({
      kafka,
      producer,
      db,
      logger,
      groupId: `${prefix}${group}`,
      topics: [topic],
      deadLetterTopic: `${prefix}cong.identity.mailer.dlt`,
      events: [IdentityMailRequested],
      smtp: smtp!,
    });

  beforeAll(async () => {
    expect(smtp).not.toBeNull();
    client = await new MongoClient(env.MONGO_URL).connect();
    db = client.db(prefix.replaceAll(/[.-]/g, "_"));
    kafka = createKafka({ brokers: env.KAFKA_BROKERS.split(","), clientId: "mailer-test", logger });
    // a loaded broker may not know the new topics' leaders at once: asked again, it does
    await waitFor(
      () =>
        ensureTopics(kafka, {
          prefix,
          names: [Topics.identityMail, "cong.identity.mailer.dlt"],
          partitions: 1,
        }),
      { timeoutMs: 60_000, what: "the test's topics" },
    );
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    outbox = new Outbox({ producer, logger, source: "/cong/identity", topicPrefix: prefix });
    await outbox.track(db.collection("invites") as never);
    outbox.start();
    mailer = newMailer("cong.identity.mailer");
    await mailer.start();
  });

  afterAll(async () => {
    await mailer?.stop();
    await outbox?.stop();
    await producer?.disconnect();
    await db?.dropDatabase();
    await client?.close();
  });

  const invites = () => db.collection<Invite>("invites");
  const stage = async (id: string, address: string) => {
    const [entry] = await outbox.insertOne(invites(), { _id: id, state: "invited" }, [
      { def: IdentityMailRequested, data: request(address, `invitation:${id}`) },
    ]);
    return entry as OutboxEntry;
  };

  it("sends what a write staged once, as UTF-8 text and HTML with a Message-ID from the event id", async () => {
    const address = `${uniqueName("hoa")}@tanyen.bacgiang.localhost`;
    const entry = await stage("inv-0001", address);
    const [mail] = await mp.waitForMail(address);
    expect(mail?.Subject).toBe("Lời mời tham gia Cổng TTĐT huyện Tân Yên / Invitation to the Tân Yên portal");
    expect(mail?.MessageID).toBe(`${entry.id}@bacgiang.gov.vn`);
    expect(mail?.From).toEqual({ Name: "Cổng TTĐT tỉnh Bắc Giang", Address: "no-reply@bacgiang.gov.vn" });
    expect(mail?.To).toEqual([{ Name: "Nguyễn Thị Hoa", Address: address }]);
    const full = await mp.message(mail?.ID as string);
    expect(full.Text).toContain("Kính gửi Nguyễn Thị Hoa,");
    expect(full.Text).toContain("http://admin.bacgiang.localhost:3005/invitations/abc");
    expect(full.HTML).toContain("<strong>Nguyễn Thị Hoa</strong>");
    const headers = await mp.headers(mail?.ID as string);
    expect(headers["Auto-Submitted"]).toEqual(["auto-generated"]);
    expect(headers.Date?.[0] && new Date(headers.Date[0]).getTime()).toBe(
      Math.floor(entry.time.getTime() / 1000) * 1000,
    );

    // recorded as sent, with the domain and never the address (R-PII)
    const sent = await waitFor(() => db.collection<SentMail>(MAIL_SENT).findOne({ _id: entry.id }), {
      what: "mail_sent record",
    });
    expect(sent).toMatchObject({
      purpose: "invitation",
      ref: "invitation:inv-0001",
      domain: "tanyen.bacgiang.localhost",
    });
    expect(JSON.stringify(sent)).not.toContain(address.split("@")[0]);
    await waitFor(() => lines.some((l) => l.includes('"mail sent"') && l.includes(entry.id)), {
      what: "log line",
    });
  });

  it("sends nothing again when the same event is delivered again, even to a mailer without its ledger", async () => {
    const address = `${uniqueName("lan")}@tanyen.bacgiang.localhost`;
    const entry = await stage("inv-0002", address);
    await mp.waitForMail(address);
    // Kafka delivers it again: the relay re-sent it, or the sweeper, or a rebalance
    const again = { key: entry.key, value: entry.value, headers: entry.headers };
    await producer.send({ topic, messages: [again, again] });
    // a later mail shows the mailer went past the copies
    const after = `${uniqueName("after")}@tanyen.bacgiang.localhost`;
    await stage("inv-0003", after);
    await mp.waitForMail(after);
    expect(await mp.to(address)).toHaveLength(1);

    // a mailer whose consumer group starts from nothing (a lost ledger) reads every request again:
    // `mail_sent` keeps it from sending any
    await mailer.stop();
    const fresh = newMailer("cong.identity.mailer.again");
    await fresh.start();
    try {
      const done = db.collection<{ _id: string }>("_inbox_done");
      await waitFor(
        async () =>
          (await done.countDocuments({
            _id: { $regex: `^${prefix.replaceAll(".", "\\.")}cong\\.identity\\.mailer\\.again/` },
          })) >= 3,
        { timeoutMs: 60_000, what: "the fresh mailer went through every request" },
      );
    } finally {
      await fresh.stop();
    }
    expect(await mp.to(address)).toHaveLength(1);
    expect(await mp.to(after)).toHaveLength(1);
    expect(lines.filter((l) => l.includes("mail already sent")).length).toBeGreaterThanOrEqual(3);
    mailer = newMailer("cong.identity.mailer");
    await mailer.start();
  });

  it("never logs an address (R-PII)", () => {
    const all = lines.join("");
    expect(all).not.toMatch(/[A-Za-z0-9._-]+@tanyen\.bacgiang\.localhost/);
    expect(all).toContain('"domain":"tanyen.bacgiang.localhost"');
  });
});
