// `pnpm --filter @cong/bench stale-topics`: removes test runs' topics older than two hours from
// the local Kafka (./cong test runs it before the tests). Prints what it removed.
import { createLogger } from "@cong/kit";
import { serverEnv } from "@cong/testing";
import { removeStaleTestTopics } from "./kafka-cleanup";

const hours = Number(process.env.STALE_TOPIC_HOURS ?? 2);
removeStaleTestTopics({
  brokers: serverEnv().KAFKA_BROKERS,
  olderThanMs: hours * 3_600_000,
  logger: createLogger({ service: "stale-topics", level: "silent" }),
})
  .then(({ removed, kept }) =>
    process.stdout.write(`test topics older than ${hours} h: ${removed} removed, ${kept} younger kept\n`),
  )
  .catch((e: unknown) => {
    process.stdout.write(`test topics not cleaned up: ${String(e)}\n`);
  });
