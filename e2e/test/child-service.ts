// A service of the platform as a child process, as `./cong up` starts it: from its build output
// (services/<name>/dist) with the telemetry preloaded, its output in a log file, ready when its
// management port says so. The kill and trace tests start, kill and stop them.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { repoRoot, waitFor } from "@cong/testing";

export class ChildService {
  proc: ChildProcess | undefined;
  starts = 0;
  private exited: Promise<void> = Promise.resolve();

  constructor(
    readonly name: "content" | "publishing" | "media" | "identity" | "archive" | "admin",
    readonly port: number,
    readonly managementPort: number,
    private readonly logDir: string,
    /** the service's settings (PORT, MANAGEMENT_PORT, LOG_LEVEL, PATH and HOME are added) */
    private readonly settings: Record<string, string>,
  ) {}

  get log(): string {
    return path.join(this.logDir, `${this.name}.log`);
  }

  async start(): Promise<void> {
    const dir = path.join(repoRoot(), "services", this.name);
    if (!fs.existsSync(path.join(dir, "dist/main.js")))
      throw new Error(`services/${this.name} is not built: run \`pnpm build\` (./cong test does) first`);
    const out = fs.openSync(this.log, "a");
    fs.writeSync(out, `\n===== start ${++this.starts} at ${new Date().toISOString()}\n`);
    const proc = spawn(
      process.execPath,
      ["--require", "@cong/kit/telemetry/register", path.join(dir, "dist/main.js")],
      {
        cwd: dir,
        env: {
          PATH: process.env.PATH ?? "",
          HOME: process.env.HOME ?? os.homedir(),
          LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "warn",
          PORT: String(this.port),
          MANAGEMENT_PORT: String(this.managementPort),
          ...this.settings,
        },
        stdio: ["ignore", out, out],
      },
    );
    fs.closeSync(out);
    this.proc = proc;
    this.exited = new Promise((resolve) => proc.once("exit", () => resolve()));
    let exitCode: number | null = null;
    proc.once("exit", (code) => {
      exitCode = code;
    });
    await waitFor(
      async () => {
        if (exitCode !== null) throw new Error(`${this.name} exited with ${exitCode}; see ${this.log}`);
        const r = await fetch(`http://127.0.0.1:${this.managementPort}/ready`).catch(() => null);
        return r?.status === 200;
      },
      { timeoutMs: 90_000, intervalMs: 200, what: `${this.name} ready (log: ${this.log})` },
    ).catch((e: unknown) => {
      throw new Error(`${String(e)}\n${tail(this.log)}`);
    });
  }

  /** `kill -9`: no shutdown hook runs, nothing is drained or committed. */
  async kill9(): Promise<void> {
    this.proc?.kill("SIGKILL");
    await this.exited;
  }

  async stop(): Promise<void> {
    if (!this.proc || this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    this.proc.kill("SIGTERM");
    const t = setTimeout(() => this.proc?.kill("SIGKILL"), 10_000);
    await this.exited;
    clearTimeout(t);
  }
}

export function tail(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}

/** GET on 127.0.0.1:`port` with a `Host` (Node's fetch does not resolve *.localhost). */
export function httpGet(port: number, host: string, p: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port, method: "GET", path: p, headers: { host: `${host}:${port}` } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
        );
      },
    );
    req.on("error", reject);
    req.end();
  });
}
