// An item's image as a responsive <img>: media's renditions as `srcset` (WebP when there are WebP
// renditions, else what there is), the one near 640 px wide as `src`, the use's alt text (else the
// asset's; empty when decorative) — for the item page's figures and the home page's cards.

import type { MediaUse } from "@cong/contracts";
import type { ItemRecord } from "../../readmodel/readmodel";
import { html, type SafeHtml } from "../../render/html";
import type { PageDeps } from "./shared";

export interface ItemImage {
  img: SafeHtml;
  alt: string;
  /** the image renditions, narrowest first */
  renditions: { name: string; mimeType: string; width?: number; height?: number }[];
  base: string;
}

/**
 * The image of one media use of an item, or undefined when it is not an image, not processed yet,
 * or (defence in depth, issue 15.1) a file of another portal.
 * @param sizes the `sizes` attribute: how wide the image is shown
 * @param token media's preview token for a draft's file
 */
export function itemImage(
  deps: PageDeps,
  item: ItemRecord,
  use: MediaUse,
  sizes: string,
  token?: string,
): ItemImage | undefined {
  const asset = deps.model.assets.get(use.assetId);
  if (!asset || asset.portalId !== item.portalId) return undefined;
  const images = asset.renditions.filter((r) => r.mimeType.startsWith("image/") && r.width);
  if (!images.length) return undefined;
  const webp = images.filter((r) => r.mimeType === "image/webp");
  const set = (webp.length ? webp : images).sort((a, b) => (a.width ?? 0) - (b.width ?? 0));
  const fallback = set.find((r) => (r.width ?? 0) >= 640) ?? set[set.length - 1];
  if (!fallback) return undefined;
  const base = `${deps.mediaUrl}/assets/${encodeURIComponent(use.assetId)}`;
  const q = token ? `?token=${encodeURIComponent(token)}` : "";
  const alt = use.decorative || asset.decorative ? "" : (use.alt ?? asset.altText ?? "");
  const img = html`<img src="${base}/${fallback.name}${q}" srcset="${set.map((r, i) => `${i ? ", " : ""}${base}/${r.name}${q} ${r.width}w`).join("")}" sizes="${sizes}" alt="${alt}"${fallback.width ? html` width="${fallback.width}"` : ""}${fallback.height ? html` height="${fallback.height}"` : ""}>`;
  return { img, alt, renditions: images, base };
}

/** the item's cover image (its first `cover` use that is a processed image of its portal) */
export function coverImage(deps: PageDeps, item: ItemRecord, sizes: string): ItemImage | undefined {
  for (const use of item.snapshot.media) {
    if (use.role !== "cover") continue;
    const image = itemImage(deps, item, use, sizes);
    if (image) return image;
  }
  return undefined;
}

/** The banner's emblem: `src`/`srcset` of media's image renditions (one near 128 px as `src`). */
export interface EmblemImage {
  src: string;
  srcset: string;
  width: number;
  height: number;
}

/**
 * A portal's emblem (issue 17): its own when set and processed, else the provincial portal's, so
 * every component portal carries the province's identity. Only an asset of the portal that names it
 * (defence in depth, issue 15.1: media makes nothing else public either).
 */
export function emblemImage(
  model: PageDeps["model"],
  mediaUrl: string,
  portalId: string,
  provincialPortalId: string,
): EmblemImage | undefined {
  for (const id of [portalId, provincialPortalId]) {
    const portal = model.portal(id)?.snapshot;
    const assetId = portal?.emblem?.assetId;
    const asset = assetId ? model.assets.get(assetId) : undefined;
    if (!assetId || !asset || asset.portalId !== id) continue;
    const images = asset.renditions.filter((r) => r.mimeType.startsWith("image/") && r.width && r.height);
    const webp = images.filter((r) => r.mimeType === "image/webp");
    const set = (webp.length ? webp : images).sort((a, b) => (a.width ?? 0) - (b.width ?? 0));
    const src = set.find((r) => (r.width ?? 0) >= 128) ?? set[set.length - 1];
    if (!src?.width || !src.height) continue;
    const base = `${mediaUrl}/assets/${encodeURIComponent(assetId)}`;
    return {
      src: `${base}/${src.name}`,
      srcset: set.map((r) => `${base}/${r.name} ${r.width}w`).join(", "),
      width: src.width,
      height: src.height,
    };
  }
  return undefined;
}
