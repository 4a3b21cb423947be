// R-BACKUP: restore drills started over HTTP (`POST /backups/{id}/drills`, the admin's backup
// screen) and followed by any replica — the shape of the chain's verification runs
// (archive/verification-runs.ts). Each drill is one document of `backup_drills` (`_id` = drill id
// `d<time base36>-<8 hex>`, so ids sort by start; read by `_id`, the list an `_id` range newest
// first — ADR 0004), updated as it goes (every PROGRESS_EVERY files or few seconds, and a heartbeat
// every minute while its replica lives) and at its end: passed (every count equal, every object
// byte-identical, the scratch copies removed) or failed (`error` names what). One drill at a time
// platform-wide: a lock document `jobs/_id: "backup-drill-run"` holding the drill's id, inserted
// before it (a duplicate insert is the 409) and removed at its end; a lock whose drill made no
// progress for STALE_MS (its replica stopped) is taken over, that drill marked failed and its
// scratch databases and buckets (recorded in its document before anything is written) removed by
// the drill taking over. Who started a drill is in `audit` (`backup.drill_started`) and the log.
import { randomBytes } from "node:crypto";
import type { Logger } from "@cong/kit";
import type * as Minio from "minio";
import type { Collection, Db, MongoClient } from "mongodb";
import {
  type CollectionCheck,
  type DrillProgress,
  type DrillScratch,
  type ObjectsCheck,
  removeScratch,
  runDrill,
  scratchNames,
} from "./drill";
import type { BackupManifest } from "./manifest";
import type { BackupTarget } from "./target";

export type DrillStatus = "running" | "passed" | "failed";

export interface DrillRun {
  _id: string;
  backupId: string;
  status: DrillStatus;
  /** files handled so far, of `total` (the manifest's files) */
  done: number;
  total: number;
  collections: CollectionCheck[];
  objects: ObjectsCheck;
  /** why it failed (Vietnamese / English), null otherwise */
  error: string | null;
  /** where the backup's databases and buckets were restored; removed at the end */
  scratch: DrillScratch;
  startedBy: { id: string; username: string };
  startedAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

interface DrillLock {
  _id: string;
  runId: string;
  at: Date;
}

/** who started which drill, beside the holds' entries of `audit` */
export interface DrillAuditEntry {
  _id: string;
  at: Date;
  action: "backup.drill_started";
  backupId: string;
  drillId: string;
  by: { id: string; username: string };
}

/** progress is written every this many files (and at least every PROGRESS_MS) */
export const PROGRESS_EVERY = 25;
const PROGRESS_MS = 3_000;
/** a running drill writes at least this often while its replica lives */
const HEARTBEAT_MS = 60_000;
/** a running drill without a write for this long is taken to be dead (its replica stopped) */
export const STALE_MS = 10 * 60_000;
/** the error of a drill its replica left (Vietnamese / English) */
export const ABANDONED =
  "Bị bỏ dở: không có tiến triển trong 10 phút (bản sao dịch vụ đã dừng) / abandoned: no progress for 10 minutes (its replica stopped)";

export const DRILL_ID = /^d[0-9a-z]{8,12}-[0-9a-f]{8}$/;
const LOCK_ID = "backup-drill-run";
/** every drill id is in this `_id` range */
const IDS = { $gt: "d", $lt: "e" };
const ERROR_MAX = 2_000;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
const cut = (s: string) => (s.length > ERROR_MAX ? `${s.slice(0, ERROR_MAX - 1)}…` : s);

export interface DrillDeps {
  mongo: MongoClient;
  s3: Minio.Client;
  /** BACKUP_ENCRYPTION_KEY, for encrypted backups */
  encryptionKey?: Buffer | undefined;
}

export class DrillRuns {
  readonly runs: Collection<DrillRun>;
  private readonly locks: Collection<DrillLock>;
  private readonly audit: Collection<DrillAuditEntry>;
  private readonly active = new Set<Promise<void>>();
  private stopping = false;

  constructor(
    db: Db,
    private readonly deps: DrillDeps,
    private readonly logger: Logger,
  ) {
    this.runs = db.collection<DrillRun>("backup_drills");
    this.locks = db.collection<DrillLock>("jobs");
    this.audit = db.collection<DrillAuditEntry>("audit");
  }

  get(id: string): Promise<DrillRun | null> {
    return DRILL_ID.test(id) ? this.runs.findOne({ _id: id }) : Promise.resolve(null);
  }

  /** The newest `limit` drills, newest first: one `_id` range read. */
  list(limit: number): Promise<DrillRun[]> {
    return this.runs.find({ _id: IDS }).sort({ _id: -1 }).limit(limit).toArray();
  }

  /**
   * Starts a drill of backup `m` of `target` in the background; answers it, or the id of the drill
   * still going.
   */
  async start(
    target: BackupTarget,
    m: BackupManifest,
    by: { id: string; username: string },
  ): Promise<{ run: DrillRun } | { runningId: string }> {
    const short = randomBytes(4).toString("hex");
    const now = new Date();
    const objects = m.files.filter((f) => f.kind === "object").length;
    const run: DrillRun = {
      _id: `d${now.getTime().toString(36)}-${short}`,
      backupId: m.id,
      status: "running",
      done: 0,
      total: m.files.length,
      collections: [],
      objects: { expected: objects, restored: 0, identical: 0, mismatched: [] },
      error: null,
      scratch: scratchNames(short, m),
      startedBy: by,
      startedAt: now,
      updatedAt: now,
      finishedAt: null,
    };
    const taken = await this.lock(run._id);
    if ("runningId" in taken) return taken;
    await this.runs.insertOne(run);
    await this.audit.insertOne({
      _id: `${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`,
      at: now,
      action: "backup.drill_started",
      backupId: m.id,
      drillId: run._id,
      by,
    });
    this.logger.info(
      { drillId: run._id, backupId: m.id, by: by.username, files: m.files.length },
      "backup restore drill started",
    );
    const going = this.execute(target, run, m, taken.abandoned).finally(() => this.active.delete(going));
    this.active.add(going);
    return { run };
  }

  /** Takes the lock for `runId`; or the id of the drill holding it. A dead drill's lock is taken over. */
  private async lock(runId: string): Promise<{ abandoned: DrillRun | null } | { runningId: string }> {
    let abandoned: DrillRun | null = null;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await this.locks.insertOne({ _id: LOCK_ID, runId, at: new Date() });
        return { abandoned };
      } catch (e) {
        if ((e as { code?: number }).code !== 11000) throw e;
      }
      const held = await this.locks.findOne({ _id: LOCK_ID });
      if (!held) continue;
      const other = await this.runs.findOne({ _id: held.runId });
      const seen = other?.updatedAt ?? held.at;
      if ((other?.status ?? "running") === "running" && Date.now() - seen.getTime() < STALE_MS)
        return { runningId: held.runId };
      // its replica stopped mid-drill (or a finished drill left its lock): it failed; take over
      if (other?.status === "running") {
        await this.runs.updateOne(
          { _id: other._id, status: "running" },
          { $set: { status: "failed", error: ABANDONED, finishedAt: new Date() } },
        );
        abandoned = other;
        this.logger.warn({ drillId: other._id }, "backup restore drill abandoned by its replica: taken over");
      }
      await this.locks.deleteOne({ _id: LOCK_ID, runId: held.runId });
    }
    const held = await this.locks.findOne({ _id: LOCK_ID });
    if (held) return { runningId: held.runId };
    throw new Error("backup drill lock: taken and given back twice while asking");
  }

  private async execute(
    target: BackupTarget,
    run: DrillRun,
    m: BackupManifest,
    abandoned: DrillRun | null,
  ): Promise<void> {
    const log = this.logger.child({ drillId: run._id, backupId: run.backupId });
    let written = Date.now();
    const heartbeat = setInterval(() => {
      void this.runs
        .updateOne({ _id: run._id, status: "running" }, { $set: { updatedAt: new Date() } })
        .catch(() => undefined);
    }, HEARTBEAT_MS);
    heartbeat.unref();
    const onProgress = async (p: DrillProgress) => {
      if (p.done % PROGRESS_EVERY && p.done !== p.total && Date.now() - written < PROGRESS_MS) return;
      written = Date.now();
      await this.runs.updateOne(
        { _id: run._id },
        {
          $set: {
            done: p.done,
            total: p.total,
            collections: p.collections,
            objects: p.objects,
            updatedAt: new Date(),
          },
        },
      );
    };
    let outcome: Awaited<ReturnType<typeof runDrill>> | null = null;
    let error: string | null = null;
    try {
      // what a drill whose replica stopped left behind
      if (abandoned) {
        const left = await removeScratch(this.deps.mongo, this.deps.s3, abandoned.scratch);
        if (left.length)
          log.error({ abandoned: abandoned._id, left }, "an abandoned drill's scratch copies remain");
      }
      outcome = await runDrill({ ...this.deps, target, log: (line) => log.info(line) }, m, run.scratch, {
        onProgress,
        stop: () => this.stopping,
      });
      if (outcome.problems.length)
        error = `Không đạt: ${outcome.problems.length} vấn đề / failed: ${outcome.problems.length} problem(s): ${outcome.problems.join("; ")}`;
    } catch (e) {
      log.error({ err: e }, "backup restore drill could not complete");
      error = `Không hoàn thành được diễn tập / the drill could not complete: ${message(e)}`;
    } finally {
      clearInterval(heartbeat);
    }
    // always: the scratch copies go, whatever happened
    const left = await removeScratch(this.deps.mongo, this.deps.s3, run.scratch).catch((e) => [message(e)]);
    if (left.length) {
      const gone = `Không xoá được bản khôi phục tạm / scratch copies not removed: ${left.join("; ")}`;
      error = error ? `${error}; ${gone}` : gone;
    }
    const status: DrillStatus = error ? "failed" : "passed";
    try {
      await this.runs.updateOne(
        { _id: run._id },
        {
          $set: {
            status,
            ...(outcome
              ? {
                  done: outcome.done,
                  total: outcome.total,
                  collections: outcome.collections,
                  objects: outcome.objects,
                }
              : {}),
            error: error ? cut(error) : null,
            updatedAt: new Date(),
            finishedAt: new Date(),
          },
        },
      );
      const figures = {
        status,
        done: outcome?.done ?? 0,
        total: run.total,
        problems: outcome?.problems.length ?? 0,
      };
      if (error) log.error({ ...figures, error: cut(error) }, "backup restore drill failed");
      else log.info(figures, "backup restore drill passed");
    } catch (e) {
      log.error({ err: e }, "backup restore drill: its result could not be recorded");
    } finally {
      await this.locks.deleteOne({ _id: LOCK_ID, runId: run._id }).catch(() => undefined);
    }
  }

  /** Shutdown: a running drill stops at its next file, removes its scratch copies and is marked failed. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.active]);
  }
}
