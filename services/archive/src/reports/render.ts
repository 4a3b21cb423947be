// The report in four formats (R-REPORT): HTML (inline SVG bar charts, no script), PDF (pdfkit with
// DejaVu Sans so Vietnamese renders; bars drawn as rectangles), XLSX (exceljs) and CSV. Every text
// a reader sees names things (the portal, its agency, the categories, the period), never an id: an
// id is shown only when its name is not known, marked "(chưa rõ tên)" (names.ts).
import fs from "node:fs";
import { escapeHtml } from "@cong/text";
import ExcelJS from "exceljs";
import PDFDocument from "pdfkit";
import SVGtoPDF from "svg-to-pdfkit";
import { reportCharts } from "./charts";
import type { ReportData } from "./data";

export const NO_DATA = "không có dữ liệu";
const FONT_DIR = process.env.REPORT_FONT_DIR ?? "/usr/share/fonts/truetype/dejavu";

const num = (n: number | null, suffix = "") =>
  n === null ? NO_DATA : `${n.toLocaleString("vi-VN")}${suffix}`;
/** dd/MM/yyyy and dd/MM/yyyy HH:mm in Vietnam time (UTC+7, no daylight saving). */
const vn = (d: Date) => new Date(d.getTime() + 7 * 3600_000).toISOString();
const day = (d: Date) => {
  const s = vn(d);
  return `${s.slice(8, 10)}/${s.slice(5, 7)}/${s.slice(0, 4)}`;
};
const moment = (d: Date) => `${day(d)} ${vn(d).slice(11, 16)}`;

/** "6 tháng đầu năm 2026", "6 tháng cuối năm 2026", "năm 2026" for 2026-H1, 2026-H2, 2026. */
export function periodName(label: string): string {
  const m = /^(\d{4})(?:-H([12]))?$/.exec(label);
  if (!m) return label;
  return m[2] ? `6 tháng ${m[2] === "1" ? "đầu" : "cuối"} năm ${m[1]}` : `năm ${m[1]}`;
}

const title = (r: ReportData) =>
  r.scope === "province"
    ? `Báo cáo định kỳ ${periodName(r.period.label)} — tổng hợp toàn tỉnh`
    : `Báo cáo định kỳ ${periodName(r.period.label)} — ${r.portal.name}`;

/** "1 giờ 5 phút", "3 phút 20 giây", "0 giây". */
export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  const parts: string[] = [];
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (d) parts.push(`${d} ngày`);
  if (h) parts.push(`${h} giờ`);
  if (m) parts.push(`${m} phút`);
  if (sec && !d && !h) parts.push(`${sec} giây`);
  return parts.length ? parts.join(" ") : "0 giây";
}

/**
 * The probe's figures: platform-wide (section "Vận hành"), and a portal's own home page when it was
 * sampled in the period ("Vận hành — trang chủ của cổng"; no rows without samples).
 */
function availabilityRows(r: ReportData): [string, string, string | number][] {
  const a = r.availability;
  const rows: [string, string, string | number][] = a
    ? probeRows("Vận hành", a)
    : [
        ["Vận hành", "Tỷ lệ sẵn sàng", NO_DATA],
        ["Vận hành", "Số lần đo", 0],
      ];
  if (r.portalAvailability) rows.push(...probeRows("Vận hành — trang chủ của cổng", r.portalAvailability));
  return rows;
}

function probeRows(
  section: string,
  a: NonNullable<ReportData["availability"]>,
): [string, string, string | number][] {
  const o = a.longestOutage;
  return [
    [section, "Tỷ lệ sẵn sàng", `${a.percent.toLocaleString("vi-VN", { maximumFractionDigits: 2 })}%`],
    [section, "Số lần đo", a.samples],
    [section, "Số lần đo không đạt", a.samples - a.okSamples],
    [
      section,
      "Gián đoạn dài nhất",
      o
        ? `${duration(o.ms)} (${o.failedSamples} lần đo, từ ${moment(o.from)}${o.ongoing ? ", chưa khôi phục" : ` đến ${moment(o.to)}`})`
        : "không có gián đoạn",
    ],
  ];
}

const KIND = { availability: "gián đoạn dịch vụ", security: "an toàn thông tin" } as const;

/** R-OPS-247, R-SEC: the register's incidents overlapping the period (none when it is not a source). */
function incidentRows(r: ReportData): [string, string, string | number][] {
  const i = r.incidents;
  if (!i) return [];
  return [
    ["Sự cố", "Số sự cố", i.total],
    ["Sự cố", "Sự cố gián đoạn dịch vụ", i.byKind.availability],
    ["Sự cố", "Sự cố an toàn thông tin", i.byKind.security],
    ["Sự cố", "Tổng thời gian gián đoạn (sự cố đã đóng)", duration(i.downtimeMinutes * 60_000)],
    ...i.items.map((x): [string, string, string] => [
      "Danh sách sự cố",
      x.title,
      `${KIND[x.kind]}, từ ${moment(x.startedAt)}${x.closedAt ? ` đến ${moment(x.closedAt)}` : ", chưa đóng"}`,
    ]),
  ];
}

/** The rows every format shows, in order: [section, label, value]. */
export function reportRows(r: ReportData): [string, string, string | number][] {
  return [
    [
      "Tổng quan",
      "Cổng thông tin",
      r.scope === "province" ? "Toàn tỉnh (mọi cổng thông tin)" : r.portal.name,
    ],
    ...(r.scope === "province"
      ? []
      : [["Tổng quan", "Cơ quan chủ quản", r.portal.agency ?? NO_DATA] as [string, string, string]]),
    ...(r.portals ?? []).flatMap((p): [string, string, number][] => [
      ["Theo cổng thông tin", `${p.name} — tin bài`, p.published],
      ["Theo cổng thông tin", `${p.name} — phản ánh đã tiếp nhận`, p.feedbackReceived],
      ["Theo cổng thông tin", `${p.name} — phản ánh đã trả lời`, p.feedbackAnswered],
      ["Theo cổng thông tin", `${p.name} — phản ánh quá hạn`, p.feedbackOverdue],
    ]),
    [
      "Tổng quan",
      "Kỳ báo cáo",
      `${periodName(r.period.label)} (${day(r.period.from)} – ${day(new Date(r.period.to.getTime() - 1))})`,
    ],
    ["Tin bài", "Tổng số tin bài đăng", r.published.total],
    ...r.published.byCategory.map((c): [string, string, number] => [
      "Tin bài theo chuyên mục",
      c.label,
      c.count,
    ]),
    ...r.published.byAgency.map((c): [string, string, number] => ["Tin bài theo cơ quan", c.label, c.count]),
    ["Phản ánh, kiến nghị", "Đã tiếp nhận", r.feedback.received],
    ["Phản ánh, kiến nghị", "Đã trả lời", r.feedback.answered],
    ["Phản ánh, kiến nghị", "Quá hạn", r.feedback.overdue],
    ["Phản ánh, kiến nghị", "Số ngày làm việc trả lời trung bình", r.feedback.averageWorkingDays ?? NO_DATA],
    ["Truy cập", "Lượt xem trang", r.pageViews ?? NO_DATA],
    ...availabilityRows(r),
    ...incidentRows(r),
  ];
}

/** A chart of charts.ts (ECharts' SVG) with its figures as a table under it. */
function figure(c: ReturnType<typeof reportCharts>[number]): string {
  const rows = c.rows
    .map((x) => `<tr><td>${escapeHtml(x.label)}</td><td>${escapeHtml(num(x.value))}</td></tr>`)
    .join("");
  return `<figure><figcaption>${escapeHtml(c.title)}</figcaption>${c.svg}<table><thead><tr><th>${escapeHtml(c.columns[0])}</th><th>${escapeHtml(c.columns[1])}</th></tr></thead><tbody>${rows}</tbody></table></figure>`;
}

export function renderHtml(r: ReportData): string {
  const rows = reportRows(r)
    .map(
      ([s, l, v]) =>
        `<tr><td>${escapeHtml(s)}</td><td>${escapeHtml(l)}</td><td>${escapeHtml(String(v))}</td></tr>`,
    )
    .join("");
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>${escapeHtml(title(r))}</title>
<style>body{font-family:"DejaVu Sans",Arial,sans-serif;margin:2rem}table{border-collapse:collapse}td,th{border:1px solid #999;padding:.3rem .6rem}</style></head>
<body><h1>${escapeHtml(title(r))}</h1>
<p>Lập lúc ${escapeHtml(moment(r.generatedAt))} (giờ Việt Nam)</p>
${reportCharts(r).map(figure).join("\n")}
<table><thead><tr><th>Mục</th><th>Chỉ tiêu</th><th>Giá trị</th></tr></thead><tbody>${rows}</tbody></table>
</body></html>
`;
}

export function renderPdf(r: ReportData): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: "A4",
      margin: 50,
      info: { Title: title(r) },
    });
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    doc.registerFont("body", fs.readFileSync(`${FONT_DIR}/DejaVuSans.ttf`));
    doc.registerFont("bold", fs.readFileSync(`${FONT_DIR}/DejaVuSans-Bold.ttf`));
    doc.font("bold").fontSize(15).text(title(r));
    doc
      .moveDown(0.5)
      .font("body")
      .fontSize(9)
      .text(`Lập lúc ${moment(r.generatedAt)} (giờ Việt Nam)`);
    // the charts of the report screen (ECharts' SVG, charts.ts), drawn as vectors, each with its table
    const pageWidth = doc.page.width - 100;
    for (const c of reportCharts(r)) {
      const h = Number(/height="(\d+)"/.exec(c.svg)?.[1] ?? 200);
      const scale = pageWidth / 640;
      const need = 40 + h * scale + c.rows.length * 13;
      if (doc.y + need > doc.page.height - 50) doc.addPage();
      doc.moveDown().font("bold").fontSize(12).text(c.title, 50);
      const top = doc.y + 4;
      SVGtoPDF(doc as never, c.svg, 50, top, {
        width: pageWidth,
        height: h * scale,
        fontCallback: (_family, bold) => (bold ? "bold" : "body"),
      });
      doc.x = 50;
      doc.y = top + h * scale + 4;
      doc.font("body").fontSize(9);
      for (const row of c.rows) doc.text(`${row.label}: ${num(row.value)}`, 60);
    }
    doc.moveDown().font("bold").fontSize(12).text("Số liệu", 50);
    doc.font("body").fontSize(10);
    for (const [s, l, v] of reportRows(r)) {
      if (doc.y > 770) doc.addPage();
      doc.text(`${s} — ${l}: ${typeof v === "number" ? num(v) : v}`, 50);
    }
    doc.end();
  });
}

export async function renderXlsx(r: ReportData): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "Cổng — archive";
  const ws = wb.addWorksheet("Báo cáo");
  ws.columns = [
    { header: "Mục", key: "s", width: 28 },
    { header: "Chỉ tiêu", key: "l", width: 44 },
    { header: "Giá trị", key: "v", width: 22 },
  ];
  for (const [s, l, v] of reportRows(r)) ws.addRow({ s, l, v });
  ws.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function renderCsv(r: ReportData): string {
  const cell = (v: string | number) => {
    let s = String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`; // no formula injection when opened in a spreadsheet
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [["Mục", "Chỉ tiêu", "Giá trị"], ...reportRows(r)].map((row) => row.map(cell).join(","));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

/** The formats a report is rendered in, and the Content-Type each is served and stored with. */
export const REPORT_TYPES = {
  html: "text/html; charset=utf-8",
  pdf: "application/pdf",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  csv: "text/csv; charset=utf-8",
} as const;
export type ReportFormat = keyof typeof REPORT_TYPES;

/** One report in one format: what the route answers and what the report job stores. */
export async function renderReport(r: ReportData, format: ReportFormat): Promise<Buffer> {
  if (format === "html") return Buffer.from(renderHtml(r));
  if (format === "pdf") return renderPdf(r);
  if (format === "xlsx") return renderXlsx(r);
  return Buffer.from(renderCsv(r));
}
