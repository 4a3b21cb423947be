// The periodic report through the admin (R-REPORT, issue 18) against the real archive (in-process,
// its own database and topic prefix, a fixed clock: 02/12/2026, so "auto" is the first half of
// 2026) fed by content.published events on Kafka, and the real content and Keycloak: the charts
// as SVG images with their tables, the period picker, the PDF and CSV passed on, the province-wide
// summary for the provincial board, and archive's refusals and absence as Vietnamese sentences.
import { published, type RunningArchive, startArchive, waitFor } from "../../archive/test/fixtures";
import { Agent, type RunningAdmin, type Services, startAdmin, startServices } from "./fixtures";

let s: Services;
let arch: RunningArchive;
let a: RunningAdmin;
let board: Agent;

beforeAll(async () => {
  s = await startServices("admin-reports");
  arch = await startArchive("admin-reports", "2026-12-02T03:00:00Z");
  const at = (d: string) => `${d}T03:00:00.000Z`;
  const events = [
    published("tanyen", {
      categoryIds: ["cat-tin-tuc-su-kien"],
      agency: "UBND huyện Tân Yên",
      at: at("2026-02-10"),
    }),
    published("tanyen", {
      categoryIds: ["cat-tin-tuc-su-kien"],
      agency: "UBND huyện Tân Yên",
      at: at("2026-03-01"),
    }),
    published("tanyen", {
      categoryIds: ["cat-thong-bao"],
      agency: "Phòng Văn hóa và Thông tin",
      at: at("2026-05-20"),
    }),
    // the second half: in the year's report, not in the first half's
    published("tanyen", {
      categoryIds: ["cat-thong-bao"],
      agency: "UBND huyện Tân Yên",
      at: at("2026-09-09"),
    }),
    published("stttt", {
      categoryIds: ["cat-thong-bao"],
      agency: "Sở Thông tin và Truyền thông",
      at: at("2026-04-01"),
    }),
  ];
  for (const e of events) await arch.publish(e.event);
  await waitFor(async () => (await arch.archive.deps.records.coll.countDocuments({})) === events.length, {
    timeoutMs: 90_000,
    what: "the publications recorded by archive",
  });
  a = await startAdmin("admin-reports", s, { ARCHIVE_API_URL: arch.base });
  board = new Agent(a.url);
  await board.signIn("tanyen.board-member");
}, 240_000);
afterAll(async () => {
  await a?.stop();
  await arch?.close().catch(() => undefined);
  await s?.stop();
});

/** the images' SVG documents, decoded from their data: addresses */
const images = (html: string) =>
  [
    ...html.matchAll(
      /<img class="report-chart__image" src="data:image\/svg\+xml;base64,([^"]+)" alt="([^"]+)"/g,
    ),
  ].map((m) => ({ svg: Buffer.from(m[1] ?? "", "base64").toString("utf8"), alt: m[2] }));

describe("the periodic report screen (R-REPORT)", () => {
  it("a portal's board sees the report last due: charts as SVG images, each with its table, and the picker", async () => {
    const page = await board.get("/p/tanyen/reports");
    expect(page.status).toBe(200);
    expect(page.html).toContain('href="/p/tanyen/reports" aria-current="page"');
    // "auto" on 02/12/2026 is the first half of 2026 (archive decides), selected in the picker
    expect(page.html).toMatch(/<option value="2026-H1" selected>6 tháng đầu năm 2026<\/option>/);
    expect(page.html).toContain("Từ 01/01/2026 đến hết 30/06/2026.");
    expect(page.html).toContain("Năm 2025");
    const imgs = images(page.html);
    expect(imgs.map((i) => i.alt)).toEqual([
      "Tin bài theo chuyên mục",
      "Tin bài theo cơ quan",
      "Phản ánh, kiến nghị: tiếp nhận, trả lời, quá hạn",
    ]);
    for (const i of imgs) {
      expect(i.svg).toMatch(/^<svg[\s>]/);
      expect(i.svg).not.toMatch(/<script/i);
    }
    // the figures as text beside each chart (archive labels them): the agencies of the half-year
    expect(page.html).toMatch(
      /<th scope="row" data-label="Cơ quan">UBND huyện Tân Yên<\/th><td data-label="Số tin bài" class="num">2<\/td>/,
    );
    expect(page.html).toMatch(
      /Phòng Văn hóa và Thông tin<\/th><td data-label="Số tin bài" class="num">1<\/td>/,
    );
    expect(page.html).toMatch(
      /<th scope="row" data-label="Chuyên mục">[^<]+<\/th><td data-label="Số tin bài" class="num">2<\/td>/,
    );
    // no province-wide choice for a district's board; no chart ever inlined into the page
    expect(page.html).not.toContain('name="scope"');
    expect(page.html).not.toMatch(/<svg/);
    expect(page.html).toContain('href="/p/tanyen/reports/2026-H1/bao-cao.pdf"');
    expect(page.html).toContain('href="/p/tanyen/reports/2026-H1/bao-cao.csv"');

    const year = await board.get("/p/tanyen/reports?period=2026");
    expect(year.status).toBe(200);
    expect(year.html).toMatch(/<option value="2026" selected>Năm 2026 \(chưa kết thúc\)<\/option>/);
    expect(year.html).toMatch(/UBND huyện Tân Yên<\/th><td data-label="Số tin bài" class="num">3<\/td>/);
  });

  it("the period's incidents of the register (R-OPS-247): counts, downtime, each one; another portal's not", async () => {
    const by = { id: "u-1", username: "platform.admin" };
    const outage = await arch.archive.incidents.create(
      {
        kind: "availability",
        portalIds: ["tanyen"],
        title: "Cổng huyện Tân Yên không truy cập được",
        startedAt: new Date("2026-03-10T02:00:00Z"),
        actions: "Khởi động lại máy chủ web.",
        notified: ["Văn phòng UBND tỉnh"],
      },
      by,
      new Date("2026-03-10T02:05:00Z"),
    );
    await arch.archive.incidents.update(
      outage,
      1,
      { closedAt: new Date("2026-03-10T03:30:00Z") },
      outage.createdAt,
    );
    await arch.archive.incidents.create(
      {
        kind: "security",
        portalIds: [],
        title: "Dò mật khẩu hàng loạt vào trang đăng nhập quản trị",
        startedAt: new Date("2026-04-02T01:00:00Z"),
        actions: "",
        notified: [],
      },
      by,
      new Date("2026-04-02T01:00:00Z"),
    );
    await arch.archive.incidents.create(
      {
        kind: "availability",
        portalIds: ["stttt"],
        title: "Cổng Sở Thông tin và Truyền thông chậm",
        startedAt: new Date("2026-04-05T01:00:00Z"),
        actions: "",
        notified: [],
      },
      by,
      new Date("2026-04-05T01:00:00Z"),
    );
    const page = await board.get("/p/tanyen/reports?period=2026-H1");
    expect(page.status).toBe(200);
    const body = page.html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
    expect(body).toContain("Sự cố trong kỳ");
    expect(body).toContain(
      "2 sự cố: 1 gián đoạn dịch vụ, 1 an toàn thông tin. Thời gian gián đoạn của các sự cố đã khắc phục, tính trong kỳ: 1 giờ 30 phút.",
    );
    expect(body).toContain(
      "10/03/2026 09:00 Cổng huyện Tân Yên không truy cập được Gián đoạn dịch vụ 10/03/2026 10:30",
    );
    expect(body).toContain(
      "Dò mật khẩu hàng loạt vào trang đăng nhập quản trị An toàn thông tin Đang diễn ra",
    );
    expect(body).not.toContain("Cổng Sở Thông tin và Truyền thông chậm");
    // a period without any: said so
    const before = await board.get("/p/tanyen/reports?period=2025-H2");
    expect(before.html).toContain("Không có sự cố nào trong kỳ.");
  });

  it("the PDF and the CSV come through the admin with archive's file name", async () => {
    const headers = { cookie: board.cookieHeader(new URL(a.url)) };
    const pdf = await fetch(`${a.url}/p/tanyen/reports/2026-H1/bao-cao.pdf`, { headers });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(pdf.headers.get("content-disposition")).toContain("bao-cao-tanyen-2026-H1.pdf");
    expect(pdf.headers.get("cache-control")).toBe("no-store");
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
    const csv = await fetch(`${a.url}/p/tanyen/reports/2026-H1/bao-cao.csv`, { headers });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(csv.headers.get("content-disposition")).toContain("bao-cao-tanyen-2026-H1.csv");
    expect(await csv.text()).toContain("UBND huyện Tân Yên");
  });

  it("a period that is none: the picker's message (422), or archive's 404 said in Vietnamese", async () => {
    const bad = await board.get("/p/tanyen/reports?period=2026-H3");
    expect(bad.status).toBe(422);
    expect(bad.html).toContain("Chọn một kỳ báo cáo trong danh sách.");
    const old = await board.get("/p/tanyen/reports?period=1999");
    expect(old.status).toBe(404);
    expect(old.html).toContain("Không có kỳ báo cáo này. Chọn một kỳ trong danh sách.");
    expect(old.html).toContain('name="period"');
  });

  it("the provincial board chooses the province-wide summary: every portal's figures", async () => {
    const province = new Agent(a.url);
    await province.signIn("bacgiang.board-member");
    const own = await province.get("/p/bacgiang/reports?period=2026-H1");
    expect(own.status).toBe(200);
    expect(own.html).toContain('name="scope"');
    const page = await province.get("/p/bacgiang/reports?period=2026-H1&scope=province");
    expect(page.status).toBe(200);
    expect(page.html).toContain("6 tháng đầu năm 2026 — toàn tỉnh");
    expect(page.html).toMatch(/<input[^>]+value="province"[^>]*checked/);
    expect(
      images(page.html)
        .map((i) => i.alt)
        .slice(0, 2),
    ).toEqual(["Tin bài theo cổng thông tin", "Phản ánh, kiến nghị đã tiếp nhận theo cổng thông tin"]);
    expect(page.html).toContain('href="/p/bacgiang/reports/2026-H1/bao-cao.pdf?scope=province"');
    const pdf = await fetch(`${a.url}/p/bacgiang/reports/2026-H1/bao-cao.pdf?scope=province`, {
      headers: { cookie: province.cookieHeader(new URL(a.url)) },
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-disposition")).toContain("toan-tinh");
    // a district's board asking for the province gets its own portal's report, never the province's
    const district = await board.get("/p/tanyen/reports?period=2026-H1&scope=province");
    expect(district.html).toContain("6 tháng đầu năm 2026 — Cổng Thông tin điện tử huyện Tân Yên");
    expect(district.html).not.toContain("Tin bài theo cổng thông tin");
  });

  it("a focal officer has no menu entry and gets the 403 page", async () => {
    const officer = new Agent(a.url);
    const home = await officer.signIn("tanyen.focal-officer");
    expect(home.html).not.toContain('href="/p/tanyen/reports"');
    expect((await officer.get("/p/tanyen/reports")).status).toBe(403);
    expect((await officer.get("/p/tanyen/reports/2026-H1/bao-cao.pdf")).status).toBe(403);
  });

  it("archive not answering: a Vietnamese sentence on the page (503), for the screen and the download", async () => {
    await arch.close();
    const page = await board.get("/p/tanyen/reports?period=2026-H1");
    expect(page.status).toBe(503);
    expect(page.html).toContain("dịch vụ lưu trữ và báo cáo đang không trả lời");
    expect(page.html).toContain('name="period"');
    const pdf = await board.get("/p/tanyen/reports/2026-H1/bao-cao.pdf");
    expect(pdf.status).toBe(503);
    expect(pdf.html).toContain("dịch vụ lưu trữ và báo cáo đang không trả lời");
  });
});
