// Services under test as child processes of a bench, started from their build output the way
// `./cong up` runs them, so their CPU can be read from /proc apart from the bench's own.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import path from "node:path";
import { repoRoot } from "@cong/testing";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** SIGTERM, then SIGKILL after `graceMs` */
export async function stopChild(child: ChildProcess | undefined, graceMs = 15_000): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const done = await Promise.race([exited.then(() => true), sleep(graceMs).then(() => false)]);
  if (!done) child.kill("SIGKILL");
}

/** waits for the child's management port to answer /ready */
export async function ready(
  child: ChildProcess,
  managementPort: number,
  what: string,
  timeoutMs = 90_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await fetch(`http://127.0.0.1:${managementPort}/ready`).catch(() => null))?.ok) {
    if (child.exitCode !== null) throw new Error(`${what}: the process exited with ${child.exitCode}`);
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** the newest modification time (ms) of the files under `dir` */
function newest(dir: string): number {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || e.name.endsWith(".test.ts")) continue;
    t = Math.max(t, fs.statSync(path.join(e.parentPath, e.name)).mtimeMs);
  }
  return t;
}

/**
 * services/<name>/dist/main.js in its own process, as `./cong up` runs it (with the telemetry
 * preload, plus `preload` files), its output appended to `log`. Throws when it is not built;
 * `stale` says whether src/ changed after the build.
 */
export async function startBuiltService(opts: {
  name: string;
  port: number;
  managementPort: number;
  env: Record<string, string>;
  log: string;
  preload?: string[];
}): Promise<{ child: ChildProcess; stale: boolean }> {
  const dir = path.join(repoRoot(), "services", opts.name);
  const main = path.join(dir, "dist/main.js");
  if (!fs.existsSync(main))
    throw new Error(`${main} is missing: build first (pnpm --filter @cong/${opts.name} build)`);
  const stale = newest(path.join(dir, "src")) > fs.statSync(main).mtimeMs;
  const out = fs.openSync(opts.log, "a");
  const child = spawn(
    process.execPath,
    [
      "--require",
      "@cong/kit/telemetry/register",
      ...(opts.preload ?? []).flatMap((p) => ["--require", p]),
      main,
    ],
    {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "",
        ...opts.env,
        PORT: String(opts.port),
        MANAGEMENT_PORT: String(opts.managementPort),
      },
      stdio: ["ignore", out, out],
    },
  );
  fs.closeSync(out);
  await ready(child, opts.managementPort, `${opts.name} ready (log: ${opts.log})`);
  return { child, stale };
}
