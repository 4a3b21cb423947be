// The PDF check (issue 15 class 6): every hostile PDF built in test/hostile-samples.ts is refused
// with its reason — several with the active part inside a compressed object stream — and clean
// PDFs, encrypted-without-a-password ones included, pass.
import { minimalPdf } from "@cong/testing";
import { cleanPdfs, hostilePdfs } from "../../test/hostile-samples";
import { RefusedFile } from "./inspect";
import { checkPdf, trailingContent } from "./pdf";

const reason = async (data: Buffer) => {
  try {
    await checkPdf(data);
  } catch (e) {
    if (e instanceof RefusedFile) return e.refusal.code.toLowerCase();
    throw e;
  }
  return undefined;
};

describe("checkPdf", () => {
  it("refuses every hostile PDF with its reason", async () => {
    const cases = await hostilePdfs();
    const got = [];
    for (const [what, data] of cases) got.push([what, await reason(data)]);
    expect(got).toEqual(cases.map(([what, , r]) => [what, r]));
  });

  it("keeps clean PDFs", async () => {
    const cases = [
      ...(await cleanPdfs()),
      ["hand-written, one page of text", minimalPdf("Xin chao")] as const,
    ];
    const got = [];
    for (const [what, data] of cases) got.push([what, await reason(data)]);
    expect(got).toEqual(cases.map(([what]) => [what, undefined]));
  });

  it("allows only whitespace after the last %%EOF", () => {
    expect(trailingContent(Buffer.from("%PDF-1.7\n%%EOF\r\n\t\f\0 "))).toBe(-1);
    expect(trailingContent(Buffer.from("%PDF-1.7\n%%EOF\n<"))).toBe(15);
    expect(trailingContent(Buffer.from("%PDF-1.7\n"))).toBe(-2);
  });
});
