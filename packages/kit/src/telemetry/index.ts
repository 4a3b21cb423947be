// OpenTelemetry for a service: import this module FIRST (before express, mongoose, kafkajs), so
// auto-instrumentation can wrap them:   import "@cong/kit/telemetry/register";  — or call
// startTelemetry() from a file imported first.
// Export is chosen by the standard OTEL_* variables and is off unless OTEL_TRACES_EXPORTER is
// set; spans are still created, so trace ids flow through HTTP and Kafka and appear in logs.
import { ExpressInstrumentation } from "@opentelemetry/instrumentation-express";
import { HttpInstrumentation } from "@opentelemetry/instrumentation-http";
import { MongoDBInstrumentation } from "@opentelemetry/instrumentation-mongodb";
import { MongooseInstrumentation } from "@opentelemetry/instrumentation-mongoose";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { NodeSDK } from "@opentelemetry/sdk-node";
import type { SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { ATTR_SERVICE_NAME } from "@opentelemetry/semantic-conventions";

let sdk: NodeSDK | undefined;

export interface TelemetryOptions {
  serviceName: string;
  /** extra span processors (tests use an in-memory exporter) */
  spanProcessors?: SpanProcessor[];
}

export function startTelemetry(opts: TelemetryOptions): NodeSDK | undefined {
  if (sdk) return sdk;
  if (process.env.OTEL_SDK_DISABLED === "true") return undefined;
  // metrics are Prometheus (prom-client) on the management port; logs are pino on stdout
  process.env.OTEL_METRICS_EXPORTER ??= "none";
  process.env.OTEL_LOGS_EXPORTER ??= "none";
  const exporting = !!process.env.OTEL_TRACES_EXPORTER && process.env.OTEL_TRACES_EXPORTER !== "none";
  sdk = new NodeSDK({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: process.env.OTEL_SERVICE_NAME ?? `cong-${opts.serviceName}`,
    }),
    // without an exporter configured, spans are made (for propagation) but go nowhere
    ...(exporting ? {} : { spanProcessors: opts.spanProcessors ?? [] }),
    instrumentations: [
      new HttpInstrumentation({
        // the management server's probes and scrapes are not traced
        ignoreIncomingRequestHook: (req) => /^\/(live|ready|metrics)(\?|$)/.test(req.url ?? ""),
      }),
      new ExpressInstrumentation(),
      // statements are not recorded: they can hold personal data (R-PII)
      new MongoDBInstrumentation({ enhancedDatabaseReporting: false }),
      new MongooseInstrumentation({ suppressInternalInstrumentation: true }),
    ],
  });
  sdk.start();
  return sdk;
}

export async function stopTelemetry(): Promise<void> {
  await sdk?.shutdown();
  sdk = undefined;
}
