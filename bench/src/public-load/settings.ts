// Settings of the public-load benchmark (BENCH_* variables), the page mix, the portals and
// where the items go, and small helpers.

import path from "node:path";
import { createLogger } from "@cong/kit";
import { repoRoot, serverEnv } from "@cong/testing";
import { envNumber } from "../env";
import type { PageKind } from "../public-readers";
import { fmt, percentile } from "../report";

export const READERS = envNumber("BENCH_READERS", 500);
export const RATE = envNumber("BENCH_RATE", 10);
export const SECONDS = envNumber("BENCH_SECONDS", 60);
export const WARMUP = envNumber("BENCH_WARMUP_SECONDS", 10);
export const THINK_MS = envNumber("BENCH_THINK_MS", 1000);
export const SEED_ITEMS = envNumber("BENCH_SEED_ITEMS", 300);
export const REVISION_SHARE = envNumber("BENCH_REVISION_SHARE", 0.2);
export const MAX_INFLIGHT = envNumber("BENCH_WRITER_MAX_INFLIGHT", 50);
export const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? "info";
export const GOAL = { p99: 100, liveP95: 250 };
export const MIX: Record<PageKind, number> = {
  home: 20,
  category: 25,
  item: 40,
  "new item": 10,
  feed: 3,
  sitemap: 2,
};
/** the demo portals and the share of readers on each */
export const PORTALS = [
  { id: "bacgiang", weight: 40 },
  { id: "stttt", weight: 15 },
  { id: "stp", weight: 15 },
  { id: "tanyen", weight: 15 },
  { id: "lucngan", weight: 15 },
];
/** where the items go: articles in three categories, announcements in one (weights) */
export const PLACES = [
  { kind: "article", categoryId: "cat-tin-tuc-su-kien", weight: 45 },
  { kind: "article", categoryId: "cat-chien-luoc-quy-hoach-ke-hoach", weight: 25 },
  { kind: "article", categoryId: "cat-pho-bien-phap-luat", weight: 15 },
  { kind: "announcement", categoryId: "cat-thong-bao", weight: 15 },
] as const;
export const LIVE_CHECK_MS = 10;
export const LIVE_DEADLINE_MS = 30_000;

export const env = serverEnv();
export const root = repoRoot();
export const readersTs = path.join(__dirname, "..", "public-readers.ts");
export const traceCjs = path.join(__dirname, "..", "public-trace.cjs");
export const quiet = createLogger({ service: "bench-public-load", level: "silent" });
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const note = (s: string) => process.stderr.write(`${s}\n`);
export const ms = (x: number) => fmt(x, 1);
export const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
export const pcts = (xs: number[], ps = [50, 95, 99]) => {
  const s = sorted(xs);
  return ps.map((p) => ms(percentile(s, p))).join(" / ");
};
