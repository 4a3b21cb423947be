import * as Minio from "minio";

export interface S3Settings {
  S3_ENDPOINT: string;
  S3_ACCESS_KEY: string;
  S3_SECRET_KEY: string;
  S3_REGION: string;
}

export function createS3(c: S3Settings): Minio.Client {
  const u = new URL(c.S3_ENDPOINT);
  return new Minio.Client({
    endPoint: u.hostname,
    port: u.port ? Number(u.port) : u.protocol === "https:" ? 443 : 80,
    useSSL: u.protocol === "https:",
    accessKey: c.S3_ACCESS_KEY,
    secretKey: c.S3_SECRET_KEY,
    region: c.S3_REGION,
    pathStyle: true,
  });
}
