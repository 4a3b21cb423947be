// Serves a service's OpenAPI document (its contract, kept beside the code as openapi.yaml) at
// /openapi.yaml and /openapi.json, read once at start. A missing file is a start-up error.
import fs from "node:fs";
import type { Express } from "express";
import YAML from "yaml";

/** A service's OpenAPI document, parsed (tests compare what the routes answered with it). */
export function readOpenApi(
  file: string,
): Record<string, unknown> & { paths: Record<string, Record<string, unknown>> } {
  return YAML.parse(fs.readFileSync(file, "utf8"));
}

export function serveOpenApi(app: Express, file: string): void {
  const text = fs.readFileSync(file, "utf8");
  const json = JSON.stringify(YAML.parse(text));
  app.get("/openapi.yaml", (_req, res) => {
    res.type("application/yaml").send(text);
  });
  app.get("/openapi.json", (_req, res) => {
    res.type("application/json").send(json);
  });
}
