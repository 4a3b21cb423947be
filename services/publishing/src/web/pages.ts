// Page renderers: pure functions of the read model and the site; each returns the HTML and the
// cache tags and time the page depends on. Everything is escaped through `html`.
import type { CategorySnapshot, LocalizedContent } from "@cong/contracts";
import { type ItemRecord, type ReadModel, tag } from "../readmodel/readmodel";
import { html, jsonLd, type SafeHtml } from "../render/html";
import type { SearchIndex } from "../search/search.index";
import { verifyBody } from "./body";
import { formatDate, formatDay, type Locale, t } from "./i18n";
import { attribution, layout, loc } from "./layout";
import type { Site } from "./site";

export interface Rendered {
  status: number;
  body: string;
  tags: string[];
  lastModified?: string;
  headers?: Record<string, string>;
  contentType?: string;
}

export interface PageDeps {
  model: ReadModel;
  search: SearchIndex;
  mediaUrl: string;
  provincialPortalId: string;
  /** PUBLIC_SCHEME://host of a portal, from configuration (never from a request: issue 15.2) */
  portalOrigin: (portalId: string) => string | undefined;
}

export const PAGE_SIZE = 20;

export function itemPath(item: ItemRecord, locale: Locale): string {
  const lc = item.snapshot.locales[locale] ?? item.snapshot.locales.vi;
  return `/tin/${lc.slug}`;
}

function content(item: ItemRecord, locale: Locale): LocalizedContent {
  return item.snapshot.locales[locale] ?? item.snapshot.locales.vi;
}

function alternates(item: ItemRecord): { locale: Locale; path: string }[] {
  return (Object.keys(item.snapshot.locales) as Locale[])
    .filter((l) => l === "vi" || l === "en")
    .map((l) => ({ locale: l, path: itemPath(item, l) }));
}

function categoryOf(site: Site, slug: string): CategorySnapshot | undefined {
  return site.portal.categories.find((c) => c.slug === slug);
}

export function itemList(
  deps: PageDeps,
  site: Site,
  items: ItemRecord[],
  headingLevel: 2 | 3 = 2,
  showPortal = false,
): SafeHtml {
  if (!items.length) return html`<p>${t("none", site.locale)}</p>`;
  return html`<ul class="items">${items.map((i) => {
    const lc = content(i, site.locale);
    const sameHost = i.portalId === site.portal.portalId;
    const origin = sameHost ? "" : (deps.portalOrigin(i.portalId) ?? "");
    const href = `${origin}${site.prefix}${itemPath(i, site.locale)}`;
    const title = html`<a href="${href}">${lc.title}</a>`;
    const portalName = showPortal ? deps.model.portal(i.portalId)?.snapshot.name : undefined;
    return html`<li><article>
${headingLevel === 2 ? html`<h2>${title}</h2>` : html`<h3>${title}</h3>`}
<p class="meta"><time datetime="${i.snapshot.publishedAt}">${formatDate(i.snapshot.publishedAt, site.locale)}</time>${portalName ? html` · ${loc(portalName, site.locale)}` : ""}</p>
${lc.summary ? html`<p>${lc.summary}</p>` : ""}
</article></li>`;
  })}</ul>`;
}

function pager(
  site: Site,
  basePath: string,
  next: string | undefined,
  cursor: string | undefined,
  query = "",
): SafeHtml {
  if (!next && !cursor) return html``;
  const q = query ? `${query}&` : "";
  return html`<nav class="pager" aria-label="${t("pagination", site.locale)}"><ul>
${cursor ? html`<li><a href="${site.prefix}${basePath}${query ? `?${query}` : ""}">${t("newest", site.locale)}</a></li>` : ""}
${next ? html`<li><a href="${site.prefix}${basePath}?${q}sau=${encodeURIComponent(next)}" rel="next">${t("older", site.locale)}</a></li>` : ""}
</ul></nav>`;
}

function inLocale(site: Site) {
  return (i: ItemRecord) => site.locale === "vi" || !!i.snapshot.locales[site.locale];
}

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
    ? html`<section aria-labelledby="portals-h"><h2 id="portals-h">${t("portals", site.locale)}</h2><ul>${components.map(
        (c) => {
          const o = deps.portalOrigin(c._id);
          return html`<li><a href="${o ?? "#"}/">${loc(c.snapshot.name, site.locale)}</a></li>`;
        },
      )}</ul></section>`
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

function latestChange(deps: PageDeps): string {
  let max = new Date(0).toISOString();
  for (const p of deps.model.portals.keys()) {
    const c = deps.model.changedAt(p);
    if (c > max) max = c;
  }
  return max;
}

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
  const feeds = [
    { title: `${title} – RSS`, href: `${site.prefix}/chuyen-muc/${slug}/rss.xml`, type: "rss" as const },
    { title: `${title} – Atom`, href: `${site.prefix}/chuyen-muc/${slug}/atom.xml`, type: "atom" as const },
  ];
  const body = layout(
    site,
    { title, path: `/chuyen-muc/${slug}`, feeds, ...(cursor ? { robots: "noindex, follow" } : {}) },
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

/** A preview of a revision not yet live, on the portal's own host (R-MODERATE; issue 14). */
export interface PreviewOptions {
  /** the item changed after the link was made */
  outdated: boolean;
  expiresAt: string;
  /** media's preview tokens by asset id (`?token=`), so the files of a draft load */
  mediaTokens: Record<string, string>;
  /** the media tokens no longer work (media's limit may come before the link's) */
  mediaExpired?: boolean;
}

function media(
  deps: PageDeps,
  item: ItemRecord,
  locale: Locale,
  mediaTokens: Record<string, string> = {},
): { cover?: SafeHtml; attachments: SafeHtml[] } {
  const out: { cover?: SafeHtml; attachments: SafeHtml[] } = { attachments: [] };
  for (const m of item.snapshot.media) {
    const asset = deps.model.assets.get(m.assetId);
    // defence in depth (issue 15.1): a file of another portal is never shown on this item's page
    if (asset && asset.portalId !== item.portalId) continue;
    const base = `${deps.mediaUrl}/assets/${encodeURIComponent(m.assetId)}`;
    const token = mediaTokens[m.assetId];
    const q = token ? `?token=${encodeURIComponent(token)}` : "";
    if (m.role === "cover" || m.role === "gallery" || m.role === "inline") {
      if (!asset) continue; // not processed yet: no renditions to show
      const images = asset.renditions.filter((r) => r.mimeType.startsWith("image/") && r.width);
      if (!images.length) continue;
      const webp = images.filter((r) => r.mimeType === "image/webp");
      const set = (webp.length ? webp : images).sort((a, b) => (a.width ?? 0) - (b.width ?? 0));
      const fallback = set.find((r) => (r.width ?? 0) >= 640) ?? set[set.length - 1];
      if (!fallback) continue;
      const alt = m.decorative || asset.decorative ? "" : (m.alt ?? asset.altText ?? "");
      const img = html`<img src="${base}/${fallback.name}${q}" srcset="${set.map((r, i) => `${i ? ", " : ""}${base}/${r.name}${q} ${r.width}w`).join("")}" sizes="(min-width: 72rem) 70rem, 100vw" alt="${alt}"${fallback.width ? html` width="${fallback.width}"` : ""}${fallback.height ? html` height="${fallback.height}"` : ""}>`;
      const fig = html`<figure>${img}${m.caption ? html`<figcaption>${m.caption}</figcaption>` : ""}</figure>`;
      if (m.role === "cover" && !out.cover) out.cover = fig;
      else out.attachments.push(fig);
    } else {
      const label = m.caption ?? m.alt ?? (locale === "en" ? "Attachment" : "Tệp đính kèm");
      const file = asset?.renditions[0]?.name ?? "original";
      out.attachments.push(html`<p><a href="${base}/${file}${q}">${label}</a></p>`);
    }
  }
  return out;
}

function legalTable(item: ItemRecord, locale: Locale): SafeHtml {
  const l = item.snapshot.legal;
  if (!l) return html``;
  const validity: Record<string, string> = {
    "not-yet-effective": "Chưa có hiệu lực",
    "in-force": "Còn hiệu lực",
    "partly-expired": "Hết hiệu lực một phần",
    expired: "Hết hiệu lực",
  };
  return html`<table class="legal"><caption>${locale === "en" ? "Document details" : "Thuộc tính văn bản"}</caption><tbody>
<tr><th scope="row">Số ký hiệu</th><td>${l.number}</td></tr>
<tr><th scope="row">Loại văn bản</th><td>${l.docType}</td></tr>
<tr><th scope="row">Cơ quan ban hành</th><td>${l.issuer}</td></tr>
<tr><th scope="row">Người ký</th><td>${l.signer}</td></tr>
<tr><th scope="row">Ngày ban hành</th><td>${formatDay(l.issuedOn)}</td></tr>
<tr><th scope="row">Ngày hiệu lực</th><td>${l.effectiveOn ? formatDay(l.effectiveOn) : "—"}</td></tr>
<tr><th scope="row">Tình trạng hiệu lực</th><td>${validity[l.validity] ?? l.validity}</td></tr>
</tbody></table>`;
}

export function commentWindowOpen(item: ItemRecord, now = new Date()): boolean {
  const c = item.snapshot.comment;
  if (item.snapshot.kind !== "draft-for-comment" || !c) return false;
  return Date.parse(c.opensAt) <= now.getTime() && now.getTime() < Date.parse(c.closesAt);
}

export interface FormState {
  values: Record<string, string>;
  errors: Record<string, string>;
  token: string;
}

export function commentForm(site: Site, item: ItemRecord, form: FormState): SafeHtml {
  const action = `${site.prefix}${itemPath(item, site.locale)}/y-kien`;
  return html`<section aria-labelledby="comment-h" class="no-print"><h2 id="comment-h">Góp ý dự thảo</h2>
<p>Ý kiến của bạn được gửi tới Ban biên tập và cơ quan soạn thảo. Họ tên chỉ dùng để tổng hợp ý kiến, không công bố khi bạn không đồng ý (R-PII).</p>
${errorSummary(form)}
<form method="post" action="${action}" novalidate>
<input type="hidden" name="csrf" value="${form.token}">
${honeypot()}
${textField("ho-ten", "Họ và tên", form, { required: true, autocomplete: "name" })}
${textArea("noi-dung", "Nội dung góp ý", form)}
${consentField(form, "Tôi đồng ý để Ban biên tập sử dụng họ tên và ý kiến này cho việc tổng hợp góp ý dự thảo.")}
<button type="submit">Gửi góp ý</button>
</form></section>`;
}

export function itemPage(
  deps: PageDeps,
  site: Site,
  item: ItemRecord,
  opts: { print?: boolean; commentForm?: SafeHtml; preview?: PreviewOptions },
): Rendered {
  const lc = content(item, site.locale);
  const s = item.snapshot;
  const preview = opts.preview;
  const { cover, attachments } = media(deps, item, site.locale, preview?.mediaTokens);
  const body = verifyBody(lc.bodyHtml);
  const cats = s.categoryIds
    .map((id) => site.portal.categories.find((c) => c.categoryId === id))
    .filter((c): c is CategorySnapshot => !!c);
  const first = cats[0];
  const path = itemPath(item, site.locale);
  const isLegal = s.kind === "legal-document" || s.kind === "draft-for-comment";
  const ld = jsonLd({
    "@context": "https://schema.org",
    "@type": isLegal ? "Legislation" : "NewsArticle",
    headline: lc.title,
    ...(lc.summary ? { description: lc.summary } : {}),
    datePublished: s.firstPublishedAt,
    dateModified: s.publishedAt,
    inLanguage: site.locale,
    url: `${site.origin}${site.prefix}${path}`,
    publisher: { "@type": "GovernmentOrganization", name: site.portal.agency.vi },
    ...(s.legal ? { legislationIdentifier: s.legal.number, legislationDate: s.legal.issuedOn } : {}),
    creditText: attribution(site.locale),
  });
  const main = html`${
    preview
      ? html`<div class="notice preview-banner" role="note">
<p><strong>Bản xem trước — nội dung chưa được xuất bản</strong></p>
${preview.outdated ? html`<p>Bản này đã được sửa sau khi tạo liên kết; đây là nội dung lúc tạo liên kết.</p>` : ""}
${preview.mediaExpired ? html`<p>Ảnh và tệp đính kèm chưa xuất bản không còn hiển thị được vì mã truy cập tệp đã hết hạn; đề nghị Ban biên tập tạo liên kết mới.</p>` : ""}
<p>Liên kết xem trước có hiệu lực đến <time datetime="${preview.expiresAt}">${formatDate(preview.expiresAt, site.locale)}</time>. Vui lòng không chia sẻ công khai.</p>
</div>`
      : ""
  }${
    opts.print
      ? ""
      : html`<nav class="breadcrumb" aria-label="${t("breadcrumb", site.locale)}"><ol><li><a href="${site.prefix}/">${t("home", site.locale)}</a></li>${
          first
            ? html`<li><a href="${site.prefix}/chuyen-muc/${first.slug}">${loc(first.name, site.locale)}</a></li>`
            : ""
        }<li aria-current="page">${lc.title}</li></ol></nav>`
  }
<article data-item="${s.itemId}" data-revision="${s.revision}">
<h1>${lc.title}</h1>
<p class="meta">${t("published", site.locale)} <time datetime="${s.publishedAt}">${formatDate(s.publishedAt, site.locale)}</time>${s.agency ? html` · ${s.agency}` : ""}</p>
${lc.changeNote ? html`<p class="notice">${site.locale === "en" ? "Update" : "Cập nhật"}: ${lc.changeNote.text}</p>` : ""}
${cover ?? ""}
${lc.summary ? html`<p class="summary"><strong>${lc.summary}</strong></p>` : ""}
${legalTable(item, site.locale)}
<div class="body">${body.html}</div>
${attachments.length ? html`<section aria-labelledby="att-h"><h2 id="att-h">${t("attachments", site.locale)}</h2>${attachments}</section>` : ""}
${s.contributors.length ? html`<p class="meta">${s.contributors.map((c, i) => html`${i ? ", " : ""}${c.name}${c.role ? ` (${c.role})` : ""}`)}</p>` : ""}
<p class="attribution">${attribution(site.locale)}</p>
${opts.print || preview ? "" : html`<p class="no-print"><a href="${site.prefix}${path}/ban-in">${t("print", site.locale)}</a></p>`}
</article>
${
  s.kind === "draft-for-comment" && s.comment
    ? commentWindowOpen(item)
      ? (opts.commentForm ?? "")
      : html`<p class="notice">Thời gian lấy ý kiến: ${formatDate(s.comment.opensAt, site.locale)} – ${formatDate(s.comment.closesAt, site.locale)}. ${
          Date.now() < Date.parse(s.comment.opensAt) ? "Chưa đến thời gian góp ý." : "Đã hết thời gian góp ý."
        }</p>`
    : ""
}`;
  // a preview: never indexed, no canonical address, language links or structured data of a page
  // that does not exist yet
  const page = layout(
    site,
    preview
      ? { title: `Xem trước: ${lc.title}`, robots: "noindex" }
      : {
          title: lc.title,
          path,
          alternates: alternates(item),
          jsonLd: ld,
          ...(opts.print ? { bodyClass: "print", robots: "noindex" } : {}),
        },
    main,
  );
  return {
    status: 200,
    body: page.value,
    tags: preview ? [] : [tag.item(s.itemId), tag.portal(site.portal.portalId)],
    lastModified: item.changedAt,
  };
}

export function noticePage(site: Site, item: ItemRecord): Rendered {
  const lc = content(item, site.locale);
  const page = layout(
    site,
    { title: `Đã rút: ${lc.title}`, robots: "noindex" },
    html`<h1>${lc.title}</h1>
<div class="notice" role="status"><h2>Nội dung này đã được rút khỏi cổng thông tin</h2>
<p>Lý do: ${item.publicReason ?? "Ban biên tập đã rút nội dung này."}</p>
<p>Thời điểm: <time datetime="${item.changedAt}">${formatDate(item.changedAt, site.locale)}</time></p></div>
<p><a href="${site.prefix}/">${t("home", site.locale)}</a></p>`,
  );
  return {
    status: 200,
    body: page.value,
    tags: [tag.item(item._id), tag.portal(site.portal.portalId)],
    lastModified: item.changedAt,
  };
}

export function messagePage(site: Site, status: number, title: string, message: SafeHtml | string): Rendered {
  const page = layout(
    site,
    { title, robots: "noindex" },
    html`<h1>${title}</h1><p>${message}</p><p><a href="${site.prefix}/">${t("home", site.locale)}</a> · <a href="${site.prefix}/tim-kiem">${t("search", site.locale)}</a></p>`,
  );
  return { status, body: page.value, tags: [] };
}

export function goneResponse(site: Site, item: ItemRecord): Rendered {
  return messagePage(
    site,
    410,
    "Nội dung không còn nữa",
    item.status === "archived"
      ? "Nội dung này đã hết thời hạn đăng tải và được chuyển vào kho lưu trữ."
      : "Nội dung này đã bị gỡ bỏ vĩnh viễn khỏi cổng thông tin.",
  );
}

// ---- legal registry, drafts, Q&A, search, contact ------------------------------------------------

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
  const select = (id: string, name: string, label: string, options: string[], value: string) =>
    html`<div class="field"><label for="${id}">${label}</label><select id="${id}" name="${name}"><option value="">Tất cả</option>${options.map(
      (o) => html`<option value="${o}"${o === value ? html` selected` : ""}>${o}</option>`,
    )}</select></div>`;
  const query = new URLSearchParams(
    Object.entries({ loai: type, "co-quan": issuer, nam: year, so: q.so ?? "" }).filter(([, v]) => v),
  ).toString();
  const body = layout(
    site,
    { title: t("legal", site.locale), path: "/van-ban" },
    html`<h1>${t("legal", site.locale)}</h1>
<form method="get" action="${site.prefix}/van-ban" class="filters" aria-label="Lọc văn bản">
${select("f-loai", "loai", "Loại văn bản", types, type)}
${select("f-cq", "co-quan", "Cơ quan ban hành", issuers, issuer)}
${select("f-nam", "nam", "Năm ban hành", years, year)}
<div class="field"><label for="f-so">Số ký hiệu</label><input id="f-so" name="so" type="text" value="${q.so ?? ""}"></div>
<button type="submit">Lọc</button>
</form>
${
  page.items.length
    ? html`<table><caption>Danh sách văn bản</caption><thead><tr><th scope="col">Số ký hiệu</th><th scope="col">Trích yếu</th><th scope="col">Loại</th><th scope="col">Cơ quan ban hành</th><th scope="col">Ngày ban hành</th></tr></thead><tbody>
${page.items.map((i) => {
  const l = i.snapshot.legal;
  return html`<tr><td>${l?.number}</td><td><a href="${site.prefix}${itemPath(i, site.locale)}">${content(i, site.locale).title}</a></td><td>${l?.docType}</td><td>${l?.issuer}</td><td>${l ? formatDay(l.issuedOn) : ""}</td></tr>`;
})}</tbody></table>`
    : html`<p>Không có văn bản phù hợp.</p>`
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
      ? html`<p>Câu hỏi của người dân, doanh nghiệp và trả lời của cơ quan chức năng. <a href="${site.prefix}/gop-y?loai=question">Gửi câu hỏi</a>.</p>`
      : html`<p>Dự thảo văn bản đang và đã lấy ý kiến nhân dân. Trong thời gian lấy ý kiến, mỗi dự thảo có mẫu góp ý.</p>`;
  const body = layout(
    site,
    { title, path },
    html`<h1>${title}</h1>${intro}
${
  kind === "draft-for-comment"
    ? page.items.length
      ? html`<ul class="items">${page.items.map(
          (
            i,
          ) => html`<li><h2><a href="${site.prefix}${itemPath(i, site.locale)}">${content(i, site.locale).title}</a></h2>
<p class="meta">${commentWindowOpen(i) ? "Đang lấy ý kiến" : "Không trong thời gian lấy ý kiến"}${i.snapshot.comment ? html` · đến <time datetime="${i.snapshot.comment.closesAt}">${formatDate(i.snapshot.comment.closesAt, site.locale)}</time>` : ""}</p></li>`,
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
    { title, robots: "noindex" },
    html`<h1>${t("search", site.locale)}</h1>
<form method="get" action="${site.prefix}/tim-kiem" role="search" aria-label="${t("search", site.locale)}">
<div class="field"><label for="q">${t("searchLabel", site.locale)}</label><input id="q" name="q" type="search" value="${q}"></div>
${
  site.isProvince
    ? html`<div class="field"><input id="all" name="pham-vi" type="checkbox" value="tat-ca"${scopeAll ? html` checked` : ""}> <label for="all" class="inline">Tìm trên tất cả các cổng thành phần</label></div>`
    : ""
}
<button type="submit">${t("searchButton", site.locale)}</button>
</form>
${
  res
    ? html`<p role="status">Tìm thấy ${res.total} kết quả.</p>
<ol class="items">${res.hits.map((h) => {
        const o = h.item.portalId === site.portal.portalId ? "" : (deps.portalOrigin(h.item.portalId) ?? "");
        const portalName = deps.model.portal(h.item.portalId)?.snapshot.name;
        return html`<li><h2><a href="${o}${site.prefix}${itemPath(h.item, site.locale)}">${h.title}</a></h2>
<p class="meta"><time datetime="${h.item.snapshot.publishedAt}">${formatDate(h.item.snapshot.publishedAt, site.locale)}</time>${portalName && o ? html` · ${loc(portalName, site.locale)}` : ""}</p>
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

export function contactPage(site: Site): Rendered {
  const p = site.portal;
  const body = layout(
    site,
    { title: t("contact", site.locale), path: "/lien-he" },
    html`<h1>${t("contact", site.locale)}</h1>
<h2>${t("footerContact", site.locale)} — ${loc(p.name, site.locale)}</h2>
<dl>
<dt>Cơ quan chủ quản</dt><dd>${loc(p.agency, site.locale)}</dd>
<dt>Hộp thư Ban biên tập</dt><dd><a href="mailto:${p.boardMailbox}">${p.boardMailbox}</a></dd>
<dt>Đường dây nóng</dt><dd><a href="tel:${p.hotline.replace(/[^0-9+]/g, "")}">${p.hotline}</a></dd>
${p.address ? html`<dt>Địa chỉ</dt><dd>${p.address}</dd>` : ""}
</dl>
<p>Góp ý về chất lượng cổng thông tin, phản ánh, kiến nghị: dùng <a href="${site.prefix}/gop-y">mẫu góp ý</a> hoặc gửi thư tới hộp thư Ban biên tập (R-FEEDBACK).</p>`,
  );
  return { status: 200, body: body.value, tags: [tag.portal(p.portalId)] };
}

// ---- form pieces (feedback, comments) -------------------------------------------------------------

export function errorSummary(form: FormState): SafeHtml {
  const entries = Object.entries(form.errors);
  if (!entries.length) return html``;
  return html`<div class="error-summary" role="alert" aria-labelledby="err-h" tabindex="-1"><h2 id="err-h">Vui lòng sửa các lỗi sau</h2><ul>${entries.map(
    ([field, msg]) => html`<li><a href="#f-${field}">${msg}</a></li>`,
  )}</ul></div>`;
}

export function honeypot(): SafeHtml {
  return html`<div class="hp" aria-hidden="true"><label for="f-website">Để trống ô này</label><input id="f-website" name="website" type="text" tabindex="-1" autocomplete="off"></div>`;
}

export function textField(
  name: string,
  label: string,
  form: FormState,
  o: { required?: boolean; type?: string; autocomplete?: string; hint?: string } = {},
): SafeHtml {
  const err = form.errors[name];
  const describedBy = [o.hint ? `h-${name}` : "", err ? `e-${name}` : ""].filter(Boolean).join(" ");
  return html`<div class="field"><label for="f-${name}">${label}${o.required ? " (bắt buộc)" : " (không bắt buộc)"}</label>
${o.hint ? html`<span class="hint" id="h-${name}">${o.hint}</span>` : ""}
${err ? html`<span class="field-error" id="e-${name}">${err}</span>` : ""}
<input id="f-${name}" name="${name}" type="${o.type ?? "text"}" value="${form.values[name] ?? ""}"${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ""}${o.required ? html` required aria-required="true"` : ""}${err ? html` aria-invalid="true"` : ""}${describedBy ? html` aria-describedby="${describedBy}"` : ""}></div>`;
}

export function textArea(name: string, label: string, form: FormState): SafeHtml {
  const err = form.errors[name];
  return html`<div class="field"><label for="f-${name}">${label} (bắt buộc)</label>
${err ? html`<span class="field-error" id="e-${name}">${err}</span>` : ""}
<textarea id="f-${name}" name="${name}" rows="8" cols="60" required aria-required="true"${err ? html` aria-invalid="true" aria-describedby="e-${name}"` : ""}>${form.values[name] ?? ""}</textarea></div>`;
}

export function consentField(form: FormState, text: string): SafeHtml {
  const err = form.errors["dong-y"];
  return html`<div class="field">${err ? html`<span class="field-error" id="e-dong-y">${err}</span>` : ""}
<input id="f-dong-y" name="dong-y" type="checkbox" value="1"${form.values["dong-y"] ? html` checked` : ""}${err ? html` aria-invalid="true" aria-describedby="e-dong-y"` : ""}>
<label for="f-dong-y" class="inline">${text}</label></div>`;
}
