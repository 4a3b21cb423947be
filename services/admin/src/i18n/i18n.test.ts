// The catalogue and dates (R-STD): both languages have every message, Vietnamese text is NFC with
// its diacritics, dates read dd/MM/yyyy HH:mm in Vietnam time whatever the server's zone.
import { en } from "./en";
import {
  formatBytes,
  formatDate,
  formatDateTime,
  formatNumber,
  formatTime,
  halfOf,
  parseDateTime,
  parseDay,
  vnDayEnd,
  vnDayStart,
  vnNextDayStart,
} from "./index";
import { vi } from "./vi";

function shape(o: unknown, path = ""): string[] {
  if (typeof o === "function") return [`${path}()${o.length}`];
  if (o && typeof o === "object")
    return Object.keys(o)
      .sort()
      .flatMap((k) => shape((o as Record<string, unknown>)[k], `${path}.${k}`));
  return [path];
}

function strings(o: unknown): string[] {
  if (typeof o === "string") return [o];
  if (typeof o === "function")
    return [String((o as (...a: unknown[]) => unknown)(...Array.from({ length: o.length }, () => "x")))];
  if (o && typeof o === "object") return Object.values(o).flatMap(strings);
  return [];
}

describe("message catalogue", () => {
  it("English has exactly the Vietnamese messages, with the same parameters", () => {
    expect(shape(en)).toEqual(shape(vi));
  });
  it("every Vietnamese text is NFC and none is empty", () => {
    for (const s of strings(vi)) {
      expect(s).toBe(s.normalize("NFC"));
      expect(s.length).toBeGreaterThan(0);
    }
    expect(vi.dashboard.title).toBe("Việc của tôi");
    expect(vi.errors.selfApproval).toContain("nguyên tắc bốn mắt");
  });
  it("never shows an internal code to a person", () => {
    for (const s of strings(vi)) expect(s).not.toMatch(/\bR-[A-Z]+\b|\b[a-z]+_[a-z]+\b/);
  });
});

describe("dates in Vietnam time", () => {
  it("formats an instant as dd/MM/yyyy HH:mm in UTC+7", () => {
    expect(formatDateTime("2026-12-01T21:36:00Z")).toBe("02/12/2026 04:36");
    expect(formatDateTime(new Date("2026-01-01T00:00:00+07:00"))).toBe("01/01/2026 00:00");
    expect(formatDate("2026-03-05")).toBe("05/03/2026");
    expect(formatTime("2026-12-01T17:05:00Z")).toBe("00:05");
    expect(formatDateTime(undefined)).toBe("");
    expect(formatDateTime("not a date")).toBe("");
  });
  it("reads what a person types, as Vietnam time, and refuses days that do not exist", () => {
    expect(parseDateTime("02/12/2026 04:36")?.toISOString()).toBe("2026-12-01T21:36:00.000Z");
    expect(parseDateTime("2/1/2026 8:00")?.toISOString()).toBe("2026-01-02T01:00:00.000Z");
    expect(parseDateTime("2026-12-02T04:36")?.toISOString()).toBe("2026-12-01T21:36:00.000Z");
    expect(parseDateTime("30/02/2026 08:00")).toBeNull();
    expect(parseDateTime("01/12/2026 24:00")).toBeNull();
    expect(parseDateTime("hôm nay")).toBeNull();
    expect(parseDay("29/02/2028")).toBe("2028-02-29");
    expect(parseDay("29/02/2027")).toBeNull();
    expect(parseDay("2026-12-01")).toBe("2026-12-01");
  });
});

describe("the console's figures (issue 19)", () => {
  it("numbers and sizes as each language writes them", () => {
    expect(formatNumber(12345, "vi")).toBe("12.345");
    expect(formatNumber(12345, "en")).toBe("12,345");
    expect(formatBytes(812, "vi")).toBe("812 B");
    expect(formatBytes(1536, "vi")).toBe("1,5 kB");
    expect(formatBytes(3 * 1024 ** 3, "en")).toBe("3 GB");
  });
  it("Vietnam days as instants with their offset", () => {
    expect(vnDayStart("2026-12-02")).toBe("2026-12-02T00:00:00+07:00");
    expect(vnDayEnd("2026-12-02")).toBe("2026-12-02T23:59:59.999+07:00");
    expect(vnNextDayStart("2026-12-31")).toBe("2027-01-01T00:00:00+07:00");
    expect(new Date(vnDayStart("2026-12-02")).toISOString()).toBe("2026-12-01T17:00:00.000Z");
  });
  it("one language's half of an API's bilingual text", () => {
    expect(halfOf("Bị bỏ dở / abandoned", "vi")).toBe("Bị bỏ dở");
    expect(halfOf("Bị bỏ dở / abandoned", "en")).toBe("abandoned");
    expect(halfOf("chỉ một", "en")).toBe("chỉ một");
  });
});
