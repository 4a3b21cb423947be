// The search page.
import { html } from "../../render/html";
import { t, timeOf } from "../i18n";
import { layout, loc } from "../layout";
import type { Site } from "../site";
import { itemHref, PAGE_SIZE, type PageDeps, type Rendered } from "./shared";

export function searchPage(
  deps: PageDeps,
  site: Site,
  q: string,
  scopeAll: boolean,
  pageNo: number,
): Rendered {
  const portals: Set<string> | "*" = site.isProvince && scopeAll ? "*" : new Set([site.portal.portalId]);
  const res = q.trim()
    ? deps.search.search(q, {
        portals,
        locale: site.locale,
        limit: PAGE_SIZE,
        offset: (pageNo - 1) * PAGE_SIZE,
      })
    : undefined;
  const title = q.trim() ? `${t("search", site.locale)}: ${q}` : t("search", site.locale);
  const body = layout(
    site,
    {
      title,
      description:
        site.locale === "en"
          ? `Search the news, articles and documents of the ${loc(site.portal.name, "en")}.`
          : `Tìm kiếm tin, bài và văn bản trên ${loc(site.portal.name, "vi")}.`,
      robots: "noindex",
    },
    html`<h1>${t("search", site.locale)}</h1>
<form method="get" action="${site.prefix}/tim-kiem" role="search" aria-label="${t("search", site.locale)}">
<div class="field"><label for="q">${t("searchLabel", site.locale)}</label><input id="q" name="q" type="search" value="${q}"></div>
${
  site.isProvince
    ? html`<div class="field"><input id="all" name="pham-vi" type="checkbox" value="tat-ca"${scopeAll ? html` checked` : ""}> <label for="all" class="inline">${t("searchAll", site.locale)}</label></div>`
    : ""
}
<button type="submit">${t("searchButton", site.locale)}</button>
</form>
${
  res
    ? html`<p role="status">${site.locale === "en" ? `${res.total} ${res.total === 1 ? "result" : "results"} found.` : `Tìm thấy ${res.total} kết quả.`}</p>
<ol class="items">${res.hits.map((h) => {
        const o = h.item.portalId === site.portal.portalId ? "" : (deps.portalOrigin(h.item.portalId) ?? "");
        const portalName = deps.model.portal(h.item.portalId)?.snapshot.name;
        return html`<li><h2><a href="${o}${itemHref(site, h.item)}">${h.title}</a></h2>
<p class="meta">${timeOf(h.item.snapshot.publishedAt)}${portalName && o ? html` · ${loc(portalName, site.locale)}` : ""}</p>
<p>${h.excerpt}</p></li>`;
      })}</ol>
${
  res.total > pageNo * PAGE_SIZE
    ? html`<nav class="pager" aria-label="${t("pagination", site.locale)}"><ul><li><a rel="next" href="${site.prefix}/tim-kiem?q=${encodeURIComponent(q)}${scopeAll ? "&pham-vi=tat-ca" : ""}&trang=${pageNo + 1}">${t("older", site.locale)}</a></li></ul></nav>`
    : ""
}`
    : ""
}`,
  );
  return { status: 200, body: body.value, tags: [] };
}
