// @ts-check
// The programs infra/local runs: finding them (a JDK of some version, go, mvn, npm, patch) and
// running them with a readable error when they fail.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { InfraError } from "./context.mjs";

/** @param {string} cmd @returns {string | null} */
export function which(cmd) {
  const r = spawnSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** @param {string} javaBin @returns {number | null} */
function javaMajor(javaBin) {
  const r = spawnSync(javaBin, ["-version"], { encoding: "utf8" });
  if (r.error || r.status !== 0) return null;
  const m = `${r.stderr}${r.stdout}`.match(/version "(\d+)(?:\.(\d+))?/);
  if (!m) return null;
  return m[1] === "1" ? Number(m[2]) : Number(m[1]);
}

/** @typedef {{ bin: string, home: string, major: number }} Java */

/**
 * A JDK home whose major version is at least `min`: $<hint>, $JAVA_HOME, the `java` on PATH, /usr/lib/jvm/*.
 * @param {number} min
 * @param {string} hintVar
 * @returns {Java | null}
 */
export function findJava(min, hintVar) {
  /** @type {string[]} */
  const candidates = [];
  const hint = process.env[hintVar];
  if (hint) candidates.push(path.join(hint, "bin/java"));
  if (process.env.JAVA_HOME) candidates.push(path.join(process.env.JAVA_HOME, "bin/java"));
  const onPath = which("java");
  if (onPath) candidates.push(onPath);
  try {
    for (const d of fs.readdirSync("/usr/lib/jvm").sort().reverse())
      candidates.push(`/usr/lib/jvm/${d}/bin/java`);
  } catch {}
  for (const bin of candidates) {
    if (!fs.existsSync(bin)) continue;
    const major = javaMajor(bin);
    if (major && major >= min)
      return { bin, home: path.resolve(path.dirname(fs.realpathSync(bin)), ".."), major };
  }
  return null;
}

/**
 * The JDK a server needs, or the error that says what to install.
 * @param {number} min
 * @param {string} hintVar
 * @param {string} missing the message when no JDK is found
 * @returns {Java}
 */
export function requireJava(min, hintVar, missing) {
  const java = findJava(min, hintVar);
  if (!java) throw new InfraError(missing);
  return java;
}

/** @param {string} tool @param {string} why */
export function need(tool, why) {
  if (!which(tool)) throw new InfraError(`${tool} is missing: ${why}. Install it and run \`up\` again.`);
}

/**
 * Runs a program to its end; its output, or an InfraError with the last lines it printed.
 * @param {string} cmd
 * @param {string[]} args
 * @param {import("node:child_process").SpawnSyncOptions} [opts]
 * @returns {string}
 */
export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: ["ignore", "pipe", "pipe"], ...opts, encoding: "utf8" });
  if (r.error) throw new InfraError(`${cmd} could not run: ${r.error.message}`);
  if (r.status !== 0) {
    const out = `${r.stdout ?? ""}${r.stderr ?? ""}`.split("\n").slice(-30).join("\n");
    throw new InfraError(`${cmd} ${args.join(" ")} failed (exit ${r.status}):\n${out}`);
  }
  return r.stdout;
}
