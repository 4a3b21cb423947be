// Aggregate page views of a portal (R-REPORT, R-PII: counts only — no cookies, addresses or user
// agents): publishing answers `GET /internal/pageviews?portalId=&from=&to=` (bearer
// PAGEVIEWS_TOKEN) with a PageViewsReport; the archive service's reports read it. Both sides
// validate with these schemas.
import { z } from "zod";
import { PortalId } from "../common";

/**
 * The User-Agent of archive's availability probe, which GETs every portal's home page once a
 * minute (R-REPORT): publishing counts no page view for it, or each portal would gain 1,440 a day.
 */
export const AVAILABILITY_PROBE_AGENT = "cong-archive-availability-probe/1 (R-REPORT)";

/** A calendar day in Vietnam time, YYYY-MM-DD. */
export const PageViewDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD");

/** The query: a portal and the days from `from` to `to`, both included (at most 366 are read). */
export const PageViewsQuery = z.object({ portalId: PortalId, from: PageViewDay, to: PageViewDay });
export type PageViewsQuery = z.infer<typeof PageViewsQuery>;

const Count = z.number().int().min(0);

export const PageViewsReport = z.object({
  portalId: PortalId,
  from: PageViewDay,
  to: PageViewDay,
  /** the sum over `days` */
  total: Count,
  /** the days with at least one view, in order */
  days: z.array(
    z.object({
      day: PageViewDay,
      total: Count,
      /** views per item id ("" for pages that are not an item) */
      items: z.record(z.string(), Count),
    }),
  ),
});
export type PageViewsReport = z.infer<typeof PageViewsReport>;

export const examplePageViewsReport: PageViewsReport = {
  portalId: "tanyen",
  from: "2026-11-01",
  to: "2026-11-30",
  total: 42,
  days: [
    { day: "2026-11-29", total: 30, items: { "6750a1c2e4b0a1b2c3d4e5f6": 12 } },
    { day: "2026-11-30", total: 12, items: {} },
  ],
};
