// The daily digest, sent (issue 18, R-BOARD): once a day after the hour of sending (Vietnam time,
// DIGEST_SEND_AFTER, 07:00 unless told), for each active portal, each board member of content's
// roster (board/roster.ts) who has a work address gets their digest (digest.ts; the escalation for
// the board head) — one mail, through content's mailer (the outbox and `cong.content.mail.v1`,
// ADR 0007), as the answers to citizens are.
//
// Never twice: the day's marker `digest_sent` (`_id` = `<portalId>|<userId>|<yyyy-mm-dd>`, the
// Vietnamese date) is inserted with the mail request staged in that same document write (the
// kit's outbox). A crash before the insert sends nothing and the next run sends it; a crash after
// it loses nothing (the relay or the sweeper publishes what the document holds); a second run, a
// restart or another replica finds the marker (or the insert's duplicate key) and sends nothing.
// An empty digest sends nothing and is marked too, so that day is done for that member.
// FerretDB v1: `_id` reads and inserts only. R-PII: the marker holds no address; the digest names
// feedback by reference only.
import { ContentMailRequested, type MailRequest } from "@cong/contracts";
import type { Logger, Metrics, Outbox } from "@cong/kit";
import type { Collection } from "mongodb";
import type { WorkingCalendar } from "../calendar";
import type { BoardMember, BoardRosterReader, DigestRun, DigestRunner, ItemPort, PortalInfo } from "../ports";
import { buildDigest, type Digest } from "./digest";
import type { FeedbackRepository } from "./feedback.repository";

/** Vietnam keeps UTC+7 all year (no daylight saving time). */
const VIETNAM_OFFSET_MS = 7 * 3_600_000;

export interface DigestSentDoc {
  _id: string;
  portalId: string;
  userId: string;
  /** the Vietnamese date (yyyy-mm-dd) */
  date: string;
  at: Date;
  /** nothing to say that day: no mail */
  empty: boolean;
}

export interface DigestJobDeps {
  portals: { activePortals(): Promise<PortalInfo[]> };
  roster: BoardRosterReader;
  items: ItemPort;
  feedback: FeedbackRepository;
  calendar: WorkingCalendar;
  sent: Collection<DigestSentDoc>;
  outbox: Outbox;
  logger: Logger;
  metrics: Metrics;
  /** minutes after midnight, Vietnam time, from which the day's digest is sent */
  sendAfterMinutes: number;
  /** how often the job looks whether the day's digests are done */
  pollMs: number;
}

/** "07:00" → 420; refuses what is not a time of day. */
export function minutesOfDay(hhmm: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!m) throw new Error(`not a time of day (HH:MM): ${hhmm}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** The Vietnamese date (yyyy-mm-dd) and minutes after its midnight of an instant. */
export function vietnamDay(now: Date): { date: string; minutes: number } {
  const local = new Date(now.getTime() + VIETNAM_OFFSET_MS);
  return {
    date: local.toISOString().slice(0, 10),
    minutes: local.getUTCHours() * 60 + local.getUTCMinutes(),
  };
}

const isDuplicateKey = (e: unknown) => (e as { code?: number }).code === 11000;

export class DigestJob implements DigestRunner {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private busy: Promise<unknown> = Promise.resolve();
  private readonly outcomes;

  constructor(private readonly d: DigestJobDeps) {
    this.outcomes = d.metrics.counter(
      "cong_content_digests_total",
      "daily digests of board members by outcome (staged, empty, already)",
      ["outcome"],
    );
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const loop = () => {
      this.busy = this.runOnce()
        .catch((e) => this.d.logger.warn({ err: e }, "daily digest run failed; tried again next poll"))
        .finally(() => {
          if (this.running) {
            this.timer = setTimeout(loop, this.d.pollMs);
            this.timer.unref();
          }
        });
    };
    loop();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.busy;
  }

  async runOnce(now = new Date()): Promise<DigestRun> {
    const { date, minutes } = vietnamDay(now);
    const run: DigestRun = { date: null, staged: 0, empty: 0, already: 0 };
    if (minutes < this.d.sendAfterMinutes) return run;
    run.date = date;
    for (const portal of await this.d.portals.activePortals()) {
      try {
        await this.portal(portal, date, now, run);
      } catch (e) {
        // one portal's failure does not hold back the others; the next poll tries it again
        this.d.logger.error({ err: e, portalId: portal.portalId }, "daily digest of a portal failed");
      }
    }
    if (run.staged || run.empty) this.d.logger.info({ ...run }, "daily digests: staged the day's mails");
    return run;
  }

  private async portal(portal: PortalInfo, date: string, now: Date, run: DigestRun): Promise<void> {
    // one recipient per person: a member holding two board roles gets one digest (the head's if
    // one of them is board-head), at the address of their latest grant
    const people = new Map<string, { member: BoardMember; isHead: boolean }>();
    for (const m of await this.d.roster.members(portal.portalId)) {
      if (!m.email) continue;
      const had = people.get(m.userId);
      people.set(m.userId, { member: m, isHead: (had?.isHead ?? false) || m.role === "board-head" });
    }
    const digests = new Map<boolean, Digest>();
    for (const [userId, { member, isHead }] of people) {
      const _id = `${portal.portalId}|${userId}|${date}`;
      if (await this.d.sent.findOne({ _id }, { projection: { _id: 1 } })) {
        this.count(run, "already");
        continue;
      }
      let digest = digests.get(isHead);
      if (!digest) {
        digest = await buildDigest({
          portalId: portal.portalId,
          portalName: portal.name,
          isHead,
          now,
          items: this.d.items,
          feedback: this.d.feedback,
          calendar: this.d.calendar,
        });
        digests.set(isHead, digest);
      }
      const marker: DigestSentDoc = {
        _id,
        portalId: portal.portalId,
        userId,
        date,
        at: now,
        empty: digest.empty,
      };
      try {
        if (digest.empty) await this.d.sent.insertOne(marker);
        else
          await this.d.outbox.insertOne(this.d.sent, marker, [
            { def: ContentMailRequested, data: digestMail(portal.portalId, member, date, digest) },
          ]);
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
        this.count(run, "already"); // another run marked it meanwhile
        continue;
      }
      this.count(run, digest.empty ? "empty" : "staged");
    }
  }

  private count(run: DigestRun, outcome: "staged" | "empty" | "already") {
    run[outcome]++;
    this.outcomes.inc({ outcome });
  }
}

/** The mail request of one member's digest (R-PII: one recipient, the digest names no citizen). */
export function digestMail(portalId: string, member: BoardMember, date: string, digest: Digest): MailRequest {
  return {
    purpose: "digest",
    ref: `digest:${portalId}:${member.userId}:${date}`,
    portalId,
    to: { address: member.email as string },
    subject: digest.subject,
    text: digest.text,
  };
}
