// `import "@cong/kit/telemetry/register"` as the first line of a service's entry point (or
// `node --require @cong/kit/telemetry/register dist/main.js`, as infra/local starts them) starts
// OpenTelemetry before anything it instruments is loaded. The service name comes from
// SERVICE_NAME, else the package run by npm/pnpm, else the package in the working directory (a
// service started by `node` from its folder) — OTEL_SERVICE_NAME, when set, wins over all three.
import fs from "node:fs";
import path from "node:path";
import { startTelemetry } from "./index";

function packageInCwd(): string | undefined {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(process.cwd(), "package.json"), "utf8")) as {
      name?: unknown;
    };
    return typeof pkg.name === "string" ? pkg.name : undefined;
  } catch {
    return undefined;
  }
}

startTelemetry({
  serviceName: (
    process.env.SERVICE_NAME ??
    process.env.npm_package_name ??
    packageInCwd() ??
    "service"
  ).replace(/^@cong\//, ""),
});
