export { type AnswerLog, type OpenApiDoc, recordAnswers } from "./answers";
export { CHROMIUM_ARGS, CHROMIUM_PATH } from "./browser";
export {
  type ConformanceCheck,
  type ConformanceOptions,
  type ConformanceSummary,
  checkConformance,
  openApiConformance,
  type ReceivedAnswer,
} from "./conformance";
export { localEnv, parseEnvFile, repoRoot, type ServerEnv, serverEnv } from "./env";
export {
  type Mailpit,
  type MailpitAddress,
  type MailpitMessage,
  type MailpitSummary,
  mailpit,
  mailpitUrl,
} from "./mailpit";
export { uniqueName } from "./names";
export { minimalPdf } from "./pdf";
export { ephemeralLow, freePort, portFree, stablePortRange } from "./ports";
export { type PrivateServer, privateServer, type ServerName } from "./private-server";
export { indexesSettled, isOutboxQuery, type RecordedQuery, unflat, watchQueries } from "./pushdown";
export { isolatedService } from "./service-settings";
export { demoToken } from "./tokens";
export { waitFor } from "./wait";
