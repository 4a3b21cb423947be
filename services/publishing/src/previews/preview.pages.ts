// The preview page (issue 14, R-MODERATE): a revision not yet live, rendered on the portal's own
// host with the very item-page template citizens see (`itemPage`), plus a banner saying it is not
// published; and the pages of a link that is wrong, expired or cannot be read now.
import type { ItemPreview } from "@cong/contracts";
import type { ItemRecord } from "../readmodel/readmodel";
import { itemPage, messagePage, type PageDeps, type Rendered } from "../web/pages";
import type { Site } from "../web/site";

export function previewPage(deps: PageDeps, site: Site, p: ItemPreview, now = Date.now()): Rendered {
  const item: ItemRecord = {
    _id: p.itemId,
    portalId: p.portalId,
    revision: p.snapshot.revision,
    phase: 0,
    status: "live",
    snapshot: p.snapshot,
    changedAt: p.createdAt,
  };
  // tokens only for the snapshot's own media
  const used = new Set(p.snapshot.media.map((m) => m.assetId));
  const mediaTokens = Object.fromEntries(Object.entries(p.mediaTokens).filter(([id]) => used.has(id)));
  const mediaExpired = p.mediaTokensExpireAt !== undefined && Date.parse(p.mediaTokensExpireAt) <= now;
  return itemPage(deps, site, item, {
    preview: { outdated: p.outdated, expiresAt: p.expiresAt, mediaTokens, mediaExpired },
  });
}

export function previewNotFoundPage(site: Site): Rendered {
  return messagePage(
    site,
    404,
    "Không tìm thấy bản xem trước",
    "Liên kết xem trước không đúng, đã bị thu hồi hoặc không thuộc cổng thông tin này. Vui lòng kiểm tra lại liên kết hoặc đề nghị Ban biên tập gửi liên kết mới.",
  );
}

export function previewExpiredPage(site: Site): Rendered {
  return messagePage(
    site,
    410,
    "Liên kết xem trước đã hết hạn",
    "Liên kết này đã hết thời hạn xem trước. Vui lòng đề nghị Ban biên tập gửi liên kết mới.",
  );
}

export function previewUnavailablePage(site: Site): Rendered {
  return messagePage(
    site,
    503,
    "Chưa xem trước được",
    `Hệ thống quản lý nội dung tạm thời không phản hồi. Vui lòng thử lại sau ít phút, hoặc liên hệ Ban biên tập qua ${site.portal.boardMailbox}.`,
  );
}
