// Runs Helm and kubernetes-validate (installed by tools.ts) on the chart, synchronously, and
// parses what they print. No Kubernetes API server is involved anywhere.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseAllDocuments, stringify } from "yaml";
import { helmBin, venvPython } from "./tools";

export const chartDir = path.resolve(__dirname, "../cong");
export const productionValues = path.join(chartDir, "values-production.yaml");
export const RELEASE = "cong";
/** Prefix of every object's name: the release name, which already contains the chart name. */
export const FULLNAME = "cong";
export const NAMESPACE = "cong";
/** The oldest Kubernetes the chart supports (Chart.yaml kubeVersion) and the newest known. */
export const KUBERNETES_VERSIONS = ["1.30.0", "1.37.0"];

/** Parsed YAML as rendered by the chart; the tests themselves check its shape. */
export type Loose = any;

export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; [k: string]: Loose };
  [k: string]: Loose;
};

export interface RenderOptions {
  values?: string[];
  set?: string[];
  setFile?: string[];
  chart?: string;
}

export interface Result {
  status: number;
  stdout: string;
  stderr: string;
}

export function run(cmd: string, args: string[], cwd = chartDir): Result {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function valueArgs(opts: RenderOptions): string[] {
  return [
    ...(opts.values ?? []).flatMap((v) => ["-f", v]),
    ...(opts.set ?? []).flatMap((s) => ["--set", s]),
    ...(opts.setFile ?? []).flatMap((s) => ["--set-file", s]),
  ];
}

export function helm(args: string[]): Result {
  return run(helmBin, args);
}

export function helmTemplate(opts: RenderOptions = {}): Result {
  return helm(["template", RELEASE, opts.chart ?? chartDir, "--namespace", NAMESPACE, ...valueArgs(opts)]);
}

export function helmLint(opts: RenderOptions = {}): Result {
  return helm(["lint", opts.chart ?? chartDir, "--namespace", NAMESPACE, ...valueArgs(opts)]);
}

/** Renders the chart and returns its objects; throws with Helm's message when it fails. */
export function render(opts: RenderOptions = {}): K8sObject[] {
  const r = helmTemplate(opts);
  if (r.status !== 0) throw new Error(`helm template failed:\n${r.stderr}`);
  return parseAllDocuments(r.stdout)
    .map((d) => d.toJS() as K8sObject | null)
    .filter((d): d is K8sObject => d !== null);
}

/**
 * NOTES.txt as `helm install` would print it. `helm template` skips NOTES.txt and `install
 * --dry-run` needs a cluster, so a copy of the chart renders it into a ConfigMap with `tpl`.
 */
export function renderNotes(opts: RenderOptions = {}): string {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), "cong-notes-"));
  try {
    fs.cpSync(chartDir, copy, { recursive: true });
    fs.copyFileSync(path.join(copy, "templates", "NOTES.txt"), path.join(copy, "notes.txt"));
    fs.writeFileSync(
      path.join(copy, "templates", "zz-notes.yaml"),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: notes\ndata:\n  notes: {{ tpl (.Files.Get "notes.txt") . | quote }}\n',
    );
    const objects = render({ ...opts, chart: copy });
    const notes = objects.find((o) => o.kind === "ConfigMap" && o.metadata.name === "notes");
    return notes?.data.notes as string;
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
}

/**
 * Validates objects strictly (unknown fields are errors) against the Kubernetes OpenAPI schemas
 * of every version in KUBERNETES_VERSIONS. Returns kubernetes-validate's complaints, one a line.
 */
export function kubernetesValidate(objects: K8sObject[]): { status: number; problems: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cong-validate-"));
  try {
    const file = path.join(dir, "manifests.yaml");
    // kubernetes-validate reads YAML 1.1 (PyYAML), where a bare `off`, `on` or `yes` is a boolean:
    // written as 1.1, such strings (e.g. proxy-request-buffering: "off") keep their quotes
    fs.writeFileSync(file, objects.map((o) => stringify(o, { version: "1.1" })).join("---\n"));
    const r = run(venvPython, [
      "-m",
      "kubernetes_validate",
      "--strict",
      "--quiet",
      ...KUBERNETES_VERSIONS.flatMap((v) => ["-k", v]),
      file,
    ]);
    const problems = `${r.stdout}\n${r.stderr}`
      .split("\n")
      .filter((l) => /^(ERROR|WARN|FATAL)|Traceback/.test(l));
    return { status: r.status, problems };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export const byKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);

/** The ConfigMaps that hold a service's environment (each names its component), not dashboards. */
export const envConfigMaps = (objects: K8sObject[]) =>
  byKind(objects, "ConfigMap").filter((c) => c.metadata.labels?.["app.kubernetes.io/component"]);

/** The pod template of a workload (Deployment, Job, CronJob). */
export function podTemplate(o: K8sObject): Loose {
  if (o.kind === "CronJob") return o.spec.jobTemplate.spec.template;
  return o.spec.template;
}

export const WORKLOAD_KINDS = ["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"];

/** Every optional part switched on: in-cluster backends, Keycloak routes, restore, SASL, OTel, monitoring. */
export const everythingOn: RenderOptions = {
  set: [
    "kafka.operator.enabled=true",
    "kafka.sasl.enabled=true",
    "mongodb.operator.enabled=true",
    "mongodb.operator.tls.certificateKeySecret=cong-mongodb-tls",
    "mongodb.operator.tls.caConfigMap=cong-mongodb-ca",
    "keycloak.operator.enabled=true",
    "keycloak.operator.db.host=postgres.db.svc",
    "keycloak.operator.tlsSecret=cong-keycloak-tls",
    "keycloak.ingress.enabled=true",
    "restore.enabled=true",
    "restore.backupId=2026-01-02T01-30-00Z",
    "trust.caBundle.configMapName=ttdl-ca",
    "otel.enabled=true",
    "otel.endpoint=http://otel-collector.monitoring:4318",
    "backup.encryption.existingSecret=cong-backup-key",
    "publishing.autoscaling.enabled=true",
    "monitoring.serviceMonitor.enabled=true",
    "monitoring.prometheusRule.enabled=true",
  ],
};
