// Prometheus metrics (served on the management port): process defaults, HTTP latency, and the
// outbox/consumer figures operators watch (R-OPS-247).
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<"method" | "route" | "status">;
  counter<L extends string>(name: string, help: string, labelNames?: L[]): Counter<L>;
  gauge<L extends string>(
    name: string,
    help: string,
    labelNames?: L[],
    /** called on every scrape; a promise is awaited (a figure read from the database) */
    collect?: (g: Gauge<L>) => void | Promise<void>,
  ): Gauge<L>;
}

export function createMetrics(service: string): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry, prefix: "cong_" });
  const existing = <T>(name: string) => registry.getSingleMetric(name) as T | undefined;
  return {
    registry,
    httpDuration: new Histogram({
      name: "cong_http_request_duration_seconds",
      help: "HTTP request duration by method, route and status",
      labelNames: ["method", "route", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    counter(name, help, labelNames = []) {
      return existing(name) ?? new Counter({ name, help, labelNames, registers: [registry] });
    },
    gauge(name, help, labelNames = [], collect) {
      return (
        existing(name) ??
        new Gauge({
          name,
          help,
          labelNames,
          registers: [registry],
          ...(collect
            ? {
                collect(this: Gauge) {
                  return collect(this as never);
                },
              }
            : {}),
        })
      );
    },
  };
}
