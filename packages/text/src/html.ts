// HTML escaping, once (issue 16): text put into HTML — an element's content or a quoted attribute
// value — and into XML/SVG, where the same references are valid.

const ESC: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  "`": "&#96;",
};

/** `s` with & < > " ' and ` replaced by character references. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"'`]/g, (c) => ESC[c] ?? c);
}
