// Languages of the admin (Vietnamese first, English second) and dates as civil servants write
// them: dd/MM/yyyy HH:mm, Vietnam time (UTC+7, no daylight saving), whatever the server's zone.
import { en } from "./en";
import { type Messages, vi } from "./vi";

export type { Messages };
export type Lang = "vi" | "en";
export const LANGS: readonly Lang[] = ["vi", "en"];
const CATALOGUES: Record<Lang, Messages> = { vi, en };

export function messages(lang: Lang): Messages {
  return CATALOGUES[lang];
}

export function langOf(value: unknown): Lang {
  return value === "en" ? "en" : "vi";
}

const VN_OFFSET_MS = 7 * 60 * 60 * 1000;
const pad = (n: number) => String(n).padStart(2, "0");

/** Fields of an instant on the wall clock in Vietnam. */
function vnParts(d: Date) {
  const v = new Date(d.getTime() + VN_OFFSET_MS);
  return {
    y: v.getUTCFullYear(),
    m: v.getUTCMonth() + 1,
    d: v.getUTCDate(),
    h: v.getUTCHours(),
    min: v.getUTCMinutes(),
  };
}

/** `dd/MM/yyyy HH:mm` in Vietnam time; "" for nothing. */
export function formatDateTime(value: Date | string | number | null | undefined): string {
  if (value === null || value === undefined || value === "") return "";
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) return "";
  const p = vnParts(d);
  return `${pad(p.d)}/${pad(p.m)}/${p.y} ${pad(p.h)}:${pad(p.min)}`;
}

/** `dd/MM/yyyy` in Vietnam time; a plain `yyyy-MM-dd` day is shown as it is. */
export function formatDate(value: Date | string | null | undefined): string {
  if (!value) return "";
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split("-");
    return `${d}/${m}/${y}`;
  }
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) return "";
  const p = vnParts(d);
  return `${pad(p.d)}/${pad(p.m)}/${p.y}`;
}

/** `HH:mm` in Vietnam time. */
export function formatTime(value: Date | string | number): string {
  const p = vnParts(value instanceof Date ? value : new Date(value));
  return `${pad(p.h)}:${pad(p.min)}`;
}

function validDay(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/**
 * Reads a day typed as `dd/MM/yyyy` (also `d/M/yyyy`, or the browser's `yyyy-MM-dd`) and returns
 * `yyyy-MM-dd`, or null when it is not a real day.
 */
export function parseDay(input: string): string | null {
  const s = input.trim();
  let y: number;
  let m: number;
  let d: number;
  const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (vn) [d, m, y] = [Number(vn[1]), Number(vn[2]), Number(vn[3])];
  else if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else return null;
  if (!validDay(y, m, d)) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/**
 * Reads a Vietnam wall-clock time typed as `dd/MM/yyyy HH:mm` (or the browser's
 * `yyyy-MM-ddTHH:mm`) and returns the instant, or null.
 */
export function parseDateTime(input: string): Date | null {
  const s = input.trim();
  const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})[ T]+(\d{1,2}):(\d{2})$/.exec(s);
  const iso = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(s);
  let y: number;
  let m: number;
  let d: number;
  let h: number;
  let min: number;
  if (vn)
    [d, m, y, h, min] = [vn[1], vn[2], vn[3], vn[4], vn[5]].map(Number) as number[] as [
      number,
      number,
      number,
      number,
      number,
    ];
  else if (iso)
    [y, m, d, h, min] = [iso[1], iso[2], iso[3], iso[4], iso[5]].map(Number) as [
      number,
      number,
      number,
      number,
      number,
    ];
  else return null;
  if (!validDay(y, m, d) || h > 23 || min > 59) return null;
  return new Date(Date.UTC(y, m - 1, d, h, min) - VN_OFFSET_MS);
}

/** The value an input shows for an instant: `dd/MM/yyyy HH:mm`. */
export const dateTimeInput = formatDateTime;
/** The value an input shows for a `yyyy-MM-dd` day: `dd/MM/yyyy`. */
export const dayInput = formatDate;

/** The first instant of a Vietnam day `yyyy-MM-dd`, as an ISO date-time with its offset. */
export const vnDayStart = (day: string): string => `${day}T00:00:00+07:00`;

/** The last millisecond of a Vietnam day `yyyy-MM-dd` (an inclusive end). */
export const vnDayEnd = (day: string): string => `${day}T23:59:59.999+07:00`;

/** The first instant of the Vietnam day after `day` (an exclusive end). */
export function vnNextDayStart(day: string): string {
  const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return vnDayStart(next);
}

/** A whole number as each language writes it: 12.345 in Vietnamese, 12,345 in English. */
export function formatNumber(n: number, lang: Lang): string {
  return new Intl.NumberFormat(lang === "vi" ? "vi-VN" : "en-GB", { maximumFractionDigits: 1 }).format(n);
}

/** A size in bytes, in the largest unit under 1024 of it: "1,5 MB", "820 kB", "12 B". */
export function formatBytes(bytes: number, lang: Lang): string {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${formatNumber(u === 0 ? v : Math.round(v * 10) / 10, lang)} ${units[u]}`;
}

/** One language's half of an API's bilingual "Việt. / English." text (the whole when it has one). */
export function halfOf(text: string, lang: Lang): string {
  const [viPart, enPart] = text.split(" / ");
  return (lang === "en" && enPart ? enPart : viPart) ?? text;
}
