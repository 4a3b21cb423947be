// What every page template shares: the rendered result, the templates' dependencies, item
// addresses, item lists and the pager.
import type { CategorySnapshot, LocalizedContent } from "@cong/contracts";
import type { ItemRecord, ReadModel } from "../../readmodel/readmodel";
import { html, type SafeHtml } from "../../render/html";
import type { SearchIndex } from "../../search/search.index";
import { type Locale, t, timeOf } from "../i18n";
import { loc } from "../layout";
import type { Site } from "../site";

export interface Rendered {
  status: number;
  body: string;
  tags: string[];
  lastModified?: string;
  headers?: Record<string, string>;
  contentType?: string;
}

export interface PageDeps {
  model: ReadModel;
  search: SearchIndex;
  mediaUrl: string;
  provincialPortalId: string;
  /** PUBLIC_SCHEME://host of a portal, from configuration (never from a request: issue 15.2) */
  portalOrigin: (portalId: string) => string | undefined;
}

export const PAGE_SIZE = 20;

export function itemPath(item: ItemRecord, locale: Locale): string {
  const lc = item.snapshot.locales[locale] ?? item.snapshot.locales.vi;
  return `/tin/${lc.slug}`;
}

/**
 * An item's address as linked from a page in `site.locale`: its page in that language when it has
 * one, else its Vietnamese page (an English list may name a document only issued in Vietnamese;
 * `/en/tin/<Vietnamese slug>` does not exist).
 */
export function itemHref(site: Pick<Site, "locale" | "prefix">, item: ItemRecord): string {
  return item.snapshot.locales[site.locale]
    ? `${site.prefix}${itemPath(item, site.locale)}`
    : itemPath(item, "vi");
}

export function content(item: ItemRecord, locale: Locale): LocalizedContent {
  return item.snapshot.locales[locale] ?? item.snapshot.locales.vi;
}

export function alternates(item: ItemRecord): { locale: Locale; path: string }[] {
  return (Object.keys(item.snapshot.locales) as Locale[])
    .filter((l) => l === "vi" || l === "en")
    .map((l) => ({ locale: l, path: itemPath(item, l) }));
}

export function categoryOf(site: Site, slug: string): CategorySnapshot | undefined {
  return site.portal.categories.find((c) => c.slug === slug);
}

export function itemList(
  deps: PageDeps,
  site: Site,
  items: ItemRecord[],
  headingLevel: 2 | 3 = 2,
  showPortal = false,
): SafeHtml {
  if (!items.length) return html`<p>${t("none", site.locale)}</p>`;
  return html`<ul class="items">${items.map((i) => {
    const lc = content(i, site.locale);
    const sameHost = i.portalId === site.portal.portalId;
    const origin = sameHost ? "" : (deps.portalOrigin(i.portalId) ?? "");
    const href = `${origin}${itemHref(site, i)}`;
    const title = html`<a href="${href}">${lc.title}</a>`;
    const portalName = showPortal ? deps.model.portal(i.portalId)?.snapshot.name : undefined;
    return html`<li><article>
${headingLevel === 2 ? html`<h2>${title}</h2>` : html`<h3>${title}</h3>`}
<p class="meta">${timeOf(i.snapshot.publishedAt)}${portalName ? html` · ${loc(portalName, site.locale)}` : ""}</p>
${lc.summary ? html`<p>${lc.summary}</p>` : ""}
</article></li>`;
  })}</ul>`;
}

export function pager(
  site: Site,
  basePath: string,
  next: string | undefined,
  cursor: string | undefined,
  query = "",
): SafeHtml {
  if (!next && !cursor) return html``;
  const q = query ? `${query}&` : "";
  return html`<nav class="pager" aria-label="${t("pagination", site.locale)}"><ul>
${cursor ? html`<li><a href="${site.prefix}${basePath}${query ? `?${query}` : ""}">${t("newest", site.locale)}</a></li>` : ""}
${next ? html`<li><a href="${site.prefix}${basePath}?${q}sau=${encodeURIComponent(next)}" rel="next">${t("older", site.locale)}</a></li>` : ""}
</ul></nav>`;
}

export function inLocale(site: Site) {
  return (i: ItemRecord) => site.locale === "vi" || !!i.snapshot.locales[site.locale];
}

export function latestChange(deps: PageDeps): string {
  let max = new Date(0).toISOString();
  for (const p of deps.model.portals.keys()) {
    const c = deps.model.changedAt(p);
    if (c > max) max = c;
  }
  return max;
}
