// The listing of one kind of item (drafts for comment, Q&A).
import { tag } from "../../readmodel/readmodel";
import { html } from "../../render/html";
import { t, timeOf } from "../i18n";
import { layout, loc } from "../layout";
import type { Site } from "../site";
import { commentWindowOpen } from "./item";
import {
  content,
  inLocale,
  itemHref,
  itemList,
  PAGE_SIZE,
  type PageDeps,
  pager,
  type Rendered,
} from "./shared";

export function kindListPage(
  deps: PageDeps,
  site: Site,
  kind: "draft-for-comment" | "qa",
  path: string,
  cursor?: string,
): Rendered {
  const p = site.portal.portalId;
  const page = deps.model.list(p, { kind, limit: PAGE_SIZE, cursor, filter: inLocale(site) });
  const title = kind === "qa" ? t("qa", site.locale) : t("drafts", site.locale);
  const intro =
    kind === "qa"
      ? html`<p>${t("qaIntro", site.locale)} <a href="${site.prefix}/gop-y?loai=cau-hoi">${t("askQuestion", site.locale)}</a>.</p>`
      : html`<p>${t("draftsIntro", site.locale)}</p>`;
  const body = layout(
    site,
    {
      title: cursor ? `${title} (${site.locale === "en" ? "older items" : "tin cũ hơn"})` : title,
      description:
        kind === "qa"
          ? site.locale === "en"
            ? `Questions from citizens and businesses, answered by the authorities — ${loc(site.portal.name, "en")}.`
            : `Câu hỏi của người dân, doanh nghiệp và trả lời của cơ quan chức năng — ${loc(site.portal.name, "vi")}.`
          : site.locale === "en"
            ? `Draft documents open for public comment — ${loc(site.portal.name, "en")}.`
            : `Dự thảo văn bản lấy ý kiến nhân dân — ${loc(site.portal.name, "vi")}.`,
      path,
      ...(cursor ? { robots: "noindex, follow" } : {}),
    },
    html`<h1>${title}</h1>${intro}
${
  kind === "draft-for-comment"
    ? page.items.length
      ? html`<ul class="items">${page.items.map(
          (i) => html`<li><h2><a href="${itemHref(site, i)}">${content(i, site.locale).title}</a></h2>
<p class="meta">${t(commentWindowOpen(i) ? "commentOpen" : "commentClosed", site.locale)}${i.snapshot.comment ? html` · ${t("until", site.locale)} ${timeOf(i.snapshot.comment.closesAt)}` : ""}</p></li>`,
        )}</ul>`
      : html`<p>${t("none", site.locale)}</p>`
    : itemList(deps, site, page.items)
}
${pager(site, path, page.next, cursor)}`,
  );
  return {
    status: 200,
    body: body.value,
    tags: [tag.kind(p, kind), tag.portal(p)],
    lastModified: deps.model.changedAt(p),
  };
}
