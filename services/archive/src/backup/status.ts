// R-BACKUP, R-OPS-247: what the last backups did, for the operators. The backup CronJob is another
// process than the serving archive (and its database user may only read), so the job writes the
// record next to the backups, as `status.json` at the root of the target (never inside a backup
// folder, so list/remove ignore it): the last run, the last success, the last backup checked
// against its manifest, the consecutive failures. The serving archive, given the same
// BACKUP_TARGET, reads it on scrape (cached briefly) and exposes it as Prometheus gauges.
import type { Logger, Metrics } from "@cong/kit";
import { type BackupTarget, readJsonFile } from "./target";

export const STATUS_FILE = "status.json";

export interface BackupStatus {
  format: "cong-backup-status/1";
  lastRunAt: string | null;
  lastSuccessAt: string | null;
  lastBackupId: string | null;
  /** when the last backup checked against its manifest (every file's size and sha256) passed */
  lastVerifiedAt: string | null;
  lastVerifiedId: string | null;
  lastError: string | null;
  /** failed runs since the last successful one */
  consecutiveFailures: number;
  /** failed runs ever recorded */
  failures: number;
}

const empty = (): BackupStatus => ({
  format: "cong-backup-status/1",
  lastRunAt: null,
  lastSuccessAt: null,
  lastBackupId: null,
  lastVerifiedAt: null,
  lastVerifiedId: null,
  lastError: null,
  consecutiveFailures: 0,
  failures: 0,
});

/** The recorded status; an empty one when none was written yet (a read error is thrown). */
export async function readBackupStatus(target: BackupTarget): Promise<BackupStatus> {
  const s = await readJsonFile<BackupStatus>(target, STATUS_FILE);
  return s?.format === "cong-backup-status/1" ? { ...empty(), ...s } : empty();
}

export type BackupOutcome =
  | { ok: true; at: Date; id: string; verified: boolean }
  | { ok: false; at: Date; error: string };

/** Records one run (backup or verify-backup) in the target's status.json. */
export async function recordBackupRun(target: BackupTarget, o: BackupOutcome): Promise<BackupStatus> {
  const prev = await readBackupStatus(target).catch(() => empty());
  const at = o.at.toISOString();
  const next: BackupStatus = o.ok
    ? {
        ...prev,
        lastRunAt: at,
        lastSuccessAt: at,
        lastBackupId: o.id,
        ...(o.verified ? { lastVerifiedAt: at, lastVerifiedId: o.id } : {}),
        lastError: null,
        consecutiveFailures: 0,
      }
    : {
        ...prev,
        lastRunAt: at,
        lastError: o.error.slice(0, 500),
        consecutiveFailures: prev.consecutiveFailures + 1,
        failures: prev.failures + 1,
      };
  await target.put(STATUS_FILE, Buffer.from(JSON.stringify(next, null, 2)));
  return next;
}

/** Records a verify-backup that passed: the last verified backup, not a new backup. */
export async function recordVerified(target: BackupTarget, id: string, at: Date): Promise<BackupStatus> {
  const prev = await readBackupStatus(target).catch(() => empty());
  const next: BackupStatus = { ...prev, lastVerifiedAt: at.toISOString(), lastVerifiedId: id };
  await target.put(STATUS_FILE, Buffer.from(JSON.stringify(next, null, 2)));
  return next;
}

const seconds = (iso: string | null | undefined) => (iso ? Date.parse(iso) / 1000 : 0);

/**
 * The backup gauges of the serving archive: status.json read at most once per `cacheMs` (a
 * scrape every 30 s reads it every `cacheMs`); when it cannot be read, the last figures stay and
 * cong_archive_backup_status_read_failures_total counts it.
 */
export class BackupMonitor {
  private cached: BackupStatus | null = null;
  private readAt = 0;
  private reading: Promise<void> | undefined;

  constructor(
    private readonly target: BackupTarget,
    metrics: Metrics,
    private readonly logger: Logger,
    private readonly cacheMs = 60_000,
  ) {
    const readFailures = metrics.counter(
      "cong_archive_backup_status_read_failures_total",
      "scrapes that could not read the backups' status.json (the last figures are kept)",
    );
    const refresh = () => {
      if (Date.now() - this.readAt < this.cacheMs && this.cached) return Promise.resolve();
      this.reading ??= readBackupStatus(this.target)
        .then((s) => {
          this.cached = s;
          this.readAt = Date.now();
        })
        .catch((e: unknown) => {
          readFailures.inc();
          this.logger.warn({ err: e, target: this.target.describe }, "backup status cannot be read");
        })
        .finally(() => {
          this.reading = undefined;
        });
      return this.reading;
    };
    const gauge = (name: string, help: string, value: (s: BackupStatus | null) => number) =>
      metrics.gauge(name, help, [], async (g) => {
        await refresh();
        g.set(value(this.cached));
      });
    gauge(
      "cong_archive_backup_last_run_timestamp_seconds",
      "end of the last backup run, successful or not (0: none recorded)",
      (s) => seconds(s?.lastRunAt),
    );
    gauge(
      "cong_archive_backup_last_success_timestamp_seconds",
      "end of the last successful backup (0: none recorded)",
      (s) => seconds(s?.lastSuccessAt),
    );
    gauge(
      "cong_archive_backup_last_verified_timestamp_seconds",
      "when a backup last passed its check against its manifest (0: none recorded)",
      (s) => seconds(s?.lastVerifiedAt),
    );
    gauge(
      "cong_archive_backup_consecutive_failures",
      "failed backup runs since the last successful one",
      (s) => s?.consecutiveFailures ?? 0,
    );
  }

  /** Reads the status now (not from the cache). */
  async status(): Promise<BackupStatus> {
    this.readAt = 0;
    this.cached = await readBackupStatus(this.target);
    this.readAt = Date.now();
    return this.cached;
  }
}
