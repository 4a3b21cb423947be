// CPU time from /proc (Linux), for the benches' "where the time went" figures.
import fs from "node:fs";
import path from "node:path";
import { repoRoot } from "@cong/testing";
import { fmt } from "./report";

/** CPU seconds (user + system) a process has used; NaN when it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** CPU seconds the whole machine has been busy (all cores, everything but idle and iowait). */
export function machineBusySeconds(): number {
  try {
    const v = (fs.readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "")
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    return (v.slice(0, 8).reduce((a, b) => a + b, 0) - (v[3] ?? 0) - (v[4] ?? 0)) / 100;
  } catch {
    return Number.NaN;
  }
}

/** pids of the running local servers (infra/local's pid files) */
export function serverPids(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of ["content", "media", "identity", "mongo", "keycloak", "kafka"]) {
    try {
      out[name === "mongo" ? "ferretdb" : name] = Number(
        fs.readFileSync(path.join(repoRoot(), ".run/local", `${name}.pid`), "utf8").trim(),
      );
    } catch {
      /* not started by infra/local */
    }
  }
  return out;
}

export type CpuSnapshot = { at: number; machine: number; procs: Record<string, number> };
export function cpuSnapshot(pids: Record<string, number>): CpuSnapshot {
  const procs: Record<string, number> = {};
  for (const [k, pid] of Object.entries(pids)) procs[k] = cpuSeconds(pid);
  return { at: performance.now(), machine: machineBusySeconds(), procs };
}

/** cores used by each process between two snapshots (missing: gone), and by the rest of the machine */
export function coresUsed(
  a: CpuSnapshot,
  b: CpuSnapshot,
): { seconds: number; cores: Record<string, number>; rest: number } {
  const wall = (b.at - a.at) / 1000;
  let listed = 0;
  const cores: Record<string, number> = {};
  for (const k of Object.keys(a.procs)) {
    const used = (b.procs[k] ?? Number.NaN) - (a.procs[k] ?? Number.NaN);
    if (!Number.isFinite(used)) continue;
    listed += used;
    cores[k] = used / wall;
  }
  return { seconds: wall, cores, rest: Math.max(0, b.machine - a.machine - listed) / wall };
}

/** cores used by each process between two snapshots, and by the rest of the machine */
export function coresBetween(a: CpuSnapshot, b: CpuSnapshot): string {
  const { cores, rest } = coresUsed(a, b);
  return [
    ...Object.entries(cores).map(([k, v]) => `${k} ${fmt(v, 2)}`),
    `rest of machine ${fmt(rest, 2)}`,
  ].join(", ");
}
