// A preview of an item's working revision before it is live (R-MODERATE): the board, or someone
// without an account the link is sent to, sees the page exactly as the portal would show it.
// content mints the link (`POST /portals/{portalId}/items/{itemId}/preview-links`, staff only) and
// answers `GET /public/previews/{token}` with this payload; publishing renders it on the portal's
// own host at `/xem-truoc/{token}`. Both sides validate with this schema.
import { z } from "zod";
import { Actor, EntityId, PortalId, Timestamp } from "../common";
import { ContentSnapshot } from "../snapshots";

/** The secret part of a preview link: 32 random bytes, base64url. */
export const PreviewToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "a preview token");

/** Path of a preview on its portal's host (publishing). */
export const previewPath = (token: string) => `/xem-truoc/${token}`;

export const PreviewLink = z.object({
  previewId: EntityId,
  itemId: EntityId,
  portalId: PortalId,
  revision: z.number().int().positive(),
  token: PreviewToken,
  /** path on the portal's host; the admin joins it to the portal's public origin */
  path: z.string().startsWith("/xem-truoc/"),
  createdBy: Actor,
  createdAt: Timestamp,
  expiresAt: Timestamp,
});
export type PreviewLink = z.infer<typeof PreviewLink>;

/**
 * A preview link as it is listed after its creation: the token is shown once, when the link is
 * made (content keeps only its SHA-256), so a list cannot give it again.
 */
export const PreviewLinkSummary = PreviewLink.omit({ token: true, path: true });
export type PreviewLinkSummary = z.infer<typeof PreviewLinkSummary>;

export const CreatePreviewLink = z
  .object({
    /** how long the link works; the board sets it when sending it to someone */
    ttlHours: z.number().int().min(1).max(168).default(72),
  })
  .strict();

export const ItemPreview = z.object({
  previewId: EntityId,
  portalId: PortalId,
  itemId: EntityId,
  /** the revision as it was when the link was made (a frozen copy, like the board reviewed) */
  snapshot: ContentSnapshot,
  /** the item changed after the link was made: the page says so */
  outdated: z.boolean(),
  /** preview tokens of the snapshot's media (media's `?token=`), so drafts' images show */
  mediaTokens: z.record(EntityId, z.string().min(1)).default({}),
  /** when the media tokens stop working (media's own limit, which may come before `expiresAt`) */
  mediaTokensExpireAt: Timestamp.optional(),
  createdAt: Timestamp,
  expiresAt: Timestamp,
});
export type ItemPreview = z.infer<typeof ItemPreview>;

export const examplePreview: ItemPreview = {
  previewId: "6750b2d3e4b0a1b2c3d4e5f7",
  portalId: "tanyen",
  itemId: "6750a1c2e4b0a1b2c3d4e5f6",
  snapshot: {
    itemId: "6750a1c2e4b0a1b2c3d4e5f6",
    portalId: "tanyen",
    revision: 1,
    kind: "article",
    categoryIds: ["cat-tin-tuc-su-kien"],
    retentionClass: "limited-5y",
    locales: {
      vi: {
        title: "Huyện Tân Yên ra quân làm đường giao thông nông thôn",
        slug: "huyen-tan-yen-ra-quan-lam-duong-giao-thong-nong-thon",
        bodyHtml: "<p>Sáng 30/11/2026, huyện Tân Yên tổ chức lễ ra quân…</p>",
        previousSlugs: [],
      },
    },
    contributors: [],
    firstPublishedAt: "2026-11-30T09:00:00+07:00",
    publishedAt: "2026-11-30T09:00:00+07:00",
    media: [],
    tags: [],
  },
  outdated: false,
  mediaTokens: {},
  createdAt: "2026-11-30T09:00:00+07:00",
  expiresAt: "2026-12-03T09:00:00+07:00",
};
