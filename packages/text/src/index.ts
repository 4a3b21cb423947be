// @cong/text — Vietnamese text, written once for every service (issue 16).
export { foldAligned, foldedWords, foldVietnamese, MAX_WORD_LENGTH } from "./fold";
export { escapeHtml } from "./html";
export { characters, cleanText, nfc } from "./nfc";
export { plainText, RICH_TEXT_POLICY, sanitizeRichText } from "./sanitize";
export { foldDiacritics, slugify, subdomainLabel } from "./slug";
