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

export class AvailabilityProbe {
  readonly coll: Collection<AvailabilitySample>;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;

  constructor(
    db: Db,
    readonly url: string,
    private readonly clock: Clock,
    private readonly logger: Logger,
    readonly intervalMs = 60_000,
    private readonly timeoutMs = Math.min(10_000, intervalMs),
  ) {
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
    try {
      await this.coll.insertOne(sample);
    } catch (e) {
      if ((e as { code?: number }).code === 11000) return null;
      throw e;
    }
    if (!ok) this.logger.warn({ url: this.url, status, error }, "availability probe failed");
    return sample;
  }

  start(): void {
    const tick = () => {
      if (this.stopped || this.running) return;
      this.running = this.probeOnce()
        .catch((e) => this.logger.error({ err: e }, "availability probe could not store its sample"))
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

/** The figures of a period from its samples (streamed in `_id` order); null without samples. */
export async function availabilityIn(
  coll: Collection<AvailabilitySample>,
  period: Period,
): Promise<Availability | null> {
  let samples = 0;
  let okSamples = 0;
  let longest: Outage | null = null;
  let current: { from: Date; last: Date; failed: number } | null = null;
  const close = (to: Date, ongoing: boolean) => {
    if (!current) return;
    const o: Outage = {
      from: current.from,
      to,
      ms: to.getTime() - current.from.getTime(),
      failedSamples: current.failed,
      ongoing,
    };
    if (!longest || o.ms > longest.ms || (o.ms === longest.ms && o.failedSamples > longest.failedSamples))
      longest = o;
    current = null;
  };
  const cursor = coll
    .find(
      { _id: { $gte: period.from.toISOString(), $lt: period.to.toISOString() } },
      { projection: { at: 1, ok: 1 } },
    )
    .sort({ _id: 1 });
  for await (const s of cursor) {
    samples++;
    if (s.ok) {
      okSamples++;
      close(s.at, false);
    } else if (current) {
      current.last = s.at;
      current.failed++;
    } else current = { from: s.at, last: s.at, failed: 1 };
  }
  const open = current as { from: Date; last: Date; failed: number } | null;
  if (open) close(open.last, true);
  if (!samples) return null;
  return {
    percent: Math.floor((okSamples * 10_000) / samples) / 100,
    samples,
    okSamples,
    longestOutage: longest,
  };
}
