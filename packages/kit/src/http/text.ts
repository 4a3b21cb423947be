// Text that reaches a service is UTF-8 and nothing else (R-STD; issue 15.5 and 15.7): a body that
// declares another charset is refused (415); bytes that are not UTF-8, percent-escapes that are
// malformed or do not decode to UTF-8, lone surrogates and control characters are refused (400),
// never replaced by U+FFFD or stored. Every check names a stable `reason` (docs/adr/0006).
import { AppError, type FieldError } from "../errors";

/** The stable reasons these checks answer with (code `malformed_request` unless said). */
export const TEXT_REASONS = {
  /** a body whose Content-Type names a charset other than utf-8 (code unsupported_media_type, 415) */
  charset: "charset",
  /** a body whose bytes are not UTF-8 */
  invalidUtf8: "invalid_utf8",
  /** a path, query or form value whose %-escapes are malformed or are not UTF-8 */
  badPercentEncoding: "bad_percent_encoding",
  /** a string with a C0/C1 control character (or DEL) other than tab, line feed, carriage return */
  controlCharacter: "control_character",
  /** a string with half of a UTF-16 surrogate pair (e.g. the JSON escape "\uD800") */
  loneSurrogate: "lone_surrogate",
} as const;

/** Charsets accepted on a text body: UTF-8, under its IANA name and its common alias. */
const UTF8_NAMES = new Set(["utf-8", "utf8"]);

/** The `charset` parameter of a Content-Type header, lower-cased and unquoted; undefined without one. */
export function charsetOf(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  let found: string | undefined;
  for (const part of contentType.split(";").slice(1)) {
    const eq = part.indexOf("=");
    if (eq === -1) continue;
    if (part.slice(0, eq).trim().toLowerCase() !== "charset") continue;
    const value = part
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, "$1")
      .toLowerCase();
    // two charset parameters that disagree are as bad as a foreign one
    if (found !== undefined && found !== value) return `${found},${value}`;
    found = value;
  }
  return found;
}

/** Throws 415 (reason `charset`) unless the body's declared charset, if any, is UTF-8. */
export function requireUtf8Charset(contentType: string | undefined): void {
  const charset = charsetOf(contentType);
  if (charset !== undefined && !UTF8_NAMES.has(charset))
    throw new AppError("unsupported_media_type", "Chỉ chấp nhận nội dung mã hoá UTF-8.", {
      reason: TEXT_REASONS.charset,
      extra: { charset },
    });
}

/** Decodes UTF-8 strictly: invalid bytes throw 400 (reason `invalid_utf8`) instead of becoming U+FFFD. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    // a fresh decoder per call: a fatal decoder that threw is not reused half-way through a sequence
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new AppError("malformed_request", "Nội dung gửi lên không phải văn bản UTF-8 hợp lệ.", {
      reason: TEXT_REASONS.invalidUtf8,
    });
  }
}

const PERCENT = /%(?![0-9a-fA-F]{2})/;

/**
 * Percent-decodes one component of a query string or form (`+` is a space): a `%` not followed by
 * two hex digits, or escapes that are not UTF-8, throw 400 (reason `bad_percent_encoding`).
 */
export function decodeComponent(s: string, where = "query"): string {
  const spaced = s.replaceAll("+", " ");
  if (!spaced.includes("%")) return spaced;
  if (PERCENT.test(spaced)) throw badPercent(where);
  try {
    return decodeURIComponent(spaced);
  } catch {
    throw badPercent(where);
  }
}

export function badPercent(where: string): AppError {
  return new AppError(
    "malformed_request",
    "Địa chỉ hoặc biểu mẫu chứa mã “%” không hợp lệ (không phải UTF-8).",
    { reason: TEXT_REASONS.badPercentEncoding, extra: { in: where } },
  );
}

export type ParsedPairs = Record<string, string | string[]>;

/**
 * Parses `a=1&b=2&a=3` (a query string or an urlencoded form) strictly; a repeated name gives an
 * array, as Node's querystring does. The result has no prototype, so `__proto__` is just a name.
 */
export function parsePairs(s: string, where = "query", maxPairs = 1000): ParsedPairs {
  const out = Object.create(null) as ParsedPairs;
  if (!s) return out;
  let n = 0;
  for (const pair of s.split("&")) {
    if (!pair) continue;
    if (++n > maxPairs)
      throw new AppError("too_large", "Quá nhiều tham số.", { reason: "too_many_parameters" });
    const eq = pair.indexOf("=");
    const key = decodeComponent(eq === -1 ? pair : pair.slice(0, eq), where);
    const value = eq === -1 ? "" : decodeComponent(pair.slice(eq + 1), where);
    const had = out[key];
    if (had === undefined) out[key] = value;
    else if (Array.isArray(had)) had.push(value);
    else out[key] = [had, value];
  }
  return out;
}

/**
 * The reason a string is refused, or undefined when it is acceptable text: a lone surrogate, or a
 * control character — C0 except tab (09), line feed (0A), carriage return (0D); DEL (7F); C1
 * (80–9F). One pass over the UTF-16 code units.
 */
export function textProblem(s: string): FieldError["code"] | undefined {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20) {
      if (c !== 0x09 && c !== 0x0a && c !== 0x0d) return TEXT_REASONS.controlCharacter;
    } else if (c < 0x7f) {
    } else if (c <= 0x9f) return TEXT_REASONS.controlCharacter;
    else if (c >= 0xd800 && c <= 0xdfff) {
      const next = s.charCodeAt(i + 1);
      if (c > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) return TEXT_REASONS.loneSurrogate;
      i++;
    }
  }
  return undefined;
}

export const TEXT_MESSAGES: Record<string, string> = {
  [TEXT_REASONS.loneSurrogate]: "Văn bản chứa ký tự không hợp lệ (nửa cặp thay thế UTF-16).",
  [TEXT_REASONS.controlCharacter]: "Văn bản chứa ký tự điều khiển không được phép.",
};
