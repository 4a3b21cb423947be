// Unit tests of the Vietnamese working-day calendar (R-FEEDBACK: 15-working-day answer deadline).
import {
  addWorkingDays,
  createCalendar,
  dueAt,
  holidaysOf,
  isWorkingDay,
  lunarToSolar,
  solarToLunar,
  toLocalDate,
  workingDaysBetween,
} from "./index";

describe("lunar calendar (Hồ Ngọc Đức, UTC+7)", () => {
  it.each([
    [2025, [29, 1, 2025]],
    [2026, [17, 2, 2026]],
    [2027, [6, 2, 2027]],
    [2024, [10, 2, 2024]],
    [2023, [22, 1, 2023]],
    [2020, [25, 1, 2020]],
    // years where Việt Nam (UTC+7) and China (UTC+8) differ: the new moon falls near midnight
    [1985, [21, 1, 1985]],
    [2007, [17, 2, 2007]],
    [2030, [2, 2, 2030]],
  ])("Tết %i", (year, expected) => {
    expect(lunarToSolar(1, 1, year as number)).toEqual(expected);
  });

  it("Giỗ Tổ Hùng Vương 2026 is 2026-04-26 and 2025 is 2025-04-07", () => {
    expect(lunarToSolar(10, 3, 2026)).toEqual([26, 4, 2026]);
    expect(lunarToSolar(10, 3, 2025)).toEqual([7, 4, 2025]);
  });

  it("converts solar to lunar, including a leap month (2025 has leap month 6)", () => {
    expect(solarToLunar(29, 1, 2025)).toEqual({ day: 1, month: 1, year: 2025, leap: false });
    expect(solarToLunar(28, 1, 2025)).toEqual({ day: 29, month: 12, year: 2024, leap: false });
    expect(solarToLunar(25, 7, 2025)).toEqual({ day: 1, month: 6, year: 2025, leap: true });
    expect(lunarToSolar(1, 6, 2025, true)).toEqual([25, 7, 2025]);
    expect(lunarToSolar(1, 6, 2026, true)).toBeNull();
  });

  it("round-trips every day of 2020–2030", () => {
    const start = Date.UTC(2020, 0, 1);
    for (let t = start; t < Date.UTC(2031, 0, 1); t += 86400000) {
      const d = new Date(t);
      const l = solarToLunar(d.getUTCDate(), d.getUTCMonth() + 1, d.getUTCFullYear());
      expect(lunarToSolar(l.day, l.month, l.year, l.leap)).toEqual([
        d.getUTCDate(),
        d.getUTCMonth() + 1,
        d.getUTCFullYear(),
      ]);
    }
  });
});

describe("working days (Bộ luật Lao động 2019, Điều 112)", () => {
  it("weekends are off, ordinary weekdays are working", () => {
    expect(isWorkingDay("2026-03-02")).toBe(true); // Monday
    expect(isWorkingDay("2026-03-07")).toBe(false); // Saturday
    expect(isWorkingDay("2026-03-08")).toBe(false); // Sunday
  });

  it("Tết 2026: lunar New Year's Eve and lunar 1–4/1 are off (16–20/2/2026)", () => {
    for (const d of ["2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20"]) {
      expect(isWorkingDay(d)).toBe(false);
    }
    expect(isWorkingDay("2026-02-13")).toBe(true);
    expect(isWorkingDay("2026-02-23")).toBe(true);
  });

  it("fixed holidays and Giỗ Tổ 2026", () => {
    expect(isWorkingDay("2026-01-01")).toBe(false);
    expect(isWorkingDay("2026-04-30")).toBe(false);
    expect(isWorkingDay("2026-05-01")).toBe(false);
    expect(isWorkingDay("2026-09-02")).toBe(false);
    expect(isWorkingDay("2026-04-27")).toBe(false); // Giỗ Tổ 26/4/2026 is a Sunday → substitute Monday
    expect(isWorkingDay("2026-04-28")).toBe(true);
  });

  it("Quốc khánh adjacent day is configurable (1/9 or 3/9)", () => {
    const cal = createCalendar({ nationalDayExtra: { 2026: 3 } });
    expect(isWorkingDay("2026-09-03", cal)).toBe(false);
    expect(isWorkingDay("2026-09-01", cal)).toBe(true);
    expect(isWorkingDay("2026-09-01")).toBe(false);
  });

  it("substitute day for a holiday on a weekend can be turned off", () => {
    // 1/5/2027 is a Saturday → Monday 3/5/2027 off by default
    expect(isWorkingDay("2027-05-03")).toBe(false);
    expect(isWorkingDay("2027-05-03", createCalendar({ substituteWeekendHolidays: false }))).toBe(true);
  });

  it("extra days off, compensatory working days and per-year Tết override", () => {
    const cal = createCalendar({
      extraDaysOff: ["2026-02-23"],
      extraWorkingDays: ["2026-02-28"],
      tet: { 2026: ["2026-02-13", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19"] },
    });
    expect(isWorkingDay("2026-02-23", cal)).toBe(false);
    expect(isWorkingDay("2026-02-28", cal)).toBe(true);
    expect(isWorkingDay("2026-02-20", cal)).toBe(true);
    expect(isWorkingDay("2026-02-13", cal)).toBe(false);
  });

  it("addWorkingDays and workingDaysBetween across Tết 2026", () => {
    // Friday 13/2/2026 + 1 working day skips the weekend and Tết → Monday 23/2/2026
    expect(addWorkingDays("2026-02-13", 1)).toBe("2026-02-23");
    expect(workingDaysBetween("2026-02-13", "2026-02-23")).toBe(1);
    expect(workingDaysBetween("2026-02-23", "2026-02-13")).toBe(-1);
    expect(addWorkingDays("2026-02-10", 15)).toBe("2026-03-10");
    expect(workingDaysBetween("2026-02-10", "2026-03-10")).toBe(15);
    expect(addWorkingDays("2026-02-14", 0)).toBe("2026-02-23");
    expect(addWorkingDays("2026-02-23", -1)).toBe("2026-02-13");
  });

  it("reads instants in Asia/Ho_Chi_Minh (UTC+7)", () => {
    // 2026-02-13T17:30Z is already Saturday 14/2 00:30 in Việt Nam
    expect(toLocalDate(new Date("2026-02-13T17:30:00Z"))).toBe("2026-02-14");
    expect(isWorkingDay(new Date("2026-02-13T16:59:00Z"))).toBe(true);
    expect(isWorkingDay(new Date("2026-02-13T17:00:00Z"))).toBe(false);
    expect(dueAt(new Date("2026-02-10T03:00:00Z"), 15).toISOString()).toBe("2026-03-10T16:59:59.999Z");
  });

  it("lists weekday holidays of 2025", () => {
    const h = holidaysOf(2025);
    expect(h).toEqual(
      expect.arrayContaining([
        "2025-01-01",
        "2025-01-28",
        "2025-01-29",
        "2025-01-30",
        "2025-01-31",
        "2025-04-07",
        "2025-04-30",
        "2025-05-01",
        "2025-09-01",
        "2025-09-02",
      ]),
    );
    expect(h).not.toContain("2025-01-27");
  });

  it("rejects malformed dates", () => {
    expect(() => isWorkingDay("2026-02-30")).toThrow(RangeError);
    expect(() => isWorkingDay("26-2-1")).toThrow(RangeError);
  });
});

describe("addWorkingDays on instants (core's WorkingDays interface)", () => {
  it("keeps the local time of day", () => {
    const r = addWorkingDays(new Date("2026-02-13T03:15:00Z"), 1);
    expect(r).toBeInstanceOf(Date);
    expect(r.toISOString()).toBe("2026-02-23T03:15:00.000Z");
  });
});
