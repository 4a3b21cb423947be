// A short message page (404 and other statuses), and the 410 of an item gone or archived.
import type { ItemRecord } from "../../readmodel/readmodel";
import { html, type SafeHtml } from "../../render/html";
import { t } from "../i18n";
import { clip, layout, loc } from "../layout";
import type { Site } from "../site";
import type { Rendered } from "./shared";

export function messagePage(site: Site, status: number, title: string, message: SafeHtml | string): Rendered {
  const page = layout(
    site,
    {
      title,
      description: clip(
        `${title}: ${typeof message === "string" ? message : loc(site.portal.name, site.locale)}`,
      ),
      robots: "noindex",
    },
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
