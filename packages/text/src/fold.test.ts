import { foldAligned, foldedWords, foldVietnamese, MAX_WORD_LENGTH } from "./fold";

describe("Vietnamese folding", () => {
  it("removes marks, maps đ and lowercases, whether the input is NFC or NFD", () => {
    expect(foldVietnamese("Quyết định số 36/2026/QĐ-UBND Tân Yên")).toBe(
      "quyet dinh so 36/2026/qd-ubnd tan yen",
    );
    expect(foldVietnamese("ĐƯỜNG Lục Ngạn".normalize("NFD"))).toBe("duong luc ngan");
    expect(foldVietnamese("Ủy ban nhân dân")).toBe("uy ban nhan dan");
  });
  it("splits words on anything that is not a letter or digit, dropping very long runs", () => {
    expect(foldedWords("Quyết định số 36/2026/QĐ-UBND")).toEqual([
      "quyet",
      "dinh",
      "so",
      "36",
      "2026",
      "qd",
      "ubnd",
    ]);
    expect(foldedWords(`ảnh ${"a".repeat(MAX_WORD_LENGTH + 1)} mới`)).toEqual(["anh", "moi"]);
    expect(foldedWords("<p>Hội&nbsp;nghị</p>")).toEqual(["p", "hoi", "nbsp", "nghi", "p"]);
    expect(foldedWords("")).toEqual([]);
  });
  it("gives the same words for a file name and for decomposed input", () => {
    expect(foldedWords("anh_2026-11-28.JPG")).toEqual(["anh", "2026", "11", "28", "jpg"]);
    expect(foldedWords("Hội nghị".normalize("NFD"))).toEqual(["hoi", "nghi"]);
  });
  it("folds keeping offsets, for highlighting (R-STD)", () => {
    expect(foldAligned("Quy hoạch")).toBe("quy hoach");
    expect(foldAligned("Đê điều")).toBe("de dieu");
    expect(foldAligned("Đê điều").length).toBe("Đê điều".length);
    const astral = "Hội 😀 nghị";
    expect(foldAligned(astral)).toBe("hoi    nghi");
    expect(foldAligned(astral).length).toBe(astral.length);
    expect(foldAligned(astral).indexOf("nghi")).toBe(astral.indexOf("nghị"));
  });
});
