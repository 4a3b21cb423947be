// archive's configuration: the shared keys (docs/architecture.md) plus the archive and media
// buckets, the retention schedule, the availability probe and the incident mail (ADR 0007).
import {
  baseConfig,
  kafkaConfig,
  keycloakConfig,
  loadConfig,
  mongoConfig,
  type SmtpConfig,
  s3Config,
  smtpConfig,
} from "@cong/kit";
import { z } from "zod";

/** the domain of the registry's portal hosts when PRODUCTION_DOMAIN is not set (publishing's default) */
export const DEFAULT_PRODUCTION_DOMAIN = "bacgiang.gov.vn";

/** where a new incident is mailed when TECH_UNIT_MAILBOX is not set (R-OPS-247) */
export const DEFAULT_TECH_UNIT_MAILBOX = "ubnd-sotttt@bacgiang.gov.vn";

export const archiveConfig = {
  ...baseConfig,
  ...mongoConfig,
  ...kafkaConfig,
  ...keycloakConfig,
  ...s3Config,
  // a new incident is mailed to the technical focal unit (ADR 0007, R-OPS-247): SMTP_URL,
  // SMTP_FROM, SMTP_REQUIRE_TLS, SMTP_RETRY_MAX_MS
  ...smtpConfig,
  TECH_UNIT_MAILBOX: z
    .email()
    .max(254)
    .default(DEFAULT_TECH_UNIT_MAILBOX)
    .describe("the technical focal unit's mailbox: every new incident is mailed to it at once (R-OPS-247)"),
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
  MEDIA_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/)
    .default("cong-media")
    .describe("media's bucket; the assets an archived revision uses are copied from it (R-RETAIN)"),
  MEDIA_RETRY_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .default(10 * 60_000)
    .describe("how often media missing at archive time is looked for again"),
  MEDIA_RETRY_MAX_AGE_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(7 * 86_400_000)
    .describe("after this long a missing asset is given up on (logged as an error)"),
  PUBLISHING_INTERNAL_URL: z
    .url()
    .optional()
    .describe("publishing's internal URL, for page views in reports (absent: no page-view data)"),
  PROVINCIAL_PORTAL_ID: z
    .string()
    .optional()
    .describe(
      "the provincial portal (absent: bacgiang): its board sees every portal's report and the province-wide one",
    ),
  PAGEVIEWS_TOKEN: z
    .string()
    .min(24)
    .optional()
    .describe("bearer token of publishing's /internal/pageviews (the same value as publishing's)"),
  AVAILABILITY_PROBE_URL: z
    .url()
    .optional()
    .describe(
      "what the availability probe GETs (default PUBLISHING_INTERNAL_URL + /ready; absent: no probe)",
    ),
  AVAILABILITY_PROBE_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .default(60_000)
    .describe(
      "one availability sample per interval (R-REPORT): platform-wide, and one of each active portal's home page (PUBLISHING_INTERNAL_URL + / with its Host)",
    ),
  PUBLIC_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+(:\d+)?$/)
    .optional()
    .describe(
      "publishing's PUBLIC_DOMAIN: the portal probe sends each portal's registry host mapped onto it, as publishing maps it (absent: the registry's host as it is)",
    ),
  PRODUCTION_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+$/)
    .default(DEFAULT_PRODUCTION_DOMAIN)
    .describe(
      "publishing's PRODUCTION_DOMAIN: the domain of the registry's portal hosts, mapped onto PUBLIC_DOMAIN",
    ),
  CHAIN_VERIFY_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(60_000)
    .optional()
    .describe(
      "how often the archive's hash chain is verified (R-RETAIN; cong_archive_chain_* metrics; default a day)",
    ),
  CHAIN_VERIFY_CHECK_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .optional()
    .describe("how often the service checks whether a chain verification is due (default 15 min)"),
  BACKUP_TARGET: z
    .string()
    .optional()
    .describe(
      "where the backup job writes (dir or s3://bucket/prefix): its status.json gives the cong_archive_backup_* metrics, GET /backups its backups and POST /backups/{id}/drills what it drills (absent: none)",
    ),
  BACKUP_ENCRYPTION_KEY: z
    .string()
    .refine((k) => Buffer.from(k, "base64").length === 32, "32 bytes, base64-encoded")
    .optional()
    .describe(
      "the key the backups are encrypted with (32 bytes base64, as the backup job's): a restore drill of an encrypted backup needs it (absent: such a drill fails saying so)",
    ),
};

/**
 * The config; its mail keys optional — a config built in code (a test, a benchmark) without
 * SMTP_URL sends no mail, as one loaded without it, and without TECH_UNIT_MAILBOX mails the default;
 * without PRODUCTION_DOMAIN the portal probe maps the default.
 */
export type ArchiveConfig = Omit<
  ReturnType<typeof loadArchiveConfig>,
  keyof typeof smtpConfig | "TECH_UNIT_MAILBOX" | "PRODUCTION_DOMAIN"
> &
  SmtpConfig & { TECH_UNIT_MAILBOX?: string | undefined; PRODUCTION_DOMAIN?: string | undefined };

export function loadArchiveConfig(env: Record<string, string | undefined> = process.env) {
  return loadConfig(archiveConfig, { ...env, ARCHIVE_BUCKET: env.ARCHIVE_BUCKET ?? env.S3_BUCKET });
}
