// An asset as media stores it: one document per upload in `assets`, its files in S3 under
// `<portalId>/<assetId>/` (the upload as `original`, renditions by name, captions as
// `captions/<lang>.vtt`). Images keep only re-encoded renditions: the upload, with its EXIF/GPS,
// is removed once they exist (R-PII).
import { type Actor, AssetProcessed } from "@cong/contracts";
import type { MediaKind } from "./inspect";

export interface RenditionDoc {
  name: string;
  mimeType: string;
  width?: number;
  height?: number;
  sizeBytes: number;
}

export interface CaptionDoc {
  lang: string;
  label: string;
  sizeBytes: number;
}

export type AssetStatus = "processing" | "ready" | "failed";

export interface AssetDoc {
  _id: string;
  portalId: string;
  kind: MediaKind;
  mimeType: string;
  ext: string;
  filename: string;
  sizeBytes: number;
  sha256: string;
  status: AssetStatus;
  /** bumped by every change of the metadata, so processing never overwrites a newer one */
  rev: number;
  /** while a replica processes the asset */
  leaseUntil?: Date;
  failure?: string;
  title?: string;
  altText?: string;
  decorative: boolean;
  renditions: RenditionDoc[];
  width?: number;
  height?: number;
  durationSeconds?: number;
  codecs?: string[];
  captions: CaptionDoc[];
  textExtracted: boolean;
  /** used by live (published) content: public, and not deletable */
  live: boolean;
  usedBy: string[];
  uploadedBy: Actor;
  uploadedAt: Date;
  processedAt?: Date;
  deletedAt?: Date;
  deletedBy?: Actor;
  /** the files of a deleted asset are gone from S3 */
  filesRemoved?: boolean;
}

export const ORIGINAL = "original";
export const prefixOf = (a: Pick<AssetDoc, "_id" | "portalId">) => `${a.portalId}/${a._id}/`;
export const keyOf = (a: Pick<AssetDoc, "_id" | "portalId">, name: string) => `${prefixOf(a)}${name}`;

/** The API view of an asset (no internals). */
export function assetView(a: AssetDoc) {
  return {
    id: a._id,
    portalId: a.portalId,
    kind: a.kind,
    mimeType: a.mimeType,
    filename: a.filename,
    sizeBytes: a.sizeBytes,
    sha256: a.sha256,
    status: a.status,
    ...(a.failure ? { failure: a.failure } : {}),
    ...(a.title ? { title: a.title } : {}),
    ...(a.altText ? { altText: a.altText } : {}),
    decorative: a.decorative,
    renditions: a.renditions,
    ...(a.width ? { width: a.width, height: a.height } : {}),
    ...(a.durationSeconds !== undefined ? { durationSeconds: a.durationSeconds } : {}),
    ...(a.codecs ? { codecs: a.codecs } : {}),
    captions: a.captions,
    textExtracted: a.textExtracted,
    live: a.live,
    uploadedBy: a.uploadedBy,
    uploadedAt: a.uploadedAt.toISOString(),
    ...(a.processedAt ? { processedAt: a.processedAt.toISOString() } : {}),
  };
}

/** The current state as an AssetProcessed event (publishing keeps renditions and alt text from it). */
/** Characters of a document's text the processed event carries (publishing's search). */
export const EVENT_TEXT_CHARS = 8_000;

export function processedEvent(a: AssetDoc, text?: string) {
  return {
    def: AssetProcessed,
    data: {
      assetId: a._id,
      portalId: a.portalId,
      kind: a.kind,
      renditions: a.renditions,
      ...(a.altText ? { altText: a.altText } : {}),
      decorative: a.decorative,
      ...(a.durationSeconds !== undefined ? { durationSeconds: a.durationSeconds } : {}),
      ...(a.codecs ? { codecs: a.codecs } : {}),
      hasCaptions: a.captions.length > 0,
      textExtracted: a.textExtracted,
      ...(text ? { text: text.slice(0, EVENT_TEXT_CHARS) } : {}),
      processedAt: (a.processedAt ?? new Date()).toISOString(),
    },
  } as const;
}
