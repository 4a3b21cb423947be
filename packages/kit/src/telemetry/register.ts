// `import "@cong/kit/telemetry/register"` as the first line of a service's entry point starts
// OpenTelemetry before anything it instruments is loaded. The service name comes from
// SERVICE_NAME or the package name.
import { startTelemetry } from "./index";

startTelemetry({
  serviceName: process.env.SERVICE_NAME ?? process.env.npm_package_name?.replace(/^@cong\//, "") ?? "service",
});
