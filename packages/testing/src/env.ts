import fs from "node:fs";
import path from "node:path";

/** The repository root: the nearest ancestor holding pnpm-workspace.yaml. */
export function repoRoot(from = __dirname): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, "pnpm-workspace.yaml"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no pnpm-workspace.yaml above ${from}`);
    dir = parent;
  }
  return dir;
}

/** Parses `NAME=value` lines; blank lines and `#` comments are skipped. */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const eq = line.indexOf("=");
    if (eq <= 0) continue;
    out[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return out;
}

/**
 * Connection settings of the local servers: `.env.local` (written by `infra/local up`) under the
 * values already in the environment, which win, so a real cluster's endpoints can be given.
 */
export function localEnv(): Record<string, string> {
  const file = path.join(repoRoot(), ".env.local");
  const fromFile = fs.existsSync(file) ? parseEnvFile(fs.readFileSync(file, "utf8")) : {};
  const merged: Record<string, string> = { ...fromFile };
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) merged[k] = v;
  return merged;
}

const REQUIRED = [
  "KAFKA_BROKERS",
  "MONGO_URL",
  "S3_ENDPOINT",
  "S3_ACCESS_KEY",
  "S3_SECRET_KEY",
  "KEYCLOAK_URL",
] as const;

/** Endpoints of the four servers, plus whatever else the environment holds. */
export type ServerEnv = Record<
  (typeof REQUIRED)[number] | "S3_REGION" | "KEYCLOAK_REALM" | "DEMO_PASSWORD",
  string
> &
  Record<string, string | undefined>;

/** The settings, or an error that tells the reader how to start the servers. */
export function serverEnv(): ServerEnv {
  const env = localEnv();
  const missing = REQUIRED.filter((k) => !env[k]);
  if (missing.length)
    throw new Error(
      `integration tests need the local servers; missing ${missing.join(", ")}. ` +
        "Run `./cong up` (or `infra/local/cong-local up`), or set these variables to existing servers.",
    );
  return {
    S3_REGION: "us-east-1",
    KEYCLOAK_REALM: "bacgiang",
    DEMO_PASSWORD: "Cong-Demo-2026!",
    ...env,
  } as ServerEnv;
}
