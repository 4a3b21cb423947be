// Prints what runs on this machine and where: the URLs a person opens and the connection
// settings the services use (from .env.local, under the environment). Read by `./cong up`.
// @ts-check
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEMO_PASSWORD, demoPortals } from "../keycloak/realm.mjs";
import { readEnvFile } from "./lib/env-file.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const envFile = process.env.CONG_ENV_FILE ?? path.join(root, ".env.local");
const env = readEnvFile(envFile);
for (const [k, v] of Object.entries(process.env)) if (/^[A-Z0-9_]+$/.test(k) && v) env[k] = v;

const offset = Number.parseInt(process.env.CONG_PORT_OFFSET ?? "0", 10);
/** @param {number} p */
const local = (p) => `http://127.0.0.1:${p + offset}`;
/** @param {string} id */
const portalUrl = (id) => `http://${id === "bacgiang" ? "" : `${id}.`}bacgiang.localhost:${3000 + offset}/`;
/** @type {{ id: string, name: string }[]} */
const portals = demoPortals();
/** @typedef {[label: string, url: string | undefined]} Row */
const rows = /** @type {Row[]} */ ([
  ["Trang quản trị / admin UI (đăng nhập / sign in)", `http://admin.bacgiang.localhost:${3005 + offset}/`],
  ...portals.map((p) => [`Cổng ${p.id} — ${p.name}`, portalUrl(p.id)]),
  ["API nội dung / content API (OpenAPI)", `${local(3001)}/openapi.yaml`],
  // media is listed once it exists (./cong up skips a service folder without src/main.ts)
  ...(fs.existsSync(path.join(root, "services/media/src/main.ts"))
    ? [["API đa phương tiện / media API", `${local(3002)}/openapi.yaml`]]
    : []),
  ["API tài khoản / identity API", `${local(3003)}/openapi.yaml`],
  ["API lưu trữ / archive API", `${local(3004)}/openapi.yaml`],
  ["Keycloak (đăng nhập một lần / SSO)", `${env.KEYCLOAK_URL}/realms/${env.KEYCLOAK_REALM}/account`],
  ["Keycloak admin console (local only)", `${env.KEYCLOAK_URL}/admin/`],
  // every mail the platform sends locally (invitations, answers to citizens) lands here
  ...(env.MAILPIT_URL ? [["Mailpit — thư đã gửi / sent mail (web UI)", `${env.MAILPIT_URL}/`]] : []),
  ...(env.JAEGER_URL
    ? [["Jaeger — vết yêu cầu / traces (query API)", `${env.JAEGER_URL}/api/services`]]
    : []),
  // without the credentials an existing server's URL may carry
  ["SMTP server", env.SMTP_URL?.replace(/\/\/[^@/]*@/, "//")],
  ["S3 endpoint", env.S3_ENDPOINT],
  ["Kafka bootstrap", env.KAFKA_BROKERS],
  ["MongoDB wire protocol", env.MONGO_URL],
]);
const width = Math.max(...rows.map(([a]) => a.length));
for (const [label, url] of rows) process.stdout.write(`  ${label.padEnd(width)}  ${url}\n`);
process.stdout.write(
  `\n  Demo users sign in to the admin UI with the password ${DEMO_PASSWORD}: platform.admin, auditor, and <portal>.<role> for portals ` +
    `${portals
      .map((p) => p.id)
      .join(", ")} and roles board-head, board-deputy, board-member, focal-officer, contributor.\n` +
    "  platform.admin and every <portal>.board-head also set up a one-time code (an authenticator app) at their first sign-in.\n",
);
process.stdout.write(`  Settings: ${path.relative(process.cwd(), envFile)}; stop with ./cong down\n`);
