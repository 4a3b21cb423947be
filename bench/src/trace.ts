// The trace a service under load keeps through its preload (admin-trace.cjs, public-trace.cjs):
// on SIGUSR2 it writes what it gathered since the last ask to a file.
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Asks `child` (SIGUSR2) for its trace and reads it from `file`; null when none came. */
export async function askTrace<T>(child: ChildProcess, file: string): Promise<T | null> {
  fs.rmSync(file, { force: true });
  child.kill("SIGUSR2");
  for (let i = 0; i < 100 && !fs.existsSync(file); i++) await sleep(20);
  await sleep(20);
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as T;
  } catch {
    return null;
  }
}
