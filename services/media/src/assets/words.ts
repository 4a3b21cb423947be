// Words of an asset's title, filename and alt text for the library's word filter (issue 21):
// Vietnamese folded (marks removed, đ → d, lowercase, NFC first), so "hoi nghi" finds
// "Hội nghị"; a word is a run of [a-z0-9]. The same folding as publishing's search
// (services/publishing/src/text/fold.ts); a word becomes part of an index key, so it must stay
// inside the key alphabet.

/** distinct words kept per asset (title first, then filename, then alt text) */
export const MAX_WORDS = 100;
/** longer runs (hashes, camera serials) are not words anyone types */
export const MAX_WORD_LENGTH = 32;
/** words of a query that are matched; the rest are ignored */
export const MAX_QUERY_WORDS = 8;

function foldChar(c: string): string {
  const f = c.toLowerCase();
  if (f === "đ") return "d";
  return f.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
}

/** Folded words of a text, in order, repeats kept. */
export function foldWords(text: string): string[] {
  let folded = "";
  for (const ch of text.normalize("NFC")) folded += foldChar(ch);
  return (folded.match(/[a-z0-9]+/g) ?? []).filter((w) => w.length <= MAX_WORD_LENGTH);
}

/** The distinct words an asset is found by. */
export function assetWords(a: { title?: string; filename: string; altText?: string }): string[] {
  const out = new Set<string>();
  for (const text of [a.title ?? "", a.filename, a.altText ?? ""])
    for (const w of foldWords(text)) {
      if (out.size >= MAX_WORDS) return [...out];
      out.add(w);
    }
  return [...out];
}

/** The distinct words of a query (at most MAX_QUERY_WORDS). */
export function queryWords(q: string): string[] {
  return [...new Set(foldWords(q))].slice(0, MAX_QUERY_WORDS);
}
