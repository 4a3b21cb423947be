// A private instance of one of the real local servers (Kafka, the MongoDB wire-protocol server,
// S3, Keycloak, Mailpit, the optional trace store Jaeger), for tests that stop and start a server — a Kafka outage, a database outage —
// without disturbing the shared servers other test files use. Started by infra/local's launcher
// with its own ports, run folder and settings file; installs are shared (.cache/infra).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseEnvFile, repoRoot } from "./env";
import { portFree, stablePortRange } from "./ports";

export type ServerName = "kafka" | "mongo" | "s3" | "keycloak" | "mailpit" | "jaeger";

const BASE_PORTS: Record<ServerName, number[]> = {
  kafka: [9092, 9093],
  mongo: [27017],
  s3: [7070],
  keycloak: [8080],
  mailpit: [1025, 8025],
  jaeger: [4317, 4318, 16686, 16685, 13133],
};

const ENDPOINT_VARS = [
  "KAFKA_BROKERS",
  "MONGO_URL",
  "S3_ENDPOINT",
  "KEYCLOAK_URL",
  "SMTP_URL",
  "MAILPIT_URL",
  "OTEL_EXPORTER_OTLP_ENDPOINT",
  "JAEGER_URL",
];

export interface PrivateServer {
  name: ServerName;
  /** connection settings of this instance (KAFKA_BROKERS=…, MONGO_URL=…) */
  env: Record<string, string>;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** stops and deletes the instance's data */
  destroy(): Promise<void>;
}

export async function privateServer(
  name: ServerName,
  extraEnv: Record<string, string> = {},
): Promise<PrivateServer> {
  // every port of the instance in the stable range (ports.ts): the test stops and starts it again
  // on the same ports, which an ephemeral port would not survive
  const { low, high } = stablePortRange();
  const base = BASE_PORTS[name];
  const min = low - Math.min(...base);
  const span = high - Math.max(...base) - min;
  let offset: number | undefined;
  for (let i = 0; i < 100 && offset === undefined; i++) {
    const candidate = min + Math.floor(Math.random() * span);
    const free = await Promise.all(base.map((p) => portFree(p + candidate)));
    if (free.every(Boolean)) offset = candidate;
  }
  if (offset === undefined) throw new Error("no free ports for a private server");
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), `cong-private-${name}-`));
  const envFile = path.join(runDir, "settings.env");
  const launcher = path.join(repoRoot(), "infra/local/cong-local.mjs");
  const childEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !ENDPOINT_VARS.includes(k)) childEnv[k] = v;
  Object.assign(childEnv, {
    CONG_RUN_DIR: runDir,
    CONG_PORT_OFFSET: String(offset),
    CONG_ENV_FILE: envFile,
    KAFKA_HEAP: "256m",
    ...extraEnv,
  });

  const run = (cmd: string) =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [launcher, cmd, name], { env: childEnv });
      let err = "";
      child.stderr.on("data", (d) => (err += d));
      child.on("exit", (code) =>
        code === 0 ? resolve() : reject(new Error(`cong-local ${cmd} ${name} failed (${code}):\n${err}`)),
      );
    });

  const server: PrivateServer = {
    name,
    env: {},
    async start() {
      await run("up");
      server.env = parseEnvFile(fs.readFileSync(envFile, "utf8"));
    },
    stop: () => run("down"),
    async destroy() {
      await run("down").catch(() => undefined);
      fs.rmSync(runDir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}
