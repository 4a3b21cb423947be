// Preloaded into publishing by `pnpm public-load` (node --require; publishing's code is not
// touched): times every request its HTTP server answers, from the request's headers parsed to the
// response handed to the kernel (node's http server channels), by page kind and status, and
// measures its event-loop delay and its garbage-collection pauses. The bench's own checks of
// whether an item is live (header x-bench: live-check) are counted apart.
// On SIGUSR2 it writes what it gathered since the last signal to BENCH_TRACE_FILE (JSON) and
// starts again. Cost: a WeakMap entry and two clock reads per request.
const dc = require("node:diagnostics_channel");
const fs = require("node:fs");
const { monitorEventLoopDelay, PerformanceObserver } = require("node:perf_hooks");

const file = process.env.BENCH_TRACE_FILE;
let pages = {};
let gc = { count: 0, ms: 0 };
const started = new WeakMap();
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    gc.count++;
    gc.ms += e.duration;
  }
}).observe({ entryTypes: ["gc"] });

function kindOf(request) {
  if (request.headers["x-bench"] === "live-check") return "live check";
  const p = (request.url ?? "").split("?")[0];
  if (p === "/" || p === "/en" || p === "/en/") return "home";
  if (p.endsWith("/rss.xml") || p.endsWith("/atom.xml")) return "feed";
  if (p.endsWith("/sitemap.xml")) return "sitemap";
  if (/^(\/en)?\/chuyen-muc\//.test(p)) return "category";
  if (/^(\/en)?\/tin\//.test(p)) return "item";
  return "other";
}

dc.subscribe("http.server.request.start", ({ response }) => started.set(response, performance.now()));
dc.subscribe("http.server.response.finish", ({ request, response }) => {
  const t0 = started.get(response);
  if (t0 === undefined) return;
  started.delete(response);
  const key = `${kindOf(request)} ${response.statusCode}`;
  const list = pages[key] ?? [];
  list.push(performance.now() - t0);
  pages[key] = list;
});

process.on("SIGUSR2", () => {
  const ms = (ns) => (Number.isFinite(ns) ? ns / 1e6 : 0);
  const loopDelay = { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max) };
  if (file) fs.writeFileSync(file, JSON.stringify({ pages, loopDelay, gc }));
  pages = {};
  gc = { count: 0, ms: 0 };
  loop.reset();
});
