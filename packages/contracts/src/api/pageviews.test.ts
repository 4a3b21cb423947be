import { examplePageViewsReport, PageViewsQuery, PageViewsReport } from "../index";

describe("page views (R-REPORT)", () => {
  it("the example matches; counts are whole and not negative; the query names a portal and two days", () => {
    expect(PageViewsReport.parse(examplePageViewsReport).total).toBe(42);
    expect(PageViewsReport.safeParse({ ...examplePageViewsReport, total: -1 }).success).toBe(false);
    expect(PageViewsReport.safeParse({ ...examplePageViewsReport, total: 1.5 }).success).toBe(false);
    expect(
      PageViewsQuery.safeParse({ portalId: "stttt", from: "2026-01-01", to: "2026-12-31" }).success,
    ).toBe(true);
    expect(
      PageViewsQuery.safeParse({ portalId: "Stttt", from: "2026-01-01", to: "2026-12-31" }).success,
    ).toBe(false);
    expect(PageViewsQuery.safeParse({ portalId: "stttt", from: "2026-1-1", to: "2026-12-31" }).success).toBe(
      false,
    );
  });
});
