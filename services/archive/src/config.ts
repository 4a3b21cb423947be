// archive's configuration: the shared keys (docs/architecture.md) plus the archive bucket and
// the retention schedule.
import { baseConfig, kafkaConfig, keycloakConfig, loadConfig, mongoConfig, s3Config } from "@cong/kit";
import { z } from "zod";

export const archiveConfig = {
  ...baseConfig,
  ...mongoConfig,
  ...kafkaConfig,
  ...keycloakConfig,
  ...s3Config,
  ARCHIVE_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/)
    .default("cong-archive")
    .describe("bucket of the tamper-evident snapshots and the manifest copies (R-RETAIN)"),
  RETENTION_CHECK_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .default(15 * 60_000)
    .describe("how often the scheduler checks whether the daily retention run is due"),
  PUBLISHING_INTERNAL_URL: z
    .url()
    .optional()
    .describe("publishing's internal URL, for page views in reports (absent: no page-view data)"),
};

export type ArchiveConfig = ReturnType<typeof loadArchiveConfig>;

export function loadArchiveConfig(env: Record<string, string | undefined> = process.env) {
  return loadConfig(archiveConfig, { ...env, ARCHIVE_BUCKET: env.ARCHIVE_BUCKET ?? env.S3_BUCKET });
}
