import { randomBytes } from "node:crypto";

/**
 * A name unique to this test run, for a database, bucket or topic prefix, so test files never see
 * each other's data. Lowercase letters, digits and dashes only (valid for S3, Kafka and Mongo).
 */
export function uniqueName(prefix: string): string {
  const clean = prefix
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 30);
  return `t-${clean}-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
}
