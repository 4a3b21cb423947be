// @ts-check
// Where infra/local keeps things and which ports it uses: the folders (CONG_CACHE_DIR, CONG_RUN_DIR,
// CONG_ENV_FILE), the port offset (CONG_PORT_OFFSET), CONG_TRACES, and the small helpers every module
// shares (messages, the error a user sees, the last lines of a log).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** infra/local, where the server definitions (pom.xml, go.mod) live. */
export const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const root = path.resolve(here, "../..");
export const cacheDir = process.env.CONG_CACHE_DIR ?? path.join(root, ".cache/infra");
export const runDir = process.env.CONG_RUN_DIR ?? path.join(root, ".run/local");
export const logDir = path.join(runDir, "logs");
export const m2Dir = path.join(cacheDir, "m2");
export const envFile = process.env.CONG_ENV_FILE ?? path.join(root, ".env.local");

/**
 * Prints the message and exits with 1.
 * @param {string} message
 * @returns {never}
 */
export function fail(message) {
  process.stderr.write(`\ncong-local: ${message}\n`);
  process.exit(1);
}

/** A failure the user can act on: printed without a stack trace. */
export class InfraError extends Error {}

/** @param {string} msg */
export const say = (msg) => {
  process.stderr.write(`${msg}\n`);
};
/** @param {number} ms @returns {Promise<void>} */
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * The last lines of a log file.
 * @param {string} file
 * @param {number} [lines]
 */
export function tail(file, lines = 25) {
  try {
    const text = fs.readFileSync(file, "utf8");
    return text
      .split("\n")
      .slice(-lines - 1)
      .join("\n");
  } catch {
    return "(no log yet)";
  }
}

export const offset = Number.parseInt(process.env.CONG_PORT_OFFSET ?? "0", 10);
// negative offsets move a server below its usual port (tests' private servers keep out of the
// kernel's ephemeral range that way); every port must stay within 1024–65535
if (!Number.isInteger(offset) || offset < -26000 || offset > 38000)
  fail("CONG_PORT_OFFSET must be an integer from -26000 to 38000");

/** A server's usual port moved by CONG_PORT_OFFSET. @param {number} p */
export const port = (p) => p + offset;
/** `127.0.0.1:<port>` of a usual port. @param {number} p */
export const loopback = (p) => `127.0.0.1:${port(p)}`;

/** CONG_TRACES=1: `up` starts the trace store too and the services export their traces to it. */
export const tracesOn = process.env.CONG_TRACES === "1";
