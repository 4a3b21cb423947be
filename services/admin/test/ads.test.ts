// Ad slots through the admin against the real content service (R-ADS): create with a run typed
// in Vietnam time, content's refusal of a non-image address in Vietnamese, stop now, delete;
// never on a legal document (content's public read carries none there); board only.
import { Agent, type RunningAdmin, type Services, startAdmin, startServices } from "./fixtures";

let s: Services;
let a: RunningAdmin;
beforeAll(async () => {
  s = await startServices("admin-ads");
  a = await startAdmin("admin-ads", s);
});
afterAll(async () => {
  await a?.stop();
  await s?.stop();
});

describe("ad slots (R-ADS)", () => {
  it("a board member creates an ad in Vietnam time, it shows, a legal document's page gets none, then it is stopped and deleted", async () => {
    const board = new Agent(a.url);
    await board.signIn("tanyen.board-member");
    let page = await board.get("/p/tanyen/ads/new");
    expect(page.status).toBe(200);
    expect(page.html).toContain('href="/p/tanyen/ads"');
    const form = {
      _csrf: Agent.csrf(page),
      title: "Ngày hội sản phẩm OCOP Tân Yên",
      imageUrl: "https://tanyen.bacgiang.gov.vn/anh/ocop.png",
      linkUrl: "https://tanyen.bacgiang.gov.vn/ocop",
      placement: "sidebar",
      startsAt: "01/01/2026 08:00",
      endsAt: "31/12/2030 17:00",
    };
    // a wrong date and a http address: Vietnamese messages beside the fields, nothing sent
    const bad = await board.post("/p/tanyen/ads", {
      ...form,
      startsAt: "32/01/2026 08:00",
      linkUrl: "http://x.vn",
    });
    expect(bad.status).toBe(422);
    expect(bad.html).toContain("Ngày giờ không hợp lệ (dd/MM/yyyy HH:mm).");
    expect(bad.html).toContain("Chỉ chấp nhận địa chỉ bắt đầu bằng https://.");
    // content refuses an address that is no image: said beside the field
    const notImage = await board.post("/p/tanyen/ads", {
      ...form,
      imageUrl: "https://tanyen.bacgiang.gov.vn/ocop",
    });
    expect(notImage.status).toBe(422);
    expect(notImage.html).toContain("Địa chỉ phải là một ảnh (.png, .jpg, .webp, .gif, .avif) qua https.");
    expect(notImage.html).not.toContain("validation_failed");

    page = await board.post("/p/tanyen/ads", form);
    expect(page.html).toContain("Đã thêm quảng cáo.");
    expect(page.html).toContain("Ngày hội sản phẩm OCOP Tân Yên");
    expect(page.html).toContain("01/01/2026 08:00 – 31/12/2030 17:00");
    expect(page.html).toContain("Đang hiển thị");
    expect(page.html).toContain("Không đặt trên văn bản pháp luật");
    const ads = await s.call("GET", "/portals/tanyen/ads", "tanyen.board-member");
    const ad = ads.body.items.find((x: { title: string }) => x.title === form.title);
    expect(ad.startsAt).toBe("2026-01-01T01:00:00.000Z");

    // on the portal: shown on the home page, never on a legal document's page
    const home = await s.call("GET", "/public/portals/tanyen/ads", null);
    expect(home.body.items.map((x: { adId: string }) => x.adId)).toContain(ad.adId);
    const legal = await s.call("GET", "/public/portals/tanyen/ads?listing=legal-documents", null);
    expect(legal.body.items).toEqual([]);

    page = await board.get(`/p/tanyen/ads/${ad.adId}`);
    page = await board.post(`/p/tanyen/ads/${ad.adId}/pause`, { _csrf: Agent.csrf(page) });
    expect(page.html).toContain("Đã dừng hiển thị quảng cáo.");
    expect(page.html).toContain("Đã kết thúc");
    const after = await s.call("GET", "/public/portals/tanyen/ads", null);
    expect(after.body.items.map((x: { adId: string }) => x.adId)).not.toContain(ad.adId);

    page = await board.get(`/p/tanyen/ads/${ad.adId}`);
    page = await board.post(`/p/tanyen/ads/${ad.adId}/delete`, { _csrf: Agent.csrf(page) });
    expect(page.html).toContain("Đã xoá quảng cáo.");
    expect(page.html).not.toContain(`/p/tanyen/ads/${ad.adId}`);
  });

  it("a focal officer has no ad menu and gets the 403 page", async () => {
    const agent = new Agent(a.url);
    const home = await agent.signIn("tanyen.focal-officer");
    expect(home.html).not.toContain('href="/p/tanyen/ads"');
    expect((await agent.get("/p/tanyen/ads")).status).toBe(403);
  });
});
