// What the public-load benchmark prints once a run is over: the readers' pages, the writer in
// the window (approval→live and its split), where the time went (the server's trace, CPU), and
// the goals.

import os from "node:os";
import { coresBetween, coresUsed, type cpuSnapshot } from "../cpu";
import { PAGE_KINDS, type ReadersResult } from "../public-readers";
import { fmt, percentile, row } from "../report";
import {
  GOAL,
  MAX_INFLIGHT,
  ms,
  pcts,
  RATE,
  READERS,
  REVISION_SHARE,
  SECONDS,
  sorted,
  THINK_MS,
  WARMUP,
} from "./settings";
import type { Trace } from "./setup";
import type { Portal, WriteRecord, Writer } from "./writer";

/** What a run measured, for its figures. */
export interface Figures {
  /** the readers' process's results */
  result: ReadersResult;
  portals: Portal[];
  writer: Writer;
  /** how many of the writer's records are the seed (before the load) */
  seeded: number;
  /** the measured window (performance.now()) */
  window: { start: number; end: number };
  /** how far behind schedule each write of the window started (ms) */
  lateness: number[];
  inflightAtEnd: number;
  /** content.published by item key: when content staged it and when it reached Kafka */
  onKafka: Map<string, { staged: number; created: number }>;
  /** the writer's live checks in the window */
  checks: number;
  serverTrace: Trace | null;
  cpu: { start: ReturnType<typeof cpuSnapshot>; end: ReturnType<typeof cpuSnapshot> };
}

/** Prints the readers' pages, the writer in the window, where the time went, and the goals. */
export function printFigures(f: Figures): void {
  const { result, portals, writer, seeded, window } = f;
  const { lateness, inflightAtEnd, onKafka, checks, serverTrace, cpu } = f;
  const r = result;
  const all = PAGE_KINDS.flatMap((k) => r.latencies[k] ?? []);
  const isError = (o: string) => !/^[23]\d\d$/.test(o);
  const errorsByKind: Record<string, number> = {};
  let n304 = 0;
  for (const k of PAGE_KINDS)
    for (const [o, n] of Object.entries(r.outcomes[k] ?? {})) {
      if (o === "304") n304 += n;
      if (isError(o)) errorsByKind[o] = (errorsByKind[o] ?? 0) + n;
    }
  const errors = Object.values(errorsByKind).reduce((a, b) => a + b, 0);
  process.stdout.write(
    `\n${READERS} readers (${r.readersPerPortal.map((n, k) => `${portals[k]?.id} ${n}`).join(", ")}), each a closed loop on its own ` +
      `keep-alive connection, ${THINK_MS > 0 ? `pausing ~${THINK_MS} ms (×0.5–1.5) after each page` : "no pause between pages"}, ` +
      `ETags revalidated; ${WARMUP} s warm-up, ${fmt(r.seconds, 1)} s measured; the writer starting ${RATE} items/s:\n`,
  );
  row("requests (of which 304)", `${fmt(all.length)} (${fmt(n304)})`);
  row("throughput (requests/s)", fmt(all.length / r.seconds, 1));
  row("errors", `${fmt(errors)}${errors ? ` ${JSON.stringify(errorsByKind)}` : ""}`);
  row("latency p50 / p95 / p99 (ms)", `${pcts(all)}  (max ${ms(sorted(all).at(-1) ?? Number.NaN)})`);
  for (const k of PAGE_KINDS) {
    const l = r.latencies[k] ?? [];
    const errs = Object.entries(r.outcomes[k] ?? {}).filter(([o]) => isError(o));
    row(
      `  ${k}`,
      `${fmt(l.length)} req, p50/p95/p99 ${pcts(l)} ms${errs.length ? `, errors ${JSON.stringify(Object.fromEntries(errs))}` : ""}`,
    );
  }
  row(
    "readers' own event-loop delay p50/p99/max (ms)",
    `${ms(r.loopDelay.p50)} / ${ms(r.loopDelay.p99)} / ${ms(r.loopDelay.max)}`,
  );

  // the writer in the window
  const inWindow = writer.records
    .slice(seeded)
    .filter(
      (x) => x.publishedAt !== undefined && x.publishedAt >= window.start && x.publishedAt < window.end,
    );
  const startedInWindow = writer.records
    .slice(seeded)
    .filter((x) => x.startedAt >= window.start && x.startedAt < window.end);
  const loadWrites = writer.records.slice(seeded);
  const failed = loadWrites.filter((x) => x.error);
  const failures: Record<string, number> = {};
  for (const f of failed) failures[f.error as string] = (failures[f.error as string] ?? 0) + 1;
  const live = inWindow.filter((x) => x.liveAt !== undefined);
  const toLive = live.map((x) => (x.liveAt as number) - (x.publishedAt as number));
  const fromApprove = live.map((x) => (x.liveAt as number) - (x.approvedAt as number));
  process.stdout.write(
    `\nwriter (${RATE} items/s on schedule, ${fmt(REVISION_SHARE * 100)} % new revisions of published items):\n`,
  );
  row(
    "publications in the window",
    `${fmt(inWindow.length)} (${fmt(inWindow.length / ((window.end - window.start) / 1000), 2)}/s; ` +
      `${inWindow.filter((x) => x.kind === "new").length} new, ${inWindow.filter((x) => x.kind === "revision").length} revisions); ` +
      `${startedInWindow.length} started`,
  );
  row("writes failed (whole run)", `${failed.length}${failed.length ? ` ${JSON.stringify(failures)}` : ""}`);
  row(
    "start behind schedule p50 / p95 / max (ms)",
    `${pcts(lateness, [50, 95])} / ${ms(sorted(lateness).at(-1) ?? 0)}  (at most ${MAX_INFLIGHT} at once)`,
  );
  row(
    "writes started during the load / in flight when the window closed",
    `${loadWrites.length} / ${inflightAtEnd}`,
  );
  for (const s of ["create", "edit", "submit", "approve", "publish"]) {
    const l = loadWrites.map((x) => x.stages[s]).filter((x): x is number => x !== undefined);
    if (l.length) row(`  ${s} p50 / p95 / p99 (ms, all writes of the load)`, `${pcts(l)} (${l.length})`);
  }
  row(
    "approval→live: publish response → page live, p50/p95/p99 (ms)",
    `${pcts(toLive)}  (${toLive.length} items; max ${ms(sorted(toLive).at(-1) ?? Number.NaN)})`,
  );
  for (const kind of ["new", "revision"] as const) {
    const l = live
      .filter((x) => x.kind === kind)
      .map((x) => (x.liveAt as number) - (x.publishedAt as number));
    if (l.length)
      row(`  ${kind === "new" ? "new items" : "new revisions (cached pages)"}`, `${pcts(l)} (${l.length})`);
  }
  row("  from the approve response, p50 / p95 (ms)", pcts(fromApprove, [50, 95]));
  const split = live
    .map((x) => ({ x, k: onKafka.get(x.key as string) }))
    .filter((y): y is { x: WriteRecord; k: { staged: number; created: number } } => !!y.k);
  row(
    "  content's write → on Kafka (relay), p50 / p95 (ms)",
    `${pcts(
      split.map((y) => y.k.created - y.k.staged),
      [50, 95],
    )} (${split.length})`,
  );
  row(
    "  publish response → on Kafka, p50 / p95 (ms)",
    pcts(
      split.map((y) => y.k.created - (y.x.publishedEpoch as number)),
      [50, 95],
    ),
  );
  row(
    "  on Kafka → live on the portal, p50 / p95 (ms)",
    pcts(
      split.map((y) => (y.x.liveEpoch as number) - y.k.created),
      [50, 95],
    ),
  );
  row(
    "  live checks (every 10 ms; not readers' requests)",
    `${fmt(checks)} (${fmt(checks / ((window.end - window.start) / 1000), 1)}/s)`,
  );

  // where the time went
  process.stdout.write("\nwhere the time went (the window):\n");
  if (serverTrace) {
    row("publishing: request in → response out", "");
    const byKind = new Map<string, number[]>();
    for (const [key, v] of Object.entries(serverTrace.pages)) byKind.set(key, v);
    for (const [key, v] of [...byKind.entries()].sort((a, b) => b[1].length - a[1].length))
      row(`  ${key}`, `${fmt(v.length)}, p50/p95/p99 ${pcts(v)} ms`);
    row(
      "publishing event-loop delay p50/p99/max (ms)",
      `${ms(serverTrace.loopDelay.p50)} / ${ms(serverTrace.loopDelay.p99)} / ${ms(serverTrace.loopDelay.max)}`,
    );
    row(
      "publishing GC pauses",
      `${fmt(serverTrace.gc.count)}, ${ms(serverTrace.gc.ms)} ms in all (${fmt((serverTrace.gc.ms / (window.end - window.start)) * 100, 1)} % of the time)`,
    );
  }
  const used = coresUsed(cpu.start, cpu.end);
  row("CPU (cores of the machine's 2)", coresBetween(cpu.start, cpu.end));
  const pubCpu = (used.cores.publishing ?? 0) * used.seconds;
  row(
    "publishing CPU per request (ms)",
    `${fmt((pubCpu * 1000) / Math.max(1, all.length + checks), 2)} (readers' requests and live checks)`,
  );
  row(
    "content CPU per publication (ms)",
    fmt((((used.cores.content ?? 0) * used.seconds) / Math.max(1, inWindow.length)) * 1000, 1),
  );

  // goals
  const p99 = percentile(sorted(all), 99);
  const liveP95 = percentile(sorted(toLive), 95);
  const tick = (b: boolean) => (b ? "✓ met" : "✗ not met");
  process.stdout.write("\n");
  row(`readers' p99 ≤ ${GOAL.p99} ms`, `${ms(p99)} ms ${tick(p99 <= GOAL.p99)}`);
  row("errors = 0", `${fmt(errors)} ${tick(errors === 0)}`);
  row(
    `approval→live p95 ≤ ${GOAL.liveP95} ms`,
    `${ms(liveP95)} ms over ${toLive.length} items ${tick(liveP95 <= GOAL.liveP95 && toLive.length > 0)}`,
  );
  row(
    `(the load asked for: ${RATE} publications/s)`,
    `${fmt(inWindow.length / ((window.end - window.start) / 1000), 2)}/s ${tick(inWindow.length >= RATE * SECONDS * 0.95)}`,
  );
  row(
    "load average after (1/5/15 min)",
    os
      .loadavg()
      .map((x) => fmt(x, 2))
      .join(" / "),
  );
}
