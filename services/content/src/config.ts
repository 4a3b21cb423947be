// Configuration of the content service (zod; start-up names every bad or missing key).
import {
  baseConfig,
  kafkaConfig,
  keycloakConfig,
  loadConfig,
  mongoConfig,
  type SmtpConfig,
  smtpConfig,
} from "@cong/kit";
import { z } from "zod";
import type { CalendarConfig } from "./calendar";

const LocalDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD");

/** The calendar's yearly decisions (calendar/index.ts `CalendarConfig`). */
const CalendarConfigSchema = z.strictObject({
  extraDaysOff: z.array(LocalDate).optional(),
  extraWorkingDays: z.array(LocalDate).optional(),
  tet: z.record(z.string().regex(/^\d{4}$/), z.array(LocalDate)).optional(),
  nationalDayExtra: z.record(z.string().regex(/^\d{4}$/), z.union([z.literal(1), z.literal(3)])).optional(),
  substituteWeekendHolidays: z.boolean().optional(),
}) satisfies z.ZodType<CalendarConfig>;

export const contentConfigShape = {
  ...baseConfig,
  PORT: baseConfig.PORT.default(3001).describe("HTTP port of the service's API"),
  MANAGEMENT_PORT: baseConfig.MANAGEMENT_PORT.default(9301).describe(
    "port of /live, /ready and /metrics; never exposed publicly",
  ),
  ...mongoConfig,
  ...kafkaConfig,
  ...keycloakConfig,
  // answers to citizens are mailed (ADR 0007): SMTP_URL, SMTP_FROM, SMTP_REQUIRE_TLS, SMTP_RETRY_MAX_MS
  ...smtpConfig,
  PORTAL_BASE_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+$/)
    .default("bacgiang.gov.vn")
    .describe("parent domain of every portal host (R-DOM)"),
  SCHEDULE_POLL_MS: z.coerce
    .number()
    .int()
    .min(200)
    .default(5000)
    .describe("how often the scheduler looks for due publish/unpublish times"),
  SCHEDULE_MISS_GRACE_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(60_000)
    .describe("a schedule fired later than this after its time is reported as missed"),
  PROJECTION_REPAIR_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .default(30_000)
    .describe(
      "how often publications whose listing/royalty hooks may not have run are projected again (and how old they must be)",
    ),
  DIGEST_SEND_AFTER: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time of day, HH:MM")
    .default("07:00")
    .describe(
      "from this time of day (Vietnam time, UTC+7) the board's daily digest mails are sent (R-BOARD)",
    ),
  DIGEST_POLL_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .default(300_000)
    .describe("how often the digest job looks whether the day's digests are sent"),
  ROYALTY_RATES: z
    .string()
    .default('{"article":300000,"legal-document":100000,"announcement":100000,"qa":150000,"default":200000}')
    .transform((s, ctx) => {
      try {
        const parsed = z.record(z.string(), z.number().int().nonnegative()).parse(JSON.parse(s));
        return parsed;
      } catch {
        ctx.addIssue({ code: "custom", message: "a JSON object of kind → VND amount" });
        return z.NEVER;
      }
    })
    .describe("royalty per published contribution in VND by content kind, JSON (R-ROYALTY)"),
  MEDIA_API_URL: z
    .url()
    .default("http://127.0.0.1:3002")
    .describe(
      "media's API; an item's new media references are checked there with the caller's token (R-ORG: only the portal's own assets), and preview links get their media tokens there",
    ),
  MEDIA_API_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(60_000)
    .default(5000)
    .describe("how long a call to media may take before the request answers 503"),
  WORKING_CALENDAR_JSON: z
    .string()
    .default("{}")
    .transform((s, ctx) => {
      try {
        return CalendarConfigSchema.parse(JSON.parse(s));
      } catch {
        ctx.addIssue({
          code: "custom",
          message:
            'a JSON object {"extraDaysOff":[…],"extraWorkingDays":[…],"tet":{"<year>":[…]},"nationalDayExtra":{"<year>":1|3},"substituteWeekendHolidays":true}',
        });
        return z.NEVER;
      }
    })
    .describe(
      "the working-day calendar's yearly government decisions, JSON (extra days off, compensatory working days, Tết days by year, 1/9 or 3/9 by year): the one calendar of answer deadlines, review due dates and the digest (R-FEEDBACK, R-TIMELY)",
    ),
  FEEDBACK_RATE_LIMIT: z.coerce
    .number()
    .int()
    .positive()
    .default(5)
    .describe(
      "public submissions (feedback, questions, comments) accepted per client IP per window (R-FEEDBACK)",
    ),
  FEEDBACK_RATE_WINDOW_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(600_000)
    .describe("the window of FEEDBACK_RATE_LIMIT, in milliseconds"),
  UPLOAD_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(50 * 1024 * 1024)
    .describe("largest .docx/.pdf submission accepted (R-SUBMIT)"),
};

/** The config; its mail keys optional — a config built in code without SMTP_URL sends no mail. */
export type ContentConfig = Omit<z.output<z.ZodObject<typeof contentConfigShape>>, keyof typeof smtpConfig> &
  SmtpConfig;

export function loadContentConfig(env: Record<string, string | undefined> = process.env): ContentConfig {
  return loadConfig(contentConfigShape, env);
}
