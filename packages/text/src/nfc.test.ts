import { characters, cleanText, nfc } from "./nfc";

describe("NFC text (R-STD)", () => {
  it("normalises decomposed Vietnamese to its precomposed form", () => {
    const nfd = "Tân Yên".normalize("NFD");
    expect(nfd).not.toBe("Tân Yên");
    expect(nfc(nfd)).toBe("Tân Yên");
  });
  it("counts code points after NFC: a decomposed letter and an emoji count once", () => {
    expect(characters(nfc("ệ".normalize("NFD")))).toBe(1);
    expect(characters("😀")).toBe(1);
    expect(characters("Hội nghị")).toBe(8);
  });
  it("cleans free text: NFC, trimmed, control characters dropped, line breaks and tabs kept", () => {
    expect(cleanText(` Hoa\u0300\u0000\u0007 `)).toBe("Hoà");
    expect(cleanText("dòng 1\r\n\tdòng 2\u007f")).toBe("dòng 1\r\n\tdòng 2");
  });
});
