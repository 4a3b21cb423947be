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

/** The time a test topic's prefix was made (uniqueName: `t-<name>-<base36 ms>-<6 hex>.`), if it is one. */
export function testTopicTime(topic: string): number | undefined {
  const m = /^t-[a-z0-9-]*?-([0-9a-z]{8,9})-[0-9a-f]{6}[.-]/.exec(topic);
  if (!m?.[1]) return undefined;
  const ms = Number.parseInt(m[1], 36);
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * Removes test runs' topics older than `olderThanMs` (their names carry the time they were made).
 * Tests leave their topics on the shared local Kafka; a day of runs left 14,000 partitions, and a
 * broker with that many takes minutes to start. Topics of a run still going are younger and stay.
 */
export async function removeStaleTestTopics(opts: {
  brokers: string;
  olderThanMs: number;
  logger: Logger;
  now?: number;
}): Promise<{ removed: number; kept: number }> {
  const admin = createKafka({
    brokers: opts.brokers.split(","),
    clientId: "cong-stale-topics",
    logger: opts.logger,
  }).admin();
  const cutoff = (opts.now ?? Date.now()) - opts.olderThanMs;
  try {
    await admin.connect();
    const tests = (await admin.listTopics()).filter((t) => testTopicTime(t) !== undefined);
    const stale = tests.filter((t) => (testTopicTime(t) as number) < cutoff);
    for (let i = 0; i < stale.length; i += 200) await admin.deleteTopics({ topics: stale.slice(i, i + 200) });
    const groups = (await admin.listGroups()).groups
      .map((g) => g.groupId)
      .filter((g) => (testTopicTime(`${g}.`) ?? Number.POSITIVE_INFINITY) < cutoff);
    if (groups.length) await admin.deleteGroups(groups).catch(() => undefined);
    return { removed: stale.length, kept: tests.length - stale.length };
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
