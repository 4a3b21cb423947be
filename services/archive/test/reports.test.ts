// R-REPORT against the real servers: the events this test produces (publications in 2026-H2 and
// feedback received/answered) become a report whose numbers match them, rendered as HTML (inline
// SVG, no script), PDF (starts with %PDF, DejaVu Sans embedded), XLSX and CSV. Page views come from
// publishing's internal endpoint when it answers; no availability sample was stored here (the probe
// is off), so it reads "không có dữ liệu" (measured availability: availability.test.ts).
// Every format names the portal, its agency and the categories from content's portal.updated
// (issue 18: no internal codes in what a board member reads); a portal archive has not heard of
// (stttt here) reads "stttt (chưa rõ tên)".
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import {
  createEvent,
  type EventData,
  FeedbackAnswered,
  FeedbackReceived,
  PortalUpdated,
} from "@cong/contracts";
import { pageViews } from "../src/reports/data";
import { runReportJob } from "../src/reports/job";
import { parsePeriod } from "../src/reports/period";
import { body as json, published, type RunningArchive, startArchive, token, waitFor } from "./fixtures";

describe("periodic reports (R-REPORT)", () => {
  let a: RunningArchive;
  let auditor: string;
  let lucnganBoard: string;
  let pageviewsAsked: URLSearchParams | null = null;
  const views = http.createServer((req, res) => {
    const u = new URL(req.url ?? "/", "http://x");
    if (u.pathname !== "/internal/pageviews") return res.writeHead(404).end();
    // as publishing does: a service token, or nothing (the e2e test runs the real route)
    if (req.headers.authorization !== "Bearer archive-rep-pageviews-token-0001")
      return res.writeHead(401).end();
    pageviewsAsked = u.searchParams;
    // publishing's PageViewsReport (packages/contracts); another portal's answer counts as unknown
    const portalId = u.searchParams.get("portalId") ?? "";
    const from = u.searchParams.get("from") ?? "";
    const to = u.searchParams.get("to") ?? "";
    const report =
      portalId === "wrongportal"
        ? { portalId: "tanyen", from, to, total: 7, days: [] }
        : { portalId, from, to, total: 48213, days: [{ day: from, total: 48213, items: { "": 48213 } }] };
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(report));
  });
  const fbId = (n: number) => `fb00000000000000000000${String(n).padStart(2, "0")}`;
  const TANYEN = "Cổng Thông tin điện tử huyện Tân Yên";
  const AGENCY = "Ủy ban nhân dân huyện Tân Yên";
  /** tanyen's portal.updated, as content sends it, with these categories at this time */
  const portalUpdated = (updatedAt: string, name: string, categories: [string, string][]) =>
    createEvent(
      PortalUpdated,
      {
        ...PortalUpdated.example,
        portal: {
          ...(PortalUpdated.example as EventData<typeof PortalUpdated>).portal,
          name: { vi: name, en: "Tan Yen District Portal" },
          agency: { vi: AGENCY },
          categories: categories.map(([categoryId, vi], order) => ({
            categoryId,
            slug: categoryId.replace(/^cat-/, ""),
            name: { vi },
            parentId: null,
            retentionClass: "limited-5y" as const,
            mandatory: true,
            order,
          })),
        },
        updatedAt,
      },
      { source: "/cong/content" },
    );
  const names = () => a.archive.svc.db?.collection<{ _id: string; rev: number }>("portal_names");

  beforeAll(async () => {
    await new Promise<void>((r) => views.listen(0, "127.0.0.1", r));
    const port = (views.address() as AddressInfo).port;
    a = await startArchive("archive-rep", "2027-01-15T03:00:00Z", {
      PUBLISHING_INTERNAL_URL: `http://127.0.0.1:${port}`,
      PAGEVIEWS_TOKEN: "archive-rep-pageviews-token-0001",
    });
    [auditor, lucnganBoard] = await Promise.all([token("auditor"), token("lucngan.board-member")]);
    const at = (d: string) => `${d}T03:00:00.000Z`;
    const events = [
      published("tanyen", {
        categoryIds: ["cat-tin-tuc-su-kien"],
        agency: "UBND huyện Tân Yên",
        at: at("2026-07-10"),
      }),
      published("tanyen", {
        categoryIds: ["cat-tin-tuc-su-kien"],
        agency: "UBND huyện Tân Yên",
        at: at("2026-09-01"),
      }),
      published("tanyen", {
        categoryIds: ["cat-thong-bao"],
        agency: "Phòng Văn hóa và Thông tin",
        at: at("2026-12-30"),
      }),
      // outside the period, and another portal: not counted
      published("tanyen", {
        categoryIds: ["cat-thong-bao"],
        agency: "UBND huyện Tân Yên",
        at: at("2026-05-01"),
      }),
      published("stttt", { categoryIds: ["cat-thong-bao"], at: at("2026-08-01") }),
    ];
    for (const e of events) await a.publish(e.event);
    // the portal's names: once, the same event again (redelivery), the same change again as a new
    // event, an older change after it (must not win), then a later one adding a category
    const first = portalUpdated("2026-11-01T01:00:00.000Z", TANYEN, [
      ["cat-tin-tuc-su-kien", "Tin tức - Sự kiện"],
    ]);
    for (const e of [
      first,
      first,
      portalUpdated("2026-11-01T01:00:00.000Z", TANYEN, [["cat-tin-tuc-su-kien", "Tin tức - Sự kiện"]]),
      portalUpdated("2026-10-01T01:00:00.000Z", "Cổng cũ", [["cat-tin-tuc-su-kien", "Tin cũ"]]),
      portalUpdated("2026-11-20T01:00:00.000Z", TANYEN, [
        ["cat-tin-tuc-su-kien", "Tin tức - Sự kiện"],
        ["cat-thong-bao", "Thông báo"],
      ]),
    ])
      await a.publish(e);
    const src = { source: "/cong/content" };
    const received = (n: number, r: string, due: string) =>
      createEvent(
        FeedbackReceived,
        {
          feedbackId: fbId(n),
          portalId: "tanyen",
          kind: "question",
          channel: "web",
          receivedAt: r,
          dueAt: due,
        },
        src,
      );
    const answered = (n: number, when: string, days: number) =>
      createEvent(
        FeedbackAnswered,
        {
          feedbackId: fbId(n),
          portalId: "tanyen",
          answeredBy: { id: "u-9", username: "tanyen.focal-officer" },
          answeredAt: when,
          workingDaysTaken: days,
          publishedAsQaItemId: null,
        },
        src,
      );
    for (const e of [
      received(1, "2026-08-01T02:00:00Z", "2026-08-22T02:00:00Z"),
      received(2, "2026-09-01T02:00:00Z", "2026-09-22T02:00:00Z"),
      received(3, "2026-10-01T02:00:00Z", "2026-10-22T02:00:00Z"), // never answered: overdue
      answered(1, "2026-08-05T02:00:00Z", 4),
      answered(2, "2026-09-10T02:00:00Z", 7),
    ])
      await a.publish(e, "feedback");
    await waitFor(async () => (await a.archive.deps.records.coll.countDocuments({})) === 5, {
      timeoutMs: 90_000,
      what: "5 records",
    });
    await waitFor(
      async () =>
        (await a.archive.deps.feedback.coll.countDocuments({ workingDaysTaken: { $ne: null } })) === 2,
      { timeoutMs: 60_000, what: "feedback answers" },
    );
    // the last of tanyen's events (one partition: in order) has arrived
    await waitFor(
      async () => JSON.stringify(await names()?.findOne({ _id: "tanyen" })).includes("cat-thong-bao"),
      { timeoutMs: 60_000, what: "tanyen's names" },
    );
  });
  afterAll(async () => {
    await a?.close();
    views.close();
  });

  const get = (path: string, jwt = auditor) =>
    fetch(`${a.base}${path}`, { headers: { authorization: `Bearer ${jwt}` } });

  it("numbers match the events produced", async () => {
    const res = await get("/reports/2026-H2?portalId=tanyen&format=json");
    expect(res.status).toBe(200);
    const r = await json(res);
    expect(r.published).toEqual({
      total: 3,
      byCategory: [
        { key: "cat-tin-tuc-su-kien", label: "Tin tức - Sự kiện", count: 2 },
        { key: "cat-thong-bao", label: "Thông báo", count: 1 },
      ],
      byAgency: [
        { key: "UBND huyện Tân Yên", label: "UBND huyện Tân Yên", count: 2 },
        { key: "Phòng Văn hóa và Thông tin", label: "Phòng Văn hóa và Thông tin", count: 1 },
      ],
    });
    expect(r.portal).toEqual({ name: TANYEN, agency: AGENCY });
    expect(r.feedback).toEqual({ received: 3, answered: 2, overdue: 1, averageWorkingDays: 5.5 });
    expect(r.pageViews).toBe(48213);
    expect(pageviewsAsked?.get("portalId")).toBe("tanyen");
    // the half-year's first and last day, as publishing's route wants them (YYYY-MM-DD)
    expect([pageviewsAsked?.get("from"), pageviewsAsked?.get("to")]).toEqual(["2026-07-01", "2026-12-31"]);
    expect(r.availability).toBeNull();
  });

  it("page views are read as publishing's PageViewsReport: an answer about another portal, or of another shape, is unknown (issue 16)", async () => {
    const base = `http://127.0.0.1:${(views.address() as AddressInfo).port}`;
    const h2 = parsePeriod("2026-H2");
    const tok = "archive-rep-pageviews-token-0001";
    expect(await pageViews(base, "tanyen", h2, tok)).toBe(48213);
    // the stub answers this portal with tanyen's figures: not counted as wrongportal's
    expect(await pageViews(base, "wrongportal", h2, tok)).toBeNull();
    // an answer that is not a PageViewsReport (the old bare total, or a bare count)
    const bare = http.createServer((_req, res) =>
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ views: 5 })),
    );
    await new Promise<void>((r) => bare.listen(0, "127.0.0.1", r));
    try {
      expect(
        await pageViews(`http://127.0.0.1:${(bare.address() as AddressInfo).port}`, "tanyen", h2, tok),
      ).toBeNull();
    } finally {
      await new Promise((r) => bare.close(r));
    }
  });

  it("renders HTML with inline SVG and Vietnamese labels, no script", async () => {
    const res = await get("/reports/2026-H2?portalId=tanyen&format=html");
    const html = await res.text();
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(html).toContain("<svg");
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain("Tin bài theo chuyên mục");
    expect(html).toContain("<td>Tỷ lệ sẵn sàng</td><td>không có dữ liệu</td>");
    expect(html).toContain("<td>Lượt xem trang</td><td>48213</td>");
    expect(html).toContain("<td>Quá hạn</td><td>1</td>");
    expect(html).toContain(`<h1>Báo cáo định kỳ 6 tháng cuối năm 2026 — ${TANYEN}</h1>`);
    expect(html).toContain(`<td>Cơ quan chủ quản</td><td>${AGENCY}</td>`);
    expect(html).toContain("<td>Tin tức - Sự kiện</td><td>2</td>");
    expect(html).not.toContain("cat-");
  });

  it("portal.updated: applied twice, or an older one after a newer one, changes nothing (issue 18)", async () => {
    const doc = await names()?.findOne({ _id: "tanyen" });
    // written twice: the first event and the later one; its redelivery, the same change as a new
    // event and the older change did not write
    expect(doc?.rev).toBe(2);
    expect(doc).toMatchObject({
      name: { vi: TANYEN },
      agency: { vi: AGENCY },
      updatedAt: new Date("2026-11-20T01:00:00.000Z"),
      categories: [
        { categoryId: "cat-thong-bao", name: { vi: "Thông báo" } },
        { categoryId: "cat-tin-tuc-su-kien", name: { vi: "Tin tức - Sự kiện" } },
      ],
    });
    // stttt's portal.updated never came: no document, the reports say so
    expect(await names()?.findOne({ _id: "stttt" })).toBeNull();
  });

  it("renders PDF with DejaVu Sans embedded, and XLSX and CSV", async () => {
    const pdf = Buffer.from(await (await get("/reports/2026-H2?portalId=tanyen&format=pdf")).arrayBuffer());
    expect(pdf.subarray(0, 4).toString()).toBe("%PDF");
    expect(pdf.toString("latin1")).toMatch(/\/FontFile2/);
    expect(pdf.toString("latin1")).toMatch(/DejaVuSans/);
    const xlsx = Buffer.from(await (await get("/reports/2026-H2?portalId=tanyen&format=xlsx")).arrayBuffer());
    expect(xlsx.subarray(0, 2).toString()).toBe("PK");
    const csv = await (await get("/reports/2026-H2?portalId=tanyen&format=csv")).text();
    expect(csv).toContain(`"Phản ánh, kiến nghị",Đã tiếp nhận,3`);
    expect(csv).toContain("Truy cập,Lượt xem trang,48213");
    expect(csv).toContain(`Tổng quan,Cổng thông tin,${TANYEN}\r\n`);
    expect(csv).toContain(`Tổng quan,Cơ quan chủ quản,${AGENCY}\r\n`);
    expect(csv).toContain("Tin bài theo chuyên mục,Tin tức - Sự kiện,2\r\n");
    expect(csv).toContain("Tin bài theo chuyên mục,Thông báo,1\r\n");
    expect(csv).toContain("Tổng quan,Kỳ báo cáo,6 tháng cuối năm 2026 (01/07/2026 – 31/12/2026)");
    expect(csv).not.toContain("cat-");
    expect(csv).not.toMatch(/,tanyen\b/);
  });

  it("charts: the seeded figures as ECharts SVG with a text table beside each (issue 18)", async () => {
    const res = await get("/reports/2026-H2/charts?portalId=tanyen");
    expect(res.status).toBe(200);
    const r = await json(res);
    expect(r.portalId).toBe("tanyen");
    expect(r.portal).toEqual({ name: TANYEN, agency: AGENCY });
    expect(r.period.label).toBe("2026-H2");
    const byId = Object.fromEntries(r.charts.map((c: { id: string }) => [c.id, c]));
    // no availability sample here: no availability chart, the table says "không có dữ liệu"
    expect(Object.keys(byId)).toEqual(["publications-by-category", "publications-by-agency", "feedback"]);
    expect(byId["publications-by-category"].title).toBe("Tin bài theo chuyên mục");
    expect(byId["publications-by-category"].rows).toEqual([
      { label: "Tin tức - Sự kiện", value: 2 },
      { label: "Thông báo", value: 1 },
    ]);
    // the chart's axis is labelled by name too, never by id
    expect(byId["publications-by-category"].svg).not.toContain("cat-");
    expect(byId["publications-by-agency"].rows).toEqual([
      { label: "UBND huyện Tân Yên", value: 2 },
      { label: "Phòng Văn hóa và Thông tin", value: 1 },
    ]);
    expect(byId.feedback.rows).toEqual([
      { label: "Đã tiếp nhận", value: 3 },
      { label: "Đã trả lời", value: 2 },
      { label: "Quá hạn", value: 1 },
    ]);
    for (const c of r.charts) {
      expect(c.svg).toMatch(/^<svg role="img" aria-label="[^"]+"/);
      expect(c.svg).not.toMatch(/<script/i);
      // ECharts drew the bars (paths), and the labels are in it, as text
      expect(c.svg).toMatch(/<path /);
      for (const row of c.rows) expect(c.svg).toContain(`>${row.label}</text>`);
    }
    expect((await get("/reports/2026-H2/charts?portalId=tanyen", lucnganBoard)).status).toBe(403);
    expect((await get("/reports/2026-H3/charts?portalId=tanyen")).status).toBe(404);
    expect((await get("/reports/2026-H2/charts?portalId=tanyen&format=pdf")).status).toBe(422);
  });

  it("the PDF has the same charts: its text has the titles with their diacritics and the figures, page 1 is drawn", async () => {
    const res = await get("/reports/2026-H2?portalId=tanyen&format=pdf");
    expect(res.status).toBe(200);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "archive-rep-pdf-"));
    const file = path.join(dir, "bao-cao.pdf");
    fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const text = execFileSync("pdftotext", ["-layout", file, "-"]).toString("utf8").normalize("NFC");
    // a long title wraps: its words in order, across lines
    for (const title of [
      `Báo cáo định kỳ 6 tháng cuối năm 2026 — ${TANYEN}`,
      `Cơ quan chủ quản: ${AGENCY}`,
      "Tin bài theo chuyên mục",
      "Tin bài theo cơ quan",
      "Phản ánh, kiến nghị: tiếp nhận, trả lời, quá hạn",
      "Phòng Văn hóa và Thông tin",
    ])
      expect(text.replace(/\s+/g, " ")).toContain(title);
    // the chart's table and the figures, by name, with their diacritics (DejaVu Sans)
    expect(text).toMatch(/Tin tức - Sự kiện: 2/);
    expect(text).toMatch(/Thông báo: 1/);
    expect(text).not.toContain("cat-");
    expect(text).toMatch(/Đã tiếp nhận: 3/);
    expect(text).toMatch(/Quá hạn: 1/);
    // dd/MM/yyyy in Vietnam time: the half-year runs from 01/07/2026 to 31/12/2026; made on 15/01/2027 10:00
    expect(text).toContain("01/07/2026 – 31/12/2026");
    expect(text).toContain("Lập lúc 15/01/2027 10:00 (giờ Việt Nam)");
    // page 1 as PNG (kept for a person to look at) and as greyscale to count what is drawn on it
    execFileSync("pdftoppm", [
      "-r",
      "72",
      "-png",
      "-f",
      "1",
      "-l",
      "1",
      "-singlefile",
      file,
      path.join(dir, "p1"),
    ]);
    expect(fs.readFileSync(path.join(dir, "p1.png")).subarray(1, 4).toString()).toBe("PNG");
    const pgm = execFileSync("pdftoppm", ["-r", "72", "-gray", "-f", "1", "-l", "1", "-singlefile", file]);
    // P5 header: "P5\n<w> <h>\n255\n", then one byte a pixel
    const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 40).toString("latin1"));
    expect(header).not.toBeNull();
    const pixels = pgm.subarray(pgm.length - Number(header?.[1]) * Number(header?.[2]));
    let dark = 0;
    let blue = 0;
    for (const v of pixels) {
      if (v < 128) dark++;
      // the bars' #1f6fb2 is about 95 in grey: a bar is a run of such pixels
      if (v > 80 && v < 110) blue++;
    }
    // the text and three bar charts: a few per cent of the page is drawn, well above a blank page's 0
    expect(dark / pixels.length).toBeGreaterThan(0.02);
    expect(blue).toBeGreaterThan(2000);
  });

  it("the provincial board sees every portal and the province-wide summary; a portal's board does not", async () => {
    const province = await token("bacgiang.board-member");
    // every portal's report: another portal's than its own
    expect((await get("/reports/2026-H2?portalId=tanyen&format=json", province)).status).toBe(200);
    const res = await get("/reports/2026-H2?scope=province&format=json", province);
    expect(res.status).toBe(200);
    const r = await json(res);
    expect(r.scope).toBe("province");
    expect(r.portalId).toBe("toàn tỉnh");
    // tanyen's three of the half-year and stttt's one; feedback is tanyen's only
    expect(r.published.total).toBe(4);
    // stttt's publication is filed under cat-thong-bao too: named by tanyen, which knows the name
    expect(r.published.byCategory).toEqual([
      { key: "cat-thong-bao", label: "Thông báo", count: 2 },
      { key: "cat-tin-tuc-su-kien", label: "Tin tức - Sự kiện", count: 2 },
    ]);
    expect(r.feedback).toEqual({ received: 3, answered: 2, overdue: 1, averageWorkingDays: 5.5 });
    expect(r.portal).toEqual({ name: "Toàn tỉnh", agency: null });
    // stttt's portal.updated never came: its id, said to be one
    expect(r.portals).toEqual([
      {
        portalId: "stttt",
        name: "stttt (chưa rõ tên)",
        published: 1,
        feedbackReceived: 0,
        feedbackAnswered: 0,
        feedbackOverdue: 0,
      },
      {
        portalId: "tanyen",
        name: TANYEN,
        published: 3,
        feedbackReceived: 3,
        feedbackAnswered: 2,
        feedbackOverdue: 1,
      },
    ]);
    // page views of both portals, summed (the stub answers 48,213 for each)
    expect(r.pageViews).toBe(2 * 48213);
    const charts = await json(await get("/reports/2026-H2/charts?scope=province", province));
    expect(charts.charts[0].id).toBe("publications-by-portal");
    expect(charts.charts[0].rows).toEqual([
      { label: "stttt (chưa rõ tên)", value: 1 },
      { label: TANYEN, value: 3 },
    ]);
    // the axis names the portals (a name that long fits a line; a longer one wraps, never cut)
    expect(charts.charts[0].svg).toContain(`>${TANYEN}</text>`);
    expect(charts.charts[0].svg).not.toContain("...");
    expect(charts.charts[1].rows).toEqual([
      { label: "stttt (chưa rõ tên)", value: 0 },
      { label: TANYEN, value: 3 },
    ]);
    const pdf = await get("/reports/2026-H2?scope=province&format=pdf", province);
    expect(pdf.status).toBe(200);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "archive-rep-prov-"));
    fs.writeFileSync(path.join(dir, "p.pdf"), Buffer.from(await pdf.arrayBuffer()));
    const text = execFileSync("pdftotext", [path.join(dir, "p.pdf"), "-"])
      .toString("utf8")
      .normalize("NFC");
    expect(text.replace(/\s+/g, " ")).toContain("Báo cáo định kỳ 6 tháng cuối năm 2026 — tổng hợp toàn tỉnh");
    expect(text).toContain("Tin bài theo cổng thông tin");
    expect(text).toContain(`${TANYEN}: 3`);
    expect(text).toContain(`${TANYEN} — tin bài: 3`);
    expect(text).toContain("stttt (chưa rõ tên): 1");
    const csv = await (await get("/reports/2026-H2?scope=province&format=csv", province)).text();
    expect(csv).toContain(`Theo cổng thông tin,${TANYEN} — phản ánh quá hạn,1\r\n`);
    expect(csv).toContain("Tin bài theo chuyên mục,Thông báo,2\r\n");
    // a portal's board: its own portal only, never the province
    const own = await get("/reports/2026-H2?scope=province", lucnganBoard);
    expect(own.status).toBe(403);
    expect((await json(own)).reason).toBe("provincial_board_required");
    // neither or both: 422 naming portalId
    expect((await get("/reports/2026-H2?format=json")).status).toBe(422);
    expect((await get("/reports/2026-H2?portalId=tanyen&scope=province")).status).toBe(422);
  });

  it("the year-end report, run on 1 January with period auto, covers the whole previous year (issue 16)", async () => {
    // as the chart's CronJob runs it: `reports --period auto` at 02:00 on 1 January, Vietnam time
    const stored: string[] = [];
    const r = await runReportJob(
      { ...a.archive.deps, s3: a.archive.s3, bucket: a.bucket },
      { period: "auto", now: new Date("2026-12-31T19:00:00Z"), stored: (u) => stored.push(u) },
    );
    expect(r.period.label).toBe("2026");
    expect([r.period.from.toISOString(), r.period.to.toISOString()]).toEqual([
      "2025-12-31T17:00:00.000Z",
      "2026-12-31T17:00:00.000Z",
    ]);
    expect(r.portals.sort()).toEqual(["stttt", "tanyen"]);
    expect(stored.sort()).toEqual(
      ["stttt", "tanyen"].flatMap((p) =>
        ["csv", "html", "pdf", "xlsx"].map((ext) => `s3://${a.bucket}/reports/2026/${p}.${ext}`),
      ),
    );
    // the May publication counts too: four, not the second half-year's three
    const chunks: Buffer[] = [];
    for await (const c of await a.archive.s3.getObject(a.bucket, "reports/2026/tanyen.csv")) chunks.push(c);
    const csv = Buffer.concat(chunks).toString("utf8");
    expect(csv).toContain("Tổng quan,Kỳ báo cáo,năm 2026 (");
    expect(csv).toContain("Tin bài,Tổng số tin bài đăng,4\r\n");
    // the job's files name the portal and its categories as the route's do
    expect(csv).toContain(`Tổng quan,Cổng thông tin,${TANYEN}\r\n`);
    expect(csv).toContain("Tin bài theo chuyên mục,Thông báo,2\r\n");
    // the route's auto is the same report (the archive's clock reads 15 January 2027)
    const res = await get("/reports/auto?portalId=tanyen&format=json");
    expect(res.status).toBe(200);
    const auto = await json(res);
    expect(auto.period.label).toBe("2026");
    expect(auto.published.total).toBe(4);
  });

  it("a portal without feedback in the period gets its report in every format (a chart of zeros was NaN)", async () => {
    // stttt: one publication, no feedback — the feedback chart is three zeros
    const pdf = await get("/reports/2026-H2?portalId=stttt&format=pdf");
    expect(pdf.status).toBe(200);
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 4)
        .toString(),
    ).toBe("%PDF");
    const html = await (await get("/reports/2026-H2?portalId=stttt&format=html")).text();
    expect(html).toContain("<td>Đã tiếp nhận</td><td>0</td>");
    expect(html).not.toContain("NaN");
  });

  it("another portal's board may not read it; a period that names no report is a 404", async () => {
    expect((await get("/reports/2026-H2?portalId=tanyen", lucnganBoard)).status).toBe(403);
    const bad = await get("/reports/2026-H3?portalId=tanyen");
    expect(bad.status).toBe(404);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
    expect((await json(bad)).reason).toBe("unknown_period");
  });
});
