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

export function sitemap(deps: PageDeps, site: Site): Rendered {
  const p = site.portal.portalId;
  const urls: string[] = [`${site.origin}/`];
  for (const c of site.portal.categories) urls.push(`${site.origin}/chuyen-muc/${c.slug}`);
  urls.push(
    `${site.origin}/van-ban`,
    `${site.origin}/hoi-dap`,
    `${site.origin}/lien-he`,
    `${site.origin}/gop-y`,
  );
  const entries = urls.map((u) => `<url><loc>${x(u)}</loc></url>`);
  let n = 0;
  for (const i of deps.model.liveItems(p)) {
    if (++n > 49_000) break; // one sitemap file holds at most 50,000 URLs
    for (const l of Object.keys(i.snapshot.locales)) {
      if (l !== "vi" && l !== "en") continue;
      const prefix = l === "vi" ? "" : `/${l}`;
      entries.push(
        `<url><loc>${x(`${site.origin}${prefix}${itemPath(i, l)}`)}</loc><lastmod>${i.snapshot.publishedAt}</lastmod></url>`,
      );
    }
  }
  return {
    status: 200,
    contentType: "application/xml; charset=utf-8",
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entries.join("\n")}\n</urlset>\n`,
    tags: [tag.sitemap(p), tag.portal(p)],
    lastModified: deps.model.changedAt(p),
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
