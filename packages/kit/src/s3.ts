// The S3 client every service builds from the shared S3_* settings (any S3 server: versitygw here,
// the data-integration centre's object store in production). Path-style addressing, so a bucket
// name never has to resolve in DNS.
import * as Minio from "minio";

export interface S3Settings {
  S3_ENDPOINT: string;
  S3_ACCESS_KEY: string;
  S3_SECRET_KEY: string;
  S3_REGION: string;
}

export function createS3(c: S3Settings, opts: { partSize?: number } = {}): Minio.Client {
  const u = new URL(c.S3_ENDPOINT);
  return new Minio.Client({
    endPoint: u.hostname,
    port: u.port ? Number(u.port) : u.protocol === "https:" ? 443 : 80,
    useSSL: u.protocol === "https:",
    accessKey: c.S3_ACCESS_KEY,
    secretKey: c.S3_SECRET_KEY,
    region: c.S3_REGION,
    pathStyle: true,
    ...(opts.partSize ? { partSize: opts.partSize } : {}),
  });
}
