// W3C trace context across Kafka: an event carries the traceparent of the action that caused it
// (captured when it is staged in the outbox), and the consumer continues that trace, so one trace
// spans HTTP → outbox → Kafka → consumer even when the relay publishes in batches.
import type { CloudEvent } from "@cong/contracts";
import { context, propagation, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";

const tracer = () => trace.getTracer("@cong/kit");

/** traceparent/tracestate of the active span, if there is one. */
export function activeTraceContext(): { traceparent?: string; tracestate?: string } {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  const out: { traceparent?: string; tracestate?: string } = {};
  if (carrier.traceparent) out.traceparent = carrier.traceparent;
  if (carrier.tracestate) out.tracestate = carrier.tracestate;
  return out;
}

/** Runs `fn` in a CONSUMER span whose parent is the trace the event carries. */
export async function withEventSpan<T>(
  event: CloudEvent<unknown>,
  meta: { topic: string; partition: number; offset: string; group: string },
  fn: () => Promise<T>,
): Promise<T> {
  const carrier: Record<string, string> = {};
  if (event.traceparent) carrier.traceparent = event.traceparent;
  if (event.tracestate) carrier.tracestate = event.tracestate;
  const parent = propagation.extract(context.active(), carrier);
  return tracer().startActiveSpan(
    `process ${event.type}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        "messaging.system": "kafka",
        "messaging.operation.type": "process",
        "messaging.destination.name": meta.topic,
        "messaging.destination.partition.id": String(meta.partition),
        "messaging.kafka.offset": Number(meta.offset),
        "messaging.consumer.group.name": meta.group,
        "messaging.message.id": event.id,
        "cloudevents.event_type": event.type,
        "cloudevents.event_subject": event.subject,
      },
    },
    parent,
    async (span) => {
      try {
        return await fn();
      } catch (e) {
        span.recordException(e as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: e instanceof Error ? e.message : String(e) });
        throw e;
      } finally {
        span.end();
      }
    },
  );
}
