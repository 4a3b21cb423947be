import { execFile } from "node:child_process";
import { promisify } from "node:util";
import ExcelJS from "exceljs";
import mammoth from "mammoth";
import { PDFParse } from "pdf-parse";

const run = promisify(execFile);
const MAX_CHARS = 200_000;

/** Extracted plain text of a document for search (NFC, whitespace-collapsed, capped). */
export async function extractText(mime: string, data: Buffer): Promise<string> {
  let text = "";
  if (mime === "application/pdf") {
    const parser = new PDFParse({ data });
    try {
      text = (await parser.getText()).text;
    } finally {
      await parser.destroy();
    }
  } else if (mime === "application/vnd.openxmlformats-officedocument.wordprocessingml.document") {
    text = (await mammoth.extractRawText({ buffer: data })).value;
  } else if (mime === "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(data as unknown as ArrayBuffer);
    const parts: string[] = [];
    wb.eachSheet((ws) => {
      ws.eachRow((row) => {
        row.eachCell((cell) => {
          parts.push(cell.text);
        });
      });
    });
    text = parts.join(" ");
  }
  return text.normalize("NFC").replace(/\s+/g, " ").trim().slice(0, MAX_CHARS);
}

/** ODT: text of content.xml (zip member) via `unzip -p` on a temp file path. */
export async function extractOdtText(path: string): Promise<string> {
  const { stdout } = await run("unzip", ["-p", path, "content.xml"], { maxBuffer: 64 * 1024 * 1024 });
  return stdout
    .replace(/<text:(p|h|line-break|tab)[^>]*\/?>/g, " ")
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&")
    .normalize("NFC")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, MAX_CHARS);
}
