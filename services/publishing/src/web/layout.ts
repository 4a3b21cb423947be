// The page shell every portal page uses: landmarks, skip link, one h1 per page (given by the
// page), visible focus (site.css), the portal's sections, search, contacts and the attribution
// line (R-ATTRIB, R-STD: HTML5, UTF-8, WCAG 2.1 AA).
import { ATTRIBUTION_VI, portalAddress } from "@cong/contracts";
import { html, type SafeHtml } from "../render/html";
import { FAVICON_PATH } from "./favicon";
import { type Locale, t } from "./i18n";
import type { Site } from "./site";
import { SITE_CSS_PATH } from "./site-css";

export const ATTRIBUTION_EN = "Source: Bac Giang Provincial Web Portal (https://www.bacgiang.gov.vn)";

export function attribution(locale: Locale): string {
  return locale === "en" ? ATTRIBUTION_EN : ATTRIBUTION_VI;
}

export function loc(text: Record<string, string> & { vi: string }, locale: Locale): string {
  return text[locale] ?? text.vi;
}

export interface PageOptions {
  title: string;
  /** the page's own meta description (a distinct one per page, issue 17) */
  description: string;
  /** canonical path (without the locale prefix) */
  path?: string;
  /** locales this page exists in, for hreflang */
  alternates?: { locale: Locale; path: string }[];
  jsonLd?: SafeHtml;
  feeds?: { title: string; href: string; type: "rss" | "atom" }[];
  bodyClass?: string;
  robots?: string;
  /** Open Graph type: "article" for an item, "website" otherwise */
  ogType?: "website" | "article";
  /** absolute URL of the page's share image (an item's cover rendition) and its text */
  image?: { url: string; alt: string; width?: number; height?: number };
}

/** a telephone number as a `tel:` URL's digits */
export function telHref(phone: string): string {
  return phone.replace(/[^0-9+]/g, "");
}

/** The page's `<title>`: the page's own name, then the portal's (the home page: the portal's alone). */
export function pageTitle(site: Site, title: string): string {
  const name = loc(site.portal.name, site.locale);
  return title === name ? name : `${title} – ${name}`;
}

/** A description cut to about 160 characters at a word boundary. */
export function clip(text: string, max = 160): string {
  const s = text.replace(/\s+/g, " ").trim();
  if (s.length <= max) return s;
  const cut = s.slice(0, max - 1);
  const sp = cut.lastIndexOf(" ");
  return `${(sp > max / 2 ? cut.slice(0, sp) : cut).replace(/[\s,.;:–-]+$/, "")}…`;
}

/** Text in the page's language; the Vietnamese one, marked `lang="vi"`, where that language has none. */
export function locRun(text: Record<string, string> & { vi: string }, locale: Locale): SafeHtml | string {
  const own = text[locale];
  if (own !== undefined) return own;
  return locale === "vi" ? text.vi : html`<span lang="vi">${text.vi}</span>`;
}

// The facts a state portal shows on every page (Decree 42/2022; issue 17): the responsible agency,
// the person in charge, the address, contacts and the licence line, each when the portal has it.
function footer(site: Site, provincial?: { name: string; href: string }): SafeHtml {
  const { portal, locale, prefix } = site;
  const vi = locale === "vi";
  const fact = (label: string, value: SafeHtml | string) =>
    html`<div><dt>${label}</dt><dd>${value}</dd></div>`;
  const address = portalAddress(portal);
  const person = portal.personInCharge;
  return html`<footer class="site-footer">
<div class="wrap">
<p class="footer-name"><strong>${locRun(portal.name, locale)}</strong></p>
<dl class="footer-facts">
${fact(t("agencyLabel", locale), locRun(portal.agency, locale))}
${person ? fact(t("personInCharge", locale), html`${vi ? person.name : html`<span lang="vi">${person.name}</span>`}, ${locRun(person.position, locale)}`) : ""}
${address ? fact(t("address", locale), locRun(address, locale)) : ""}
${fact(t("hotline", locale), html`<a href="tel:${telHref(portal.hotline)}">${portal.hotline}</a>`)}
${fact(t("mailboxLabel", locale), html`<a href="mailto:${portal.boardMailbox}">${portal.boardMailbox}</a>`)}
</dl>
${portal.licence ? html`<p class="footer-licence">${locRun(portal.licence, locale)}</p>` : ""}
${provincial ? html`<p class="footer-home">${t("partOf", locale)} <a href="${provincial.href}">${provincial.name}</a></p>` : ""}
<p class="footer-links"><a href="${prefix}/lien-he">${t("contact", locale)}</a> · <a href="${prefix}/gop-y">${t("feedback", locale)}</a> · <a href="${prefix}/rss.xml">${t("feeds", locale)}</a> · <a href="/sitemap.xml">${t("sitemap", locale)}</a></p>
<p class="attribution">${attribution(locale)}</p>
</div>
</footer>`;
}

export function layout(site: Site, opts: PageOptions, main: SafeHtml): SafeHtml {
  const { portal, locale, prefix } = site;
  const name = loc(portal.name, locale);
  // every top-level category (R-CONTENT: each mandatory one reachable from the navigation, always),
  // less optional ones the fixed links below already name (a "Văn bản pháp luật" category beside /van-ban)
  const fixed = new Set(
    (["legal", "qa", "feedback", "contact"] as const).map((k) => t(k, locale).toLocaleLowerCase("vi")),
  );
  const cats = portal.categories
    .filter(
      (c) => c.parentId === null && (c.mandatory || !fixed.has(loc(c.name, locale).toLocaleLowerCase("vi"))),
    )
    .sort((a, b) => a.order - b.order);
  const other: Locale = locale === "vi" ? "en" : "vi";
  const otherAlt = opts.alternates?.find((a) => a.locale === other);
  const canonical = opts.path !== undefined ? `${site.origin}${prefix}${opts.path}` : undefined;
  const title = pageTitle(site, opts.title);
  // a component portal carries the way home to the provincial portal (Art. 3.2)
  const provincial = site.provincial
    ? {
        name: loc(site.provincial.name, locale),
        href: `${site.provincial.origin}${site.provincial.languages.includes(locale) ? prefix : ""}/`,
      }
    : undefined;
  return html`<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<meta name="description" content="${opts.description}">
<link rel="icon" href="${FAVICON_PATH}" type="image/svg+xml">
<link rel="stylesheet" href="${SITE_CSS_PATH}">
${canonical ? html`<link rel="canonical" href="${canonical}">` : ""}
${(opts.alternates ?? []).map(
  (a) =>
    html`<link rel="alternate" hreflang="${a.locale}" href="${site.origin}${a.locale === "vi" ? "" : `/${a.locale}`}${a.path}">`,
)}
<link rel="alternate" type="application/rss+xml" title="${name} – RSS" href="${prefix}/rss.xml">
<link rel="alternate" type="application/atom+xml" title="${name} – Atom" href="${prefix}/atom.xml">
${(opts.feeds ?? []).map(
  (f) => html`<link rel="alternate" type="application/${f.type}+xml" title="${f.title}" href="${f.href}">`,
)}
${opts.robots ? html`<meta name="robots" content="${opts.robots}">` : ""}
<meta property="og:site_name" content="${name}">
<meta property="og:title" content="${opts.title}">
<meta property="og:description" content="${opts.description}">
<meta property="og:type" content="${opts.ogType ?? "website"}">
${canonical ? html`<meta property="og:url" content="${canonical}">` : ""}
<meta property="og:locale" content="${locale === "en" ? "en_US" : "vi_VN"}">
${
  opts.image
    ? html`<meta property="og:image" content="${opts.image.url}">
${opts.image.width ? html`<meta property="og:image:width" content="${String(opts.image.width)}">` : ""}
${opts.image.height ? html`<meta property="og:image:height" content="${String(opts.image.height)}">` : ""}
${opts.image.alt ? html`<meta property="og:image:alt" content="${opts.image.alt}">` : ""}
<meta name="twitter:card" content="summary_large_image">`
    : ""
}
${opts.jsonLd ?? ""}
</head>
<body${opts.bodyClass ? html` class="${opts.bodyClass}"` : ""}>
<a class="skip-link" href="#main">${t("skip", locale)}</a>
<header class="site-header">
${provincial ? html`<div class="portal-home"><p class="wrap"><a href="${provincial.href}">${provincial.name}</a></p></div>` : ""}
<div class="wrap">
<p class="brand">${
    site.emblem
      ? html`<img class="emblem" src="${site.emblem.src}" srcset="${site.emblem.srcset}" sizes="64px" width="64" height="${String(Math.round((64 * site.emblem.height) / site.emblem.width))}" alt="">`
      : ""
  }<span class="brand-text"><a href="${prefix}/">${name}</a><span class="agency">${locRun(portal.agency, locale)}</span></span></p>
${
  otherAlt && portal.languages.includes(other)
    ? html`<p class="lang"><a href="${other === "vi" ? "" : `/${other}`}${otherAlt.path}" hreflang="${other}" lang="${other}">${t("otherLang", locale)}</a></p>`
    : ""
}
<div class="site-search">
<form action="${prefix}/tim-kiem" method="get" role="search">
<label for="site-q">${t("searchLabel", locale)}</label>
<input id="site-q" name="q" type="search" autocomplete="off">
<button type="submit">${t("searchButton", locale)}</button>
</form>
</div>
</div>
<nav aria-label="${t("menu", locale)}" class="site-nav">
<input type="checkbox" id="nav-toggle" class="nav-toggle">
<label for="nav-toggle" class="nav-button">${t("menuButton", locale)}</label>
<ul class="wrap">
<li><a href="${prefix}/">${t("home", locale)}</a></li>
${cats.map((c) => html`<li><a href="${prefix}/chuyen-muc/${c.slug}">${loc(c.name, locale)}</a></li>`)}
<li><a href="${prefix}/van-ban">${t("legal", locale)}</a></li>
<li><a href="${prefix}/hoi-dap">${t("qa", locale)}</a></li>
<li><a href="${prefix}/gop-y">${t("feedback", locale)}</a></li>
<li><a href="${prefix}/lien-he">${t("contact", locale)}</a></li>
</ul>
</nav>
</header>
<main id="main" class="wrap" tabindex="-1">
${main}
</main>
${footer(site, provincial)}
</body>
</html>`;
}
