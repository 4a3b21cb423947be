// Graceful shutdown on SIGTERM/SIGINT, in phases: stop accepting (readiness turns 503, servers
// close and finish in-flight requests), drain (consumers commit offsets, the outbox flushes),
// close (producers, databases, the management server). Bounded by a timeout.
import type { Server } from "node:http";
import type { Logger } from "pino";

export type Phase = "stop-accepting" | "drain" | "close";
const PHASES: Phase[] = ["stop-accepting", "drain", "close"];

export class Lifecycle {
  private readonly hooks: { name: string; phase: Phase; fn: () => Promise<void> | void }[] = [];
  private stopping: Promise<void> | undefined;
  shuttingDown = false;

  constructor(
    private readonly logger: Logger,
    private readonly timeoutMs = 25_000,
  ) {}

  onShutdown(name: string, phase: Phase, fn: () => Promise<void> | void): void {
    this.hooks.push({ name, phase, fn });
  }

  /** Registers SIGTERM/SIGINT; the process exits when shutdown completes. */
  installSignalHandlers(exit: (code: number) => void = (c) => process.exit(c)): void {
    const onSignal = (signal: NodeJS.Signals) => {
      this.logger.info({ signal }, "shutting down");
      void this.shutdown(signal).then(
        () => exit(0),
        () => exit(1),
      );
    };
    process.once("SIGTERM", onSignal);
    process.once("SIGINT", onSignal);
  }

  shutdown(reason = "requested"): Promise<void> {
    this.stopping ??= this.run(reason);
    return this.stopping;
  }

  private async run(reason: string): Promise<void> {
    this.shuttingDown = true;
    const started = Date.now();
    const deadline = started + this.timeoutMs;
    let failed = false;
    for (const phase of PHASES) {
      const hooks = this.hooks.filter((h) => h.phase === phase);
      const left = Math.max(0, deadline - Date.now());
      const results = await Promise.race([
        Promise.allSettled(
          hooks.map(async (h) => {
            const t0 = Date.now();
            await h.fn();
            this.logger.info({ phase, step: h.name, ms: Date.now() - t0 }, "shutdown step done");
          }),
        ),
        new Promise<"timeout">((r) => setTimeout(() => r("timeout"), left).unref()),
      ]);
      if (results === "timeout") {
        this.logger.error({ phase }, "shutdown timed out");
        failed = true;
        break;
      }
      results.forEach((r, i) => {
        if (r.status === "rejected") {
          failed = true;
          this.logger.error({ err: r.reason, hook: hooks[i]?.name, phase }, "shutdown step failed");
        }
      });
    }
    this.logger.info({ reason, ms: Date.now() - started }, "shutdown complete");
    if (failed) throw new Error("shutdown incomplete");
  }
}

/** Stops accepting connections and waits for in-flight requests (idle keep-alives are closed). */
export function closeServer(server: Server, graceMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!server.listening) return resolve();
    const timer = setTimeout(() => server.closeAllConnections(), graceMs);
    timer.unref();
    // keep-alive connections become idle when their last response is sent: close them then
    const idle = setInterval(() => server.closeIdleConnections(), 50);
    server.close((err) => {
      clearTimeout(timer);
      clearInterval(idle);
      if (err) reject(err);
      else resolve();
    });
    server.closeIdleConnections();
  });
}
