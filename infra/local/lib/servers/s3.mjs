// @ts-check
// The S3 server: versitygw (Apache-2.0) with its POSIX backend, from the Go module proxy.
import path from "node:path";
import { cacheDir, loopback, port, runDir } from "../context.mjs";
import { goInstall } from "../go.mjs";
import { installOnce } from "../install.mjs";
import { probeHttp } from "../probes.mjs";
import { runDirs } from "../server.mjs";
import { need } from "../tools.mjs";

const VERSITYGW_VERSION = "v1.8.0";
const S3_ACCESS_KEY = "cong-local";
const S3_SECRET_KEY = "cong-local-secret-key";
const S3_REGION = "us-east-1";
const installDir = path.join(cacheDir, "versitygw");

/** @type {import("../server.mjs").Server} */
export const s3 = {
  name: "s3",
  title: `versitygw ${VERSITYGW_VERSION} (S3, Apache-2.0, POSIX backend)`,
  envVar: "S3_ENDPOINT",
  ports: [port(7070)],
  timeoutS: 30,
  endpoint: () => `http://${loopback(7070)}`,
  settings: () => ({
    S3_ENDPOINT: `http://${loopback(7070)}`,
    S3_ACCESS_KEY,
    S3_SECRET_KEY,
    S3_REGION,
  }),
  external: () =>
    process.env.S3_ENDPOINT
      ? {
          S3_ENDPOINT: process.env.S3_ENDPOINT,
          S3_ACCESS_KEY: process.env.S3_ACCESS_KEY ?? "",
          S3_SECRET_KEY: process.env.S3_SECRET_KEY ?? "",
          S3_REGION: process.env.S3_REGION ?? S3_REGION,
        }
      : null,
  install() {
    need("go", "the S3 server (versitygw) is built from the Go module proxy");
    installOnce("s3 (versitygw)", installDir, `versitygw-${VERSITYGW_VERSION}`, (dir) =>
      goInstall(`github.com/versity/versitygw/cmd/versitygw@${VERSITYGW_VERSION}`, dir),
    );
  },
  prepare: runDirs("s3/data", "s3/versions"),
  start: () => ({
    cmd: path.join(installDir, "versitygw"),
    args: [
      "--port",
      loopback(7070),
      "--region",
      S3_REGION,
      "posix",
      "--versioning-dir",
      path.join(runDir, "s3/versions"),
      path.join(runDir, "s3/data"),
    ],
    // credentials through the environment, so they never show in `ps`
    env: { ROOT_ACCESS_KEY: S3_ACCESS_KEY, ROOT_SECRET_KEY: S3_SECRET_KEY },
  }),
  // an unsigned request gets 403 AccessDenied from a live S3 server
  probe: () => probeHttp(`http://${loopback(7070)}/`, (s) => s === 403 || s === 200),
};
