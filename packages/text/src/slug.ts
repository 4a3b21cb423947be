// Vietnamese text folding for host names and slugs (R-DOM): diacritics removed, `đ` → `d`,
// lowercase. "Tân Yên" → "tanyen" (subdomain), "Hội nghị chuyển đổi số" → "hoi-nghi-chuyen-doi-so".

/** Removes Vietnamese diacritics (NFD + combining marks), maps đ/Đ to d/D; case is kept. */
export function foldDiacritics(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .normalize("NFC");
}

/** A URL slug: folded, lowercase, words joined by `-`, at most `max` characters (whole words). */
export function slugify(text: string, max = 120): string {
  const words = foldDiacritics(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  let out = "";
  for (const w of words) {
    const next = out ? `${out}-${w}` : w;
    if (next.length > max) break;
    out = next;
  }
  return out || "bai-viet";
}

/** A subdomain label: folded, lowercase, letters and digits only, no spaces ("Tân Yên" → "tanyen"). */
export function subdomainLabel(text: string): string {
  return foldDiacritics(text)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}
