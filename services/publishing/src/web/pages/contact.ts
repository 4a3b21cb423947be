// The contact page: who answers for the portal and how to reach its editorial board (R-FEEDBACK).
import { tag } from "../../readmodel/readmodel";
import { html } from "../../render/html";
import { t } from "../i18n";
import { layout, loc, locRun, telHref } from "../layout";
import type { Site } from "../site";
import type { Rendered } from "./shared";

export function contactPage(site: Site): Rendered {
  const p = site.portal;
  const en = site.locale === "en";
  const name = loc(p.name, site.locale);
  const body = layout(
    site,
    {
      title: t("contact", site.locale),
      path: "/lien-he",
      description: en
        ? `How to reach the editorial board of the ${name}: mailbox, hotline and address.`
        : `Liên hệ Ban biên tập ${name}: hộp thư, đường dây nóng, địa chỉ.`,
    },
    html`<h1>${t("contact", site.locale)}</h1>
<h2>${t("footerContact", site.locale)} — ${name}</h2>
<dl>
<dt>${t("agencyLabel", site.locale)}</dt><dd>${locRun(p.agency, site.locale)}</dd>
<dt>${t("mailboxLabel", site.locale)}</dt><dd><a href="mailto:${p.boardMailbox}">${p.boardMailbox}</a></dd>
<dt>${t("hotline", site.locale)}</dt><dd><a href="tel:${telHref(p.hotline)}">${p.hotline}</a></dd>
${p.address ? html`<dt>${t("address", site.locale)}</dt><dd${en ? html` lang="vi"` : ""}>${p.address}</dd>` : ""}
</dl>
${
  en
    ? html`<p>To comment on the portal, report a problem or make a suggestion, use the <a href="${site.prefix}/gop-y">feedback form</a> or write to the editorial board's mailbox.</p>`
    : html`<p>Góp ý về chất lượng cổng thông tin, phản ánh, kiến nghị: dùng <a href="${site.prefix}/gop-y">mẫu góp ý</a> hoặc gửi thư tới hộp thư Ban biên tập.</p>`
}`,
  );
  return { status: 200, body: body.value, tags: [tag.portal(p.portalId)] };
}
