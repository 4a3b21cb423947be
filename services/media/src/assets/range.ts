/** Parses a single HTTP byte range (RFC 9110 §14.1.2). Multi-range is not supported (served as 416). */
export type RangeResult = { ok: true; start: number; end: number } | { ok: false } | null;

export function parseRange(header: string | undefined, size: number): RangeResult {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === "" && m[2] === "")) return { ok: false };
  if (m[1] === "") {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return { ok: false };
    return { ok: true, start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return { ok: false };
  return { ok: true, start, end };
}
