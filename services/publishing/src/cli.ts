// Commands: `node dist/cli.js rebuild` — replay every event into a fresh read model.
import { loadPublishingConfig } from "./config";
import { rebuild } from "./rebuild";

async function main() {
  const [command] = process.argv.slice(2);
  const config = loadPublishingConfig({ PORT: "3000", MANAGEMENT_PORT: "9300", ...process.env });
  switch (command) {
    case "rebuild": {
      const r = await rebuild(config);
      process.stdout.write(
        `rebuilt: ${r.messages} messages replayed, ${r.portals} portals, ${r.items} items\n`,
      );
      break;
    }
    default:
      process.stderr.write("usage: node dist/cli.js rebuild\n");
      process.exit(2);
  }
}

main().catch((e) => {
  process.stderr.write(`${e?.stack ?? e}\n`);
  process.exit(1);
});
