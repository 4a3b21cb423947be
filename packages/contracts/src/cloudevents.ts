// CloudEvents 1.0 envelope and its Kafka binary binding
// (https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/bindings/kafka-protocol-binding.md):
// attributes travel as `ce_*` headers, the data as the JSON message value, the key is the id of
// the aggregate (so one item's events stay in one partition, in order). W3C trace context travels
// as the distributed-tracing extension (`traceparent`, `tracestate`) and as plain W3C headers.
import { randomUUID } from "node:crypto";

export const SPEC_VERSION = "1.0";
export const TYPE_PREFIX = "vn.gov.bacgiang.";

export interface CloudEvent<T = unknown> {
  specversion: "1.0";
  /** unique per event; consumers deduplicate by it */
  id: string;
  /** URI-reference of the producer, e.g. `/cong/content` */
  source: string;
  /** e.g. `vn.gov.bacgiang.content.published.v1` */
  type: string;
  /** id of the aggregate the event is about; also the Kafka key */
  subject: string;
  /** RFC 3339 */
  time: string;
  datacontenttype: "application/json";
  /** extension: the portal the event concerns, when there is one */
  portalid?: string;
  /** extension (distributed tracing): W3C traceparent of the action that caused the event */
  traceparent?: string;
  tracestate?: string;
  data: T;
}

export interface KafkaMessageLike {
  key: string | Buffer | null;
  value: string | Buffer | null;
  headers?: Record<string, string | Buffer | (string | Buffer)[] | undefined>;
}

export interface EnvelopeInit {
  source: string;
  subject: string;
  portalId?: string | undefined;
  id?: string;
  time?: Date;
  traceparent?: string | undefined;
  tracestate?: string | undefined;
}

export function envelope<T>(type: string, data: T, init: EnvelopeInit): CloudEvent<T> {
  const event: CloudEvent<T> = {
    specversion: SPEC_VERSION,
    id: init.id ?? randomUUID(),
    source: init.source,
    type,
    subject: init.subject,
    time: (init.time ?? new Date()).toISOString(),
    datacontenttype: "application/json",
    data,
  };
  if (init.portalId) event.portalid = init.portalId;
  if (init.traceparent) event.traceparent = init.traceparent;
  if (init.tracestate) event.tracestate = init.tracestate;
  return event;
}

const ATTRS = ["specversion", "id", "source", "type", "subject", "time", "portalid"] as const;

/** Kafka binary binding: `ce_*` headers, JSON value, key = subject. */
export function toKafkaMessage(event: CloudEvent): {
  key: string;
  value: string;
  headers: Record<string, string>;
} {
  const headers: Record<string, string> = { "content-type": event.datacontenttype };
  for (const a of ATTRS) {
    const v = event[a];
    if (v !== undefined) headers[`ce_${a}`] = v;
  }
  if (event.traceparent) {
    headers.ce_traceparent = event.traceparent;
    headers.traceparent = event.traceparent;
  }
  if (event.tracestate) {
    headers.ce_tracestate = event.tracestate;
    headers.tracestate = event.tracestate;
  }
  return { key: event.subject, value: JSON.stringify(event.data), headers };
}

export class EnvelopeError extends Error {
  override readonly name = "EnvelopeError";
}

function header(msg: KafkaMessageLike, name: string): string | undefined {
  const raw = msg.headers?.[name];
  const v = Array.isArray(raw) ? raw[0] : raw;
  if (v === undefined) return undefined;
  return Buffer.isBuffer(v) ? v.toString("utf8") : v;
}

/** Reads a CloudEvent from a Kafka message in binary mode; data stays unvalidated (`unknown`). */
export function fromKafkaMessage(msg: KafkaMessageLike): CloudEvent<unknown> {
  const specversion = header(msg, "ce_specversion");
  if (specversion !== SPEC_VERSION)
    throw new EnvelopeError(`not a CloudEvents 1.0 message (ce_specversion=${specversion})`);
  const get = (a: string) => {
    const v = header(msg, `ce_${a}`);
    if (!v) throw new EnvelopeError(`missing header ce_${a}`);
    return v;
  };
  const contentType = header(msg, "content-type");
  if (contentType && !contentType.startsWith("application/json"))
    throw new EnvelopeError(`unsupported content-type ${contentType}`);
  if (msg.value === null) throw new EnvelopeError("message has no value");
  let data: unknown;
  try {
    data = JSON.parse(Buffer.isBuffer(msg.value) ? msg.value.toString("utf8") : msg.value);
  } catch {
    throw new EnvelopeError("message value is not JSON");
  }
  const event: CloudEvent<unknown> = {
    specversion: SPEC_VERSION,
    id: get("id"),
    source: get("source"),
    type: get("type"),
    subject: get("subject"),
    time: get("time"),
    datacontenttype: "application/json",
    data,
  };
  const portalid = header(msg, "ce_portalid");
  if (portalid) event.portalid = portalid;
  const traceparent = header(msg, "ce_traceparent") ?? header(msg, "traceparent");
  if (traceparent) event.traceparent = traceparent;
  const tracestate = header(msg, "ce_tracestate") ?? header(msg, "tracestate");
  if (tracestate) event.tracestate = tracestate;
  return event;
}
