// Preview links (R-MODERATE, issue 14): the board — or someone without an account the link is
// sent to — sees an item's working revision as the portal would show it, before it is live. A
// link holds a FROZEN snapshot of the revision (what was reviewed) and, for each of its media, a
// media preview token obtained with the creator's own token; it opens without login through an
// unguessable token (32 random bytes) of which only the SHA-256 is stored. Expiring (1–168 h),
// revocable, audited on the item. publishing renders it on the portal's host (`previewPath`).
import { randomBytes } from "node:crypto";
import {
  CreatePreviewLink,
  ItemPreview,
  PreviewLink,
  PreviewLinkSummary,
  PreviewToken,
  previewPath,
} from "@cong/contracts";
import { BOARD_ROLES, fail } from "@cong/kit";
import { ObjectId } from "mongodb";
import type { Caller, ItemService } from "../items/item.service";
import type { MediaLibrary } from "../media/media.client";
import type { PortalService } from "../portals/portal.service";
import {
  type PreviewIndexDoc,
  type PreviewLinkDoc,
  type PreviewRepository,
  tokenHash,
} from "./preview.repository";

const STAFF: readonly string[] = [...BOARD_ROLES, "focal-officer"];
const TOKENS_AT_ONCE = 8;

const notFound = () =>
  fail.notFound("Không tìm thấy liên kết xem trước, hoặc liên kết đã bị thu hồi. / No such preview link.", {
    reason: "preview_not_found",
  });

export class PreviewService {
  constructor(
    private readonly links: PreviewRepository,
    private readonly items: ItemService,
    private readonly portals: PortalService,
    private readonly media: MediaLibrary,
  ) {}

  /** The portal's board and focal officers on any item; a contributor on their own item only. */
  private async mayManage(portalId: string, itemId: string, caller: Caller) {
    const doc = await this.items.get(portalId, itemId);
    if (!STAFF.some((r) => caller.roles.has(r as never)) && doc.owner.id !== caller.actor.id)
      throw fail.forbidden(
        "Cộng tác viên chỉ tạo, xem, thu hồi liên kết xem trước cho bài của mình. / Contributors manage previews of their own items only.",
        { reason: "contributor_own_items_only" },
      );
    return doc;
  }

  async create(portalId: string, itemId: string, raw: unknown, caller: Caller): Promise<PreviewLink> {
    const input = CreatePreviewLink.parse(raw ?? {});
    const doc = await this.mayManage(portalId, itemId, caller);
    const rev = doc.working ?? doc.live;
    if (!rev || doc.status === "archived")
      throw fail.conflict("Nội dung này không có gì để xem trước. / Nothing to preview.", {
        reason: "nothing_to_preview",
      });
    const portal = await this.portals.require(portalId);
    const snapshot = this.items.snapshot(doc, portal.languages, rev);
    // media of a draft are not public yet: a media token each, asked with the creator's rights
    const mediaTokens: Record<string, string> = {};
    let mediaTokensExpireAt: Date | undefined;
    const assets = [...new Set(snapshot.media.map((m) => m.assetId))];
    if (assets.length && caller.authorization) {
      const auth = caller.authorization;
      for (let i = 0; i < assets.length; i += TOKENS_AT_ONCE) {
        const batch = assets.slice(i, i + TOKENS_AT_ONCE);
        const answers = await Promise.all(batch.map((a) => this.media.previewToken(portalId, a, auth)));
        batch.forEach((a, j) => {
          const t = answers[j];
          if (!t) return; // no longer in the library: the preview shows it missing, as the page would
          mediaTokens[a] = t.token;
          if (!mediaTokensExpireAt || t.expiresAt < mediaTokensExpireAt) mediaTokensExpireAt = t.expiresAt;
        });
      }
    }
    const token = randomBytes(32).toString("base64url");
    const now = new Date();
    const link: PreviewLinkDoc = {
      _id: tokenHash(token),
      previewId: new ObjectId().toHexString(),
      portalId,
      itemId,
      revision: rev.revision,
      itemVersion: doc.version,
      snapshot,
      mediaTokens,
      ...(mediaTokensExpireAt ? { mediaTokensExpireAt } : {}),
      createdBy: caller.actor,
      createdAt: now,
      expiresAt: new Date(now.getTime() + input.ttlHours * 3600_000),
    };
    // audited first: a link nobody can account for never exists
    await this.items.appendAudit(
      portalId,
      itemId,
      caller,
      "preview-link-created",
      `${link.previewId} until ${link.expiresAt.toISOString()}`,
    );
    await this.links.insert(portalId, link);
    return PreviewLink.parse({
      previewId: link.previewId,
      itemId,
      portalId,
      revision: link.revision,
      token,
      path: previewPath(token),
      createdBy: link.createdBy,
      createdAt: now.toISOString(),
      expiresAt: link.expiresAt.toISOString(),
    });
  }

  /** The item's links that still open (not revoked, not expired), oldest first. */
  async list(
    portalId: string,
    itemId: string,
    caller: Caller,
    now = new Date(),
  ): Promise<PreviewLinkSummary[]> {
    await this.mayManage(portalId, itemId, caller);
    const entries = await this.links.listOfItem(portalId, itemId);
    return entries.filter((e) => !e.revokedAt && e.expiresAt > now).map(summary);
  }

  async revoke(portalId: string, itemId: string, previewId: string, caller: Caller): Promise<void> {
    await this.mayManage(portalId, itemId, caller);
    const entry = /^[0-9a-f]{24}$/.test(previewId)
      ? await this.links.getOfItem(portalId, itemId, previewId)
      : null;
    if (!entry) throw notFound();
    if (entry.revokedAt) return;
    await this.links.revoke(portalId, entry, caller.actor, new Date());
    await this.items.appendAudit(portalId, itemId, caller, "preview-link-revoked", previewId);
  }

  /** What `GET /public/previews/{token}` answers: 404 unknown or revoked, 410 expired. */
  async open(token: string, now = new Date()): Promise<ItemPreview> {
    if (!PreviewToken.safeParse(token).success) throw notFound();
    const link = await this.links.byToken(token);
    if (!link || link.revokedAt) throw notFound();
    if (link.expiresAt <= now)
      throw fail.gone("Liên kết xem trước đã hết hạn. / The preview link has expired.", {
        reason: "preview_expired",
        extra: { expiredAt: link.expiresAt.toISOString() },
      });
    const item = await this.items.get(link.portalId, link.itemId).catch(() => null);
    if (!item) throw notFound();
    // validated with the contract publishing validates with, before it leaves
    return ItemPreview.parse({
      previewId: link.previewId,
      portalId: link.portalId,
      itemId: link.itemId,
      snapshot: link.snapshot,
      outdated: item.version !== link.itemVersion,
      mediaTokens: link.mediaTokens,
      ...(link.mediaTokensExpireAt ? { mediaTokensExpireAt: link.mediaTokensExpireAt.toISOString() } : {}),
      createdAt: link.createdAt.toISOString(),
      expiresAt: link.expiresAt.toISOString(),
    });
  }
}

function summary(e: PreviewIndexDoc): PreviewLinkSummary {
  return PreviewLinkSummary.parse({
    previewId: e.previewId,
    itemId: e.itemId,
    portalId: e.portalId,
    revision: e.revision,
    createdBy: e.createdBy,
    createdAt: new Date(e.createdAt).toISOString(),
    expiresAt: new Date(e.expiresAt).toISOString(),
  });
}
