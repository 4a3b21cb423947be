// R-REPORT: the report's charts, drawn by Apache ECharts' server-side SVG renderer (ADR 0008), each
// with the text table beside it that a screen reader reads (the SVG is role="img" with a label).
// One set of charts for every use: GET /reports/:period/charts answers them as JSON for the admin's
// report screen, and the PDF draws the same SVG (svg-to-pdfkit).
import { escapeHtml } from "@cong/text";
import * as echarts from "echarts";
import type { CountRow, ReportData } from "./data";

export interface ReportChart {
  /** stable id, e.g. `publications-by-category` */
  id: string;
  /** Vietnamese title */
  title: string;
  /** a standalone SVG document (no script), role="img" with the title as its label */
  svg: string;
  /** the figures the chart shows, for the text table beside it */
  columns: [string, string];
  rows: { label: string; value: number }[];
}

const WIDTH = 640;
const BLUE = "#1f6fb2";
const FONT = "DejaVu Sans, Arial, sans-serif";

/** A horizontal bar chart of rows, largest first, as ECharts draws it (no animation: SSR). */
/** Width of the axis labels: a name longer than this wraps onto more lines, never cut off. */
const LABEL_WIDTH = 250;
const LINE_HEIGHT = 15;
/** the lines a label takes, roughly (DejaVu Sans at 12 px: about 8 px a character, as ECharts measures it) */
const linesOf = (label: string) => Math.max(1, Math.ceil((label.length * 8) / LABEL_WIDTH));

function barSvg(title: string, rows: CountRow[], colors?: string[]): string {
  // each row tall enough for its label's lines (a portal's name is often two)
  const rowHeight = Math.max(34, ...rows.map((r) => linesOf(r.label) * LINE_HEIGHT + 8));
  const height = Math.max(120, rows.length * rowHeight + 60);
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width: WIDTH, height });
  try {
    chart.setOption({
      animation: false,
      aria: { enabled: true, label: { description: title } },
      textStyle: { fontFamily: FONT, fontSize: 12, color: "#222" },
      grid: { left: 32, right: 48, top: 16, bottom: 24, containLabel: true },
      xAxis: { type: "value", minInterval: 1, axisLabel: { color: "#333" } },
      yAxis: {
        type: "category",
        inverse: true,
        data: rows.map((r) => r.label),
        axisLabel: { color: "#222", width: LABEL_WIDTH, overflow: "break", lineHeight: LINE_HEIGHT },
      },
      series: [
        {
          type: "bar",
          barMaxWidth: 22,
          data: rows.map((r, i) => ({
            value: r.count,
            itemStyle: { color: colors?.[i % colors.length] ?? BLUE },
          })),
          label: { show: true, position: "right", color: "#222" },
        },
      ],
    });
    // the label names the chart for a screen reader; the table beside it carries the figures
    return chart
      .renderToSVGString()
      .replace(/^<svg /, `<svg role="img" aria-label="${escapeHtml(title)}" `)
      .replace(/ aria-label="[^"]*"(?=[^>]*aria-label=)/, "");
  } finally {
    chart.dispose();
  }
}

function chart(
  id: string,
  title: string,
  columns: [string, string],
  rows: CountRow[],
  colors?: string[],
): ReportChart {
  return {
    id,
    title,
    svg: barSvg(title, rows, colors),
    columns,
    rows: rows.map((r) => ({ label: r.label, value: r.count })),
  };
}

/** A row whose label is its key (the feedback and availability figures). */
const row = (key: string, count: number): CountRow => ({ key, label: key, count });

/** The charts of a report, in the order the report shows them; labelled by name, never by id. */
export function reportCharts(r: ReportData): ReportChart[] {
  const f = r.feedback;
  const out = [
    chart(
      "publications-by-category",
      "Tin bài theo chuyên mục",
      ["Chuyên mục", "Số tin bài"],
      r.published.byCategory,
    ),
    chart("publications-by-agency", "Tin bài theo cơ quan", ["Cơ quan", "Số tin bài"], r.published.byAgency),
    chart(
      "feedback",
      "Phản ánh, kiến nghị: tiếp nhận, trả lời, quá hạn",
      ["Chỉ tiêu", "Số lượng"],
      [row("Đã tiếp nhận", f.received), row("Đã trả lời", f.answered), row("Quá hạn", f.overdue)],
      [BLUE, "#2e7d32", "#c62828"],
    ),
  ];
  if (r.portals)
    out.splice(
      0,
      0,
      chart(
        "publications-by-portal",
        "Tin bài theo cổng thông tin",
        ["Cổng thông tin", "Số tin bài"],
        r.portals.map((p) => ({ key: p.portalId, label: p.name, count: p.published })),
      ),
      chart(
        "feedback-by-portal",
        "Phản ánh, kiến nghị đã tiếp nhận theo cổng thông tin",
        ["Cổng thông tin", "Đã tiếp nhận"],
        r.portals.map((p) => ({ key: p.portalId, label: p.name, count: p.feedbackReceived })),
      ),
    );
  const a = r.availability;
  if (a)
    out.push(
      chart(
        "availability",
        "Sẵn sàng của hệ thống: số lần đo đạt và không đạt",
        ["Kết quả đo", "Số lần đo"],
        [row("Đạt", a.okSamples), row("Không đạt", a.samples - a.okSamples)],
        ["#2e7d32", "#c62828"],
      ),
    );
  return out;
}
