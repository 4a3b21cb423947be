export * from "./auth/guards";
export * from "./auth/middleware";
export * from "./auth/principal";
export * from "./auth/verifier";
export * from "./config";
export * from "./errors";
export * from "./health";
export * from "./http/app";
export { guardBody } from "./http/body-guard";
export { readOpenApi, serveOpenApi } from "./http/openapi";
export {
  charsetOf,
  decodeComponent,
  decodeUtf8,
  parsePairs,
  requireUtf8Charset,
  TEXT_REASONS,
  textProblem,
} from "./http/text";
export { DEFAULT_TRUSTED_PROXIES, parseTrustedProxies, type TrustedProxies } from "./http/trust-proxy";
export * from "./kafka/client";
export * from "./kafka/consumer";
export * from "./kafka/outbox";
export * from "./keys";
export * from "./lifecycle";
export * from "./logger";
export * from "./mail";
export * from "./metrics";
export * from "./mongo";
export { createS3, type S3Settings } from "./s3";
export { inTurn, serializedWrites, unwrapCollection } from "./serial-writes";
export * from "./service";
export { type Span, unionMs } from "./spans";
export { activeTraceContext, withEventSpan } from "./telemetry/trace";
export { fieldMessage, installFieldMessages } from "./zod-messages";
