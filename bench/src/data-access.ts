// Data access that stays flat as a province's data grows (issue 21, "Done when", first bullet).
//
// For each size (BENCH_SIZES, default 1,000 / 10,000 / 100,000 / 200,000 content items over 50
// portals, plus feedback, comments, identity audit entries, media assets and archive records in
// the proportions of SHARE below), in databases of its own (`bench_data_access_<size>_<service>`):
//   1. content, identity, media and archive start in this process on the empty databases, the way
//      their integration tests start them (services/*/test fixtures: the same build function and
//      config, port 0, a Kafka topic prefix of the run). Their first start runs every first-start
//      backfill on nothing and leaves its marker, as a fresh installation would. The 50 portals
//      are created through content's API by the demo platform admin. The services stop.
//   2. Seeding in bulk (timed per service): the raw documents with insertMany in batches, and
//      their keyed index documents computed by the services' own functions — content's
//      `indexEntries` (items), `feedbackKeys`, `commentKeys` (written with `insertKeys`), the slug
//      claims, identity's `auditKeys` (with the kit's `claimEntries`), media's `keysOf`, archive's
//      `recordKeys` / `wordsOf` / `expiryOf` (with `claimEntries`) — keys first, then documents,
//      as the writers order them. Only the five portals of infra/demo/portals.json have demo
//      users; their items are owned by (tanyen) or attributed to those users where they exist,
//      the other 45 portals' data is written directly with made-up staff. The measured portal
//      (tanyen) holds 1/50 of every kind of document, but at least 400 items' worth where that
//      share would leave its lists a few rows long (`measuredShare`: 0.4 at 1,000, 0.04 at 10,000),
//      so every size's pages hold the same number of rows and the ratios compare like with like.
//   3. The services start again on the seeded databases (timed: nothing to backfill, their
//      start-up scans run); the measured portal's category listings are filled by content's own
//      `CategoryListing.upsert` (as `cli rebuild-listings` does), for that portal only.
//   4. Measured through the real HTTP APIs with real demo-user tokens (tanyen.focal-officer writes,
//      tanyen.board-member reviews, auditor reads platform-wide), one request at a time:
//      writes — create, edit, a stale edit (409), submit, approve, publish of a fresh item per round;
//      lists (BENCH_LIMIT rows, default 20, the admin's item-list page) — content's item list
//      (`view=summary`: all, by state, by category; first page and a deep cursor page), the review
//      queue (`state=submitted&sort=due`), the feedback inbox, the comment moderation list, an
//      item's audit in content, identity's audit trail (the portal's, platform-wide), media's
//      library and archive search. A deep page is the cursor half-way through the list (at most
//      50 pages in), found by following the cursors before the timing.
//   5. The services stop, the size's topics and buckets are removed; the databases are dropped at
//      the end unless BENCH_KEEP=1 (a later run with the same sizes reuses them and prints the
//      seeding times of the run that made them).
// Printed per size: seeding and start times, p50/p95 per operation with the rows a list returned,
// the ratio of each p95 to its value at the first size (1,000), and the goals (ratio ≤ 1.5, write
// p95 ≤ 50 ms, list p95 ≤ 100 ms at the largest size). Where the time went: every command each
// service sent during a request (the driver's command monitoring: time in the database, the
// commands that dominate), the outbox sweeper's background scans, CPU of the MongoDB-wire server,
// of this process (the four services) and of the rest of the machine per phase, this process's
// event-loop delay, and explain() of every distinct query an operation sent (@cong/testing
// `unflat`: anything not answered with the `_id` index is printed).
// The same script runs against MongoDB: MONGO_URL from the environment (over .env.local).
//
// Variables: BENCH_SIZES (1000,10000,100000,200000), BENCH_WRITE_ROUNDS (100), BENCH_LIST_ROUNDS (40),
// BENCH_LIMIT (20), BENCH_KEEP=1 (keep and reuse the databases), BENCH_RESEED=1 (seed again even if
// kept ones exist).
//
// The parts: data-access/config.ts (settings), world.ts and records.ts (the seeded documents),
// services.ts (the services in this process, command monitoring, HTTP), seed.ts, measure.ts
// (timed operations) and size.ts (one size); this file prints the report and runs the sizes.

import os from "node:os";
import { MongoClient } from "mongodb";
import {
  dbName,
  env,
  GOAL,
  KEEP,
  LIMIT,
  LIST_ROUNDS,
  MEASURED,
  note,
  PORTAL_COUNT,
  SERVICES,
  SHARE,
  SIZES,
  sec,
  sleep,
  WRITE_ROUNDS,
} from "./data-access/config";
import { cpuBetween, cpuMark } from "./data-access/services";
import { measureSize, type SizeResult } from "./data-access/size";
import { fmt, header, percentile, row } from "./report";

// ------------------------------------------------------------------------------------- report

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const p = (xs: number[], q: number) => percentile(sorted(xs), q);
const ms1 = (x: number) => (Number.isFinite(x) ? fmt(x, x < 10 ? 1 : 0) : "—");

function report(all: SizeResult[]) {
  const base = all[0] as SizeResult;
  const top = all[all.length - 1] as SizeResult;
  const names = [...new Set(all.flatMap((s) => [...s.results.ops.keys()]))];
  const kindOf = (n: string) => all.find((s) => s.results.ops.get(n))?.results.ops.get(n)?.kind ?? "list";
  process.stdout.write(
    `\n## Figures: p50 / p95 ms (rows a list page returned, median); ratio = p95 / p95 at ${fmt(base.size)}\n\n`,
  );
  const head = [
    "operation",
    ...all.map((s) => fmt(s.size)),
    ...all.slice(1).map((s) => `ratio ${fmt(s.size)}`),
    `goal at ${fmt(top.size)}`,
  ];
  process.stdout.write(`| ${head.join(" | ")} |\n|${head.map(() => "---").join("|")}|\n`);
  const verdicts: { name: string; ok: boolean; why: string }[] = [];
  for (const kind of ["write", "list"] as const)
    for (const n of names.filter((x) => kindOf(x) === kind)) {
      const cells: string[] = [n];
      const p95s: number[] = [];
      for (const s of all) {
        const op = s.results.ops.get(n);
        if (!op) {
          cells.push("—");
          p95s.push(Number.NaN);
          continue;
        }
        const t = op.samples.map((x) => x.ms);
        const rows = op.samples.filter((x) => x.rows !== undefined).map((x) => x.rows as number);
        p95s.push(p(t, 95));
        cells.push(`${ms1(p(t, 50))} / ${ms1(p(t, 95))}${rows.length ? ` (${p(rows, 50)})` : ""}`);
      }
      const ref = p95s.find((x) => Number.isFinite(x)) ?? Number.NaN;
      const refSize = all[p95s.findIndex((x) => Number.isFinite(x))]?.size ?? base.size;
      for (let k = 1; k < all.length; k++) {
        const r = (p95s[k] as number) / ref;
        cells.push(Number.isFinite(r) ? `${fmt(r, 2)}${refSize !== base.size ? "*" : ""}` : "—");
      }
      const last = p95s[p95s.length - 1] as number;
      const ratio = last / ref;
      const limit = kind === "write" ? GOAL.writeP95 : GOAL.listP95;
      const okRatio = Number.isFinite(ratio) && ratio <= GOAL.ratio;
      const okAbs = last <= limit;
      cells.push(`${okRatio ? "✓" : "✗"} ratio, ${okAbs ? "✓" : "✗"} p95 ≤ ${limit}`);
      verdicts.push({
        name: n,
        ok: okRatio && okAbs,
        why: `${okRatio ? "" : `ratio ${fmt(ratio, 2)} > ${GOAL.ratio}`}${!okRatio && !okAbs ? "; " : ""}${okAbs ? "" : `p95 ${ms1(last)} ms > ${limit}`}`,
      });
      process.stdout.write(`| ${cells.join(" | ")} |\n`);
    }
  process.stdout.write(
    `\n* the list holds no deep page at ${fmt(base.size)}: the ratio is to the first size that has one.\n`,
  );
  const met = verdicts.filter((v) => v.ok);
  process.stdout.write(
    `\nGoals (ratio ≤ ${GOAL.ratio}, write p95 ≤ ${GOAL.writeP95} ms, list p95 ≤ ${GOAL.listP95} ms at ${fmt(top.size)}): ${met.length} of ${verdicts.length} operations meet all.\n`,
  );
  for (const v of verdicts.filter((x) => !x.ok)) process.stdout.write(`  ✗ ${v.name}: ${v.why}\n`);

  for (const s of all) {
    process.stdout.write(`\n## ${fmt(s.size)} items\n\n`);
    row("seeded", `${s.reused ? `earlier (${s.seed.at.toISOString()}), reused` : "this run"}`);
    row(
      "documents",
      Object.entries(s.seed.counts)
        .map(([k, v]) => `${k} ${fmt(v)}`)
        .join(", "),
    );
    for (const { what, s: v } of s.seed.seconds) row(`  seeding: ${what}`, sec(v * 1000));
    row(
      "start on the seeded databases",
      Object.entries(s.starts)
        .map(([k, v]) => `${k} ${sec(v)}`)
        .join(", "),
    );
    for (const [k, v] of Object.entries(s.phases)) row(`CPU (cores) during ${k}`, v);
    for (const [k, v] of Object.entries(s.loop)) row(`event-loop delay during ${k}`, v);
    for (const [k, v] of Object.entries(s.deepPages)) row(`  ${k}: page`, String(v));
    const sweepColls = new Map<string, number[]>();
    for (const c of s.sweeps)
      if (Number.isFinite(c.ms))
        sweepColls.set(`${c.svc}.${c.coll}`, [...(sweepColls.get(`${c.svc}.${c.coll}`) ?? []), c.ms]);
    row(
      "outbox sweeper scans during the measurement",
      sweepColls.size
        ? [...sweepColls]
            .map(([k, v]) => `${k} ×${v.length} p50 ${ms1(p(v, 50))} max ${ms1(Math.max(...v))} ms`)
            .join("; ")
        : "none finished",
    );
    process.stdout.write(
      "\nwhere a request's time went (medians; DB = the commands the answering service sent while it ran, as the driver timed them; cmds = how many (median), a figure that does not depend on the machine's load; then the commands with most time per request, every one for a write, three for a list):\n",
    );
    for (const op of s.results.ops.values()) {
      const byCmd = new Map<string, number[]>();
      for (const smp of op.samples)
        for (const c of smp.cmds)
          if (Number.isFinite(c.ms))
            byCmd.set(`${c.svc}.${c.coll}.${c.name}`, [
              ...(byCmd.get(`${c.svc}.${c.coll}.${c.name}`) ?? []),
              c.ms,
            ]);
      const n = op.samples.length || 1;
      const topCmds = [...byCmd]
        .map(([k, v]) => ({ k, per: v.reduce((a, b) => a + b, 0) / n, count: v.length / n }))
        .sort((a, b) => b.per - a.per)
        .slice(0, WRITES.has(op.name) ? undefined : 3)
        .map((x) => `${x.k} ${fmt(x.count, 1)}× ${ms1(x.per)} ms`);
      row(
        `  ${op.name}`,
        `total ${ms1(
          p(
            op.samples.map((x) => x.ms),
            50,
          ),
        )}, DB ${ms1(
          p(
            op.samples.map((x) => x.db),
            50,
          ),
        )} ms, cmds ${fmt(
          p(
            op.samples.map((x) => x.cmds.length),
            50,
          ),
          0,
        )}; ${topCmds.join(", ")}`,
      );
    }
    process.stdout.write("\nexplain():\n");
    for (const u of s.unflat) process.stdout.write(`  ${u}\n`);
  }
}

/** the writes (every command of theirs is printed) */
const WRITES = new Set(["create", "edit", "edit, stale version (409)", "submit", "approve", "publish"]);

// ------------------------------------------------------------------------------------- main

async function main() {
  process.setMaxListeners(100);
  header("data access at growing sizes: writes and lists through the services' APIs", {
    sizes: SIZES,
    portals: PORTAL_COUNT,
    measuredPortal: MEASURED,
    perItem: SHARE,
    archive: "one record per item ever published",
    writeRounds: WRITE_ROUNDS,
    listRounds: LIST_ROUNDS,
    pageSize: LIMIT,
    mongo: env.MONGO_URL.replace(/\/\/[^@/]*@/, "//…@"),
    loadavg: os.loadavg().map((x) => fmt(x, 2)),
  });
  const client = await MongoClient.connect(env.MONGO_URL);
  const info = await client.db("admin").command({ buildInfo: 1 });
  row(
    "server",
    `${"ferretdbVersion" in info ? `FerretDB v1 (build ${info.ferretdbVersion}, MongoDB wire ${info.version})` : `MongoDB ${info.version}`}`,
  );
  const idle = cpuMark();
  await sleep(3000);
  row("CPU before the run, 3 s (cores)", cpuBetween(idle, cpuMark()));
  const all: SizeResult[] = [];
  const failed: { size: number; error: string; seconds: number }[] = [];
  try {
    for (const size of SIZES) {
      const t = performance.now();
      try {
        all.push(await measureSize(client, size));
        note(`${fmt(size)}: done in ${sec(performance.now() - t)}`);
      } catch (e) {
        // a size that fails is reported, never left out silently
        const error = e instanceof Error ? (e.stack ?? e.message) : String(e);
        failed.push({ size, error, seconds: (performance.now() - t) / 1000 });
        note(`${fmt(size)}: FAILED after ${sec(performance.now() - t)}: ${error}`);
      }
    }
    if (all.length) report(all);
    for (const f of failed)
      process.stdout.write(`
## ${fmt(f.size)} items: not measured — failed after ${fmt(f.seconds, 0)} s
${f.error}
`);
  } finally {
    if (!KEEP) {
      for (const size of SIZES)
        for (const s of SERVICES)
          await client
            .db(dbName(size, s))
            .dropDatabase()
            .catch(() => undefined);
      await client
        .db("bench_data_access_meta")
        .dropDatabase()
        .catch(() => undefined);
    }
    await client.close();
  }
  if (failed.length) process.exitCode = 1;
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (e) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
