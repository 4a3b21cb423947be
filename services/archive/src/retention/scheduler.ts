// The daily retention run (R-RETAIN): expires due items, skips held ones. Watched through a state
// document (`_id: "retention"`), Prometheus gauges and GET /retention/status. A run missed (the last
// one older than a day, e.g. the service was down) is caught up at start. With several replicas,
// a per-day claim document (`_id: "retention:<day>"`, a duplicate insert fails) lets one run it.
import type { Logger, Metrics } from "@cong/kit";
import type { Collection, Db } from "mongodb";
import type { Clock } from "../clock";
import type { RetentionRecords } from "./records";

const DAY_MS = 86_400_000;

export interface RetentionStatus {
  _id: string;
  lastRunAt: Date | null;
  lastSuccessAt: Date | null;
  lastDurationMs: number | null;
  lastResult: { expired: number; held: number; failed: number } | null;
  lastError: string | null;
  failures: number;
  nextRunAt: Date | null;
}

export class RetentionScheduler {
  private readonly jobs: Collection<RetentionStatus>;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<RetentionStatus> | undefined;
  private readonly failuresCounter;
  private cached: RetentionStatus | null = null;

  constructor(
    db: Db,
    private readonly records: RetentionRecords,
    private readonly clock: Clock,
    private readonly logger: Logger,
    metrics: Metrics,
    private readonly checkIntervalMs = 15 * 60_000,
  ) {
    this.jobs = db.collection<RetentionStatus>("jobs");
    this.failuresCounter = metrics.counter(
      "cong_archive_retention_failures_total",
      "retention runs that failed, and items that could not be expired",
    );
    const seconds = (d: Date | null | undefined) => (d ? d.getTime() / 1000 : 0);
    metrics.gauge(
      "cong_archive_retention_last_run_timestamp_seconds",
      "start of the last retention run",
      [],
      (g) => g.set(seconds(this.cached?.lastRunAt)),
    );
    metrics.gauge(
      "cong_archive_retention_last_success_timestamp_seconds",
      "start of the last successful retention run",
      [],
      (g) => g.set(seconds(this.cached?.lastSuccessAt)),
    );
    metrics.gauge("cong_archive_retention_next_run_timestamp_seconds", "when the next run is due", [], (g) =>
      g.set(seconds(this.cached?.nextRunAt)),
    );
    metrics.gauge("cong_archive_retention_last_duration_seconds", "duration of the last run", [], (g) =>
      g.set((this.cached?.lastDurationMs ?? 0) / 1000),
    );
    metrics.gauge("cong_archive_retention_last_expired_items", "items expired by the last run", [], (g) =>
      g.set(this.cached?.lastResult?.expired ?? 0),
    );
  }

  async status(): Promise<RetentionStatus> {
    const s = (await this.jobs.findOne({ _id: "retention" })) ?? {
      _id: "retention",
      lastRunAt: null,
      lastSuccessAt: null,
      lastDurationMs: null,
      lastResult: null,
      lastError: null,
      failures: 0,
      nextRunAt: null,
    };
    this.cached = s;
    return s;
  }

  /** True when no successful run happened in the last day (by the clock). */
  async isDue(): Promise<boolean> {
    const s = await this.status();
    return !s.lastSuccessAt || this.clock.now().getTime() - s.lastSuccessAt.getTime() >= DAY_MS;
  }

  /** One run now (also what the tests call with a fixed clock). Concurrent calls share one run. */
  runOnce(): Promise<RetentionStatus> {
    this.running ??= this.doRun().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async doRun(): Promise<RetentionStatus> {
    const now = this.clock.now();
    const started = Date.now();
    const result = { expired: 0, held: 0, failed: 0 };
    let error: string | null = null;
    try {
      for await (const r of this.records.due(now)) {
        try {
          const outcome = await this.records.expire(r._id, now);
          if (outcome === "expired") result.expired++;
          else if (outcome === "held") result.held++;
        } catch (e) {
          result.failed++;
          this.failuresCounter.inc();
          this.logger.error({ err: e, itemId: r._id }, "retention: could not expire item");
        }
      }
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
      this.logger.error({ err: e }, "retention run failed");
    }
    const ok = error === null && result.failed === 0;
    if (!ok && error !== null) this.failuresCounter.inc();
    const prev = await this.status();
    const next: RetentionStatus = {
      _id: "retention",
      lastRunAt: now,
      lastSuccessAt: ok ? now : prev.lastSuccessAt,
      lastDurationMs: Date.now() - started,
      lastResult: result,
      lastError: error,
      failures: prev.failures + (ok ? 0 : 1),
      nextRunAt: new Date(now.getTime() + (ok ? DAY_MS : this.checkIntervalMs)),
    };
    await this.jobs.replaceOne({ _id: "retention" }, next, { upsert: true });
    this.cached = next;
    this.logger.info({ ...result, durationMs: next.lastDurationMs }, "retention run finished");
    return next;
  }

  /** Claims today's run for this replica (a duplicate `_id` insert fails for the others). */
  private async claim(): Promise<boolean> {
    const day = this.clock.now().toISOString().slice(0, 10);
    try {
      await (this.jobs as unknown as Collection<{ _id: string; at: Date }>).insertOne({
        _id: `retention:${day}`,
        at: new Date(),
      });
      return true;
    } catch (e) {
      if ((e as { code?: number }).code === 11000) return false;
      throw e;
    }
  }

  async tick(): Promise<void> {
    try {
      if ((await this.isDue()) && (await this.claim())) {
        const s = await this.runOnce();
        // a failed run gives today's claim back, so the next check (any replica) retries
        if (s.lastError !== null || (s.lastResult?.failed ?? 0) > 0)
          await this.jobs.deleteOne({ _id: `retention:${this.clock.now().toISOString().slice(0, 10)}` });
      }
    } catch (e) {
      this.failuresCounter.inc();
      this.logger.error({ err: e }, "retention scheduler tick failed");
    }
  }

  /** Catches up a missed run at once, then checks every interval. */
  start(): void {
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.checkIntervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }
}
