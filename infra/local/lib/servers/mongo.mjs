// @ts-check
// The MongoDB wire-protocol server: FerretDB v1 with its SQLite backend, embedded in
// infra/local/ferretdb/main.go and built from the Go module proxy with Cổng's `_id` pushdown (ADR 0004).
import fs from "node:fs";
import path from "node:path";
import { cacheDir, here, InfraError, loopback, port, runDir } from "../context.mjs";
import { copyGoModule, goBuild } from "../go.mjs";
import { hashFiles, installOnce } from "../install.mjs";
import { probeMongo } from "../probes.mjs";
import { need, run } from "../tools.mjs";

const src = path.join(here, "ferretdb");
const pushdown = path.join(src, "pushdown");
const installDir = path.join(cacheDir, "ferretdb");

/**
 * The prefix of a file in pushdown/ (`<prefix>_id.go`) → its package under FerretDB's internal/.
 * @type {Record<string, string>}
 */
const PACKAGES = { backends: "backends", sqlite: "backends/sqlite", handler: "handler" };

/**
 * FerretDB with Cổng's `_id` pushdown (ADR 0004): a copy of the module from the Go module cache
 * under `outDir/ferretdb`, patched with `pushdown/ferretdb-<version>.patch`, with the new files of
 * `pushdown/*.go` added to their packages (`<package>_id.go` → `internal/<package path>/cong_…`),
 * and a go.mod beside our own that replaces the module with that copy. Returns the go.mod to build
 * with (`go build -modfile`); the module cache and the source folder stay untouched.
 * @param {string} outDir
 */
function patchedFerretdb(outDir) {
  const patchFile = fs.readdirSync(pushdown).find((f) => f.endsWith(".patch"));
  const version = patchFile?.match(/^ferretdb-(v[\d.]+)\.patch$/)?.[1];
  if (!patchFile || !version) throw new InfraError(`${pushdown} needs one ferretdb-<version>.patch`);
  const copy = path.join(outDir, "ferretdb");
  copyGoModule(`github.com/FerretDB/FerretDB@${version}`, copy, src);
  run("patch", ["-p1", "--forward", "--no-backup-if-mismatch", "-i", path.join(pushdown, patchFile)], {
    cwd: copy,
  });
  for (const f of fs.readdirSync(pushdown).filter((x) => x.endsWith(".go"))) {
    const pkg = PACKAGES[f.replace(/_id\.go$/, "")];
    if (!pkg) throw new InfraError(`${f}: no package of FerretDB is named by its prefix`);
    fs.copyFileSync(path.join(pushdown, f), path.join(copy, "internal", pkg, `cong_${f}`));
  }
  const modfile = path.join(outDir, "build.mod");
  const gomod = fs.readFileSync(path.join(src, "go.mod"), "utf8");
  fs.writeFileSync(modfile, `${gomod}\nreplace github.com/FerretDB/FerretDB ${version} => ${copy}\n`);
  fs.copyFileSync(path.join(src, "go.sum"), path.join(outDir, "build.sum"));
  return modfile;
}

/** @type {import("../server.mjs").Server} */
export const mongo = {
  name: "mongo",
  title: "FerretDB v1 (MongoDB wire protocol, SQLite backend)",
  envVar: "MONGO_URL",
  ports: [port(27017)],
  timeoutS: 30,
  endpoint: () => `mongodb://${loopback(27017)}`,
  settings: () => ({ MONGO_URL: `mongodb://${loopback(27017)}` }),
  external: () => (process.env.MONGO_URL ? { MONGO_URL: process.env.MONGO_URL } : null),
  install() {
    need("go", "the MongoDB wire-protocol server (FerretDB) is built from the Go module proxy");
    need("patch", "FerretDB is built with Cổng's _id pushdown patch (infra/local/ferretdb/pushdown)");
    const files = ["go.mod", "go.sum", "main.go", "idindex.go"].map((f) => path.join(src, f));
    for (const f of fs.readdirSync(pushdown).sort()) files.push(path.join(pushdown, f));
    // the key is the sources' hash: an edited main.go or patch rebuilds the binary
    installOnce("mongo (FerretDB)", installDir, hashFiles(files), (dir) => {
      const modfile = patchedFerretdb(path.join(dir, "src"));
      goBuild({ cwd: src, modfile, out: path.join(dir, "cong-ferretdb") });
      fs.rmSync(path.join(dir, "src"), { recursive: true, force: true });
    });
  },
  start() {
    const data = path.join(runDir, "mongo/data");
    const level = process.env.FERRETDB_LOG_LEVEL ?? "warn";
    return {
      cmd: path.join(installDir, "cong-ferretdb"),
      args: ["-listen", loopback(27017), "-data", data, "-log-level", level],
    };
  },
  probe: () => probeMongo(port(27017)),
};
