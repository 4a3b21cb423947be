// The portals' stylesheet, served at SITE_CSS_PATH (`/static/site-<hash>.css`, cached for a year) and
// at /static/site.css for old links (kept in code so `dist/` needs no copy step).
import { FONT_FACES_CSS } from "./fonts";
import { hashedPath } from "./static-files";

export const SITE_CSS = `${FONT_FACES_CSS}/* Public portals. Contrast ≥ 4.5:1 for text, visible focus, text resizable (rem, no fixed heights). */
:root { --ink: #1b1b1b; --brand: #0b3d91; --brand-dark: #072a66; --muted: #4a4a4a; --bg: #ffffff; --line: #c8c8c8; --focus: #ffbf47; }
* { box-sizing: border-box; }
html { font-size: 100%; }
body { margin: 0; font-family: "Be Vietnam Pro", "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; line-height: 1.6; color: var(--ink); background: var(--bg); }
.wrap { max-width: 72rem; margin: 0 auto; padding: 0 1rem; }
a { color: var(--brand); text-decoration: underline; }
a:hover { color: var(--brand-dark); }
:focus-visible { outline: 3px solid var(--ink); outline-offset: 2px; box-shadow: 0 0 0 6px var(--focus); }
.skip-link { position: absolute; left: -999rem; top: 0; background: var(--ink); color: #fff; padding: .5rem 1rem; z-index: 10; }
.skip-link:focus { left: 1rem; }
.site-header { background: var(--brand); color: #fff; }
.site-header a { color: #fff; }
.site-header .wrap { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; justify-content: space-between; padding-top: .75rem; padding-bottom: .75rem; }
.brand { margin: 0; font-size: 1.375rem; font-weight: 700; display: flex; align-items: center; gap: .75rem; }
.brand .emblem { flex: none; width: 4rem; height: auto; }
.brand-text { min-width: 0; }
.brand a { text-decoration: none; }
.brand .agency { display: block; font-size: .9375rem; font-weight: 400; }
.lang { margin: 0; }
.site-search form { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
.site-search input { min-width: 0; flex: 1 1 8rem; }
.site-search label { font-size: .9375rem; }
input, textarea, select, button { font: inherit; }
input[type=search], input[type=text], input[type=email], input[type=tel], textarea, select { border: 2px solid var(--ink); padding: .375rem .5rem; background: #fff; color: var(--ink); max-width: 100%; }
button { background: var(--ink); color: #fff; border: 2px solid #fff; padding: .375rem .875rem; cursor: pointer; }
main button { border-color: var(--ink); }
.site-nav { background: var(--brand-dark); }
.site-nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; padding-top: .5rem; padding-bottom: .5rem; margin-top: 0; margin-bottom: 0; }
.nav-toggle, .nav-button { display: none; }
.table-scroll { max-width: 100%; overflow-x: auto; margin: 1rem 0; }
.table-scroll:focus-visible { outline: 3px solid var(--ink); }
body { overflow-wrap: break-word; }
td, th { overflow-wrap: anywhere; }
main { padding-top: 1.5rem; padding-bottom: 2rem; }
main:focus { outline: none; }
h1 { font-size: 2rem; line-height: 1.25; margin: 0 0 1rem; }
h2 { font-size: 1.375rem; line-height: 1.3; }
.items { list-style: none; padding: 0; margin: 0; }
.items > li { border-bottom: 1px solid var(--line); padding: .75rem 0; }
.items h2, .items h3 { margin: 0 0 .25rem; font-size: 1.1875rem; }
.meta { color: var(--muted); font-size: .9375rem; margin: .25rem 0; }
.notice { border-left: 6px solid var(--brand); padding: .75rem 1rem; background: #f3f6fb; margin: 1rem 0; }
.preview-banner { border-left-color: #8a4b00; background: #fff3d6; }
.error-summary { border: 4px solid #b10e1e; padding: 1rem; margin-bottom: 1rem; }
.field-error { color: #b10e1e; font-weight: 700; display: block; }
.field { margin-bottom: 1rem; }
.field label, .field legend { display: block; font-weight: 700; }
.field .hint { display: block; color: var(--muted); }
.hp { position: absolute; left: -999rem; width: 1px; height: 1px; overflow: hidden; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid var(--line); padding: .375rem .5rem; text-align: left; vertical-align: top; }
caption { text-align: left; font-weight: 700; padding: .25rem 0; }
.filters { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-end; margin-bottom: 1rem; }
.filters .field { min-width: 0; max-width: 100%; }
.filters select { width: 100%; }
mark { background: #fff3a8; color: var(--ink); }
figure { margin: 1rem 0; }
img { max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: .9375rem; }
.site-footer { border-top: 4px solid var(--brand); background: #f3f3f3; padding: 1rem 0; font-size: .9375rem; }
.attribution { font-weight: 700; }
.portal-home { background: var(--brand-dark); font-size: .9375rem; }
.site-header .portal-home .wrap { display: block; margin: 0 auto; padding-top: .25rem; padding-bottom: .25rem; }
.portal-home a::before { content: "← "; }
.footer-facts { display: grid; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); gap: .5rem 1.5rem; margin: .5rem 0 1rem; }
.footer-facts dt { font-weight: 700; }
.footer-facts dd { margin: 0; }
.footer-name { font-size: 1.0625rem; margin-bottom: .25rem; }
.directory ul { columns: 16rem; padding-left: 1.25rem; }
nav.pager ul { list-style: none; padding: 0; display: flex; gap: 1.5rem; }
.breadcrumb ol { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .5rem; margin: 0 0 1rem; }
.breadcrumb li + li::before { content: "›"; margin-right: .5rem; color: var(--muted); }
.visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.home-top { display: grid; gap: 1.5rem 2rem; margin-top: .5rem; }
@media (min-width: 64rem) { .home-top { grid-template-columns: minmax(0, 2fr) minmax(0, 1fr); } }
.home-main > section > h2, .sections h2, .directory h2 { border-bottom: 3px solid var(--brand); padding-bottom: .25rem; margin-top: 0; }
.lead { margin-bottom: 1rem; }
.lead img { display: block; width: 100%; aspect-ratio: 16 / 9; object-fit: cover; }
.lead h3 { font-size: 1.5rem; line-height: 1.3; margin: .75rem 0 .25rem; }
.cards { list-style: none; padding: 0; margin: 0 0 1.5rem; display: grid; gap: 1rem; }
.featured .cards { grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); }
.featured .card { display: block; }
.card { display: grid; grid-template-columns: 9rem minmax(0, 1fr); gap: .75rem; align-items: start; }
.card.no-image { display: block; }
.card img { display: block; width: 100%; aspect-ratio: 3 / 2; object-fit: cover; }
.card h3 { font-size: 1.0625rem; line-height: 1.35; margin: 0; }
.featured .card h3 { margin-top: .5rem; }
.card p { margin: .25rem 0 0; }
.cards.list > li { border-bottom: 1px solid var(--line); padding-bottom: 1rem; }
.cards.compact .card { grid-template-columns: 6rem minmax(0, 1fr); }
.home-side { display: grid; gap: 1rem; align-content: start; }
.box { border: 1px solid var(--line); border-top: 4px solid var(--brand); background: #f7f9fc; padding: .75rem 1rem; }
.box h2 { font-size: 1.1875rem; margin: 0 0 .5rem; }
.box-list { list-style: none; padding: 0; margin: 0; }
.box-list li { padding: .5rem 0; border-bottom: 1px solid var(--line); }
.box-list .meta { display: block; }
.doc-number { font-weight: 700; }
.box-links { padding-left: 1.25rem; margin: 0; }
.box-links li { padding: .25rem 0; }
.box-more { margin: .5rem 0 0; font-weight: 700; }
.sections { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 20rem), 1fr)); gap: 1rem 2rem; margin-top: 1rem; }
@media (max-width: 47.99rem) { .card { grid-template-columns: 6.5rem minmax(0, 1fr); } .lead h3 { font-size: 1.3125rem; } }
@media (max-width: 47.99rem) {
  .nav-toggle { display: block; position: absolute; width: 1px; height: 1px; opacity: 0; margin: 0; }
  .nav-button { display: block; padding: .625rem 1rem; color: #fff; font-weight: 700; cursor: pointer; }
  .nav-button::before { content: "☰ "; }
  .nav-toggle:checked + .nav-button::before { content: "✕ "; }
  .nav-toggle:focus-visible + .nav-button { outline: 3px solid #fff; outline-offset: -3px; box-shadow: inset 0 0 0 6px var(--focus); }
  .site-nav ul.wrap { display: none; flex-direction: column; gap: 0; padding-bottom: .75rem; }
  .nav-toggle:checked ~ ul.wrap { display: flex; }
  .site-nav li a { display: block; padding: .375rem 0; }
  .site-header .wrap { gap: .5rem; }
  h1 { font-size: 1.625rem; }
}
@media print {
  .site-header, .site-nav, .site-footer .wrap > p:not(.attribution):not(.footer-licence), .skip-link, .no-print { display: none; }
  a { color: var(--ink); }
}
.inline { display: inline; font-weight: 400; }
`;

/** the stylesheet's address, named by its content hash (static-files.ts) */
export const SITE_CSS_PATH = hashedPath("site", "css", SITE_CSS);
