// Unit tests of the extras' helpers (R-ADS https-only URLs, CSV export, R-PII checks).
import { carriesPersonalData, overdue } from "./feedback.rules";
import { cleanText, csvCell, isSafeHttpsUrl } from "./shared";

describe("isSafeHttpsUrl (R-ADS)", () => {
  it.each([
    ["https://bacgiang.gov.vn/a", true],
    ["http://bacgiang.gov.vn/a", false],
    ["javascript:alert(1)", false],
    ["https://user:pw@evil.example/", false],
    ["//bacgiang.gov.vn", false],
    ["data:text/html,<script>", false],
  ])("%s → %s", (u, ok) => {
    expect(isSafeHttpsUrl(u)).toBe(ok);
  });
});

describe("csvCell", () => {
  it("quotes, doubles quotes and defuses formulas", () => {
    expect(csvCell('a "b", c')).toBe('"a ""b"", c"');
    expect(csvCell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell("Hội Luật gia")).toBe("Hội Luật gia");
  });
});

describe("cleanText", () => {
  it("normalises to NFC and strips control characters", () => {
    const decomposed = "Hoa\u0300";
    expect(cleanText(` ${decomposed}\u0000\u0007 `)).toBe("Hoà");
    expect(cleanText("dòng 1\ndòng 2")).toBe("dòng 1\ndòng 2");
  });
});

describe("carriesPersonalData (R-PII)", () => {
  const contact = { fullName: "Nguyễn Thị Hoà", email: "hoa@example.vn", phone: "0912345678" };
  it("finds the person's name, e-mail, phone and anything shaped like them", () => {
    expect(carriesPersonalData("Kính gửi bà nguyễn thị hoà", contact)).toBe(true);
    expect(carriesPersonalData("liên hệ hoa@example.vn", contact)).toBe(true);
    expect(carriesPersonalData("gọi 0912 345 678", contact)).toBe(true);
    expect(carriesPersonalData("gọi +84 98 765 4321", contact)).toBe(true);
    expect(carriesPersonalData("viết cho x@y.vn", contact)).toBe(true);
    expect(carriesPersonalData("Hồ sơ gồm đơn đề nghị và đề án, giải quyết trong 10 ngày.", contact)).toBe(
      false,
    );
  });
});

describe("overdue", () => {
  it("is overdue only when unanswered past due", () => {
    const dueAt = new Date("2026-03-10T16:59:59.999Z");
    expect(overdue({ status: "assigned", dueAt }, new Date("2026-03-10T17:00:00Z"))).toBe(true);
    expect(overdue({ status: "answered", dueAt }, new Date("2026-03-12T00:00:00Z"))).toBe(false);
    expect(overdue({ status: "received", dueAt }, new Date("2026-03-10T16:00:00Z"))).toBe(false);
  });
});
