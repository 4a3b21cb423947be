// The Keycloak realm `bacgiang` for the local start-up import (`kc.sh start-dev --import-realm`).
// The realm's ONE definition is TypeScript in services/identity/src/realm/ (R-ORG, R-ACCOUNT,
// R-REMOTE); this file renders it as a realm file, so the start-up import and the identity
// service's Admin-API applier (`node services/identity/dist/cli.js apply-realm`) agree.
// It loads the sources through tsx (no build needed), or identity's dist/ where tsx is absent.
// Demo users exist only where `withDemoUsers` is set (never in production values).
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const identityDir = path.join(here, "../../services/identity");
const identityRequire = createRequire(path.join(identityDir, "package.json"));

function loadDefinition() {
  try {
    const { require: tsxRequire } = identityRequire("tsx/cjs/api");
    return tsxRequire("./src/realm/realm-file.ts", path.join(identityDir, "package.json"));
  } catch (e) {
    const dist = path.join(identityDir, "dist/realm/realm-file.js");
    if (fs.existsSync(dist)) return identityRequire(dist);
    throw new Error(`cannot load the realm definition from services/identity (install or build it): ${e}`);
  }
}

const def = loadDefinition();

/** Portal-scoped roles; a membership is the group /portals/<portalId>/<role>. */
export const PORTAL_ROLES = [...def.PORTAL_ROLES];
/** Realm roles (name → description). */
export const REALM_ROLES = Object.fromEntries(
  def
    .buildRealmSpec({ portals: [] })
    .roles.filter((r) => def.REALM_ROLE_NAMES.includes(r.name))
    .map((r) => [r.name, r.description]),
);
/** The token claim where the group paths of portal memberships appear. */
export const PORTAL_GROUPS_CLAIM = def.PORTAL_GROUPS_CLAIM;
/** Audience every API checks. */
export const API_AUDIENCE = def.API_AUDIENCE;
/** Password of every demo user (local and test only). */
export const DEMO_PASSWORD = def.DEMO_PASSWORD;

export function demoPortals() {
  return JSON.parse(fs.readFileSync(path.join(here, "../demo/portals.json"), "utf8")).portals;
}

/** Demo users (realm-file form): a platform admin, an auditor, and per portal one user for each role. */
export function demoUsers(portals = demoPortals()) {
  const spec = def.buildRealmSpec({ portals, demo: true, demoUsers: true });
  return def.toImportJson(spec).users.filter((u) => !u.serviceAccountClientId);
}

/**
 * @param {{ withDemoUsers?: boolean, adminRedirectUris?: string[] }} [opts]
 * @returns {{ realm: object, demoPassword: string }}
 */
export function buildRealm(opts = {}) {
  const { withDemoUsers = true, adminRedirectUris } = opts;
  const spec = def.buildRealmSpec({
    realm: "bacgiang",
    portals: demoPortals(),
    demo: withDemoUsers,
    demoUsers: withDemoUsers,
    ...(adminRedirectUris ? { adminRedirectUris } : {}),
  });
  return { realm: def.toImportJson(spec), demoPassword: DEMO_PASSWORD };
}
