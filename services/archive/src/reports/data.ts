// R-REPORT: the figures of a periodic report, from what this service recorded (retention records
// for publications, feedback records from the feedback topic: feedback.ts), both read as keyed
// ranges of the period (ADR 0004), and, when reachable, publishing's page views, and the
// availability samples of the probe (availability.ts). A figure that was not measured is null and shown as "không có dữ liệu" — never invented.
import { PageViewsReport } from "@cong/contracts";
import type { Collection } from "mongodb";
import { type IncidentRegister, type IncidentSummary, summarize } from "../incidents/incidents";
import type { RetentionRecord, RetentionRecords } from "../retention/records";
import { type Availability, type AvailabilitySample, availabilityIn, type DaySummary } from "./availability";
import type { FeedbackRecord, FeedbackRecords } from "./feedback";
import { type NameSource, type PortalNamesDoc, unnamed } from "./names";
import { type Period, vnDay } from "./period";
import { type PortalSamples, portalAvailabilityIn } from "./portal-availability";

export type { FeedbackRecord } from "./feedback";
export { PERIOD_YEARS, type Period, parsePeriod, UnknownPeriod } from "./period";

export interface CountRow {
  /** what is counted: a category's id, an agency's name, a portal's id */
  key: string;
  /** what a reader sees: the category's or portal's Vietnamese name (names.ts), else `<id> (chưa rõ tên)` */
  label: string;
  count: number;
}

/** One portal's figures in the province-wide report. */
export interface PortalRow {
  portalId: string;
  /** the portal's Vietnamese name, else `<id> (chưa rõ tên)` */
  name: string;
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
  /**
   * what a reader sees of it: the portal's Vietnamese name and its agency (from content's
   * portal.updated, names.ts; `<id> (chưa rõ tên)` and null until one arrived), "Toàn tỉnh" and
   * null for the province-wide report
   */
  portal: { name: string; agency: string | null };
  /** province-wide only: each portal's figures */
  portals?: PortalRow[];
  period: Period;
  generatedAt: Date;
  published: { total: number; byCategory: CountRow[]; byAgency: CountRow[] };
  feedback: { received: number; answered: number; overdue: number; averageWorkingDays: number | null };
  pageViews: number | null;
  /** platform-wide (publishing serves every portal); null when no sample fell in the period */
  availability: Availability | null;
  /**
   * a portal's report only: the probe's samples of the portal's own home page (its Host on
   * publishing, portal-availability.ts); absent when none fell in the period
   */
  portalAvailability?: Availability;
  /**
   * R-OPS-247, R-SEC: the incidents of the register overlapping the period — a portal's own and
   * the whole platform's; province-wide every incident; null when the register is not a source
   */
  incidents: IncidentSummary | null;
}

function countBy(values: string[], label: (key: string) => string = (k) => k): CountRow[] {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m.entries()]
    .map(([key, count]) => ({ key, label: label(key), count }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, "vi") || a.key.localeCompare(b.key));
}

/** A publication without a category, and one without an agency (labels, not ids). */
export const NO_CATEGORY = "(không phân loại)";
export const NO_AGENCY = "(không rõ cơ quan)";

/** The labels of a report's portals and categories, from what the name model knows. */
export class Labels {
  constructor(private readonly docs: Map<string, PortalNamesDoc>) {}
  static async of(names: NameSource | undefined, portalIds: string[]): Promise<Labels> {
    return new Labels(names ? await names.of(portalIds) : new Map());
  }
  portal(id: string): string {
    return this.docs.get(id)?.name.vi ?? unnamed(id);
  }
  agency(id: string): string | null {
    return this.docs.get(id)?.agency.vi ?? null;
  }
  /** the category's name in the first of the portals (in order) that has one */
  category(id: string, portalIds: string[]): string {
    if (id === NO_CATEGORY) return id;
    for (const p of portalIds) {
      const c = this.docs.get(p)?.categories.find((x) => x.categoryId === id);
      if (c) return c.name.vi;
    }
    return unnamed(id);
  }
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
    // publishing's answer as the contract defines it (both sides validate with PageViewsReport);
    // an answer of another shape, or about another portal or period, counts as unknown
    const body = PageViewsReport.safeParse(await res.json());
    if (!body.success) return null;
    const r = body.data;
    const asked = u.searchParams;
    if (r.portalId !== portalId || r.from !== asked.get("from") || r.to !== asked.get("to")) return null;
    return r.total;
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
  /** the platform-wide samples' closed days summed up (without: every sample of the period is read) */
  availabilityDays?: Collection<DaySummary> | undefined;
  /** each portal's home-page samples, `_id` = `<portalId>|<interval>`, and their closed days */
  portalAvailability?: PortalSamples | undefined;
  /** the portals' and categories' names (content's portal.updated); ids with "(chưa rõ tên)" without */
  names?: NameSource | undefined;
  /** the incident register: `overlapping` reads `_id` ranges of the period */
  incidents?: Pick<IncidentRegister, "overlapping"> | undefined;
}

/** The platform-wide probe's figures of the period (its closed days from their summaries). */
const platformAvailability = (deps: ReportSources, period: Period, now: Date) =>
  deps.availability
    ? availabilityIn(
        deps.availability,
        period,
        "",
        deps.availabilityDays ? { coll: deps.availabilityDays, now } : undefined,
      )
    : Promise.resolve(null);

async function incidentsOf(deps: ReportSources, portalIds: string[] | null, period: Period) {
  if (!deps.incidents) return null;
  return summarize(
    await deps.incidents.overlapping(portalIds, period.from, period.to),
    period.from,
    period.to,
  );
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
  const labels = await Labels.of(deps.names, portals);
  const each = await Promise.all(portals.map((p) => figures(deps, [p], period, now, false, labels)));
  const together = await figures(deps, portals, period, now, false, labels);
  const views = await Promise.all(
    portals.map((p) => pageViews(deps.publishingUrl, p, period, deps.pageviewsToken)),
  );
  return {
    ...together,
    scope: "province",
    portalId: PROVINCE,
    portal: { name: "Toàn tỉnh", agency: null },
    portals: each.map((r, n) => ({
      portalId: portals[n] as string,
      name: labels.portal(portals[n] as string),
      published: r.published.total,
      feedbackReceived: r.feedback.received,
      feedbackAnswered: r.feedback.answered,
      feedbackOverdue: r.feedback.overdue,
    })),
    pageViews:
      views.length && views.every((v) => v !== null) ? views.reduce((s, v) => s + (v ?? 0), 0) : null,
    availability: await platformAvailability(deps, period, now),
    incidents: await incidentsOf(deps, null, period),
  };
}

async function figures(
  deps: ReportSources,
  portalIds: string[],
  period: Period,
  now: Date,
  measured = true,
  given?: Labels,
): Promise<ReportData> {
  const portalId = portalIds.length === 1 ? (portalIds[0] as string) : PROVINCE;
  const labels = given ?? (await Labels.of(deps.names, portalIds));
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
  const own =
    measured && portalId !== PROVINCE && deps.portalAvailability
      ? await portalAvailabilityIn(deps.portalAvailability, portalId, period, now)
      : null;
  return {
    scope: "portal",
    portalId,
    portal:
      portalId === PROVINCE
        ? { name: "Toàn tỉnh", agency: null }
        : { name: labels.portal(portalId), agency: labels.agency(portalId) },
    period,
    generatedAt: now,
    published: {
      total: items.length,
      // a category's items in a portal-wide report are the portal's own; province-wide, the name
      // is that of the first portal (by id) whose items use the category
      byCategory: countBy(
        items.flatMap((r) => (r.categoryIds.length ? r.categoryIds : [NO_CATEGORY])),
        (id) => labels.category(id, portalsUsing(items, id, portalIds)),
      ),
      byAgency: countBy(items.map((r) => r.agency ?? NO_AGENCY)),
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
    availability: measured ? await platformAvailability(deps, period, now) : null,
    ...(own ? { portalAvailability: own } : {}),
    incidents: measured ? await incidentsOf(deps, portalIds, period) : null,
  };
}

/** The portals (in the report's order) with an item filed under the category. */
function portalsUsing(items: RetentionRecord[], categoryId: string, portalIds: string[]): string[] {
  const using = new Set(items.filter((r) => r.categoryIds.includes(categoryId)).map((r) => r.portalId));
  return portalIds.filter((p) => using.has(p));
}
