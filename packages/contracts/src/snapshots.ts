// Payloads that cross services: what `publishing`, `archive` and `media` learn about portals and
// content items from the content service's events (event-carried state, so no service reads
// another's database).
import { z } from "zod";
import {
  Actor,
  ContentKind,
  EntityId,
  Locale,
  LocalizedText,
  PortalId,
  RetentionClass,
  Timestamp,
} from "./common";

export const CategorySnapshot = z.object({
  categoryId: EntityId,
  slug: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  name: LocalizedText,
  parentId: EntityId.nullable(),
  retentionClass: RetentionClass,
  mandatory: z.boolean().describe("a category Decree 42/2022 requires (R-CONTENT)"),
  order: z.number().int(),
});
export type CategorySnapshot = z.infer<typeof CategorySnapshot>;

/** The person in charge of a portal (người chịu trách nhiệm): a name, the same in every language, and a position. */
export const PersonInCharge = z.object({
  name: z.string().min(1).describe("e.g. Nguyễn Văn Hùng"),
  position: LocalizedText.describe(
    "e.g. { vi: 'Giám đốc Sở Thông tin và Truyền thông', en: 'Director of …' }",
  ),
});
export type PersonInCharge = z.infer<typeof PersonInCharge>;

/** A portal's address in every language it has: `addressText`, else the Vietnamese `address` of older events. */
export function portalAddress(p: Pick<PortalSnapshot, "address" | "addressText">): LocalizedText | undefined {
  return p.addressText ?? (p.address ? { vi: p.address } : undefined);
}

export const PortalSnapshot = z.object({
  portalId: PortalId,
  kind: z.enum(["province", "department", "district"]),
  name: LocalizedText,
  agency: LocalizedText.describe("the agency answerable for the portal (R-AGENCY)"),
  host: z.string().describe("production host, e.g. stttt.bacgiang.gov.vn (R-DOM)"),
  parentPortalId: PortalId.nullable().describe("component portals belong to the provincial portal"),
  languages: z.array(Locale).min(1),
  boardMailbox: z.email(),
  hotline: z.string().min(3),
  address: z
    .string()
    .optional()
    .describe(
      "the agency's postal address in Vietnamese; kept for consumers older than `addressText`, which carries every language",
    ),
  addressText: LocalizedText.optional().describe(
    "the agency's postal address per language (footer, Decree 42/2022); when absent, `address` is the Vietnamese one",
  ),
  personInCharge: PersonInCharge.optional().describe(
    "người chịu trách nhiệm: the official answerable for the portal's content, shown in every page's footer",
  ),
  licence: LocalizedText.optional().describe(
    "the licence line as issued, e.g. 'Giấy phép số 25/GP-TTĐT do Sở Thông tin và Truyền thông tỉnh Bắc Giang cấp ngày 15/03/2021'",
  ),
  emblem: z
    .object({ assetId: EntityId })
    .optional()
    .describe(
      "the portal's logo or emblem shown in its banner: an image asset of the portal's own media library (media makes it public while set)",
    ),
  serviceLinks: z
    .array(z.object({ label: LocalizedText, url: z.url({ protocol: /^https?$/ }) }))
    .optional()
    .describe(
      "links to online public services the home page shows (Art. 3.2), e.g. the province's public-service portal; a component portal without any shows the provincial portal's",
    ),
  categories: z.array(CategorySnapshot),
  active: z.boolean(),
});
export type PortalSnapshot = z.infer<typeof PortalSnapshot>;

export const LocalizedContent = z.object({
  title: z.string().min(1).max(500),
  slug: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  summary: z.string().max(2000).optional(),
  /** sanitised on the server against the allow-list (never raw input) */
  bodyHtml: z.string(),
  previousSlugs: z.array(z.string()).default([]),
  changeNote: z
    .object({ kind: z.enum(["major", "minor"]), text: z.string() })
    .optional()
    .describe("public change note"),
});
export type LocalizedContent = z.infer<typeof LocalizedContent>;

export const LegalDocumentMeta = z.object({
  number: z.string().min(1).describe("số ký hiệu, e.g. 36/2019/QĐ-UBND"),
  docType: z.string().min(1).describe("loại văn bản: Quyết định, Nghị quyết, Chỉ thị …"),
  issuer: z.string().min(1).describe("cơ quan ban hành"),
  signer: z.string().min(1).describe("người ký"),
  issuedOn: z.iso.date(),
  effectiveOn: z.iso.date().nullable(),
  validity: z.enum(["not-yet-effective", "in-force", "partly-expired", "expired"]),
});
export type LegalDocumentMeta = z.infer<typeof LegalDocumentMeta>;

export const MediaUse = z.object({
  assetId: EntityId,
  role: z.enum(["cover", "inline", "attachment", "gallery"]),
  alt: z.string().optional().describe("alt text for this use; falls back to the asset's"),
  decorative: z.boolean().default(false),
  caption: z.string().optional(),
});
export type MediaUse = z.infer<typeof MediaUse>;

export const ContentSnapshot = z.object({
  itemId: EntityId,
  portalId: PortalId,
  revision: z.number().int().positive(),
  kind: ContentKind,
  categoryIds: z.array(EntityId).min(1),
  retentionClass: RetentionClass,
  locales: z.object({ vi: LocalizedContent }).catchall(LocalizedContent),
  agency: z.string().optional(),
  author: Actor.optional(),
  contributors: z.array(z.object({ name: z.string(), role: z.string().optional() })).default([]),
  firstPublishedAt: Timestamp,
  publishedAt: Timestamp,
  legal: LegalDocumentMeta.optional(),
  comment: z
    .object({ opensAt: Timestamp, closesAt: Timestamp })
    .optional()
    .describe("window for public comment on a draft legal document"),
  media: z.array(MediaUse).default([]),
  tags: z.array(z.string()).default([]),
});
export type ContentSnapshot = z.infer<typeof ContentSnapshot>;
