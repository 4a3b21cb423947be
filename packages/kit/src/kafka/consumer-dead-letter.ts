// Dead letters of the idempotent consumer (see consumer.ts): the message as it came, its headers
// kept, with why and where it failed in `x-dlt-*` headers, sent to the group's dead-letter topic.
import type { KafkaMessage, Producer } from "kafkajs";

export interface DeadLetter {
  /** the message that could not be applied */
  message: KafkaMessage;
  topic: string;
  partition: number;
  /** invalid_envelope, contract_violation or handler_failed */
  reason: string;
  error: string;
  group: string;
}

/** The dead letter's headers: the message's own (first value of each), then the `x-dlt-*` ones. */
export function deadLetterHeaders(d: DeadLetter): Record<string, string | Buffer> {
  const headers: Record<string, string | Buffer> = {};
  for (const [k, v] of Object.entries(d.message.headers ?? {})) {
    const first = Array.isArray(v) ? v[0] : v;
    if (first !== undefined) headers[k] = first;
  }
  return Object.assign(headers, {
    "x-dlt-reason": d.reason,
    "x-dlt-error": d.error.slice(0, 1000),
    "x-dlt-source-topic": d.topic,
    "x-dlt-source-partition": String(d.partition),
    "x-dlt-source-offset": d.message.offset,
    "x-dlt-consumer-group": d.group,
    "x-dlt-at": new Date().toISOString(),
  });
}

/** Sends the dead letter (all replicas acknowledge it) to `deadLetterTopic`. */
export async function sendDeadLetter(producer: Producer, deadLetterTopic: string, d: DeadLetter) {
  await producer.send({
    topic: deadLetterTopic,
    acks: -1,
    messages: [{ key: d.message.key, value: d.message.value, headers: deadLetterHeaders(d) }],
  });
}
