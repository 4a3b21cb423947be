// The readers of `pnpm public-load` (bench/src/public-load.ts), in their own process so their work
// does not share an event loop with publishing or with the bench's writer. It reads a plan (one
// JSON line) from stdin, then one JSON line per item that went live during the run
// (`{"portal": i, "path": "/tin/…"}`), which readers then request as "just published" items.
// Each reader is a closed loop on its own keep-alive connection to one portal (a browser tab on
// one site): one request at a time, the next after the answer has arrived and an optional pause
// (`thinkMs`, ×0.5–1.5 at random). Like a browser it keeps the ETag of what it saw and revalidates
// with If-None-Match (a 304 counts as a success). A request counts when it started inside the
// measured window. It writes JSON lines to stdout: {event:"warm"}, {event:"start"} and
// {event:"end", …ReadersResult}.
import http from "node:http";
import { monitorEventLoopDelay } from "node:perf_hooks";

export const PAGE_KINDS = ["home", "category", "item", "new item", "feed", "sitemap"] as const;
export type PageKind = (typeof PAGE_KINDS)[number];

export interface ReadersPlan {
  port: number;
  readers: number;
  warmupSeconds: number;
  seconds: number;
  thinkMs: number;
  /** how often each kind is asked for (weights) */
  mix: Record<PageKind, number>;
  /** the newest this many items of a portal published during the run are "new items" */
  recent: number;
  portals: {
    host: string;
    /** share of the readers on this portal */
    weight: number;
    /** category page paths */
    categories: string[];
    /** feed paths (RSS/Atom of the portal and of a category) */
    feeds: string[];
    /** item page paths known before the run */
    items: string[];
  }[];
}

export interface ReadersResult {
  event: "end";
  seconds: number;
  /** latency (ms) per page kind, requests started in the window */
  latencies: Record<string, number[]>;
  /** answers per kind and status ("200", "304", "404", …) or socket error ("ECONNRESET", "timeout") */
  outcomes: Record<string, Record<string, number>>;
  /** the generator's own event-loop delay during the window (ms) */
  loopDelay: { p50: number; p99: number; max: number };
  /** readers in each portal */
  readersPerPortal: number[];
}

const TIMEOUT_MS = 30_000;

function get(
  agent: http.Agent,
  port: number,
  host: string,
  path: string,
  etag: string | undefined,
): Promise<{ outcome: string; etag?: string }> {
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        path,
        agent,
        headers: {
          host,
          accept: path.endsWith(".xml") ? "application/xml" : "text/html",
          "accept-language": "vi",
          "user-agent": "cong-bench-reader",
          ...(etag ? { "if-none-match": etag } : {}),
        },
        timeout: TIMEOUT_MS,
      },
      (res) => {
        res.resume();
        res.on("end", () => {
          const e = res.headers.etag;
          resolve({ outcome: String(res.statusCode ?? 0), ...(e ? { etag: e } : {}) });
        });
        res.on("error", (err: NodeJS.ErrnoException) => resolve({ outcome: err.code ?? "response error" }));
      },
    );
    req.on("timeout", () => req.destroy(Object.assign(new Error("timeout"), { code: "timeout" })));
    req.on("error", (err: NodeJS.ErrnoException) => resolve({ outcome: err.code ?? err.message }));
    req.end();
  });
}

const pickOf = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)] as T;

/** items that went live before the readers started; then `deliver` hands them over */
const pending: Added[] = [];
let deliver: (a: Added) => void = (a) => void pending.push(a);
type Added = { portal: number; path: string };

async function run(plan: ReadersPlan): Promise<void> {
  const say = (x: unknown) => process.stdout.write(`${JSON.stringify(x)}\n`);
  const kinds = PAGE_KINDS.filter((k) => (plan.mix[k] ?? 0) > 0);
  const total = kinds.reduce((a, k) => a + plan.mix[k], 0);
  const kindOf = (): PageKind => {
    let r = Math.random() * total;
    for (const k of kinds) {
      r -= plan.mix[k];
      if (r < 0) return k;
    }
    return kinds[0] as PageKind;
  };
  // readers spread over the portals by weight, deterministically
  const weights = plan.portals.map((p) => p.weight);
  const sum = weights.reduce((a, b) => a + b, 0);
  const portalOfReader = Array.from({ length: plan.readers }, (_, i) => {
    let r = ((i + 0.5) / plan.readers) * sum;
    for (const [k, w] of weights.entries()) {
      r -= w;
      if (r < 0) return k;
    }
    return weights.length - 1;
  });
  const items = plan.portals.map((p) => [...p.items]);
  const fresh = plan.portals.map(() => [] as string[]);
  const take = (a: Added) => {
    items[a.portal]?.push(a.path);
    const f = fresh[a.portal];
    if (!f) return;
    f.push(a.path);
    if (f.length > plan.recent) f.shift();
  };
  for (const a of pending.splice(0)) take(a);
  deliver = take;

  const pathFor = (kind: PageKind, p: number): [PageKind, string] => {
    const portal = plan.portals[p] as ReadersPlan["portals"][number];
    switch (kind) {
      case "home":
        return [kind, "/"];
      case "category":
        return [kind, pickOf(portal.categories)];
      case "feed":
        return [kind, pickOf(portal.feeds)];
      case "sitemap":
        return [kind, "/sitemap.xml"];
      case "new item": {
        const f = fresh[p] ?? [];
        // nothing published on this portal yet in the run: an older item instead
        if (f.length) return [kind, pickOf(f)];
        return ["item", pickOf(items[p] ?? [])];
      }
      default:
        return ["item", pickOf(items[p] ?? [])];
    }
  };

  const latencies: Record<string, number[]> = Object.fromEntries(PAGE_KINDS.map((k) => [k, []]));
  const outcomes: Record<string, Record<string, number>> = Object.fromEntries(PAGE_KINDS.map((k) => [k, {}]));
  let recording = false;
  let stopping = false;
  let windowStart = 0;
  let windowEnd = Number.POSITIVE_INFINITY;
  const loop = monitorEventLoopDelay({ resolution: 10 });

  const reader = async (i: number) => {
    const p = portalOfReader[i] as number;
    const host = (plan.portals[p] as ReadersPlan["portals"][number]).host;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const etags = new Map<string, string>();
    // start spread over the first pause (or second), not all at once
    await new Promise((r) => setTimeout(r, Math.random() * Math.max(plan.thinkMs, 1000)));
    while (!stopping) {
      const [kind, path] = pathFor(kindOf(), p);
      const t0 = performance.now();
      const { outcome, etag } = await get(agent, plan.port, host, path, etags.get(path));
      const ms = performance.now() - t0;
      if (etag) {
        if (etags.size >= 500) etags.delete(etags.keys().next().value as string);
        etags.set(path, etag);
      }
      if (recording && t0 >= windowStart && t0 < windowEnd) {
        (latencies[kind] as number[]).push(ms);
        const o = outcomes[kind] as Record<string, number>;
        o[outcome] = (o[outcome] ?? 0) + 1;
      }
      if (plan.thinkMs > 0 && !stopping)
        await new Promise((r) => setTimeout(r, plan.thinkMs * (0.5 + Math.random())));
    }
    agent.destroy();
  };

  say({ event: "warm" });
  const readers = Array.from({ length: plan.readers }, (_, i) => reader(i));
  await new Promise((r) => setTimeout(r, plan.warmupSeconds * 1000));
  windowStart = performance.now();
  recording = true;
  loop.enable();
  say({ event: "start" });
  await new Promise((r) => setTimeout(r, plan.seconds * 1000));
  windowEnd = performance.now();
  loop.disable();
  say({ event: "ended" });
  stopping = true;
  await Promise.all(readers);
  const ms = (ns: number) => (Number.isFinite(ns) ? ns / 1e6 : 0);
  const result: ReadersResult = {
    event: "end",
    seconds: (windowEnd - windowStart) / 1000,
    latencies,
    outcomes,
    loopDelay: { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max) },
    readersPerPortal: plan.portals.map((_, k) => portalOfReader.filter((x) => x === k).length),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
}

// the plan on the first line, then the items that go live
let buffer = "";
let plan: ReadersPlan | undefined;
process.stdin.setEncoding("utf8");
process.stdin.on("data", (c: string) => {
  buffer += c;
  for (let nl = buffer.indexOf("\n"); nl >= 0; nl = buffer.indexOf("\n")) {
    const line = buffer.slice(0, nl).trim();
    buffer = buffer.slice(nl + 1);
    if (!line) continue;
    const msg = JSON.parse(line) as ReadersPlan | Added;
    if (!plan) {
      plan = msg as ReadersPlan;
      run(plan).catch((e: unknown) => {
        process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
        process.exit(1);
      });
    } else deliver(msg as Added);
  }
});
