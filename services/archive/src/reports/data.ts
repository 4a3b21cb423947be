// R-REPORT: the figures of a periodic report, from what this service recorded (retention records
// for publications, feedback records from the feedback topic: feedback.ts), both read as keyed
// ranges of the period (ADR 0004), and, when reachable, publishing's page views, and the
// availability samples of the probe (availability.ts). A figure that was not measured is null and shown as "không có dữ liệu" — never invented.
import type { Collection } from "mongodb";
import type { RetentionRecord, RetentionRecords } from "../retention/records";
import { type Availability, type AvailabilitySample, availabilityIn } from "./availability";
import type { FeedbackRecord, FeedbackRecords } from "./feedback";
import { type Period, vnDay } from "./period";

export type { FeedbackRecord } from "./feedback";
export { PERIOD_YEARS, type Period, parsePeriod, UnknownPeriod } from "./period";

export interface CountRow {
  key: string;
  count: number;
}

/** One portal's figures in the province-wide report. */
export interface PortalRow {
  portalId: string;
  published: number;
  feedbackReceived: number;
  feedbackAnswered: number;
  feedbackOverdue: number;
}

export interface ReportData {
  /** `portal`: one portal's report; `province`: every portal's figures together (`portals`) */
  scope: "portal" | "province";
  /** the portal, or "toàn tỉnh" for the province-wide report */
  portalId: string;
  /** province-wide only: each portal's figures */
  portals?: PortalRow[];
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

/**
 * Where a report's figures come from — the route's dependencies and the report job's are both
 * this shape; each source reads the period's records only (keyed ranges, ADR 0004).
 */
export interface ReportSources {
  /** publishedIn: the portal's items first published in the period */
  records: Pick<RetentionRecords, "publishedIn">;
  /** receivedIn: the feedback the portal received in the period */
  feedback: Pick<FeedbackRecords, "receivedIn">;
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
  return figures(deps, [portalId], period, now);
}

/** Label of the province-wide report where a portal's id stands in a single portal's. */
export const PROVINCE = "toàn tỉnh";

/**
 * The province-wide report (R-REPORT: the provincial board sees every portal): the figures of every
 * portal with records, together (the average response time over all answers, page views only when
 * every portal's are known), and each portal's own row.
 */
export async function buildProvinceReport(
  deps: ReportSources & { records: Pick<RetentionRecords, "publishedIn" | "portals"> },
  period: Period,
  now = new Date(),
): Promise<ReportData> {
  const portals = (await deps.records.portals()).sort();
  const each = await Promise.all(portals.map((p) => figures(deps, [p], period, now, false)));
  const together = await figures(deps, portals, period, now, false);
  const views = await Promise.all(
    portals.map((p) => pageViews(deps.publishingUrl, p, period, deps.pageviewsToken)),
  );
  return {
    ...together,
    scope: "province",
    portalId: PROVINCE,
    portals: each.map((r, n) => ({
      portalId: portals[n] as string,
      published: r.published.total,
      feedbackReceived: r.feedback.received,
      feedbackAnswered: r.feedback.answered,
      feedbackOverdue: r.feedback.overdue,
    })),
    pageViews:
      views.length && views.every((v) => v !== null) ? views.reduce((s, v) => s + (v ?? 0), 0) : null,
    availability: deps.availability ? await availabilityIn(deps.availability, period) : null,
  };
}

async function figures(
  deps: ReportSources,
  portalIds: string[],
  period: Period,
  now: Date,
  measured = true,
): Promise<ReportData> {
  const portalId = portalIds.length === 1 ? (portalIds[0] as string) : PROVINCE;
  const inPeriod = (d: Date | null | undefined) => !!d && d >= period.from && d < period.to;
  const items: RetentionRecord[] = [];
  const fb: FeedbackRecord[] = [];
  for (const id of portalIds) {
    items.push(
      ...(await all<RetentionRecord>(deps.records.publishedIn(id, period))).filter((r) =>
        inPeriod(r.firstPublishedAt),
      ),
    );
    fb.push(...(await all(deps.feedback.receivedIn(id, period))).filter((f) => inPeriod(f.receivedAt)));
  }
  const asOf = now < period.to ? now : period.to;
  const answered = fb.filter((f) => f.answeredAt && f.answeredAt <= asOf);
  const overdue = fb.filter((f) => f.dueAt < asOf && (!f.answeredAt || f.answeredAt > f.dueAt));
  const days = answered.map((f) => f.workingDaysTaken).filter((n): n is number => typeof n === "number");
  return {
    scope: "portal",
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
    pageViews: measured ? await pageViews(deps.publishingUrl, portalId, period, deps.pageviewsToken) : null,
    availability: measured && deps.availability ? await availabilityIn(deps.availability, period) : null,
  };
}
