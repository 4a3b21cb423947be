// identity's configuration: the shared keys (docs/architecture.md) plus the Keycloak Admin API.
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

export const adminConfig = {
  KEYCLOAK_ADMIN_URL: z
    .url()
    .optional()
    .describe("base URL of the Keycloak Admin REST API (in-cluster); default KEYCLOAK_URL"),
  KEYCLOAK_ADMIN_CLIENT_ID: z
    .string()
    .optional()
    .describe("identity's confidential client with realm-management roles (production: cong-identity)"),
  KEYCLOAK_ADMIN_CLIENT_SECRET: z.string().optional().describe("secret of KEYCLOAK_ADMIN_CLIENT_ID"),
  KEYCLOAK_ADMIN_USERNAME: z
    .string()
    .optional()
    .describe("admin user (local: the master realm's admin), used when no client id/secret is set"),
  KEYCLOAK_ADMIN_PASSWORD: z.string().optional().describe("password of KEYCLOAK_ADMIN_USERNAME"),
  KEYCLOAK_ADMIN_REALM: z
    .string()
    .optional()
    .describe("realm to log in to; default the platform realm for a client, master for a user"),
};

export const identityConfig = {
  ...baseConfig,
  ...mongoConfig,
  ...kafkaConfig,
  ...keycloakConfig,
  ...adminConfig,
  // invitations are mailed (ADR 0007): SMTP_URL, SMTP_FROM, SMTP_REQUIRE_TLS, SMTP_RETRY_MAX_MS
  ...smtpConfig,
  ADMIN_PUBLIC_URL: z
    .url()
    .default("http://admin.bacgiang.localhost:3005")
    .describe("public URL of the admin UI; invitation links point to <url>/invitations/<token>"),
  INVITATION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(720)
    .default(72)
    .describe("validity of an invitation link"),
};

export type IdentityConfig = ReturnType<typeof loadIdentityConfig>;

/**
 * What `createIdentity` takes: the config, its mail keys optional — a config built in code (a
 * benchmark) without SMTP_URL sends no mail, as one loaded without it.
 */
export type IdentitySettings = Omit<IdentityConfig, keyof typeof smtpConfig> & SmtpConfig;

export function loadIdentityConfig(env: Record<string, string | undefined> = process.env) {
  return loadConfig(identityConfig, env);
}

export type AdminEnv = { [K in keyof typeof adminConfig]?: string | undefined } & {
  KEYCLOAK_URL: string;
  KEYCLOAK_REALM: string;
};

export function adminCredentials(c: AdminEnv) {
  return {
    url: c.KEYCLOAK_ADMIN_URL ?? c.KEYCLOAK_URL,
    realm: c.KEYCLOAK_REALM,
    clientId: c.KEYCLOAK_ADMIN_CLIENT_ID,
    clientSecret: c.KEYCLOAK_ADMIN_CLIENT_SECRET,
    username: c.KEYCLOAK_ADMIN_USERNAME,
    password: c.KEYCLOAK_ADMIN_PASSWORD,
    authRealm: c.KEYCLOAK_ADMIN_REALM,
  };
}
