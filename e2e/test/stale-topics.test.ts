// Test runs leave their Kafka topics behind on the shared local broker; `./cong test` removes
// those older than two hours first (bench/src/kafka-cleanup.ts) and keeps a running test's.
import { createKafka, createLogger } from "@cong/kit";
import { serverEnv } from "@cong/testing";
import { removeStaleTestTopics, testTopicTime } from "../../bench/src/kafka-cleanup";

const env = serverEnv();
const logger = createLogger({ service: "e2e-stale-topics", level: "silent" });

it("reads the time out of a test topic's name, and nothing out of other topics", () => {
  const at = Date.UTC(2026, 11, 2, 9, 0, 0);
  expect(testTopicTime(`t-e2e-mongo-down-${at.toString(36)}-af0fc9.cong.content`)).toBe(at);
  expect(testTopicTime("cong.content")).toBeUndefined();
  expect(testTopicTime("t-no-time-here.cong.content")).toBeUndefined();
});

it("removes a test topic older than the limit and keeps a young one", async () => {
  const admin = createKafka({ brokers: env.KAFKA_BROKERS.split(","), clientId: "e2e-stale", logger }).admin();
  await admin.connect();
  const hex = () =>
    Math.floor(Math.random() * 0xffffff)
      .toString(16)
      .padStart(6, "0");
  const old = `t-stale-check-${(Date.now() - 3 * 3_600_000).toString(36)}-${hex()}.cong.content`;
  const young = `t-stale-check-${Date.now().toString(36)}-${hex()}.cong.content`;
  try {
    await admin.createTopics({ topics: [{ topic: old }, { topic: young }], waitForLeaders: true });
    const r = await removeStaleTestTopics({ brokers: env.KAFKA_BROKERS, olderThanMs: 2 * 3_600_000, logger });
    expect(r.removed).toBeGreaterThanOrEqual(1);
    const topics = await admin.listTopics();
    expect(topics).not.toContain(old);
    expect(topics).toContain(young);
  } finally {
    await admin.deleteTopics({ topics: [young] }).catch(() => undefined);
    await admin.disconnect();
  }
});
