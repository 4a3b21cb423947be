// The contact page.
import { tag } from "../../readmodel/readmodel";
import { html } from "../../render/html";
import { t } from "../i18n";
import { layout, loc } from "../layout";
import type { Site } from "../site";
import type { Rendered } from "./shared";

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
