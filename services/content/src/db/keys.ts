// Keyed index documents: the one access path, besides a get by `_id`, that costs the same at 100
// documents and at 200,000 on FerretDB v1 (our build answers an `_id` range sorted by `_id` with a
// limit in SQL, with an index) and on MongoDB (the `_id` index). A list is a range of keys
// `<portal>|<facet>|<sort key>|<id>` read in `_id` order, a page at a time, resumed from the last
// key by an opaque cursor. Keys use only [A-Za-z0-9.|:~-]; anything else in a value is escaped, so
// the byte order MongoDB and SQLite compare strings by is the order intended, and no value can
// reach into another facet's or another portal's range.
import { createHash } from "node:crypto";
import { fail } from "@cong/kit";
import type { Collection, Document, Filter } from "mongodb";

/** A value as a key part: [A-Za-z0-9.-] kept, every other UTF-8 byte as `~xx`. */
export function keyPart(value: string): string {
  let out = "";
  for (const ch of value) {
    if (/^[A-Za-z0-9.-]$/.test(ch)) out += ch;
    else for (const b of Buffer.from(ch, "utf8")) out += `~${b.toString(16).padStart(2, "0")}`;
  }
  return out;
}

/** A time as a key part that sorts like the time (ISO 8601, UTC, milliseconds). */
export const timeKey = (d: Date | string | number) => new Date(d).toISOString();

/** Sorts after every real time: entries without a due date come last in a due-date queue. */
export const NO_DATE = "9999-12-31T23:59:59.999Z";

/** `<portal>|<facet>|`: what every key of a facet starts with. */
export const facetPrefix = (portalId: string, facet: string) => `${keyPart(portalId)}|${facet}|`;

/** The `_id` range of a facet, after (or before) a key already seen. */
export function facetRange(prefix: string, dir: 1 | -1, from?: string): Filter<Document> {
  // `~` is the highest character a key may hold after the prefix: the range ends there
  const range: Record<string, string> = { $gt: prefix, $lt: `${prefix}~` };
  if (from && dir === -1) range.$lt = from;
  if (from && dir === 1) range.$gt = from;
  return { _id: range };
}

/** Reads a facet in key order, a batch at a time (each batch one pushed-down range query). */
export async function readRange<T extends Document & { _id: string }>(
  coll: Collection<T>,
  prefix: string,
  dir: 1 | -1,
  from: string | undefined,
  limit: number,
): Promise<T[]> {
  return (await coll
    .find(facetRange(prefix, dir, from) as Filter<T>)
    .sort({ _id: dir })
    .limit(limit)
    .toArray()) as T[];
}

/** An opaque cursor: where a list stopped in its facet, bound to the query it belongs to. */
export interface ListPosition {
  /** the facet prefix that was read */
  prefix: string;
  /** the last key looked at (exclusive bound of the next page) */
  key: string;
  /** fingerprint of the query (filters and sort) */
  query: string;
}

export function queryFingerprint(query: Record<string, unknown>): string {
  const canonical = Object.keys(query)
    .sort()
    .filter((k) => query[k] !== undefined)
    .map((k) => [k, query[k]]);
  return createHash("sha256").update(JSON.stringify(canonical)).digest("base64url").slice(0, 16);
}

export function encodeCursor(p: ListPosition): string {
  return Buffer.from(JSON.stringify([p.prefix, p.key, p.query])).toString("base64url");
}

const invalidCursor = () =>
  fail.validation(
    [
      {
        path: "cursor",
        code: "invalid_cursor",
        message: "Con trỏ trang không hợp lệ hoặc thuộc danh sách khác.",
      },
    ],
    "Con trỏ trang không hợp lệ; hãy tải lại danh sách từ đầu. / Invalid cursor: reload the list from its first page.",
    { reason: "invalid_cursor" },
  );

/** The position a cursor names, refused (422 `invalid_cursor`) unless it is this query's. */
export function decodeCursor(raw: string, prefix: string, query: string): ListPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || !parsed.every((x) => typeof x === "string"))
    throw invalidCursor();
  const [p, key, q] = parsed as [string, string, string];
  // the same facet of the same portal, the same filters: never a key of another range
  if (p !== prefix || q !== query || !key.startsWith(prefix) || key.length > 600) throw invalidCursor();
  return { prefix: p, key, query: q };
}
