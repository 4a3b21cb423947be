// media's configuration: the shared keys (docs/architecture.md) plus the media bucket, the upload
// limits per kind (R-FMT) and the secret that signs preview links to draft assets.
import { baseConfig, kafkaConfig, keycloakConfig, loadConfig, mongoConfig, s3Config } from "@cong/kit";
import { z } from "zod";

const MB = 1024 * 1024;
const bytes = (def: number, what: string) =>
  z.coerce.number().int().min(1024).default(def).describe(`largest ${what} accepted, in bytes (413 beyond)`);

export const mediaConfig = {
  ...baseConfig,
  ...mongoConfig,
  ...kafkaConfig,
  ...keycloakConfig,
  ...s3Config,
  MEDIA_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/)
    .default("cong-media")
    .describe("bucket of the assets: `<portalId>/<assetId>/<name>`"),
  MEDIA_LIMIT_IMAGE: bytes(20 * MB, "image"),
  MEDIA_LIMIT_DOCUMENT: bytes(50 * MB, "document"),
  MEDIA_LIMIT_AUDIO: bytes(200 * MB, "audio file"),
  MEDIA_LIMIT_VIDEO: bytes(2048 * MB, "video"),
  MEDIA_PART_SIZE: z.coerce
    .number()
    .int()
    .min(5 * MB)
    .max(64 * MB)
    .default(8 * MB)
    .describe("S3 multipart part size; an upload holds at most three parts in memory"),
  MEDIA_LINK_SECRET: z
    .string()
    .min(32)
    .optional()
    .describe(
      "HMAC key of preview links to assets not yet public; the same on every replica. Random per process when unset",
    ),
  MEDIA_LINK_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(86_400)
    .default(3600)
    .describe("how long a preview link to a file not yet public stays valid"),
  FFPROBE_PATH: z.string().default("ffprobe").describe("ffprobe binary (duration and codecs of audio/video)"),
  FFMPEG_PATH: z.string().default("ffmpeg").describe("ffmpeg binary (poster frames of videos)"),
};

export type MediaConfig = ReturnType<typeof loadMediaConfig>;

export function loadMediaConfig(env: Record<string, string | undefined> = process.env) {
  // the chart names each service's bucket S3_BUCKET
  return loadConfig(mediaConfig, { ...env, MEDIA_BUCKET: env.MEDIA_BUCKET ?? env.S3_BUCKET });
}
