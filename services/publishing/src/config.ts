// Configuration of publishing (zod through the kit): the shared keys plus the public side's own.
import { baseConfig, envBoolean, kafkaConfig, loadConfig, mongoConfig, proxyConfig } from "@cong/kit";
import { z } from "zod";

export const publishingConfigShape = {
  ...baseConfig,
  ...mongoConfig,
  ...kafkaConfig,
  // TRUST_PROXY: the ingress whose X-Forwarded-* are believed (issue 15.2; the kit's key)
  ...proxyConfig,
  PUBLIC_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+(:\d+)?$/)
    .default("bacgiang.localhost:3000")
    .describe(
      "domain the portals answer on here: bacgiang.gov.vn in production, bacgiang.localhost:3000 locally (R-DOM)",
    ),
  PUBLIC_SCHEME: z
    .enum(["http", "https"])
    .default("http")
    .describe(
      "scheme of the portals' absolute links (canonical, feeds, sitemaps): https in production (the chart sets it), http locally",
    ),
  PRODUCTION_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+$/)
    .default("bacgiang.gov.vn")
    .describe("domain of the portal hosts in the registry; mapped onto PUBLIC_DOMAIN"),
  PROVINCIAL_PORTAL_ID: z.string().default("bacgiang").describe("portal id of the provincial portal"),
  CONTENT_API_URL: z
    .url()
    .default("http://127.0.0.1:3001")
    .describe("content service base URL (feedback, comments)"),
  MEDIA_PUBLIC_URL: z.url().default("http://127.0.0.1:3002").describe("public base URL of media renditions"),
  FORM_SECRET: z
    .string()
    .min(32)
    .optional()
    .describe("HMAC key of form tokens (CSRF); the same on every replica. Random per process when unset"),
  PAGEVIEWS_TOKEN: z
    .string()
    .min(24)
    .optional()
    .describe("bearer token of GET /internal/pageviews (archive reports); the route is off when unset"),
  PAGEVIEWS_FLUSH_MS: z.coerce.number().int().positive().default(60_000).describe("page-view flush interval"),
  RENDER_CACHE_MAX: z.coerce
    .number()
    .int()
    .positive()
    .default(5000)
    .describe("rendered pages kept in memory"),
  FORM_RATE_LIMIT: z.coerce
    .number()
    .int()
    .positive()
    .default(5)
    .describe("form submissions per client address per 10 minutes"),
  CONSUME: envBoolean.default(true).describe("consume events (off only for benches)"),
};

export type PublishingConfig = ReturnType<typeof loadPublishingConfig>;

export function loadPublishingConfig(env: Record<string, string | undefined> = process.env) {
  return loadConfig(publishingConfigShape, env);
}
