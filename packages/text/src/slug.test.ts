// R-DOM: names become subdomain labels and slugs without diacritics.
import { foldDiacritics, slugify, subdomainLabel } from "./slug";

describe("Vietnamese folding (R-DOM)", () => {
  it("derives district subdomains from the place name", () => {
    expect(subdomainLabel("Tân Yên")).toBe("tanyen");
    expect(subdomainLabel("Lục Ngạn")).toBe("lucngan");
    expect(subdomainLabel("Sơn Động")).toBe("sondong");
  });
  it("maps đ to d and lowercases abbreviations", () => {
    expect(subdomainLabel("STTTT")).toBe("stttt");
    expect(foldDiacritics("Đường Đá")).toBe("Duong Da");
  });
  it("works on decomposed (NFD) input too", () => {
    expect(subdomainLabel("Tân Yên".normalize("NFD"))).toBe("tanyen");
  });
  it("makes slugs from titles", () => {
    expect(slugify("Hội nghị chuyển đổi số tỉnh Bắc Giang năm 2026")).toBe(
      "hoi-nghi-chuyen-doi-so-tinh-bac-giang-nam-2026",
    );
    expect(slugify("  Quyết định 36/2019/QĐ-UBND!  ")).toBe("quyet-dinh-36-2019-qd-ubnd");
    expect(slugify("!!!")).toBe("bai-viet");
  });
  it("cuts long slugs at a word boundary", () => {
    const s = slugify("một hai ba bốn năm sáu bảy tám chín mười ".repeat(20), 40);
    expect(s.length).toBeLessThanOrEqual(40);
    expect(s.endsWith("-")).toBe(false);
  });
});
