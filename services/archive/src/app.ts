// Builds the archive service from its config, so main.ts and the integration tests (port 0, their
// own database, topic prefix and bucket, a fixed clock) start it the same way.
import fs from "node:fs";
import path from "node:path";
import {
  ContentArchived,
  ContentPublished,
  ContentUnpublished,
  type EventData,
  FeedbackAnswered,
  FeedbackReceived,
} from "@cong/contracts";
import { type Logger, type Service, startService } from "@cong/kit";
import type { Express } from "express";
import type * as Minio from "minio";
import YAML from "yaml";
import { ArchiveStore, ensureArchiveBucket } from "./archive/store";
import { type Clock, systemClock } from "./clock";
import type { ArchiveConfig } from "./config";
import { FeedbackRecords } from "./reports/data";
import { RetentionRecords } from "./retention/records";
import { RetentionScheduler } from "./retention/scheduler";
import { type AuditEntry, type RouteDeps, routes } from "./routes";
import { createS3 } from "./s3";

export const OPENAPI_FILE = path.join(__dirname, "..", "openapi.yaml");

export interface Archive {
  svc: Service;
  app: Express;
  deps: RouteDeps;
  store: ArchiveStore;
  s3: Minio.Client;
  objectLock: boolean;
}

export async function createArchive(
  config: ArchiveConfig,
  opts: { logger?: Logger; clock?: Clock; scheduler?: boolean } = {},
): Promise<Archive> {
  const svc = await startService({
    name: "archive",
    config,
    mongo: true,
    kafka: { outbox: true },
    auth: true,
    ...(opts.logger ? { logger: opts.logger } : {}),
  });
  const db = svc.db;
  const outbox = svc.outbox;
  if (!db || !outbox) throw new Error("archive needs mongo and the outbox");
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

  const records = new RetentionRecords(db, outbox);
  await records.init();
  const store = new ArchiveStore(db, s3, config.ARCHIVE_BUCKET);
  const scheduler = new RetentionScheduler(
    db,
    records,
    clock,
    svc.logger.child({ component: "retention" }),
    svc.metrics,
    config.RETENTION_CHECK_INTERVAL_MS,
  );
  const audit = db.collection<AuditEntry>("audit");
  const feedback = new FeedbackRecords(db);
  const deps: RouteDeps = {
    records,
    scheduler,
    audit,
    feedback: feedback.coll,
    publishingUrl: config.PUBLISHING_INTERNAL_URL,
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
    [FeedbackReceived.type]: async (e) => {
      await feedback.onReceived(e.data as EventData<typeof FeedbackReceived>);
    },
    [FeedbackAnswered.type]: async (e) => {
      await feedback.onAnswered(e.data as EventData<typeof FeedbackAnswered>);
    },
  });
  if (opts.scheduler ?? true) {
    scheduler.start();
    svc.lifecycle.onShutdown("retention", "drain", () => scheduler.stop());
  }

  const app = svc.httpApp();
  const spec = fs.existsSync(OPENAPI_FILE) ? fs.readFileSync(OPENAPI_FILE, "utf8") : "openapi: 3.1.0\n";
  app.get("/openapi.yaml", (_req, res) => {
    res.type("application/yaml").send(spec);
  });
  const specJson = JSON.stringify(YAML.parse(spec));
  app.get("/openapi.json", (_req, res) => {
    res.type("application/json").send(specJson);
  });
  app.use(svc.authenticate());
  app.use(routes(deps));
  return { svc, app, deps, store, s3, objectLock };
}
