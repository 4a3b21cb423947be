// The text of rich-text HTML with a line per block (paragraph, heading, list item, table row,
// quotation, <br>) and the entities the sanitiser writes decoded — for showing a body as text (a
// submission's extracted text) and comparing two bodies (the 409 view). @cong/text's plainText
// gives one line, which is right for summaries and search but not here.
export function htmlLines(html: string): string {
  return html
    .replace(/<\/(p|h\d|li|tr|blockquote)>/gi, "\n")
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .trim();
}
