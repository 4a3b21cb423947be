// RSS 2.0 and Atom 1.0 per portal and category, sitemap.xml and robots.txt (R-STD); every feed
// item carries the attribution line (R-ATTRIB).

import { type ItemRecord, tag } from "../readmodel/readmodel";
import { escapeXml as x } from "../render/html";
import { stripTags } from "../search/search.index";
import type { Locale } from "./i18n";
import { attribution, loc } from "./layout";
import { itemPath, type PageDeps, type Rendered } from "./pages";
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

function link(deps: PageDeps, site: Site, i: ItemRecord): string {
  const origin =
    i.portalId === site.portal.portalId
      ? site.origin
      : (deps.portalOrigin(i.portalId, site.origin) ?? site.origin);
  return `${origin}${site.prefix}${itemPath(i, site.locale)}`;
}

function text(i: ItemRecord, locale: Locale) {
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
  const base = `${site.origin}${site.prefix}`;
  const pagePath = category ? `/chuyen-muc/${category.slug}` : "/";
  const selfPath = `${category ? `/chuyen-muc/${category.slug}` : ""}/${format}.xml`;
  const updated = items[0]?.snapshot.publishedAt ?? new Date(0).toISOString();
  let body: string;
  if (format === "rss") {
    body = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>${x(title)}</title>
<link>${x(base + pagePath)}</link>
<atom:link href="${x(base + selfPath)}" rel="self" type="application/rss+xml"/>
<description>${x(`${title}. ${attribution(site.locale)}`)}</description>
<language>${site.locale}</language>
<copyright>${x(attribution(site.locale))}</copyright>
<lastBuildDate>${new Date(updated).toUTCString()}</lastBuildDate>
${items
  .map((i) => {
    const tx = text(i, site.locale);
    const url = link(deps, site, i);
    return `<item>
<title>${x(tx.title)}</title>
<link>${x(url)}</link>
<guid isPermaLink="false">${x(`${i._id}`)}</guid>
<pubDate>${new Date(i.snapshot.publishedAt).toUTCString()}</pubDate>
<description>${x(tx.summary)}</description>
<source url="${x(`${site.origin}/rss.xml`)}">${x(attribution(site.locale))}</source>
</item>`;
  })
  .join("\n")}
</channel>
</rss>
`;
  } else {
    body = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${site.locale}">
<title>${x(title)}</title>
<id>${x(base + selfPath)}</id>
<link rel="self" href="${x(base + selfPath)}"/>
<link rel="alternate" type="text/html" href="${x(base + pagePath)}"/>
<updated>${new Date(updated).toISOString()}</updated>
<author><name>${x(site.portal.agency.vi)}</name></author>
<rights>${x(attribution(site.locale))}</rights>
${items
  .map((i) => {
    const tx = text(i, site.locale);
    const url = link(deps, site, i);
    return `<entry>
<title>${x(tx.title)}</title>
<id>urn:cong:item:${x(i._id)}</id>
<link rel="alternate" type="text/html" href="${x(url)}"/>
<published>${new Date(i.snapshot.firstPublishedAt).toISOString()}</published>
<updated>${new Date(i.snapshot.publishedAt).toISOString()}</updated>
<summary>${x(tx.summary)}</summary>
<rights>${x(attribution(site.locale))}</rights>
</entry>`;
  })
  .join("\n")}
</feed>
`;
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
    const files = Array.from(
      { length: parts },
      (_, k) => `<sitemap><loc>${x(`${site.origin}/sitemap-${k + 1}.xml`)}</loc></sitemap>`,
    );
    return {
      ...base,
      body: `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${files.join("\n")}\n</sitemapindex>\n`,
    };
  }
  const n = part ?? 1;
  if (!Number.isInteger(n) || n < 1 || n > parts) return undefined;
  const urls: string[] = [];
  if (n === 1) {
    urls.push(`${site.origin}/`);
    for (const c of site.portal.categories) urls.push(`${site.origin}/chuyen-muc/${c.slug}`);
    urls.push(
      `${site.origin}/van-ban`,
      `${site.origin}/hoi-dap`,
      `${site.origin}/lien-he`,
      `${site.origin}/gop-y`,
    );
  }
  const entries = urls.map((u) => `<url><loc>${x(u)}</loc></url>`);
  for (const i of items.slice((n - 1) * perFile, n * perFile)) {
    for (const l of Object.keys(i.snapshot.locales)) {
      if (l !== "vi" && l !== "en") continue;
      const prefix = l === "vi" ? "" : `/${l}`;
      entries.push(
        `<url><loc>${x(`${site.origin}${prefix}${itemPath(i, l)}`)}</loc><lastmod>${i.snapshot.publishedAt}</lastmod></url>`,
      );
    }
  }
  return {
    ...base,
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entries.join("\n")}\n</urlset>\n`,
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
