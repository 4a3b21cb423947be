// admin: the agencies' web UI (a backend-for-frontend: tokens stay on the server).
import { buildAdmin } from "./app";
import { loadAdminConfig } from "./config";

async function main() {
  const config = loadAdminConfig();
  const admin = await buildAdmin(config);
  await admin.serve("0.0.0.0");
}

main().catch((e) => {
  process.stderr.write(`${e?.stack ?? e}\n`);
  process.exit(1);
});
