// @ts-check
// The command line: up | install | down | status | logs | reset | seed | demo-otp-reset | env, and
// the help (the entry file's header comment).
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { everything, optional, select, settings } from "./catalog.mjs";
import { fail, InfraError, root, say, tail, tracesOn } from "./context.mjs";
import { resetDemoOtp } from "./demo-otp.mjs";
import { isService } from "./platform.mjs";
import { logFile, ownPid, rssMiB } from "./processes.mjs";
import { down, install, reset, seed, up } from "./runner.mjs";

/** @typedef {import("./server.mjs").Server} Server */

/** Servers whose state `status` only reports when given as an endpoint (probing them needs a client). */
const NOT_PROBED_EXTERNALLY = ["kafka", "mongo", "mailpit"];

/**
 * One line per server and service; false when a server that should run does not answer.
 * @returns {Promise<boolean>}
 */
async function status() {
  let allUp = true;
  for (const s of everything) {
    // an optional server that is off is not "down"
    if (optional.includes(s) && !ownPid(s) && !s.external() && !tracesOn) continue;
    if (isService(s) && !ownPid(s)) {
      process.stdout.write(`${s.name.padEnd(10)} -     ${s.endpoint().padEnd(26)} not running  ${s.title}\n`);
      continue;
    }
    const ext = s.external();
    if (ext) {
      let state = "up";
      try {
        if (NOT_PROBED_EXTERNALLY.includes(s.name)) state = "external (not probed)";
        else await s.probe();
      } catch {
        state = "DOWN";
      }
      process.stdout.write(`${s.name.padEnd(9)} external ${process.env[s.envVar]} ${state}\n`);
      continue;
    }
    const pid = ownPid(s);
    let state = "DOWN";
    if (pid) {
      try {
        await s.probe();
        state = "up";
      } catch {
        state = "starting or not answering";
      }
    }
    if (state !== "up") allUp = false;
    const rss = pid ? rssMiB(pid) : null;
    process.stdout.write(
      `${s.name.padEnd(10)} ${state.padEnd(5)} ${s.endpoint().padEnd(26)} ${pid ? `pid ${pid}` : ""}${rss !== null ? ` rss ${rss} MiB` : ""}  ${s.title}\n`,
    );
  }
  return allUp;
}

/** @param {string[]} args names, and `-f` to follow */
function logs(args) {
  const follow = args.includes("-f");
  const names = args.filter((a) => a !== "-f");
  const chosen = select(names, everything);
  if (follow) {
    const child = spawn("tail", ["-n", "50", "-F", ...chosen.map(logFile)], { stdio: "inherit" });
    child.on("exit", (c) => process.exit(c ?? 0));
    return;
  }
  for (const s of chosen) {
    process.stdout.write(`===== ${s.name} (${path.relative(root, logFile(s))})\n${tail(logFile(s), 40)}\n`);
  }
}

/**
 * The entry file's header comment: its lines after the shebang up to the first blank line.
 * @param {string} source
 */
function helpText(source) {
  const lines = source.split("\n").slice(1);
  const end = lines.findIndex((l) => !l.startsWith("//"));
  return lines
    .slice(0, end === -1 ? lines.length : end)
    .map((l) => l.replace(/^\/\/ ?/, ""))
    .join("\n");
}

/**
 * Runs one command; sets process.exitCode.
 * @param {string[]} argv the arguments after the script
 * @param {string} entryFile the entry script, whose header comment is the help
 */
export async function main(argv, entryFile) {
  const [cmd = "help", ...rest] = argv;
  try {
    switch (cmd) {
      case "up":
        await up(rest);
        break;
      case "install":
        install(rest);
        break;
      case "down":
        await down(rest);
        break;
      case "status":
        process.exitCode = (await status()) ? 0 : 1;
        break;
      case "logs":
        logs(rest);
        break;
      case "reset":
        await reset(rest);
        break;
      case "seed":
        seed();
        break;
      case "demo-otp-reset": {
        if (select(["keycloak"])[0]?.external()) {
          say("  keycloak: external (KEYCLOAK_URL), its users left as they are");
          break;
        }
        const removed = await resetDemoOtp({ ...settings(), ...process.env }, rest.length ? rest : undefined);
        say(
          removed.length
            ? `  keycloak: removed the one-time code set up in the browser by ${removed.join(", ")} (the tests' password grant needs none; set up again at the next sign-in)`
            : "  keycloak: no demo user has a one-time code",
        );
        break;
      }
      case "env":
        for (const [k, v] of Object.entries(settings())) process.stdout.write(`${k}=${v}\n`);
        break;
      default:
        process.stdout.write(`${helpText(fs.readFileSync(entryFile, "utf8"))}\n`);
        if (cmd !== "help") process.exitCode = 2;
    }
  } catch (e) {
    if (e instanceof InfraError) fail(e.message);
    throw e;
  }
}
