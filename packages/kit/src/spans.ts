// Time spans counted once where they overlap: the downtime of incidents that overlap (a portal's
// own and the whole platform's, R-OPS-247) is their union, never their sum.

/** [start, end) in ms since the epoch; an empty or inverted span counts nothing */
export type Span = readonly [number, number];

/** The length of the union of the spans, each clipped to [from, to) when a window is given. */
export function unionMs(spans: Iterable<Span>, window?: { from: number; to: number }): number {
  const clipped: [number, number][] = [];
  for (const [a, b] of spans) {
    const s = window ? Math.max(a, window.from) : a;
    const e = window ? Math.min(b, window.to) : b;
    if (e > s) clipped.push([s, e]);
  }
  clipped.sort((x, y) => x[0] - y[0]);
  let ms = 0;
  let cur: [number, number] | null = null;
  for (const s of clipped) {
    if (cur && s[0] <= cur[1]) cur[1] = Math.max(cur[1], s[1]);
    else {
      if (cur) ms += cur[1] - cur[0];
      cur = [s[0], s[1]];
    }
  }
  return cur ? ms + cur[1] - cur[0] : ms;
}
