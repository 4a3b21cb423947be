// Behaviour of the infra/local launcher itself: a busy port, a server that is down, and an
// interrupted install are reported clearly (and the latter recovers). Each case uses its own run
// and cache folders and its own ports, so the servers the other tests use are never touched.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { repoRoot } from "@cong/testing";

const launcher = path.join(repoRoot(), "infra/local/cong-local.mjs");
const ENDPOINT_VARS = [
  "KAFKA_BROKERS",
  "MONGO_URL",
  "S3_ENDPOINT",
  "KEYCLOAK_URL",
  "SMTP_URL",
  "MAILPIT_URL",
];

function launch(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; out: string; err: string }> {
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !ENDPOINT_VARS.includes(k)) clean[k] = v;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [launcher, ...args], { env: { ...clean, ...env } });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("exit", (code) => resolve({ code: code ?? -1, out, err }));
  });
}

/** Listens on some port above 7070 + 1000 and returns the server and its port. */
async function occupyPort(): Promise<{ server: net.Server; port: number }> {
  for (let i = 0; i < 50; i++) {
    const port = 8070 + Math.floor(Math.random() * 10_000);
    const server = net.createServer();
    const ok = await new Promise<boolean>((resolve) => {
      server.once("error", () => resolve(false));
      server.listen(port, "127.0.0.1", () => resolve(true));
    });
    if (ok) return { server, port };
  }
  throw new Error("no free port found");
}

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "cong-local-test-"));

describe("infra/local launcher", () => {
  it("names a busy port and what to do about it", async () => {
    const { server, port } = await occupyPort();
    try {
      const r = await launch(["up", "s3"], {
        CONG_PORT_OFFSET: String(port - 7070),
        CONG_RUN_DIR: tmp(),
      });
      expect(r.code).toBe(1);
      expect(r.err).toContain(`port ${port} on 127.0.0.1 is busy`);
      expect(r.err).toContain("S3_ENDPOINT");
    } finally {
      server.close();
    }
  });

  it("reports every server as DOWN, with a non-zero exit, when none runs", async () => {
    const r = await launch(["status"], { CONG_RUN_DIR: tmp(), CONG_PORT_OFFSET: "30000" });
    expect(r.code).toBe(1);
    for (const name of ["kafka", "mongo", "s3", "keycloak", "mailpit"])
      expect(r.out).toMatch(new RegExp(`^${name}\\s+DOWN`, "m"));
    // the trace store is optional: not listed (nor "down") unless asked for
    expect(r.out).not.toMatch(/^jaeger/m);
    const traced = await launch(["status"], {
      CONG_RUN_DIR: tmp(),
      CONG_PORT_OFFSET: "30000",
      CONG_TRACES: "1",
    });
    expect(traced.out).toMatch(/^jaeger\s+DOWN\s+http:\/\/127\.0\.0\.1:46686/m);
  });

  it("lists the platform's services, and refuses an unknown name naming the known ones", async () => {
    const env = { CONG_RUN_DIR: tmp(), CONG_PORT_OFFSET: "30000" };
    const st = await launch(["status"], env);
    for (const name of ["identity", "media", "content", "archive", "publishing", "admin"])
      expect(st.out).toMatch(new RegExp(`^${name}\\s+-\\s+http://127\\.0\\.0\\.1:\\d+\\s+not running`, "m"));
    const bad = await launch(["up", "cms"], env);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('unknown name "cms"');
    expect(bad.err).toContain("publishing, admin, platform, all");
  });

  it("uses a given endpoint instead of starting a server", async () => {
    const r = await launch(["env"], {
      CONG_RUN_DIR: tmp(),
      MONGO_URL: "mongodb://db.example:27017/?tls=true",
    });
    expect(r.code).toBe(0);
    expect(r.out).toContain("MONGO_URL=mongodb://db.example:27017/?tls=true");
    expect(r.out).toMatch(/^KAFKA_BROKERS=127\.0\.0\.1:\d+$/m);
    // the SMTP server likewise: a given SMTP_URL is used, and Mailpit's API only when given too
    const smtp = await launch(["env"], {
      CONG_RUN_DIR: tmp(),
      SMTP_URL: "smtps://relay.bacgiang.gov.vn:465",
    });
    expect(smtp.out).toContain("SMTP_URL=smtps://relay.bacgiang.gov.vn:465");
    expect(smtp.out).not.toContain("MAILPIT_URL=");
    const local = await launch(["env"], { CONG_RUN_DIR: tmp(), CONG_PORT_OFFSET: "30000" });
    expect(local.out).toContain("SMTP_URL=smtp://127.0.0.1:31025");
    expect(local.out).toContain("MAILPIT_URL=http://127.0.0.1:38025");
  });

  it("repairs an interrupted install on the next up, then stops only what it started", async () => {
    const cache = tmp();
    const run = tmp();
    // an install that died half-way: the folder exists, its completion marker does not
    fs.mkdirSync(path.join(cache, "versitygw"), { recursive: true });
    fs.writeFileSync(path.join(cache, "versitygw", "versitygw"), "truncated");
    const { server, port } = await occupyPort(); // find a free neighbourhood, then release it
    server.close();
    const env = {
      CONG_CACHE_DIR: cache,
      CONG_RUN_DIR: run,
      CONG_ENV_FILE: path.join(run, "env"),
      CONG_PORT_OFFSET: String(port - 7070),
    };
    try {
      const up = await launch(["up", "s3"], env);
      expect(up.err).toContain("incomplete");
      expect(up.code).toBe(0);
      expect(up.out).toContain(`S3_ENDPOINT=http://127.0.0.1:${port}`);
      expect(fs.readFileSync(env.CONG_ENV_FILE, "utf8")).toContain(`S3_ENDPOINT=http://127.0.0.1:${port}`);
      const again = await launch(["up", "s3"], env);
      expect(again.err).toContain("already running");
    } finally {
      const down = await launch(["down", "s3"], env);
      expect(down.err).toContain("s3: stopped");
    }
    const after = await launch(["status"], env);
    expect(after.out).toMatch(/^s3\s+DOWN/m);
  });
});
