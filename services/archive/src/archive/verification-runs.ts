// R-RETAIN: a verification of the hash chain started over HTTP (`POST /archive/verify`, the admin's
// archive screen) and followed by any replica. Each run is one document of `chain_verifications`
// (`_id` = run id, read only by `_id`), updated as it goes — every PROGRESS_EVERY entries or few
// seconds — and at its end: ok, broken (with the first problem found) or failed (it could not
// complete). One run at a time per scope (every portal, or one): a lock document
// `jobs/_id: "chain-verification-run:<scope>"` holding the run's id, inserted before the run (a
// duplicate insert is the 409) and removed at its end; a lock whose run made no progress for
// STALE_MS (its replica died) is taken over, the run marked failed. The walk itself is
// chain-check.ts's; a run of the whole chain goes through verifyAndRecord, so it is recorded where
// the cong_archive_chain_* gauges read, like the scheduled verification.
import { randomBytes } from "node:crypto";
import type { Logger } from "@cong/kit";
import type { Collection, Db } from "mongodb";
import type { Clock } from "../clock";
import type { ChainProblem, VerifyOptions } from "./chain-check";
import type { ArchiveStore } from "./store";
import { verifyAndRecord } from "./verifier";

export type RunStatus = "running" | "ok" | "broken" | "failed";

export interface VerificationRun {
  _id: string;
  /** `all` or the portal's id */
  scope: string;
  portalId: string | null;
  status: RunStatus;
  /** entries walked so far, of `total` (the chain's length when the run started) */
  checked: number;
  total: number;
  problems: number;
  /** the first problem found (chain order) */
  firstBreak: ChainProblem | null;
  mediaChecked: number;
  mediaMissing: number;
  /** why a failed run could not complete */
  error: string | null;
  startedBy: { id: string; username: string };
  startedAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

interface RunLock {
  _id: string;
  runId: string;
  at: Date;
}

/** progress is written every this many entries (and at least every PROGRESS_MS) */
export const PROGRESS_EVERY = 200;
const PROGRESS_MS = 5_000;
/** a running run without progress for this long is taken to be dead (its replica stopped) */
export const STALE_MS = 10 * 60_000;

export const RUN_ID = /^v[0-9a-z]{8,12}-[0-9a-f]{8}$/;
const newRunId = () => `v${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`;
const lockId = (scope: string) => `chain-verification-run:${scope}`;

type Store = Pick<ArchiveStore, "verifyDetailed" | "head">;

export class VerificationRuns {
  readonly runs: Collection<VerificationRun>;
  private readonly locks: Collection<RunLock>;
  private readonly active = new Set<Promise<void>>();
  private stopping = false;

  constructor(
    private readonly db: Db,
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    this.runs = db.collection<VerificationRun>("chain_verifications");
    this.locks = db.collection<RunLock>("jobs");
  }

  get(id: string): Promise<VerificationRun | null> {
    return RUN_ID.test(id) ? this.runs.findOne({ _id: id }) : Promise.resolve(null);
  }

  /**
   * Starts a run of `portalId`'s scope (undefined: the whole chain) in the background; answers it,
   * or the id of the run of that scope still going.
   */
  async start(
    portalId: string | undefined,
    by: { id: string; username: string },
  ): Promise<{ run: VerificationRun } | { runningId: string }> {
    const scope = portalId ?? "all";
    const now = new Date();
    const run: VerificationRun = {
      _id: newRunId(),
      scope,
      portalId: portalId ?? null,
      status: "running",
      checked: 0,
      total: await this.store.head(),
      problems: 0,
      firstBreak: null,
      mediaChecked: 0,
      mediaMissing: 0,
      error: null,
      startedBy: by,
      startedAt: now,
      updatedAt: now,
      finishedAt: null,
    };
    const held = await this.lock(scope, run._id);
    if (held) return { runningId: held };
    await this.runs.insertOne(run);
    const going = this.execute(run).finally(() => this.active.delete(going));
    this.active.add(going);
    return { run };
  }

  /** Takes the scope's lock for `runId`; null, or the id of the run holding it. */
  private async lock(scope: string, runId: string): Promise<string | null> {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await this.locks.insertOne({ _id: lockId(scope), runId, at: new Date() });
        return null;
      } catch (e) {
        if ((e as { code?: number }).code !== 11000) throw e;
      }
      const held = await this.locks.findOne({ _id: lockId(scope) });
      if (!held) continue;
      const other = await this.runs.findOne({ _id: held.runId });
      const seen = other?.updatedAt ?? held.at;
      if ((other?.status ?? "running") === "running" && Date.now() - seen.getTime() < STALE_MS)
        return held.runId;
      // its replica stopped mid-run (or a finished run left its lock): the run failed; take over
      if (other?.status === "running")
        await this.runs.updateOne(
          { _id: other._id, status: "running" },
          {
            $set: {
              status: "failed",
              error: "abandoned: no progress for 10 minutes (its replica stopped)",
              finishedAt: new Date(),
            },
          },
        );
      await this.locks.deleteOne({ _id: lockId(scope), runId: held.runId });
    }
    const held = await this.locks.findOne({ _id: lockId(scope) });
    if (held) return held.runId;
    throw new Error(`chain verification lock of ${scope}: taken and given back twice while asking`);
  }

  /** One portal's objects (not recorded as the chain's state), or the whole chain (recorded). */
  private async walk(
    portalId: string | null,
    opts: Omit<VerifyOptions, "portalId">,
  ): Promise<{ checked: number; found: ChainProblem[]; mediaChecked: number; mediaMissing: number }> {
    if (portalId) {
      const r = await this.store.verifyDetailed({ ...opts, portalId });
      return {
        checked: r.checked,
        found: r.found,
        mediaChecked: r.media.checked,
        mediaMissing: r.media.missing.length,
      };
    }
    const { state, found } = await verifyAndRecord(this.db, this.store, this.clock, opts);
    return {
      checked: state.lastResult?.checked ?? 0,
      found,
      mediaChecked: state.lastResult?.mediaChecked ?? 0,
      mediaMissing: state.lastResult?.mediaMissing ?? 0,
    };
  }

  private async execute(run: VerificationRun): Promise<void> {
    let written = Date.now();
    const onProgress = async (checked: number, total: number) => {
      if (checked % PROGRESS_EVERY && checked !== total && Date.now() - written < PROGRESS_MS) return;
      written = Date.now();
      await this.runs.updateOne({ _id: run._id }, { $set: { checked, total, updatedAt: new Date() } });
    };
    const opts = { onProgress, stop: () => this.stopping };
    try {
      const result = await this.walk(run.portalId, opts);
      const broken = result.found.length > 0;
      await this.runs.updateOne(
        { _id: run._id },
        {
          $set: {
            status: broken ? "broken" : "ok",
            checked: result.checked,
            total: result.checked,
            problems: result.found.length,
            firstBreak: result.found[0] ?? null,
            mediaChecked: result.mediaChecked,
            mediaMissing: result.mediaMissing,
            updatedAt: new Date(),
            finishedAt: new Date(),
          },
        },
      );
      const log = {
        runId: run._id,
        scope: run.scope,
        checked: result.checked,
        problems: result.found.length,
      };
      if (broken)
        this.logger.error({ ...log, first: result.found[0] }, "archive chain verification run: broken");
      else this.logger.info(log, "archive chain verification run: ok");
    } catch (e) {
      const error = e instanceof Error ? e.message.slice(0, 500) : String(e);
      this.logger.error({ err: e, runId: run._id }, "archive chain verification run could not complete");
      await this.runs
        .updateOne(
          { _id: run._id },
          { $set: { status: "failed", error, updatedAt: new Date(), finishedAt: new Date() } },
        )
        .catch(() => undefined);
    } finally {
      await this.locks.deleteOne({ _id: lockId(run.scope), runId: run._id }).catch(() => undefined);
    }
  }

  /** Shutdown: running runs stop at their next entry, are marked failed and give their lock back. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.active]);
  }
}
