// Categories and completeness through the admin against the real content service (R-CONTENT,
// R-TIMELY, R-RETAIN): the categories with retention class, order and deadline; only the board
// head edits (the edit itself is in screens.browser.test.ts, which passes the board head's
// one-time code); the mandatory categories red while empty, with their last publication.
import { Agent, type RunningAdmin, type Services, startAdmin, startServices } from "./fixtures";

let s: Services;
let a: RunningAdmin;
beforeAll(async () => {
  s = await startServices("admin-categories");
  a = await startAdmin("admin-categories", s);
});
afterAll(async () => {
  await a?.stop();
  await s?.stop();
});

const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

describe("categories and completeness (R-CONTENT, R-RETAIN)", () => {
  it("a board member sees the categories in order with their retention class and deadline, and no edit link", async () => {
    const agent = new Agent(a.url);
    await agent.signIn("tanyen.board-member");
    const page = await agent.get("/p/tanyen/categories");
    expect(page.status).toBe(200);
    expect(page.html).toContain('href="/p/tanyen/categories"');
    const body = text(page.html);
    expect(body).toContain("Giới thiệu - Cơ cấu tổ chức");
    expect(body).toContain("Tin tức - Sự kiện");
    expect(body).toContain("Vĩnh viễn");
    expect(body).toContain("Tối đa 5 năm");
    expect(body.indexOf("Giới thiệu - Cơ cấu tổ chức")).toBeLessThan(body.indexOf("Tin tức - Sự kiện"));
    expect(body).toContain("Chỉ Trưởng Ban biên tập (hoặc quản trị hệ thống) được sửa chuyên mục.");
    expect(page.html).not.toContain('href="/p/tanyen/categories/cat-tin-tuc-su-kien"');
    const edit = await agent.get("/p/tanyen/categories/cat-tin-tuc-su-kien");
    expect(edit.status).toBe(403);
  });

  it("the completeness board flags empty mandatory categories red and shows the last publication of the others", async () => {
    const created = await s.call("POST", "/portals/tanyen/items", "tanyen.focal-officer", {
      kind: "article",
      categoryIds: ["cat-tin-tuc-su-kien"],
      locales: { vi: { title: "Hội nghị tổng kết năm 2026", bodyHtml: "<p>Nội dung.</p>" } },
    });
    const id = created.body.itemId as string;
    for (const [step, user] of [
      ["submit", "tanyen.focal-officer"],
      ["approve", "tanyen.board-member"],
      ["publish", "tanyen.board-member"],
    ] as const)
      expect((await s.call("POST", `/portals/tanyen/items/${id}/${step}`, user, {})).status).toBe(200);

    const agent = new Agent(a.url);
    await agent.signIn("tanyen.focal-officer");
    const page = await agent.get("/p/tanyen/completeness");
    expect(page.status).toBe(200);
    const rows = [...page.html.matchAll(/<tr( class="stale")?>([\s\S]*?)<\/tr>/g)].map((m) => ({
      red: !!m[1],
      text: text(m[2] ?? ""),
    }));
    const news = rows.find((r) => r.text.includes("Tin tức - Sự kiện"));
    const about = rows.find((r) => r.text.includes("Giới thiệu - Cơ cấu tổ chức"));
    expect(news).toMatchObject({ red: false });
    expect(news?.text).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    expect(news?.text).toContain("Đạt");
    expect(about).toMatchObject({ red: true });
    expect(about?.text).toContain("Chưa có bài");
    expect(text(page.html)).toMatch(/\d+ chuyên mục bắt buộc cần xử lý\./);
  });

  it("a contributor gets the 403 page", async () => {
    const agent = new Agent(a.url);
    await agent.signIn("tanyen.contributor");
    expect((await agent.get("/p/tanyen/categories")).status).toBe(403);
    expect((await agent.get("/p/tanyen/completeness")).status).toBe(403);
  });
});
