// What the benchmark prints: a page's figures, the event-loop trace, and the CPU profile's share
// by package and function.
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { PageResult } from "../admin-load";
import { fmt, percentile, row } from "../report";
import { askTrace } from "../trace";
import { GOAL_P95_MS, PORTAL } from "./settings";

// ------------------------------------------------------------------------------------------- trace

export interface Trace {
  calls: Record<string, number[]>;
  pages: Record<string, number[]>;
  loopDelay: { p50: number; p99: number; max: number };
}

/** asks the admin (SIGUSR2) for what its preload gathered since the last ask */
export const takeTrace = (child: ChildProcess, file: string) => askTrace<Trace>(child, file);

export const ms = (x: number) => fmt(x, 1);
export const sortNum = (xs: number[]) => [...xs].sort((a, b) => a - b);

export function printPage(r: PageResult, trace: Trace | null, cores: string, goal: boolean) {
  const sorted = sortNum(r.latencies);
  const p50 = percentile(sorted, 50);
  const p95 = percentile(sorted, 95);
  const ok = p95 <= GOAL_P95_MS && r.errors === 0;
  row(
    `  requests (errors)`,
    `${r.latencies.length} (${r.errors})${r.errors ? ` ${JSON.stringify(r.statuses)}` : ""}`,
  );
  row(`  throughput (pages/s)`, fmt(r.latencies.length / r.seconds, 1));
  row(`  p50 / p95 / p99 (ms)`, `${ms(percentile(sorted, 50))} / ${ms(p95)} / ${ms(percentile(sorted, 99))}`);
  if (goal) row(`  p95 goal ≤ ${GOAL_P95_MS} ms`, `${ms(p95)} ${ok ? "✓ met" : "✗ not met"}`);
  if (trace) {
    const served = sortNum(
      Object.entries(trace.pages)
        .filter(([k]) => / 200$/.test(k))
        .flatMap(([, v]) => v),
    );
    const views = served.length || 1;
    row(
      "  admin: request in → response out",
      `p50 ${ms(percentile(served, 50))}, p95 ${ms(percentile(served, 95))} ms`,
    );
    const calls = Object.entries(trace.calls).sort(
      (a, b) => percentile(sortNum(b[1]), 95) - percentile(sortNum(a[1]), 95),
    );
    for (const [k, v] of calls) {
      const s = sortNum(v);
      row(
        `    ${k.replace(`/portals/${PORTAL}/`, "…/")}`,
        `${fmt(v.length / views, 2)}/page, p50 ${ms(percentile(s, 50))}, p95 ${ms(percentile(s, 95))} ms`,
      );
    }
    row(
      "  admin event-loop delay p50/p99/max (ms)",
      `${ms(trace.loopDelay.p50)} / ${ms(trace.loopDelay.p99)} / ${ms(trace.loopDelay.max)}`,
    );
  }
  row("  CPU (cores of the machine's)", `${cores}`);
  return { p50, p95, ok };
}

/** the package a profiled function belongs to: an npm package, the admin, a workspace package,
 * or an area of node itself (undici is fetch) */
export function packageOf(url: string, functionName: string): { pkg: string; user: boolean; file: string } {
  const npm = /.*node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(url);
  if (npm?.[1]) return { pkg: npm[1], user: true, file: npm[2] ?? "" };
  const admin = /\/services\/admin\/(?:dist|src)\/(.*)$/.exec(url);
  if (admin) return { pkg: "admin", user: true, file: admin[1] ?? "" };
  const workspace = /\/packages\/([^/]+)\/(?:dist|src)\/(.*)$/.exec(url);
  if (workspace?.[1]) return { pkg: `@cong/${workspace[1]}`, user: true, file: workspace[2] ?? "" };
  if (!url)
    return { pkg: functionName.startsWith("(") ? functionName : "node (native)", user: false, file: "" };
  if (!url.startsWith("node:")) return { pkg: `other ${path.basename(url)}`, user: false, file: "" };
  const area = url.replace(/^node:(internal\/)?(deps\/)?/, "").split("/")[0] ?? url;
  return { pkg: `node:${area}`, user: false, file: "" };
}

/** Where the admin's own CPU went (a V8 profile of its whole life: sign-ins and the pages): self
 * time by package, and each sample given to the nearest frame outside node (who asked for it). */
export function printProfile(dir: string): void {
  const file = fs.existsSync(dir) ? fs.readdirSync(dir).find((f) => f.endsWith(".cpuprofile")) : undefined;
  if (!file) {
    row("admin CPU profile", "none written");
    return;
  }
  const prof = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as {
    nodes: {
      id: number;
      callFrame: { functionName: string; url: string; lineNumber: number };
      children?: number[];
    }[];
    samples: number[];
    timeDeltas: number[];
  };
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const caller = (id: number, own: string): string => {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const f = byId.get(at)?.callFrame;
      if (!f) break;
      const where = packageOf(f.url, f.functionName);
      if (where.user) return `${where.pkg} ${where.file}`;
    }
    // a callback of node's own (a socket read, a response of fetch after an await, GC)
    return `(no caller) ${own}`;
  };
  const self = new Map<string, number>();
  const asked = new Map<string, number>();
  let total = 0;
  let idle = 0;
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  prof.samples.forEach((id, i) => {
    const dt = (prof.timeDeltas[i] ?? 0) / 1000;
    const f = byId.get(id)?.callFrame;
    if (!f || f.functionName === "(idle)") {
      idle += dt;
      return;
    }
    total += dt;
    const own = packageOf(f.url, f.functionName).pkg;
    add(self, own, dt);
    add(asked, caller(id, own), dt);
  });
  const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
  const pct = (v: number) => `${fmt((100 * v) / total, 1).padStart(5)} %`;
  process.stdout.write("\nadmin CPU profile (its whole life: sign-ins, warm-ups and pages)\n");
  row("  busy / idle (s)", `${fmt(total / 1000, 1)} / ${fmt(idle / 1000, 1)}`);
  process.stdout.write("  self time by package:\n");
  for (const [k, v] of top(self, 14)) process.stdout.write(`    ${pct(v)}  ${k}\n`);
  process.stdout.write("  by the nearest frame outside node (the code that asked for the work):\n");
  for (const [k, v] of top(asked, 16)) process.stdout.write(`    ${pct(v)}  ${k}\n`);
}
