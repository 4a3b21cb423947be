import { Events, eventJsonSchemas } from "./registry";
import { allTopics, ConsumerGroups, DEFAULT_PARTITIONS, deadLetterTopic, Topics } from "./topics";

/** Files derived from the contracts, by repository-relative path. */
export function generatedFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  const schemas = eventJsonSchemas();
  for (const [type, schema] of Object.entries(schemas)) {
    files[`docs/events/${type}.schema.json`] = `${JSON.stringify(schema, null, 2)}\n`;
  }
  const rows = Object.values(Events).map(
    (d) => `| \`${d.type}\` | \`${d.topic}\` | ${d.description} | [schema](${d.type}.schema.json) |`,
  );
  const groups = Object.values(ConsumerGroups).map(
    (g) =>
      `| \`${g.name}\` | ${g.topics.map((t) => `\`${Topics[t]}\``).join(", ")} | \`${deadLetterTopic(g.name)}\` |`,
  );
  files["docs/events/README.md"] = [
    "# Events",
    "",
    "Generated from `packages/contracts` by `pnpm --filter @cong/contracts gen`; do not edit by hand.",
    "Envelope: CloudEvents 1.0, Kafka binary binding (`ce_*` headers, JSON value, key = `subject`).",
    "",
    "| type | topic | meaning | data |",
    "|---|---|---|---|",
    ...rows,
    "",
    "## Consumer groups",
    "",
    "| group | consumes | dead letters |",
    "|---|---|---|",
    ...groups,
    "",
  ].join("\n");
  files["charts/cong/files/topics.json"] = `${JSON.stringify(
    { partitions: DEFAULT_PARTITIONS, topics: allTopics() },
    null,
    2,
  )}\n`;
  return files;
}
