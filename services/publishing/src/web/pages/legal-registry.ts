// The legal documents registry, with its filters.
import { type ItemRecord, tag } from "../../readmodel/readmodel";
import { html } from "../../render/html";
import { dayOf, type TextKey, t } from "../i18n";
import { layout, loc } from "../layout";
import type { Site } from "../site";
import { content, itemHref, PAGE_SIZE, type PageDeps, pager, type Rendered } from "./shared";

export function legalRegistryPage(
  deps: PageDeps,
  site: Site,
  q: Record<string, string>,
  cursor?: string,
): Rendered {
  const p = site.portal.portalId;
  const all = [...deps.model.list(p, { kind: "legal-document", limit: 100_000 }).items];
  const distinct = (f: (i: ItemRecord) => string | undefined) =>
    [...new Set(all.map(f).filter((x): x is string => !!x))].sort((a, b) => a.localeCompare(b, "vi"));
  const types = distinct((i) => i.snapshot.legal?.docType);
  const issuers = distinct((i) => i.snapshot.legal?.issuer);
  const years = distinct((i) => i.snapshot.legal?.issuedOn.slice(0, 4)).reverse();
  const type = q.loai ?? "";
  const issuer = q["co-quan"] ?? "";
  const year = q.nam ?? "";
  const number = (q.so ?? "").trim().toLowerCase();
  const filter = (i: ItemRecord) => {
    const l = i.snapshot.legal;
    if (!l) return false;
    return (
      (!type || l.docType === type) &&
      (!issuer || l.issuer === issuer) &&
      (!year || l.issuedOn.startsWith(year)) &&
      (!number || l.number.toLowerCase().includes(number))
    );
  };
  const page = deps.model.list(p, { kind: "legal-document", limit: PAGE_SIZE, cursor, filter });
  const L = site.locale;
  // the registry's values (number, type, issuer) are Vietnamese: marked so on an English page
  const vi = L === "en" ? html` lang="vi"` : "";
  const select = (id: string, name: string, label: TextKey, options: string[], value: string) =>
    html`<div class="field"><label for="${id}">${t(label, L)}</label><select id="${id}" name="${name}"><option value="">${t("all", L)}</option>${options.map(
      (o) => html`<option value="${o}"${o === value ? html` selected` : ""}${vi}>${o}</option>`,
    )}</select></div>`;
  const query = new URLSearchParams(
    Object.entries({ loai: type, "co-quan": issuer, nam: year, so: q.so ?? "" }).filter(([, v]) => v),
  ).toString();
  const body = layout(
    site,
    {
      // not the same title as a category named "Văn bản pháp luật"
      title: t("registryTitle", L),
      description:
        site.locale === "en"
          ? `Legal documents issued in ${loc(site.portal.name, "en")}: search by type, issuing body, year and number.`
          : `Cơ sở dữ liệu văn bản pháp luật của ${loc(site.portal.name, "vi")}: tra cứu theo loại văn bản, cơ quan ban hành, năm và số ký hiệu.`,
      path: "/van-ban",
      ...(cursor ? { robots: "noindex, follow" } : {}),
    },
    html`<h1>${t("legal", site.locale)}</h1>
<form method="get" action="${site.prefix}/van-ban" class="filters" aria-label="${t("registryFilters", L)}">
${select("f-loai", "loai", "docType", types, type)}
${select("f-cq", "co-quan", "issuer", issuers, issuer)}
${select("f-nam", "nam", "issueYear", years, year)}
<div class="field"><label for="f-so">${t("docNumber", L)}</label><input id="f-so" name="so" type="text" value="${q.so ?? ""}"></div>
<button type="submit">${t("filter", L)}</button>
</form>
${
  page.items.length
    ? html`<div class="table-scroll" role="region" aria-label="${t("registryList", L)}" tabindex="0"><table><caption>${t("registryList", L)}</caption><thead><tr>${(
        ["docNumber", "docTitle", "docTypeShort", "issuer", "issuedOn", "effectiveOn"] as const
      ).map((k) => html`<th scope="col">${t(k, L)}</th>`)}</tr></thead><tbody>
${page.items.map((i) => {
  const l = i.snapshot.legal;
  return html`<tr><td${vi}>${l?.number}</td><td><a href="${itemHref(site, i)}">${content(i, site.locale).title}</a></td><td${vi}>${l?.docType}</td><td${vi}>${l?.issuer}</td><td>${l ? dayOf(l.issuedOn) : ""}</td><td>${l?.effectiveOn ? dayOf(l.effectiveOn) : "—"}</td></tr>`;
})}</tbody></table></div>`
    : html`<p>${t("registryNone", L)}</p>`
}
${pager(site, "/van-ban", page.next, cursor, query)}`,
  );
  return {
    status: 200,
    body: body.value,
    tags: [tag.kind(p, "legal-document"), tag.portal(p)],
    lastModified: deps.model.changedAt(p),
  };
}
