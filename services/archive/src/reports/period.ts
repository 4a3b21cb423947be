// R-REPORT: the periods a report covers — a half-year (`2026-H1`, `2026-H2`), a year (`2026`) or
// `auto`, the report last due — in Vietnam time (UTC+7). A module of its own: the figures
// (data.ts), the feedback records (feedback.ts) and the availability samples (availability.ts)
// all read a Period, and none of them imports another for it.

export interface Period {
  label: string;
  from: Date;
  to: Date;
}

/** Years a report period may name (a period outside them names no report). */
export const PERIOD_YEARS = { min: 2000, max: 2999 } as const;

/** A period that names no report: the route answers 404 `unknown_period`. */
export class UnknownPeriod extends Error {
  override readonly name = "UnknownPeriod";
}

/** Vietnam time is UTC+7 all year (no daylight saving). */
const VN_OFFSET_MS = 7 * 3600_000;

/**
 * "2026-H2", "2026" or "auto", in Vietnam time (UTC+7); the year from PERIOD_YEARS. Anything else
 * throws UnknownPeriod.
 *
 * "auto" is the report last due (R-REPORT: every six months and at year end): from 1 July to 31
 * December the first half of this year (the half-year report of 1 July), from 1 January to 30 June
 * the whole previous year (the year-end report of 1 January) — not its second half, which the
 * scheduled run of 1 January used to write as the year's report.
 */
export function parsePeriod(spec: string, now = new Date()): Period {
  // midnight of the first of month m (1–13) of year y, in Vietnam
  const at = (y: number, m: number) => new Date(Date.UTC(y, m - 1, 1) - VN_OFFSET_MS);
  if (spec === "auto") {
    const local = new Date(now.getTime() + VN_OFFSET_MS);
    const y = local.getUTCFullYear();
    return local.getUTCMonth() >= 6 ? parsePeriod(`${y}-H1`) : parsePeriod(String(y - 1));
  }
  const m = /^(\d{4})(?:-H([12]))?$/.exec(spec);
  const y = Number(m?.[1]);
  if (!m || y < PERIOD_YEARS.min || y > PERIOD_YEARS.max)
    throw new UnknownPeriod(
      `period must be YYYY, YYYY-H1, YYYY-H2 (YYYY from ${PERIOD_YEARS.min} to ${PERIOD_YEARS.max}) or auto, not "${spec.slice(0, 40)}"`,
    );
  if (m[2] === "1") return { label: spec, from: at(y, 1), to: at(y, 7) };
  if (m[2] === "2") return { label: spec, from: at(y, 7), to: at(y, 13) };
  return { label: spec, from: at(y, 1), to: at(y, 13) };
}

/** The calendar day (Vietnam time, UTC+7) of an instant, as YYYY-MM-DD. */
export const vnDay = (d: Date) => new Date(d.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);
