// R-REPORT availability: a probe GETs publishing's readiness endpoint (or AVAILABILITY_PROBE_URL)
// once per interval and inserts one small sample { at, ok, ms, status } — insert-only, `_id` = the
// start of the interval (ISO), so replicas probing the same interval store one sample (the first
// insert wins; FerretDB loses concurrent updates of one document, never a duplicate `_id`).
// Reports read the samples of a period by `_id` range: availability %, sample count, longest outage.
import type { Logger } from "@cong/kit";
import type { Collection, Db } from "mongodb";
import type { Clock } from "../clock";
import type { Period } from "./period";

export interface AvailabilitySample {
  _id: string;
  at: Date;
  ok: boolean;
  ms: number;
  status: number | null;
  error?: string;
}

export interface Outage {
  from: Date;
  /** the first successful sample after it, or the last failed one when it had not ended (`ongoing`) */
  to: Date;
  ms: number;
  failedSamples: number;
  ongoing: boolean;
}

export interface Availability {
  /** ok samples / all samples × 100, rounded down to 2 decimals */
  percent: number;
  samples: number;
  okSamples: number;
  longestOutage: Outage | null;
}

export const samplesOf = (db: Db) => db.collection<AvailabilitySample>("availability");
/** the platform-wide samples' closed days, summed up (`_id` = YYYY-MM-DD, Vietnam day) */
export const daysOf = (db: Db) => db.collection<DaySummary>("availability_days");

/** Inserts `doc`; false when its `_id` was stored already (the first insert wins: samples, summaries). */
export async function insertFirst<T extends { _id: string }>(coll: Collection<T>, doc: T): Promise<boolean> {
  try {
    await coll.insertOne(doc as Parameters<Collection<T>["insertOne"]>[0]);
    return true;
  } catch (e) {
    if ((e as { code?: number }).code === 11000) return false;
    throw e;
  }
}

/**
 * A probe's timer: `probeOnce` now and every interval, one at a time — a round still running when
 * the next is due makes that one wait (its interval has no sample); `stop()` waits for the one running.
 */
export abstract class Periodic {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;
  abstract readonly intervalMs: number;
  abstract probeOnce(): Promise<unknown>;
  protected abstract failed(e: unknown): void;

  start(): void {
    const tick = () => {
      if (this.stopped || this.running) return;
      this.running = this.probeOnce()
        .catch((e) => this.failed(e))
        .finally(() => {
          this.running = undefined;
        });
    };
    tick();
    this.timer = setInterval(tick, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}

export class AvailabilityProbe extends Periodic {
  readonly coll: Collection<AvailabilitySample>;

  constructor(
    db: Db,
    readonly url: string,
    private readonly clock: Clock,
    private readonly logger: Logger,
    readonly intervalMs = 60_000,
    private readonly timeoutMs = Math.min(10_000, intervalMs),
  ) {
    super();
    this.coll = samplesOf(db);
  }

  /** One probe; null when another replica already sampled this interval. */
  async probeOnce(): Promise<AvailabilitySample | null> {
    const at = this.clock.now();
    const slot = new Date(Math.floor(at.getTime() / this.intervalMs) * this.intervalMs);
    const started = performance.now();
    let ok = false;
    let status: number | null = null;
    let error: string | undefined;
    try {
      const res = await fetch(this.url, { signal: AbortSignal.timeout(this.timeoutMs), redirect: "manual" });
      status = res.status;
      ok = res.status >= 200 && res.status < 300;
      await res.body?.cancel().catch(() => undefined);
    } catch (e) {
      error = (e as Error).name === "TimeoutError" ? "timeout" : (e as Error).message;
    }
    const sample: AvailabilitySample = {
      _id: slot.toISOString(),
      at,
      ok,
      ms: Math.round(performance.now() - started),
      status,
      ...(error ? { error } : {}),
    };
    if (!(await insertFirst(this.coll, sample))) return null;
    if (!ok) this.logger.warn({ url: this.url, status, error }, "availability probe failed");
    return sample;
  }

  protected failed(e: unknown): void {
    this.logger.error({ err: e }, "availability probe could not store its sample");
  }
}

/** A run of consecutive failed samples not (yet) ended by a successful one. */
interface Run {
  from: Date;
  last: Date;
  failed: number;
}

/**
 * A closed day's samples, summed up once (R-REPORT: a year's figures must not re-read a year of
 * samples — 43,200 samples a month take about 4 s on FerretDB). Enough to go on across days exactly
 * as the samples themselves: the failed run the day opens with (until its first successful
 * sample), the longest outage ended within it after that, and the failed run it ends with. `_id` =
 * `<prefix><YYYY-MM-DD>` (Vietnam day); insert-only, first insert wins (every replica computes the
 * same from the same samples).
 */
export interface DaySummary {
  _id: string;
  samples: number;
  okSamples: number;
  lead: Run | null;
  /** the day's first successful sample; null: none (then `lead` holds all its failed samples) */
  firstOkAt: Date | null;
  best: Outage | null;
  trail: Run | null;
}

/** The figures of samples fed in time order, or of closed days' summaries between them. */
export class Figures {
  samples = 0;
  okSamples = 0;
  longest: Outage | null = null;
  current: Run | null = null;

  private consider(o: Outage): void {
    const l = this.longest;
    if (!l || o.ms > l.ms || (o.ms === l.ms && o.failedSamples > l.failedSamples)) this.longest = o;
  }
  private close(to: Date, ongoing: boolean): void {
    const c = this.current;
    if (!c) return;
    this.consider({
      from: c.from,
      to,
      ms: to.getTime() - c.from.getTime(),
      failedSamples: c.failed,
      ongoing,
    });
    this.current = null;
  }
  private fail(r: Run): void {
    if (this.current) {
      this.current.last = r.last;
      this.current.failed += r.failed;
    } else this.current = { ...r };
  }
  sample(s: { at: Date; ok: boolean }): void {
    this.samples++;
    if (s.ok) {
      this.okSamples++;
      this.close(s.at, false);
    } else this.fail({ from: s.at, last: s.at, failed: 1 });
  }
  day(d: DaySummary): void {
    this.samples += d.samples;
    this.okSamples += d.okSamples;
    if (d.lead) this.fail(d.lead);
    if (!d.firstOkAt) return;
    this.close(d.firstOkAt, false);
    if (d.best) this.consider(d.best);
    this.current = d.trail ? { ...d.trail } : null;
  }
  result(): Availability | null {
    const open = this.current;
    if (open) this.close(open.last, true);
    if (!this.samples) return null;
    return {
      percent: Math.floor((this.okSamples * 10_000) / this.samples) / 100,
      samples: this.samples,
      okSamples: this.okSamples,
      longestOutage: this.longest,
    };
  }
}

/** A day's samples (in time order) summed up. */
export function summarizeDay(_id: string, samples: Iterable<{ at: Date; ok: boolean }>): DaySummary {
  let lead: Run | null = null;
  let firstOkAt: Date | null = null;
  let count = 0;
  let ok = 0;
  const after = new Figures();
  for (const s of samples) {
    count++;
    if (s.ok) ok++;
    if (firstOkAt) after.sample(s);
    else if (s.ok) firstOkAt = s.at;
    else if (lead) {
      lead.last = s.at;
      lead.failed++;
    } else lead = { from: s.at, last: s.at, failed: 1 };
  }
  return { _id, samples: count, okSamples: ok, lead, firstOkAt, best: after.longest, trail: after.current };
}

const DAY_MS = 86_400_000;
const VN_OFFSET_MS = 7 * 3_600_000;
/** midnight (Vietnam time) of the day of `t`, as ms */
const vnMidnight = (t: number) => Math.floor((t + VN_OFFSET_MS) / DAY_MS) * DAY_MS - VN_OFFSET_MS;
/** a day is summed up once it ended this long ago (every sample of it stored by then) */
export const DAY_CLOSED_AFTER_MS = 3_600_000;

export interface DaySummaries {
  coll: Collection<DaySummary>;
  /** now, by the service's clock: days ended DAY_CLOSED_AFTER_MS before it are summed up */
  now: Date;
}

/**
 * The figures of [from, to) from its samples (streamed in `_id` order); null without samples. A
 * portal's samples (portal-availability.ts) are the same range under its `<portalId>|` prefix.
 * With `days`, each whole Vietnam day in the window that has closed, from the day of its first
 * sample on, is read as its summary (written from its samples at its first read), so a year costs
 * ≤ 366 summaries plus the samples of the days still open and of the window's partial first and
 * last days; a window without samples reads one `_id` and writes nothing.
 */
export async function availabilityIn(
  coll: Collection<AvailabilitySample>,
  period: Pick<Period, "from" | "to">,
  prefix = "",
  days?: DaySummaries,
): Promise<Availability | null> {
  const f = new Figures();
  const raw = async (from: number, to: number, into: (s: { at: Date; ok: boolean }) => void) => {
    if (from >= to) return;
    const cursor = coll
      .find(
        { _id: { $gte: prefix + new Date(from).toISOString(), $lt: prefix + new Date(to).toISOString() } },
        { projection: { at: 1, ok: 1 } },
      )
      .sort({ _id: 1 });
    for await (const s of cursor) into(s);
  };
  let from = period.from.getTime();
  const to = period.to.getTime();
  if (!days) {
    await raw(from, to, (s) => f.sample(s));
    return f.result();
  }
  // the window's first sample (one `_id` read): nothing before its day is read or summed up
  const firstId = (
    await coll
      .find(
        { _id: { $gte: prefix + period.from.toISOString(), $lt: prefix + period.to.toISOString() } },
        { projection: { _id: 1 } },
      )
      .sort({ _id: 1 })
      .limit(1)
      .next()
  )?._id;
  if (firstId === undefined) return null;
  from = Math.max(from, vnMidnight(Date.parse(firstId.slice(prefix.length))));
  // whole days inside the window that have closed: [first, last)
  const first = vnMidnight(from) === from ? from : vnMidnight(from) + DAY_MS;
  const closedBy = vnMidnight(days.now.getTime() - DAY_CLOSED_AFTER_MS);
  const last = Math.max(first, Math.min(vnMidnight(to), closedBy));
  if (last <= first) {
    await raw(from, to, (s) => f.sample(s));
    return f.result();
  }
  const dayId = (t: number) => prefix + new Date(t + VN_OFFSET_MS).toISOString().slice(0, 10);
  await raw(from, first, (s) => f.sample(s));
  const stored = new Map<string, DaySummary>();
  for await (const d of days.coll.find({ _id: { $gte: dayId(first), $lt: dayId(last) } }).sort({ _id: 1 }))
    stored.set(d._id, d);
  for (let t = first; t < last; t += DAY_MS) {
    const id = dayId(t);
    let d = stored.get(id);
    if (!d) {
      const samples: { at: Date; ok: boolean }[] = [];
      await raw(t, t + DAY_MS, (s) => samples.push({ at: s.at, ok: s.ok }));
      d = summarizeDay(id, samples);
      await insertFirst(days.coll, d);
    }
    f.day(d);
  }
  await raw(last, to, (s) => f.sample(s));
  return f.result();
}
