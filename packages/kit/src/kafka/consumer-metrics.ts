// The idempotent consumer's metrics (see consumer.ts): events by outcome, the age of the last
// event applied, and the group's lag in messages.
import type { Consumer } from "kafkajs";
import type { Metrics } from "../metrics";

export function consumerMetrics(metrics: Metrics | undefined, groupId: string, consumer: Consumer) {
  const outcomes = metrics?.counter("cong_consumer_events_total", "events by outcome", ["group", "outcome"]);
  const lagSeconds = metrics?.gauge(
    "cong_consumer_event_age_seconds",
    "age of the last event applied, from its time to now",
    ["group"],
  );
  // Consumer lag (issue 20): the broker's high watermark minus this group's position, from the
  // batches kafkajs fetches — at a batch's start everything from its first message on waits, at
  // its end what came after it. No admin request per scrape (a scrape during an outage must not
  // hang); while the broker is away the figure stays where the last batch left it, and the
  // outbox's age and the consumer's event age tell the rest.
  if (metrics) {
    /** messages not yet consumed per `topic/partition`, as of the last batch fetched */
    const lagByPartition = new Map<string, { topic: string; lag: number }>();
    metrics.gauge(
      "cong_consumer_lag_messages",
      "messages of the topic not yet consumed by the group, as of the last batch fetched",
      ["group", "topic"],
      (g) => {
        g.reset();
        const byTopic = new Map<string, number>();
        for (const { topic, lag } of lagByPartition.values())
          byTopic.set(topic, (byTopic.get(topic) ?? 0) + lag);
        for (const [topic, lag] of byTopic) g.set({ group: groupId, topic }, lag);
      },
    );
    const track = (
      e: { payload: { topic: string; partition: number; offsetLag: string; offsetLagLow: string } },
      waiting: number,
    ) =>
      lagByPartition.set(`${e.payload.topic}/${e.payload.partition}`, {
        topic: e.payload.topic,
        lag: Number.isFinite(waiting) ? Math.max(0, waiting) : 0,
      });
    const events = consumer.events;
    consumer.on(events.START_BATCH_PROCESS, (e) =>
      track(e, Number(e.payload.offsetLagLow) + (e.payload.batchSize > 0 ? 1 : 0)),
    );
    consumer.on(events.END_BATCH_PROCESS, (e) => track(e, Number(e.payload.offsetLag)));
  }
  return { outcomes, lagSeconds };
}
