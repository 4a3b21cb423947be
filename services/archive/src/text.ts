// Diacritics-insensitive text: "Tân Yên", "tan yen" and "TÂN YÊN" all become "tan yen".
export function searchText(s: string): string {
  return s
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}
