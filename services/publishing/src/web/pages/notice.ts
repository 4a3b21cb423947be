// A withdrawn item's notice.
import { type ItemRecord, tag } from "../../readmodel/readmodel";
import { html } from "../../render/html";
import { t, timeOf } from "../i18n";
import { layout } from "../layout";
import type { Site } from "../site";
import { content, type Rendered } from "./shared";

export function noticePage(site: Site, item: ItemRecord): Rendered {
  const lc = content(item, site.locale);
  const page = layout(
    site,
    {
      title: `Đã rút: ${lc.title}`,
      description: `Nội dung "${lc.title}" đã được rút khỏi cổng thông tin.`,
      robots: "noindex",
    },
    html`<h1>${lc.title}</h1>
<div class="notice" role="status"><h2>Nội dung này đã được rút khỏi cổng thông tin</h2>
<p>Lý do: ${item.publicReason ?? "Ban biên tập đã rút nội dung này."}</p>
<p>Thời điểm: ${timeOf(item.changedAt)}</p></div>
<p><a href="${site.prefix}/">${t("home", site.locale)}</a></p>`,
  );
  return {
    status: 200,
    body: page.value,
    tags: [tag.item(item._id), tag.portal(site.portal.portalId)],
    lastModified: item.changedAt,
  };
}
