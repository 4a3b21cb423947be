// Unit (R-REPORT): a closed day's summary goes on across days exactly as its samples would — the
// figures of days fed as summaries equal those of the same samples fed one by one, whatever the
// pattern (outages spanning midnight, a day all down, a day without samples, ties).
import { Figures, summarizeDay } from "./availability";

const DAY = 86_400_000;
const t0 = Date.parse("2026-11-30T17:00:00Z"); // 1 December 2026, midnight in Vietnam

/** a small deterministic PRNG (mulberry32) */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** samples every `step` ms over `days` days; each day's chance of a failure run from `down` */
function pattern(seed: number, days: number, step: number, down: (day: number) => number) {
  const r = rng(seed);
  const out: { at: Date; ok: boolean }[] = [];
  let failing = false;
  for (let t = t0; t < t0 + days * DAY; t += step) {
    const day = Math.floor((t - t0) / DAY);
    const p = down(day);
    if (p < 0) continue; // no samples that day
    failing = failing ? r() < 0.7 || p >= 1 : r() < p;
    out.push({ at: new Date(t), ok: !failing });
  }
  return out;
}

const bySamples = (xs: { at: Date; ok: boolean }[]) => {
  const f = new Figures();
  for (const s of xs) f.sample(s);
  return f.result();
};
const byDays = (xs: { at: Date; ok: boolean }[], days: number) => {
  const f = new Figures();
  for (let d = 0; d < days; d++) {
    const from = t0 + d * DAY;
    const of = xs.filter((s) => s.at.getTime() >= from && s.at.getTime() < from + DAY);
    f.day(summarizeDay(`tanyen|day${d}`, of));
  }
  return f.result();
};

describe("availability: closed days' summaries (R-REPORT)", () => {
  it("give the same figures as the samples themselves", () => {
    for (let seed = 1; seed <= 40; seed++) {
      const xs = pattern(seed, 6, 600_000, (d) => [0.05, 0.3, 1, -1, 0.1, 0.02][d] ?? 0);
      expect(byDays(xs, 6)).toEqual(bySamples(xs));
    }
  });
  it("an outage across midnight is one outage; a last day still down is ongoing", () => {
    const at = (h: number) => new Date(t0 + h * 3_600_000);
    const xs = [
      { at: at(20), ok: true },
      { at: at(23), ok: false },
      { at: at(25), ok: false }, // day 2, 01:00
      { at: at(27), ok: true },
      { at: at(50), ok: false }, // day 3
    ];
    const r = byDays(xs, 3);
    expect(r).toEqual(bySamples(xs));
    expect(r?.longestOutage).toMatchObject({ from: at(23), to: at(27), failedSamples: 2, ongoing: false });
    expect(r?.percent).toBe(40);
    const open = byDays([...xs.slice(0, 4), { at: at(30), ok: false }, { at: at(70), ok: false }], 3);
    expect(open?.longestOutage).toMatchObject({ from: at(30), to: at(70), failedSamples: 2, ongoing: true });
  });
  it("days without samples give no figures", () => {
    expect(byDays([], 3)).toBeNull();
    expect(summarizeDay("x", [])).toEqual({
      _id: "x",
      samples: 0,
      okSamples: 0,
      lead: null,
      firstOkAt: null,
      best: null,
      trail: null,
    });
  });
});
