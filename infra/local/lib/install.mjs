// @ts-check
// Installs and the cache under CONG_CACHE_DIR (.cache/infra): one folder per install, written to
// `<dir>.partial` and renamed when complete, with a marker that names what was installed.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { say } from "./context.mjs";

/**
 * Installs into `<dir>.partial`, then renames it to `<dir>` and writes a marker. A directory
 * without a marker is a half-finished install: it is removed and installed again.
 * @param {string} name what the messages call it
 * @param {string} dir the install's folder
 * @param {string} key what is installed (a version, or a hash of the sources); another key reinstalls
 * @param {(partial: string) => void} doInstall fills the partial folder
 */
export function installOnce(name, dir, key, doInstall) {
  const marker = path.join(dir, ".cong-install");
  if (fs.existsSync(marker) && fs.readFileSync(marker, "utf8") === key) return;
  if (fs.existsSync(dir)) {
    say(`  ${name}: the previous install is incomplete or outdated; installing again`);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const partial = `${dir}.partial`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(partial, { recursive: true });
  const started = Date.now();
  say(`  ${name}: installing (first use only) …`);
  doInstall(partial);
  fs.writeFileSync(path.join(partial, ".cong-install"), key);
  fs.renameSync(partial, dir);
  say(`  ${name}: installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * Content hash of source files, so an edited source rebuilds its binary.
 * @param {string[]} files
 */
export function hashFiles(files) {
  const h = createHash("sha256");
  for (const f of files) h.update(path.basename(f)).update("\0").update(fs.readFileSync(f));
  return h.digest("hex");
}
