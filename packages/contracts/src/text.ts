// Vietnamese folding for search, shared by every service that matches words (issue 16: one copy,
// not one per service): NFC first, lowercase, combining marks removed, đ → d, so "Quy hoạch",
// "QUY HOẠCH" and "quy hoach" are the same words. A word is a run of [a-z0-9] of the folded text;
// that alphabet also lets a word be part of an `_id` key (ADR 0004).

/** the longest run kept as a word (longer ones are hashes or serials nobody types) */
export const MAX_WORD_LENGTH = 32;

const folded = new Map<string, string>();

function foldChar(c: string): string {
  const hit = folded.get(c);
  if (hit !== undefined) return hit;
  const lower = c.toLowerCase();
  const f = lower === "đ" ? "d" : lower.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  if (folded.size < 5000) folded.set(c, f);
  return f;
}

/** The text folded: lowercase, without diacritics ("Đê điều" → "de dieu"); other characters kept. */
export function foldVietnamese(text: string): string {
  let out = "";
  for (const ch of text.normalize("NFC")) out += foldChar(ch);
  return out;
}

/** Folded words of a text in order, repeats kept; runs longer than `maxLength` are dropped. */
export function foldedWords(text: string, maxLength = MAX_WORD_LENGTH): string[] {
  return (foldVietnamese(text).match(/[a-z0-9]+/g) ?? []).filter((w) => w.length <= maxLength);
}
