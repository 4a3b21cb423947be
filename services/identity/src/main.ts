// identity: the Keycloak realm as code, portal memberships, focal-officer appointments,
// invitations, account handover and the admin audit log (README.md).
import { createIdentity } from "./app";
import { loadIdentityConfig } from "./config";

async function main() {
  const config = loadIdentityConfig();
  const { svc, app } = await createIdentity(config);
  await svc.serve(app);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
