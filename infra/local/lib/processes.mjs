// @ts-check
// Processes: a pid file per server under the run directory; a pid counts as ours only if its
// command line names our run directory, so `down` never stops what another stack started.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { InfraError, logDir, root, runDir, sleep, tail } from "./context.mjs";
import { portInUse } from "./probes.mjs";

/** @typedef {import("./server.mjs").Server} Server */

/** @param {Server} s */
const pidFile = (s) => path.join(runDir, `${s.name}.pid`);
/** @param {Server} s */
export const logFile = (s) => path.join(logDir, `${s.name}.log`);

/** @param {number} pid @returns {string | null} */
function cmdline(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return null;
  }
}

/**
 * The pid of a server `up` started from this run directory, if it still runs.
 * @param {Server} s
 * @returns {number | null}
 */
export function ownPid(s) {
  let pid;
  try {
    pid = Number.parseInt(fs.readFileSync(pidFile(s), "utf8"), 10);
  } catch {
    return null;
  }
  const cl = cmdline(pid);
  if (!cl?.includes(runDir)) return null;
  return pid;
}

/**
 * Resident memory of a server: the process and its children (kc.sh runs Keycloak's java).
 * @param {number} pid
 * @returns {number | null}
 */
export function rssMiB(pid) {
  /** @param {number | string} p */
  const kb = (p) => {
    try {
      const m = fs.readFileSync(`/proc/${p}/status`, "utf8").match(/VmRSS:\s+(\d+) kB/);
      return m ? Number(m[1]) : null;
    } catch {
      return null;
    }
  };
  const own = kb(pid);
  if (own === null) return null;
  let total = own;
  try {
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      const children = fs.readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8").trim();
      for (const c of children ? children.split(/\s+/) : []) total += kb(c) ?? 0;
    }
  } catch {
    // no children file (older kernels): the process alone
  }
  return Math.round(total / 1024);
}

/** @param {Server} s */
const lastLines = (s) => `Last lines of ${path.relative(root, logFile(s))}:\n${tail(logFile(s))}`;

/**
 * Probes until the server answers, it exits, or its time is up.
 * @param {Server} s
 * @param {number | null | undefined} pid
 */
async function waitReady(s, pid) {
  const deadline = Date.now() + s.timeoutS * 1000;
  let last = "";
  while (Date.now() < deadline) {
    if (pid && !cmdline(pid))
      throw new InfraError(`${s.name} (${s.title}) exited during start.\n${lastLines(s)}`);
    try {
      await s.probe();
      return;
    } catch (e) {
      last = e instanceof Error ? e.message : String(e);
    }
    await sleep(500);
  }
  throw new InfraError(
    `${s.name} (${s.title}) did not answer on ${s.endpoint()} within ${s.timeoutS} s (last probe: ${last}).\n` +
      lastLines(s),
  );
}

/** @typedef {{ s: Server, state: "already running" | "started", pid: number }} Started */

/**
 * Starts a server (unless ours already runs) and waits until it answers.
 * @param {Server} s
 * @returns {Promise<Started>}
 */
export async function startOne(s) {
  const pid = ownPid(s);
  if (pid) {
    try {
      await s.probe();
      return { s, state: "already running", pid };
    } catch {
      // started earlier and still starting: wait for it
      await waitReady(s, pid);
      return { s, state: "started", pid };
    }
  }
  for (const p of s.ports) {
    if (await portInUse(p))
      throw new InfraError(
        `${s.name}: port ${p} on 127.0.0.1 is busy, used by a process infra/local did not start.\n` +
          `Stop that process, or set ${s.envVar} to use that server, or set CONG_PORT_OFFSET to move every port.`,
      );
  }
  s.prepare?.();
  fs.mkdirSync(logDir, { recursive: true });
  const { cmd, args, env, cwd } = s.start();
  const out = fs.openSync(logFile(s), "a");
  fs.writeSync(out, `\n===== ${new Date().toISOString()} cong-local starting ${s.name}\n`);
  const child = spawn(cmd, args, {
    cwd: cwd ?? runDir,
    detached: true,
    stdio: ["ignore", out, out],
    env: { ...process.env, ...env, CONG_LOCAL_RUN_DIR: runDir },
  });
  fs.closeSync(out);
  child.unref();
  const childPid = child.pid;
  if (childPid === undefined) throw new InfraError(`${s.name}: ${cmd} could not be started`);
  fs.writeFileSync(pidFile(s), String(childPid));
  await sleep(200);
  // the command line must carry the run dir (so `down` only kills what `up` started)
  if (!cmdline(childPid)?.includes(runDir) && cmdline(childPid))
    throw new InfraError(`${s.name}: started process does not carry the run directory in its command line`);
  await waitReady(s, childPid);
  return { s, state: "started", pid: childPid };
}

/**
 * Stops a server `up` started (its process group: kc.sh and Keycloak's java, or one binary).
 * @param {Server} s
 * @returns {Promise<"not running" | "stopped">}
 */
export async function stopOne(s) {
  const pid = ownPid(s);
  if (!pid) {
    fs.rmSync(pidFile(s), { force: true });
    return "not running";
  }
  try {
    process.kill(-pid, "SIGTERM");
  } catch {
    try {
      process.kill(pid, "SIGTERM");
    } catch {}
  }
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && cmdline(pid)) await sleep(200);
  if (cmdline(pid)) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {}
    await sleep(300);
  }
  fs.rmSync(pidFile(s), { force: true });
  return "stopped";
}
