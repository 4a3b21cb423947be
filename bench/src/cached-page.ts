// A cached public page against an express hello-world (issue 17, "Done when"), in one run:
//   1. requests/s of the running publishing service (./cong up, built, with its demo data) for a
//      cached page — the home page and an item page of a component portal, asked for with
//      `Accept-Encoding: br, gzip` so the compressed copy is what is served — against a plain express
//      hello-world in its own process; the load generator is autocannon in a process of its own;
//      rounds alternate hello → home → item so both see the same machine; goal: ratio ≥ 1.0
//   2. the home page as Chromium loads it: requests, bytes transferred (headers and encoded bodies),
//      and how many of them came from another origin (none should: font and styles are self-hosted)
// Variables: PUBLISHING_URL (http://127.0.0.1:3000), BENCH_PORTAL (stttt), BENCH_SECONDS (10 per
// phase), BENCH_CONNECTIONS (32), BENCH_ROUNDS (3), CHROMIUM (/usr/bin/chromium).
import { type ChildProcess, spawn } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { chromium } from "playwright-core";
import { fmt, header, row } from "./report";

const BASE = process.env.PUBLISHING_URL ?? "http://127.0.0.1:3000";
const PORTAL = process.env.BENCH_PORTAL ?? "stttt";
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const HOST = `${PORTAL}.bacgiang.localhost`;
const port = new URL(BASE).port || "80";

interface Load {
  rps: number;
  p50: number;
  p99: number;
  bytesPerReq: number;
  non2xx: number;
  errors: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** autocannon in its own process; its JSON result */
function autocannon(url: string, headers: Record<string, string>): Promise<Load> {
  const bin = path.join(__dirname, "../node_modules/.bin/autocannon");
  const args = ["-j", "-c", String(CONNECTIONS), "-d", String(SECONDS)];
  for (const [k, v] of Object.entries(headers)) args.push("-H", `${k}=${v}`);
  args.push(url);
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited ${code}: ${err}`));
      const r = JSON.parse(out) as {
        requests: { average: number; total: number };
        latency: { p50: number; p99: number };
        throughput: { total: number };
        non2xx: number;
        errors: number;
      };
      resolve({
        rps: r.requests.average,
        p50: r.latency.p50,
        p99: r.latency.p99,
        bytesPerReq: r.requests.total ? r.throughput.total / r.requests.total : 0,
        non2xx: r.non2xx,
        errors: r.errors,
      });
    });
  });
}

function startHello(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [path.join(__dirname, "hello-world.cjs"), "0"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.stdout?.once("data", (d) => resolve({ child, port: Number(String(d).trim()) }));
    child.once("exit", (c) => reject(new Error(`hello-world exited ${c}`)));
  });
}

/** GET with a Host header (Node's fetch does not send one given), the body as text */
function get(url: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const r = http.get(url, { headers: { host } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    r.on("error", reject);
  });
}

/** the address of the portal's newest item, read from its home page */
async function itemPath(): Promise<string> {
  const r = await get(`${BASE}/`, `${HOST}:${port}`);
  if (r.status !== 200) throw new Error(`${HOST} home answered ${r.status}: is ./cong up running?`);
  const m = /href="(\/tin\/[^"]+)"/.exec(r.body);
  if (!m?.[1]) throw new Error(`${HOST} home links no item`);
  return m[1];
}

interface Weight {
  requests: number;
  bytes: number;
  foreign: number;
  byType: Record<string, { n: number; bytes: number }>;
}

/** the home page in Chromium: every request and its transferred size */
async function pageWeight(url: string): Promise<Weight> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    const done: Promise<void>[] = [];
    const w: Weight = { requests: 0, bytes: 0, foreign: 0, byType: {} };
    const origin = new URL(url).origin;
    page.on("requestfinished", (r) => {
      done.push(
        r.sizes().then((s) => {
          const bytes = s.responseHeadersSize + s.responseBodySize;
          const type = r.resourceType();
          w.requests++;
          w.bytes += bytes;
          if (new URL(r.url()).origin !== origin && !r.url().startsWith("http://127.0.0.1:3002")) w.foreign++;
          const t = w.byType[type] ?? { n: 0, bytes: 0 };
          w.byType[type] = t;
          t.n++;
          t.bytes += bytes;
        }),
      );
    });
    await page.goto(url, { waitUntil: "networkidle" });
    await Promise.all(done);
    return w;
  } finally {
    await browser.close();
  }
}

async function main() {
  const item = await itemPath();
  header("cached public page vs express hello-world (autocannon in its own process)", {
    publishing: BASE,
    portal: PORTAL,
    item,
    seconds: SECONDS,
    connections: CONNECTIONS,
    rounds: ROUNDS,
  });
  const hello = await startHello();
  const enc = { "accept-encoding": "br, gzip" };
  const results: Record<"hello" | "home" | "item", Load[]> = { hello: [], home: [], item: [] };
  try {
    // warm-up: the render cache holds both pages, the JIT has run
    await autocannon(`${BASE}/`, { host: `${HOST}:${port}`, ...enc });
    await autocannon(`${BASE}${item}`, { host: `${HOST}:${port}`, ...enc });
    for (let round = 1; round <= ROUNDS; round++) {
      results.hello.push(await autocannon(`http://127.0.0.1:${hello.port}/`, {}));
      results.home.push(await autocannon(`${BASE}/`, { host: `${HOST}:${port}`, ...enc }));
      results.item.push(await autocannon(`${BASE}${item}`, { host: `${HOST}:${port}`, ...enc }));
      const [h, ho, it] = [results.hello, results.home, results.item].map((x) => x[x.length - 1] as Load);
      row(
        `round ${round} req/s hello / home / item`,
        `${fmt(h?.rps ?? 0)} / ${fmt(ho?.rps ?? 0)} / ${fmt(it?.rps ?? 0)}`,
      );
    }
  } finally {
    hello.child.kill("SIGTERM");
  }
  const helloRps = median(results.hello.map((r) => r.rps));
  for (const k of ["home", "item"] as const) {
    const rs = results[k];
    const rps = median(rs.map((r) => r.rps));
    const ratio = rps / helloRps;
    row(`${k}: req/s (median of ${ROUNDS})`, fmt(rps));
    row(
      `${k}: p50 / p99 latency (ms, median)`,
      `${fmt(median(rs.map((r) => r.p50)), 1)} / ${fmt(median(rs.map((r) => r.p99)), 1)}`,
    );
    row(`${k}: bytes per answer (encoded, with headers)`, fmt(median(rs.map((r) => r.bytesPerReq))));
    row(
      `${k}: non-2xx / errors`,
      `${rs.reduce((a, r) => a + r.non2xx, 0)} / ${rs.reduce((a, r) => a + r.errors, 0)}`,
    );
    row(`${k}: ratio to hello-world (goal ≥ 1.0)`, `${fmt(ratio, 2)} ${ratio >= 1 ? "✓ met" : "✗ not met"}`);
  }
  row("express hello-world req/s (median)", fmt(helloRps));

  const homeUrl = `http://${HOST}:${port}/`;
  const w = await pageWeight(homeUrl);
  row("home page in Chromium: requests", String(w.requests));
  row("home page in Chromium: bytes transferred", fmt(w.bytes));
  for (const [type, t] of Object.entries(w.byType)) row(`  ${type}`, `${t.n} requests, ${fmt(t.bytes)} B`);
  row("requests to other origins (goal 0)", String(w.foreign));
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
