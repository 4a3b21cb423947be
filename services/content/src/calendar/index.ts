// Working-day calendar for Việt Nam (lịch ngày làm việc), used for answer deadlines (R-FEEDBACK).
//
// FOR CORE — this module exports:
//   type LocalDate = "YYYY-MM-DD"  (a calendar date in Asia/Ho_Chi_Minh, UTC+7, no DST)
//   interface CalendarConfig { extraDaysOff?, extraWorkingDays?, tet?, nationalDayExtra?, substituteWeekendHolidays? }
//   createCalendar(config?): WorkingCalendar      — defaultCalendar is createCalendar({}) (rules only)
//   isWorkingDay(date, cal?): boolean
//   addWorkingDays(date, n, cal?)                 — the n-th working day after `date`; a string gives a
//                                                   LocalDate, a Date gives a Date (same UTC+7 time of day);
//                                                   n = 0 → same day if working, else the next working day.
//                                                   Fits core's `WorkingDays` interface: pass `{ addWorkingDays }`.
//   workingDaysBetween(a, b, cal?): number        — working days in (a, b] (negative if b < a)
//   dueAt(receivedAt, n, cal?): Date              — end (23:59:59.999 +07) of addWorkingDays(receivedAt, n)
//   toLocalDate(date): LocalDate, localDateToUtcStart(d): Date, holidaysOf(year, cal?): LocalDate[]
//   solarToLunar / lunarToSolar (Hồ Ngọc Đức's algorithm, UTC+7)
// `date` arguments accept a Date (an instant, read in UTC+7) or a "YYYY-MM-DD" local date string.
//
// Rules (Bộ luật Lao động 2019, Điều 111–112): Saturday and Sunday are weekly rest days; public
// holidays: Tết Dương lịch 1/1; Tết Âm lịch 5 days (default: the last day of the lunar year and
// lunar 1/1–4/1, overridable per year by each year's government decision); Giỗ Tổ Hùng Vương
// 10/3 lunar; 30/4; 1/5; Quốc khánh 2/9 plus one adjacent day (1/9 or 3/9, configurable per year).
// A holiday on a weekly rest day gives a substitute day off (ngày nghỉ bù) on the next working day
// (Art. 112(3), on by default). Extra days off and compensatory working days (ngày làm bù) of each
// year's decision come from config.
import { jdFromDate, jdToDate, lunarToSolar } from "./lunar";

export type { LunarDate } from "./lunar";
export { jdFromDate, jdToDate, lunarToSolar, solarToLunar } from "./lunar";

export type LocalDate = string;

export interface CalendarConfig {
  /** extra days off of each year's decision (e.g. bridge days), "YYYY-MM-DD" */
  extraDaysOff?: LocalDate[];
  /** compensatory working days (ngày làm bù, often a Saturday), "YYYY-MM-DD" */
  extraWorkingDays?: LocalDate[];
  /** Tết Âm lịch days by Gregorian year, replacing the default 5 days for that year */
  tet?: Record<number, LocalDate[]>;
  /** the day next to 2/9 by Gregorian year: 1 (1/9) or 3 (3/9); default: 3/9 when 2/9 is a Thursday, else 1/9 */
  nationalDayExtra?: Record<number, 1 | 3>;
  /** give a substitute day off for a holiday on a weekend (default true) */
  substituteWeekendHolidays?: boolean;
}

export interface WorkingCalendar {
  readonly config: Readonly<CalendarConfig>;
  /** is this day (JDN) a day off */
  isDayOff(jdn: number): boolean;
}

const TZ_OFFSET_MS = 7 * 3600 * 1000;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function pad(n: number, w = 2): string {
  return String(n).padStart(w, "0");
}

function jdnToLocal(jdn: number): LocalDate {
  const [d, m, y] = jdToDate(jdn);
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

function localToJdn(s: LocalDate): number {
  const m = LOCAL_DATE.exec(s);
  if (!m) throw new RangeError(`not a local date YYYY-MM-DD: ${s}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const jdn = jdFromDate(d, mo, y);
  if (jdnToLocal(jdn) !== s) throw new RangeError(`no such date: ${s}`);
  return jdn;
}

/** The local date (UTC+7) of an instant, or the date itself when given "YYYY-MM-DD". */
export function toLocalDate(date: Date | LocalDate): LocalDate {
  if (typeof date === "string") {
    localToJdn(date);
    return date;
  }
  if (Number.isNaN(date.getTime())) throw new RangeError("invalid Date");
  const t = new Date(date.getTime() + TZ_OFFSET_MS);
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** The instant local midnight (00:00 +07) of a local date starts. */
export function localDateToUtcStart(d: LocalDate): Date {
  localToJdn(d);
  return new Date(Date.parse(`${d}T00:00:00+07:00`));
}

function toJdn(date: Date | LocalDate): number {
  return localToJdn(toLocalDate(date));
}

/** 0 = Monday … 6 = Sunday (JDN 0 was a Monday). */
function weekday(jdn: number): number {
  return jdn % 7;
}

function isWeekend(jdn: number): boolean {
  return weekday(jdn) >= 5;
}

/** The public holidays (Art. 112(1)) of a Gregorian year, as JDNs, without substitute days. */
function statutoryHolidays(year: number, cfg: CalendarConfig): number[] {
  const days: number[] = [jdFromDate(1, 1, year)];
  const tet = cfg.tet?.[year];
  if (tet) {
    for (const d of tet) days.push(localToJdn(d));
  } else {
    const newYear = lunarToSolar(1, 1, year);
    if (newYear) {
      const first = jdFromDate(newYear[0], newYear[1], newYear[2]);
      for (let i = -1; i <= 3; i++) days.push(first + i);
    }
  }
  const gioTo = lunarToSolar(10, 3, year);
  if (gioTo) days.push(jdFromDate(gioTo[0], gioTo[1], gioTo[2]));
  days.push(jdFromDate(30, 4, year), jdFromDate(1, 5, year));
  const nd = jdFromDate(2, 9, year);
  days.push(nd);
  const extra = cfg.nationalDayExtra?.[year] ?? (weekday(nd) === 3 ? 3 : 1);
  days.push(extra === 3 ? nd + 1 : nd - 1);
  return [...new Set(days)].sort((a, b) => a - b);
}

export function createCalendar(config: CalendarConfig = {}): WorkingCalendar {
  const cfg: CalendarConfig = { ...config };
  const extraOff = new Set((cfg.extraDaysOff ?? []).map(localToJdn));
  const extraWork = new Set((cfg.extraWorkingDays ?? []).map(localToJdn));
  const substitute = cfg.substituteWeekendHolidays ?? true;
  const byYear = new Map<number, Set<number>>();

  /** Holidays of a Gregorian year plus their substitute days (which may spill into the next year). */
  function offOfYear(year: number): Set<number> {
    let set = byYear.get(year);
    if (set) return set;
    const holidays = statutoryHolidays(year, cfg);
    set = new Set(holidays);
    if (substitute) {
      for (const h of holidays) {
        if (!isWeekend(h)) continue;
        let d = h + 1;
        while (isWeekend(d) || set.has(d)) d++;
        set.add(d);
      }
    }
    byYear.set(year, set);
    return set;
  }

  return {
    config: Object.freeze({ ...cfg }),
    isDayOff(jdn: number): boolean {
      if (extraWork.has(jdn)) return false;
      if (extraOff.has(jdn)) return true;
      if (isWeekend(jdn)) return true;
      const year = jdToDate(jdn)[2];
      return offOfYear(year).has(jdn) || offOfYear(year - 1).has(jdn);
    },
  };
}

export const defaultCalendar: WorkingCalendar = createCalendar();

export function isWorkingDay(date: Date | LocalDate, cal: WorkingCalendar = defaultCalendar): boolean {
  return !cal.isDayOff(toJdn(date));
}

/**
 * The n-th working day after `date` (local dates). n = 0 gives `date` itself when it is a working
 * day, else the next working day. Negative n counts backwards. Given a "YYYY-MM-DD" string it
 * returns one; given a Date it returns a Date at the same local (UTC+7) time of day on that day.
 */
export function addWorkingDays(date: Date, n: number, cal?: WorkingCalendar): Date;
export function addWorkingDays(date: LocalDate, n: number, cal?: WorkingCalendar): LocalDate;
export function addWorkingDays(
  date: Date | LocalDate,
  n: number,
  cal: WorkingCalendar = defaultCalendar,
): Date | LocalDate {
  if (!Number.isInteger(n)) throw new RangeError("n must be an integer");
  const start = toJdn(date);
  let jdn = start;
  if (n === 0) {
    while (cal.isDayOff(jdn)) jdn++;
  } else {
    const step = n > 0 ? 1 : -1;
    let left = Math.abs(n);
    while (left > 0) {
      jdn += step;
      if (!cal.isDayOff(jdn)) left--;
    }
  }
  if (typeof date === "string") return jdnToLocal(jdn);
  return new Date(date.getTime() + (jdn - start) * 86_400_000);
}

/** Number of working days in (a, b]; negative when b is before a; 0 on the same day. */
export function workingDaysBetween(
  a: Date | LocalDate,
  b: Date | LocalDate,
  cal: WorkingCalendar = defaultCalendar,
): number {
  const ja = toJdn(a);
  const jb = toJdn(b);
  if (jb === ja) return 0;
  const [lo, hi, sign] = jb > ja ? [ja, jb, 1] : [jb, ja, -1];
  let count = 0;
  for (let d = lo + 1; d <= hi; d++) if (!cal.isDayOff(d)) count++;
  return sign * count;
}

/** Deadline: the end (23:59:59.999 in UTC+7) of the n-th working day after `receivedAt`. */
export function dueAt(receivedAt: Date | LocalDate, n: number, cal: WorkingCalendar = defaultCalendar): Date {
  const day = addWorkingDays(toLocalDate(receivedAt), n, cal);
  return new Date(localDateToUtcStart(day).getTime() + 24 * 3600 * 1000 - 1);
}

/** The weekday days off of a Gregorian year (holidays, substitute and extra days), sorted. */
export function holidaysOf(year: number, cal: WorkingCalendar = defaultCalendar): LocalDate[] {
  const out: LocalDate[] = [];
  for (let d = jdFromDate(1, 1, year); d <= jdFromDate(31, 12, year); d++) {
    if (!isWeekend(d) && cal.isDayOff(d)) out.push(jdnToLocal(d));
  }
  return out;
}
