import { parseRange } from "./range";

describe("parseRange", () => {
  it("handles absent, open, closed and suffix ranges", () => {
    expect(parseRange(undefined, 100)).toBeNull();
    expect(parseRange("bytes=0-9", 100)).toEqual({ ok: true, start: 0, end: 9 });
    expect(parseRange("bytes=90-", 100)).toEqual({ ok: true, start: 90, end: 99 });
    expect(parseRange("bytes=-10", 100)).toEqual({ ok: true, start: 90, end: 99 });
    expect(parseRange("bytes=50-500", 100)).toEqual({ ok: true, start: 50, end: 99 });
  });
  it("rejects unsatisfiable or malformed ranges (416)", () => {
    expect(parseRange("bytes=100-", 100)).toEqual({ ok: false });
    expect(parseRange("bytes=9-3", 100)).toEqual({ ok: false });
    expect(parseRange("bytes=0-1,5-6", 100)).toEqual({ ok: false });
    expect(parseRange("items=0-1", 100)).toEqual({ ok: false });
    expect(parseRange("bytes=-0", 100)).toEqual({ ok: false });
  });
});
