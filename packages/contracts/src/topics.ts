// Topic and consumer-group names are contracts: renaming one needs a migration plan (a new
// versioned topic, dual-publishing, consumers moved over, the old one retired). The chart's
// KafkaTopics are generated from this file (charts/cong/files/topics.json, checked by a test).

/** Topics, by the service that produces to them. Every event of an aggregate uses one topic. */
export const Topics = {
  /** content items' lifecycle and portal registry changes; producer: content */
  content: "cong.content.events.v1",
  /** citizens' feedback; producer: content */
  feedback: "cong.feedback.events.v1",
  /** media assets; producer: media */
  media: "cong.media.events.v1",
  /** portal memberships and account handovers; producer: identity */
  identity: "cong.identity.events.v1",
  /** retention expiries; producer: archive */
  archive: "cong.archive.events.v1",
  /**
   * identity's mail requests (invitations); producer and only consumer: identity, whose mailer
   * sends them over SMTP (ADR 0007; R-PII: the addresses and links stay with identity)
   */
  identityMail: "cong.identity.mail.v1",
  /**
   * content's mail requests (answers to citizens, daily digests, escalations); producer and only
   * consumer: content, whose mailer sends them over SMTP (ADR 0007; R-PII: the addresses stay with content)
   */
  contentMail: "cong.content.mail.v1",
  /**
   * archive's mail requests (a new incident to the technical focal unit, R-OPS-247); producer and
   * only consumer: archive, whose mailer sends them over SMTP (ADR 0007)
   */
  archiveMail: "cong.archive.mail.v1",
} as const;
export type TopicKey = keyof typeof Topics;
export type TopicName = (typeof Topics)[TopicKey];

/** Consumer groups, one per consuming service, and the topics each subscribes to. */
export const ConsumerGroups = {
  publishing: { name: "cong.publishing", topics: ["content", "media", "archive"] },
  archive: { name: "cong.archive", topics: ["content", "feedback"] },
  content: { name: "cong.content", topics: ["identity", "archive"] },
  media: { name: "cong.media", topics: ["content"] },
  /** identity's mailer: sends what identity staged on its mail topic (ADR 0007) */
  identityMailer: { name: "cong.identity.mailer", topics: ["identityMail"] },
  /** content's mailer: sends what content staged on its mail topic (ADR 0007) */
  contentMailer: { name: "cong.content.mailer", topics: ["contentMail"] },
  /** archive's mailer: sends what archive staged on its mail topic (ADR 0007) */
  archiveMailer: { name: "cong.archive.mailer", topics: ["archiveMail"] },
} as const satisfies Record<string, { name: string; topics: readonly TopicKey[] }>;
export type ConsumerGroupKey = keyof typeof ConsumerGroups;

/** Dead-letter topic of a consumer group: messages it could not process, with the reason. */
export function deadLetterTopic(groupName: string): string {
  return `${groupName}.dlt`;
}

/** Partitions of every event topic in production (locally the broker default applies). */
export const DEFAULT_PARTITIONS = 6;

/** Every topic the platform needs: event topics and one dead-letter topic per consumer group. */
export function allTopics(): { name: string; purpose: string }[] {
  return [
    ...Object.entries(Topics).map(([key, name]) => ({
      name,
      purpose: key.endsWith("Mail") ? `mail requests of ${key.slice(0, -4)}` : `events of ${key}`,
    })),
    ...Object.values(ConsumerGroups).map((g) => ({
      name: deadLetterTopic(g.name),
      purpose: `dead letters of ${g.name}`,
    })),
  ];
}
