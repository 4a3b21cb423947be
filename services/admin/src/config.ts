// admin's configuration: the shared keys plus the OIDC client, session rules and the APIs it
// calls with the signed-in person's token (docs/architecture.md; ADR 0005).
import { baseConfig, envBoolean, keycloakConfig, loadConfig, mongoConfig, proxyConfig } from "@cong/kit";
import { z } from "zod";

const seconds = z.coerce.number().int().positive();

export const adminConfig = {
  ...baseConfig,
  ...mongoConfig,
  ...keycloakConfig,
  // the ingress whose X-Forwarded-* are believed (secure cookies behind it; the kit reads it)
  ...proxyConfig,
  KEYCLOAK_ISSUER: z
    .url()
    .optional()
    .describe("issuer in tokens, when Keycloak's public URL differs from KEYCLOAK_URL (in-cluster)"),
  ADMIN_PUBLIC_URL: z
    .url()
    .default("http://admin.bacgiang.localhost:3005")
    .describe("the admin's public origin: redirect URIs, the Origin every form must come from, links"),
  ADMIN_OIDC_CLIENT_ID: z.string().min(1).default("cong-admin").describe("the admin's OIDC client"),
  ADMIN_OIDC_CLIENT_SECRET: z
    .string()
    .min(16)
    .describe("secret of the confidential OIDC client (from a Secret in the cluster)"),
  ADMIN_SESSION_SECRET: z
    .string()
    .min(32)
    .describe("key that signs the session cookie (from a Secret; several, comma-separated, to rotate)"),
  ADMIN_IDLE_TIMEOUT_SECONDS: seconds
    .default(30 * 60)
    .describe("a session ends after this long without a request (the realm's SSO idle, 30 min)"),
  ADMIN_ABSOLUTE_TIMEOUT_SECONDS: seconds
    .default(12 * 60 * 60)
    .describe("a session ends this long after sign-in, whatever happens (the realm's 12 h)"),
  ADMIN_IDLE_WARNING_SECONDS: seconds
    .default(120)
    .describe("the page warns this long before the idle timeout, with a button to stay (WCAG 2.2.1)"),
  ADMIN_AUTOSAVE_SECONDS: seconds
    .default(20)
    .describe("the editor saves a draft this long after the last change"),
  ADMIN_COOKIE_SECURE: envBoolean
    .optional()
    .describe("Secure and __Host- cookie; default: when ADMIN_PUBLIC_URL is https"),
  ADMIN_UPLOAD_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(2 * 1024 ** 3)
    .describe("largest upload the admin streams to media (media applies its own limits per kind)"),
  CONTENT_API_URL: z.url().default("http://127.0.0.1:3001").describe("content API (in-cluster URL)"),
  MEDIA_API_URL: z.url().default("http://127.0.0.1:3002").describe("media API (in-cluster URL)"),
  MEDIA_PUBLIC_URL: z
    .url()
    .default("http://127.0.0.1:3002")
    .describe("public base URL of media files (thumbnails in the library)"),
  IDENTITY_API_URL: z.url().default("http://127.0.0.1:3003").describe("identity API (in-cluster URL)"),
  ARCHIVE_API_URL: z.url().default("http://127.0.0.1:3004").describe("archive API (in-cluster URL)"),
  PUBLIC_DOMAIN: z
    .string()
    .min(1)
    .default("bacgiang.localhost:3000")
    .describe("domain of the public portals (bacgiang.gov.vn); a portal is at <id>.<domain>"),
  PUBLIC_SCHEME: z.enum(["http", "https"]).default("http").describe("scheme of the public portals"),
};

export type AdminConfig = ReturnType<typeof loadAdminConfig>;

export function loadAdminConfig(env: Record<string, string | undefined> = process.env) {
  return loadConfig(adminConfig, env);
}

/** The public address of a portal (R-DOM): the provincial portal on the domain itself. */
export function portalOrigin(c: Pick<AdminConfig, "PUBLIC_DOMAIN" | "PUBLIC_SCHEME">, portalId: string) {
  return `${c.PUBLIC_SCHEME}://${portalId === "bacgiang" ? "" : `${portalId}.`}${c.PUBLIC_DOMAIN}`;
}
