// archive's command line (the chart's Jobs run it): verify | backup | restore | reports.
//   node dist/cli.js verify                      (recorded in jobs/chain-verification: the metrics)
//   node dist/cli.js backup --target <dir|s3://bucket/prefix> [--keep N]
//        (then checks the new backup against its manifest and records both in <target>/status.json)
//   node dist/cli.js restore --from <id> [--target <dir|s3://…>] [--verify] [--force]
import { parseArgs } from "node:util";
import { createS3, loadConfig, mongoConfig, s3Config } from "@cong/kit";
import { MongoClient } from "mongodb";
import { z } from "zod";
import { ArchiveStore } from "./archive/store";
import { verifyAndRecord } from "./archive/verifier";
import { BackupError, parseKey, type RestoreOptions, runBackup, runRestore } from "./backup/backup";
import { recordBackupRun, recordVerified } from "./backup/status";
import { recordCheck } from "./backup/summary";
import { type BackupTarget, openTarget } from "./backup/target";
import { systemClock } from "./clock";
import { IncidentRegister } from "./incidents/incidents";
import { daysOf, samplesOf } from "./reports/availability";
import { FeedbackRecords } from "./reports/feedback";
import { runReportJob } from "./reports/job";
import { PortalNames } from "./reports/names";
import { UnknownPeriod } from "./reports/period";
import { portalSamplesOf } from "./reports/portal-availability";
import { RetentionRecords } from "./retention/records";

const list = z
  .string()
  .transform((v) =>
    v
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .optional();

const cliConfig = {
  ...mongoConfig,
  ...s3Config,
  ARCHIVE_BUCKET: z.string().default("cong-archive").describe("archive bucket"),
  BACKUP_TARGET: z.string().optional().describe("default --target of backup and restore"),
  BACKUP_DATABASES: list.describe("databases to back up (default every cong_* database)"),
  BACKUP_BUCKETS: list.describe("buckets to back up (default every bucket)"),
  BACKUP_ENCRYPTION_KEY: z.string().optional().describe("AES-256-GCM key, 32 bytes base64"),
  PUBLISHING_INTERNAL_URL: z.url().optional().describe("publishing's internal URL (page views)"),
  PAGEVIEWS_TOKEN: z.string().min(24).optional().describe("bearer token of publishing's page views"),
};

/** The database a URL names, else the service's. */
export function dbNameOf(url: string, fallback = "cong_archive"): string {
  const m = url.replace(/^mongodb(\+srv)?:\/\//, "").match(/^[^/]*\/([^/?]+)/);
  return m?.[1] ? decodeURIComponent(m[1]) : fallback;
}

const err = (s: string) => process.stderr.write(`${s}\n`);

/**
 * A check of a backup against its manifest, recorded in its summary (GET /backups) either way;
 * with the time it was recorded at, for status.json.
 */
async function checked<T>(target: BackupTarget, id: string, check: () => Promise<T>): Promise<[T, Date]> {
  try {
    const r = await check();
    const at = new Date();
    await recordCheck(target, id, { ok: true, at });
    return [r, at];
  } catch (e) {
    // a backup that is not there has no summary to record it in: recordCheck leaves it
    await recordCheck(target, id, {
      ok: false,
      at: new Date(),
      error: (e as Error).message ?? String(e),
    }).catch((r: unknown) => err(`backup summary could not be recorded: ${(r as Error).message}`));
    throw e;
  }
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      target: { type: "string" },
      keep: { type: "string" },
      from: { type: "string" },
      verify: { type: "boolean", default: false },
      force: { type: "boolean", default: false },
      period: { type: "string" },
      portal: { type: "string" },
    },
    strict: true,
  });
  // the chart names the archive bucket S3_BUCKET; ARCHIVE_BUCKET wins when both are set
  const config = loadConfig(cliConfig, {
    ...process.env,
    ARCHIVE_BUCKET: process.env.ARCHIVE_BUCKET ?? process.env.S3_BUCKET,
  });
  const s3 = createS3(config);
  const mongo = new MongoClient(config.MONGO_URL);
  await mongo.connect();
  /** restore and verify-backup read the same backup the same way; only the options differ */
  const restoreFrom = (what: string, opts: RestoreOptions) => {
    const spec = values.target ?? config.BACKUP_TARGET;
    if (!spec || !values.from)
      throw new BackupError(`${what} needs --from <id> and --target (or BACKUP_TARGET)`);
    return runRestore(
      {
        mongo,
        s3,
        target: openTarget(spec, () => s3),
        encryptionKey: parseKey(config.BACKUP_ENCRYPTION_KEY),
        progress: true,
        log: err,
      },
      values.from,
      opts,
    );
  };
  try {
    switch (command) {
      case "verify": {
        const db = mongo.db(dbNameOf(config.MONGO_URL));
        const store = new ArchiveStore(db, s3, config.ARCHIVE_BUCKET);
        // recorded like the service's scheduled verification (its cong_archive_chain_* gauges)
        const { state, problems, missing } = await verifyAndRecord(db, store, systemClock);
        for (const p of problems) err(`FAIL ${p}`);
        for (const m of missing) err(`MISSING media asset never archived: ${m}`);
        err(
          `${state.lastResult?.checked} archived objects and ${state.lastResult?.mediaChecked} media objects checked, ${problems.length} problems, ${missing.length} media assets missing`,
        );
        return problems.length ? 2 : 0;
      }
      case "backup": {
        const spec = values.target ?? config.BACKUP_TARGET;
        if (!spec) throw new BackupError("backup needs --target <dir|s3://bucket/prefix> (or BACKUP_TARGET)");
        const keep = values.keep ? Number(values.keep) : undefined;
        if (keep !== undefined && (!Number.isInteger(keep) || keep < 1))
          throw new BackupError("--keep must be ≥ 1");
        const started = Date.now();
        const target = openTarget(spec, () => s3);
        try {
          const deps = {
            mongo,
            s3,
            target,
            encryptionKey: parseKey(config.BACKUP_ENCRYPTION_KEY),
            databases: config.BACKUP_DATABASES,
            buckets: config.BACKUP_BUCKETS,
            progress: true,
            log: err,
          };
          const m = await runBackup(deps, keep !== undefined ? { keep } : {});
          err(
            `backup ${m.id}: ${m.totals.documents} documents, ${m.totals.objects} objects, ${m.totals.bytes} bytes in ${((Date.now() - started) / 1000).toFixed(1)} s`,
          );
          // R-BACKUP: a backup counts once every file it wrote reads back as its manifest says
          const [v, at] = await checked(target, m.id, () => runRestore(deps, m.id, { checkOnly: true }));
          err(`backup ${m.id}: ${v.checked.files} files match the manifest`);
          await recordBackupRun(target, { ok: true, at, id: m.id, verified: true });
          process.stdout.write(`${m.id}\n`);
          return 0;
        } catch (e) {
          await recordBackupRun(target, {
            ok: false,
            at: new Date(),
            error: e instanceof Error ? e.message : String(e),
          }).catch((r: unknown) => err(`backup status could not be recorded: ${(r as Error).message}`));
          throw e;
        }
      }
      case "verify-backup": {
        const spec = values.target ?? config.BACKUP_TARGET;
        const target = spec ? openTarget(spec, () => s3) : undefined;
        const check = () => restoreFrom("verify-backup", { checkOnly: true });
        const [r, at] =
          target && values.from ? await checked(target, values.from, check) : [await check(), new Date()];
        err(`backup ${r.id}: ${r.checked.files} files match the manifest`);
        if (target) await recordVerified(target, r.id, at);
        return 0;
      }
      case "reports": {
        const db = mongo.db(dbNameOf(config.MONGO_URL));
        const r = await runReportJob(
          {
            records: new RetentionRecords(db, undefined),
            feedback: new FeedbackRecords(db),
            publishingUrl: config.PUBLISHING_INTERNAL_URL,
            pageviewsToken: config.PAGEVIEWS_TOKEN,
            availability: samplesOf(db),
            availabilityDays: daysOf(db),
            portalAvailability: portalSamplesOf(db),
            names: new PortalNames(db),
            incidents: new IncidentRegister(db),
            s3,
            bucket: config.ARCHIVE_BUCKET,
          },
          {
            period: values.period ?? "auto",
            portal: values.portal,
            stored: (url) => process.stdout.write(`${url}\n`),
          },
        );
        err(`reports for ${r.period.label}: ${r.portals.length} portals`);
        return 0;
      }
      case "restore": {
        const r = await restoreFrom("restore", { force: values.force, verify: values.verify });
        err(`restored ${r.id}: ${r.documents} documents, ${r.objects} objects; counts and checksums match`);
        return 0;
      }
      default:
        err(
          "usage: cli.js verify | verify-backup --from <id> | backup --target <dir|s3://…> [--keep N] | restore --from <id> [--target …] [--verify] [--force]",
        );
        return 64;
    }
  } finally {
    await mongo.close();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      err(
        e instanceof BackupError || e instanceof UnknownPeriod
          ? `error: ${e.message}`
          : e instanceof Error
            ? (e.stack ?? e.message)
            : String(e),
      );
      process.exit(1);
    },
  );
}
