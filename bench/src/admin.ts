// Admin web UI (issue 14) on this machine, in one run:
//   1. pages under BENCH_EDITORS (20) concurrent signed-in editors, on the real APIs: the dashboard
//      (GET /p/tanyen/), the item list (GET /p/tanyen/items) and the editor of an existing draft
//      (GET /p/tanyen/items/<id>/edit); count, errors, req/s, p50/p95/p99 per page (goal p95 ≤ 150 ms),
//      each page first with one editor alone (the floor: what a page costs without contention).
//      The admin under test is the built service (services/admin/dist/main.js) in its own process,
//      with its own database and a per-run Keycloak client (createTestClient), calling the running
//      content/media/identity/archive (127.0.0.1:3001…3004). The editors sign in through Keycloak's
//      real login form (the demo users tanyen.focal-officer, .contributor, .board-member and
//      .board-deputy, several sessions each). The load comes from another process
//      (src/admin-load.ts): each editor a closed loop on its own keep-alive connection, no think
//      time. Beside each page it prints where the time went: the admin's own time per page, per
//      API call and per session-store call (src/admin-trace.cjs, preloaded into the admin:
//      diagnostics channels and a wrapped driver, no code changed), its event-loop delay, and the
//      CPU each process used (from /proc) — the machine and FerretDB are shared, so the CPU before
//      the run and "rest of machine" say how much other work ran meanwhile.
//   2. a BENCH_MB (1 GiB) video uploaded through the admin (multipart POST /p/tanyen/media/upload,
//      streamed by the admin to media) against the same file straight to media (POST
//      /portals/tanyen/assets with a bearer token), alternating, to a fresh media process with a
//      throw-away bucket and database: both throughputs, their ratio (goal ≥ 0.8) and the admin
//      process's peak RSS growth during its uploads (goal ≤ 64 MB), read from /proc.
// The drafts the editor page opens are made once per demo user through content's API and found
// again by their title on later runs (content has no delete for items).
// Needs the local servers with the demo realm and portals (`./cong up`), and built admin and media
// services (`pnpm --filter @cong/admin build`, `pnpm --filter @cong/media build`).
// Variables: BENCH_EDITORS (default 20), BENCH_SECONDS (measured per page, default 20),
// BENCH_SINGLE_SECONDS (the one-editor pass per page, default 5; 0 skips it),
// BENCH_WARMUP_SECONDS (per page, default 5), BENCH_MB (default 1024), BENCH_ROUNDS (default 2),
// BENCH_PAGES=0 or BENCH_UPLOAD=0 to skip a part; BENCH_CPU_PROFILE=1 profiles the admin during
// the pages (V8 --cpu-prof; its share by package and function is printed; costs some speed);
// CONTENT_API_URL, MEDIA_API_URL, IDENTITY_API_URL, ARCHIVE_API_URL (default 127.0.0.1:3001…3004).
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { createKafka, createLogger, createS3 } from "@cong/kit";
import { demoToken, repoRoot, uniqueName, waitFor } from "@cong/testing";
import { MongoClient } from "mongodb";
import { Agent, createTestClient, env, freePort } from "../../services/admin/test/fixtures";
import { testClip } from "../../services/media/test/samples";
import type { LoadPlan, PageResult } from "./admin-load";
import { ready, stopChild } from "./children";
import { coresBetween, cpuSnapshot, serverPids } from "./cpu";
import { fmt, header, percentile, row } from "./report";

const EDITORS = Number(process.env.BENCH_EDITORS ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const SINGLE_SECONDS = Number(process.env.BENCH_SINGLE_SECONDS ?? 5);
/** the editors' pause between pages in the "working" pass (0 skips it) */
const THINK_MS = Number(process.env.BENCH_THINK_MS ?? 1000);
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
const MB = Number(process.env.BENCH_MB ?? 1024);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const PAGES = process.env.BENCH_PAGES !== "0";
const UPLOAD = process.env.BENCH_UPLOAD !== "0";
const CPU_PROFILE = process.env.BENCH_CPU_PROFILE === "1";
const GOAL_P95_MS = 150;
const PORTAL = "tanyen";
const USERS = ["tanyen.focal-officer", "tanyen.contributor", "tanyen.board-member", "tanyen.board-deputy"];
const DRAFT_TITLE = "Bản nháp đo tải trang quản trị (bench)";
const APIS = {
  content: process.env.CONTENT_API_URL ?? "http://127.0.0.1:3001",
  media: process.env.MEDIA_API_URL ?? "http://127.0.0.1:3002",
  identity: process.env.IDENTITY_API_URL ?? "http://127.0.0.1:3003",
  archive: process.env.ARCHIVE_API_URL ?? "http://127.0.0.1:3004",
};
const root = repoRoot();
const adminJs = path.join(root, "services/admin/dist/main.js");
const mediaJs = path.join(root, "services/media/dist/main.js");
const loadTs = path.join(__dirname, "admin-load.ts");
const traceCjs = path.join(__dirname, "admin-trace.cjs");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MiB = 2 ** 20;

// ------------------------------------------------------------------------------------------- /proc

function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) * 1024 : 0;
}

// ------------------------------------------------------------------------------------------- processes

interface AdminSettings {
  port: number;
  url: string;
  db: string;
  clientId: string;
  secret: string;
  sessionSecret: string;
  mediaUrl: string;
  trace?: string;
  /** write a V8 CPU profile of the admin into this directory when it exits */
  cpuProfileDir?: string;
}

/** The built admin in its own process. Sessions live in its database, so a restart keeps them. */
async function startAdminProcess(s: AdminSettings): Promise<{ child: ChildProcess; managementPort: number }> {
  const managementPort = await freePort();
  const flags = [
    ...(s.trace ? ["--require", traceCjs] : []),
    ...(s.cpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${s.cpuProfileDir}`] : []),
  ];
  const child = spawn(process.execPath, [...flags, adminJs], {
    cwd: path.join(root, "services/admin"),
    env: {
      ...process.env,
      ...env,
      PORT: String(s.port),
      MANAGEMENT_PORT: String(managementPort),
      LOG_LEVEL: "warn",
      SHUTDOWN_TIMEOUT_MS: "5000",
      MONGO_URL: `${env.MONGO_URL.replace(/\/$/, "")}/${s.db}`,
      KEYCLOAK_URL: env.KEYCLOAK_URL,
      KEYCLOAK_REALM: env.KEYCLOAK_REALM,
      ADMIN_PUBLIC_URL: s.url,
      ADMIN_OIDC_CLIENT_ID: s.clientId,
      ADMIN_OIDC_CLIENT_SECRET: s.secret,
      ADMIN_SESSION_SECRET: s.sessionSecret,
      CONTENT_API_URL: APIS.content,
      MEDIA_API_URL: s.mediaUrl,
      MEDIA_PUBLIC_URL: s.mediaUrl,
      IDENTITY_API_URL: APIS.identity,
      ARCHIVE_API_URL: APIS.archive,
      ...(s.trace
        ? {
            BENCH_TRACE_FILE: s.trace,
            BENCH_TRACE_NAMES: JSON.stringify(
              Object.fromEntries([
                ...Object.entries(APIS).map(([k, v]) => [new URL(v).origin, k]),
                [new URL(env.KEYCLOAK_URL).origin, "keycloak"],
              ]),
            ),
          }
        : {}),
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  await ready(child, managementPort, "admin ready");
  return { child, managementPort };
}

// ------------------------------------------------------------------------------------------- drafts

async function bearer(user: string) {
  return { authorization: `Bearer ${await demoToken(user)}` };
}

const sampleBody = [
  "<h2>Khánh thành cầu Đình Nẻo</h2>",
  ...Array.from(
    { length: 6 },
    (_, i) =>
      `<p>Đoạn ${i + 1}: Sáng nay, Ủy ban nhân dân huyện Tân Yên tổ chức lễ khánh thành và đưa vào sử dụng ` +
      "cầu Đình Nẻo, công trình có tổng mức đầu tư hơn 45 tỷ đồng từ ngân sách tỉnh và huyện. Cây cầu nối " +
      "hai xã Ngọc Thiện và Ngọc Vân, rút ngắn quãng đường đi lại của người dân và thúc đẩy giao thương.</p>",
  ),
  "<ul><li>Chiều dài: 120 m</li><li>Bề rộng: 9 m</li><li>Tải trọng: HL93</li></ul>",
].join("");

/** a draft of `user` in tanyen (made once; found by its title on later runs) */
async function ensureDraft(user: string): Promise<string> {
  const auth = await bearer(user);
  const q = new URLSearchParams({ owner: "me", state: "draft", q: "đo tải trang quản trị", limit: "50" });
  const found = await fetch(`${APIS.content}/portals/${PORTAL}/items?${q}`, { headers: auth });
  if (found.ok) {
    const { items } = (await found.json()) as {
      items: {
        itemId: string;
        title?: string;
        owner?: { username?: string };
        working?: { locales?: { vi?: { title?: string } } };
      }[];
    };
    // the owner checked here too: a content build without the owner filter answers everyone's
    const mine = items.find(
      (x) => x.owner?.username === user && (x.title ?? x.working?.locales?.vi?.title) === DRAFT_TITLE,
    );
    if (mine) return mine.itemId;
  }
  const portal = (await (await fetch(`${APIS.content}/portals/${PORTAL}`, { headers: auth })).json()) as {
    categories: { categoryId: string; order: number; kinds?: string[] }[];
  };
  const category = [...portal.categories]
    .sort((a, b) => a.order - b.order)
    .find((c) => !c.kinds || c.kinds.includes("article"));
  const res = await fetch(`${APIS.content}/portals/${PORTAL}/items`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/json" },
    body: JSON.stringify({
      kind: "article",
      categoryIds: category ? [category.categoryId] : [],
      locales: {
        vi: { title: DRAFT_TITLE, summary: "Bản nháp dùng để đo tải trang biên tập.", bodyHtml: sampleBody },
      },
      contributors: [{ name: "Nguyễn Văn Bench", role: "tác giả" }],
    }),
  });
  if (res.status !== 201) throw new Error(`draft of ${user}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { itemId: string }).itemId;
}

// ------------------------------------------------------------------------------------------- trace

interface Trace {
  calls: Record<string, number[]>;
  pages: Record<string, number[]>;
  loopDelay: { p50: number; p99: number; max: number };
}

/** asks the admin (SIGUSR2) for what its preload gathered since the last ask */
async function takeTrace(child: ChildProcess, file: string): Promise<Trace | null> {
  fs.rmSync(file, { force: true });
  child.kill("SIGUSR2");
  for (let i = 0; i < 100 && !fs.existsSync(file); i++) await sleep(20);
  await sleep(20);
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as Trace;
  } catch {
    return null;
  }
}

const ms = (x: number) => fmt(x, 1);
const sortNum = (xs: number[]) => [...xs].sort((a, b) => a - b);

function printPage(r: PageResult, trace: Trace | null, cores: string, goal: boolean) {
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
function packageOf(url: string, functionName: string): { pkg: string; user: boolean; file: string } {
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
function printProfile(dir: string): void {
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

// ------------------------------------------------------------------------------------------- upload

/** a playable MP4 head (moov first) followed by filler up to `mb` MiB (as media-upload.ts) */
function makeVideo(dir: string, mb: number): string {
  const clip = path.join(dir, "clip.mp4");
  testClip(clip, { seconds: 2 });
  const file = path.join(dir, "video.mp4");
  const fd = fs.openSync(file, "w");
  fs.writeSync(fd, fs.readFileSync(clip));
  const block = Buffer.alloc(4 * MiB);
  for (let i = 0; i < block.length; i += 4) block.writeUInt32LE((i * 2654435761) >>> 0, i);
  const target = mb * MiB;
  for (let size = fs.fstatSync(fd).size; size < target; size += block.length) {
    fs.writeSync(fd, block, 0, Math.min(block.length, target - size));
  }
  fs.closeSync(fd);
  return file;
}

// ------------------------------------------------------------------------------------------- main

async function main() {
  for (const f of [adminJs, ...(UPLOAD ? [mediaJs] : [])])
    if (!fs.existsSync(f))
      throw new Error(`${f} is missing: build first (pnpm --filter @cong/admin build; @cong/media)`);
  header("admin: pages under concurrent editors; upload through admin vs straight to media", {
    editors: EDITORS,
    secondsPerPage: SECONDS,
    warmupSecondsPerPage: WARMUP,
    sizeMiB: MB,
    rounds: ROUNDS,
    apis: APIS,
    loadavg: os.loadavg().map((x) => fmt(x, 2)),
  });

  // how busy the machine and the shared servers were before this run added anything
  const idle = cpuSnapshot(serverPids());
  await sleep(3000);
  row("CPU before the run, 3 s (cores)", coresBetween(idle, cpuSnapshot(serverPids())));

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-admin-"));
  const trace = path.join(dir, "trace.json");
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const db = uniqueName("bench-admin").replaceAll(/[.-]/g, "_").slice(0, 60);
  const mediaPrefix = `${uniqueName("bench-admin-media")}.`;
  const mediaDb = mediaPrefix.replaceAll(/[.-]/g, "_").slice(0, 60);
  const bucket = uniqueName("bench-admin-media").slice(0, 60);
  const kc = await createTestClient(url);
  const settings: AdminSettings = {
    port,
    url,
    db,
    clientId: kc.clientId,
    secret: kc.secret,
    sessionSecret: randomBytes(32).toString("hex"),
    mediaUrl: APIS.media,
    trace,
    ...(CPU_PROFILE ? { cpuProfileDir: path.join(dir, "profile") } : {}),
  };
  let admin: ChildProcess | undefined;
  let load: ChildProcess | undefined;
  let media: ChildProcess | undefined;
  const s3 = createS3({ ...env, S3_REGION: env.S3_REGION ?? "us-east-1" });
  try {
    admin = (await startAdminProcess(settings)).child;

    // the editors: USERS in turn, each sign-in a separate session through Keycloak's login form
    const t0 = performance.now();
    const agents: Agent[] = [];
    for (let i = 0; i < EDITORS; i++) {
      const agent = new Agent(url);
      const page = await agent.signIn(USERS[i % USERS.length] as string, `/p/${PORTAL}/`);
      if (page.status !== 200 || !page.url.endsWith(`/p/${PORTAL}/`))
        throw new Error(`sign-in of ${USERS[i % USERS.length]}: ${page.status} at ${page.url}`);
      agents.push(agent);
    }
    row(`sign-in of ${EDITORS} editors (s)`, fmt((performance.now() - t0) / 1000, 1));

    if (PAGES) {
      const drafts = new Map<string, string>();
      for (const u of USERS.slice(0, Math.min(EDITORS, USERS.length))) drafts.set(u, await ensureDraft(u));
      const editPaths = agents.map(
        (_, i) => `/p/${PORTAL}/items/${drafts.get(USERS[i % USERS.length] as string)}/edit`,
      );
      // every editor may open its draft (no redirect to the item page)
      for (const [i, a] of agents.entries()) {
        const p = await a.get(editPaths[i] as string);
        if (p.status !== 200 || !p.url.endsWith(editPaths[i] as string))
          throw new Error(`editor of ${USERS[i % USERS.length]}: ${p.status} at ${p.url}`);
      }
      const plan: LoadPlan = {
        base: url,
        cookies: agents.map((a) => a.cookieHeader(new URL(url))),
        warmupSeconds: WARMUP,
        seconds: SECONDS,
        pages: [],
      };
      // each page first with one editor (a board member: the board's dashboard makes the most
      // calls), then with all of them
      const all = agents.map((_, i) => i);
      const one = [Math.min(2, EDITORS - 1)];
      const single = { warmupSeconds: Math.min(2, WARMUP), seconds: SINGLE_SECONDS };
      for (const [name, paths] of [
        [`dashboard GET /p/${PORTAL}/`, [`/p/${PORTAL}/`]],
        [`item list GET /p/${PORTAL}/items`, [`/p/${PORTAL}/items`]],
        [`editor GET /p/${PORTAL}/items/<draft>/edit`, editPaths],
      ] as const) {
        if (SINGLE_SECONDS > 0 && EDITORS > 1)
          plan.pages.push({ name, editors: one, paths: [...paths], ...single });
        // the editors working: each reads a page for about THINK_MS before opening the next
        if (THINK_MS > 0) plan.pages.push({ name, editors: all, paths: [...paths], thinkMs: THINK_MS });
        // and without any pause (the saturation the machine reaches)
        plan.pages.push({ name, editors: all, paths: [...paths] });
      }
      process.stdout.write(
        `\n${EDITORS} editors (${USERS.map((u) => u.split(".")[1]).join(", ")} in turn), each a loop ` +
          `on its own connection — working (a pause of ~${THINK_MS} ms after each page) and without any pause; ` +
          `per page ${WARMUP} s warm-up then ${SECONDS} s measured` +
          (SINGLE_SECONDS > 0 && EDITORS > 1 ? `, after ${SINGLE_SECONDS} s with one editor alone` : "") +
          ":\n",
      );
      const pids = { admin: admin.pid as number, ...serverPids() } as Record<string, number>;
      load = spawn(process.execPath, [...process.execArgv, loadTs], { stdio: ["pipe", "pipe", "inherit"] });
      pids.load = load.pid as number;
      load.stdin?.end(JSON.stringify(plan));
      let before = cpuSnapshot(pids);
      const verdicts: {
        page: string;
        editors: number;
        think: number;
        p50: number;
        p95: number;
        ok: boolean;
      }[] = [];
      let phase = 0;
      for await (const line of readline.createInterface({ input: load.stdout as NodeJS.ReadableStream })) {
        const ev = JSON.parse(line) as Omit<PageResult, "event"> & { event: "warm" | "start" | "end" };
        if (ev.event === "start") {
          await takeTrace(admin, trace);
          before = cpuSnapshot(pids);
        } else if (ev.event === "end") {
          const after = cpuSnapshot(pids);
          const t = await takeTrace(admin, trace);
          const planned = plan.pages[phase++];
          const editors = planned?.editors ?? [];
          const think = planned?.thinkMs ?? 0;
          const who =
            editors.length === 1
              ? `1 editor (${USERS[(editors[0] as number) % USERS.length]})`
              : `${editors.length} editors${think ? `, each pausing ~${think} ms between pages` : ", no pause"}`;
          process.stdout.write(`\n${ev.page}, ${who}\n`);
          verdicts.push({
            page: ev.page,
            editors: editors.length,
            think,
            ...printPage({ ...ev, event: "end" }, t, coresBetween(before, after), editors.length === EDITORS),
          });
        }
      }
      const [code] = (load.exitCode !== null ? [load.exitCode] : await once(load, "exit")) as [number];
      if (code !== 0) throw new Error(`load generator exited with ${code}`);
      process.stdout.write("\n");
      for (const v of verdicts.filter((x) => x.editors === EDITORS)) {
        const alone = verdicts.find((x) => x.page === v.page && x.editors === 1);
        row(
          `${v.page.split(" GET")[0]} p95, ${EDITORS} editors${v.think ? ` pausing ~${v.think} ms` : ", no pause"} (goal ≤ ${GOAL_P95_MS} ms)`,
          `${ms(v.p95)} ms ${v.ok ? "✓ met" : "✗ not met"}` +
            (alone && EDITORS > 1 ? `  (one editor alone: p50 ${ms(alone.p50)}, p95 ${ms(alone.p95)})` : ""),
        );
      }
      if (settings.cpuProfileDir) {
        // the profile is written when the admin exits
        await stopChild(admin);
        printProfile(settings.cpuProfileDir);
      }
    }

    if (UPLOAD) {
      // a fresh media with a throw-away bucket and database; the admin restarted to call it
      // (without the trace preload), its sessions kept in its database
      const file = makeVideo(dir, MB);
      const size = fs.statSync(file).size;
      const [mport, mmport] = [await freePort(), await freePort()];
      media = spawn(process.execPath, [mediaJs], {
        cwd: path.join(root, "services/media"),
        env: {
          ...process.env,
          ...env,
          PORT: String(mport),
          MANAGEMENT_PORT: String(mmport),
          LOG_LEVEL: "warn",
          MONGO_URL: `${env.MONGO_URL.replace(/\/$/, "")}/${mediaDb}`,
          KAFKA_TOPIC_PREFIX: mediaPrefix,
          KAFKA_ENSURE_TOPICS: "true",
          MEDIA_BUCKET: bucket,
        },
        stdio: ["ignore", "inherit", "inherit"],
      });
      const mediaUrl = `http://127.0.0.1:${mport}`;
      await ready(media, mmport, "media ready");
      await stopChild(admin);
      const { trace: _t, cpuProfileDir: _p, ...plain } = settings;
      admin = (await startAdminProcess({ ...plain, mediaUrl })).child;
      const adminPid = admin.pid as number;
      const uploader = agents[0] as Agent;
      const csrf = Agent.csrf(await uploader.get(`/p/${PORTAL}/media`));
      const user = USERS[0] as string;
      process.stdout.write(
        `\nupload of ${fmt(size / MiB)} MiB (${path.basename(file)}, MP4 head + filler) as ${user}, ${ROUNDS} rounds alternating:\n`,
      );

      const throughAdmin = async (name: string, data: Blob) => {
        const fd = new FormData();
        fd.append("title", "Bench");
        fd.append("file", data, name);
        const res = await fetch(`${url}/p/${PORTAL}/media/upload?_csrf=${csrf}`, {
          method: "POST",
          headers: {
            cookie: uploader.cookieHeader(new URL(url)),
            origin: url,
            "x-requested-with": "XMLHttpRequest",
            accept: "application/json",
          },
          body: fd,
        });
        if (res.status !== 201) throw new Error(`upload through admin: ${res.status} ${await res.text()}`);
        return ((await res.json()) as { id: string }).id;
      };
      const straight = async (name: string, data: Blob) => {
        const fd = new FormData();
        fd.append("title", "Bench");
        fd.append("file", data, name);
        const res = await fetch(`${mediaUrl}/portals/${PORTAL}/assets`, {
          method: "POST",
          headers: await bearer(user),
          body: fd,
        });
        if (res.status !== 201) throw new Error(`upload to media: ${res.status} ${await res.text()}`);
        return ((await res.json()) as { id: string }).id;
      };
      const settle = async (id: string) => {
        await waitFor(
          async () => {
            const res = await fetch(`${mediaUrl}/portals/${PORTAL}/assets/${id}`, {
              headers: await bearer(user),
            });
            return ((await res.json()) as { status: string }).status !== "processing";
          },
          { timeoutMs: 600_000, what: "processing" },
        );
        const del = await fetch(`${mediaUrl}/portals/${PORTAL}/assets/${id}`, {
          method: "DELETE",
          headers: await bearer(user),
        });
        if (del.status !== 204) throw new Error(`delete: ${del.status}`);
      };
      // warm-up: the upload paths of both once
      const clip = fs.readFileSync(path.join(dir, "clip.mp4"));
      await settle(await throughAdmin("warm.mp4", new Blob([clip], { type: "video/mp4" })));
      await settle(await straight("warm.mp4", new Blob([clip], { type: "video/mp4" })));

      const viaAdmin: number[] = [];
      const direct: number[] = [];
      let baseline = Number.POSITIVE_INFINITY;
      let peak = 0;
      for (let r = 0; r < ROUNDS; r++) {
        const before = rssOf(adminPid);
        baseline = Math.min(baseline, before);
        let roundPeak = before;
        const sampler = setInterval(() => {
          roundPeak = Math.max(roundPeak, rssOf(adminPid));
        }, 50);
        let t0 = performance.now();
        const id = await throughAdmin("bench.mp4", await fs.openAsBlob(file, { type: "video/mp4" }));
        viaAdmin.push(size / MiB / ((performance.now() - t0) / 1000));
        clearInterval(sampler);
        peak = Math.max(peak, roundPeak - before);
        await settle(id);

        t0 = performance.now();
        const id2 = await straight("bench.mp4", await fs.openAsBlob(file, { type: "video/mp4" }));
        direct.push(size / MiB / ((performance.now() - t0) / 1000));
        await settle(id2);
        row(
          `round ${r + 1}: admin → media / media (MiB/s)`,
          `${fmt(viaAdmin[r] as number, 1)} / ${fmt(direct[r] as number, 1)}`,
        );
      }
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      const ratio = mean(viaAdmin) / mean(direct);
      row("through the admin (MiB/s, mean)", fmt(mean(viaAdmin), 1));
      row("straight to media (MiB/s, mean)", fmt(mean(direct), 1));
      row("ratio admin/straight (goal ≥ 0.8)", `${fmt(ratio, 2)} ${ratio >= 0.8 ? "✓ met" : "✗ not met"}`);
      row("admin RSS before an upload (MiB)", fmt(baseline / MiB, 1));
      row(
        "admin peak RSS growth (MiB, goal ≤ 64 MB)",
        `${fmt(peak / MiB, 1)} ${peak <= 64 * 1e6 ? "✓ met" : "✗ not met"}`,
      );
    }
    row(
      "load average after (1/5/15 min)",
      os
        .loadavg()
        .map((x) => fmt(x, 2))
        .join(" / "),
    );
  } finally {
    if (load && load.exitCode === null) load.kill("SIGTERM");
    await stopChild(admin);
    await stopChild(media);
    await kc.remove().catch(() => undefined);
    const mongo = new MongoClient(env.MONGO_URL);
    await mongo
      .connect()
      .then(async () => {
        await mongo.db(db).dropDatabase();
        if (UPLOAD) await mongo.db(mediaDb).dropDatabase();
      })
      .catch(() => undefined)
      .finally(() => mongo.close());
    if (UPLOAD) {
      const names: string[] = [];
      try {
        for await (const o of s3.listObjectsV2(bucket, "", true)) if (o.name) names.push(o.name);
        if (names.length) await s3.removeObjects(bucket, names);
        await s3.removeBucket(bucket);
      } catch {
        /* no bucket: media never started */
      }
      const kafka = createKafka({
        brokers: env.KAFKA_BROKERS.split(","),
        clientId: "bench-admin",
        logger: createLogger({ service: "bench-admin", level: "silent" }),
      }).admin();
      await kafka
        .connect()
        .then(async () => {
          const topics = (await kafka.listTopics()).filter((t) => t.startsWith(mediaPrefix));
          if (topics.length) await kafka.deleteTopics({ topics });
        })
        .catch(() => undefined)
        .finally(() => kafka.disconnect());
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
