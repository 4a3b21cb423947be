// What a client may send for an item (zod, strict: unknown keys are refused).
import { ContentKind, LegalDocumentMeta, MediaUse } from "@cong/contracts";
import { z } from "zod";

const Slug = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "lowercase letters, digits and dashes")
  .max(160);
const LocaleKey = z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/);

export const LocaleInput = z
  .object({
    title: z.string().trim().min(1).max(500),
    slug: Slug.optional(),
    summary: z.string().trim().max(2000).optional(),
    bodyHtml: z.string().max(2_000_000).default(""),
    changeNote: z
      .object({ kind: z.enum(["major", "minor"]), text: z.string().trim().min(1).max(1000) })
      .strict()
      .optional(),
    publish: z.boolean().default(true),
  })
  .strict();

/** A legal document's fields as a person types them: the event contract's shape, with lengths. */
export const LegalInput = LegalDocumentMeta.extend({
  number: z.string().trim().min(1).max(100),
  docType: z.string().trim().min(1).max(100),
  issuer: z.string().trim().min(1).max(300),
  signer: z.string().trim().min(1).max(200),
});

/** A use of a media asset in an item: alt text and caption have lengths a page can show. */
export const MediaUseInput = MediaUse.extend({
  alt: z.string().trim().max(1000).optional(),
  caption: z.string().trim().max(2000).optional(),
});

export const ContributorInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    role: z.string().trim().max(100).optional(),
    userId: z.string().max(100).optional(),
  })
  .strict();

const fields = {
  categoryIds: z
    .array(z.string().regex(/^[A-Za-z0-9_-]{3,64}$/))
    .min(1)
    .max(10)
    .optional(),
  locales: z.record(LocaleKey, LocaleInput).refine((l) => !!l.vi, {
    message: "Vietnamese (vi) is required",
    path: ["vi"],
  }),
  legal: LegalInput.optional(),
  comment: z
    .object({ opensAt: z.coerce.date(), closesAt: z.coerce.date() })
    .strict()
    .refine((c) => c.closesAt > c.opensAt, { message: "closesAt must be after opensAt", path: ["closesAt"] })
    .optional(),
  contributors: z.array(ContributorInput).max(30).default([]),
  media: z.array(MediaUseInput).max(200).default([]),
  tags: z.array(z.string().trim().min(1).max(80)).max(30).default([]),
  agency: z.string().trim().max(300).optional(),
  commentsEnabled: z.boolean().optional(),
  version: z.number().int().nonnegative().optional(),
};

export const CreateItemInput = z.object({ kind: ContentKind, ...fields }).strict();
export type CreateItemInput = z.output<typeof CreateItemInput>;
/** `kind` may be sent back unchanged (clients round-trip the item); changing it is refused. */
export const EditItemInput = z.object({ kind: ContentKind.optional(), ...fields }).strict();
export type EditItemInput = z.output<typeof EditItemInput>;

export const ApproveInput = z
  .object({ scheduledAt: z.coerce.date().nullable().optional(), version: z.number().int().optional() })
  .strict();
export const RejectInput = z
  .object({ comment: z.string().trim().min(1).max(4000), version: z.number().int().optional() })
  .strict();
export const PublishInput = z
  .object({ at: z.coerce.date().nullable().optional(), version: z.number().int().optional() })
  .strict();
export const UnpublishInput = z
  .object({
    mode: z.enum(["withdrawn", "gone", "redirected"]),
    publicReason: z.string().trim().min(1).max(2000).optional(),
    redirectTo: z
      .string()
      .trim()
      .max(500)
      .regex(/^(\/[^\s]*|https:\/\/[^\s]+)$/, "a path starting with / or an https URL")
      .optional(),
    at: z.coerce.date().nullable().optional(),
    version: z.number().int().optional(),
  })
  .strict()
  .refine((d) => d.mode !== "withdrawn" || !!d.publicReason, {
    message: "a withdrawal needs a public reason",
    path: ["publicReason"],
  })
  .refine((d) => d.mode !== "redirected" || !!d.redirectTo, {
    message: "a redirect needs a target",
    path: ["redirectTo"],
  });
export const ArchiveInput = z
  .object({ reason: z.string().trim().max(2000).optional(), version: z.number().int().optional() })
  .strict();

export type ApproveInput = z.output<typeof ApproveInput>;
export type RejectInput = z.output<typeof RejectInput>;
export type PublishInput = z.output<typeof PublishInput>;
export type UnpublishInput = z.output<typeof UnpublishInput>;
export type ArchiveInput = z.output<typeof ArchiveInput>;
