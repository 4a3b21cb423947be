// @ts-check
// The SMTP server: Mailpit (MIT), which keeps every mail and sends none on, with its web UI and
// API; built from the Go module proxy with the UI bundled from its own lockfile (npm).
import fs from "node:fs";
import path from "node:path";
import { cacheDir, loopback, port, runDir } from "../context.mjs";
import { copyGoModule, goBuild } from "../go.mjs";
import { installOnce } from "../install.mjs";
import { probeHttp, probeSmtp } from "../probes.mjs";
import { runDirs } from "../server.mjs";
import { need, run } from "../tools.mjs";

// v1.27.11 is the newest release whose web UI builds from its own lockfile with the packages the
// npm registry serves here (v1.33.1's lock names sass-embedded 1.108.1 and rapidoc 12.1.0, which
// it does not); `go install` alone gives the API without the UI's scripts.
const MAILPIT_VERSION = "v1.27.11";
const installDir = path.join(cacheDir, "mailpit");

/** @type {import("../server.mjs").Server} */
export const mailpit = {
  name: "mailpit",
  title: `Mailpit ${MAILPIT_VERSION} (SMTP, web UI and API; keeps every mail, sends none on)`,
  envVar: "SMTP_URL",
  ports: [port(1025), port(8025)],
  timeoutS: 30,
  endpoint: () => `smtp://${loopback(1025)}`,
  settings: () => ({
    SMTP_URL: `smtp://${loopback(1025)}`,
    MAILPIT_URL: `http://${loopback(8025)}`,
  }),
  // an existing SMTP server; MAILPIT_URL only if that server is a Mailpit whose API tests may read
  external: () =>
    process.env.SMTP_URL
      ? {
          SMTP_URL: process.env.SMTP_URL,
          ...(process.env.MAILPIT_URL ? { MAILPIT_URL: process.env.MAILPIT_URL } : {}),
        }
      : null,
  install() {
    need("go", "the SMTP server (Mailpit) is built from the Go module proxy");
    need("npm", "Mailpit's web UI is built from the npm registry");
    installOnce("mailpit", installDir, `mailpit-${MAILPIT_VERSION}`, (dir) => {
      // the module's source (Go module proxy), its web UI bundled from its own lockfile (npm),
      // then one static binary that embeds the UI, as Mailpit's release build does
      const src = path.join(dir, "src");
      copyGoModule(`github.com/axllent/mailpit@${MAILPIT_VERSION}`, src, dir);
      run("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], {
        cwd: src,
        env: { ...process.env, npm_config_cache: path.join(cacheDir, "npm") },
      });
      run(process.execPath, ["esbuild.config.mjs"], { cwd: src, env: { ...process.env, MINIFY: "true" } });
      goBuild({
        cwd: src,
        out: path.join(dir, "mailpit"),
        ldflags: `-s -w -X github.com/axllent/mailpit/config.Version=${MAILPIT_VERSION}`,
        static: true,
      });
      fs.rmSync(src, { recursive: true, force: true });
    });
  },
  prepare: runDirs("mailpit"),
  start: () => ({
    cmd: path.join(installDir, "mailpit"),
    args: [
      "--smtp",
      loopback(1025),
      "--listen",
      loopback(8025),
      // the database path carries the run dir, so `down` recognises the process as ours
      "--database",
      path.join(runDir, "mailpit/mailpit.db"),
      "--max",
      process.env.MAILPIT_MAX_MESSAGES ?? "5000",
      "--smtp-auth-accept-any",
      "--smtp-auth-allow-insecure",
      "--disable-version-check",
      "--quiet",
    ],
  }),
  // its API answers /api/v1/info and its SMTP port greets with 220
  probe: async () => {
    await probeHttp(`http://${loopback(8025)}/api/v1/info`, (s) => s === 200);
    await probeSmtp(port(1025));
  },
};
