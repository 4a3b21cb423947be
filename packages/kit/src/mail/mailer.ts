// The mailer (ADR 0007): sends the mail requests a service staged through its outbox, over SMTP,
// each once. It is an idempotent consumer of the service's own mail topic:
//   - a request already sent (its event id is in `mail_sent`, or in this process's memory) is
//     acknowledged and not sent again, however often Kafka delivers it;
//   - while the SMTP server is unreachable, answers 4xx, or refuses the connection, sender, TLS or
//     login, the partition pauses and the same request is tried again, backing off to
//     SMTP_RETRY_MAX_MS: nothing is dead-lettered for it, nothing is skipped, and the mail goes
//     once the server is back;
//   - a recipient or message the server refuses for good (5xx to RCPT TO or DATA) is sent to the
//     mailer's dead-letter topic with the reason, and the next mail goes;
//   - logs and metrics name the event id, purpose, reference and the address's DOMAIN, never the
//     address (R-PII). The Message-ID is derived from the event id, so even the one case that can
//     send twice — the process dies between the server's 250 and `mail_sent` — is one message to
//     the recipient's client.
import { setTimeout as sleep } from "node:timers/promises";
import type { CloudEvent, ConsumerGroupKey, EventDefinition, MailRequest } from "@cong/contracts";
import { ConsumerGroups, deadLetterTopic, Topics } from "@cong/contracts";
import type { Kafka, Producer } from "kafkajs";
import type { Collection, Db } from "mongodb";
import type { Logger } from "pino";
import { type HandlerContext, IdempotentConsumer, TransientError } from "../kafka/consumer";
import type { Metrics } from "../metrics";
import { isMongoUnavailable } from "../mongo";
import type { Service } from "../service";
import { redactSmtpUrl, type SmtpSettings } from "./config";
import { addressDomain, composeMail, redactAddresses } from "./message";
import { classifySmtpError, createSmtpTransport, type MailTransport, type SmtpSendInfo } from "./smtp";

/** What `mail_sent` keeps of a sent mail: enough to answer "was it sent, when, as what" — no address. */
export interface SentMail {
  /** the mail-request event's id */
  _id: string;
  messageId: string;
  purpose: string;
  ref: string;
  portalId: string | null;
  /** the recipient's domain (R-PII: not the address) */
  domain: string;
  requestedAt: Date;
  sentAt: Date;
  /** the SMTP server's final answer, addresses redacted */
  response: string;
}

/** A mail the SMTP server refused for good; its message is the reason, without the address. */
export class MailRefused extends Error {
  override readonly name = "MailRefused";
  constructor(
    readonly reason: string,
    detail: string,
  ) {
    super(`${reason}: ${detail}`);
  }
}

export interface MailerOptions {
  kafka: Kafka;
  /** producer for dead letters */
  producer: Producer;
  /** the sending service's database: holds the consumer's ledger and `mail_sent` */
  db: Db;
  logger: Logger;
  metrics?: Metrics;
  /** full consumer-group name (with the environment's prefix) */
  groupId: string;
  /** full topic names */
  topics: string[];
  /** full dead-letter topic name */
  deadLetterTopic: string;
  /** the mail-request events this mailer sends (their payload is a MailRequest) */
  events: EventDefinition[];
  smtp: SmtpSettings;
  /** default: nodemailer over `smtp.url` */
  transport?: MailTransport;
  /** `mail_sent` records older than this are deleted (default 30 days; Kafka keeps 7) */
  sentRetentionMs?: number;
}

/**
 * The client with consumers that wait at most `ms` for data. While SMTP is down the mailer's
 * only partition is paused, and kafkajs then sleeps a whole fetch wait (5 s by default) before it
 * looks again: with a 1 s retry the mails arrived 4.2–4.4 s after the server returned, with this
 * 0.2–0.6 s (smtp-return.test.ts, quiet machine). The consumer
 * kit takes no fetch wait of its own, so the mailer hands it a client whose consumers have one
 * (every other property, the symbol-keyed ones included, is the client's own).
 */
function withFetchWait(kafka: Kafka, ms: number): Kafka {
  return new Proxy(kafka, {
    get(target, prop, receiver) {
      if (prop === "consumer")
        return (config: Parameters<Kafka["consumer"]>[0]) =>
          target.consumer({ maxWaitTimeInMs: ms, ...config });
      return Reflect.get(target, prop, receiver);
    },
  });
}

export const MAIL_SENT = "mail_sent";

export class Mailer {
  private readonly consumer: IdempotentConsumer;
  private readonly sent: Collection<SentMail>;
  private readonly transport: MailTransport;
  private readonly log: Logger;
  /** event id → Message-ID of what this process sent (guards a redelivery while `mail_sent` is unreachable) */
  private readonly sentHere = new Map<string, string>();
  private failing = 0;
  private warnedAt = 0;
  private cleanupTimer: NodeJS.Timeout | undefined;
  private readonly sentTotal;
  private readonly failures;
  private readonly duplicates;
  private readonly smtpUp;
  private readonly delay;

  constructor(private readonly opts: MailerOptions) {
    this.log = opts.logger.child({ component: "mailer", group: opts.groupId });
    this.transport = opts.transport ?? createSmtpTransport(opts.smtp);
    this.sent = opts.db.collection<SentMail>(MAIL_SENT);
    const m = opts.metrics;
    this.sentTotal = m?.counter("cong_mail_sent_total", "mails the SMTP server accepted", ["purpose"]);
    this.failures = m?.counter(
      "cong_mail_failures_total",
      "failed sends by reason (transient ones are retried)",
      ["reason"],
    );
    this.duplicates = m?.counter(
      "cong_mail_duplicates_total",
      "mail requests delivered again after their mail was sent (not sent again)",
    );
    this.smtpUp = m?.gauge(
      "cong_mail_smtp_up",
      "1 when the last attempt reached the SMTP server, 0 when it did not",
    );
    this.delay = m?.gauge(
      "cong_mail_delay_seconds",
      "time from the request (the state change) to the SMTP server's acceptance, last mail",
      ["purpose"],
    );
    const handler = (e: CloudEvent<unknown>, ctx: HandlerContext) =>
      this.deliver(e as CloudEvent<MailRequest>, ctx);
    this.consumer = new IdempotentConsumer({
      kafka: withFetchWait(opts.kafka, Math.min(1000, opts.smtp.retryMaxMs)),
      groupId: opts.groupId,
      topics: opts.topics,
      db: opts.db,
      producer: opts.producer,
      deadLetterTopic: opts.deadLetterTopic,
      logger: opts.logger,
      ...(opts.metrics ? { metrics: opts.metrics } : {}),
      handlers: Object.fromEntries(opts.events.map((d) => [d.type, handler])),
      // a refusal for good is final at once; everything else that fails is transient (paused)
      retry: { attempts: 1 },
      pause: { initialMs: 250, maxMs: opts.smtp.retryMaxMs },
      // one mail at a time: mails are few, and an outage then costs one failed attempt per pause
      partitionsConsumedConcurrently: 1,
    });
  }

  /** The idempotent consumer underneath (tests wait for its GROUP_JOIN). */
  get raw() {
    return this.consumer.raw;
  }

  async start(): Promise<void> {
    await this.sent.createIndex({ sentAt: 1 }, { name: "sentAt" });
    await this.consumer.start();
    const retention = this.opts.sentRetentionMs ?? 30 * 24 * 3600_000;
    this.cleanupTimer = setInterval(() => {
      this.sent
        .deleteMany({ sentAt: { $lt: new Date(Date.now() - retention) } })
        .catch((e) => this.log.warn({ err: e }, "removing old mail_sent records failed"));
    }, 3600_000);
    this.cleanupTimer.unref();
    this.log.info(
      {
        smtp: redactSmtpUrl(this.opts.smtp.url),
        requireTls: this.opts.smtp.requireTls,
        topics: this.opts.topics,
      },
      "mailer started",
    );
  }

  async stop(): Promise<void> {
    if (this.cleanupTimer) clearInterval(this.cleanupTimer);
    await this.consumer.stop();
    this.transport.close();
  }

  private async alreadySent(id: string): Promise<boolean> {
    if (this.sentHere.has(id)) return true;
    return (await this.sent.findOne({ _id: id }, { projection: { _id: 1 } })) !== null;
  }

  private async deliver(event: CloudEvent<MailRequest>, ctx: HandlerContext): Promise<void> {
    const r = event.data;
    const domain = addressDomain(r.to.address);
    const log = ctx.logger.child({ component: "mailer", purpose: r.purpose, ref: r.ref, domain });
    if (await this.alreadySent(event.id)) {
      this.duplicates?.inc();
      log.info("mail already sent; not sent again");
      return;
    }
    let info: SmtpSendInfo;
    try {
      info = await this.transport.sendMail(composeMail(event, this.opts.smtp.from));
    } catch (e) {
      const f = classifySmtpError(e);
      this.failures?.inc({ reason: f.reason });
      if (f.kind === "transient") {
        this.smtpUp?.set(0);
        this.failing++;
        // the first failure, then one a minute at warn; the others at debug
        const loud = Date.now() - this.warnedAt >= 60_000;
        if (loud) this.warnedAt = Date.now();
        log[loud ? "warn" : "debug"](
          { reason: f.reason, detail: f.detail, failedAttempts: this.failing },
          "SMTP unavailable; the mail waits and is tried again",
        );
        throw new TransientError(`${f.reason}: ${f.detail}`);
      }
      this.smtpUp?.set(1);
      log.error(
        { reason: f.reason, detail: f.detail },
        "the SMTP server refused the mail for good; dead-lettered",
      );
      throw new MailRefused(f.reason, f.detail);
    }
    this.remember(event.id, info.messageId);
    this.smtpUp?.set(1);
    if (this.failing) log.info({ failedAttempts: this.failing }, "SMTP reachable again");
    this.failing = 0;
    const sentAt = new Date();
    const delayMs = sentAt.getTime() - Date.parse(event.time);
    this.sentTotal?.inc({ purpose: r.purpose });
    this.delay?.set({ purpose: r.purpose }, delayMs / 1000);
    await this.record({
      _id: event.id,
      messageId: info.messageId,
      purpose: r.purpose,
      ref: r.ref,
      portalId: r.portalId,
      domain,
      requestedAt: new Date(event.time),
      sentAt,
      response: redactAddresses(String(info.response ?? "")).slice(0, 300),
    });
    log.info({ messageId: info.messageId, delayMs }, "mail sent");
  }

  /**
   * The mail went: its record is written, retried while the database is away (the in-memory
   * copy already keeps this process from sending it again). Never thrown out of: a throw here
   * would make the consumer deliver — and send — the mail again.
   */
  private async record(doc: SentMail): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.sent.insertOne(doc);
        return;
      } catch (e) {
        if ((e as { code?: number }).code === 11000) return;
        if (attempt >= 20 || !isMongoUnavailable(e)) {
          this.log.error(
            { err: e, eventId: doc._id },
            "recording a sent mail failed; only this process remembers it was sent",
          );
          return;
        }
        await sleep(Math.min(250 * attempt, 2000));
      }
    }
  }

  private remember(id: string, messageId: string): void {
    this.sentHere.set(id, messageId);
    if (this.sentHere.size > 10_000) {
      const first = this.sentHere.keys().next().value;
      if (first !== undefined) this.sentHere.delete(first);
    }
  }
}

/**
 * The mailer of a service's consumer group (e.g. `identityMailer`), started in the background
 * (its topic may not exist yet: the service creates topics while it starts) and stopped with the
 * service. Without SMTP settings there is no mailer: the requests wait on the topic, unsent.
 */
export function serviceMailer(
  svc: Service,
  group: ConsumerGroupKey,
  events: EventDefinition[],
  smtp: SmtpSettings | null,
  opts: { transport?: MailTransport } = {},
): Mailer | null {
  const g = ConsumerGroups[group];
  const prefix = svc.config.KAFKA_TOPIC_PREFIX ?? "";
  if (!smtp) {
    svc.logger.warn(
      { topics: g.topics.map((t) => `${prefix}${Topics[t]}`) },
      "SMTP_URL is not set: no mail is sent; mail requests wait on their topic until a mailer with an SMTP server runs",
    );
    return null;
  }
  if (!svc.kafka || !svc.producer || !svc.db) throw new Error(`${svc.name}: a mailer needs Kafka and Mongo`);
  const mailer = new Mailer({
    kafka: svc.kafka,
    producer: svc.producer,
    db: svc.db,
    logger: svc.logger,
    metrics: svc.metrics,
    groupId: `${prefix}${g.name}`,
    topics: g.topics.map((t) => `${prefix}${Topics[t]}`),
    deadLetterTopic: `${prefix}${deadLetterTopic(g.name)}`,
    events,
    smtp,
    ...(opts.transport ? { transport: opts.transport } : {}),
  });
  let stopped = false;
  const started = (async () => {
    for (let delay = 500; !stopped; delay = Math.min(delay * 2, 15_000)) {
      try {
        await mailer.start();
        return;
      } catch (e) {
        svc.logger.warn({ err: e, retryInMs: delay }, "mailer could not start; retrying");
        await sleep(delay);
      }
    }
  })();
  svc.lifecycle.onShutdown("mailer", "drain", async () => {
    stopped = true;
    await started;
    await mailer.stop();
  });
  return mailer;
}
