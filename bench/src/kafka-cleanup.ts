// Removes a bench run's Kafka topics and consumer groups (everything under its prefix).
import { createKafka, type Logger } from "@cong/kit";

export async function removeTopics(opts: {
  brokers: string;
  prefix: string;
  clientId: string;
  logger: Logger;
  note: (s: string) => void;
}): Promise<void> {
  const admin = createKafka({
    brokers: opts.brokers.split(","),
    clientId: opts.clientId,
    logger: opts.logger,
  }).admin();
  try {
    await admin.connect();
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(opts.prefix));
    if (topics.length) await admin.deleteTopics({ topics });
    const groups = (await admin.listGroups()).groups
      .map((g) => g.groupId)
      .filter((g) => g.startsWith(opts.prefix));
    if (groups.length) await admin.deleteGroups(groups).catch(() => undefined);
  } catch (e) {
    opts.note(`topics of ${opts.prefix} not removed: ${String(e)}`);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
