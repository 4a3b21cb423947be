// R-SUBMIT (Điều 14): a focal officer sends a .docx or .pdf; it becomes a draft with the converted
// text. The type is decided by the file's bytes, never by its name or the declared type: a .docx
// is a ZIP holding word/document.xml, a PDF starts with %PDF-. The original is kept in the
// database next to the draft, split into 8 MB chunk documents keyed by `<fileId>:<n>` (so files up
// to the 50 MB limit fit under MongoDB's 16 MB document limit and every read is by `_id`).
import { createHash, randomUUID } from "node:crypto";
import { Worker } from "node:worker_threads";
import { fail } from "@cong/kit";
import { escapeHtml, sanitizeRichText } from "@cong/text";
import mammoth from "mammoth";
import type { Binary, Collection } from "mongodb";

export const CHUNK_BYTES = 8 * 1024 * 1024;

export type SniffedType = "docx" | "pdf";

export interface StoredFileDoc {
  _id: string;
  portalId: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  chunks: number;
  uploadedBy: string;
  uploadedAt: Date;
}
export interface FileChunkDoc {
  _id: string;
  data: Buffer | Binary;
}

/** Decides the type from the bytes; null when it is neither a real .docx nor a PDF. */
export function sniff(buf: Buffer): SniffedType | null {
  if (buf.subarray(0, 5).toString("latin1") === "%PDF-") return "pdf";
  if (buf.length > 30 && buf.readUInt32LE(0) === 0x04034b50) {
    // a ZIP: the central directory must name word/document.xml (an .xlsx or a plain zip does not)
    if (buf.includes(Buffer.from("word/document.xml", "latin1"))) return "docx";
  }
  return null;
}

export const CONTENT_TYPES: Record<SniffedType, string> = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  pdf: "application/pdf",
};

/** Converts to sanitised HTML. */
export async function convert(type: SniffedType, buf: Buffer): Promise<{ html: string; firstLine: string }> {
  let html: string;
  if (type === "docx") {
    const result = await mammoth.convertToHtml({ buffer: buf });
    html = result.value;
  } else {
    {
      const text = await pdfText(buf);
      html = text
        .split(/\n{2,}/)
        .map((p) => p.replace(/\s*\n\s*/g, " ").trim())
        .filter((p) => p && !/^-- \d+ of \d+ --$/.test(p))
        .map((p) => `<p>${escapeHtml(p)}</p>`)
        .join("\n");
    }
  }
  const clean = sanitizeRichText(html);
  const firstLine =
    clean
      .replace(/<[^>]+>/g, "\n")
      .split("\n")
      .map((s) => s.trim())
      .find((s) => s.length > 3) ?? "";
  return { html: clean, firstLine: firstLine.slice(0, 300) };
}

// pdf-parse (pdf.js) runs in a worker thread with a memory cap and a time limit, so a hostile PDF
// can neither block the event loop nor exhaust the service's memory.
const PDF_WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const { PDFParse } = require(workerData.modulePath);
(async () => {
  const parser = new PDFParse({ data: workerData.data });
  try {
    const r = await parser.getText();
    parentPort.postMessage({ text: r.text });
  } catch (e) {
    parentPort.postMessage({ error: String((e && e.message) || e) });
  } finally {
    await parser.destroy().catch(() => undefined);
  }
})();
`;

export function pdfText(buf: Buffer, timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(PDF_WORKER, {
      eval: true,
      workerData: { modulePath: require.resolve("pdf-parse"), data: new Uint8Array(buf) },
      resourceLimits: { maxOldGenerationSizeMb: 512 },
    });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error("PDF text extraction timed out"));
    }, timeoutMs);
    worker.once("message", (m: { text?: string; error?: string }) => {
      clearTimeout(timer);
      void worker.terminate();
      if (m.error !== undefined) reject(new Error(m.error));
      else resolve(m.text ?? "");
    });
    worker.once("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

export class SubmissionFiles {
  constructor(
    private readonly files: Collection<StoredFileDoc>,
    private readonly chunks: Collection<FileChunkDoc>,
  ) {}

  async store(
    portalId: string,
    filename: string,
    type: SniffedType,
    buf: Buffer,
    uploadedBy: string,
  ): Promise<StoredFileDoc> {
    const fileId = randomUUID();
    const n = Math.max(1, Math.ceil(buf.length / CHUNK_BYTES));
    for (let i = 0; i < n; i++) {
      await this.chunks.insertOne({
        _id: `${fileId}:${i}`,
        data: buf.subarray(i * CHUNK_BYTES, (i + 1) * CHUNK_BYTES),
      });
    }
    const doc: StoredFileDoc = {
      _id: fileId,
      portalId,
      filename: safeFilename(filename, type),
      contentType: CONTENT_TYPES[type],
      size: buf.length,
      sha256: createHash("sha256").update(buf).digest("hex"),
      chunks: n,
      uploadedBy,
      uploadedAt: new Date(),
    };
    // the descriptor last: a file without it was never completely stored
    await this.files.insertOne(doc);
    return doc;
  }

  async read(portalId: string, fileId: string): Promise<{ meta: StoredFileDoc; data: Buffer }> {
    const meta = /^[0-9a-f-]{36}$/.test(fileId) ? await this.files.findOne({ _id: fileId }) : null;
    if (!meta || meta.portalId !== portalId) throw fail.notFound("Không tìm thấy tệp. / No such file.");
    const parts: Buffer[] = [];
    for (let i = 0; i < meta.chunks; i++) {
      const c = await this.chunks.findOne({ _id: `${fileId}:${i}` });
      if (!c) throw new Error(`file ${fileId} misses chunk ${i}`);
      parts.push(Buffer.isBuffer(c.data) ? c.data : Buffer.from((c.data as Binary).buffer));
    }
    return { meta, data: Buffer.concat(parts) };
  }
}

function safeFilename(name: string, type: SniffedType): string {
  const base = name
    .normalize("NFC")
    .replace(/[\\/"<>|:*?]/g, "_")
    .replace(/\p{Cc}/gu, "_")
    .slice(0, 180);
  return base.toLowerCase().endsWith(`.${type}`) ? base : `${base || "tep"}.${type}`;
}
