// Vietnamese folding for search (R-STD, issue 7): "Quy hoạch" → "quy hoach", "Đê điều" → "de dieu".
// Folding is done one character at a time so that offsets in the folded text are the offsets in
// the (NFC) original — which is what highlighting needs.

const cache = new Map<string, string>();

export function foldChar(c: string): string {
  const hit = cache.get(c);
  if (hit !== undefined) return hit;
  let f = c.toLowerCase();
  if (f === "đ") f = "d";
  else {
    const base = f.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    // keep a 1:1 length mapping: only accept single-code-unit results
    f = base.length === 1 ? base : f.length === 1 ? f : " ";
  }
  if (cache.size < 5000) cache.set(c, f);
  return f;
}

/** Folds an NFC string; the result has the same length (in UTF-16 code units) as the input. */
export function fold(s: string): string {
  let out = "";
  for (const ch of s) {
    const f = foldChar(ch);
    // astral characters take two code units: pad to keep offsets aligned
    out += ch.length === 2 ? `${f === " " ? " " : f} ` : f;
  }
  return out;
}

const WORD = /[a-z0-9]+/g;

/** Folded word tokens of a text. */
export function tokens(s: string): string[] {
  return fold(s.normalize("NFC")).match(WORD) ?? [];
}

/** Slug-like text for comparison: folded, words joined by single spaces. */
export function normaliseQuery(q: string): string {
  return tokens(q).join(" ");
}
