// The home page as a provincial portal has it (issue 17): featured news with their cover photos,
// the latest news with thumbnails and summaries, the newest legal documents (number, issue date,
// issuing body), drafts open for comment with their closing dates, the citizens' box (online public
// services, feedback, Q&A, hotline), news by section, and the component portals (provincial portal).
// The provincial portal's news include its component portals' (Art. 3.2).
import type { ContentKind } from "@cong/contracts";
import { type ItemRecord, tag } from "../../readmodel/readmodel";
import { html, jsonLd, type SafeHtml } from "../../render/html";
import { dayOf, type Locale, t, timeOf } from "../i18n";
import { layout, loc, locRun } from "../layout";
import type { Site } from "../site";
import { coverImage } from "./images";
import { commentWindowOpen } from "./item";
import { content, inLocale, itemHref, latestChange, type PageDeps, type Rendered } from "./shared";

/** what a reader calls news: the featured and latest lists hold these kinds only */
const NEWS: ReadonlySet<ContentKind> = new Set(["article", "announcement", "procurement"]);
const FEATURED = 4;
const LATEST = 6;
const SECTIONS = 6;

interface Card {
  deps: PageDeps;
  site: Site;
  item: ItemRecord;
  showPortal: boolean;
}

/** an item's address from this portal's pages (another portal's item on its own host) */
function hrefOf(deps: PageDeps, site: Site, i: ItemRecord): string {
  const origin = i.portalId === site.portal.portalId ? "" : (deps.portalOrigin(i.portalId) ?? "");
  return `${origin}${itemHref(site, i)}`;
}

function meta({ deps, site, item, showPortal }: Card): SafeHtml {
  const portal = showPortal ? deps.model.portal(item.portalId)?.snapshot.name : undefined;
  return html`<p class="meta">${timeOf(item.snapshot.publishedAt)}${portal ? html` · ${loc(portal, site.locale)}` : ""}</p>`;
}

/** the lead story: a large cover, the title, the summary */
function lead(card: Card): SafeHtml {
  const { deps, site, item } = card;
  const lc = content(item, site.locale);
  const href = hrefOf(deps, site, item);
  const cover = coverImage(deps, item, "(min-width: 72rem) 42rem, 100vw");
  return html`<article class="lead">${cover ? html`<a href="${href}" class="lead-image" tabindex="-1" aria-hidden="true">${cover.img}</a>` : ""}
<h3><a href="${href}">${lc.title}</a></h3>${meta(card)}${lc.summary ? html`<p>${lc.summary}</p>` : ""}</article>`;
}

/** a story with a thumbnail beside (or above, on a phone) its title */
function card(c: Card, withSummary: boolean): SafeHtml {
  const { deps, site, item } = c;
  const lc = content(item, site.locale);
  const href = hrefOf(deps, site, item);
  const cover = coverImage(deps, item, "(min-width: 48rem) 12rem, 100vw");
  return html`<li><article class="card${cover ? "" : " no-image"}">${cover ? html`<a href="${href}" class="thumb" tabindex="-1" aria-hidden="true">${cover.img}</a>` : ""}
<div><h3><a href="${href}">${lc.title}</a></h3>${meta(c)}${withSummary && lc.summary ? html`<p>${lc.summary}</p>` : ""}</div></article></li>`;
}

/**
 * A legal document's issuing body in the page's language: a document stores it as issued, in
 * Vietnamese; when it is the agency of one of the portals and that agency has a name in the page's
 * language, that name is shown, else the Vietnamese one marked `lang="vi"`.
 */
function issuerOf(deps: PageDeps, issuer: string, L: Site["locale"]): SafeHtml {
  if (L === "vi") return html`${issuer}`;
  const folded = issuer.trim().toLocaleLowerCase("vi");
  for (const p of deps.model.portals.values()) {
    const agency = p.snapshot.agency;
    const there = (agency as Record<string, string | undefined>)[L];
    if (there && agency.vi.trim().toLocaleLowerCase("vi") === folded) return html`${there}`;
  }
  return html`<span lang="vi">${issuer}</span>`;
}

function legalBox(deps: PageDeps, site: Site): SafeHtml {
  const L = site.locale;
  const docs = deps.model.list(site.portal.portalId, {
    kind: "legal-document",
    limit: 5,
    filter: inLocale(site),
  }).items;
  const vi = L === "en" ? html` lang="vi"` : "";
  return html`<section class="box" aria-labelledby="legal-h"><h2 id="legal-h">${t("newLegal", L)}</h2>
${
  docs.length
    ? html`<ul class="box-list">${docs.map((d) => {
        const l = d.snapshot.legal;
        return html`<li><a href="${itemHref(site, d)}">${l ? html`<span class="doc-number"${vi}>${l.number}</span> ` : ""}${content(d, L).title}</a>${l ? html`<span class="meta">${dayOf(l.issuedOn)} · ${issuerOf(deps, l.issuer, L)}</span>` : ""}</li>`;
      })}</ul>`
    : html`<p>${t("none", L)}</p>`
}
<p class="box-more"><a href="${site.prefix}/van-ban">${t("allLegal", L)}</a></p></section>`;
}

function draftsBox(deps: PageDeps, site: Site): SafeHtml {
  const L = site.locale;
  const now = new Date();
  const open = deps.model
    .list(site.portal.portalId, {
      kind: "draft-for-comment",
      limit: 4,
      filter: (i) => inLocale(site)(i) && commentWindowOpen(i, now),
    })
    .items.filter((d) => d.snapshot.comment);
  return html`<section class="box" aria-labelledby="drafts-h"><h2 id="drafts-h">${t("openDrafts", L)}</h2>
${
  open.length
    ? html`<ul class="box-list">${open.map(
        (d) =>
          html`<li><a href="${itemHref(site, d)}">${content(d, L).title}</a><span class="meta">${t("commentBy", L)} ${timeOf(d.snapshot.comment?.closesAt ?? "")}</span></li>`,
      )}</ul>`
    : html`<p>${t("noOpenDrafts", L)}</p>`
}
<p class="box-more"><a href="${site.prefix}/du-thao">${t("allDrafts", L)}</a></p></section>`;
}

/** online public services (the portal's section of that name, when it has one), feedback, Q&A, hotline */
/**
 * The online public services a citizen is sent to (Art. 3.2): the portal's own links, else the
 * provincial portal's, so every component portal leads to the province's public-service portal.
 */
function serviceLinksOf(deps: PageDeps, site: Site) {
  const own = site.portal.serviceLinks ?? [];
  const links = own.length ? own : (deps.model.portal(deps.provincialPortalId)?.snapshot.serviceLinks ?? []);
  // content and the event's schema take only http(s) addresses; checked again before a page links one
  return links.filter((l) => /^https?:\/\//i.test(l.url));
}

function citizensBox(deps: PageDeps, site: Site): SafeHtml {
  const L = site.locale;
  const services = site.portal.categories.find((c) => c.slug === "dich-vu-cong-truc-tuyen");
  const hotline = site.portal.hotline;
  return html`<section class="box citizens" aria-labelledby="citizens-h"><h2 id="citizens-h">${t("citizens", L)}</h2>
<ul class="box-links">
${serviceLinksOf(deps, site).map((l) => html`<li><a href="${l.url}">${locRun(l.label, L)}</a></li>`)}
${services ? html`<li><a href="${site.prefix}/chuyen-muc/${services.slug}">${loc(services.name, L)}</a></li>` : ""}
<li><a href="${site.prefix}/gop-y">${t("sendFeedback", L)}</a></li>
<li><a href="${site.prefix}/hoi-dap">${t("askQa", L)}</a></li>
<li>${t("callHotline", L)}: <a href="tel:${hotline.replace(/[^\d+]/g, "")}">${hotline}</a></li>
</ul></section>`;
}

function directory(deps: PageDeps, site: Site): SafeHtml {
  const p = site.portal.portalId;
  const components = [...deps.model.portals.values()].filter((x) => x.snapshot.active && x._id !== p);
  if (!components.length) return html``;
  const groups = (
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
  });
  return html`<section aria-labelledby="portals-h" class="directory"><h2 id="portals-h">${t("portals", site.locale)}</h2>${groups}</section>`;
}

function description(site: Site, name: string, L: Locale): string {
  return L === "en"
    ? `${name} — the official web portal of ${loc(site.portal.agency, "en")}: news, legal documents, questions and answers, feedback.`
    : `${name} — cổng thông tin chính thức của ${loc(site.portal.agency, "vi")}: tin tức, văn bản pháp luật, hỏi đáp, góp ý.`;
}

export function homePage(deps: PageDeps, site: Site): Rendered {
  const p = site.portal.portalId;
  const L = site.locale;
  const showPortal = site.isProvince;
  const scope = site.isProvince ? "*" : p;
  const news = (i: ItemRecord) => NEWS.has(i.snapshot.kind) && inLocale(site)(i);
  // featured: the newest news that have a cover photo; then the latest of the rest
  const recent = deps.model.list(scope, { limit: 40, filter: news }).items;
  const featured = recent.filter((i) => coverImage(deps, i, "") !== undefined).slice(0, FEATURED);
  const shown = new Set(featured.map((i) => i._id));
  const latest = recent.filter((i) => !shown.has(i._id)).slice(0, LATEST);
  const [first, ...others] = featured;
  const sections = site.portal.categories
    .filter((c) => c.parentId === null)
    .sort((a, b) => a.order - b.order)
    .map((c) => ({
      c,
      items: deps.model.list(p, { category: c.categoryId, limit: 4, filter: news }).items,
    }))
    .filter((s) => s.items.length)
    .slice(0, SECTIONS);
  const name = loc(site.portal.name, L);
  const cardOf = (item: ItemRecord): Card => ({ deps, site, item, showPortal });
  const body = layout(
    site,
    {
      title: name,
      description: description(site, name, L),
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
    html`<h1 class="visually-hidden">${name}</h1>
<div class="home-top">
<div class="home-main">
${
  first
    ? html`<section class="featured" aria-labelledby="featured-h"><h2 id="featured-h">${t("featured", L)}</h2>
${lead(cardOf(first))}
${others.length ? html`<ul class="cards">${others.map((i) => card(cardOf(i), false))}</ul>` : ""}</section>`
    : ""
}
${
  // with every news item already featured, an empty "latest" would only say "nothing yet"
  latest.length || !first
    ? html`<section class="latest" aria-labelledby="latest-h"><h2 id="latest-h">${t("latest", L)}</h2>
${latest.length ? html`<ul class="cards list">${latest.map((i) => card(cardOf(i), true))}</ul>` : html`<p>${t("none", L)}</p>`}</section>`
    : ""
}
</div>
<div class="home-side">
${legalBox(deps, site)}
${draftsBox(deps, site)}
${citizensBox(deps, site)}
</div>
</div>
${
  sections.length
    ? html`<div class="sections">${sections.map(
        (
          s,
        ) => html`<section aria-labelledby="sec-${s.c.slug}"><h2 id="sec-${s.c.slug}"><a href="${site.prefix}/chuyen-muc/${s.c.slug}">${loc(s.c.name, L)}</a></h2>
<ul class="cards compact">${s.items.map((i) => card({ deps, site, item: i, showPortal: false }, false))}</ul></section>`,
      )}</div>`
    : ""
}
${site.isProvince ? directory(deps, site) : ""}`,
  );
  return {
    status: 200,
    body: body.value,
    tags: [tag.home(p), tag.portal(p), ...(site.isProvince ? [tag.aggregate] : [])],
    lastModified: site.isProvince ? latestChange(deps) : deps.model.changedAt(p),
  };
}
