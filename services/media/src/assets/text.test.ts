import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { minimalPdf } from "@cong/testing";
import ExcelJS from "exceljs";
import { extractText } from "./text";

describe("extractText", () => {
  it("extracts cell text of an XLSX (NFC)", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Dữ liệu").addRow(["Chuyển đổi số", 2026]);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    expect(await extractText("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buf)).toBe(
      "Chuyển đổi số 2026",
    );
  });
  it("extracts text of a minimal PDF (in a child process: pdfjs needs real dynamic import)", () => {
    const pdf = minimalPdf("Hello Bac Giang");
    const script = join(__dirname, "../../test/fixtures/pdf-text.ts");
    const out = execFileSync(process.execPath, ["--import", "tsx", script, pdf.toString("base64")], {
      cwd: join(__dirname, "../.."),
      encoding: "utf8",
    });
    expect(out).toContain("Hello Bac Giang");
  });
});
