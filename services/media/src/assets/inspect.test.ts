// Unit tests for R-FMT type decisions (integration tests against S3 are not written yet).
import { decideType, isExecutable, PolyglotScanner, RefusedFile } from "./inspect";

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    if (e instanceof RefusedFile) return e.refusal.code;
    throw e;
  }
  return undefined;
};

describe("decideType (R-FMT)", () => {
  it("refuses an .exe renamed .jpg", () => {
    const mz = Buffer.concat([Buffer.from("MZ"), Buffer.alloc(200)]);
    expect(isExecutable(mz)).toBe(true);
    expect(codeOf(() => decideType(mz, "application/x-msdownload", "image/jpeg", "anh.jpg"))).toBe(
      "EXECUTABLE",
    );
  });
  it("refuses ELF", () => {
    const elf = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]);
    expect(codeOf(() => decideType(elf, undefined, "application/pdf", "a.pdf"))).toBe("EXECUTABLE");
  });
  it("refuses HTML declared as PDF", () => {
    const html = Buffer.from("<!DOCTYPE html><html><body>hi</body></html>");
    expect(codeOf(() => decideType(html, undefined, "application/pdf", "bao-cao.pdf"))).toBe("HTML");
  });
  it("refuses mismatching declared type and extension", () => {
    expect(codeOf(() => decideType(Buffer.from("%PDF-1.7"), "application/pdf", "image/png", "a.pdf"))).toBe(
      "TYPE_MISMATCH",
    );
    expect(
      codeOf(() => decideType(Buffer.from("%PDF-1.7"), "application/pdf", "application/pdf", "a.png")),
    ).toBe("TYPE_MISMATCH");
  });
  it("accepts a consistent PDF", () => {
    expect(decideType(Buffer.from("%PDF-1.7"), "application/pdf", "application/pdf", "Báo cáo.PDF")).toEqual({
      mime: "application/pdf",
      kind: "document",
      ext: "pdf",
    });
  });
  it("sniffs SVG text", () => {
    const svg = Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>');
    expect(decideType(svg, undefined, "image/svg+xml", "logo.svg").kind).toBe("image");
  });
  it("names an SVG with an XML declaration an SVG, though file-type says application/xml", () => {
    const svg = Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>');
    expect(decideType(svg, "application/xml", "image/svg+xml", "logo.svg").mime).toBe("image/svg+xml");
    const xml = Buffer.from('<?xml version="1.0"?>\n<note>xin chào</note>');
    expect(codeOf(() => decideType(xml, "application/xml", "application/xml", "a.xml"))).toBe(
      "UNSUPPORTED_TYPE",
    );
  });
  it.each([
    ["with a processing instruction", '<?xml version="1.0"?><?xml-stylesheet href="a.css"?><svg/>'],
    ["with a BOM", '\uFEFF<svg xmlns="http://www.w3.org/2000/svg"/>'],
    [
      "with a DOCTYPE and an internal subset",
      '<!DOCTYPE svg [<!ENTITY a "b">]>\n<svg xmlns="http://www.w3.org/2000/svg"/>',
    ],
  ])("names an SVG %s as SVG, so that checkSvg decides on it", (_what, text) => {
    expect(decideType(Buffer.from(text), undefined, "image/svg+xml", "logo.svg").mime).toBe("image/svg+xml");
  });
});

describe("PolyglotScanner", () => {
  it("finds <script in a JPEG across chunk boundaries", () => {
    const s = new PolyglotScanner("image", "image/jpeg");
    s.push(Buffer.from([0xff, 0xd8, 0xff, 0x3c, 0x73, 0x63]));
    s.push(Buffer.from("ript>alert(1)"));
    expect(codeOf(() => s.check())).toBe("POLYGLOT");
  });
  it("finds an appended ZIP", () => {
    const s = new PolyglotScanner("image", "image/gif");
    s.push(Buffer.from("GIF89a....PK\u0003\u0004rest", "latin1"));
    expect(codeOf(() => s.check())).toBe("POLYGLOT");
  });
  it("does not scan videos and passes clean images", () => {
    const v = new PolyglotScanner("video", "video/mp4");
    v.push(Buffer.from("<script>"));
    expect(codeOf(() => v.check())).toBeUndefined();
    const i = new PolyglotScanner("image", "image/png");
    i.push(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    expect(codeOf(() => i.check())).toBeUndefined();
  });
});
