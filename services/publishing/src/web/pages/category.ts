// A category's listing page.
import { tag } from "../../readmodel/readmodel";
import { html } from "../../render/html";
import { t } from "../i18n";
import { layout, loc } from "../layout";
import type { Site } from "../site";
import { categoryOf, inLocale, itemList, PAGE_SIZE, type PageDeps, pager, type Rendered } from "./shared";

export function categoryPage(
  deps: PageDeps,
  site: Site,
  slug: string,
  cursor?: string,
): Rendered | undefined {
  const cat = categoryOf(site, slug);
  if (!cat) return undefined;
  const p = site.portal.portalId;
  const page = deps.model.list(p, {
    category: cat.categoryId,
    limit: PAGE_SIZE,
    cursor,
    filter: inLocale(site),
  });
  const title = loc(cat.name, site.locale);
  const en = site.locale === "en";
  const portalName = loc(site.portal.name, site.locale);
  const feeds = [
    { title: `${title} – RSS`, href: `${site.prefix}/chuyen-muc/${slug}/rss.xml`, type: "rss" as const },
    { title: `${title} – Atom`, href: `${site.prefix}/chuyen-muc/${slug}/atom.xml`, type: "atom" as const },
  ];
  const body = layout(
    site,
    {
      // a later page of the listing is named as such: every page its own title
      title: cursor ? `${title} (${en ? "older items" : "tin cũ hơn"})` : title,
      description: en
        ? `${title}: articles and announcements of the ${portalName}, newest first.`
        : `Chuyên mục ${title}: tin, bài và thông báo của ${portalName}, mới nhất trước.`,
      path: `/chuyen-muc/${slug}`,
      feeds,
      ...(cursor ? { robots: "noindex, follow" } : {}),
    },
    html`<nav class="breadcrumb" aria-label="${t("breadcrumb", site.locale)}"><ol><li><a href="${site.prefix}/">${t("home", site.locale)}</a></li><li aria-current="page">${title}</li></ol></nav>
<h1>${title}</h1>
<p><a href="${site.prefix}/chuyen-muc/${slug}/rss.xml">RSS</a> · <a href="${site.prefix}/chuyen-muc/${slug}/atom.xml">Atom</a></p>
${itemList(deps, site, page.items)}
${pager(site, `/chuyen-muc/${slug}`, page.next, cursor)}`,
  );
  return {
    status: 200,
    body: body.value,
    tags: [tag.list(p, cat.categoryId), tag.portal(p)],
    lastModified: deps.model.changedAt(p),
  };
}
