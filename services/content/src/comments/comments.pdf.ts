// The consultation summary as a PDF (R-CONTENT, issue 18): the comments a draft document received
// in its public comment window, for the drafting agency, next to the CSV of the same comments.
// pdfkit with DejaVu Sans embedded (its glyphs cover Vietnamese: every diacritic renders, and the
// text is extractable); the font from the system's fonts-dejavu-core or PDF_FONT_DIR.
import fs from "node:fs";
import path from "node:path";
import PDFDocument from "pdfkit";
import type { CommentDoc } from "./comment.types";

const FONT_DIR = process.env.PDF_FONT_DIR ?? "/usr/share/fonts/truetype/dejavu";
const TIME_ZONE = "Asia/Ho_Chi_Minh";

function viDateTime(at: Date): string {
  return new Intl.DateTimeFormat("vi-VN", {
    timeZone: TIME_ZONE,
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(at);
}

export interface ConsultationSummary {
  portalName: string;
  itemId: string;
  window: { opensAt: Date; closesAt: Date };
  generatedAt: Date;
  comments: Pick<CommentDoc, "_id" | "createdAt" | "contact" | "text">[];
}

/** A4, Vietnamese: heading, the window, the number of comments, then each comment in order. */
export function renderConsultationPdf(s: ConsultationSummary): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: "A4",
      margin: 50,
      info: { Title: `Tổng hợp ý kiến góp ý dự thảo ${s.itemId}`, Creator: "Cổng — content" },
    });
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    try {
      doc.registerFont("body", fs.readFileSync(path.join(FONT_DIR, "DejaVuSans.ttf")));
      doc.registerFont("bold", fs.readFileSync(path.join(FONT_DIR, "DejaVuSans-Bold.ttf")));
    } catch (e) {
      reject(e);
      return;
    }
    doc.font("bold").fontSize(15).text("Tổng hợp ý kiến góp ý dự thảo văn bản");
    doc.moveDown(0.3).font("body").fontSize(10).text(s.portalName);
    doc.text(`Dự thảo: ${s.itemId}`);
    doc.text(
      `Thời gian lấy ý kiến: từ ${viDateTime(s.window.opensAt)} đến ${viDateTime(s.window.closesAt)} (giờ Việt Nam)`,
    );
    doc.text(`Số ý kiến nhận được: ${s.comments.length}`);
    doc.fontSize(8).text(`Lập lúc ${viDateTime(s.generatedAt)}`);
    if (s.comments.length === 0) doc.moveDown().fontSize(11).text("Không có ý kiến góp ý nào.");
    s.comments.forEach((c, i) => {
      if (doc.y > 720) doc.addPage();
      const who =
        [c.contact?.fullName, c.contact?.organization].filter(Boolean).join(" — ") || "Không nêu tên";
      doc
        .moveDown(0.8)
        .font("bold")
        .fontSize(11)
        .text(`${i + 1}. ${who}`);
      doc
        .font("body")
        .fontSize(8)
        .text(`${viDateTime(c.createdAt)} · mã ${c._id}`);
      doc.moveDown(0.2).fontSize(10).text(c.text, { align: "left" });
    });
    doc.end();
  });
}
