// The management server (its own port, never behind a public Ingress): `/live` for liveness,
// `/ready` for readiness with the dependencies this service uses (Mongo, Kafka, S3), and
// `/metrics` for Prometheus.
import http from "node:http";
import type { Logger } from "pino";
import type { Lifecycle } from "./lifecycle";
import type { Metrics } from "./metrics";

export type Check = () => Promise<unknown>;
/** A dependency check; a non-critical one is reported but does not make the service unready. */
export type CheckEntry = Check | { fn: Check; critical: boolean };

function unpack(c: CheckEntry): { fn: Check; critical: boolean } {
  return typeof c === "function" ? { fn: c, critical: true } : c;
}

export interface ManagementOptions {
  port: number;
  host?: string;
  metrics: Metrics;
  lifecycle: Lifecycle;
  logger: Logger;
  checks: Map<string, CheckEntry> | Record<string, CheckEntry>;
  checkTimeoutMs?: number;
}

async function runCheck(fn: Check, timeoutMs: number): Promise<{ ok: boolean; ms: number; error?: string }> {
  const t0 = Date.now();
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`timeout after ${timeoutMs} ms`)), timeoutMs).unref(),
      ),
    ]);
    return { ok: true, ms: Date.now() - t0 };
  } catch (e) {
    return { ok: false, ms: Date.now() - t0, error: e instanceof Error ? e.message : String(e) };
  }
}

type CheckResult = { ok: boolean; ms: number; critical: boolean; error?: string };

export async function readiness(
  checks: Map<string, CheckEntry> | Record<string, CheckEntry>,
  lifecycle: Lifecycle,
  timeoutMs = 2000,
): Promise<{ status: "ready" | "not-ready" | "shutting-down"; checks: Record<string, CheckResult> }> {
  const entries = checks instanceof Map ? [...checks.entries()] : Object.entries(checks);
  const results = await Promise.all(
    entries.map(async ([name, entry]) => {
      const { fn, critical } = unpack(entry);
      return [name, { ...(await runCheck(fn, timeoutMs)), critical }] as const;
    }),
  );
  const out = Object.fromEntries(results);
  if (lifecycle.shuttingDown) return { status: "shutting-down", checks: out };
  return { status: results.every(([, r]) => r.ok || !r.critical) ? "ready" : "not-ready", checks: out };
}

export function startManagementServer(opts: ManagementOptions): Promise<http.Server> {
  const server = http.createServer(async (req, res) => {
    const url = (req.url ?? "/").split("?")[0];
    try {
      if (url === "/live") {
        res.writeHead(200, { "content-type": "application/json" }).end('{"status":"alive"}');
      } else if (url === "/ready") {
        const r = await readiness(opts.checks, opts.lifecycle, opts.checkTimeoutMs);
        res
          .writeHead(r.status === "ready" ? 200 : 503, { "content-type": "application/json" })
          .end(JSON.stringify(r));
      } else if (url === "/metrics") {
        const body = await opts.metrics.registry.metrics();
        res.writeHead(200, { "content-type": opts.metrics.registry.contentType }).end(body);
      } else {
        res
          .writeHead(404, { "content-type": "application/problem+json" })
          .end(JSON.stringify({ type: "about:blank", title: "Not found", status: 404, code: "not_found" }));
      }
    } catch (e) {
      opts.logger.error({ err: e }, "management endpoint failed");
      if (!res.headersSent) res.writeHead(500).end();
    }
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host ?? "0.0.0.0", () => resolve(server));
  });
}
