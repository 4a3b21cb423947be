import { execFileSync } from "node:child_process";
import { join } from "node:path";
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

function minimalPdf(line: string): Buffer {
  const objs = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 100] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${`BT /F1 12 Tf 10 50 Td (${line}) Tj ET`.length} >>\nstream\nBT /F1 12 Tf 10 50 Td (${line}) Tj ET\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}
