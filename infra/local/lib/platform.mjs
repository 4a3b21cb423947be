// @ts-check
// The platform: Cổng's own services, run from their build output (`pnpm build`) against the servers.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { envFile, InfraError, logDir, port, root, runDir, say } from "./context.mjs";
import { readEnvFile } from "./env-file.mjs";
import { probeHttp } from "./probes.mjs";

/** @typedef {import("./server.mjs").Server} Server */
/** @typedef {{ name: string, port: number, title: string }} Service */

/**
 * Settings every service reads (docs/architecture.md) plus its own; ports as in that document.
 * @type {Service[]}
 */
const PLATFORM = [
  { name: "identity", port: 3003, title: "identity — realm as code, memberships, handover" },
  { name: "media", port: 3002, title: "media — uploads, renditions, serving" },
  { name: "content", port: 3001, title: "content — portals, items, workflow, feedback" },
  { name: "archive", port: 3004, title: "archive — retention, archive, backups, reports" },
  { name: "publishing", port: 3000, title: "publishing — the public portals" },
  { name: "admin", port: 3005, title: "admin — the agencies' web UI (sign-in through Keycloak)" },
];

/** @param {string} name @returns {Service} */
function service(name) {
  const svc = PLATFORM.find((x) => x.name === name);
  if (!svc) throw new InfraError(`no service named ${name}`);
  return svc;
}

/**
 * Per-service settings that only make sense on one machine (URLs of the other services).
 * @param {Service} svc
 * @returns {Record<string, string>}
 */
function platformEnv(svc) {
  /** @param {string} name */
  const url = (name) => `http://127.0.0.1:${port(service(name).port)}`;
  const publicDomain = `bacgiang.localhost:${port(3000)}`;
  return {
    PORT: String(port(svc.port)),
    MANAGEMENT_PORT: String(port(svc.port + 6300)),
    LOG_LEVEL: process.env.LOG_LEVEL ?? "info",
    // the name its traces carry (as the chart sets it)
    OTEL_SERVICE_NAME: `cong-${svc.name}`,
    CONTENT_API_URL: url("content"),
    MEDIA_API_URL: url("media"),
    MEDIA_PUBLIC_URL: url("media"),
    IDENTITY_API_URL: url("identity"),
    ARCHIVE_API_URL: url("archive"),
    // archive reads page views from publishing's web port and probes its readiness for availability
    PUBLISHING_INTERNAL_URL: url("publishing"),
    AVAILABILITY_PROBE_URL: `http://127.0.0.1:${port(9300)}/ready`,
    // shared secrets of this machine only (a cluster takes them from Secrets)
    PAGEVIEWS_TOKEN: "cong-local-pageviews-token-not-secret",
    MEDIA_LINK_SECRET: "cong-local-media-link-secret-not-secret",
    PUBLIC_DOMAIN: publicDomain,
    PUBLIC_BASE_URL: `http://${publicDomain}`,
    // the admin UI: a confidential OIDC client (the realm's local secret) and its session key
    ADMIN_PUBLIC_URL: `http://admin.bacgiang.localhost:${port(3005)}`,
    ADMIN_OIDC_CLIENT_SECRET: "cong-local-admin-client-secret-not-secret",
    ADMIN_SESSION_SECRET: "cong-local-admin-session-secret-not-secret-0123456789",
    BACKUP_TARGET: path.join(runDir, "backups"),
  };
}

/** @param {string} name */
const serviceDir = (name) => path.join(root, "services", name);

/** @type {Server[]} */
export const platform = PLATFORM.map((svc) => ({
  name: svc.name,
  title: svc.title,
  envVar: "PORT",
  ports: [port(svc.port), port(svc.port + 6300)],
  timeoutS: 90,
  endpoint: () => `http://127.0.0.1:${port(svc.port)}`,
  settings: () => ({}),
  external: () => null,
  install() {
    if (!fs.existsSync(path.join(serviceDir(svc.name), "dist/main.js")))
      throw new InfraError(`${svc.name} is not built: run \`pnpm build\` (./cong up does).`);
  },
  start: () => ({
    cmd: process.execPath,
    // the title carries the run dir, so `down` recognises the process as ours
    args: [`--title=cong-${svc.name}@${runDir}`, "--require", "@cong/kit/telemetry/register", "dist/main.js"],
    cwd: serviceDir(svc.name),
    env: { ...readEnvFile(envFile), ...platformEnv(svc) },
  }),
  probe: () => probeHttp(`http://127.0.0.1:${port(svc.port + 6300)}/ready`, (s) => s === 200),
}));

/** @param {Server} s */
export const isService = (s) => platform.includes(s);

/**
 * Services whose code exists (a service folder without `src/main.ts` is not written yet).
 * @param {Server} s
 */
export const written = (s) => !isService(s) || fs.existsSync(path.join(serviceDir(s.name), "src/main.ts"));

/**
 * Runs a service's CLI (dist/cli.js) with the platform's settings, e.g. `seed-demo`.
 * @param {string} name
 * @param {string[]} args
 * @returns {boolean} false when the service has no CLI
 */
export function runServiceCli(name, args) {
  const svc = service(name);
  const cli = path.join(serviceDir(name), "dist/cli.js");
  if (!fs.existsSync(cli)) return false;
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd: serviceDir(name),
    env: { ...process.env, ...readEnvFile(envFile), ...platformEnv(svc) },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 300_000,
  });
  fs.mkdirSync(logDir, { recursive: true });
  fs.appendFileSync(
    path.join(logDir, `${name}-cli.log`),
    `\n===== ${new Date().toISOString()} ${args.join(" ")}\n${r.stdout ?? ""}${r.stderr ?? ""}`,
  );
  if (r.status !== 0)
    throw new InfraError(
      `${name}: \`${args.join(" ")}\` failed (exit ${r.status ?? r.signal}):\n${`${r.stdout ?? ""}${r.stderr ?? ""}`.split("\n").slice(-25).join("\n")}`,
    );
  say(`  ${name}: ${args.join(" ")} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return true;
}
