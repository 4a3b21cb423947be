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

const aligned = new Map<string, string>();

function foldCharAligned(c: string): string {
  const hit = aligned.get(c);
  if (hit !== undefined) return hit;
  let f = c.toLowerCase();
  if (f === "đ") f = "d";
  else {
    const base = f.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    // one code unit in, one out: a character that would fold to more (or less) becomes a space
    f = base.length === 1 ? base : f.length === 1 ? f : " ";
  }
  if (aligned.size < 5000) aligned.set(c, f);
  return f;
}

/**
 * An NFC text folded as `foldVietnamese` does, but with the same length in UTF-16 code units, so
 * an offset in the folded text is the offset in the original (what highlighting a match needs).
 * Normalise to NFC before: offsets are those of the string given.
 */
export function foldAligned(s: string): string {
  let out = "";
  for (const ch of s) {
    const f = foldCharAligned(ch);
    // astral characters take two code units: pad to keep offsets aligned
    out += ch.length === 2 ? `${f === " " ? " " : f} ` : f;
  }
  return out;
}
