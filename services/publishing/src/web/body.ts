// The body of an item is sanitised by the content service against its allow-list before it is
// published. Publishing trusts but verifies: a body carrying anything an allow-list would never
// let through (script-capable elements, event-handler attributes, javascript:/data: URLs) is not
// rendered as HTML at all — readers get its text, escaped, and the log gets a warning. The CSP
// (no inline script) is the second line. Images without alt get alt="" so they are skipped by
// screen readers rather than read out as file names.
import { escapeHtml } from "@cong/text";
import { type SafeHtml, trustedHtml } from "../render/html";
import { stripTags } from "../search/search.index";

const FORBIDDEN_ELEMENT =
  /<\s*\/?\s*(script|style|iframe|frame|object|embed|applet|form|input|button|select|textarea|link|meta|base|svg|math|template|noscript)\b/i;
const EVENT_ATTR = /<[^>]*\s(on[a-z]+|style|srcdoc|formaction)\s*=/i;
const BAD_URL = /(href|src|action|xlink:href)\s*=\s*["']?\s*(javascript|vbscript|data)\s*:/i;

export function verifyBody(bodyHtml: string): { html: SafeHtml; trusted: boolean } {
  if (FORBIDDEN_ELEMENT.test(bodyHtml) || EVENT_ATTR.test(bodyHtml) || BAD_URL.test(bodyHtml)) {
    const paragraphs = bodyHtml
      .split(/<\/(?:p|div|h[1-6]|li)>|<br\s*\/?>/i)
      .map((p) => stripTags(p.replace(/<(script|style)[\s\S]*?<\/\1>/gi, "")))
      .filter(Boolean);
    return { html: trustedHtml(paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("")), trusted: false };
  }
  // headings inside the body start below the page's h1
  const fixed = bodyHtml.replace(/<img(?![^>]*\balt\s*=)/gi, '<img alt=""').replace(/<(\/?)h1\b/gi, "<$1h2");
  return { html: trustedHtml(fixed), trusted: true };
}
