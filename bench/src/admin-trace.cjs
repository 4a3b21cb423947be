// Preloaded into the admin under test by `pnpm admin` (node --require; the admin's code is not
// touched): times every API call the admin makes through fetch (undici's diagnostics channels),
// its own database calls (sessions: the driver's Collection methods, wrapped), every page its
// HTTP server answers (node's http server channels) and its event-loop delay.
// On SIGUSR2 it writes what it gathered since the last signal to BENCH_TRACE_FILE (JSON) and
// starts again. Cost: a Map entry and two clock reads per call.
const dc = require("node:diagnostics_channel");
const fs = require("node:fs");
const { monitorEventLoopDelay } = require("node:perf_hooks");

const file = process.env.BENCH_TRACE_FILE;
/** origin → service name, e.g. {"http://127.0.0.1:3001": "content"} */
const names = JSON.parse(process.env.BENCH_TRACE_NAMES || "{}");
// query parameters that say which list a call is (the rest — limit, view, cursor — do not)
const KEEP = new Set(["owner", "state", "sort", "kind"]);

let calls = {};
let pages = {};
const started = new WeakMap();
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();

function shape(path) {
  const [p, q = ""] = path.split("?");
  const kept = [...new URLSearchParams(q)].filter(([k]) => KEEP.has(k)).map(([k, v]) => `${k}=${v}`);
  const generic = p
    .replace(/\/items\/[A-Za-z0-9_-]{8,64}/, "/items/:id")
    .replace(/\/assets\/[A-Za-z0-9_-]{8,64}/, "/assets/:id");
  return kept.length ? `${generic}?${kept.join("&")}` : generic;
}

function push(bag, key, ms) {
  const list = bag[key] ?? [];
  list.push(ms);
  bag[key] = list;
}

dc.subscribe("undici:request:create", ({ request }) => started.set(request, performance.now()));
const callDone =
  (suffix) =>
  ({ request }) => {
    const t0 = started.get(request);
    if (t0 === undefined) return;
    started.delete(request);
    const who = names[request.origin] ?? request.origin;
    push(calls, `${who} ${request.method} ${shape(request.path)}${suffix}`, performance.now() - t0);
  };
dc.subscribe("undici:request:trailers", callDone(""));
dc.subscribe("undici:request:error", callDone(" (error)"));

dc.subscribe("http.server.request.start", ({ response }) => started.set(response, performance.now()));
dc.subscribe("http.server.response.finish", ({ request, response }) => {
  const t0 = started.get(response);
  if (t0 === undefined) return;
  started.delete(response);
  push(pages, `${request.method} ${shape(request.url ?? "")} ${response.statusCode}`, performance.now() - t0);
});

// the admin's own database calls (sessions, pending forms): the driver the admin resolves, its
// Collection methods timed by collection and method
try {
  const { Collection } = require(require.resolve("mongodb", { paths: [process.cwd()] }));
  for (const method of ["findOne", "updateOne", "insertOne", "deleteOne", "findOneAndDelete", "deleteMany"]) {
    const original = Collection.prototype[method];
    if (typeof original !== "function") continue;
    Collection.prototype[method] = function timed(...args) {
      const t0 = performance.now();
      const p = original.apply(this, args);
      if (p && typeof p.then === "function") {
        const key = `mongo ${this.collectionName}.${method}`;
        p.then(
          () => push(calls, key, performance.now() - t0),
          () => push(calls, `${key} (error)`, performance.now() - t0),
        );
      }
      return p;
    };
  }
} catch {
  /* no driver here: the database calls go untimed */
}

process.on("SIGUSR2", () => {
  const ms = (ns) => (Number.isFinite(ns) ? ns / 1e6 : 0);
  const loopDelay = { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max) };
  if (file) fs.writeFileSync(file, JSON.stringify({ calls, pages, loopDelay }));
  calls = {};
  pages = {};
  loop.reset();
});
