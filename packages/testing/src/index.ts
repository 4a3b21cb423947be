export { localEnv, parseEnvFile, repoRoot, type ServerEnv, serverEnv } from "./env";
export { uniqueName } from "./names";
