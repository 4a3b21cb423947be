// @ts-check
// Starting and stopping: `up` installs what is missing, starts the servers together and the
// services one after another, and writes the settings file; `down`, `reset` and `seed`.
import fs from "node:fs";
import path from "node:path";
import { everything, select, settings } from "./catalog.mjs";
import { cacheDir, envFile, InfraError, root, runDir, say } from "./context.mjs";
import { writeEnvFile } from "./env-file.mjs";
import { isService, runServiceCli, written } from "./platform.mjs";
import { startOne, stopOne } from "./processes.mjs";

/** @param {string[]} names */
export async function up(names) {
  const chosen = select(names);
  const t0 = Date.now();
  const local = chosen.filter((s) => !s.external() && !isService(s));
  for (const s of chosen.filter((x) => x.external()))
    say(`  ${s.name}: using ${s.envVar}=${process.env[s.envVar]} (not started here)`);
  fs.mkdirSync(cacheDir, { recursive: true });
  fs.mkdirSync(runDir, { recursive: true });
  // installs run one after another (they share Maven's cache); starts run together
  for (const s of local) s.install();
  const results = await Promise.allSettled(local.map((s) => startOne(s)));
  /** @type {unknown[]} */
  const errors = [];
  for (const r of results) {
    if (r.status === "fulfilled")
      say(`  ${r.value.s.name}: ${r.value.state} (pid ${r.value.pid}) on ${r.value.s.endpoint()}`);
    else errors.push(r.reason);
  }
  if (errors.length)
    throw new InfraError(errors.map((e) => (e instanceof Error ? e.message : String(e))).join("\n\n"));
  const all = settings();
  writeEnvFile(envFile, all);
  // the services after the servers they need, one at a time (identity first: it applies the realm)
  for (const s of chosen.filter(isService)) {
    if (!written(s)) {
      say(`  ${s.name}: no src/main.ts in services/${s.name}; not started`);
      continue;
    }
    s.install();
    const r = await startOne(s);
    say(`  ${s.name}: ${r.state} (pid ${r.pid}) on ${s.endpoint()}`);
  }
  say(
    `  ready in ${((Date.now() - t0) / 1000).toFixed(1)} s; settings written to ${path.relative(root, envFile)}`,
  );
  for (const [k, v] of Object.entries(all)) process.stdout.write(`${k}=${v}\n`);
}

/**
 * Installs what is missing without starting anything (`install jaeger`; no names: every server,
 * the optional ones too) — CI installs up front what a test would otherwise build inside its own
 * time limit (the trace store is a Go build of several minutes on two cores).
 * @param {string[]} names
 */
export function install(names) {
  const chosen = select(names, everything).filter((s) => !s.external() && !isService(s));
  fs.mkdirSync(cacheDir, { recursive: true });
  for (const s of chosen) {
    const t0 = Date.now();
    s.install();
    say(`  ${s.name}: installed (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  }
}

/** Demo data: the realm's demo users, demo images, then portals and content (idempotent). */
export function seed() {
  /** @type {[string, string[]][]} */
  const steps = [
    ["identity", ["apply-realm", "--demo-users"]],
    ["media", ["seed-demo"]],
    ["content", ["seed-demo"]],
  ];
  for (const [name, args] of steps)
    if (!runServiceCli(name, args)) say(`  ${name}: no dist/cli.js; skipped ${args.join(" ")}`);
}

/** @param {string[]} names */
export async function down(names) {
  for (const s of select(names, everything).slice().reverse()) {
    if (s.external()) {
      say(`  ${s.name}: external (${s.envVar}), not stopped`);
      continue;
    }
    say(`  ${s.name}: ${await stopOne(s)}`);
  }
}

/** @param {string[]} names */
export async function reset(names) {
  for (const s of select(names)) {
    if (s.external()) continue;
    await stopOne(s);
    fs.rmSync(path.join(runDir, s.name), { recursive: true, force: true });
    say(`  ${s.name}: stopped and data deleted`);
  }
}
