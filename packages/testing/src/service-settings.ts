// The settings every service under test shares: ports chosen by the system, silent logs, its own
// database and Kafka topic prefix (so test files never see each other's data), the local Kafka,
// Keycloak and S3. A fixture spreads them and adds the service's own keys.
import { serverEnv } from "./env";
import { uniqueName } from "./names";

export function isolatedService(name: string) {
  const env = serverEnv();
  const prefix = `${uniqueName(name)}.`;
  const dbName = prefix.replaceAll(/[.-]/g, "_").slice(0, 60);
  return {
    prefix,
    dbName,
    base: {
      PORT: 0,
      MANAGEMENT_PORT: 0,
      LOG_LEVEL: "silent" as const,
      SHUTDOWN_TIMEOUT_MS: 5000,
      MONGO_URL: `${env.MONGO_URL}/${dbName}`,
      KAFKA_BROKERS: env.KAFKA_BROKERS.split(","),
      KAFKA_SSL: false,
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_ENSURE_TOPICS: true,
      KEYCLOAK_URL: env.KEYCLOAK_URL,
      KEYCLOAK_REALM: env.KEYCLOAK_REALM,
      KEYCLOAK_AUDIENCE: "cong-api",
    },
    s3: {
      S3_ENDPOINT: env.S3_ENDPOINT,
      S3_ACCESS_KEY: env.S3_ACCESS_KEY,
      S3_SECRET_KEY: env.S3_SECRET_KEY,
      S3_REGION: env.S3_REGION,
    },
  };
}
