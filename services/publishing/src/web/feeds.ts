// RSS 2.0 and Atom 1.0 per portal and category, sitemap.xml and robots.txt (R-STD); every feed
// item carries the attribution line (R-ATTRIB). XML is built with `el()` (src/render/xml.ts),
// so every value is escaped exactly once (issue 15.3). The text of an item is plain text (the
// body's HTML decoded once); an RSS description is HTML by the specification, so it is that text
// escaped as HTML — a feed reader shows `&lt;script&gt;` in a body as the characters, never runs
// it. Atom says so explicitly: `type="text"`.

import { escapeHtml } from "@cong/text";
import { type ItemRecord, tag } from "../readmodel/readmodel";
import { el, type XmlNode, xmlDocument } from "../render/xml";
import { stripTags } from "../search/search.index";
import type { Locale } from "./i18n";
import { attribution, loc } from "./layout";
import { itemHref, itemPath, type PageDeps, type Rendered } from "./pages";
import type { Site } from "./site";

const FEED_SIZE = 30;

function feedItems(deps: PageDeps, site: Site, categoryId?: string): ItemRecord[] {
  const scope = site.isProvince && !categoryId ? "*" : site.portal.portalId;
  return deps.model.list(scope, {
    limit: FEED_SIZE,
    ...(categoryId ? { category: categoryId } : {}),
    filter: (i) => site.locale === "vi" || !!i.snapshot.locales[site.locale],
  }).items;
}

/** An absolute URL: a configured origin and a path, %-encoded where a URI needs it. */
function url(origin: string, path: string): string {
  return `${origin}${encodeURI(path)}`;
}

function link(deps: PageDeps, site: Site, i: ItemRecord): string {
  const origin =
    i.portalId === site.portal.portalId ? site.origin : (deps.portalOrigin(i.portalId) ?? site.origin);
  return url(origin, itemHref(site, i));
}

/** Plain text of an item for feeds: its title, and its summary (or body text) with the attribution. */
export function feedText(i: ItemRecord, locale: Locale) {
  const lc = i.snapshot.locales[locale] ?? i.snapshot.locales.vi;
  const summary = lc.summary ?? stripTags(lc.bodyHtml).slice(0, 400);
  return { title: lc.title, summary: `${summary}\n\n${attribution(locale)}` };
}

export function feed(
  deps: PageDeps,
  site: Site,
  format: "rss" | "atom",
  category?: { categoryId: string; slug: string; name: Record<string, string> & { vi: string } },
): Rendered {
  const items = feedItems(deps, site, category?.categoryId);
  const portalName = loc(site.portal.name, site.locale);
  const title = category ? `${loc(category.name, site.locale)} – ${portalName}` : portalName;
  const pagePath = `${site.prefix}${category ? `/chuyen-muc/${category.slug}` : "/"}`;
  const selfPath = `${site.prefix}${category ? `/chuyen-muc/${category.slug}` : ""}/${format}.xml`;
  const updated = items[0]?.snapshot.publishedAt ?? new Date(0).toISOString();
  const rights = attribution(site.locale);
  let body: string;
  if (format === "rss") {
    body = xmlDocument(
      el(
        "rss",
        { version: "2.0", "xmlns:atom": "http://www.w3.org/2005/Atom" },
        el(
          "channel",
          null,
          el("title", null, title),
          el("link", null, url(site.origin, pagePath)),
          el("atom:link", { href: url(site.origin, selfPath), rel: "self", type: "application/rss+xml" }),
          // RSS descriptions are HTML: the text, escaped as HTML, then (by the writer) as XML
          el("description", null, escapeHtml(`${title}. ${rights}`)),
          el("language", null, site.locale),
          el("copyright", null, rights),
          el("lastBuildDate", null, new Date(updated).toUTCString()),
          items.map((i) => {
            const tx = feedText(i, site.locale);
            return el(
              "item",
              null,
              el("title", null, tx.title),
              el("link", null, link(deps, site, i)),
              el("guid", { isPermaLink: "false" }, i._id),
              el("pubDate", null, new Date(i.snapshot.publishedAt).toUTCString()),
              el("description", null, escapeHtml(tx.summary)),
              el("source", { url: url(site.origin, `${site.prefix}/rss.xml`) }, rights),
            );
          }),
        ),
      ),
    );
  } else {
    body = xmlDocument(
      el(
        "feed",
        { xmlns: "http://www.w3.org/2005/Atom", "xml:lang": site.locale },
        el("title", { type: "text" }, title),
        el("id", null, url(site.origin, selfPath)),
        el("link", { rel: "self", href: url(site.origin, selfPath) }),
        el("link", { rel: "alternate", type: "text/html", href: url(site.origin, pagePath) }),
        el("updated", null, new Date(updated).toISOString()),
        el("author", null, el("name", null, site.portal.agency.vi)),
        el("rights", { type: "text" }, rights),
        items.map((i) => {
          const tx = feedText(i, site.locale);
          return el(
            "entry",
            null,
            el("title", { type: "text" }, tx.title),
            el("id", null, `urn:cong:item:${i._id}`),
            el("link", { rel: "alternate", type: "text/html", href: link(deps, site, i) }),
            el("published", null, new Date(i.snapshot.firstPublishedAt).toISOString()),
            el("updated", null, new Date(i.snapshot.publishedAt).toISOString()),
            el("summary", { type: "text" }, tx.summary),
            el("rights", { type: "text" }, rights),
          );
        }),
      ),
    );
  }
  const p = site.portal.portalId;
  return {
    status: 200,
    body,
    contentType:
      format === "rss" ? "application/rss+xml; charset=utf-8" : "application/atom+xml; charset=utf-8",
    tags: [tag.feed(p), tag.portal(p), ...(site.isProvince ? [tag.aggregate] : [])],
    lastModified: updated,
  };
}

/** Items per sitemap file: with two languages each, a file stays under the protocol's 50,000 URLs. */
export const SITEMAP_ITEMS = 20_000;

/**
 * `/sitemap.xml`: one urlset while the portal's live items fit in one file, else a sitemap index
 * of `/sitemap-1.xml`, `/sitemap-2.xml`, … (`part`); the fixed pages are in the first file.
 * Undefined for a part that does not exist (404).
 */
export function sitemap(
  deps: PageDeps,
  site: Site,
  part?: number,
  perFile = SITEMAP_ITEMS,
): Rendered | undefined {
  const p = site.portal.portalId;
  const items = [...deps.model.liveItems(p)];
  const parts = Math.max(1, Math.ceil(items.length / perFile));
  const base = {
    status: 200,
    contentType: "application/xml; charset=utf-8",
    tags: [tag.sitemap(p), tag.portal(p)],
    lastModified: deps.model.changedAt(p),
  };
  if (part === undefined && parts > 1) {
    const files = Array.from({ length: parts }, (_, k) =>
      el("sitemap", null, el("loc", null, url(site.origin, `/sitemap-${k + 1}.xml`))),
    );
    return {
      ...base,
      body: xmlDocument(el("sitemapindex", { xmlns: "http://www.sitemaps.org/schemas/sitemap/0.9" }, files)),
    };
  }
  const n = part ?? 1;
  if (!Number.isInteger(n) || n < 1 || n > parts) return undefined;
  const entries: XmlNode[] = [];
  if (n === 1) {
    const fixed = ["/", ...site.portal.categories.map((c) => `/chuyen-muc/${c.slug}`)];
    fixed.push("/van-ban", "/hoi-dap", "/lien-he", "/gop-y");
    for (const path of fixed) entries.push(el("url", null, el("loc", null, url(site.origin, path))));
  }
  for (const i of items.slice((n - 1) * perFile, n * perFile)) {
    for (const l of Object.keys(i.snapshot.locales)) {
      if (l !== "vi" && l !== "en") continue;
      const prefix = l === "vi" ? "" : `/${l}`;
      entries.push(
        el(
          "url",
          null,
          el("loc", null, url(site.origin, `${prefix}${itemPath(i, l)}`)),
          el("lastmod", null, i.snapshot.publishedAt),
        ),
      );
    }
  }
  return {
    ...base,
    body: xmlDocument(el("urlset", { xmlns: "http://www.sitemaps.org/schemas/sitemap/0.9" }, entries)),
  };
}

export function robots(site: Site): Rendered {
  return {
    status: 200,
    contentType: "text/plain; charset=utf-8",
    body: `User-agent: *\nDisallow: /tim-kiem\nDisallow: /en/tim-kiem\nDisallow: /internal/\nSitemap: ${site.origin}/sitemap.xml\n`,
    tags: [tag.portal(site.portal.portalId)],
  };
}
