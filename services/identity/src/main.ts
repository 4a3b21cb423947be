// identity: the Keycloak realm as code, portal memberships, focal-officer appointments,
// invitations, account handover and the admin audit log (README.md).
import { createIdentity } from "./app";
import { loadIdentityConfig } from "./config";

async function main() {
  const config = loadIdentityConfig();
  const { svc, app, announceBoard } = await createIdentity(config);
  await svc.serve(app);
  // board memberships made outside the grant path (demo seed, realm file, grants before the
  // events carried the e-mail) reach content's roster once each (issue 18); Keycloak may still
  // be starting: tried again every five minutes until one run completes
  const announce = () =>
    announceBoard().catch((e: unknown) => {
      svc.logger.warn({ err: e }, "announcing board memberships failed; trying again in 5 minutes");
      setTimeout(announce, 300_000).unref();
    });
  void announce();
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
