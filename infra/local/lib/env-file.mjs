// @ts-check
// The settings file (.env.local, or CONG_ENV_FILE): NAME=value lines that `up` writes and the
// services, tests and ./cong read.
import fs from "node:fs";

/**
 * The NAME=value lines of a settings file; {} when it does not exist.
 * @param {string} file
 * @returns {Record<string, string>}
 */
export function readEnvFile(file) {
  /** @type {Record<string, string>} */
  const out = {};
  if (!fs.existsSync(file)) return out;
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    const m = line.match(/^([A-Z0-9_]+)=(.*)$/);
    if (m?.[1] !== undefined && m[2] !== undefined) out[m[1]] = m[2];
  }
  return out;
}

/**
 * @param {string} file
 * @param {Record<string, string>} all
 */
export function writeEnvFile(file, all) {
  const lines = [
    "# Written by infra/local (cong-local up). Connection settings of the local servers.",
    "# Values set in the environment take precedence over this file.",
    ...Object.entries(all).map(([k, v]) => `${k}=${v}`),
    "",
  ];
  fs.writeFileSync(file, lines.join("\n"));
}
