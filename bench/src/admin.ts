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
// The parts: admin/settings.ts, admin/processes.ts (the admin process, drafts, the video),
// admin/report.ts (printing, trace, profile); this file runs the passes.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { createKafka, createLogger, createS3 } from "@cong/kit";
import { uniqueName, waitFor } from "@cong/testing";
import { MongoClient } from "mongodb";
import { Agent, createTestClient, env, freePort } from "../../services/admin/test/fixtures";
import {
  type AdminSettings,
  bearer,
  ensureDraft,
  makeVideo,
  rssOf,
  startAdminProcess,
} from "./admin/processes";
import { ms, printPage, printProfile, takeTrace } from "./admin/report";
import {
  APIS,
  adminJs,
  CPU_PROFILE,
  EDITORS,
  GOAL_P95_MS,
  loadTs,
  MB,
  MiB,
  mediaJs,
  PAGES,
  PORTAL,
  ROUNDS,
  root,
  SECONDS,
  SINGLE_SECONDS,
  sleep,
  THINK_MS,
  UPLOAD,
  USERS,
  WARMUP,
} from "./admin/settings";
import type { LoadPlan, PageResult } from "./admin-load";
import { ready, stopChild } from "./children";
import { coresBetween, cpuSnapshot, serverPids } from "./cpu";
import { fmt, header, row } from "./report";

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
