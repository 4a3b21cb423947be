// @ts-check
// What infra/local knows about a server (or one of Cổng's services): how to install, start and
// probe it, and the settings it gives the others.
import fs from "node:fs";
import path from "node:path";
import { runDir } from "./context.mjs";

/**
 * How to start a server's process (detached, its output to its log).
 * @typedef {object} StartCommand
 * @property {string} cmd
 * @property {string[]} args
 * @property {Record<string, string>} [env] added to the environment
 * @property {string} [cwd] the run directory when absent
 */

/**
 * @typedef {object} Server
 * @property {string} name what commands and pid/log files call it
 * @property {string} title one line for `status`
 * @property {string} envVar the variable that names an existing server instead (not started here)
 * @property {number[]} ports every loopback port it listens on (checked free before a start)
 * @property {number} timeoutS how long a start may take until it answers
 * @property {() => Record<string, string>} settings what `up` writes to the settings file
 * @property {() => Record<string, string> | null} external the settings of an existing server, if one is given
 * @property {() => void} install installs what is missing (once; cached)
 * @property {() => void} [prepare] writes its configuration before a start
 * @property {() => StartCommand} start
 * @property {() => Promise<void>} probe resolves when it answers in its own protocol
 * @property {() => string} endpoint where it answers, for messages
 */

/**
 * A `prepare` that creates folders under the run directory (a server's data and configuration).
 * @param {...string} dirs relative to the run directory
 * @returns {() => void}
 */
export const runDirs =
  (...dirs) =>
  () => {
    for (const d of dirs) fs.mkdirSync(path.join(runDir, d), { recursive: true });
  };
