// The public portals under readers while content publishes (issue 15, "prove at platform level").
//
//   1. content and publishing start from their build output (services/*/dist, as `./cong up` runs
//      them, with the telemetry preload and LOG_LEVEL=info) as child processes of this script, on
//      databases and a Kafka topic prefix of their own (nothing of the demo platform is touched),
//      against the shared local servers. publishing gets src/public-trace.cjs preloaded (server
//      time per page kind, event-loop delay, GC; its code is untouched).
//   2. The five demo portals (infra/demo/portals.json) are created through content's API by
//      platform.admin; BENCH_SEED_ITEMS (300) published items are written across them through the
//      real workflow (below), four at a time, so home, category and item pages are realistic.
//   3. BENCH_READERS (500) readers in another process (src/public-readers.ts), spread over the
//      portals (the province 40 %, each other 15 %), each a closed loop on its own keep-alive
//      connection, pausing BENCH_THINK_MS (1000) ×0.5–1.5 after each page (0: no pause), ETags
//      revalidated as a browser does. Mix: home 20 %, category page 25 %, item page 40 %, an item
//      published during the run 10 % (once it is live), feed (RSS/Atom) 3 %, sitemap 2 %.
//      BENCH_WARMUP_SECONDS (10) of warm-up, then BENCH_SECONDS (60) measured.
//   4. Meanwhile the writer (this process) starts BENCH_RATE (10) items per second on schedule (an
//      open loop: a slow item does not delay the next one, at most BENCH_WRITER_MAX_INFLIGHT at
//      once), round-robin over the portals, with real demo tokens: <portal>.focal-officer creates
//      and submits, <portal>.board-member approves and publishes (four eyes: content refuses
//      either to the item's creator, editors or submitter). BENCH_REVISION_SHARE (0.2) of them are
//      a new revision of an already published item instead (edit → submit → approve → publish;
//      readers have those pages cached, so the purge is measured too). Approval→live per item:
//      from the publish response until the item's page on its portal answers 200 with the new
//      revision (`data-item`/`data-revision` and the title), checked every 10 ms; also from the
//      approve response, and split by the content.published message on Kafka (its CreateTime,
//      read by a consumer of this script): content's write → on Kafka → live on the portal.
// Printed: machine, parameters and load average; requests, errors by kind (any answer not 2xx/3xx,
// any socket error), p50/p95/p99 overall and per page kind, throughput; publications achieved and
// the writer's stage times; approval→live p50/p95/p99 and count; publishing's server time per
// kind, event-loop delay and GC; CPU per process from /proc (publishing, content, the readers, this
// process, FerretDB, Kafka, Keycloak, the rest of the machine) before the run and during the
// window; the goals: p99 ≤ 100 ms, 0 errors, approval→live p95 ≤ 250 ms.
// Needs the local servers (`./cong up`) and built content and publishing
// (`pnpm --filter @cong/content build`, `pnpm --filter @cong/publishing build`).
// Variables: BENCH_READERS (500), BENCH_RATE (10 items/s), BENCH_SECONDS (60), BENCH_WARMUP_SECONDS
// (10), BENCH_THINK_MS (1000), BENCH_SEED_ITEMS (300), BENCH_REVISION_SHARE (0.2),
// BENCH_WRITER_MAX_INFLIGHT (50), BENCH_LOG_LEVEL (info: the services' LOG_LEVEL).
//
// The parts: public-load/settings.ts, http.ts, writer.ts (the writer and its live checks), setup.ts,
// figures.ts (what is printed); this file starts the services and readers and runs the load.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { ContentPublished, Topics } from "@cong/contracts";
import { createKafka } from "@cong/kit";
import { demoToken, uniqueName } from "@cong/testing";
import { MongoClient } from "mongodb";
import { freePort } from "../../services/publishing/test/helpers";
import { startBuiltService, stopChild } from "./children";
import { coresBetween, cpuSnapshot, serverPids } from "./cpu";
import { printFigures } from "./public-load/figures";
import { call, liveAgent, pubGet, want } from "./public-load/http";
import {
  env,
  LOG_LEVEL,
  MAX_INFLIGHT,
  MIX,
  note,
  PLACES,
  PORTALS,
  pcts,
  quiet,
  RATE,
  READERS,
  REVISION_SHARE,
  readersTs,
  SECONDS,
  SEED_ITEMS,
  sleep,
  THINK_MS,
  traceCjs,
  WARMUP,
} from "./public-load/settings";
import { createPortals, pool, removeTopics, type Trace, takeTrace } from "./public-load/setup";
import { type Portal, Writer } from "./public-load/writer";
import type { ReadersPlan, ReadersResult } from "./public-readers";
import { fmt, header, row } from "./report";

// ------------------------------------------------------------------------------------------- main

async function main() {
  header("public portals: readers while content publishes", {
    readers: READERS,
    ratePerSecond: RATE,
    seconds: SECONDS,
    warmupSeconds: WARMUP,
    thinkMs: THINK_MS,
    seedItems: SEED_ITEMS,
    revisionShare: REVISION_SHARE,
    writerMaxInFlight: MAX_INFLIGHT,
    logLevel: LOG_LEVEL,
    mix: MIX,
    loadavg: os.loadavg().map((x) => fmt(x, 2)),
  });
  const shared = serverPids();
  const idle = cpuSnapshot(shared);
  await sleep(3000);
  row("CPU before the run, 3 s (cores)", coresBetween(idle, cpuSnapshot(shared)));

  const name = uniqueName("bench-public-load");
  const prefix = `${name}.`;
  const contentDb = name.replaceAll("-", "_");
  const pubDb = `${contentDb}_pub`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-public-load-"));
  const trace = path.join(dir, "trace.json");
  const mongo = env.MONGO_URL.replace(/\/$/, "");
  const base = {
    KAFKA_BROKERS: env.KAFKA_BROKERS,
    KEYCLOAK_URL: env.KEYCLOAK_URL,
    KEYCLOAK_REALM: env.KEYCLOAK_REALM,
    KAFKA_TOPIC_PREFIX: prefix,
    LOG_LEVEL,
  };
  let content: ChildProcess | undefined;
  let publishing: ChildProcess | undefined;
  let readers: ChildProcess | undefined;
  let ok = false;
  const observer = createKafka({
    brokers: env.KAFKA_BROKERS.split(","),
    clientId: "bench-public-load",
    logger: quiet,
  }).consumer({ groupId: `${prefix}bench-observer` });
  try {
    // 1. the services
    const [cPort, cMgmt, pPort, pMgmt] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    const contentUrl = `http://127.0.0.1:${cPort}`;
    const c = await startBuiltService({
      name: "content",
      port: cPort,
      managementPort: cMgmt,
      log: path.join(dir, "content.log"),
      env: { ...base, MONGO_URL: `${mongo}/${contentDb}` },
    });
    content = c.child;
    const p = await startBuiltService({
      name: "publishing",
      port: pPort,
      managementPort: pMgmt,
      log: path.join(dir, "publishing.log"),
      preload: [traceCjs],
      env: {
        ...base,
        MONGO_URL: `${mongo}/${pubDb}`,
        CONTENT_API_URL: contentUrl,
        PUBLIC_DOMAIN: `bacgiang.localhost:${pPort}`,
        BENCH_TRACE_FILE: trace,
      },
    });
    publishing = p.child;
    for (const [s, stale] of [
      ["content", c.stale],
      ["publishing", p.stale],
    ] as const)
      if (stale)
        row(`  note: services/${s}/src changed after its build`, "the figures are of the older build");

    // content.published as it reaches Kafka (for the split of approval→live)
    const onKafka = new Map<string, { staged: number; created: number }>();
    await observer.connect();
    await observer.subscribe({ topic: `${prefix}${Topics.content}`, fromBeginning: true });
    await observer.run({
      eachMessage: async ({ message }) => {
        if (message.headers?.ce_type?.toString() !== ContentPublished.type || !message.value) return;
        const d = JSON.parse(message.value.toString()) as { itemId: string; revision: number };
        onKafka.set(`${d.itemId}|${d.revision}`, {
          staged: Date.parse(message.headers.ce_time?.toString() ?? ""),
          created: Number(message.timestamp),
        });
      },
    });

    // 2. portals and published items
    await createPortals(contentUrl);
    const portals: Portal[] = [];
    for (const { id, weight } of PORTALS) {
      const doc = want(await call(contentUrl, "GET", `/portals/${id}`, "platform.admin"), 200, `portal ${id}`)
        .body as {
        name: { vi: string };
        categories: { categoryId: string; slug: string }[];
      };
      const categories = PLACES.map((pl) => doc.categories.find((x) => x.categoryId === pl.categoryId));
      if (categories.some((x) => !x))
        throw new Error(`portal ${id} lacks one of ${PLACES.map((x) => x.categoryId)}`);
      const host = `${id === "bacgiang" ? "" : `${id}.`}bacgiang.localhost:${pPort}`;
      portals.push({ id, name: doc.name.vi, host, weight, categories: categories as Portal["categories"] });
      const until = Date.now() + 60_000;
      while ((await pubGet(pPort, host, "/").catch(() => null))?.status !== 200) {
        if (Date.now() > until) throw new Error(`${host}/ not served by publishing after 60 s`);
        await sleep(200);
      }
    }
    for (const u of PORTALS.flatMap((x) => [`${x.id}.focal-officer`, `${x.id}.board-member`]))
      await demoToken(u);
    let readersIn: NodeJS.WritableStream | undefined;
    const writer = new Writer(contentUrl, pPort, portals, (item) =>
      readersIn?.write(`${JSON.stringify({ portal: item.portal, path: `/tin/${item.slug}` })}\n`),
    );
    const tSeed = performance.now();
    await pool(SEED_ITEMS, 4, () => writer.write());
    const seedSeconds = (performance.now() - tSeed) / 1000;
    const seedFailed = writer.records.filter((r) => r.error);
    row(
      `seeded ${SEED_ITEMS} items, 4 at a time, no readers (s)`,
      `${fmt(seedSeconds, 1)} (${fmt(SEED_ITEMS / seedSeconds, 1)} items/s; approval→live p50/p95 ${pcts(
        writer.records.filter((r) => r.liveAt).map((r) => (r.liveAt as number) - (r.publishedAt as number)),
        [50, 95],
      )} ms)`,
    );
    for (const st of ["create", "submit", "approve", "publish"]) {
      const l = writer.records.map((x) => x.stages[st]).filter((x): x is number => x !== undefined);
      row(`  ${st} p50 / p95 (ms)`, pcts(l, [50, 95]));
    }
    if (seedFailed.length)
      throw new Error(
        `seeding: ${seedFailed.length} failed, e.g. ${seedFailed.map((r) => r.error).slice(0, 5)}`,
      );
    const seeded = writer.records.length;

    // 3. readers and the writer
    const plan: ReadersPlan = {
      port: pPort,
      readers: READERS,
      warmupSeconds: WARMUP,
      seconds: SECONDS,
      thinkMs: THINK_MS,
      mix: MIX,
      recent: 10,
      portals: portals.map((pt, k) => ({
        host: pt.host,
        weight: pt.weight,
        categories: pt.categories.map((x) => `/chuyen-muc/${x.slug}`),
        feeds: ["/rss.xml", "/atom.xml", `/chuyen-muc/${pt.categories[0]?.slug}/rss.xml`],
        items: writer.idle.filter((x) => x.portal === k).map((x) => `/tin/${x.slug}`),
      })),
    };
    const pids: Record<string, number> = {
      publishing: publishing.pid as number,
      content: content.pid as number,
    };
    readers = spawn(process.execPath, [...process.execArgv, readersTs], {
      stdio: ["pipe", "pipe", "inherit"],
    });
    pids.readers = readers.pid as number;
    pids["bench (writer, live checks)"] = process.pid;
    for (const [k, v] of Object.entries(shared)) pids[k in pids ? `shared ${k}` : k] = v;
    readersIn = readers.stdin as NodeJS.WritableStream;
    readersIn.write(`${JSON.stringify(plan)}\n`);

    let stopWriting = false;
    let lateness: number[] = [];
    let inflight = 0;
    const writing: Promise<unknown>[] = [];
    const writeLoop = async () => {
      const t0 = performance.now();
      for (let k = 0; !stopWriting; k++) {
        const due = t0 + (k * 1000) / RATE;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        while (inflight >= MAX_INFLIGHT && !stopWriting) await sleep(5);
        if (stopWriting) break;
        lateness.push(performance.now() - due);
        inflight++;
        const of = Math.random() < REVISION_SHARE ? writer.takeIdle() : undefined;
        writing.push(writer.write(of).finally(() => inflight--));
      }
    };
    const window = { start: 0, end: 0 };
    const cpu = { start: cpuSnapshot(pids), end: cpuSnapshot(pids) };
    let serverTrace: Trace | null = null;
    let result: ReadersResult | undefined;
    let checksAtStart = 0;
    let inflightAtEnd = 0;
    let looping: Promise<void> | undefined;
    for await (const line of readline.createInterface({ input: readers.stdout as NodeJS.ReadableStream })) {
      const ev = JSON.parse(line) as { event: string };
      if (ev.event === "warm") looping = writeLoop();
      else if (ev.event === "start") {
        await takeTrace(publishing, trace);
        cpu.start = cpuSnapshot(pids);
        window.start = performance.now();
        checksAtStart = writer.liveChecks;
        lateness = [];
      } else if (ev.event === "ended") {
        window.end = performance.now();
        inflightAtEnd = inflight;
        cpu.end = cpuSnapshot(pids);
        serverTrace = await takeTrace(publishing, trace);
        stopWriting = true;
      } else if (ev.event === "end") result = ev as unknown as ReadersResult;
    }
    await looping;
    const [code] = (readers.exitCode !== null ? [readers.exitCode] : await once(readers, "exit")) as [number];
    if (code !== 0 || !result) throw new Error(`the readers' process exited with ${code}`);
    await Promise.all(writing);
    const checks = writer.liveChecks - checksAtStart;

    // 4. figures
    printFigures({
      result,
      portals,
      writer,
      seeded,
      window,
      lateness,
      inflightAtEnd,
      onKafka,
      checks,
      serverTrace,
      cpu,
    });
    ok = true;
  } finally {
    if (readers && readers.exitCode === null) readers.kill("SIGTERM");
    await observer.disconnect().catch(() => undefined);
    await stopChild(publishing);
    await stopChild(content);
    liveAgent.destroy();
    const mc = new MongoClient(env.MONGO_URL);
    await mc
      .connect()
      .then(async () => {
        for (const db of [contentDb, pubDb]) await mc.db(db).dropDatabase();
      })
      .catch(() => undefined)
      .finally(() => mc.close());
    await removeTopics(prefix);
    if (ok) fs.rmSync(dir, { recursive: true, force: true });
    else note(`the services' logs are in ${dir}`);
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
