// publishing: the public portals. Config → kit (Mongo, Kafka consumer) → read model → routes → serve.
import { startPublishing } from "./app";
import { loadPublishingConfig } from "./config";

async function main() {
  const config = loadPublishingConfig();
  await startPublishing(config);
}

main().catch((e) => {
  process.stderr.write(`${e?.stack ?? e}\n`);
  process.exit(1);
});
