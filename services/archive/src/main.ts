// archive: statutory retention (R-RETAIN), the tamper-evident archive of published revisions,
// legal holds and staff search; backup/restore and reports are in cli.ts (README.md).
import { createArchive } from "./app";
import { loadArchiveConfig } from "./config";

async function main() {
  const config = loadArchiveConfig();
  const { svc, app } = await createArchive(config);
  await svc.serve(app);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
