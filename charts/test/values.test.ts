// values.yaml, its schema and its documentation: a typo fails with a schema error naming the key,
// every value is documented and the README table is generated from those lines, and no values
// file carries anything that looks like a credential.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "yaml";
import { expectedReadme, renderValuesTable } from "../cong/scripts/values-table";
import { chartDir, helm, type Loose, NAMESPACE, productionValues, RELEASE } from "./helm";
import { ensureTools } from "./tools";

beforeAll(ensureTools);

const template = (extra: string[]) =>
  helm(["template", RELEASE, chartDir, "--namespace", NAMESPACE, ...extra]);

describe("values.schema.json", () => {
  it.each([
    ["publishing.replicaCuont=2", "/publishing", "replicaCuont"],
    ["kafka.tls.enable=true", "/kafka/tls", "enable"],
    ["ingress.admin.allowlist[0]=10.0.0.0/8", "/ingress/admin", "allowlist"],
    ["backup.shedule=@daily", "/backup", "shedule"],
    ["platformSecrets.formSecret=x", "/platformSecrets", "formSecret"],
    ["ingress.media.hosts=media.bacgiang.gov.vn", "/ingress/media", "hosts"],
    ["bogus=1", "", "bogus"],
  ])("a typo (--set %s) fails helm template naming the key", (set, at, key) => {
    const r = template(["--set", set]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("values don't meet the specifications of the schema");
    expect(r.stderr).toContain(`at '${at}'`);
    expect(r.stderr).toContain(`additional properties '${key}' not allowed`);
  });

  it("a typo in a values file fails helm lint too", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cong-values-"));
    try {
      const file = path.join(dir, "typo.yaml");
      fs.writeFileSync(file, "media:\n  autoscaling:\n    maxReplica: 5\n");
      const r = helm(["lint", chartDir, "-f", file]);
      expect(r.status).not.toBe(0);
      expect(r.stdout + r.stderr).toMatch(/additional properties 'maxReplica' not allowed/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("wrong types and values are refused too", () => {
    expect(template(["--set", "content.replicaCount=two"]).stderr).toMatch(/content\/replicaCount/);
    expect(template(["--set", "securityContext.runAsUser=0"]).stderr).toMatch(/runAsUser/);
    expect(template(["--set", "logLevel=verbose"]).stderr).toMatch(/logLevel/);
    expect(template(["--set", "platformSecrets.existingSecret=Not_A_Name"]).stderr).toMatch(
      /platformSecrets/,
    );
    expect(template(["--set", "ingress.media.host=https://media.bacgiang.gov.vn"]).stderr).toMatch(/media/);
    expect(template(["--set", "domain.production=bacgiang.gov.vn:443"]).stderr).toMatch(/domain/);
  });

  it("every object of the schema is closed (additionalProperties: false)", () => {
    const schema = JSON.parse(fs.readFileSync(path.join(chartDir, "values.schema.json"), "utf8"));
    const open: string[] = [];
    const walk = (node: Loose, where: string) => {
      if (!node || typeof node !== "object") return;
      if (node.type === "object" && node.properties && node.additionalProperties !== false) open.push(where);
      for (const [k, v] of Object.entries(node)) walk(v, `${where}/${k}`);
    };
    walk(schema, "#");
    expect(open).toEqual([]);
  });
});

describe("documentation of values", () => {
  it("every value has a ## @param line and the README table is up to date", () => {
    const { current, expected } = expectedReadme();
    // `pnpm --filter @cong/charts gen` rewrites it
    expect(current).toBe(expected);
  });

  it("an undocumented or unknown value is reported", () => {
    expect(() => renderValuesTable("## @param a.b the b\na:\n  b: 1\n  c: 2\n")).toThrow(
      /a\.c has no ## @param line/,
    );
    expect(() => renderValuesTable("## @param a.x the x\na:\n  b: 1\n")).toThrow(
      /@param a\.x names no value/,
    );
  });
});

/** Values that look like credentials: used to check the values files. */
function credentialLike(valuesText: string): string[] {
  const found: string[] = [];
  // a key naming a Secret (existingSecret, tlsSecret, …) must hold a Kubernetes name
  const secretNameKey = /secret$/i;
  const secretName = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
  // a key naming a credential itself must not hold anything
  const credentialKey = /(password|passwd|token|apikey|api_key|accesskey|privatekey|credential)s?$/i;
  const looksLikeSecret = (v: string) =>
    /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(v) ||
    /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/.test(v) ||
    /\bAKIA[0-9A-Z]{16}\b/.test(v) ||
    /:\/\/[^/\s:@]+:[^/\s@]+@/.test(v) ||
    highEntropy(v);
  const walk = (node: unknown, where: string) => {
    if (typeof node === "string") {
      const key = where.split(".").pop() ?? "";
      if (node !== "" && credentialKey.test(key)) found.push(`${where}: value of a credential key`);
      else if (node !== "" && secretNameKey.test(key) && !secretName.test(node))
        found.push(`${where}: not the name of a Secret`);
      else if (looksLikeSecret(node)) found.push(`${where}: looks like a credential`);
    } else if (Array.isArray(node)) {
      for (const [i, v] of node.entries()) walk(v, `${where}[${i}]`);
    } else if (node && typeof node === "object")
      for (const [k, v] of Object.entries(node)) walk(v, where ? `${where}.${k}` : k);
  };
  walk(parse(valuesText), "");
  return found;
}

function highEntropy(v: string): boolean {
  if (
    v.length < 20 ||
    /\s/.test(v) ||
    /^(https?|s3):\/\//.test(v) ||
    /^[a-z0-9.-]+(:\d+)?(,[a-z0-9.-]+(:\d+)?)*$/.test(v)
  )
    return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(v)).length;
  const counts = new Map<string, number>();
  for (const ch of v) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let entropy = 0;
  for (const n of counts.values()) entropy -= (n / v.length) * Math.log2(n / v.length);
  return classes >= 3 && entropy > 3.5;
}

describe("no secret in values files", () => {
  it.each([
    ["values.yaml", path.join(chartDir, "values.yaml")],
    ["values-production.yaml", productionValues],
  ])("%s holds only names of Secrets and keys, never a credential", (_name, file) => {
    expect(credentialLike(fs.readFileSync(file, "utf8"))).toEqual([]);
  });

  it("the check finds credentials (a self-test)", () => {
    const text = [
      "db:\n  password: hunter2hunter2",
      "s3:\n  secretKey: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      "mongo:\n  url: mongodb://cong:S3cret@mongo:27017/content",
      "keycloak:\n  token: eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl",
    ].join("\n");
    expect(credentialLike(text)).toHaveLength(4);
    expect(credentialLike("s3:\n  existingSecret: cong-s3\n  secretKeyKey: S3_SECRET_KEY\n")).toEqual([]);
  });

  it("the values files name every Secret they use (existingSecret), never its content", () => {
    const values = parse(fs.readFileSync(productionValues, "utf8"));
    expect(values.mongodb.existingSecret).toMatch(/^[a-z0-9-]+$/);
    expect(values.s3.existingSecret).toMatch(/^[a-z0-9-]+$/);
    expect(values.kafka.sasl.existingSecret).toMatch(/^[a-z0-9-]+$/);
    // the services' shared secrets (FORM_SECRET, PAGEVIEWS_TOKEN, MEDIA_LINK_SECRET) by name only
    const defaults = parse(fs.readFileSync(path.join(chartDir, "values.yaml"), "utf8"));
    expect(values.platformSecrets?.existingSecret ?? defaults.platformSecrets.existingSecret).toMatch(
      /^[a-z0-9-]+$/,
    );
  });
});
