// The report periods a board chooses from (R-REPORT): half-years and years in Vietnam time, the
// ones not over yet said so, newest first; names as civil servants write them.
import { en } from "../i18n/en";
import { vi } from "../i18n/vi";
import { periodName, recentPeriods } from "./reports.routes";

describe("report periods", () => {
  it("names a half-year and a year in Vietnamese and English", () => {
    expect(periodName(vi, "2026-H1")).toBe("6 tháng đầu năm 2026");
    expect(periodName(vi, "2026-H2")).toBe("6 tháng cuối năm 2026");
    expect(periodName(vi, "2025")).toBe("Năm 2025");
    expect(periodName(en, "2026-H2")).toBe("Second half of 2026");
  });

  it("in December: this year's two halves and the two years before, the running ones marked", () => {
    const list = recentPeriods(vi, new Date("2026-12-02T03:00:00Z"));
    expect(list.map((o) => o.value)).toEqual([
      "2026-H2",
      "2026-H1",
      "2026",
      "2025-H2",
      "2025-H1",
      "2025",
      "2024-H2",
      "2024-H1",
      "2024",
    ]);
    expect(list[0]?.label).toBe("6 tháng cuối năm 2026 (chưa kết thúc)");
    expect(list[1]?.label).toBe("6 tháng đầu năm 2026");
    expect(list[2]?.label).toBe("Năm 2026 (chưa kết thúc)");
  });

  it("on 1 July at 00:30 in Vietnam (still 30 June in UTC) the second half has begun", () => {
    const list = recentPeriods(vi, new Date("2026-06-30T17:30:00Z"));
    expect(list[0]).toEqual({ value: "2026-H2", label: "6 tháng cuối năm 2026 (chưa kết thúc)" });
    expect(list[1]).toEqual({ value: "2026-H1", label: "6 tháng đầu năm 2026" });
  });

  it("in the first half: no second half of this year yet", () => {
    const list = recentPeriods(vi, new Date("2027-01-15T03:00:00Z"));
    expect(list.slice(0, 3).map((o) => o.label)).toEqual([
      "6 tháng đầu năm 2027 (chưa kết thúc)",
      "Năm 2027 (chưa kết thúc)",
      "6 tháng cuối năm 2026",
    ]);
  });
});
