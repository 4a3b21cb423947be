// Every service's OpenAPI document (the contract its README points to) is well-formed: OpenAPI
// 3.1, every operation answers something, and no summary or description was split by an
// unquoted comma in YAML flow style (which leaves a stray `key: null` fragment behind).
import fs from "node:fs";
import path from "node:path";
import { repoRoot } from "@cong/testing";
import YAML from "yaml";

const services = fs
  .readdirSync(path.join(repoRoot(), "services"))
  .filter((s) => fs.existsSync(path.join(repoRoot(), "services", s, "openapi.yaml")));

function fragments(x: unknown, at: string, out: string[]): string[] {
  if (Array.isArray(x)) {
    for (const [i, v] of x.entries()) fragments(v, `${at}/${i}`, out);
  } else if (x && typeof x === "object")
    for (const [k, v] of Object.entries(x)) {
      if (v === null && k.includes(" ")) out.push(`${at}: "${k}"`);
      fragments(v, `${at}/${k}`, out);
    }
  return out;
}

const METHODS = ["get", "put", "post", "patch", "delete", "head"];

describe.each(services)("services/%s/openapi.yaml", (service) => {
  const spec = YAML.parse(
    fs.readFileSync(path.join(repoRoot(), "services", service, "openapi.yaml"), "utf8"),
  );

  it("is OpenAPI 3.1 with paths", () => {
    expect(spec.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(spec.paths ?? {}).length).toBeGreaterThan(0);
  });

  it("has no text split by an unquoted comma", () => {
    expect(fragments(spec, "", [])).toEqual([]);
  });

  it("gives every operation at least one response", () => {
    const missing: string[] = [];
    for (const [p, item] of Object.entries(
      spec.paths as Record<string, Record<string, { responses?: object }>>,
    ))
      for (const m of METHODS)
        if (item[m] && !Object.keys(item[m].responses ?? {}).length) missing.push(`${m.toUpperCase()} ${p}`);
    expect(missing).toEqual([]);
  });
});
