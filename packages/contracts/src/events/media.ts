import { z } from "zod";
import { Actor, EntityId, PortalId, Timestamp } from "../common";
import { defineEvent } from "../define";

const assetId = "a1b2c3d4e5f60718293a4b5c";
const uploader = { id: "8d5b7c1e-0f3a-4e52-9a51-3f0c2b6f9d11", username: "stttt.focal-officer" };
const sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

export const MediaKind = z.enum(["image", "audio", "video", "document"]);

export const AssetUploaded = defineEvent({
  name: "media.asset.uploaded",
  topic: "media",
  description: "A file was stored after its type was decided by its bytes (R-FMT).",
  schema: z.object({
    assetId: EntityId,
    portalId: PortalId,
    kind: MediaKind,
    mimeType: z.string(),
    sizeBytes: z.number().int().nonnegative(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    filename: z.string(),
    uploadedBy: Actor,
    uploadedAt: Timestamp,
  }),
  example: {
    assetId,
    portalId: "stttt",
    kind: "image",
    mimeType: "image/jpeg",
    sizeBytes: 482113,
    sha256: sha,
    filename: "hoi-nghi-chuyen-doi-so.jpg",
    uploadedBy: uploader,
    uploadedAt: "2026-11-28T08:20:00+07:00",
  },
  subject: (d) => d.assetId,
  portalId: (d) => d.portalId,
});

export const Rendition = z.object({
  name: z.string().describe("e.g. w640.webp"),
  mimeType: z.string(),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
  sizeBytes: z.number().int().nonnegative(),
});

export const AssetProcessed = defineEvent({
  name: "media.asset.processed",
  topic: "media",
  description: "Renditions, metadata (EXIF removed), durations or extracted text are ready.",
  schema: z.object({
    assetId: EntityId,
    portalId: PortalId,
    kind: MediaKind,
    renditions: z.array(Rendition),
    altText: z.string().optional(),
    decorative: z.boolean().default(false),
    durationSeconds: z.number().nonnegative().optional(),
    codecs: z.array(z.string()).optional(),
    hasCaptions: z.boolean().default(false),
    textExtracted: z.boolean().default(false),
    text: z
      .string()
      .max(20_000)
      .optional()
      .describe("the start of a document's extracted text (NFC), for the portals' search"),
    processedAt: Timestamp,
  }),
  example: {
    assetId,
    portalId: "stttt",
    kind: "image",
    renditions: [
      { name: "w320.webp", mimeType: "image/webp", width: 320, height: 213, sizeBytes: 14220 },
      { name: "w320.jpg", mimeType: "image/jpeg", width: 320, height: 213, sizeBytes: 20110 },
    ],
    altText: "Toàn cảnh hội nghị chuyển đổi số tại Sở Thông tin và Truyền thông",
    decorative: false,
    hasCaptions: false,
    textExtracted: false,
    processedAt: "2026-11-28T08:20:05+07:00",
  },
  subject: (d) => d.assetId,
  portalId: (d) => d.portalId,
});

export const AssetDeleted = defineEvent({
  name: "media.asset.deleted",
  topic: "media",
  description: "An asset no published content uses was deleted.",
  schema: z.object({ assetId: EntityId, portalId: PortalId, deletedBy: Actor, deletedAt: Timestamp }),
  example: { assetId, portalId: "stttt", deletedBy: uploader, deletedAt: "2026-11-29T10:00:00+07:00" },
  subject: (d) => d.assetId,
  portalId: (d) => d.portalId,
});
