// The item page (and its print version, and a preview's), with its media, legal details and
// a draft's comment form.
import type { CategorySnapshot } from "@cong/contracts";
import { type ItemRecord, tag } from "../../readmodel/readmodel";
import { html, jsonLd, type SafeHtml } from "../../render/html";
import { htmlToText } from "../../text/html-text";
import { verifyBody } from "../body";
import { dayOf, type Locale, type TextKey, t, timeOf, validityText } from "../i18n";
import { attribution, clip, layout, loc, type PageOptions } from "../layout";
import type { Site } from "../site";
import { consentField, errorSummary, type FormState, honeypot, textArea, textField } from "./forms";
import { itemImage } from "./images";
import { alternates, content, itemPath, type PageDeps, type Rendered } from "./shared";

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
): { cover?: SafeHtml; image?: PageOptions["image"]; attachments: SafeHtml[] } {
  const out: { cover?: SafeHtml; image?: PageOptions["image"]; attachments: SafeHtml[] } = {
    attachments: [],
  };
  for (const m of item.snapshot.media) {
    const asset = deps.model.assets.get(m.assetId);
    // defence in depth (issue 15.1): a file of another portal is never shown on this item's page
    if (asset && asset.portalId !== item.portalId) continue;
    const base = `${deps.mediaUrl}/assets/${encodeURIComponent(m.assetId)}`;
    const token = mediaTokens[m.assetId];
    const q = token ? `?token=${encodeURIComponent(token)}` : "";
    if (m.role === "cover" || m.role === "gallery" || m.role === "inline") {
      // not processed yet: no renditions to show
      const image = itemImage(deps, item, m, "(min-width: 72rem) 70rem, 100vw", token);
      if (!image) continue;
      const { img, alt, renditions: images } = image;
      const fig = html`<figure>${img}${m.caption ? html`<figcaption>${m.caption}</figcaption>` : ""}</figure>`;
      if (m.role === "cover" && !out.cover) {
        out.cover = fig;
        // the share image (Open Graph): a JPEG or PNG rendition about 1200 px wide when there is one
        // (not every network reads WebP), else the page's own; never a preview's tokened address
        if (!token) {
          const shareable = images.filter((r) => r.mimeType === "image/jpeg" || r.mimeType === "image/png");
          const pool = (shareable.length ? shareable : images).sort(
            (a, b) => (a.width ?? 0) - (b.width ?? 0),
          );
          const og = pool.find((r) => (r.width ?? 0) >= 1200) ?? pool[pool.length - 1];
          if (og)
            out.image = {
              url: `${base}/${og.name}`,
              alt,
              ...(og.width ? { width: og.width } : {}),
              ...(og.height ? { height: og.height } : {}),
            };
        }
      } else out.attachments.push(fig);
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
  // the registry's values (number, type, issuer, signer) are Vietnamese: marked so on an English page
  const vi = locale === "en" ? html` lang="vi"` : "";
  const row = (key: TextKey, value: SafeHtml | string, attrs: SafeHtml | string = "") =>
    html`<tr><th scope="row">${t(key, locale)}</th><td${attrs}>${value}</td></tr>`;
  return html`<div class="table-scroll" role="region" aria-label="${t("docDetails", locale)}" tabindex="0"><table class="legal"><caption>${t("docDetails", locale)}</caption><tbody>
${row("docNumber", l.number, vi)}
${row("docType", l.docType, vi)}
${row("issuer", l.issuer, vi)}
${row("signer", l.signer, vi)}
${row("issuedOn", dayOf(l.issuedOn))}
${row("effectiveOn", l.effectiveOn ? dayOf(l.effectiveOn) : "—")}
${row("validity", validityText(l.validity, locale))}
</tbody></table></div>`;
}

export function commentWindowOpen(item: ItemRecord, now = new Date()): boolean {
  const c = item.snapshot.comment;
  if (item.snapshot.kind !== "draft-for-comment" || !c) return false;
  return Date.parse(c.opensAt) <= now.getTime() && now.getTime() < Date.parse(c.closesAt);
}

export function commentForm(site: Site, item: ItemRecord, form: FormState): SafeHtml {
  const action = `${site.prefix}${itemPath(item, site.locale)}/y-kien`;
  const L = site.locale;
  return html`<section aria-labelledby="comment-h" class="no-print"><h2 id="comment-h">${t("commentTitle", L)}</h2>
<p>${t("commentIntro", L)}</p>
${errorSummary(form)}
<form method="post" action="${action}" novalidate>
<input type="hidden" name="csrf" value="${form.token}">
${honeypot(L)}
${textField("ho-ten", t("fullName", L), form, { required: true, autocomplete: "name" })}
${textArea("noi-dung", t("commentText", L), form)}
${consentField(form, t("commentConsent", L))}
<button type="submit">${t("commentSubmit", L)}</button>
</form></section>`;
}

export function itemPage(
  deps: PageDeps,
  site: Site,
  item: ItemRecord,
  opts: { print?: boolean; commentForm?: SafeHtml; preview?: PreviewOptions },
): Rendered {
  const lc = content(item, site.locale);
  // the item's agency and contributors are Vietnamese data: marked so on an English page
  const vi = site.locale === "en" ? html` lang="vi"` : "";
  const s = item.snapshot;
  const preview = opts.preview;
  const { cover, image, attachments } = media(deps, item, site.locale, preview?.mediaTokens);
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
<p>Liên kết xem trước có hiệu lực đến ${timeOf(preview.expiresAt)}. Vui lòng không chia sẻ công khai.</p>
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
<p class="meta">${t("published", site.locale)} ${timeOf(s.publishedAt)}${s.agency ? html` · <span${vi}>${s.agency}</span>` : ""}</p>
${lc.changeNote ? html`<p class="notice">${site.locale === "en" ? "Update" : "Cập nhật"}: ${lc.changeNote.text}</p>` : ""}
${cover ?? ""}
${lc.summary ? html`<p class="summary"><strong>${lc.summary}</strong></p>` : ""}
${legalTable(item, site.locale)}
<div class="body">${body.html}</div>
${attachments.length ? html`<section aria-labelledby="att-h"><h2 id="att-h">${t("attachments", site.locale)}</h2>${attachments}</section>` : ""}
${s.contributors.length ? html`<p class="meta"${vi}>${s.contributors.map((c, i) => html`${i ? ", " : ""}${c.name}${c.role ? ` (${c.role})` : ""}`)}</p>` : ""}
<p class="attribution">${attribution(site.locale)}</p>
${opts.print || preview ? "" : html`<p class="no-print"><a href="${site.prefix}${path}/ban-in">${t("print", site.locale)}</a></p>`}
</article>
${
  s.kind === "draft-for-comment" && s.comment
    ? commentWindowOpen(item)
      ? (opts.commentForm ?? "")
      : html`<p class="notice">${t("commentPeriod", site.locale)}: ${timeOf(s.comment.opensAt)} – ${timeOf(s.comment.closesAt)}. ${t(
          Date.now() < Date.parse(s.comment.opensAt) ? "commentNotYet" : "commentOver",
          site.locale,
        )}</p>`
    : ""
}`;
  // a preview: never indexed, no canonical address, language links or structured data of a page
  // that does not exist yet
  const description = clip(lc.summary || htmlToText(lc.bodyHtml) || lc.title);
  const page = layout(
    site,
    preview
      ? { title: `Xem trước: ${lc.title}`, description, robots: "noindex" }
      : {
          // the print version is its own page: its own title
          title: opts.print
            ? `${lc.title} (${t("print", site.locale).toLocaleLowerCase(site.locale)})`
            : lc.title,
          description,
          ogType: "article",
          ...(image ? { image } : {}),
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
