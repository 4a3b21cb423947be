#!/usr/bin/env node
// infra/local — installs and runs the REAL servers Cổng needs (Apache Kafka in KRaft mode, a
// MongoDB wire-protocol server, an S3 server, Keycloak, an SMTP server) on 127.0.0.1, without Docker.
//
//   node infra/local/cong-local.mjs up [name…]        install what is missing, start, wait, print settings
//   node infra/local/cong-local.mjs down [name…]      stop what `up` started (by pid)
//   node infra/local/cong-local.mjs status            one line per server and service; exit 1 if a server is down
//   node infra/local/cong-local.mjs logs [name] [-f]  last lines of a log
//   node infra/local/cong-local.mjs reset [server…]   stop and delete the data of servers
//   node infra/local/cong-local.mjs seed              demo data through the services' CLIs (idempotent)
//   node infra/local/cong-local.mjs env               print the settings (NAME=value)
//
// Names: the servers kafka, mongo, s3, keycloak, mailpit; the services identity, media, content, archive,
// publishing, admin (run from their `dist/`, so build first); `platform` = every service; `all` = both.
// `up` without names starts the servers only (what the tests need); `down` without names stops all.
// The trace store `jaeger` is optional: started when named or with CONG_TRACES=1 (then the services
// export their traces to it over OTLP).
//
// Everything comes from package registries (Maven Central, the Go module proxy, npm) and is cached
// under `.cache/infra/`; data, logs and pid files live under `.run/local/`. Both are ignored by git.
// Where KAFKA_BROKERS, MONGO_URL, S3_ENDPOINT, KEYCLOAK_URL or SMTP_URL is already set, that server
// is not started and the given endpoint is used (so the same code runs against a real cluster).
// CONG_PORT_OFFSET shifts every port (e.g. to run a second stack beside the first); CONG_RUN_DIR and
// CONG_CACHE_DIR move the runtime and install folders, CONG_ENV_FILE the settings file.

import { spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildRealm } from "../keycloak/realm.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const cacheDir = process.env.CONG_CACHE_DIR ?? path.join(root, ".cache/infra");
const runDir = process.env.CONG_RUN_DIR ?? path.join(root, ".run/local");
const logDir = path.join(runDir, "logs");
const m2Dir = path.join(cacheDir, "m2");
const envFile = process.env.CONG_ENV_FILE ?? path.join(root, ".env.local");
const offset = Number.parseInt(process.env.CONG_PORT_OFFSET ?? "0", 10);
// negative offsets move a server below its usual port (tests' private servers keep out of the
// kernel's ephemeral range that way); every port must stay within 1024–65535
if (!Number.isInteger(offset) || offset < -26000 || offset > 38000)
  fail("CONG_PORT_OFFSET must be an integer from -26000 to 38000");

const S3_ACCESS_KEY = "cong-local";
const S3_SECRET_KEY = "cong-local-secret-key";
const S3_REGION = "us-east-1";
const KEYCLOAK_REALM = "bacgiang";
const KEYCLOAK_ADMIN = { user: "admin", password: "admin-local-only" };
const VERSITYGW_VERSION = "v1.8.0";
// Mailpit (MIT): v1.27.11 is the newest release whose web UI builds from its own lockfile with the
// packages the npm registry serves here (v1.33.1's lock names sass-embedded 1.108.1 and rapidoc
// 12.1.0, which it does not); `go install` alone gives the API without the UI's scripts.
const MAILPIT_VERSION = "v1.27.11";
// Jaeger (Apache-2.0), the optional trace store: its v2 binary (an OpenTelemetry Collector with
// Jaeger's storage and query) from the Go module proxy, pinned by infra/local/jaeger/go.mod — the
// module's own go.mod has a replace directive, so `go install …@version` refuses it.
const JAEGER_VERSION = "v1.76.0";
/** CONG_TRACES=1: `up` starts the trace store too and the services export their traces to it. */
const tracesOn = process.env.CONG_TRACES === "1";

const pomVersion = (pom, prop) => {
  const m = fs.readFileSync(path.join(here, pom), "utf8").match(new RegExp(`<${prop}>([^<]+)</${prop}>`));
  if (!m) fail(`${pom} has no <${prop}>`);
  return m[1];
};
const KAFKA_VERSION = pomVersion("kafka/pom.xml", "kafka.version");
const KEYCLOAK_VERSION = pomVersion("keycloak/pom.xml", "keycloak.version");

// ---------------------------------------------------------------------------------------------
// small helpers

function fail(message) {
  process.stderr.write(`\ncong-local: ${message}\n`);
  process.exit(1);
}

class InfraError extends Error {}

const say = (msg) => process.stderr.write(`${msg}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function tail(file, lines = 25) {
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

function which(cmd) {
  const r = spawnSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : null;
}

function javaMajor(javaBin) {
  const r = spawnSync(javaBin, ["-version"], { encoding: "utf8" });
  if (r.error || r.status !== 0) return null;
  const m = `${r.stderr}${r.stdout}`.match(/version "(\d+)(?:\.(\d+))?/);
  if (!m) return null;
  return m[1] === "1" ? Number(m[2]) : Number(m[1]);
}

/** A JDK home whose major version is at least `min`: $<hint>, $JAVA_HOME, the `java` on PATH, /usr/lib/jvm/*. */
function findJava(min, hintVar) {
  const candidates = [];
  if (process.env[hintVar]) candidates.push(path.join(process.env[hintVar], "bin/java"));
  if (process.env.JAVA_HOME) candidates.push(path.join(process.env.JAVA_HOME, "bin/java"));
  const onPath = which("java");
  if (onPath) candidates.push(onPath);
  try {
    for (const d of fs.readdirSync("/usr/lib/jvm").sort().reverse())
      candidates.push(`/usr/lib/jvm/${d}/bin/java`);
  } catch {}
  for (const bin of candidates) {
    if (!fs.existsSync(bin)) continue;
    const major = javaMajor(bin);
    if (major && major >= min)
      return { bin, home: path.resolve(path.dirname(fs.realpathSync(bin)), ".."), major };
  }
  return null;
}

function need(tool, why) {
  if (!which(tool)) throw new InfraError(`${tool} is missing: ${why}. Install it and run \`up\` again.`);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], ...opts });
  if (r.error) throw new InfraError(`${cmd} could not run: ${r.error.message}`);
  if (r.status !== 0) {
    const out = `${r.stdout ?? ""}${r.stderr ?? ""}`.split("\n").slice(-30).join("\n");
    throw new InfraError(`${cmd} ${args.join(" ")} failed (exit ${r.status}):\n${out}`);
  }
  return r.stdout;
}

/**
 * Installs into `<dir>.partial`, then renames it to `<dir>` and writes a marker. A directory
 * without a marker is a half-finished install: it is removed and installed again.
 */
function installOnce(name, dir, key, doInstall) {
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
 * FerretDB with Cổng's `_id` pushdown (ADR 0004): a copy of the module from the Go module cache
 * under `outDir/ferretdb`, patched with `pushdown/ferretdb-<version>.patch`, with the new files of
 * `pushdown/*.go` added to their packages (`<package>_id.go` → `internal/<package path>/cong_…`),
 * and a go.mod beside our own that replaces the module with that copy. Returns the go.mod to build
 * with (`go build -modfile`); the module cache and the source folder stay untouched.
 */
function patchedFerretdb(src, pushdown, outDir) {
  const patchFile = fs.readdirSync(pushdown).find((f) => f.endsWith(".patch"));
  const version = patchFile?.match(/^ferretdb-(v[\d.]+)\.patch$/)?.[1];
  if (!version) throw new InfraError(`${pushdown} needs one ferretdb-<version>.patch`);
  const module = `github.com/FerretDB/FerretDB@${version}`;
  const info = JSON.parse(run("go", ["mod", "download", "-json", module], { cwd: src }));
  const copy = path.join(outDir, "ferretdb");
  fs.cpSync(info.Dir, copy, { recursive: true });
  spawnSync("chmod", ["-R", "u+w", copy]);
  run("patch", ["-p1", "--forward", "--no-backup-if-mismatch", "-i", path.join(pushdown, patchFile)], {
    cwd: copy,
  });
  const packages = { backends: "backends", sqlite: "backends/sqlite", handler: "handler" };
  for (const f of fs.readdirSync(pushdown).filter((x) => x.endsWith(".go"))) {
    const pkg = packages[f.replace(/_id\.go$/, "")];
    if (!pkg) throw new InfraError(`${f}: no package of FerretDB is named by its prefix`);
    fs.copyFileSync(path.join(pushdown, f), path.join(copy, "internal", pkg, `cong_${f}`));
  }
  const modfile = path.join(outDir, "build.mod");
  const gomod = fs.readFileSync(path.join(src, "go.mod"), "utf8");
  fs.writeFileSync(modfile, `${gomod}\nreplace github.com/FerretDB/FerretDB ${version} => ${copy}\n`);
  fs.copyFileSync(path.join(src, "go.sum"), path.join(outDir, "build.sum"));
  return modfile;
}

/** Content hash of source files, so an edited source rebuilds its binary. */
function hashFiles(files) {
  const h = createHash("sha256");
  for (const f of files) h.update(path.basename(f)).update("\0").update(fs.readFileSync(f));
  return h.digest("hex");
}

// ---------------------------------------------------------------------------------------------
// readiness probes: each one speaks the server's own protocol, so "up" means "answers"

function tcpRequest(port, payload, expectBytes, timeoutMs = 2000) {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host: "127.0.0.1", port });
    const chunks = [];
    let got = 0;
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error("timeout"));
    }, timeoutMs);
    sock.on("connect", () => sock.write(payload));
    sock.on("data", (c) => {
      chunks.push(c);
      got += c.length;
      if (got >= expectBytes(Buffer.concat(chunks))) {
        clearTimeout(timer);
        sock.destroy();
        resolve(Buffer.concat(chunks));
      }
    });
    sock.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

const lengthPrefixed = (buf) => (buf.length >= 4 ? buf.readInt32BE(0) + 4 : Number.POSITIVE_INFINITY);

/** Kafka ApiVersions v0 request; a broker answers with error code 0. */
async function probeKafka(port) {
  const clientId = Buffer.from("cong-local");
  const body = Buffer.alloc(2 + 2 + 4 + 2 + clientId.length);
  body.writeInt16BE(18, 0); // ApiVersions
  body.writeInt16BE(0, 2);
  body.writeInt32BE(7, 4); // correlation id
  body.writeInt16BE(clientId.length, 8);
  clientId.copy(body, 10);
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length);
  const res = await tcpRequest(port, Buffer.concat([size, body]), lengthPrefixed);
  if (res.readInt32BE(4) !== 7) throw new Error("unexpected correlation id");
  if (res.readInt16BE(8) !== 0) throw new Error(`ApiVersions error ${res.readInt16BE(8)}`);
}

/** MongoDB OP_MSG { ping: 1, $db: "admin" }; the server answers ok: 1. */
async function probeMongo(port) {
  // BSON document {ping: 1 (int32), $db: "admin"}
  const fields = Buffer.concat([
    Buffer.from([0x10]),
    Buffer.from("ping\0"),
    Buffer.from([1, 0, 0, 0]),
    Buffer.from([0x02]),
    Buffer.from("$db\0"),
    Buffer.from([6, 0, 0, 0]),
    Buffer.from("admin\0"),
  ]);
  const doc = Buffer.alloc(4 + fields.length + 1);
  doc.writeInt32LE(doc.length, 0);
  fields.copy(doc, 4);
  const header = Buffer.alloc(16 + 4 + 1);
  header.writeInt32LE(header.length + doc.length, 0);
  header.writeInt32LE(1, 4); // requestID
  header.writeInt32LE(0, 8);
  header.writeInt32LE(2013, 12); // OP_MSG
  header.writeUInt32LE(0, 16); // flagBits
  header.writeUInt8(0, 20); // section kind 0
  const res = await tcpRequest(port, Buffer.concat([header, doc]), (b) =>
    b.length >= 4 ? b.readInt32LE(0) : Number.POSITIVE_INFINITY,
  );
  if (res.readInt32LE(12) !== 2013) throw new Error("not an OP_MSG reply");
  // look for the "ok" double field equal to 1.0
  const i = res.indexOf(Buffer.from([0x01, 0x6f, 0x6b, 0x00]));
  if (i < 0 || res.readDoubleLE(i + 4) !== 1) throw new Error("ping not ok");
}

async function probeHttp(url, ok) {
  const ctrl = AbortSignal.timeout(3000);
  const res = await fetch(url, { signal: ctrl, redirect: "manual" });
  await res.arrayBuffer();
  if (!ok(res.status)) throw new Error(`HTTP ${res.status} from ${url}`);
}

/** Mailpit: its API answers /api/v1/info and its SMTP port greets with 220. */
async function probeMailpit(smtpPort, httpPort) {
  await probeHttp(`http://127.0.0.1:${httpPort}/api/v1/info`, (s) => s === 200);
  const greeting = await tcpRequest(smtpPort, Buffer.alloc(0), (b) =>
    b.includes(0x0a) ? b.length : Number.POSITIVE_INFINITY,
  );
  if (!greeting.toString("latin1").startsWith("220")) throw new Error("no SMTP greeting");
}

function portInUse(port) {
  return new Promise((resolve) => {
    const sock = net.connect({ host: "127.0.0.1", port });
    sock.setTimeout(1000);
    sock.on("connect", () => {
      sock.destroy();
      resolve(true);
    });
    sock.on("timeout", () => {
      sock.destroy();
      resolve(false);
    });
    sock.on("error", () => resolve(false));
  });
}

// ---------------------------------------------------------------------------------------------
// the servers

const port = (p) => p + offset;

/** @typedef {{ name: string, title: string, envVar: string, ports: number[], timeoutS: number,
 *   settings: () => Record<string,string>, external: () => Record<string,string> | null,
 *   install: () => void,
 *   start: () => {cmd: string, args: string[], env?: Record<string,string>, cwd?: string},
 *   prepare?: () => void, probe: () => Promise<void>, endpoint: () => string }} Server */

/** @type {Server[]} */
const servers = [
  {
    name: "kafka",
    title: `Apache Kafka ${KAFKA_VERSION} (KRaft, single node)`,
    envVar: "KAFKA_BROKERS",
    ports: [port(9092), port(9093)],
    timeoutS: 90,
    endpoint: () => `127.0.0.1:${port(9092)}`,
    settings: () => ({ KAFKA_BROKERS: `127.0.0.1:${port(9092)}` }),
    external: () => (process.env.KAFKA_BROKERS ? { KAFKA_BROKERS: process.env.KAFKA_BROKERS } : null),
    install() {
      const java = findJava(17, "KAFKA_JAVA_HOME");
      if (!java)
        throw new InfraError(
          "Java 17 or newer is missing: Kafka needs it. Install a JDK (or set JAVA_HOME).",
        );
      need("mvn", "Maven fetches Kafka from Maven Central");
      installOnce("kafka", kafkaHome(), `kafka-${KAFKA_VERSION}`, (dir) => {
        run("mvn", [
          "-B",
          "-q",
          "-f",
          path.join(here, "kafka/pom.xml"),
          `-Dmaven.repo.local=${m2Dir}`,
          "dependency:copy-dependencies",
          "-DincludeScope=runtime",
          `-DoutputDirectory=${path.join(dir, "libs")}`,
        ]);
      });
    },
    prepare() {
      const dir = path.join(runDir, "kafka");
      const dataDir = path.join(dir, "data");
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(
        path.join(dir, "server.properties"),
        [
          "# written by infra/local; single-node KRaft broker+controller on loopback",
          "process.roles=broker,controller",
          "node.id=1",
          `controller.quorum.voters=1@127.0.0.1:${port(9093)}`,
          `listeners=PLAINTEXT://127.0.0.1:${port(9092)},CONTROLLER://127.0.0.1:${port(9093)}`,
          `advertised.listeners=PLAINTEXT://127.0.0.1:${port(9092)}`,
          "controller.listener.names=CONTROLLER",
          "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
          "inter.broker.listener.name=PLAINTEXT",
          `log.dirs=${dataDir}`,
          "num.partitions=3",
          // topics are created explicitly by the services (as Strimzi KafkaTopics do in the cluster)
          "auto.create.topics.enable=false",
          "offsets.topic.replication.factor=1",
          "offsets.topic.num.partitions=10",
          "transaction.state.log.replication.factor=1",
          "transaction.state.log.min.isr=1",
          "share.coordinator.state.topic.replication.factor=1",
          "share.coordinator.state.topic.min.isr=1",
          "group.initial.rebalance.delay.ms=0",
          "log.retention.hours=168",
          "log.segment.bytes=67108864",
          "",
        ].join("\n"),
      );
      fs.writeFileSync(
        path.join(dir, "log4j2.yaml"),
        [
          "Configuration:",
          "  Appenders:",
          "    Console:",
          "      name: STDOUT",
          "      PatternLayout:",
          '        pattern: "[%d] %p %m (%c)%n"',
          "  Loggers:",
          "    Root:",
          "      level: INFO",
          "      AppenderRef:",
          "        - ref: STDOUT",
          "    Logger:",
          "      - name: kafka.log",
          "        level: WARN",
          "      - name: org.apache.kafka.storage",
          "        level: WARN",
          "",
        ].join("\n"),
      );
      if (!fs.existsSync(path.join(dataDir, "meta.properties"))) {
        fs.rmSync(dataDir, { recursive: true, force: true });
        // a Kafka cluster id is a URL-safe base64 UUID that does not start with "-"
        let id;
        do id = randomBytes(16).toString("base64url");
        while (id.startsWith("-"));
        const java = findJava(17, "KAFKA_JAVA_HOME");
        run(java.bin, [
          "-cp",
          `${path.join(kafkaHome(), "libs")}/*`,
          `-Dlog4j2.configurationFile=${path.join(dir, "log4j2.yaml")}`,
          "kafka.tools.StorageTool",
          "format",
          "-t",
          id,
          "-c",
          path.join(dir, "server.properties"),
        ]);
      }
    },
    start() {
      const dir = path.join(runDir, "kafka");
      const java = findJava(17, "KAFKA_JAVA_HOME");
      return {
        cmd: java.bin,
        args: [
          "-Xms128m",
          `-Xmx${process.env.KAFKA_HEAP ?? "512m"}`,
          "-XX:+UseSerialGC",
          "-XX:MaxMetaspaceSize=128m",
          "-Djava.awt.headless=true",
          `-Dlog4j2.configurationFile=${path.join(dir, "log4j2.yaml")}`,
          `-Dcong.local=${runDir}`,
          "-cp",
          `${path.join(kafkaHome(), "libs")}/*`,
          "kafka.Kafka",
          path.join(dir, "server.properties"),
        ],
      };
    },
    probe: () => probeKafka(port(9092)),
  },
  {
    name: "mongo",
    title: "FerretDB v1 (MongoDB wire protocol, SQLite backend)",
    envVar: "MONGO_URL",
    ports: [port(27017)],
    timeoutS: 30,
    endpoint: () => `mongodb://127.0.0.1:${port(27017)}`,
    settings: () => ({ MONGO_URL: `mongodb://127.0.0.1:${port(27017)}` }),
    external: () => (process.env.MONGO_URL ? { MONGO_URL: process.env.MONGO_URL } : null),
    install() {
      need("go", "the MongoDB wire-protocol server (FerretDB) is built from the Go module proxy");
      need("patch", "FerretDB is built with Cổng's _id pushdown patch (infra/local/ferretdb/pushdown)");
      const src = path.join(here, "ferretdb");
      const pushdown = path.join(src, "pushdown");
      const files = ["go.mod", "go.sum", "main.go", "idindex.go"].map((f) => path.join(src, f));
      for (const f of fs.readdirSync(pushdown).sort()) files.push(path.join(pushdown, f));
      installOnce("mongo (FerretDB)", path.join(cacheDir, "ferretdb"), hashFiles(files), (dir) => {
        const modfile = patchedFerretdb(src, pushdown, path.join(dir, "src"));
        run("go", ["build", "-trimpath", "-modfile", modfile, "-o", path.join(dir, "cong-ferretdb"), "."], {
          cwd: src,
        });
        fs.rmSync(path.join(dir, "src"), { recursive: true, force: true });
      });
    },
    start: () => ({
      cmd: path.join(cacheDir, "ferretdb/cong-ferretdb"),
      args: [
        "-listen",
        `127.0.0.1:${port(27017)}`,
        "-data",
        path.join(runDir, "mongo/data"),
        "-log-level",
        process.env.FERRETDB_LOG_LEVEL ?? "warn",
      ],
    }),
    probe: () => probeMongo(port(27017)),
  },
  {
    name: "s3",
    title: `versitygw ${VERSITYGW_VERSION} (S3, Apache-2.0, POSIX backend)`,
    envVar: "S3_ENDPOINT",
    ports: [port(7070)],
    timeoutS: 30,
    endpoint: () => `http://127.0.0.1:${port(7070)}`,
    settings: () => ({
      S3_ENDPOINT: `http://127.0.0.1:${port(7070)}`,
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
      installOnce(
        "s3 (versitygw)",
        path.join(cacheDir, "versitygw"),
        `versitygw-${VERSITYGW_VERSION}`,
        (dir) => {
          run("go", ["install", `github.com/versity/versitygw/cmd/versitygw@${VERSITYGW_VERSION}`], {
            env: { ...process.env, GOBIN: dir, CGO_ENABLED: "0" },
          });
        },
      );
    },
    prepare() {
      fs.mkdirSync(path.join(runDir, "s3/data"), { recursive: true });
      fs.mkdirSync(path.join(runDir, "s3/versions"), { recursive: true });
    },
    start: () => ({
      cmd: path.join(cacheDir, "versitygw/versitygw"),
      args: [
        "--port",
        `127.0.0.1:${port(7070)}`,
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
    probe: () => probeHttp(`http://127.0.0.1:${port(7070)}/`, (s) => s === 403 || s === 200),
  },
  {
    name: "keycloak",
    title: `Keycloak ${KEYCLOAK_VERSION} (dev mode, realm ${KEYCLOAK_REALM})`,
    envVar: "KEYCLOAK_URL",
    ports: [port(8080)],
    timeoutS: 240,
    endpoint: () => `http://127.0.0.1:${port(8080)}`,
    settings: () => ({
      KEYCLOAK_URL: `http://127.0.0.1:${port(8080)}`,
      KEYCLOAK_REALM,
      KEYCLOAK_ADMIN_USERNAME: KEYCLOAK_ADMIN.user,
      KEYCLOAK_ADMIN_PASSWORD: KEYCLOAK_ADMIN.password,
      DEMO_PASSWORD: buildRealm().demoPassword,
    }),
    external: () =>
      process.env.KEYCLOAK_URL
        ? {
            KEYCLOAK_URL: process.env.KEYCLOAK_URL,
            KEYCLOAK_REALM: process.env.KEYCLOAK_REALM ?? KEYCLOAK_REALM,
          }
        : null,
    install() {
      const java = findJava(21, "KEYCLOAK_JAVA_HOME");
      if (!java)
        throw new InfraError(
          "Java 21 or newer is missing: Keycloak 26 needs it (set KEYCLOAK_JAVA_HOME to a JDK 21+ home).",
        );
      need("mvn", "Maven fetches Keycloak from Maven Central");
      installOnce("keycloak", keycloakHome(), `keycloak-${KEYCLOAK_VERSION}`, (dir) => {
        run("mvn", [
          "-B",
          "-q",
          "-f",
          path.join(here, "keycloak/pom.xml"),
          `-Dmaven.repo.local=${m2Dir}`,
          "dependency:unpack",
          `-Dkeycloak.dir=${dir}`,
          // unpack markers inside the partial dir, so an interrupted install never counts as done
          `-DmarkersDirectory=${path.join(dir, ".markers")}`,
        ]);
        // the zip unpacks to keycloak-<version>/; lift its content one level up
        const inner = path.join(dir, `keycloak-${KEYCLOAK_VERSION}`);
        for (const f of fs.readdirSync(inner)) fs.renameSync(path.join(inner, f), path.join(dir, f));
        fs.rmdirSync(inner);
        fs.rmSync(path.join(dir, ".markers"), { recursive: true, force: true });
        fs.chmodSync(path.join(dir, "bin/kc.sh"), 0o755);
      });
    },
    prepare() {
      // the realm as code, regenerated at each start; `--import-realm` skips a realm that exists
      const importDir = path.join(keycloakHome(), "data/import");
      fs.mkdirSync(importDir, { recursive: true });
      fs.writeFileSync(
        path.join(importDir, `${KEYCLOAK_REALM}-realm.json`),
        JSON.stringify(buildRealm().realm, null, 2),
      );
      fs.mkdirSync(path.join(runDir, "keycloak"), { recursive: true });
    },
    start() {
      const java = findJava(21, "KEYCLOAK_JAVA_HOME");
      const h2 = path.join(runDir, "keycloak/h2/keycloakdb");
      return {
        cmd: path.join(keycloakHome(), "bin/kc.sh"),
        args: [
          "start-dev",
          "--import-realm",
          "--http-host=127.0.0.1",
          `--http-port=${port(8080)}`,
          "--db=dev-file",
          `--db-url=jdbc:h2:file:${h2};NON_KEYWORDS=VALUE;DB_CLOSE_ON_EXIT=FALSE`,
          "--log-level=WARN,org.keycloak.services:INFO,io.quarkus:INFO",
          // Keycloak 26 refuses a user's concurrent logins while brute-force detection is on (the
          // realm's policy) and reports them as a temporary lockout; parallel test files sign the
          // same demo users in at once. Local servers only: a cluster's Keycloak keeps the default.
          "--spi-brute-force-protector-default-brute-force-detector-allow-concurrent-requests=true",
        ],
        env: {
          JAVA_HOME: java.home,
          JAVA_OPTS_KC_HEAP: process.env.KEYCLOAK_HEAP ?? "-Xms64m -Xmx512m",
          JAVA_OPTS_APPEND: `-Dcong.local=${runDir}`,
          KC_BOOTSTRAP_ADMIN_USERNAME: KEYCLOAK_ADMIN.user,
          KC_BOOTSTRAP_ADMIN_PASSWORD: KEYCLOAK_ADMIN.password,
        },
      };
    },
    probe: () =>
      probeHttp(
        `http://127.0.0.1:${port(8080)}/realms/${KEYCLOAK_REALM}/.well-known/openid-configuration`,
        (s) => s === 200,
      ),
  },
  {
    name: "mailpit",
    title: `Mailpit ${MAILPIT_VERSION} (SMTP, web UI and API; keeps every mail, sends none on)`,
    envVar: "SMTP_URL",
    ports: [port(1025), port(8025)],
    timeoutS: 30,
    endpoint: () => `smtp://127.0.0.1:${port(1025)}`,
    settings: () => ({
      SMTP_URL: `smtp://127.0.0.1:${port(1025)}`,
      MAILPIT_URL: `http://127.0.0.1:${port(8025)}`,
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
      installOnce("mailpit", path.join(cacheDir, "mailpit"), `mailpit-${MAILPIT_VERSION}`, (dir) => {
        // the module's source (Go module proxy), its web UI bundled from its own lockfile (npm),
        // then one static binary that embeds the UI, as Mailpit's release build does
        const info = JSON.parse(
          run("go", ["mod", "download", "-json", `github.com/axllent/mailpit@${MAILPIT_VERSION}`], {
            cwd: dir,
          }),
        );
        const src = path.join(dir, "src");
        fs.cpSync(info.Dir, src, { recursive: true });
        spawnSync("chmod", ["-R", "u+w", src]);
        run("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], {
          cwd: src,
          env: { ...process.env, npm_config_cache: path.join(cacheDir, "npm") },
        });
        run(process.execPath, ["esbuild.config.mjs"], { cwd: src, env: { ...process.env, MINIFY: "true" } });
        run(
          "go",
          [
            "build",
            "-trimpath",
            "-ldflags",
            `-s -w -X github.com/axllent/mailpit/config.Version=${MAILPIT_VERSION}`,
            "-o",
            path.join(dir, "mailpit"),
            ".",
          ],
          { cwd: src, env: { ...process.env, CGO_ENABLED: "0" } },
        );
        fs.rmSync(src, { recursive: true, force: true });
      });
    },
    prepare() {
      fs.mkdirSync(path.join(runDir, "mailpit"), { recursive: true });
    },
    start: () => ({
      cmd: path.join(cacheDir, "mailpit/mailpit"),
      args: [
        "--smtp",
        `127.0.0.1:${port(1025)}`,
        "--listen",
        `127.0.0.1:${port(8025)}`,
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
    probe: () => probeMailpit(port(1025), port(8025)),
  },
];

/**
 * Optional servers: started when named (`up jaeger`) or with CONG_TRACES=1, never by a bare `up`.
 * Jaeger v2 keeps traces in memory, takes OTLP on 4317 (gRPC) and 4318 (HTTP), and answers its
 * query API (and UI) on 16686; while it runs, the settings point the services' OpenTelemetry SDK
 * at it (issue 20: one trace from the admin through content, Kafka and publishing).
 */
const optional = [
  {
    name: "jaeger",
    title: `Jaeger ${JAEGER_VERSION} (trace store, OTLP in, query API; traces in memory)`,
    envVar: "OTEL_EXPORTER_OTLP_ENDPOINT",
    ports: [port(4317), port(4318), port(16686), port(16685), port(13133)],
    timeoutS: 60,
    endpoint: () => `http://127.0.0.1:${port(16686)}`,
    settings: () => ({
      OTEL_TRACES_EXPORTER: "otlp",
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port(4318)}`,
      JAEGER_URL: `http://127.0.0.1:${port(16686)}`,
    }),
    // an existing OTLP endpoint (a collector of the cluster); JAEGER_URL if its store is a Jaeger
    external: () =>
      process.env.OTEL_EXPORTER_OTLP_ENDPOINT
        ? {
            OTEL_TRACES_EXPORTER: process.env.OTEL_TRACES_EXPORTER ?? "otlp",
            OTEL_EXPORTER_OTLP_ENDPOINT: process.env.OTEL_EXPORTER_OTLP_ENDPOINT,
            ...(process.env.JAEGER_URL ? { JAEGER_URL: process.env.JAEGER_URL } : {}),
          }
        : null,
    install() {
      need("go", "the trace store (Jaeger) is built from the Go module proxy");
      const src = path.join(here, "jaeger");
      const files = ["go.mod", "go.sum"].map((f) => path.join(src, f));
      installOnce("jaeger", path.join(cacheDir, "jaeger"), hashFiles(files), (dir) => {
        run(
          "go",
          [
            "build",
            "-trimpath",
            "-ldflags",
            "-s -w",
            "-o",
            path.join(dir, "jaeger"),
            "github.com/jaegertracing/jaeger/cmd/jaeger",
          ],
          { cwd: src, env: { ...process.env, CGO_ENABLED: "0" } },
        );
      });
    },
    prepare() {
      const dir = path.join(runDir, "jaeger");
      fs.mkdirSync(dir, { recursive: true });
      const at = (p) => `127.0.0.1:${port(p)}`;
      fs.writeFileSync(
        path.join(dir, "config.yaml"),
        [
          "# written by infra/local: Jaeger v2 with memory storage, every port on loopback",
          "service:",
          "  extensions: [jaeger_storage, jaeger_query, healthcheckv2]",
          "  pipelines:",
          "    traces:",
          "      receivers: [otlp]",
          "      processors: [batch]",
          "      exporters: [jaeger_storage_exporter]",
          "  telemetry:",
          "    resource:",
          "      service.name: jaeger",
          "    metrics:",
          "      level: none",
          "    logs:",
          "      level: warn",
          "extensions:",
          "  healthcheckv2:",
          "    use_v2: true",
          "    http:",
          `      endpoint: ${at(13133)}`,
          "  jaeger_query:",
          "    storage:",
          "      traces: memstore",
          "    http:",
          `      endpoint: ${at(16686)}`,
          "    grpc:",
          `      endpoint: ${at(16685)}`,
          "  jaeger_storage:",
          "    backends:",
          "      memstore:",
          "        memory:",
          `          max_traces: ${process.env.JAEGER_MAX_TRACES ?? "100000"}`,
          "receivers:",
          "  otlp:",
          "    protocols:",
          "      grpc:",
          `        endpoint: ${at(4317)}`,
          "      http:",
          `        endpoint: ${at(4318)}`,
          "processors:",
          "  batch:",
          "    timeout: 200ms",
          "exporters:",
          "  jaeger_storage_exporter:",
          "    trace_storage: memstore",
          "",
        ].join("\n"),
      );
    },
    start: () => ({
      cmd: path.join(cacheDir, "jaeger/jaeger"),
      // the config's path carries the run dir, so `down` recognises the process as ours
      args: ["--config", path.join(runDir, "jaeger/config.yaml")],
    }),
    probe: () => probeHttp(`http://127.0.0.1:${port(16686)}/api/services`, (s) => s === 200),
  },
];
const defaultServers = tracesOn ? [...servers, ...optional] : servers;

// ---------------------------------------------------------------------------------------------
// the platform: Cổng's own services, run from their build output (`pnpm build`) against the servers

/** Settings every service reads (docs/architecture.md) plus its own; ports as in that document. */
const PLATFORM = [
  { name: "identity", port: 3003, title: "identity — realm as code, memberships, handover" },
  { name: "media", port: 3002, title: "media — uploads, renditions, serving" },
  { name: "content", port: 3001, title: "content — portals, items, workflow, feedback" },
  { name: "archive", port: 3004, title: "archive — retention, archive, backups, reports" },
  { name: "publishing", port: 3000, title: "publishing — the public portals" },
  { name: "admin", port: 3005, title: "admin — the agencies' web UI (sign-in through Keycloak)" },
];

/** Per-service settings that only make sense on one machine (URLs of the other services). */
function platformEnv(svc) {
  const url = (name) => `http://127.0.0.1:${port(PLATFORM.find((x) => x.name === name).port)}`;
  const publicDomain = `bacgiang.localhost:${port(3000)}`;
  return {
    PORT: String(port(svc.port)),
    MANAGEMENT_PORT: String(port(svc.port + 6300)),
    LOG_LEVEL: process.env.LOG_LEVEL ?? "info",
    // the name its traces carry (as the chart sets it)
    OTEL_SERVICE_NAME: `cong-${svc.name}`,
    CONTENT_API_URL: url("content"),
    MEDIA_API_URL: url("media"),
    MEDIA_PUBLIC_URL: url("media"),
    IDENTITY_API_URL: url("identity"),
    ARCHIVE_API_URL: url("archive"),
    // archive reads page views from publishing's web port and probes its readiness for availability
    PUBLISHING_INTERNAL_URL: url("publishing"),
    AVAILABILITY_PROBE_URL: `http://127.0.0.1:${port(9300)}/ready`,
    // shared secrets of this machine only (a cluster takes them from Secrets)
    PAGEVIEWS_TOKEN: "cong-local-pageviews-token-not-secret",
    MEDIA_LINK_SECRET: "cong-local-media-link-secret-not-secret",
    PUBLIC_DOMAIN: publicDomain,
    PUBLIC_BASE_URL: `http://${publicDomain}`,
    // the admin UI: a confidential OIDC client (the realm's local secret) and its session key
    ADMIN_PUBLIC_URL: `http://admin.bacgiang.localhost:${port(3005)}`,
    ADMIN_OIDC_CLIENT_SECRET: "cong-local-admin-client-secret-not-secret",
    ADMIN_SESSION_SECRET: "cong-local-admin-session-secret-not-secret-0123456789",
    BACKUP_TARGET: path.join(runDir, "backups"),
  };
}

const serviceDir = (name) => path.join(root, "services", name);

/** @type {Server[]} */
const platform = PLATFORM.map((svc) => ({
  name: svc.name,
  title: svc.title,
  envVar: "PORT",
  ports: [port(svc.port), port(svc.port + 6300)],
  timeoutS: 90,
  endpoint: () => `http://127.0.0.1:${port(svc.port)}`,
  settings: () => ({}),
  external: () => null,
  install() {
    if (!fs.existsSync(path.join(serviceDir(svc.name), "dist/main.js")))
      throw new InfraError(`${svc.name} is not built: run \`pnpm build\` (./cong up does).`);
  },
  start: () => ({
    cmd: process.execPath,
    // the title carries the run dir, so `down` recognises the process as ours
    args: [`--title=cong-${svc.name}@${runDir}`, "--require", "@cong/kit/telemetry/register", "dist/main.js"],
    cwd: serviceDir(svc.name),
    env: { ...readEnvFile(), ...platformEnv(svc) },
  }),
  probe: () => probeHttp(`http://127.0.0.1:${port(svc.port + 6300)}/ready`, (s) => s === 200),
}));

/** Services whose code exists (a service folder without `src/main.ts` is not written yet). */
const written = (s) => !isService(s) || fs.existsSync(path.join(serviceDir(s.name), "src/main.ts"));

/** Runs a service's CLI (dist/cli.js) with the platform's settings, e.g. `seed-demo`. */
function runServiceCli(name, args) {
  const svc = PLATFORM.find((x) => x.name === name);
  const cli = path.join(serviceDir(name), "dist/cli.js");
  if (!fs.existsSync(cli)) return false;
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd: serviceDir(name),
    env: { ...process.env, ...readEnvFile(), ...platformEnv(svc) },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 300_000,
  });
  fs.mkdirSync(logDir, { recursive: true });
  fs.appendFileSync(
    path.join(logDir, `${name}-cli.log`),
    `\n===== ${new Date().toISOString()} ${args.join(" ")}\n${r.stdout ?? ""}${r.stderr ?? ""}`,
  );
  if (r.status !== 0)
    throw new InfraError(
      `${name}: \`${args.join(" ")}\` failed (exit ${r.status ?? r.signal}):\n${`${r.stdout ?? ""}${r.stderr ?? ""}`.split("\n").slice(-25).join("\n")}`,
    );
  say(`  ${name}: ${args.join(" ")} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return true;
}

function readEnvFile() {
  const out = {};
  if (!fs.existsSync(envFile)) return out;
  for (const line of fs.readFileSync(envFile, "utf8").split("\n")) {
    const m = line.match(/^([A-Z0-9_]+)=(.*)$/);
    if (m) out[m[1]] = m[2];
  }
  return out;
}

function kafkaHome() {
  return path.join(cacheDir, `kafka-${KAFKA_VERSION}`);
}
function keycloakHome() {
  return path.join(cacheDir, `keycloak-${KEYCLOAK_VERSION}`);
}

// ---------------------------------------------------------------------------------------------
// processes: a pid file per server; a pid counts as ours only if its command line names our run dir

const pidFile = (s) => path.join(runDir, `${s.name}.pid`);
const logFile = (s) => path.join(logDir, `${s.name}.log`);

function cmdline(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return null;
  }
}

function ownPid(s) {
  let pid;
  try {
    pid = Number.parseInt(fs.readFileSync(pidFile(s), "utf8"), 10);
  } catch {
    return null;
  }
  const cl = cmdline(pid);
  if (!cl?.includes(runDir)) return null;
  return pid;
}

/** Resident memory of a server: the process and its children (kc.sh runs Keycloak's java). */
function rssMiB(pid) {
  const kb = (p) => {
    try {
      const m = fs.readFileSync(`/proc/${p}/status`, "utf8").match(/VmRSS:\s+(\d+) kB/);
      return m ? Number(m[1]) : null;
    } catch {
      return null;
    }
  };
  const own = kb(pid);
  if (own === null) return null;
  let total = own;
  try {
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      const children = fs.readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8").trim();
      for (const c of children ? children.split(/\s+/) : []) total += kb(c) ?? 0;
    }
  } catch {
    // no children file (older kernels): the process alone
  }
  return Math.round(total / 1024);
}

async function waitReady(s, pid) {
  const deadline = Date.now() + s.timeoutS * 1000;
  let last = "";
  while (Date.now() < deadline) {
    if (pid && !cmdline(pid)) {
      throw new InfraError(
        `${s.name} (${s.title}) exited during start.\nLast lines of ${path.relative(root, logFile(s))}:\n${tail(logFile(s))}`,
      );
    }
    try {
      await s.probe();
      return;
    } catch (e) {
      last = e instanceof Error ? e.message : String(e);
    }
    await sleep(500);
  }
  throw new InfraError(
    `${s.name} (${s.title}) did not answer on ${s.endpoint()} within ${s.timeoutS} s (last probe: ${last}).\n` +
      `Last lines of ${path.relative(root, logFile(s))}:\n${tail(logFile(s))}`,
  );
}

async function startOne(s) {
  const pid = ownPid(s);
  if (pid) {
    try {
      await s.probe();
      return { s, state: "already running", pid };
    } catch {
      // started earlier and still starting: wait for it
      await waitReady(s, pid);
      return { s, state: "started", pid };
    }
  }
  for (const p of s.ports) {
    if (await portInUse(p))
      throw new InfraError(
        `${s.name}: port ${p} on 127.0.0.1 is busy, used by a process infra/local did not start.\n` +
          `Stop that process, or set ${s.envVar} to use that server, or set CONG_PORT_OFFSET to move every port.`,
      );
  }
  s.prepare?.();
  fs.mkdirSync(logDir, { recursive: true });
  const { cmd, args, env, cwd } = s.start();
  const out = fs.openSync(logFile(s), "a");
  fs.writeSync(out, `\n===== ${new Date().toISOString()} cong-local starting ${s.name}\n`);
  const child = spawn(cmd, args, {
    cwd: cwd ?? runDir,
    detached: true,
    stdio: ["ignore", out, out],
    env: { ...process.env, ...env, CONG_LOCAL_RUN_DIR: runDir },
  });
  fs.closeSync(out);
  child.unref();
  fs.writeFileSync(pidFile(s), String(child.pid));
  await sleep(200);
  // the command line must carry the run dir (so `down` only kills what `up` started)
  if (!cmdline(child.pid)?.includes(runDir) && cmdline(child.pid))
    throw new InfraError(`${s.name}: started process does not carry the run directory in its command line`);
  await waitReady(s, child.pid);
  return { s, state: "started", pid: child.pid };
}

async function stopOne(s) {
  const pid = ownPid(s);
  if (!pid) {
    fs.rmSync(pidFile(s), { force: true });
    return "not running";
  }
  // the process group: kc.sh and Keycloak's java, or a single binary
  try {
    process.kill(-pid, "SIGTERM");
  } catch {
    try {
      process.kill(pid, "SIGTERM");
    } catch {}
  }
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && cmdline(pid)) await sleep(200);
  if (cmdline(pid)) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {}
    await sleep(300);
  }
  fs.rmSync(pidFile(s), { force: true });
  return "stopped";
}

// ---------------------------------------------------------------------------------------------
// commands

/**
 * Servers and services by name; `platform` means every service, `all` servers and services.
 * Without names: the servers (what tests need), or `whenEmpty`.
 */
function select(names, whenEmpty = defaultServers) {
  if (names.length === 0) return whenEmpty;
  const known = [...servers, ...optional, ...platform];
  return [
    ...new Set(
      names.flatMap((n) => {
        if (n === "platform") return platform;
        if (n === "all") return [...defaultServers, ...platform];
        return [
          known.find((s) => s.name === n) ??
            fail(`unknown name "${n}" (known: ${known.map((s) => s.name).join(", ")}, platform, all)`),
        ];
      }),
    ),
  ];
}
const isService = (s) => platform.includes(s);

function settings() {
  const all = {};
  for (const s of servers) Object.assign(all, s.external() ?? s.settings());
  for (const s of optional)
    if (s.external() || tracesOn || ownPid(s)) Object.assign(all, s.external() ?? s.settings());
  return all;
}

function writeEnvFile(all) {
  const lines = [
    "# Written by infra/local (cong-local up). Connection settings of the local servers.",
    "# Values set in the environment take precedence over this file.",
    ...Object.entries(all).map(([k, v]) => `${k}=${v}`),
    "",
  ];
  fs.writeFileSync(envFile, lines.join("\n"));
}

async function up(names) {
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
  const errors = results.filter((r) => r.status === "rejected").map((r) => r.reason);
  for (const r of results) {
    if (r.status === "fulfilled")
      say(`  ${r.value.s.name}: ${r.value.state} (pid ${r.value.pid}) on ${r.value.s.endpoint()}`);
  }
  if (errors.length)
    throw new InfraError(errors.map((e) => (e instanceof Error ? e.message : String(e))).join("\n\n"));
  const all = settings();
  writeEnvFile(all);
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

/** Demo data: the realm's demo users, demo images, then portals and content (idempotent). */
function seed() {
  const steps = [
    ["identity", ["apply-realm", "--demo-users"]],
    ["media", ["seed-demo"]],
    ["content", ["seed-demo"]],
  ];
  for (const [name, args] of steps)
    if (!runServiceCli(name, args)) say(`  ${name}: no dist/cli.js; skipped ${args.join(" ")}`);
}

async function down(names) {
  for (const s of select(names, [...servers, ...optional, ...platform])
    .slice()
    .reverse()) {
    if (s.external()) {
      say(`  ${s.name}: external (${s.envVar}), not stopped`);
      continue;
    }
    say(`  ${s.name}: ${await stopOne(s)}`);
  }
}

async function status() {
  let allUp = true;
  for (const s of [...servers, ...optional, ...platform]) {
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
        if (s.name === "kafka" || s.name === "mongo" || s.name === "mailpit") state = "external (not probed)";
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

function logs(args) {
  const follow = args.includes("-f");
  const names = args.filter((a) => a !== "-f");
  const chosen = select(names, [...servers, ...optional, ...platform]);
  if (follow) {
    const child = spawn("tail", ["-n", "50", "-F", ...chosen.map(logFile)], { stdio: "inherit" });
    child.on("exit", (c) => process.exit(c ?? 0));
    return;
  }
  for (const s of chosen) {
    process.stdout.write(`===== ${s.name} (${path.relative(root, logFile(s))})\n${tail(logFile(s), 40)}\n`);
  }
}

async function reset(names) {
  for (const s of select(names)) {
    if (s.external()) continue;
    await stopOne(s);
    fs.rmSync(path.join(runDir, s.name), { recursive: true, force: true });
    say(`  ${s.name}: stopped and data deleted`);
  }
}

const [cmd = "help", ...rest] = process.argv.slice(2);
try {
  switch (cmd) {
    case "up":
      await up(rest);
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
    case "env":
      for (const [k, v] of Object.entries(settings())) process.stdout.write(`${k}=${v}\n`);
      break;
    default:
      process.stdout.write(
        `${fs
          .readFileSync(fileURLToPath(import.meta.url), "utf8")
          .split("\n")
          .slice(1, 22)
          .map((l) => l.replace(/^\/\/ ?/, ""))
          .join("\n")}\n`,
      );
      if (cmd !== "help") process.exitCode = 2;
  }
} catch (e) {
  if (e instanceof InfraError) fail(e.message);
  throw e;
}
