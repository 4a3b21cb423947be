// @ts-check
// The optional trace store: Jaeger v2 (Apache-2.0; an OpenTelemetry Collector with Jaeger's storage
// and query) from the Go module proxy, pinned by infra/local/jaeger/go.mod — the module's own go.mod
// has a replace directive, so `go install …@version` refuses it. It keeps traces in memory, takes
// OTLP on 4317 (gRPC) and 4318 (HTTP), and answers its query API (and UI) on 16686; while it runs,
// the settings point the services' OpenTelemetry SDK at it (issue 20: one trace from the admin
// through content, Kafka and publishing).
import fs from "node:fs";
import path from "node:path";
import { cacheDir, here, InfraError, loopback, port, runDir } from "../context.mjs";
import { goBuild } from "../go.mjs";
import { hashFiles, installOnce } from "../install.mjs";
import { probeHttp } from "../probes.mjs";
import { need } from "../tools.mjs";

const JAEGER_VERSION = "v1.76.0";
const installDir = path.join(cacheDir, "jaeger");
const dir = path.join(runDir, "jaeger");

/**
 * jaeger/config.yaml.tpl with its {{placeholders}} filled in: every port on loopback.
 * @returns {string}
 */
function config() {
  /** @type {Record<string, string>} */
  const values = {
    health: loopback(13133),
    query_http: loopback(16686),
    query_grpc: loopback(16685),
    otlp_grpc: loopback(4317),
    otlp_http: loopback(4318),
    max_traces: process.env.JAEGER_MAX_TRACES ?? "100000",
  };
  const template = fs.readFileSync(path.join(here, "jaeger/config.yaml.tpl"), "utf8");
  return template.replace(/\{\{(\w+)\}\}/g, (_, key) => {
    const value = values[key];
    if (value === undefined) throw new InfraError(`jaeger/config.yaml.tpl: no value for {{${key}}}`);
    return value;
  });
}

/** @type {import("../server.mjs").Server} */
export const jaeger = {
  name: "jaeger",
  title: `Jaeger ${JAEGER_VERSION} (trace store, OTLP in, query API; traces in memory)`,
  envVar: "OTEL_EXPORTER_OTLP_ENDPOINT",
  ports: [port(4317), port(4318), port(16686), port(16685), port(13133)],
  timeoutS: 60,
  endpoint: () => `http://${loopback(16686)}`,
  settings: () => ({
    OTEL_TRACES_EXPORTER: "otlp",
    OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://${loopback(4318)}`,
    JAEGER_URL: `http://${loopback(16686)}`,
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
    installOnce("jaeger", installDir, hashFiles(files), (partial) =>
      goBuild({
        cwd: src,
        out: path.join(partial, "jaeger"),
        pkg: "github.com/jaegertracing/jaeger/cmd/jaeger",
        ldflags: "-s -w",
        static: true,
      }),
    );
  },
  prepare() {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "config.yaml"), config());
  },
  start: () => ({
    cmd: path.join(installDir, "jaeger"),
    // the config's path carries the run dir, so `down` recognises the process as ours
    args: ["--config", path.join(dir, "config.yaml")],
  }),
  probe: () => probeHttp(`http://${loopback(16686)}/api/services`, (s) => s === 200),
};
