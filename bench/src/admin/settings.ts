// Settings of the admin benchmark (BENCH_* variables), the APIs it runs against, and paths.

import path from "node:path";
import { repoRoot } from "@cong/testing";
import { envNumber } from "../env";

export const EDITORS = envNumber("BENCH_EDITORS", 20);
export const SECONDS = envNumber("BENCH_SECONDS", 20);
export const SINGLE_SECONDS = envNumber("BENCH_SINGLE_SECONDS", 5);
/** the editors' pause between pages in the "working" pass (0 skips it) */
export const THINK_MS = envNumber("BENCH_THINK_MS", 1000);
export const WARMUP = envNumber("BENCH_WARMUP_SECONDS", 5);
export const MB = envNumber("BENCH_MB", 1024);
export const ROUNDS = envNumber("BENCH_ROUNDS", 2);
export const PAGES = process.env.BENCH_PAGES !== "0";
export const UPLOAD = process.env.BENCH_UPLOAD !== "0";
export const CPU_PROFILE = process.env.BENCH_CPU_PROFILE === "1";
export const GOAL_P95_MS = 150;
export const PORTAL = "tanyen";
export const USERS = [
  "tanyen.focal-officer",
  "tanyen.contributor",
  "tanyen.board-member",
  "tanyen.board-deputy",
];
export const DRAFT_TITLE = "Bản nháp đo tải trang quản trị (bench)";
export const APIS = {
  content: process.env.CONTENT_API_URL ?? "http://127.0.0.1:3001",
  media: process.env.MEDIA_API_URL ?? "http://127.0.0.1:3002",
  identity: process.env.IDENTITY_API_URL ?? "http://127.0.0.1:3003",
  archive: process.env.ARCHIVE_API_URL ?? "http://127.0.0.1:3004",
};
export const root = repoRoot();
export const adminJs = path.join(root, "services/admin/dist/main.js");
export const mediaJs = path.join(root, "services/media/dist/main.js");
export const loadTs = path.join(__dirname, "..", "admin-load.ts");
export const traceCjs = path.join(__dirname, "..", "admin-trace.cjs");
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const MiB = 2 ** 20;
