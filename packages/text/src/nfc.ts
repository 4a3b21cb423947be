// Text as the platform stores it (R-STD: UTF-8, NFC): a Vietnamese letter typed decomposed (NFD,
// "e" + U+0302 + U+0301) is the same text as the precomposed "ế", counted once.

/** `s` in Unicode Normalization Form C. */
export function nfc(s: string): string {
  return s.normalize("NFC");
}

/** Characters (Unicode code points) of `s`, as length limits count them: an emoji counts once. */
export function characters(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Trimmed, NFC, without control characters (newlines, carriage returns and tabs are kept). */
export function cleanText(s: string): string {
  let out = "";
  for (const ch of s.normalize("NFC")) {
    const c = ch.codePointAt(0) ?? 0;
    if ((c < 0x20 && c !== 0x0a && c !== 0x09 && c !== 0x0d) || c === 0x7f) continue;
    out += ch;
  }
  return out.trim();
}
