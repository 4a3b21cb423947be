// @ts-check
// Builds from the Go module proxy: a module's source copied out of the module cache (to patch or
// to build with its own assets), `go install` and `go build` into an install folder.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { run } from "./tools.mjs";

/**
 * Downloads `module@version` into Go's module cache and copies its source, writable, to `dest`.
 * @param {string} module e.g. `github.com/axllent/mailpit@v1.27.11`
 * @param {string} dest
 * @param {string} cwd a folder whose go.mod (if any) `go mod download` reads
 */
export function copyGoModule(module, dest, cwd) {
  /** @type {{ Dir: string }} */
  const info = JSON.parse(run("go", ["mod", "download", "-json", module], { cwd }));
  fs.cpSync(info.Dir, dest, { recursive: true });
  spawnSync("chmod", ["-R", "u+w", dest]);
}

/**
 * `go build -trimpath` of a package into one binary.
 * @param {{ cwd: string, out: string, pkg?: string, ldflags?: string, modfile?: string, static?: boolean }} o
 *   `pkg` defaults to the package in `cwd`; `static` builds without cgo
 */
export function goBuild({ cwd, out, pkg = ".", ldflags, modfile, static: noCgo = false }) {
  const args = ["build", "-trimpath"];
  if (modfile) args.push("-modfile", modfile);
  if (ldflags) args.push("-ldflags", ldflags);
  args.push("-o", out, pkg);
  run("go", args, noCgo ? { cwd, env: { ...process.env, CGO_ENABLED: "0" } } : { cwd });
}

/**
 * `go install module@version` with its binary put into `dir`, without cgo.
 * @param {string} moduleAtVersion
 * @param {string} dir
 */
export function goInstall(moduleAtVersion, dir) {
  run("go", ["install", moduleAtVersion], { env: { ...process.env, GOBIN: dir, CGO_ENABLED: "0" } });
}
