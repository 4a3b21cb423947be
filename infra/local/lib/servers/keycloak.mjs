// @ts-check
// Keycloak in dev mode (H2 file database) with the realm as code imported at start, its
// distribution from Maven Central (infra/local/keycloak/pom.xml), run by a JDK 21+.
import fs from "node:fs";
import path from "node:path";
import { buildRealm } from "../../../keycloak/realm.mjs";
import { cacheDir, loopback, port, runDir } from "../context.mjs";
import { mavenInstall, pomProperty } from "../maven.mjs";
import { probeHttp } from "../probes.mjs";
import { requireJava } from "../tools.mjs";

const KEYCLOAK_VERSION = pomProperty("keycloak/pom.xml", "keycloak.version");
const KEYCLOAK_REALM = "bacgiang";
const KEYCLOAK_ADMIN = { user: "admin", password: "admin-local-only" };
const home = path.join(cacheDir, `keycloak-${KEYCLOAK_VERSION}`);
const url = `http://${loopback(8080)}`;
const java = () =>
  requireJava(
    21,
    "KEYCLOAK_JAVA_HOME",
    "Java 21 or newer is missing: Keycloak 26 needs it (set KEYCLOAK_JAVA_HOME to a JDK 21+ home).",
  );

/** @type {import("../server.mjs").Server} */
export const keycloak = {
  name: "keycloak",
  title: `Keycloak ${KEYCLOAK_VERSION} (dev mode, realm ${KEYCLOAK_REALM})`,
  envVar: "KEYCLOAK_URL",
  ports: [port(8080)],
  timeoutS: 240,
  endpoint: () => url,
  settings: () => ({
    KEYCLOAK_URL: url,
    KEYCLOAK_REALM,
    KEYCLOAK_ADMIN_USERNAME: KEYCLOAK_ADMIN.user,
    KEYCLOAK_ADMIN_PASSWORD: KEYCLOAK_ADMIN.password,
    DEMO_PASSWORD: buildRealm().demoPassword,
  }),
  external: () =>
    process.env.KEYCLOAK_URL
      ? {
          KEYCLOAK_URL: process.env.KEYCLOAK_URL,
          KEYCLOAK_REALM: process.env.KEYCLOAK_REALM ?? KEYCLOAK_REALM,
        }
      : null,
  install() {
    java();
    mavenInstall({
      name: "keycloak",
      why: "Maven fetches Keycloak from Maven Central",
      pom: "keycloak/pom.xml",
      dir: home,
      key: `keycloak-${KEYCLOAK_VERSION}`,
      goal: "dependency:unpack",
      // the pom puts the plugin's unpack markers in <keycloak.dir>/.markers, inside the partial
      // dir, so an interrupted install never counts as done
      props: (partial) => [`keycloak.dir=${partial}`],
      after(partial) {
        // the zip unpacks to keycloak-<version>/; lift its content one level up
        const inner = path.join(partial, `keycloak-${KEYCLOAK_VERSION}`);
        for (const f of fs.readdirSync(inner)) fs.renameSync(path.join(inner, f), path.join(partial, f));
        fs.rmdirSync(inner);
        fs.rmSync(path.join(partial, ".markers"), { recursive: true, force: true });
        fs.chmodSync(path.join(partial, "bin/kc.sh"), 0o755);
      },
    });
  },
  prepare() {
    // the realm as code, regenerated at each start; `--import-realm` skips a realm that exists
    const importDir = path.join(home, "data/import");
    fs.mkdirSync(importDir, { recursive: true });
    fs.writeFileSync(
      path.join(importDir, `${KEYCLOAK_REALM}-realm.json`),
      JSON.stringify(buildRealm().realm, null, 2),
    );
    fs.mkdirSync(path.join(runDir, "keycloak"), { recursive: true });
  },
  start() {
    const h2 = path.join(runDir, "keycloak/h2/keycloakdb");
    return {
      cmd: path.join(home, "bin/kc.sh"),
      args: [
        "start-dev",
        "--import-realm",
        "--http-host=127.0.0.1",
        `--http-port=${port(8080)}`,
        "--db=dev-file",
        `--db-url=jdbc:h2:file:${h2};NON_KEYWORDS=VALUE;DB_CLOSE_ON_EXIT=FALSE`,
        "--log-level=WARN,org.keycloak.services:INFO,io.quarkus:INFO",
        // Keycloak 26 refuses a user's concurrent logins while brute-force detection is on (the
        // realm's policy) and reports them as a temporary lockout; parallel test files sign the
        // same demo users in at once. Local servers only: a cluster's Keycloak keeps the default.
        "--spi-brute-force-protector-default-brute-force-detector-allow-concurrent-requests=true",
      ],
      env: {
        JAVA_HOME: java().home,
        JAVA_OPTS_KC_HEAP: process.env.KEYCLOAK_HEAP ?? "-Xms64m -Xmx512m",
        JAVA_OPTS_APPEND: `-Dcong.local=${runDir}`,
        KC_BOOTSTRAP_ADMIN_USERNAME: KEYCLOAK_ADMIN.user,
        KC_BOOTSTRAP_ADMIN_PASSWORD: KEYCLOAK_ADMIN.password,
      },
    };
  },
  probe: () =>
    probeHttp(`${url}/realms/${KEYCLOAK_REALM}/.well-known/openid-configuration`, (s) => s === 200),
};
