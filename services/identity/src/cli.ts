// identity's command line (run from dist/ with the service's environment):
//   node dist/cli.js apply-realm [--check] [--demo-users] [--local] [--realm <name>] [--portals-file <f>]
//   node dist/cli.js seed-demo          (= apply-realm --demo-users: demo users of every role)
// apply-realm prints the plan (created/updated/unchanged per object); --check writes nothing and
// exits 2 when the running realm drifted from the code. --demo-users (local/test only) adds the
// `cong-cli` password-grant client and the demo users; --local adds only the client.
import { parseArgs } from "node:util";
import { keycloakConfig, loadConfig } from "@cong/kit";
import { z } from "zod";
import { adminConfig, adminCredentials } from "./config";
import { createKeycloakAdmin } from "./keycloak/admin";
import { buildRealmSpec, LOCAL_ADMIN_REDIRECT_URIS } from "./realm/definition";
import { demoPortalsFile, readPortals } from "./realm/portals";
import { applyRealm, formatPlan, hasDrift } from "./realm/realm.applier";

const cliConfig = {
  KEYCLOAK_URL: keycloakConfig.KEYCLOAK_URL,
  KEYCLOAK_REALM: keycloakConfig.KEYCLOAK_REALM,
  ...adminConfig,
  PORTALS_FILE: z
    .string()
    .optional()
    .describe("JSON file {portals:[{id,name,agency}]} whose groups the realm lists"),
  ADMIN_REDIRECT_URIS: z
    .string()
    .optional()
    .describe("comma-separated redirect URIs of cong-admin (production: https://<admin host>/*)"),
  ADMIN_CLIENT_SECRET: z
    .string()
    .min(32)
    .optional()
    .describe("secret of the cong-admin confidential client (the same Secret the admin UI reads)"),
  ADMIN_BACKCHANNEL_LOGOUT_URL: z
    .url()
    .optional()
    .describe("in-cluster URL of the admin UI's /auth/backchannel-logout, called by Keycloak"),
};

const USAGE =
  "usage: cli.js apply-realm [--check] [--demo-users] [--local] [--realm <name>] [--portals-file <file>] | seed-demo";

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      check: { type: "boolean", default: false },
      "demo-users": { type: "boolean", default: false },
      local: { type: "boolean", default: false },
      realm: { type: "string" },
      "portals-file": { type: "string" },
      quiet: { type: "boolean", default: false },
    },
  });
  const command = positionals[0];
  if (command !== "apply-realm" && command !== "seed-demo") {
    process.stderr.write(`${USAGE}\n`);
    return 64;
  }
  const config = loadConfig(cliConfig);
  const realm = values.realm ?? config.KEYCLOAK_REALM;
  const portalsFile = values["portals-file"] ?? config.PORTALS_FILE ?? demoPortalsFile();
  const portals = portalsFile ? readPortals(portalsFile) : [];
  const demoUsers = command === "seed-demo" || values["demo-users"];
  const spec = buildRealmSpec({
    realm,
    portals,
    demo: demoUsers || values.local,
    demoUsers,
    adminRedirectUris: config.ADMIN_REDIRECT_URIS
      ? config.ADMIN_REDIRECT_URIS.split(",")
          .map((s) => s.trim())
          .filter(Boolean)
      : LOCAL_ADMIN_REDIRECT_URIS,
    ...(config.ADMIN_CLIENT_SECRET ? { adminClientSecret: config.ADMIN_CLIENT_SECRET } : {}),
    ...(config.ADMIN_BACKCHANNEL_LOGOUT_URL
      ? { adminBackchannelLogoutUrl: config.ADMIN_BACKCHANNEL_LOGOUT_URL }
      : {}),
  });
  const kc = createKeycloakAdmin(adminCredentials({ ...config, KEYCLOAK_REALM: realm }));
  const plan = await applyRealm(kc, spec, { dryRun: values.check });
  process.stdout.write(`${values.check ? "check" : "apply"} realm ${realm} (${portals.length} portals)\n`);
  process.stdout.write(`${formatPlan(plan, values.quiet)}\n`);
  if (values.check && hasDrift(plan)) {
    process.stderr.write(`realm ${realm} differs from the code: run apply-realm\n`);
    return 2;
  }
  return 0;
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((e) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
