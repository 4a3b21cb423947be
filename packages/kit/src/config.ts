// Configuration from the environment through a zod schema, one description per key. Start-up
// fails with one message naming every bad or missing key and what it should be.
import { z } from "zod";
import { DEFAULT_TRUSTED_PROXIES, parseTrustedProxies, type TrustedProxies } from "./http/trust-proxy";

export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(readonly problems: { key: string; message: string; description?: string }[]) {
    super(
      `invalid configuration:\n${problems
        .map((p) => `  - ${p.key}: ${p.message}${p.description ? ` (${p.description})` : ""}`)
        .join("\n")}`,
    );
  }
}

/** "true"/"false"/"1"/"0"/"yes"/"no" → boolean. */
export const envBoolean = z
  .enum(["true", "false", "1", "0", "yes", "no", ""])
  .transform((v) => v === "true" || v === "1" || v === "yes");

const port = z.coerce.number().int().min(1).max(65535);

/** Keys every service has. */
export const baseConfig = {
  PORT: port.describe("HTTP port of the service's API or pages"),
  MANAGEMENT_PORT: port.describe("port of /live, /ready and /metrics; never exposed publicly"),
  LOG_LEVEL: z
    .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
    .default("info")
    .describe("pino log level"),
  SHUTDOWN_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(25_000)
    .describe("time allowed to finish in-flight work after SIGTERM"),
};

/**
 * Whose forwarded headers to believe (issue 15.2). Not in `baseConfig`, so configs built in code
 * keep their type; a service spreads it into its schema to list the key, and `startService` reads
 * it from the environment (validated, failing start) when the service's config lacks it.
 */
export const proxyConfig = {
  TRUST_PROXY: z
    .string()
    .transform((v, ctx): TrustedProxies => {
      try {
        return parseTrustedProxies(v);
      } catch (e) {
        ctx.addIssue({ code: "custom", message: (e as Error).message });
        return z.NEVER;
      }
    })
    .default(DEFAULT_TRUSTED_PROXIES)
    .describe(
      "proxies whose X-Forwarded-For/-Proto/-Host are believed (req.ip, req.protocol): comma-separated IPs, CIDRs, loopback, linklocal, uniquelocal, or none; in a cluster the ingress controller's pod CIDR",
    ),
};

export const mongoConfig = {
  MONGO_URL: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, "a mongodb:// or mongodb+srv:// connection string")
    .describe("MongoDB connection string; the service's database unless the URL names one"),
};

export const kafkaConfig = {
  KAFKA_BROKERS: z
    .string()
    .min(1)
    .transform((v) =>
      v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .describe("comma-separated Kafka bootstrap servers, host:port"),
  KAFKA_SSL: envBoolean.default(false).describe("TLS to Kafka"),
  KAFKA_SASL_MECHANISM: z
    .enum(["plain", "scram-sha-256", "scram-sha-512"])
    .optional()
    .describe("SASL mechanism"),
  KAFKA_SASL_USERNAME: z.string().optional().describe("SASL user"),
  KAFKA_SASL_PASSWORD: z.string().optional().describe("SASL password"),
  KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^[a-z0-9.-]*$/)
    .default("")
    .describe("prefix of every topic and consumer group (tests use one per run)"),
  KAFKA_ENSURE_TOPICS: envBoolean
    .default(true)
    .describe("create missing topics at start (off in the cluster, where Strimzi declares them)"),
};

export const s3Config = {
  S3_ENDPOINT: z.url().describe("S3 endpoint URL, e.g. https://s3.example:9000"),
  S3_ACCESS_KEY: z.string().min(1).describe("S3 access key"),
  S3_SECRET_KEY: z.string().min(1).describe("S3 secret key"),
  S3_REGION: z.string().default("us-east-1").describe("S3 region"),
};

export const keycloakConfig = {
  KEYCLOAK_URL: z.url().describe("base URL of Keycloak, e.g. https://sso.bacgiang.gov.vn"),
  KEYCLOAK_REALM: z.string().min(1).default("bacgiang").describe("realm whose tokens the API accepts"),
  KEYCLOAK_AUDIENCE: z.string().min(1).default("cong-api").describe("audience every access token must name"),
  KEYCLOAK_ISSUER: z
    .url()
    .optional()
    .describe(
      "issuer the tokens name when it differs from KEYCLOAK_URL (the public SSO host while KEYCLOAK_URL is the in-cluster address)",
    ),
  KEYCLOAK_VERIFIER: z
    .enum(["keycloak-connect", "jose"])
    .optional()
    .describe("token verifier behind the kit's seam (ADR 0003): keycloak-connect (when unset), or jose"),
};

/** Parses the environment; throws ConfigError naming every bad or missing key. */
export function loadConfig<S extends z.ZodRawShape>(
  shape: S,
  env: Record<string, string | undefined> = process.env,
): z.output<z.ZodObject<S>> {
  const schema = z.object(shape);
  // empty strings count as missing, so `FOO=` in a file does not silently satisfy a required key
  const input: Record<string, string> = {};
  for (const key of Object.keys(shape)) {
    const v = env[key];
    if (v !== undefined && v !== "") input[key] = v;
  }
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? "(config)");
    const field = shape[key] as z.ZodType | undefined;
    const message = issue.code === "invalid_type" && input[key] === undefined ? "missing" : issue.message;
    return { key, message, description: field?.description };
  });
  throw new ConfigError(problems);
}
