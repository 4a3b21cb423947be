// R-REPORT: the figures of a periodic report, from what this service recorded (retention records
// for publications, feedback records from the feedback topic: feedback.ts), both read as keyed
// ranges of the period (ADR 0004), and, when reachable, publishing's page views, and the
// availability samples of the probe (availability.ts). A figure that was not measured is null and shown as "không có dữ liệu" — never invented.
import type { Collection } from "mongodb";
import type { RetentionRecord } from "../retention/records";
import { type Availability, type AvailabilitySample, availabilityIn } from "./availability";
import type { FeedbackRecord } from "./feedback";

export type { FeedbackRecord } from "./feedback";

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

/**
 * "2026-H2", "2026" or "auto" (the last complete half-year), in Vietnam time (UTC+7); the year
 * from PERIOD_YEARS. Anything else throws UnknownPeriod.
 */
export function parsePeriod(spec: string, now = new Date()): Period {
  // midnight of the first of month m (1–13) of year y, in Vietnam
  const at = (y: number, m: number) => new Date(Date.UTC(y, m - 1, 1) - 7 * 3600_000);
  if (spec === "auto") {
    const local = new Date(now.getTime() + 7 * 3600_000);
    const y = local.getUTCFullYear();
    return local.getUTCMonth() >= 6 ? parsePeriod(`${y}-H1`) : parsePeriod(`${y - 1}-H2`);
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

export interface CountRow {
  key: string;
  count: number;
}

export interface ReportData {
  portalId: string;
  period: Period;
  generatedAt: Date;
  published: { total: number; byCategory: CountRow[]; byAgency: CountRow[] };
  feedback: { received: number; answered: number; overdue: number; averageWorkingDays: number | null };
  pageViews: number | null;
  /** platform-wide (publishing serves every portal); null when no sample fell in the period */
  availability: Availability | null;
}

function countBy(values: string[]): CountRow[] {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m.entries()]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

/** The calendar day (Vietnam time, UTC+7) of an instant, as YYYY-MM-DD. */
const vnDay = (d: Date) => new Date(d.getTime() + 7 * 3600_000).toISOString().slice(0, 10);

/**
 * Page views of a portal in a period from publishing's `/internal/pageviews` (bearer token; days
 * from the period's first to its last day, both included); null when unknown.
 */
export async function pageViews(
  base: string | undefined,
  portalId: string,
  p: Period,
  token?: string,
): Promise<number | null> {
  if (!base || !token) return null;
  try {
    const u = new URL("/internal/pageviews", base);
    u.searchParams.set("portalId", portalId);
    u.searchParams.set("from", vnDay(p.from));
    u.searchParams.set("to", vnDay(new Date(p.to.getTime() - 1)));
    const res = await fetch(u, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok) return null;
    const body = (await res.json()) as { total?: unknown; views?: unknown };
    const n =
      typeof body.total === "number" ? body.total : typeof body.views === "number" ? body.views : null;
    return n !== null && Number.isFinite(n) && n >= 0 ? n : null;
  } catch {
    return null;
  }
}

/** Where a report's figures come from: each reads the period's records only (keyed ranges). */
export interface ReportSources {
  /** the portal's items first published in the period (RetentionRecords.publishedIn) */
  published(portalId: string, period: Period): AsyncIterable<RetentionRecord>;
  /** the feedback the portal received in the period (FeedbackRecords.receivedIn) */
  received(portalId: string, period: Period): AsyncIterable<FeedbackRecord>;
  publishingUrl?: string | undefined;
  pageviewsToken?: string | undefined;
  availability?: Collection<AvailabilitySample> | undefined;
}

async function all<T>(xs: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of xs) out.push(x);
  return out;
}

export async function buildReport(
  deps: ReportSources,
  portalId: string,
  period: Period,
  now = new Date(),
): Promise<ReportData> {
  const inPeriod = (d: Date | null | undefined) => !!d && d >= period.from && d < period.to;
  const items = (await all(deps.published(portalId, period))).filter((r) => inPeriod(r.firstPublishedAt));
  const fb = (await all(deps.received(portalId, period))).filter((f) => inPeriod(f.receivedAt));
  const asOf = now < period.to ? now : period.to;
  const answered = fb.filter((f) => f.answeredAt && f.answeredAt <= asOf);
  const overdue = fb.filter((f) => f.dueAt < asOf && (!f.answeredAt || f.answeredAt > f.dueAt));
  const days = answered.map((f) => f.workingDaysTaken).filter((n): n is number => typeof n === "number");
  return {
    portalId,
    period,
    generatedAt: now,
    published: {
      total: items.length,
      byCategory: countBy(
        items.flatMap((r) => (r.categoryIds.length ? r.categoryIds : ["(không phân loại)"])),
      ),
      byAgency: countBy(items.map((r) => r.agency ?? "(không rõ cơ quan)")),
    },
    feedback: {
      received: fb.length,
      answered: answered.length,
      overdue: overdue.length,
      averageWorkingDays: days.length
        ? Math.round((days.reduce((s, n) => s + n, 0) / days.length) * 10) / 10
        : null,
    },
    pageViews: await pageViews(deps.publishingUrl, portalId, period, deps.pageviewsToken),
    availability: deps.availability ? await availabilityIn(deps.availability, period) : null,
  };
}
