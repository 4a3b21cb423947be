// Settings of the data-access benchmark (BENCH_* variables), the goal, and small helpers.

import { createLogger } from "@cong/kit";
import { repoRoot, serverEnv } from "@cong/testing";
import { envNumber } from "../env";
import { fmt } from "../report";

export const SIZES = (process.env.BENCH_SIZES ?? "1000,10000,100000,200000").split(",").map(Number);
// 100: a p95 of 30 samples is their second worst, and moved by 20 ms between runs
export const WRITE_ROUNDS = envNumber("BENCH_WRITE_ROUNDS", 100);
export const LIST_ROUNDS = envNumber("BENCH_LIST_ROUNDS", 40);
export const LIMIT = envNumber("BENCH_LIMIT", 20);
export const KEEP = process.env.BENCH_KEEP === "1";
export const RESEED = process.env.BENCH_RESEED === "1";
export const GOAL = { ratio: 1.5, writeP95: 50, listP95: 100 };
/** what is seeded per content item */
export const SHARE = { feedback: 0.2, comments: 0.2, audit: 0.2, assets: 0.3 } as const;
export const PORTAL_COUNT = 50;
export const MEASURED = "tanyen";
/** bump when the seeded data changes: kept databases of another version are seeded again */
export const SEED_VERSION = 1;
/**
 * The measured portal's share of every kind of document: 1/50 (round-robin over the portals),
 * except at sizes where that would leave its lists a few rows long — at 1,000 items round-robin gave
 * it 20 items, one in the review queue, four feedback, two held comments, so the "ratio to 1,000"
 * compared a page of 1–6 rows with a page of 20. It holds at least MEASURED_FLOOR items (and the
 * feedback, comments, audit entries and assets in proportion) wherever the page sizes allow:
 * 400 of 1,000 (0.4), 400 of 10,000 (0.04), 1/50 from 20,000 on. Databases seeded with that
 * share have seed version 2 (1 when the share is 1/50, as before).
 */
export const MEASURED_FLOOR = 400;
export const measuredShare = (n: number) => Math.max(1 / PORTAL_COUNT, Math.min(0.5, MEASURED_FLOOR / n));
export const seedVersion = (n: number) => (measuredShare(n) > 1 / PORTAL_COUNT ? 2 : SEED_VERSION);
export const SPAN_MS = 2 * 365 * 86_400_000;
export const USERS = {
  officer: `${MEASURED}.focal-officer`,
  contributor: `${MEASURED}.contributor`,
  board: `${MEASURED}.board-member`,
  deputy: `${MEASURED}.board-deputy`,
  admin: "platform.admin",
  auditor: "auditor",
};

/** the APIs' JSON answers and the driver's commands, read loosely */
export type Json = any;

export const env = serverEnv();
export const root = repoRoot();
// the services log errors only (LOG_LEVEL to see more); the figures go to stdout, progress to stderr
export const LOG_LEVEL = process.env.LOG_LEVEL ?? "error";
export const logger = createLogger({ service: "bench-data-access", level: LOG_LEVEL });
process.env.KAFKAJS_NO_PARTITIONER_WARNING = "1";
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const note = (s: string) => process.stderr.write(`${s}\n`);
export const sec = (ms: number) => `${fmt(ms / 1000, 1)} s`;

/** `<base>/<db>?<params>` for a MongoDB URL with or without a path and options */
export function dbUrl(base: string, db: string, params = ""): string {
  const m = /^(mongodb(?:\+srv)?:\/\/[^/?]+)(?:\/[^?]*)?(?:\?(.*))?$/.exec(base.trim());
  if (!m) throw new Error(`MONGO_URL is not a MongoDB URL: ${base}`);
  const query = [m[2], params].filter(Boolean).join("&");
  return `${m[1]}/${db}${query ? `?${query}` : ""}`;
}

export const dbName = (size: number, service: string) => `bench_data_access_${size}_${service}`;
export const SERVICES = ["content", "identity", "media", "archive"] as const;
export type ServiceName = (typeof SERVICES)[number];
