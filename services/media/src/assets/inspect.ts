/**
 * Decides a file's type from its bytes (R-FMT) and refuses dangerous content.
 * Pure functions: the upload route feeds the first bytes (head) and a streaming
 * scanner sees every chunk so polyglots are caught anywhere in the file.
 */
export type MediaKind = "image" | "audio" | "video" | "document";

export interface Refusal {
  code:
    | "EXECUTABLE"
    | "TYPE_MISMATCH"
    | "HTML"
    | "SVG_SCRIPTED"
    | "SVG_INVALID"
    | "PDF_SCRIPTED"
    | "PDF_ENCRYPTED"
    | "PDF_INVALID"
    | "POLYGLOT"
    | "UNSUPPORTED_TYPE";
  vi: string;
  en: string;
}

export class RefusedFile extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.en);
  }
}

export const refuse = (code: Refusal["code"], vi: string, en: string): never => {
  throw new RefusedFile({ code, vi, en });
};

export const ALLOWED: Record<string, { kind: MediaKind; exts: string[] }> = {
  "image/jpeg": { kind: "image", exts: ["jpg", "jpeg"] },
  "image/png": { kind: "image", exts: ["png"] },
  "image/webp": { kind: "image", exts: ["webp"] },
  "image/gif": { kind: "image", exts: ["gif"] },
  "image/svg+xml": { kind: "image", exts: ["svg"] },
  "audio/mpeg": { kind: "audio", exts: ["mp3"] },
  "audio/ogg": { kind: "audio", exts: ["ogg", "oga"] },
  "audio/wav": { kind: "audio", exts: ["wav"] },
  "video/mp4": { kind: "video", exts: ["mp4", "m4v"] },
  "video/webm": { kind: "video", exts: ["webm"] },
  "application/pdf": { kind: "document", exts: ["pdf"] },
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {
    kind: "document",
    exts: ["docx"],
  },
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": { kind: "document", exts: ["xlsx"] },
  "application/vnd.oasis.opendocument.text": { kind: "document", exts: ["odt"] },
};

/** Executable signatures: MZ (PE), ELF, Mach-O (32/64, both endians, fat). */
export function isExecutable(head: Uint8Array): boolean {
  if (head.length >= 2 && head[0] === 0x4d && head[1] === 0x5a) return true;
  if (head.length >= 4 && head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46)
    return true;
  if (head.length < 4) return false;
  const magic = Buffer.from(head.subarray(0, 4)).readUInt32BE(0);
  return [0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe, 0xcafebabe].includes(magic);
}

const HTML_START = /^\s*(<!doctype\s+html|<html|<head|<body|<script|<iframe)/i;

/**
 * Text that starts like an SVG document: an optional BOM, XML declaration, processing
 * instructions, comments and a DOCTYPE (with or without an internal subset) — so that checkSvg
 * refuses what is unsafe with its reason — then `<svg`.
 * This only names the type; checkSvg (svg.ts) decides on a real XML parse whether it is safe.
 */
const SVG_START =
  /^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<\?[^>]*\?>\s*)*(?:<!--[\s\S]*?-->\s*)*(?:<!DOCTYPE\s+svg\b[^[>]*(?:\[[\s\S]*?\]\s*)?>\s*)?(?:<!--[\s\S]*?-->\s*)*<svg[\s>/]/i;

export interface Decided {
  mime: string;
  kind: MediaKind;
  ext: string;
}

/**
 * Decide the type from the sniffed mime (file-type result, or "image/svg+xml" for
 * text sniffed as SVG) and check it agrees with the declared type and the extension.
 */
export function decideType(
  head: Uint8Array,
  sniffedMime: string | undefined,
  declaredMime: string,
  filename: string,
): Decided {
  if (isExecutable(head))
    refuse(
      "EXECUTABLE",
      "Tệp chương trình thực thi không được phép tải lên.",
      "Executable files are not allowed.",
    );
  const text = Buffer.from(head.subarray(0, 4096)).toString("latin1");
  let mime = sniffedMime;
  // file-type names any text with an XML declaration `application/xml`; an SVG is one of those
  if (!mime || mime === "application/xml") {
    if (HTML_START.test(text))
      refuse("HTML", "Tệp HTML không được phép tải lên.", "HTML files are not allowed.");
    if (SVG_START.test(text)) mime = "image/svg+xml";
  }
  const allowed = mime ? ALLOWED[mime] : undefined;
  if (!mime || !allowed)
    return refuse(
      "UNSUPPORTED_TYPE",
      "Loại tệp không được hỗ trợ.",
      `Unsupported file type${mime ? ` (${mime})` : ""}.`,
    );
  const declared = declaredMime.split(";")[0]?.trim().toLowerCase();
  const ext = (filename.split(".").pop() ?? "").toLowerCase();
  if (declared !== mime && !(declared === "audio/wave" && mime === "audio/wav"))
    refuse(
      "TYPE_MISMATCH",
      `Nội dung tệp (${mime}) không khớp với loại khai báo (${declared}).`,
      `File content (${mime}) does not match declared type (${declared}).`,
    );
  if (!allowed.exts.includes(ext))
    refuse(
      "TYPE_MISMATCH",
      `Phần mở rộng .${ext} không khớp với nội dung tệp (${mime}).`,
      `Extension .${ext} does not match file content (${mime}).`,
    );
  return { mime, kind: allowed.kind, ext };
}

/**
 * Streaming polyglot scanner for images and PDFs: looks for HTML/script markers and
 * an appended ZIP (local file header) anywhere, across chunk boundaries.
 */
export class PolyglotScanner {
  private tail = "";
  private found: string | null = null;
  constructor(
    private readonly kind: MediaKind,
    private readonly mime: string,
  ) {}

  get active(): boolean {
    return this.kind === "image" || this.mime === "application/pdf";
  }

  push(chunk: Buffer): void {
    if (!this.active || this.found) return;
    const s = this.tail + chunk.toString("latin1");
    if (/<script|<html|<iframe|<body/i.test(s) && this.mime !== "image/svg+xml") this.found = "HTML/script";
    else if (s.includes("PK\u0003\u0004")) this.found = "ZIP archive";
    this.tail = s.slice(-16);
  }

  /** Throws RefusedFile if a polyglot marker was seen. */
  check(): void {
    if (this.found)
      refuse(
        "POLYGLOT",
        `Tệp chứa nội dung ẩn (${this.found}) nên bị từ chối.`,
        `File also contains hidden content (${this.found}).`,
      );
  }
}
