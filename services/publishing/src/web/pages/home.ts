// The home page: the latest items and the portal's main sections.
import { tag } from "../../readmodel/readmodel";
import { html, jsonLd } from "../../render/html";
import { t } from "../i18n";
import { layout, loc } from "../layout";
import type { Site } from "../site";
import { inLocale, itemList, latestChange, type PageDeps, type Rendered } from "./shared";

export function homePage(deps: PageDeps, site: Site): Rendered {
  const p = site.portal.portalId;
  const scope = site.isProvince ? "*" : p;
  const latest = deps.model.list(scope, { limit: 10, filter: inLocale(site) });
  const sections = site.portal.categories
    .filter((c) => c.parentId === null)
    .sort((a, b) => a.order - b.order)
    .slice(0, 6)
    .map((c) => ({
      c,
      items: deps.model.list(p, { category: c.categoryId, limit: 5, filter: inLocale(site) }).items,
    }))
    .filter((s) => s.items.length);
  const components = site.isProvince
    ? [...deps.model.portals.values()].filter((x) => x.snapshot.active && x._id !== p)
    : [];
  const name = loc(site.portal.name, site.locale);
  const body = layout(
    site,
    {
      title: name,
      description:
        site.locale === "en"
          ? `${name} — the official web portal of ${loc(site.portal.agency, "en")}: news, legal documents, questions and answers, feedback.`
          : `${name} — cổng thông tin chính thức của ${loc(site.portal.agency, "vi")}: tin tức, văn bản pháp luật, hỏi đáp, góp ý.`,
      path: "/",
      alternates: site.portal.languages.includes("en")
        ? [
            { locale: "vi", path: "/" },
            { locale: "en", path: "/" },
          ]
        : [],
      jsonLd: jsonLd({
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization",
        name: site.portal.agency.vi,
        url: `${site.origin}/`,
        email: site.portal.boardMailbox,
        telephone: site.portal.hotline,
      }),
    },
    html`<h1>${name}</h1>
<section aria-labelledby="latest-h"><h2 id="latest-h">${t("latest", site.locale)}</h2>
${itemList(deps, site, latest.items, 3, site.isProvince)}</section>
${sections.map(
  (
    s,
  ) => html`<section aria-labelledby="sec-${s.c.slug}"><h2 id="sec-${s.c.slug}"><a href="${site.prefix}/chuyen-muc/${s.c.slug}">${loc(s.c.name, site.locale)}</a></h2>
${itemList(deps, site, s.items, 3)}</section>`,
)}
${
  components.length
    ? html`<section aria-labelledby="portals-h" class="directory"><h2 id="portals-h">${t("portals", site.locale)}</h2>${(
        [
          ["department", "departments"],
          ["district", "districts"],
        ] as const
      ).map(([kind, label]) => {
        const group = components
          .filter((c) => c.snapshot.kind === kind)
          .sort((a, b) => loc(a.snapshot.name, "vi").localeCompare(loc(b.snapshot.name, "vi"), "vi"));
        return group.length
          ? html`<h3>${t(label, site.locale)}</h3><ul>${group.map((c) => {
              const o = deps.portalOrigin(c._id);
              const en = site.locale === "en" && c.snapshot.languages.includes("en");
              return html`<li><a href="${o ?? ""}${en ? "/en" : ""}/"${site.locale === "en" && !c.snapshot.name.en ? html` lang="vi"` : ""}>${loc(c.snapshot.name, site.locale)}</a></li>`;
            })}</ul>`
          : "";
      })}</section>`
    : ""
}`,
  );
  return {
    status: 200,
    body: body.value,
    tags: [tag.home(p), tag.portal(p), ...(site.isProvince ? [tag.aggregate] : [])],
    lastModified: site.isProvince ? latestChange(deps) : deps.model.changedAt(p),
  };
}
