// @ts-check
// The one installer for what comes from Maven Central (Kafka's jars, Keycloak's distribution): a
// pom.xml under infra/local/<server>/ names the artifacts and their version, and
// maven-dependency-plugin copies or unpacks them into an install folder, with the downloads cached
// in CONG_CACHE_DIR/m2 (shared by every Maven install, so installs run one after another).
import fs from "node:fs";
import path from "node:path";
import { fail, here, m2Dir } from "./context.mjs";
import { installOnce } from "./install.mjs";
import { need, run } from "./tools.mjs";

/**
 * A property of a server's pom.xml (its version), read when the module loads.
 * @param {string} pom relative to infra/local, e.g. `kafka/pom.xml`
 * @param {string} prop
 * @returns {string}
 */
export function pomProperty(pom, prop) {
  const m = fs.readFileSync(path.join(here, pom), "utf8").match(new RegExp(`<${prop}>([^<]+)</${prop}>`));
  if (!m?.[1]) fail(`${pom} has no <${prop}>`);
  return m[1];
}

/**
 * @typedef {object} MavenInstall
 * @property {string} name what the messages call it
 * @property {string} why what Maven is needed for (said when `mvn` is missing)
 * @property {string} pom relative to infra/local
 * @property {string} dir the install's folder under the cache
 * @property {string} key what is installed (another key reinstalls)
 * @property {string} goal the maven-dependency-plugin goal, e.g. `dependency:unpack`
 * @property {(partial: string) => string[]} props the `-D` properties of the goal, given the partial folder
 * @property {(partial: string) => void} [after] finishes the partial folder after Maven
 */

/**
 * Installs once (see installOnce) with `mvn -B -q -f <pom> <goal>`.
 * @param {MavenInstall} m
 */
export function mavenInstall(m) {
  need("mvn", m.why);
  installOnce(m.name, m.dir, m.key, (partial) => {
    run("mvn", [
      "-B",
      "-q",
      "-f",
      path.join(here, m.pom),
      `-Dmaven.repo.local=${m2Dir}`,
      m.goal,
      ...m.props(partial).map((p) => `-D${p}`),
    ]);
    m.after?.(partial);
  });
}
