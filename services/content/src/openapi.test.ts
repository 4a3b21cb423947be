// Every route the service declares is in its OpenAPI document (the contract the admin UI codes
// against), with its method — read from the route modules' source, so a new route cannot be
// forgotten in openapi.yaml.
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { serveOpenApi } from "@cong/kit";
import express from "express";

const SRC = __dirname;

/** The document as the service serves it (the kit parses openapi.yaml). */
async function served(): Promise<{ paths: Record<string, Record<string, unknown>> }> {
  const app = express();
  serveOpenApi(app, path.join(SRC, "..", "openapi.yaml"));
  const server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/openapi.json`);
    return (await res.json()) as { paths: Record<string, Record<string, unknown>> };
  } finally {
    server.close();
  }
}
/** route modules mounted under a prefix (app.ts) */
const PREFIX: Record<string, string> = { "submissions/submission.routes.ts": "/uploads" };

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return routeFiles(p);
    return e.name.endsWith(".routes.ts") ? [p] : [];
  });
}

const shape = (p: string) => p.replace(/\{[^}]+\}/g, "{}").replace(/:[A-Za-z]+/g, "{}");

it("lists every declared route and method", async () => {
  const spec = await served();
  const documented = new Set(
    Object.entries(spec.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${shape(p)}`),
    ),
  );
  const declared: string[] = [];
  for (const file of routeFiles(SRC)) {
    const text = fs.readFileSync(file, "utf8");
    const prefix = PREFIX[path.relative(SRC, file)] ?? "";
    for (const m of text.matchAll(/\b\w+\.(get|post|put|patch|delete)\(\s*"(\/[^"]*)"/g))
      declared.push(`${(m[1] as string).toUpperCase()} ${shape(`${prefix}${m[2]}`)}`);
  }
  expect(declared.length).toBeGreaterThan(40);
  expect(declared.filter((d) => !documented.has(d))).toEqual([]);
});
