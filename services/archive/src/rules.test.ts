// Unit: diacritics-insensitive matching, expiry arithmetic (R-RETAIN) and report periods (R-REPORT).
import { parsePeriod } from "./reports/data";
import { renderCsv } from "./reports/render";
import { expiryOf } from "./retention/records";
import { searchText } from "./text";

describe("searchText", () => {
  it("folds Vietnamese diacritics, đ and case", () => {
    expect(searchText("Quyết định số 36/2026/QĐ-UBND  Tân Yên")).toBe(
      "quyet dinh so 36/2026/qd-ubnd tan yen",
    );
    expect(searchText("ĐƯỜNG Lục Ngạn".normalize("NFD"))).toBe("duong luc ngan");
  });
});

describe("expiryOf", () => {
  it("adds five calendar years for limited-5y and none for permanent", () => {
    expect(expiryOf("limited-5y", new Date("2026-11-28T02:05:00Z"))?.toISOString()).toBe(
      "2031-11-28T02:05:00.000Z",
    );
    expect(expiryOf("limited-5y", new Date("2028-02-29T00:00:00Z"))?.toISOString()).toBe(
      "2033-03-01T00:00:00.000Z",
    );
    expect(expiryOf("permanent", new Date("2026-11-28T02:05:00Z"))).toBeNull();
  });
});

describe("parsePeriod", () => {
  it("reads half-years and years in Vietnam time", () => {
    const h2 = parsePeriod("2026-H2");
    expect(h2.from.toISOString()).toBe("2026-06-30T17:00:00.000Z");
    expect(h2.to.toISOString()).toBe("2026-12-31T17:00:00.000Z");
    expect(parsePeriod("2026").from.toISOString()).toBe("2025-12-31T17:00:00.000Z");
  });
  it("auto is the last complete half-year", () => {
    expect(parsePeriod("auto", new Date("2027-01-15T00:00:00Z")).label).toBe("2026-H2");
    expect(parsePeriod("auto", new Date("2026-11-29T00:00:00Z")).label).toBe("2026-H1");
  });
  it("refuses anything else", () => {
    expect(() => parsePeriod("2026-H3")).toThrow(/period/);
    expect(() => parsePeriod("$where")).toThrow(/period/);
  });
});

describe("renderCsv", () => {
  it("neutralises spreadsheet formulas in text cells", () => {
    const csv = renderCsv({
      portalId: "stttt",
      period: parsePeriod("2026"),
      generatedAt: new Date("2027-01-01T00:00:00Z"),
      published: { total: 1, byCategory: [{ key: '=HYPERLINK("x")', count: 1 }], byAgency: [] },
      feedback: { received: 0, answered: 0, overdue: 0, averageWorkingDays: null },
      pageViews: null,
      availability: null,
    });
    expect(csv).toContain(`'=HYPERLINK(""x"")`);
    expect(csv).toContain("Lượt xem trang,không có dữ liệu");
  });
});
