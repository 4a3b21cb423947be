// Words of an asset's title, filename and alt text for the library's word filter (issue 21):
// Vietnamese folded by @cong/text's foldedWords (marks removed, đ → d, lowercase, NFC first), so
// "hoi nghi" finds "Hội nghị"; a word is a run of [a-z0-9] of at most MAX_WORD_LENGTH, the same
// folding as publishing's search, and inside the alphabet of an index key.
import { foldedWords } from "@cong/text";

/** distinct words kept per asset (title first, then filename, then alt text) */
export const MAX_WORDS = 100;
/** words of a query that are matched; the rest are ignored */
export const MAX_QUERY_WORDS = 8;

/** The distinct words an asset is found by. */
export function assetWords(a: { title?: string; filename: string; altText?: string }): string[] {
  const out = new Set<string>();
  for (const text of [a.title ?? "", a.filename, a.altText ?? ""])
    for (const w of foldedWords(text)) {
      if (out.size >= MAX_WORDS) return [...out];
      out.add(w);
    }
  return [...out];
}

/** The distinct words of a query (at most MAX_QUERY_WORDS). */
export function queryWords(q: string): string[] {
  return [...new Set(foldedWords(q))].slice(0, MAX_QUERY_WORDS);
}
