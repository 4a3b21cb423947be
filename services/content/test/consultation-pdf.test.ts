// The consultation summary as a PDF (issue 18, R-CONTENT, R-PII): the comments a draft document
// received, for the drafting agency, once its comment window has closed — Vietnamese text with its
// diacritics (DejaVu Sans embedded), read back from the PDF with pdf-parse (content's own
// extractor of submitted PDFs, in its worker thread).
import { pdfText } from "../src/submissions/submission.service";
import { caller, type Harness, startExtras, token } from "./feedback-harness";

const DAY = 86_400_000;

describe("consultation summary PDF (R-CONTENT)", () => {
  let h: Harness;
  const call = caller(() => h);
  let ipSeq = 0;
  const ip = () => ({ "x-forwarded-for": `198.18.0.${++ipSeq}` });
  const opened = Date.now() - 2 * DAY;
  const closes = Date.now() + 10 * DAY;

  beforeAll(async () => {
    h = await startExtras("consultpdf", { rateLimit: { limit: 100, windowMs: 60_000 } });
    await h.addPortal({ portalId: "stp", name: "Cổng TTĐT Sở Tư pháp" });
    await h.addPortal({ portalId: "lucngan", kind: "district" });
    await h.addItem({
      itemId: "duthao-quydinh-tiepdan",
      portalId: "stp",
      kind: "draft-for-comment",
      commentsEnabled: false,
      comment: { opensAt: new Date(opened), closesAt: new Date(closes) },
    });
    await h.addItem({ itemId: "baiviet-thuong", portalId: "stp" });
  });
  afterAll(async () => {
    h.clock.now = new Date();
    await h?.stop();
  });

  async function pdfOf(
    path: string,
    user: string,
  ): Promise<{ status: number; type: string | null; bytes: Buffer; disposition: string | null }> {
    const res = await fetch(`${h.base}${path}`, {
      headers: { authorization: `Bearer ${await token(user)}` },
    });
    return {
      status: res.status,
      type: res.headers.get("content-type"),
      disposition: res.headers.get("content-disposition"),
      bytes: Buffer.from(await res.arrayBuffer()),
    };
  }

  it("is refused while the window is open, then holds every comment with its diacritics", async () => {
    const path = "/portals/stp/items/duthao-quydinh-tiepdan/draft-comments/summary.pdf";
    h.clock.now = new Date();
    for (const body of [
      {
        text: "Đề nghị quy định rõ thời hạn trả lời công dân tại Điều 7, khoản 2.",
        fullName: "Phạm Thị Hương",
        organization: "Hội Luật gia huyện Lục Ngạn",
        email: "huong.pham@example.vn",
        consent: true,
      },
      { text: "Nên bổ sung hình thức tiếp dân trực tuyến qua Cổng dịch vụ công." },
    ]) {
      const r = await call("POST", "/public/items/duthao-quydinh-tiepdan/comments", null, body, ip());
      expect(r.status).toBe(202);
    }

    const early = await call("GET", path, "stp.board-member");
    expect(early.status).toBe(409);
    expect(early.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(early.body.reason).toBe("comment_window_open");

    h.clock.now = new Date(closes + 60_000);
    const pdf = await pdfOf(path, "stp.board-member");
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe("application/pdf");
    expect(pdf.disposition).toBe('attachment; filename="gop-y-du-thao-duthao-quydinh-tiepdan.pdf"');
    expect(pdf.bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const raw = await pdfText(pdf.bytes);
    const text = raw.normalize("NFC").replace(/\s+/g, " ");
    expect(text).toContain("Tổng hợp ý kiến góp ý dự thảo văn bản");
    expect(text).toContain("Cổng TTĐT Sở Tư pháp");
    expect(text).toContain("Số ý kiến nhận được: 2");
    expect(text).toContain("Đề nghị quy định rõ thời hạn trả lời công dân tại Điều 7, khoản 2.");
    expect(text).toContain("Nên bổ sung hình thức tiếp dân trực tuyến qua Cổng dịch vụ công.");
    expect(text).toContain("Phạm Thị Hương — Hội Luật gia huyện Lục Ngạn");
    expect(text).toContain("Không nêu tên");
    // the commenter's address stays in the board's CSV (R-PII)
    expect(text).not.toContain("huong.pham@example.vn");
  });

  it("R-ORG: another portal's board may not have it; an item without a window has none", async () => {
    h.clock.now = new Date(closes + 60_000);
    const other = await call(
      "GET",
      "/portals/stp/items/duthao-quydinh-tiepdan/draft-comments/summary.pdf",
      "lucngan.board-member",
    );
    expect(other.status).toBe(403);
    const viaOwn = await call(
      "GET",
      "/portals/lucngan/items/duthao-quydinh-tiepdan/draft-comments/summary.pdf",
      "lucngan.board-member",
    );
    expect(viaOwn.status).toBe(404);
    const none = await call(
      "GET",
      "/portals/stp/items/baiviet-thuong/draft-comments/summary.pdf",
      "stp.board-member",
    );
    expect(none.status).toBe(409);
    expect(none.body.reason).toBe("comment_window_none");
  });
});
