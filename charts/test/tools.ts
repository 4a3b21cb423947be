// The two tools the chart's tests run, installed on first use from the package registries this
// project reaches (the Go module proxy for Helm, PyPI for kubernetes-validate) and cached under
// the repository's ignored `.cache/tools/`. Each is installed into a `.partial` path and renamed
// into place only when complete, so an interrupted install is redone on the next run; a lock
// directory keeps two jest workers from installing at the same time.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export const HELM_VERSION = "v3.22.0";
/** Kubernetes version of Helm's client-go (v0.37 in Helm v3.22.0's go.mod), stamped as its Makefile does. */
const HELM_K8S_MINOR = "37";
const HELM_METADATA = `k8s1.${HELM_K8S_MINOR}`;
export const KUBERNETES_VALIDATE_VERSION = "1.37.0";

export const repoRoot = path.resolve(__dirname, "../..");
export const toolsDir = path.join(repoRoot, ".cache", "tools");
export const helmBin = path.join(toolsDir, "bin", "helm");
export const venvDir = path.join(toolsDir, "venv");
/** The venv's interpreter; kubernetes-validate is run as a module so the venv can be renamed. */
export const venvPython = path.join(venvDir, "bin", "python");

const lockDir = path.join(toolsDir, ".install.lock");
const STALE_LOCK_MS = 20 * 60_000;

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function withLock<T>(fn: () => T): T {
  fs.mkdirSync(toolsDir, { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const stat = fs.statSync(lockDir, { throwIfNoEntry: false });
      if (stat && Date.now() - stat.mtimeMs > STALE_LOCK_MS)
        fs.rmSync(lockDir, { recursive: true, force: true });
      else sleep(1_000);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

function helmInstalled(): boolean {
  if (!fs.existsSync(helmBin)) return false;
  try {
    const version = execFileSync(helmBin, ["version", "--short"], { encoding: "utf8" });
    return version.startsWith(`${HELM_VERSION}+${HELM_METADATA}`);
  } catch {
    return false;
  }
}

function installHelm(): void {
  const partial = path.join(toolsDir, "bin.partial");
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(partial, { recursive: true });
  execFileSync(
    "go",
    [
      "install",
      // Helm's Makefile stamps these; without them `helm version` says "v3.x" and `helm template`
      // assumes Kubernetes 1.20, older than the chart's kubeVersion.
      `-ldflags=${[
        "-s -w",
        `-X helm.sh/helm/v3/internal/version.version=${HELM_VERSION}`,
        `-X helm.sh/helm/v3/internal/version.metadata=${HELM_METADATA}`,
        "-X helm.sh/helm/v3/pkg/chartutil.k8sVersionMajor=1",
        `-X helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor=${HELM_K8S_MINOR}`,
        "-X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMajor=1",
        `-X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMinor=${HELM_K8S_MINOR}`,
      ].join(" ")}`,
      `helm.sh/helm/v3/cmd/helm@${HELM_VERSION}`,
    ],
    { env: { ...process.env, GOBIN: partial, CGO_ENABLED: "0" }, stdio: ["ignore", "inherit", "inherit"] },
  );
  fs.mkdirSync(path.dirname(helmBin), { recursive: true });
  fs.renameSync(path.join(partial, "helm"), helmBin);
  fs.rmSync(partial, { recursive: true, force: true });
}

function kubernetesValidateInstalled(): boolean {
  if (!fs.existsSync(venvPython)) return false;
  try {
    const out = execFileSync(venvPython, ["-m", "pip", "show", "kubernetes-validate"], { encoding: "utf8" });
    return out.includes(`Version: ${KUBERNETES_VALIDATE_VERSION}`);
  } catch {
    return false;
  }
}

function installKubernetesValidate(): void {
  const partial = `${venvDir}.partial`;
  fs.rmSync(partial, { recursive: true, force: true });
  execFileSync("python3", ["-m", "venv", partial], { stdio: ["ignore", "inherit", "inherit"] });
  execFileSync(
    path.join(partial, "bin", "python"),
    ["-m", "pip", "install", "--quiet", `kubernetes-validate==${KUBERNETES_VALIDATE_VERSION}`],
    { stdio: ["ignore", "inherit", "inherit"] },
  );
  fs.rmSync(venvDir, { recursive: true, force: true });
  fs.renameSync(partial, venvDir);
}

/**
 * Prometheus's promtool (`promtool check rules`, `promtool test rules`: the alert rules' unit tests,
 * issue 20), built from the Go module proxy like Helm. Prometheus's Go module is versioned
 * v0.<major><minor>.<patch>: v0.316.0 is Prometheus 3.16.0. The build stamps no version, so a file
 * beside the binary names the one installed.
 */
export const PROMTOOL_MODULE_VERSION = "v0.316.0";
export const promtoolBin = path.join(toolsDir, "bin", "promtool");
const promtoolStamp = `${promtoolBin}.version`;

function promtoolInstalled(): boolean {
  return (
    fs.existsSync(promtoolBin) &&
    fs.existsSync(promtoolStamp) &&
    fs.readFileSync(promtoolStamp, "utf8").trim() === PROMTOOL_MODULE_VERSION
  );
}

function installPromtool(): void {
  const partial = path.join(toolsDir, "promtool.partial");
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(partial, { recursive: true });
  execFileSync(
    "go",
    ["install", "-ldflags=-s -w", `github.com/prometheus/prometheus/cmd/promtool@${PROMTOOL_MODULE_VERSION}`],
    { env: { ...process.env, GOBIN: partial, CGO_ENABLED: "0" }, stdio: ["ignore", "inherit", "inherit"] },
  );
  fs.mkdirSync(path.dirname(promtoolBin), { recursive: true });
  fs.renameSync(path.join(partial, "promtool"), promtoolBin);
  fs.writeFileSync(promtoolStamp, `${PROMTOOL_MODULE_VERSION}\n`);
  fs.rmSync(partial, { recursive: true, force: true });
}

/** Installs promtool unless the pinned version is already cached. */
export function ensurePromtool(): void {
  if (promtoolInstalled()) return;
  withLock(() => {
    if (!promtoolInstalled()) installPromtool();
  });
}

/** Installs Helm and kubernetes-validate unless the pinned versions are already cached. */
export function ensureTools(): void {
  if (helmInstalled() && kubernetesValidateInstalled()) return;
  withLock(() => {
    if (!helmInstalled()) installHelm();
    if (!kubernetesValidateInstalled()) installKubernetesValidate();
  });
}
