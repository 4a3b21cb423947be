// Rich text is sanitised on the server against an allow-list before it is stored (R-STD, XSS):
// no scripts, no event-handler attributes, no javascript:/data: URLs, no iframes or embeds.
import sanitizeHtml from "sanitize-html";

/** The allow-list rich text is held to (content stores only what passes it). */
export const RICH_TEXT_POLICY: Readonly<sanitizeHtml.IOptions> = {
  allowedTags: [
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "blockquote",
    "q",
    "cite",
    "abbr",
    "code",
    "pre",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "a",
    "img",
    "figure",
    "figcaption",
    "table",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "span",
    "div",
    "mark",
    "small",
    "time",
  ],
  allowedAttributes: {
    // rel: so the noopener the transform below adds on external links is kept
    a: ["href", "title", "hreflang", "lang", "rel"],
    img: ["src", "alt", "width", "height", "title", "data-asset-id"],
    th: ["scope", "colspan", "rowspan"],
    td: ["colspan", "rowspan"],
    abbr: ["title"],
    time: ["datetime"],
    ol: ["start", "type"],
    "*": ["lang", "dir"],
  },
  allowedSchemes: ["http", "https", "mailto", "tel"],
  allowedSchemesByTag: { img: ["http", "https"] },
  allowedSchemesAppliedToAttributes: ["href", "src", "cite"],
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  nonTextTags: ["script", "style", "textarea", "option", "noscript", "iframe", "object", "embed"],
  transformTags: {
    // links that leave the portal do not get the opener
    a: (tagName, attribs) => {
      const external = /^https?:\/\//i.test(attribs.href ?? "");
      return { tagName, attribs: external ? { ...attribs, rel: "noopener noreferrer" } : attribs };
    },
  },
};

/** Sanitised HTML in NFC. */
export function sanitizeRichText(html: string): string {
  return sanitizeHtml(html.normalize("NFC"), RICH_TEXT_POLICY).trim();
}

/** Plain text of a fragment (for summaries and search). */
export function plainText(html: string): string {
  return sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} }).replace(/\s+/g, " ").trim();
}
