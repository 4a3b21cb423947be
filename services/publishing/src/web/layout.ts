// The page shell every portal page uses: landmarks, skip link, one h1 per page (given by the
// page), visible focus (site.css), the portal's sections, search, contacts and the attribution
// line (R-ATTRIB, R-STD: HTML5, UTF-8, WCAG 2.1 AA).
import { ATTRIBUTION_VI } from "@cong/contracts";
import { html, type SafeHtml } from "../render/html";
import { type Locale, t } from "./i18n";
import type { Site } from "./site";

export const ATTRIBUTION_EN = "Source: Bac Giang Provincial Web Portal (https://www.bacgiang.gov.vn)";

export function attribution(locale: Locale): string {
  return locale === "en" ? ATTRIBUTION_EN : ATTRIBUTION_VI;
}

export function loc(text: Record<string, string> & { vi: string }, locale: Locale): string {
  return text[locale] ?? text.vi;
}

export interface PageOptions {
  title: string;
  /** canonical path (without the locale prefix) */
  path?: string;
  /** locales this page exists in, for hreflang */
  alternates?: { locale: Locale; path: string }[];
  jsonLd?: SafeHtml;
  feeds?: { title: string; href: string; type: "rss" | "atom" }[];
  bodyClass?: string;
  robots?: string;
}

export function layout(site: Site, opts: PageOptions, main: SafeHtml): SafeHtml {
  const { portal, locale, prefix } = site;
  const name = loc(portal.name, locale);
  // every top-level category (R-CONTENT: each mandatory one reachable from the navigation), less
  // those the fixed links below already name (a "Văn bản pháp luật" category beside /van-ban)
  const fixed = new Set(
    (["legal", "qa", "feedback", "contact"] as const).map((k) => t(k, locale).toLocaleLowerCase("vi")),
  );
  const cats = portal.categories
    .filter((c) => c.parentId === null && !fixed.has(loc(c.name, locale).toLocaleLowerCase("vi")))
    .sort((a, b) => a.order - b.order);
  const other: Locale = locale === "vi" ? "en" : "vi";
  const otherAlt = opts.alternates?.find((a) => a.locale === other);
  const canonical = opts.path !== undefined ? `${site.origin}${prefix}${opts.path}` : undefined;
  return html`<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title === name ? name : `${opts.title} – ${name}`}</title>
<link rel="stylesheet" href="/static/site.css">
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
${opts.jsonLd ?? ""}
</head>
<body${opts.bodyClass ? html` class="${opts.bodyClass}"` : ""}>
<a class="skip-link" href="#main">${t("skip", locale)}</a>
<header class="site-header">
<div class="wrap">
<p class="brand"><a href="${prefix}/">${name}</a><span class="agency">${loc(portal.agency, locale)}</span></p>
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
<footer class="site-footer">
<div class="wrap">
<p><strong>${name}</strong> — ${loc(portal.agency, locale)}</p>
<p>${t("footerContact", locale)}: ${t("email", locale)} <a href="mailto:${portal.boardMailbox}">${portal.boardMailbox}</a>;
${t("hotline", locale)} <a href="tel:${portal.hotline.replace(/[^0-9+]/g, "")}">${portal.hotline}</a>${portal.address ? html`; ${portal.address}` : ""}</p>
<p><a href="${prefix}/rss.xml">${t("feeds", locale)}</a> · <a href="/sitemap.xml">Sitemap</a></p>
<p class="attribution">${attribution(locale)}</p>
</div>
</footer>
</body>
</html>`;
}
