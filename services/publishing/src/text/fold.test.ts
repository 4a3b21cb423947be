import { fold, tokens } from "./fold";

describe("Vietnamese folding", () => {
  it("drops diacritics and maps đ to d, keeping offsets", () => {
    expect(fold("Quy hoạch")).toBe("quy hoach");
    expect(fold("Đê điều")).toBe("de dieu");
    expect(fold("Đê điều").length).toBe("Đê điều".length);
    expect(tokens("Quyết định số 36/2019/QĐ-UBND")).toEqual([
      "quyet",
      "dinh",
      "so",
      "36",
      "2019",
      "qd",
      "ubnd",
    ]);
  });
});
