// R-RETAIN, R-OPS-247: the archive's hash chain verified on a schedule, not only when someone runs
// `cli.js verify`. The result is kept in the state document `jobs/_id: "chain-verification"` (the
// CLI's verify writes it too), and Prometheus gauges read that document on scrape (cached
// briefly), so every replica shows the same figures whoever ran the check. A verification is
// due when the last one is older than CHAIN_VERIFY_INTERVAL_MS; with several replicas a claim
// document per period (`_id: "chain-verification:<n>"`, a duplicate insert fails) lets one run it.
import type { Logger, Metrics } from "@cong/kit";
import type { Collection, Db } from "mongodb";
import type { Clock } from "../clock";
import type { ChainProblem, VerifyOptions } from "./chain-check";
import type { ArchiveStore } from "./store";

export interface ChainVerification {
  _id: string;
  /** end of the last completed verification */
  lastRunAt: Date | null;
  /** end of the last verification that found no problem */
  lastOkAt: Date | null;
  lastDurationMs: number | null;
  lastResult: { checked: number; problems: number; mediaChecked: number; mediaMissing: number } | null;
  /** the first problems the last verification found (its log and `cli.js verify` list them all) */
  lastProblems: string[];
  /** a verification that could not complete (the chain itself is not judged then) */
  lastError: string | null;
}

export const CHAIN_STATE_ID = "chain-verification";

const empty = (): ChainVerification => ({
  _id: CHAIN_STATE_ID,
  lastRunAt: null,
  lastOkAt: null,
  lastDurationMs: null,
  lastResult: null,
  lastProblems: [],
  lastError: null,
});

type StoreVerify = Pick<ArchiveStore, "verifyDetailed">;

/**
 * Runs one verification of the whole chain and records it (the service's schedule, `cli.js verify`
 * and `POST /archive/verify` without a portal, which follows its progress through `opts`).
 */
export async function verifyAndRecord(
  db: Db,
  store: StoreVerify,
  clock: Clock,
  opts: Omit<VerifyOptions, "portalId"> = {},
): Promise<{ state: ChainVerification; problems: string[]; found: ChainProblem[]; missing: string[] }> {
  const jobs = db.collection<ChainVerification>("jobs");
  const started = Date.now();
  const prev = (await jobs.findOne({ _id: CHAIN_STATE_ID })) ?? empty();
  try {
    const r = await store.verifyDetailed(opts);
    const now = clock.now();
    const state: ChainVerification = {
      _id: CHAIN_STATE_ID,
      lastRunAt: now,
      lastOkAt: r.problems.length ? prev.lastOkAt : now,
      lastDurationMs: Date.now() - started,
      lastResult: {
        checked: r.checked,
        problems: r.problems.length,
        mediaChecked: r.media.checked,
        mediaMissing: r.media.missing.length,
      },
      lastProblems: r.problems.slice(0, 20),
      lastError: null,
    };
    await jobs.replaceOne({ _id: CHAIN_STATE_ID }, state, { upsert: true });
    return { state, problems: r.problems, found: r.found, missing: r.media.missing };
  } catch (e) {
    const lastError = e instanceof Error ? e.message.slice(0, 500) : String(e);
    await jobs
      .updateOne({ _id: CHAIN_STATE_ID }, { $set: { lastError } }, { upsert: true })
      .catch(() => undefined);
    throw e;
  }
}

export class ChainVerifier {
  private readonly jobs: Collection<ChainVerification>;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<ChainVerification> | undefined;
  private readonly failures;
  private cached: ChainVerification | null = null;
  private readAt = 0;
  private reading: Promise<void> | undefined;

  constructor(
    private readonly db: Db,
    private readonly store: StoreVerify,
    private readonly clock: Clock,
    private readonly logger: Logger,
    metrics: Metrics,
    private readonly intervalMs = 86_400_000,
    private readonly checkIntervalMs = 15 * 60_000,
    private readonly cacheMs = 30_000,
  ) {
    this.jobs = db.collection<ChainVerification>("jobs");
    this.failures = metrics.counter(
      "cong_archive_chain_verification_failures_total",
      "chain verifications this process could not complete (S3 or the database away)",
    );
    const refresh = () => {
      if (this.cached && Date.now() - this.readAt < this.cacheMs) return Promise.resolve();
      this.reading ??= this.status()
        .then(() => undefined)
        .catch((e: unknown) => this.logger.warn({ err: e }, "chain verification state cannot be read"))
        .finally(() => {
          this.reading = undefined;
        });
      return this.reading;
    };
    const gauge = (name: string, help: string, value: (s: ChainVerification | null) => number) =>
      metrics.gauge(name, help, [], async (g) => {
        await refresh();
        g.set(value(this.cached));
      });
    const seconds = (d: Date | null | undefined) => (d ? d.getTime() / 1000 : 0);
    gauge(
      "cong_archive_chain_last_verification_timestamp_seconds",
      "end of the last completed verification of the archive's hash chain (0: none yet)",
      (s) => seconds(s?.lastRunAt),
    );
    gauge(
      "cong_archive_chain_ok",
      "1 when the last verification of the hash chain found no problem (or none ran yet), 0 when it found one",
      (s) => ((s?.lastResult?.problems ?? 0) > 0 ? 0 : 1),
    );
    gauge(
      "cong_archive_chain_problems",
      "problems the last verification found (broken links, changed or unreadable objects)",
      (s) => s?.lastResult?.problems ?? 0,
    );
    gauge(
      "cong_archive_chain_verified_entries",
      "manifest entries the last verification checked",
      (s) => s?.lastResult?.checked ?? 0,
    );
  }

  async status(): Promise<ChainVerification> {
    const s = (await this.jobs.findOne({ _id: CHAIN_STATE_ID })) ?? empty();
    this.cached = s;
    this.readAt = Date.now();
    return s;
  }

  /** One verification now; concurrent calls share one. */
  runOnce(): Promise<ChainVerification> {
    this.running ??= verifyAndRecord(this.db, this.store, this.clock)
      .then(({ state, problems }) => {
        this.cached = state;
        this.readAt = Date.now();
        if (problems.length)
          this.logger.error(
            { problems: problems.length, first: problems.slice(0, 20) },
            "archive chain verification found problems",
          );
        else this.logger.info({ checked: state.lastResult?.checked }, "archive chain verified");
        return state;
      })
      .catch((e: unknown) => {
        this.failures.inc();
        throw e;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  async isDue(): Promise<boolean> {
    const s = await this.status();
    return !s.lastRunAt || this.clock.now().getTime() - s.lastRunAt.getTime() >= this.intervalMs;
  }

  /** Claims this period's verification for this replica: the claim's `_id`, or null. */
  private async claim(): Promise<string | null> {
    const _id = `${CHAIN_STATE_ID}:${Math.floor(this.clock.now().getTime() / this.intervalMs)}`;
    try {
      await (this.jobs as unknown as Collection<{ _id: string; at: Date }>).insertOne({
        _id,
        at: new Date(),
      });
      return _id;
    } catch (e) {
      if ((e as { code?: number }).code === 11000) return null;
      throw e;
    }
  }

  async tick(): Promise<void> {
    let claimed: string | null = null;
    try {
      if (!(await this.isDue())) return;
      claimed = await this.claim();
      if (claimed) await this.runOnce();
    } catch (e) {
      // a verification that could not complete gives its claim back: the next check retries
      if (claimed) await this.jobs.deleteOne({ _id: claimed }).catch(() => undefined);
      this.logger.error({ err: e }, "archive chain verification could not complete");
    }
  }

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
