// content: portals registry, categories, items and the editorial workflow, submissions,
// royalties; feedback, comments and ad slots through the extras module.
import { loadContentConfig } from "./config";
import { createContentService } from "./content";

async function main() {
  const config = loadContentConfig();
  const content = await createContentService(config);
  await content.serve("0.0.0.0");
}

main().catch((e) => {
  process.stderr.write(`${e?.stack ?? e}\n`);
  process.exit(1);
});
