// Registers a stored upload as an asset of a portal (R-FMT, R-STD): the fields sent with it
// (alt text required on images unless decorative), the duplicate check within the portal, the
// document and its media.asset.uploaded event in one write (outbox), then the renditions job.
// Whatever is refused removes the stored file, so nothing is half-written.
import { type Actor, AssetUploaded } from "@cong/contracts";
import { fail, type Outbox, zodFieldErrors } from "@cong/kit";
import { characters } from "@cong/text";
import type { Client } from "minio";
import type { Collection } from "mongodb";
import { z } from "zod";
import { type AssetKeys, keysOf } from "./asset.keys";
import type { AssetDoc } from "./asset.types";
import type { Processor } from "./processor";
import type { Stored } from "./store";
import type { Todo } from "./todo";

/**
 * A free-text field: trimmed, normalised to NFC, then at most `max` characters (code points, so a
 * Vietnamese letter typed decomposed counts once, and so does an emoji). Too long is a 422 with
 * `errors[].code` `too_big` and the limit in the message.
 */
export const NFC = (max: number) =>
  z
    .string()
    .transform((s) => s.normalize("NFC").trim())
    .superRefine((s, ctx) => {
      if (characters(s) > max)
        ctx.addIssue({
          code: "too_big",
          origin: "string",
          maximum: max,
          inclusive: true,
          input: s,
          message: `at most ${max} characters (${characters(s)} given)`,
        });
    });

/** Limits of media's free-text fields, in characters (openapi.yaml states the same). */
export const TEXT_LIMITS = { altText: 500, title: 300, filename: 255, captionLabel: 60, query: 200 } as const;

export const UploadFields = z
  .object({
    altText: NFC(TEXT_LIMITS.altText).optional(),
    title: NFC(TEXT_LIMITS.title).optional(),
    decorative: z.enum(["true", "false"]).optional(),
  })
  .strict();

/** The upload's filename (from its part's header), checked before anything is stored. */
export const Filename = NFC(TEXT_LIMITS.filename);

export interface LibraryDeps {
  assets: Collection<AssetDoc>;
  /** the library's keyed index (list, duplicates) */
  keys: AssetKeys;
  outbox: Outbox;
  s3: Client;
  bucket: string;
  processor: Processor;
  /** the `process|<id>` marker a start finds unprocessed uploads by */
  todo: Todo;
}

export const altTextRequired = () =>
  fail.validation(
    [{ path: "altText", code: "required", message: "alt text, or decorative=true" }],
    "Ảnh cần có mô tả thay thế (alt), trừ ảnh trang trí. / Images need alt text unless decorative.",
    { reason: "alt_text_required" },
  );

export async function register(
  d: LibraryDeps,
  input: {
    id: string;
    portalId: string;
    stored: Stored;
    filename: string;
    fields: Record<string, string>;
    by: Actor;
  },
): Promise<AssetDoc> {
  const { id, portalId, stored, by } = input;
  const discard = () => d.s3.removeObject(d.bucket, stored.key).catch(() => undefined);
  const f = UploadFields.safeParse(input.fields);
  if (!f.success) {
    await discard();
    throw fail.validation(zodFieldErrors(f.error), "Thông tin kèm tệp chưa hợp lệ. / Invalid fields.");
  }
  const decorative = f.data.decorative === "true";
  if (stored.decided.kind === "image" && !decorative && !f.data.altText) {
    await discard();
    throw altTextRequired();
  }
  // by the keyed index (`<portal>|h:<sha256>|…`): a look-up, not a scan of the library (issue 21)
  const same = await d.keys.duplicate(portalId, stored.sha256);
  if (same) {
    await discard();
    throw fail.conflict("Tệp này đã có trên cổng. / This file is already on the portal.", {
      reason: "duplicate_asset",
      extra: { existingAssetId: same._id, existing: `/portals/${portalId}/assets/${same._id}` },
    });
  }
  const now = new Date();
  const doc: AssetDoc = {
    _id: id,
    portalId,
    kind: stored.decided.kind,
    mimeType: stored.decided.mime,
    ext: stored.decided.ext,
    filename: input.filename || `tep.${stored.decided.ext}`,
    sizeBytes: stored.size,
    sha256: stored.sha256,
    status: "processing",
    rev: 0,
    ...(f.data.title ? { title: f.data.title } : {}),
    ...(f.data.altText && !decorative ? { altText: f.data.altText } : {}),
    decorative,
    renditions: [],
    captions: [],
    textExtracted: false,
    live: false,
    usedBy: [],
    uploadedBy: by,
    uploadedAt: now,
  };
  try {
    // keys and the processing marker first: a crash before the insert leaves keys without an
    // asset, which readers skip, and a marker the next start drops
    await d.keys.add(doc);
    await d.todo.add("process", id);
    await d.outbox.insertOne(d.assets, doc, [
      {
        def: AssetUploaded,
        data: {
          assetId: id,
          portalId,
          kind: doc.kind,
          mimeType: doc.mimeType,
          sizeBytes: doc.sizeBytes,
          sha256: doc.sha256,
          filename: doc.filename,
          uploadedBy: by,
          uploadedAt: now.toISOString(),
        },
      },
    ]);
  } catch (e) {
    await d.keys.settle(id, keysOf(doc)).catch(() => undefined);
    await d.todo.done("process", id).catch(() => undefined);
    await discard();
    throw e;
  }
  d.processor.enqueue(id);
  return doc;
}
