// Setup and tools: the demo portals, a bounded pool, the run's Kafka topics, the event-loop trace.
import type { ChildProcess } from "node:child_process";
import { demoPortals, portalBody } from "../demo-portals";
import { removeTopics as removeTopicsOf } from "../kafka-cleanup";
import { askTrace } from "../trace";
import { call } from "./http";
import { env, note, PORTALS, quiet } from "./settings";

// ------------------------------------------------------------------------------------------- setup

export async function createPortals(contentUrl: string): Promise<void> {
  for (const p of demoPortals().filter((x) => PORTALS.some((y) => y.id === x.id))) {
    const r = await call(contentUrl, "POST", "/portals", "platform.admin", portalBody(p));
    if (r.status !== 201)
      throw new Error(`portal ${p.id}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
  }
}

/** runs `fn` over 0..n-1 with at most `k` at a time */
export async function pool(n: number, k: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(k, n) }, async () => {
      for (let i = next++; i < n; i = next++) await fn(i);
    }),
  );
}

export const removeTopics = (prefix: string) =>
  removeTopicsOf({ brokers: env.KAFKA_BROKERS, prefix, clientId: "bench-public-load", logger: quiet, note });

export interface Trace {
  pages: Record<string, number[]>;
  loopDelay: { p50: number; p99: number; max: number };
  gc: { count: number; ms: number };
}

/** asks publishing (SIGUSR2) for what its preload gathered since the last ask */
export const takeTrace = (child: ChildProcess, file: string) => askTrace<Trace>(child, file);
