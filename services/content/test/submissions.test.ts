// R-SUBMIT: a focal officer uploads a .docx or .pdf and gets a draft with the converted, sanitised
// text; the original is kept; disguised and oversized files are refused.
import { minimalPdf } from "@cong/testing";
import { type Running, start, testConfig, token } from "./helpers";

let svc: Running;
const cfg = testConfig("content-submit", { UPLOAD_LIMIT_BYTES: String(2 * 1024 * 1024) });
beforeAll(async () => {
  svc = await start(cfg);
  const { client, createPortals } = require("./helpers") as typeof import("./helpers");
  await createPortals(
    client(() => svc.base),
    ["stttt"],
  );
});
afterAll(async () => {
  await svc?.stop();
});

async function upload(
  file: Buffer,
  filename: string,
  user = "stttt.focal-officer",
  fields: Record<string, string> = {},
) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append("file", new Blob([new Uint8Array(file)]), filename);
  const res = await fetch(`${svc.base}/uploads/portals/stttt/submissions`, {
    method: "POST",
    headers: { authorization: `Bearer ${await token(user)}` },
    body: form,
  });
  return { status: res.status, body: (await res.json()) as any };
}

it("turns a PDF into a draft and keeps the original", async () => {
  const pdf = minimalPdf("Bao cao tong ket cong tac chuyen doi so nam 2026");
  const res = await upload(pdf, "bao-cao.pdf", "stttt.focal-officer", {
    title: "Báo cáo tổng kết chuyển đổi số",
  });
  expect(res.status).toBe(201);
  expect(res.body.state).toBe("draft");
  expect(res.body.sourceType).toBe("pdf");
  expect(res.body.working.locales.vi.title).toBe("Báo cáo tổng kết chuyển đổi số");
  expect(res.body.working.locales.vi.bodyHtml).toContain("Bao cao tong ket cong tac chuyen doi so nam 2026");
  const fileId = res.body.working.sourceFile.fileId;
  const original = await fetch(`${svc.base}/uploads/portals/stttt/submissions/${fileId}`, {
    headers: { authorization: `Bearer ${await token("stttt.board-member")}` },
  });
  expect(original.status).toBe(200);
  expect(original.headers.get("content-type")).toBe("application/pdf");
  expect(Buffer.from(await original.arrayBuffer()).equals(pdf)).toBe(true);
});

/** A minimal .docx built with mammoth's own zip library (tests only). */
async function tinyDocx(paragraphs: string[]): Promise<Buffer> {
  const JSZip = require(require.resolve("jszip", { paths: [require.resolve("mammoth")] }));
  const zip = new JSZip();
  zip.file(
    "[Content_Types].xml",
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  zip.file(
    "_rels/.rels",
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  const body = paragraphs.map((p) => `<w:p><w:r><w:t xml:space="preserve">${p}</w:t></w:r></w:p>`).join("");
  zip.file(
    "word/document.xml",
    `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
  );
  return zip.generateAsync({ type: "nodebuffer" });
}

it("turns a .docx into a draft with sanitised HTML; the title comes from the first line", async () => {
  const docx = await tinyDocx([
    "Kế hoạch tuyên truyền chuyển đổi số năm 2027",
    "Sở Thông tin và Truyền thông xây dựng kế hoạch như sau: &lt;script&gt;alert(1)&lt;/script&gt;",
  ]);
  const res = await upload(docx, "ke-hoach.docx");
  expect(res.status).toBe(201);
  expect(res.body.sourceType).toBe("docx");
  expect(res.body.working.locales.vi.title).toBe("Kế hoạch tuyên truyền chuyển đổi số năm 2027");
  const html = res.body.working.locales.vi.bodyHtml as string;
  expect(html).toContain("<p>Sở Thông tin và Truyền thông xây dựng kế hoạch như sau:");
  expect(html).not.toContain("<script>");
  expect(res.body.working.sourceFile.contentType).toBe(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  );
});

it("refuses a file whose bytes are not .docx or PDF, whatever its name", async () => {
  const res = await upload(Buffer.from("<html><script>alert(1)</script></html>"), "van-ban.docx");
  expect(res.status).toBe(415);
  expect(res.body.reason).toBe("file_type");
  const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64)]);
  expect((await upload(zip, "bang-tinh.docx")).status).toBe(415);
});

it("refuses a file over the limit with 413", async () => {
  const big = Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(3 * 1024 * 1024, 0x20)]);
  const res = await upload(big, "lon.pdf");
  expect(res.status).toBe(413);
});

it("refuses a contributor (focal officers and the board submit files) and other portals", async () => {
  expect((await upload(minimalPdf("x"), "a.pdf", "stttt.contributor")).status).toBe(403);
  expect((await upload(minimalPdf("x"), "a.pdf", "tanyen.focal-officer")).status).toBe(403);
});
