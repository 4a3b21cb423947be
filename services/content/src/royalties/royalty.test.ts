// R-ROYALTY: statement cells are safe for spreadsheets.
import { csvCell } from "./royalty.service";

describe("csvCell", () => {
  it("quotes commas and quotes", () => {
    expect(csvCell('Tin "nóng", mới')).toBe('"Tin ""nóng"", mới"');
  });
  it("defuses formulas", () => {
    expect(csvCell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
  });
  it("keeps Vietnamese as is", () => {
    expect(csvCell("Nguyễn Văn Đức")).toBe("Nguyễn Văn Đức");
  });
});
