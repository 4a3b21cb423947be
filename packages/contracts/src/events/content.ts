import { z } from "zod";
import { Actor, ContentKind, EntityId, PortalId, RetentionClass, Timestamp } from "../common";
import { defineEvent } from "../define";
import { ContentSnapshot, PortalSnapshot } from "../snapshots";

const actor = {
  id: "8d5b7c1e-0f3a-4e52-9a51-3f0c2b6f9d11",
  username: "stttt.focal-officer",
  name: "Dương Thị Oanh",
};
const board = {
  id: "2a9e4f6b-7c1d-4b0e-8f3a-5d6c7b8a9e01",
  username: "stttt.board-member",
  name: "Lý Văn Phúc",
};
const itemId = "6750a1c2e4b0a1b2c3d4e5f6";
const ItemRef = { itemId: EntityId, portalId: PortalId, revision: z.number().int().positive() };

export const ContentSubmitted = defineEvent({
  name: "content.submitted",
  topic: "content",
  description: "A focal officer or contributor sent a revision to the portal's editorial board (R-MODERATE).",
  schema: z.object({
    ...ItemRef,
    kind: ContentKind,
    title: z.string().min(1),
    submittedBy: Actor,
    submittedAt: Timestamp,
  }),
  example: {
    itemId,
    portalId: "stttt",
    revision: 1,
    kind: "article",
    title: "Hội nghị chuyển đổi số tỉnh Bắc Giang năm 2026",
    submittedBy: actor,
    submittedAt: "2026-11-28T08:30:00+07:00",
  },
  subject: (d) => d.itemId,
  portalId: (d) => d.portalId,
});

export const ContentApproved = defineEvent({
  name: "content.approved",
  topic: "content",
  description:
    "A member of the portal's own editorial board approved a revision (never their own, R-MODERATE).",
  schema: z.object({
    ...ItemRef,
    approvedBy: Actor,
    approvedAt: Timestamp,
    scheduledAt: Timestamp.nullable().describe("publication time when scheduled, null to publish now"),
  }),
  example: {
    itemId,
    portalId: "stttt",
    revision: 1,
    approvedBy: board,
    approvedAt: "2026-11-28T09:00:00+07:00",
    scheduledAt: null,
  },
  subject: (d) => d.itemId,
  portalId: (d) => d.portalId,
});

export const ContentRejected = defineEvent({
  name: "content.rejected",
  topic: "content",
  description: "The editorial board sent a revision back to draft with its comment.",
  schema: z.object({ ...ItemRef, rejectedBy: Actor, rejectedAt: Timestamp, comment: z.string().min(1) }),
  example: {
    itemId,
    portalId: "stttt",
    revision: 1,
    rejectedBy: board,
    rejectedAt: "2026-11-28T09:00:00+07:00",
    comment: "Bổ sung ảnh và nguồn số liệu.",
  },
  subject: (d) => d.itemId,
  portalId: (d) => d.portalId,
});

export const ContentPublished = defineEvent({
  name: "content.published",
  topic: "content",
  description: "A revision went live on its portal; carries the whole published snapshot.",
  schema: z.object({
    ...ItemRef,
    publishedAt: Timestamp,
    publishedBy: Actor,
    snapshot: ContentSnapshot,
  }),
  example: {
    itemId,
    portalId: "stttt",
    revision: 1,
    publishedAt: "2026-11-28T09:05:00+07:00",
    publishedBy: board,
    snapshot: {
      itemId,
      portalId: "stttt",
      revision: 1,
      kind: "article",
      categoryIds: ["cat-tin-tuc-su-kien"],
      retentionClass: "limited-5y",
      locales: {
        vi: {
          title: "Hội nghị chuyển đổi số tỉnh Bắc Giang năm 2026",
          slug: "hoi-nghi-chuyen-doi-so-tinh-bac-giang-nam-2026",
          summary: "Sáng 28/11, Sở Thông tin và Truyền thông tổ chức hội nghị tổng kết chuyển đổi số.",
          bodyHtml: "<p>Sáng 28/11, Sở Thông tin và Truyền thông tổ chức hội nghị …</p>",
          previousSlugs: [],
        },
      },
      agency: "Sở Thông tin và Truyền thông",
      author: actor,
      contributors: [{ name: "Dương Thị Oanh", role: "tác giả" }],
      firstPublishedAt: "2026-11-28T09:05:00+07:00",
      publishedAt: "2026-11-28T09:05:00+07:00",
      media: [],
      tags: ["chuyển đổi số"],
    },
  },
  subject: (d) => d.itemId,
  portalId: (d) => d.portalId,
});

export const ContentUnpublished = defineEvent({
  name: "content.unpublished",
  topic: "content",
  description: "A live item was taken down: withdrawn with a public reason, gone (410), or redirected.",
  schema: z
    .object({
      ...ItemRef,
      unpublishedAt: Timestamp,
      unpublishedBy: Actor,
      mode: z.enum(["withdrawn", "gone", "redirected"]),
      publicReason: z.string().min(1).optional(),
      redirectTo: z.string().min(1).optional().describe("path or URL the old address sends readers to"),
    })
    .refine((d) => d.mode !== "withdrawn" || !!d.publicReason, {
      message: "a withdrawal needs a public reason",
      path: ["publicReason"],
    })
    .refine((d) => d.mode !== "redirected" || !!d.redirectTo, {
      message: "a redirect needs a target",
      path: ["redirectTo"],
    }),
  example: {
    itemId,
    portalId: "stttt",
    revision: 1,
    unpublishedAt: "2026-12-01T10:00:00+07:00",
    unpublishedBy: board,
    mode: "withdrawn",
    publicReason: "Thông tin đã được thay thế bởi thông báo số 12/TB-STTTT.",
  },
  subject: (d) => d.itemId,
  portalId: (d) => d.portalId,
});

export const ContentArchived = defineEvent({
  name: "content.archived",
  topic: "content",
  description: "An item left the live portal for the archive (after expiry or by the board).",
  schema: z.object({
    itemId: EntityId,
    portalId: PortalId,
    archivedAt: Timestamp,
    reason: z.enum(["expired", "manual"]),
    archivedBy: Actor,
  }),
  example: {
    itemId,
    portalId: "stttt",
    archivedAt: "2031-11-28T02:00:00+07:00",
    reason: "expired",
    archivedBy: { id: "system:retention", username: "system:retention" },
  },
  subject: (d) => d.itemId,
  portalId: (d) => d.portalId,
});

export const ContentExpired = defineEvent({
  name: "content.expired",
  topic: "archive",
  description: "Retention: a time-limited item reached five years after publication (R-RETAIN).",
  schema: z.object({
    itemId: EntityId,
    portalId: PortalId,
    retentionClass: z.literal(RetentionClass.enum["limited-5y"]),
    publishedAt: Timestamp,
    expiredAt: Timestamp,
  }),
  example: {
    itemId,
    portalId: "stttt",
    retentionClass: "limited-5y",
    publishedAt: "2026-11-28T09:05:00+07:00",
    expiredAt: "2031-11-28T09:05:00+07:00",
  },
  subject: (d) => d.itemId,
  portalId: (d) => d.portalId,
});

export const PortalUpdated = defineEvent({
  name: "portal.updated",
  topic: "content",
  description:
    "A portal was registered or changed (host, names, board contacts, footer facts, categories); R-DOM, R-CONTENT.",
  schema: z.object({ portal: PortalSnapshot, updatedBy: Actor, updatedAt: Timestamp }),
  example: {
    portal: {
      portalId: "tanyen",
      kind: "district",
      name: { vi: "Cổng Thông tin điện tử huyện Tân Yên", en: "Tan Yen District Portal" },
      agency: { vi: "Ủy ban nhân dân huyện Tân Yên" },
      host: "tanyen.bacgiang.gov.vn",
      parentPortalId: "bacgiang",
      languages: ["vi"],
      boardMailbox: "banbientap@tanyen.bacgiang.gov.vn",
      hotline: "0204 3878 000",
      address: "Số 222 đường Đồng Bản, thị trấn Cao Thượng, huyện Tân Yên, tỉnh Bắc Giang",
      addressText: {
        vi: "Số 222 đường Đồng Bản, thị trấn Cao Thượng, huyện Tân Yên, tỉnh Bắc Giang",
        en: "222 Dong Ban Street, Cao Thuong Town, Tan Yen District, Bac Giang Province",
      },
      personInCharge: { name: "Hoàng Văn Thắng", position: { vi: "Chủ tịch UBND huyện Tân Yên" } },
      licence: {
        vi: "Giấy phép số 12/GP-STTTT do Sở Thông tin và Truyền thông tỉnh Bắc Giang cấp ngày 20/04/2022",
      },
      categories: [
        {
          categoryId: "cat-tin-tuc-su-kien",
          slug: "tin-tuc-su-kien",
          name: { vi: "Tin tức - Sự kiện", en: "News" },
          parentId: null,
          retentionClass: "limited-5y",
          mandatory: true,
          order: 2,
        },
      ],
      active: true,
    },
    updatedBy: { id: "system:seed", username: "system:seed" },
    updatedAt: "2026-11-28T08:00:00+07:00",
  },
  subject: (d) => d.portal.portalId,
  portalId: (d) => d.portal.portalId,
});
