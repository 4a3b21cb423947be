// Royalties through the admin against the real content service (R-ROYALTY, R-OFFICE): the
// month's published works with their contributors and amounts in VND, the total, the statement
// CSV; a wrong period said in Vietnamese; board only.
import { waitFor } from "@cong/testing";
import { Agent, type RunningAdmin, type Services, startAdmin, startServices } from "./fixtures";

let s: Services;
let a: RunningAdmin;
beforeAll(async () => {
  s = await startServices("admin-royalties");
  a = await startAdmin("admin-royalties", s);
});
afterAll(async () => {
  await a?.stop();
  await s?.stop();
});

function thisMonth(): string {
  const v = new Date(Date.now() + 7 * 3600_000);
  return `${v.getUTCFullYear()}-${String(v.getUTCMonth() + 1).padStart(2, "0")}`;
}

describe("royalties (R-ROYALTY)", () => {
  it("the board sees this month's works, contributors, amounts and total, and downloads the statement", async () => {
    const created = await s.call("POST", "/portals/tanyen/items", "tanyen.focal-officer", {
      kind: "article",
      categoryIds: ["cat-tin-tuc-su-kien"],
      contributors: [
        { name: "Hoàng Thị Mai", role: "Tác giả" },
        { name: "Đỗ Văn Quang", role: "Ảnh" },
      ],
      locales: { vi: { title: "Mùa vải thiều Tân Yên 2026", bodyHtml: "<p>Nội dung.</p>" } },
    });
    const id = created.body.itemId as string;
    for (const [step, user] of [
      ["submit", "tanyen.focal-officer"],
      ["approve", "tanyen.board-member"],
      ["publish", "tanyen.board-member"],
    ] as const)
      expect((await s.call("POST", `/portals/tanyen/items/${id}/${step}`, user, {})).status).toBe(200);
    const period = thisMonth();
    const api = await waitFor(async () => {
      const r = await s.call("GET", `/portals/tanyen/royalties?period=${period}`, "tanyen.board-member");
      return r.body.items?.filter((x: { itemId: string }) => x.itemId === id).length === 2 ? r.body : null;
    });

    const board = new Agent(a.url);
    await board.signIn("tanyen.board-member");
    const page = await board.get("/p/tanyen/royalties");
    expect(page.status).toBe(200);
    expect(page.html).toContain('href="/p/tanyen/royalties"');
    expect(page.html).toContain(`value="${period.slice(5)}/${period.slice(0, 4)}"`);
    expect(page.html).toContain("Mùa vải thiều Tân Yên 2026");
    expect(page.html).toContain("Hoàng Thị Mai");
    expect(page.html).toContain("Đỗ Văn Quang");
    const amount = api.items.find((x: { itemId: string }) => x.itemId === id).amount as number;
    const vnd = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    expect(page.html).toContain(vnd(amount));
    expect(page.html).toContain(vnd(api.total));

    const csv = await fetch(`${a.url}/p/tanyen/royalties/statement.csv?period=${period}`, {
      headers: { cookie: board.cookieHeader(new URL(a.url)) },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-disposition")).toContain(`nhuan-but-tanyen-${period}.csv`);
    const text = await csv.text();
    expect(text).toContain("Hoàng Thị Mai");
    expect(text).toContain("Mùa vải thiều Tân Yên 2026");

    const bad = await board.get("/p/tanyen/royalties?period=13/2026");
    expect(bad.status).toBe(422);
    expect(bad.html).toContain("Kỳ phải có dạng MM/yyyy.");
  });

  it("a focal officer gets the 403 page and no menu entry", async () => {
    const agent = new Agent(a.url);
    const home = await agent.signIn("tanyen.focal-officer");
    expect(home.html).not.toContain('href="/p/tanyen/royalties"');
    expect((await agent.get("/p/tanyen/royalties")).status).toBe(403);
  });
});
