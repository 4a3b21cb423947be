// Ad slots (R-ADS, R-ORG) against the real servers: https-only banners with start/end dates,
// managed by the portal's board or a platform admin, never shown on legal-document pages.
import { caller, type Harness, startExtras } from "./feedback-harness";

const DAY = 86_400_000;

describe("ad slots (R-ADS)", () => {
  let h: Harness;
  const call = caller(() => h);
  const banner = (extra: Record<string, unknown> = {}) => ({
    title: "Ngày hội Chuyển đổi số tỉnh Bắc Giang",
    imageUrl: "https://cdn.bacgiang.gov.vn/banners/chuyen-doi-so.png",
    linkUrl: "https://chuyendoiso.bacgiang.gov.vn/",
    startsAt: new Date(Date.now() - DAY).toISOString(),
    endsAt: new Date(Date.now() + 10 * DAY).toISOString(),
    ...extra,
  });

  beforeAll(async () => {
    h = await startExtras("ads");
    await h.addPortal({ portalId: "tanyen", kind: "district" });
    await h.addPortal({ portalId: "stttt" });
    await h.addItem({ itemId: "tin-tuc-1", portalId: "tanyen" });
    await h.addItem({
      itemId: "nghi-quyet-12",
      portalId: "tanyen",
      kind: "legal-document",
      isLegalDocument: true,
      commentsEnabled: false,
    });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("R-ADS: link and image must be https; dates ordered", async () => {
    for (const bad of [
      { linkUrl: "http://chuyendoiso.bacgiang.gov.vn/" },
      { linkUrl: "javascript:alert(1)" },
      { linkUrl: "https://user:pw@evil.example/" },
      { imageUrl: "http://cdn.bacgiang.gov.vn/a.png" },
      { imageUrl: "https://cdn.bacgiang.gov.vn/a.html" },
      { imageUrl: "data:image/png;base64,AAAA" },
      { endsAt: new Date(Date.now() - 2 * DAY).toISOString() },
      // not URLs at all, or not strings (issue 15, class 5: these answered 500)
      { imageUrl: "not a url" },
      { imageUrl: "" },
      { imageUrl: "https://" },
      { imageUrl: "%C3%28" },
      { imageUrl: 42 },
      { imageUrl: null },
      { linkUrl: "::::" },
      { linkUrl: ["https://a.example/"] },
      { startsAt: "2026-13-45" },
      { endsAt: "ngày mai" },
    ]) {
      const r = await call("POST", "/portals/tanyen/ads", "tanyen.board-head", banner(bad));
      expect({ bad, status: r.status }).toEqual({ bad, status: 422 });
      expect(r.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    }
    // an operator where a value belongs is refused by the kit's body guard
    const op = await call(
      "POST",
      "/portals/tanyen/ads",
      "tanyen.board-head",
      banner({ imageUrl: { $gt: "" } }),
    );
    expect(op.status).toBe(400);
    // a change to an existing banner is checked the same way
    const ok = await call("POST", "/portals/tanyen/ads", "tanyen.board-head", banner({}));
    expect(ok.status).toBe(201);
    for (const bad of [
      { imageUrl: "not a url" },
      { imageUrl: "https://" },
      { linkUrl: "" },
      { startsAt: "x" },
    ]) {
      const r = await call("PATCH", `/portals/tanyen/ads/${ok.body.adId}`, "tanyen.board-head", bad);
      expect({ bad, status: r.status }).toEqual({ bad, status: 422 });
    }
    // nothing of it was changed, and it goes again (the later tests count the portal's banners)
    const same = await call("GET", `/portals/tanyen/ads/${ok.body.adId}`, "tanyen.board-head");
    expect(same.body.imageUrl).toBe(banner().imageUrl);
    expect((await call("DELETE", `/portals/tanyen/ads/${ok.body.adId}`, "tanyen.board-head")).status).toBe(
      204,
    );
  });

  it("R-ORG: only the portal's board or a platform admin manages its ads", async () => {
    expect((await call("POST", "/portals/tanyen/ads", "stttt.board-head", banner())).status).toBe(403);
    expect((await call("POST", "/portals/tanyen/ads", "tanyen.focal-officer", banner())).status).toBe(403);
    expect((await call("POST", "/portals/tanyen/ads", null, banner())).status).toBe(401);
    const admin = await call(
      "POST",
      "/portals/tanyen/ads",
      "platform.admin",
      banner({ placement: "home-top" }),
    );
    expect(admin.status).toBe(201);
    expect((await call("DELETE", `/portals/tanyen/ads/${admin.body.adId}`, "stttt.board-head")).status).toBe(
      403,
    );
    expect(
      (await call("DELETE", `/portals/tanyen/ads/${admin.body.adId}`, "tanyen.board-member")).status,
    ).toBe(204);
  });

  it("R-ADS: active banners on ordinary pages, none on legal-document pages or listings, none outside their dates", async () => {
    const active = await call("POST", "/portals/tanyen/ads", "tanyen.board-member", banner());
    expect(active.status).toBe(201);
    const future = await call(
      "POST",
      "/portals/tanyen/ads",
      "tanyen.board-member",
      banner({
        title: "Sắp diễn ra",
        startsAt: new Date(Date.now() + 5 * DAY).toISOString(),
        endsAt: new Date(Date.now() + 9 * DAY).toISOString(),
      }),
    );
    expect(future.status).toBe(201);

    const home = await call("GET", "/public/portals/tanyen/ads", null);
    expect(home.status).toBe(200);
    expect(home.body.items.map((a: any) => a.adId)).toEqual([active.body.adId]);
    expect(home.body.items[0]).not.toHaveProperty("createdBy");
    const article = await call("GET", "/public/portals/tanyen/ads?itemId=tin-tuc-1", null);
    expect(article.body.items).toHaveLength(1);

    const legal = await call("GET", "/public/portals/tanyen/ads?itemId=nghi-quyet-12", null);
    expect(legal.status).toBe(200);
    expect(legal.body.items).toEqual([]);
    const legalListing = await call("GET", "/public/portals/tanyen/ads?listing=legal-documents", null);
    expect(legalListing.body.items).toEqual([]);
    expect((await call("GET", "/public/portals/stttt/ads", null)).body.items).toEqual([]);

    // moving the end date into the past takes it down
    const patched = await call("PATCH", `/portals/tanyen/ads/${active.body.adId}`, "tanyen.board-head", {
      startsAt: new Date(Date.now() - 3 * DAY).toISOString(),
      endsAt: new Date(Date.now() - DAY).toISOString(),
    });
    expect(patched.status).toBe(200);
    expect((await call("GET", "/public/portals/tanyen/ads", null)).body.items).toEqual([]);
    const listed = await call("GET", "/portals/tanyen/ads", "tanyen.board-head");
    expect(listed.body.items).toHaveLength(2);
  });
});
