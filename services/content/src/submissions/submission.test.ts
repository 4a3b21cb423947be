// R-SUBMIT: the type comes from the bytes, not the name.
import { sniff } from "./submission.service";

describe("sniff", () => {
  it("recognises a PDF by %PDF-", () => {
    expect(sniff(Buffer.from("%PDF-1.7\n..."))).toBe("pdf");
  });
  it("recognises a .docx by the ZIP signature and word/document.xml", () => {
    const zip = Buffer.concat([
      Buffer.from([0x50, 0x4b, 0x03, 0x04]),
      Buffer.alloc(40),
      Buffer.from("word/document.xml"),
    ]);
    expect(sniff(zip)).toBe("docx");
  });
  it("refuses a plain ZIP, an executable and HTML named .docx", () => {
    const zip = Buffer.concat([
      Buffer.from([0x50, 0x4b, 0x03, 0x04]),
      Buffer.alloc(40),
      Buffer.from("xl/workbook.xml"),
    ]);
    expect(sniff(zip)).toBeNull();
    expect(sniff(Buffer.from("MZ\x90\x00"))).toBeNull();
    expect(sniff(Buffer.from("<html><script>alert(1)</script>"))).toBeNull();
  });
});
