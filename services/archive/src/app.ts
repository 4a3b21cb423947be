// Builds the archive service from its config, so main.ts and the integration tests (port 0, their
// own database, topic prefix and bucket, a fixed clock) start it the same way. Background work
// (retention scheduler, chain verification, missing-media retry, availability probes) stops on shutdown and can be
// switched off (tests drive it directly). With SMTP_URL its mailer sends the incident mails it staged.
import path from "node:path";
import {
  ArchiveMailRequested,
  ContentArchived,
  ContentPublished,
  ContentUnpublished,
  type EventData,
  FeedbackAnswered,
  FeedbackReceived,
  PortalUpdated,
} from "@cong/contracts";
import {
  createS3,
  type Logger,
  type Mailer,
  type Service,
  serveOpenApi,
  serviceMailer,
  smtpSettings,
  startStoreService,
} from "@cong/kit";
import type { Express } from "express";
import type * as Minio from "minio";
import type { MongoClient } from "mongodb";
import { ArchiveStore, ensureArchiveBucket } from "./archive/store";
import { verificationRoutes } from "./archive/verification.routes";
import { VerificationRuns } from "./archive/verification-runs";
import { ChainVerifier } from "./archive/verifier";
import { parseKey } from "./backup/backup";
import { backupRoutes } from "./backup/backups.routes";
import { DrillRuns } from "./backup/drill-runs";
import { drillRoutes } from "./backup/drills.routes";
import { BackupMonitor } from "./backup/status";
import { openTarget } from "./backup/target";
import { type Clock, systemClock } from "./clock";
import { type ArchiveConfig, DEFAULT_PRODUCTION_DOMAIN, DEFAULT_TECH_UNIT_MAILBOX } from "./config";
import { IncidentRegister } from "./incidents/incidents";
import { incidentRoutes } from "./incidents/incidents.routes";
import { AvailabilityProbe, daysOf, samplesOf } from "./reports/availability";
import { FeedbackRecords } from "./reports/feedback";
import { PortalNames } from "./reports/names";
import { PortalProbe, portalSamplesOf } from "./reports/portal-availability";
import { availabilityRoutes } from "./reports/portal-availability.routes";
import { RetentionRecords } from "./retention/records";
import { RetentionScheduler } from "./retention/scheduler";
import { type AuditEntry, type RouteDeps, routes } from "./routes";

export const OPENAPI_FILE = path.join(__dirname, "..", "openapi.yaml");

export interface Archive {
  svc: Service;
  app: Express;
  deps: RouteDeps;
  store: ArchiveStore;
  s3: Minio.Client;
  objectLock: boolean;
  /** null when there is nothing to probe (no AVAILABILITY_PROBE_URL nor PUBLISHING_INTERNAL_URL) */
  probe: AvailabilityProbe | null;
  /** each active portal's home page, sampled per interval; null without PUBLISHING_INTERNAL_URL */
  portalProbe: PortalProbe | null;
  /** the hash chain's scheduled verification and its gauges */
  verifier: ChainVerifier;
  /** verifications of the chain started over HTTP (POST /archive/verify) */
  runs: VerificationRuns;
  /** the backup job's status.json as gauges; null without BACKUP_TARGET */
  backups: BackupMonitor | null;
  /** restore drills of BACKUP_TARGET's backups into scratch databases and buckets (POST /backups/{id}/drills) */
  drills: DrillRuns;
  /** the incident register (R-OPS-247, R-SEC): POST/PATCH/GET /incidents, read by the reports */
  incidents: IncidentRegister;
  /** sends the new-incident mails archive staged; null without SMTP_URL (they wait on the mail topic) */
  mailer: Mailer | null;
}

/** The availability probe's target: AVAILABILITY_PROBE_URL, else publishing's `/ready`. */
export function probeUrl(config: ArchiveConfig): string | null {
  if (config.AVAILABILITY_PROBE_URL) return config.AVAILABILITY_PROBE_URL;
  if (!config.PUBLISHING_INTERNAL_URL) return null;
  return new URL("/ready", config.PUBLISHING_INTERNAL_URL).toString();
}

export async function createArchive(
  config: ArchiveConfig,
  opts: {
    logger?: Logger;
    clock?: Clock;
    scheduler?: boolean;
    mediaRetry?: boolean;
    probe?: boolean;
    chainVerify?: boolean;
  } = {},
): Promise<Archive> {
  const { svc, db, outbox } = await startStoreService("archive", config, opts.logger);
  const clock = opts.clock ?? systemClock;
  const s3 = createS3(config);
  const { objectLock } = await ensureArchiveBucket(s3, config.ARCHIVE_BUCKET, svc.logger);
  svc.logger.info({ bucket: config.ARCHIVE_BUCKET, objectLock }, "archive bucket ready");
  svc.checks.set("s3", {
    critical: false,
    fn: async () => {
      await s3.bucketExists(config.ARCHIVE_BUCKET);
    },
  });

  const records = new RetentionRecords(db, outbox, svc.logger.child({ component: "records" }));
  await records.init();
  // first start of this version: the search and retention keys of what earlier versions stored, in
  // the background (a few hundred keys an item); it resumes where it stopped after a restart
  const stop = { requested: false };
  const backfill = records
    .backfill({ stop, log: (n) => svc.logger.info({ items: n }, "item keys: backfilling") })
    .then((n) => n && svc.logger.info({ items: n }, "item keys backfilled"))
    .catch((e: unknown) =>
      svc.logger.error({ err: e }, "item keys backfill failed; it resumes at the next start"),
    );
  svc.lifecycle.onShutdown("item-keys-backfill", "drain", async () => {
    stop.requested = true;
    await backfill;
  });
  const store = new ArchiveStore(db, s3, config.ARCHIVE_BUCKET, {
    mediaBucket: config.MEDIA_BUCKET,
    logger: svc.logger.child({ component: "archive" }),
    mediaRetryMaxAgeMs: config.MEDIA_RETRY_MAX_AGE_MS,
  });
  const scheduler = new RetentionScheduler(
    db,
    records,
    clock,
    svc.logger.child({ component: "retention" }),
    svc.metrics,
    config.RETENTION_CHECK_INTERVAL_MS,
  );
  const verifier = new ChainVerifier(
    db,
    store,
    clock,
    svc.logger.child({ component: "chain-verification" }),
    svc.metrics,
    config.CHAIN_VERIFY_INTERVAL_MS ?? 86_400_000,
    config.CHAIN_VERIFY_CHECK_INTERVAL_MS ?? 15 * 60_000,
  );
  if (opts.chainVerify ?? true) {
    verifier.start();
    svc.lifecycle.onShutdown("chain-verification", "drain", () => verifier.stop());
  }
  // verifications started over HTTP, one document each (any replica answers their progress)
  const runs = new VerificationRuns(
    db,
    store,
    clock,
    svc.logger.child({ component: "chain-verification-runs" }),
  );
  svc.lifecycle.onShutdown("chain-verification-runs", "drain", () => runs.stop());
  // the backup CronJob is another process: its status.json next to the backups (src/backup/status.ts)
  // and each backup's summary.json (GET /backups)
  const backupTarget = config.BACKUP_TARGET ? openTarget(config.BACKUP_TARGET, () => s3) : null;
  const backups = backupTarget
    ? new BackupMonitor(backupTarget, svc.metrics, svc.logger.child({ component: "backups" }))
    : null;
  // restore drills (R-BACKUP): a backup restored into scratch databases and buckets, checked and
  // removed; one document each, any replica answers their progress
  const mongoClient = svc.mongo?.getClient() as unknown as MongoClient | undefined;
  if (!mongoClient) throw new Error("archive needs its Mongo connection");
  const drills = new DrillRuns(
    db,
    { mongo: mongoClient, s3, encryptionKey: parseKey(config.BACKUP_ENCRYPTION_KEY) },
    svc.logger.child({ component: "backup-drills" }),
  );
  svc.lifecycle.onShutdown("backup-drills", "drain", () => drills.stop());
  const audit = db.collection<AuditEntry>("audit");
  const feedback = new FeedbackRecords(db);
  // the same for the keys of feedback received before they existed (the reports read them)
  const feedbackBackfill = feedback
    .backfill({ stop })
    .then((n) => n && svc.logger.info({ feedback: n }, "feedback keys backfilled"))
    .catch((e: unknown) =>
      svc.logger.error({ err: e }, "feedback keys backfill failed; it resumes at the next start"),
    );
  svc.lifecycle.onShutdown("feedback-keys-backfill", "drain", async () => {
    stop.requested = true;
    await feedbackBackfill;
  });
  // the portals' and categories' names the reports show (content's portal.updated)
  const names = new PortalNames(db);
  // a new incident's mail to the technical focal unit is staged in its insert (R-OPS-247, ADR 0007)
  const incidents = new IncidentRegister(db, {
    outbox,
    mailbox: config.TECH_UNIT_MAILBOX ?? DEFAULT_TECH_UNIT_MAILBOX,
  });
  await incidents.init();
  const deps: RouteDeps = {
    records,
    scheduler,
    audit,
    feedback,
    publishingUrl: config.PUBLISHING_INTERNAL_URL,
    pageviewsToken: config.PAGEVIEWS_TOKEN,
    availability: samplesOf(db),
    availabilityDays: daysOf(db),
    portalAvailability: portalSamplesOf(db),
    provincialPortalId: config.PROVINCIAL_PORTAL_ID,
    names,
    incidents,
    clock,
  };

  svc.consumer("archive", {
    [ContentPublished.type]: async (e) => {
      const d = e.data as EventData<typeof ContentPublished>;
      await records.onPublished(d);
      await store.archivePublished(d);
    },
    [ContentUnpublished.type]: async (e) => {
      await records.onUnpublished(e.data as EventData<typeof ContentUnpublished>);
    },
    [ContentArchived.type]: async (e) => {
      await records.onArchived(e.data as EventData<typeof ContentArchived>);
    },
    [PortalUpdated.type]: async (e) => {
      await names.onPortalUpdated(e.data as EventData<typeof PortalUpdated>);
    },
    [FeedbackReceived.type]: async (e) => {
      await feedback.onReceived(e.data as EventData<typeof FeedbackReceived>);
    },
    [FeedbackAnswered.type]: async (e) => {
      await feedback.onAnswered(e.data as EventData<typeof FeedbackAnswered>);
    },
  });
  // the incident mails archive staged, sent over SMTP once each (ADR 0007)
  const mailer = serviceMailer(svc, "archiveMailer", [ArchiveMailRequested], smtpSettings(config));
  if (opts.scheduler ?? true) {
    scheduler.start();
    svc.lifecycle.onShutdown("retention", "drain", () => scheduler.stop());
  }
  if (opts.mediaRetry ?? true) {
    let retrying: Promise<unknown> | undefined;
    const retry = () => {
      if (retrying) return;
      retrying = store
        .retryMissingMedia(clock.now())
        .catch((e) => svc.logger.error({ err: e }, "missing-media retry failed"))
        .finally(() => {
          retrying = undefined;
        });
    };
    const timer = setInterval(retry, config.MEDIA_RETRY_INTERVAL_MS);
    timer.unref();
    svc.lifecycle.onShutdown("media-retry", "drain", async () => {
      clearInterval(timer);
      await retrying;
    });
  }
  const target = probeUrl(config);
  const probe = target
    ? new AvailabilityProbe(
        db,
        target,
        clock,
        svc.logger.child({ component: "availability" }),
        config.AVAILABILITY_PROBE_INTERVAL_MS,
      )
    : null;
  if (probe && (opts.probe ?? true)) {
    probe.start();
    svc.lifecycle.onShutdown("availability-probe", "drain", () => probe.stop());
    svc.logger.info(
      { url: target, intervalMs: config.AVAILABILITY_PROBE_INTERVAL_MS },
      "availability probe started",
    );
  }
  // each active portal's home page as citizens reach it: publishing's `/` with the portal's Host
  const portalProbe = config.PUBLISHING_INTERNAL_URL
    ? new PortalProbe(
        db,
        names,
        config.PUBLISHING_INTERNAL_URL,
        {
          production: config.PRODUCTION_DOMAIN ?? DEFAULT_PRODUCTION_DOMAIN,
          public: config.PUBLIC_DOMAIN,
        },
        clock,
        svc.logger.child({ component: "portal-availability" }),
        config.AVAILABILITY_PROBE_INTERVAL_MS,
      )
    : null;
  if (portalProbe && (opts.probe ?? true)) {
    portalProbe.start();
    svc.lifecycle.onShutdown("portal-availability-probe", "drain", () => portalProbe.stop());
    svc.logger.info(
      { url: portalProbe.baseUrl, publicDomain: config.PUBLIC_DOMAIN ?? null },
      "portal availability probe started",
    );
  }

  const app = svc.httpApp();
  serveOpenApi(app, OPENAPI_FILE);
  app.use(svc.authenticate());
  app.use(routes(deps));
  app.use(verificationRoutes(runs));
  app.use(backupRoutes(backupTarget));
  app.use(drillRoutes(drills, backupTarget));
  app.use(incidentRoutes(incidents, clock));
  app.use(availabilityRoutes(names, portalSamplesOf(db), clock));
  return {
    svc,
    app,
    deps,
    store,
    s3,
    objectLock,
    probe,
    portalProbe,
    verifier,
    runs,
    backups,
    drills,
    incidents,
    mailer,
  };
}
