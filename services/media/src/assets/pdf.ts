// Refuses PDFs that carry active content or hidden markup (R-FMT, issue 15 class 6), on a real
// parse of every object in the file (@cantoo/pdf-lib's parser: objects of every revision, also
// those packed in compressed object streams, decrypted when the file opens without a password):
//   - a name anywhere in any object (a key or a value) from ACTIVE: JavaScript (`/JavaScript`,
//     `/JS`, so also an `/OpenAction` or link that runs it), additional actions (`/AA`), `/Launch`,
//     `/SubmitForm`, `/ImportData`, `/GoToE`, embedded files (`/EmbeddedFile(s)`, `/EF`,
//     `/FileAttachment`), `/RichMedia…`, XFA forms (`/XFA`). An `/OpenAction` that only opens a
//     page is fine;
//   - after the last `%%EOF` only whitespace (NUL, TAB, LF, FF, CR, space) may follow: anything
//     else is content no PDF reader shows — the shape of an HTML/SVG/script polyglot;
//   - markup (`<` and a letter, `!`, `?` or `/`) in bytes between objects that the parser skips
//     as junk is the same kind of hidden content;
//   - a file the parser cannot read, or that needs a password to open, cannot be checked and is
//     refused (the public could not open the latter either).
// (The upload's streaming scanner, inspect.ts, also refuses `<script`, `<html`, … and an
// embedded ZIP anywhere in a PDF.)
import {
  PDFArray,
  type PDFContext,
  PDFDict,
  PDFDocument,
  PDFInvalidObject,
  PDFName,
  type PDFObject,
  PDFParser,
  PDFRawStream,
  type PDFRef,
} from "@cantoo/pdf-lib";
import { refuse } from "./inspect";

/** Names that make a PDF act: run script, start programs, submit data, carry other files. */
export const ACTIVE = new Set([
  "JavaScript",
  "JS",
  "AA",
  "Launch",
  "SubmitForm",
  "ImportData",
  "GoToE",
  "EmbeddedFile",
  "EmbeddedFiles",
  "EF",
  "FileAttachment",
  "RichMedia",
  "RichMediaContent",
  "RichMediaSettings",
  "RichMediaExecute",
  "XFA",
]);

const OBJECTS_PER_TICK = 500;
const WHITESPACE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const EOF_MARK = Buffer.from("%%EOF", "latin1");

/** Bytes after the last `%%EOF` that are not whitespace, or -1 when there are none. */
export function trailingContent(data: Buffer): number {
  const at = data.lastIndexOf(EOF_MARK);
  if (at < 0) return -2;
  for (let i = at + EOF_MARK.length; i < data.length; i++) if (!WHITESPACE.has(data[i] as number)) return i;
  return -1;
}

/** Names in the raw bytes of an object the parser could not read (`/J#61vaScript` decoded). */
function rawNames(bytes: Uint8Array): string[] {
  const text = Buffer.from(bytes).toString("latin1");
  return [...text.matchAll(/\/([^\s/<>[\](){}%]+)/g)].map((m) =>
    (m[1] as string).replace(/#([0-9a-fA-F]{2})/g, (_x, h) => String.fromCharCode(Number.parseInt(h, 16))),
  );
}

/** The first active name in an object (its dictionaries, arrays and stream dictionary), if any. */
function activeName(o: PDFObject | undefined, depth = 0): string | undefined {
  if (!o || depth > 64) return undefined;
  if (o instanceof PDFName) {
    const n = o.decodeText();
    return ACTIVE.has(n) ? n : undefined;
  }
  if (o instanceof PDFDict) {
    for (const [k, v] of o.entries()) {
      const found = activeName(k, depth + 1) ?? activeName(v, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (o instanceof PDFArray) {
    for (const v of o.asArray()) {
      const found = activeName(v, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (o instanceof PDFRawStream) return activeName(o.dict, depth + 1);
  if (o instanceof PDFInvalidObject) {
    const bytes = new Uint8Array(o.sizeInBytes());
    o.copyBytesInto(bytes, 0);
    return rawNames(bytes).find((n) => ACTIVE.has(n));
  }
  return undefined;
}

const invalid = (why: string): never =>
  refuse(
    "PDF_INVALID",
    `Không đọc được cấu trúc tệp PDF để kiểm tra (${why}); hãy xuất lại tệp bằng «Lưu dạng PDF».`,
    `The PDF's structure cannot be read to check it (${why}); export it again as PDF.`,
  );

/** Parses every object of the file; `seen` gets each one as parsed (every revision's). */
async function parseAll(data: Uint8Array, seen: (o: PDFObject) => void): Promise<PDFContext> {
  // the parser yields to the event loop every OBJECTS_PER_TICK objects, so a PDF of millions of
  // small objects does not stall the other requests while it is checked
  const parser = PDFParser.forBytesWithOptions(data, OBJECTS_PER_TICK, false, false, false);
  const ctx = (parser as unknown as { context: PDFContext }).context;
  const assign = ctx.assign.bind(ctx);
  ctx.assign = (ref: PDFRef, o: PDFObject) => {
    seen(o);
    assign(ref, o);
  };
  // bytes the parser skips between objects as junk must not hide markup
  const p = parser as unknown as {
    skipJibberish(): void;
    bytes: { offset(): number };
  };
  const skip = p.skipJibberish.bind(parser);
  p.skipJibberish = () => {
    const from = p.bytes.offset();
    skip();
    const junk = Buffer.from(data.subarray(from, p.bytes.offset())).toString("latin1");
    if (/<[a-zA-Z!?/]/.test(junk))
      refuse(
        "POLYGLOT",
        "Tệp PDF chứa nội dung ẩn (mã HTML/SVG giữa các đối tượng) nên bị từ chối.",
        "The PDF hides markup between its objects.",
      );
  };
  return parser.parseDocument();
}

/** Refuses (RefusedFile) a PDF with active content, hidden content, or that cannot be checked. */
export async function checkPdf(data: Buffer): Promise<void> {
  const tail = trailingContent(data);
  if (tail === -2) invalid("thiếu %%EOF / no %%EOF");
  if (tail >= 0)
    refuse(
      "POLYGLOT",
      `Tệp PDF có nội dung sau dấu kết thúc %%EOF (byte ${tail}) nên bị từ chối.`,
      `The PDF has content after its last %%EOF (at byte ${tail}).`,
    );
  let found: string | undefined;
  const seen = (o: PDFObject) => {
    found ??= activeName(o);
  };
  let ctx: PDFContext;
  try {
    ctx = await parseAll(data, seen);
    if (ctx.lookup(ctx.trailerInfo.Encrypt) instanceof PDFDict) {
      // names are never encrypted, strings and streams are — object streams too: read the file
      // again decrypted with the empty user password, which opens every PDF a reader opens
      // without asking for one
      const doc = await PDFDocument.load(data, {
        password: "",
        updateMetadata: false,
        parseSpeed: OBJECTS_PER_TICK,
      }).catch((e: unknown) => {
        if (!/password/i.test(String((e as Error)?.message))) throw e;
        return refuse(
          "PDF_ENCRYPTED",
          "Tệp PDF được đặt mật khẩu nên không kiểm tra được; hãy gỡ mật khẩu rồi tải lên lại.",
          "The PDF needs a password to open, so it cannot be checked; remove the password.",
        );
      });
      for (const [, o] of doc.context.enumerateIndirectObjects()) seen(o);
    }
  } catch (e) {
    if ((e as { refusal?: unknown }).refusal) throw e;
    return invalid(e instanceof Error ? e.message.split("\n")[0]?.slice(0, 120) || "lỗi" : "lỗi");
  }
  if (!ctx.lookup(ctx.trailerInfo.Root)) invalid("không có mục lục / no catalog");
  if (found)
    refuse(
      "PDF_SCRIPTED",
      `Tệp PDF chứa mã lệnh, hành động tự chạy hoặc tệp đính kèm (/${found}) nên bị từ chối.`,
      `The PDF carries script, automatic actions or embedded files (/${found}).`,
    );
}
