// An SMTP outage loses no mail and sends none twice (DESIGN "Mail", issue 18, ADR 0007): a PRIVATE
// Mailpit (its own ports and data, never the shared one) is stopped while mails are staged; the
// mailer keeps them — nothing recorded as sent, nothing dead-lettered — and once the server is
// back each arrives exactly once. A recipient the server refuses for good is dead-lettered with
// the reason (and no address), and the mails after it go. Prints the attempts made while the
// server was down and the delay from its return to the mails' arrival.
import { IdentityMailRequested, type MailRequest, Topics } from "@cong/contracts";
import { mailpit, type PrivateServer, privateServer, serverEnv, uniqueName, waitFor } from "@cong/testing";
import type { Kafka, KafkaMessage, Producer } from "kafkajs";
import { type Db, MongoClient } from "mongodb";
import {
  createKafka,
  createLogger,
  createMetrics,
  ensureTopics,
  loadConfig,
  MAIL_SENT,
  Mailer,
  type Metrics,
  Outbox,
  smtpConfig,
  smtpSettings,
} from "../src";

jest.setTimeout(300_000);

const env = serverEnv();
const logger = createLogger({ service: "smtp-return", level: process.env.TEST_LOG_LEVEL ?? "silent" });
const ACCEPTED = "accepted.bacgiang.localhost";

function request(address: string, ref: string): MailRequest {
  return {
    purpose: "invitation",
    ref,
    portalId: null,
    to: { address },
    subject: "Thư thử khi máy chủ thư gián đoạn / Test mail during an SMTP outage",
    text: `Thư ${ref}.`,
  };
}

async function metric(metrics: Metrics, name: string): Promise<number> {
  const m = (await metrics.registry.getMetricsAsJSON()).find((x) => x.name === name);
  return (m?.values ?? []).reduce((sum, v) => sum + Number(v.value), 0);
}

async function readDeadLetters(kafka: Kafka, topic: string, count: number): Promise<KafkaMessage[]> {
  const consumer = kafka.consumer({ groupId: uniqueName("dlt-reader") });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const got: KafkaMessage[] = [];
  void consumer.run({ eachMessage: async ({ message }) => void got.push(message) });
  try {
    await waitFor(() => got.length >= count, { timeoutMs: 60_000, what: `${count} dead letter(s)` });
  } finally {
    await consumer.disconnect();
  }
  return got;
}

describe("mail through an SMTP outage (private Mailpit)", () => {
  const prefix = `${uniqueName("smtpdown")}.`;
  const topic = `${prefix}${Topics.identityMail}`;
  const dlt = `${prefix}cong.identity.mailer.dlt`;
  let smtpServer: PrivateServer;
  let client: MongoClient;
  let db: Db;
  let kafka: Kafka;
  let producer: Producer;
  let outbox: Outbox;
  let mailer: Mailer;
  const metrics = createMetrics("smtp-return");

  beforeAll(async () => {
    // the private server refuses every recipient outside ACCEPTED, for good (550 to RCPT TO)
    smtpServer = await privateServer("mailpit", {
      MP_SMTP_ALLOWED_RECIPIENTS: `@${ACCEPTED.replaceAll(".", "\\.")}$`,
    });
    client = await new MongoClient(env.MONGO_URL).connect();
    db = client.db(prefix.replaceAll(/[.-]/g, "_"));
    kafka = createKafka({ brokers: env.KAFKA_BROKERS.split(","), clientId: "smtp-return", logger });
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
    const smtp = smtpSettings(
      loadConfig(smtpConfig, { SMTP_URL: smtpServer.env.SMTP_URL, SMTP_RETRY_MAX_MS: "1000" }),
    );
    mailer = new Mailer({
      kafka,
      producer,
      db,
      logger,
      metrics,
      groupId: `${prefix}cong.identity.mailer`,
      topics: [topic],
      deadLetterTopic: dlt,
      events: [IdentityMailRequested],
      smtp: smtp!,
    });
    await mailer.start();
  });

  afterAll(async () => {
    await mailer?.stop();
    await outbox?.stop();
    await producer?.disconnect();
    await db?.dropDatabase();
    await client?.close();
    await smtpServer?.destroy();
  });

  const stage = async (n: number, address: string) => {
    const id = `inv-${String(n).padStart(4, "0")}`;
    const [entry] = await outbox.insertOne(db.collection("invites"), { _id: id }, [
      { def: IdentityMailRequested, data: request(address, `invitation:${id}`) },
    ]);
    return entry!;
  };

  it("keeps the mails staged while SMTP is down and sends each exactly once when it returns", async () => {
    const mp = mailpit(smtpServer.env.MAILPIT_URL);
    const first = `${uniqueName("before")}@${ACCEPTED}`;
    await stage(1, first);
    await mp.waitForMail(first);

    await smtpServer.stop();
    const during = [2, 3, 4].map((n) => `${uniqueName(`during${n}`)}@${ACCEPTED}`);
    const staged = [];
    for (const [i, address] of during.entries()) staged.push(await stage(i + 2, address));
    // the mailer tries, fails, waits and tries again — at least three attempts while it is down
    await waitFor(async () => (await metric(metrics, "cong_mail_failures_total")) >= 3, {
      timeoutMs: 60_000,
      what: "three failed attempts while SMTP is down",
    });
    const attemptsWhileDown = await metric(metrics, "cong_mail_failures_total");
    // nothing sent, nothing given up: no record of a send, no dead letter
    expect(await db.collection(MAIL_SENT).countDocuments({ _id: { $in: staged.map((e) => e.id) } })).toBe(0);
    const offsets = await kafka.admin();
    await offsets.connect();
    const dltOffsets = await offsets.fetchTopicOffsets(dlt);
    await offsets.disconnect();
    expect(dltOffsets.reduce((n, p) => n + Number(p.high), 0)).toBe(0);

    await smtpServer.start();
    const back = Date.now();
    const arrived: number[] = [];
    for (const address of during) {
      await mp.waitForMail(address, { timeoutMs: 60_000 });
      arrived.push(Date.now() - back);
    }
    // exactly once each, and the first mail was not sent again
    for (const address of [first, ...during]) expect(await mp.to(address)).toHaveLength(1);
    const sent = await db.collection(MAIL_SENT).countDocuments({ _id: { $in: staged.map((e) => e.id) } });
    expect(sent).toBe(3);
    process.stdout.write(
      `smtp-return: ${during.length} mails staged while SMTP was down; ${attemptsWhileDown} failed attempts while down ` +
        `(retry at most every 1000 ms); after SMTP returned they arrived in ${arrived.join(", ")} ms; ` +
        `each delivered once (${sent} recorded sent, 0 dead-lettered)\n`,
    );
  });

  it("dead-letters a recipient the server refuses for good, with the reason and without the address, and goes on", async () => {
    const mp = mailpit(smtpServer.env.MAILPIT_URL);
    const refused = `${uniqueName("refused")}@refused.bacgiang.localhost`;
    const refusedEntry = await stage(10, refused);
    const next = `${uniqueName("next")}@${ACCEPTED}`;
    await stage(11, next);
    await mp.waitForMail(next);
    const [dead] = await readDeadLetters(kafka, dlt, 1);
    const header = (k: string) => dead?.headers?.[k]?.toString() ?? "";
    expect(header("ce_id")).toBe(refusedEntry.id);
    expect(header("x-dlt-reason")).toBe("handler_failed");
    expect(header("x-dlt-error")).toMatch(/^smtp_recipient_refused: EENVELOPE RCPT TO 550/);
    expect(header("x-dlt-error")).not.toContain(refused.split("@")[0]);
    expect(await mp.to(refused)).toHaveLength(0);
    expect(await db.collection(MAIL_SENT).countDocuments({ _id: refusedEntry.id })).toBe(0);
  });
});
