// Writes what other parts of the repository derive from the contracts:
//   docs/events/<type>.schema.json   JSON Schema of each event, for the docs
//   docs/events/README.md            the event catalogue
//   charts/cong/files/topics.json    the topics the chart declares as Strimzi KafkaTopics
// `contracts.test.ts` fails when a committed file is out of date.
import fs from "node:fs";
import path from "node:path";
import { generatedFiles } from "../src/generated";

const root = path.resolve(__dirname, "../../..");
for (const [rel, text] of Object.entries(generatedFiles())) {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  process.stdout.write(`wrote ${rel}\n`);
}
