// Publishing against the real Kafka and Mongo (issue 7): events produced onto Kafka with the
// contracts' envelope become pages on the right portal's host (R-DOM); withdrawal → notice,
// gone → 410, changed slug → 301; unknown host → 404; diacritics-insensitive search (R-STD);
// attribution on pages and feeds (R-ATTRIB); caching and security headers; feedback forms
// forwarded to the content service (R-FEEDBACK, R-PII).
import http from "node:http";
import {
  AssetProcessed,
  AVAILABILITY_PROBE_AGENT,
  ContentExpired,
  ContentPublished,
  ContentUnpublished,
  PageViewsReport,
} from "@cong/contracts";
import { waitFor } from "@cong/testing";
import { loadPublishingConfig } from "../src/config";
import { rebuild } from "../src/rebuild";
import {
  actor,
  env,
  type Harness,
  itemId,
  publishData,
  seedPortals,
  snapshot,
  startHarness,
} from "./helpers";

const ST = "stttt.bacgiang.localhost";
const TY = "tanyen.bacgiang.localhost";
const BG = "bacgiang.localhost";

describe("publishing on the real servers", () => {
  let h: Harness;
  let content: http.Server;
  let contentPort = 0;
  const received: { url: string; body: Record<string, unknown> }[] = [];
  let contentDown = false;
  /** a problem+json content answers the next intake with (422), as content would refuse a field */
  let contentRefuses: Record<string, unknown> | undefined;

  beforeAll(async () => {
    // the content service's public intake, as seen by publishing (an HTTP peer, not a data store)
    content = http.createServer((req, res) => {
      let raw = "";
      req.on("data", (c) => (raw += c));
      req.on("end", () => {
        if (contentDown) {
          res.statusCode = 503;
          return void res.end();
        }
        if (contentRefuses) {
          res.statusCode = 422;
          res.setHeader("content-type", "application/problem+json");
          res.end(JSON.stringify(contentRefuses));
          contentRefuses = undefined;
          return;
        }
        received.push({ url: req.url ?? "", body: JSON.parse(raw) });
        res.statusCode = 201;
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ id: "fb-1" }));
      });
    });
    await new Promise<void>((r) => content.listen(0, "127.0.0.1", () => r()));
    const a = content.address();
    contentPort = typeof a === "object" && a ? a.port : 0;
    h = await startHarness("publishing", {
      CONTENT_API_URL: `http://127.0.0.1:${contentPort}`,
      PAGEVIEWS_TOKEN: "pageviews-token-for-tests-0123456789",
    });
    await seedPortals(h);
    await waitFor(async () => (await h.get(TY, "/")).status === 200, {
      what: "portals registered",
      timeoutMs: 60_000,
    });
  });

  afterAll(async () => {
    await h?.close();
    content?.close();
  });

  const live = (host: string, path: string, text: string) =>
    waitFor(
      async () => {
        const r = await h.get(host, path);
        return r.status === 200 && r.body.includes(text) ? r : undefined;
      },
      { what: `${host}${path} showing ${text}`, timeoutMs: 30_000 },
    );

  it("serves a published item on its portal's host only, with attribution (R-DOM, R-ATTRIB)", async () => {
    const id = itemId();
    const s = snapshot(
      "stttt",
      id,
      1,
      "Hội nghị chuyển đổi số tỉnh Bắc Giang năm 2026",
      "hoi-nghi-chuyen-doi-so-2026",
    );
    await h.send(ContentPublished, publishData(s));
    const page = await live(ST, "/tin/hoi-nghi-chuyen-doi-so-2026", "Hội nghị chuyển đổi số");
    expect(page.headers["content-type"]).toMatch(/text\/html; charset=utf-8/);
    expect(page.body).toContain('<html lang="vi">');
    expect(page.body).toContain("Nguồn: Cổng TTĐT tỉnh Bắc Giang");
    expect(page.body).toContain('type="application/ld+json"');
    expect((await h.get(TY, "/tin/hoi-nghi-chuyen-doi-so-2026")).status).toBe(404);
    expect((await h.get(BG, "/tin/hoi-nghi-chuyen-doi-so-2026")).status).toBe(404);
    // listed on its category and home, and in the provincial aggregate
    expect((await h.get(ST, "/chuyen-muc/tin-tuc-su-kien")).body).toContain("Hội nghị chuyển đổi số");
    const province = await h.get(BG, "/");
    expect(province.body).toContain("Hội nghị chuyển đổi số");
    expect(province.body).toContain(`http://${ST}:${h.pub.port}/tin/hoi-nghi-chuyen-doi-so-2026`);
    // print view
    const print = await h.get(ST, "/tin/hoi-nghi-chuyen-doi-so-2026/ban-in");
    expect(print.status).toBe(200);
    expect(print.body).toContain('class="print"');
  });

  it("answers an unknown host with a Vietnamese 404", async () => {
    const r = await h.get("khongco.bacgiang.localhost", "/");
    expect(r.status).toBe(404);
    expect(r.body).toContain("Không tìm thấy cổng thông tin");
    expect((await h.get("example.com", "/")).status).toBe(404);
  });

  it("redirects a changed slug with 301 and never lets an older revision overwrite a newer one", async () => {
    const id = itemId();
    const v1 = snapshot("stttt", id, 1, "Kế hoạch chuyển đổi số năm 2026", "ke-hoach-cds-2026");
    await h.send(ContentPublished, publishData(v1));
    await live(ST, "/tin/ke-hoach-cds-2026", "Kế hoạch chuyển đổi số năm 2026");
    const v2 = snapshot(
      "stttt",
      id,
      2,
      "Kế hoạch chuyển đổi số năm 2026 (sửa đổi)",
      "ke-hoach-chuyen-doi-so-2026",
    );
    v2.locales.vi.previousSlugs = ["ke-hoach-cds-2026"];
    await h.send(ContentPublished, publishData(v2));
    await live(ST, "/tin/ke-hoach-chuyen-doi-so-2026", "(sửa đổi)");
    const old = await h.get(ST, "/tin/ke-hoach-cds-2026");
    expect(old.status).toBe(301);
    expect(old.headers.location).toBe("/tin/ke-hoach-chuyen-doi-so-2026");
    // revision 1 delivered again as a new event (e.g. a replay): ignored
    await h.send(ContentPublished, publishData(v1));
    const marker = snapshot("stttt", itemId(), 1, "Mốc kiểm tra thứ tự", "moc-kiem-tra-thu-tu");
    await h.send(ContentPublished, publishData(marker));
    await live(ST, "/tin/moc-kiem-tra-thu-tu", "Mốc kiểm tra");
    const page = await h.get(ST, "/tin/ke-hoach-chuyen-doi-so-2026");
    expect(page.body).toContain("(sửa đổi)");
    expect(page.body).toContain('data-revision="2"');
  });

  it("shows a withdrawal notice, answers 410 for gone and archived items, 301 for redirected ones", async () => {
    const [a, b, c, d] = [itemId(), itemId(), itemId(), itemId()];
    const sa = snapshot(
      "stttt",
      a,
      1,
      "Thông báo lịch tiếp công dân tháng 12",
      "lich-tiep-cong-dan-thang-12",
    );
    const sb = snapshot("stttt", b, 1, "Tin đã gỡ bỏ", "tin-da-go-bo");
    const sc = snapshot("stttt", c, 1, "Tin chuyển hướng", "tin-chuyen-huong");
    const sd = snapshot("stttt", d, 1, "Tin hết hạn lưu trữ", "tin-het-han");
    for (const s of [sa, sb, sc, sd]) await h.send(ContentPublished, publishData(s));
    await live(ST, "/tin/tin-het-han", "Tin hết hạn");
    const base = {
      portalId: "stttt",
      revision: 1,
      unpublishedAt: new Date().toISOString(),
      unpublishedBy: actor,
    };
    await h.send(ContentUnpublished, {
      ...base,
      itemId: a,
      mode: "withdrawn",
      publicReason: "Thông tin đã được thay thế bởi thông báo số 12/TB-STTTT.",
    });
    await h.send(ContentUnpublished, { ...base, itemId: b, mode: "gone" });
    await h.send(ContentUnpublished, {
      ...base,
      itemId: c,
      mode: "redirected",
      redirectTo: "/tin/hoi-nghi-chuyen-doi-so-2026",
    });
    await h.send(ContentExpired, {
      itemId: d,
      portalId: "stttt",
      retentionClass: "limited-5y",
      publishedAt: sd.publishedAt,
      expiredAt: new Date().toISOString(),
    });
    const notice = await live(ST, "/tin/lich-tiep-cong-dan-thang-12", "12/TB-STTTT");
    expect(notice.body).toContain("đã được rút");
    await waitFor(async () => (await h.get(ST, "/tin/tin-da-go-bo")).status === 410, { what: "gone → 410" });
    await waitFor(async () => (await h.get(ST, "/tin/tin-het-han")).status === 410, {
      what: "expired → 410",
    });
    const moved = await waitFor(async () => {
      const r = await h.get(ST, "/tin/tin-chuyen-huong");
      return r.status === 301 ? r : undefined;
    });
    expect(moved.headers.location).toBe("/tin/hoi-nghi-chuyen-doi-so-2026");
    // taken-down items leave the listings
    const list = await h.get(ST, "/chuyen-muc/tin-tuc-su-kien");
    expect(list.body).not.toContain("Tin đã gỡ bỏ");
    expect(list.body).not.toContain("Thông báo lịch tiếp công dân");
  });

  it("finds Vietnamese text whatever the diacritics, with highlights; the provincial portal searches all", async () => {
    const id = itemId();
    const s = snapshot(
      "tanyen",
      id,
      1,
      "Quy hoạch đê điều huyện Tân Yên giai đoạn 2026-2030",
      "quy-hoach-de-dieu-tan-yen",
    );
    await h.send(ContentPublished, publishData(s));
    await live(TY, "/tin/quy-hoach-de-dieu-tan-yen", "Quy hoạch");
    for (const q of ["quy hoach", "Quy hoạch", "đê điều", "de dieu", "DE DIEU"]) {
      const r = await h.get(TY, `/tim-kiem?q=${encodeURIComponent(q)}`);
      expect(r.status).toBe(200);
      expect(r.body).toContain("quy-hoach-de-dieu-tan-yen");
    }
    expect((await h.get(TY, `/tim-kiem?q=${encodeURIComponent("quy hoach")}`)).body).toContain(
      "<mark>Quy</mark> <mark>hoạch</mark>",
    );
    expect((await h.get(ST, `/tim-kiem?q=${encodeURIComponent("de dieu")}`)).body).not.toContain(
      "quy-hoach-de-dieu-tan-yen",
    );
    const all = await h.get(BG, `/tim-kiem?q=${encodeURIComponent("de dieu")}&pham-vi=tat-ca`);
    expect(all.body).toContain(`http://${TY}:${h.pub.port}/tin/quy-hoach-de-dieu-tan-yen`);
    // escaping: the query is echoed, never as markup
    const xss = await h.get(TY, `/tim-kiem?q=${encodeURIComponent("<script>alert(1)</script>")}`);
    expect(xss.body).not.toContain("<script>alert(1)");
    expect(xss.body).toContain("&lt;script&gt;");
  });

  it("answers conditional requests with 304 and purges only the pages an event touches", async () => {
    const id = itemId();
    const s = snapshot("stttt", id, 1, "Bài viết kiểm tra bộ đệm", "bai-viet-kiem-tra-bo-dem");
    await h.send(ContentPublished, publishData(s));
    const first = await live(ST, "/tin/bai-viet-kiem-tra-bo-dem", "bộ đệm");
    const etag = String(first.headers.etag);
    expect(first.headers["last-modified"]).toBeDefined();
    expect((await h.get(ST, "/tin/bai-viet-kiem-tra-bo-dem", { "if-none-match": etag })).status).toBe(304);
    expect(
      (
        await h.get(ST, "/tin/bai-viet-kiem-tra-bo-dem", {
          "if-modified-since": String(first.headers["last-modified"]),
        })
      ).status,
    ).toBe(304);
    await h.get(TY, "/"); // cached page of another portal
    const keysBefore = h.pub.cache.keys();
    expect(keysBefore.some((k) => k.startsWith("tanyen|/"))).toBe(true);
    await h.send(
      ContentPublished,
      publishData({
        ...s,
        revision: 2,
        locales: { vi: { ...s.locales.vi, title: "Bài viết kiểm tra bộ đệm (mới)" } },
      }),
    );
    const updated = await live(ST, "/tin/bai-viet-kiem-tra-bo-dem", "(mới)");
    expect(updated.headers.etag).not.toBe(etag);
    // the other district's home was not purged by a department's item
    expect(h.pub.cache.keys()).toContain("tanyen|/");
  });

  it("sends the security headers: CSP without inline script, nosniff, referrer policy, Permissions-Policy, HSTS only behind TLS", async () => {
    const r = await h.get(ST, "/");
    const csp = String(r.headers["content-security-policy"]);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(r.headers["x-content-type-options"]).toBe("nosniff");
    expect(r.headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    // no page asks for the camera, the microphone or the reader's location (issue 17)
    const features = String(r.headers["permissions-policy"]);
    for (const f of ["camera=()", "microphone=()", "geolocation=()", "payment=()"])
      expect(features).toContain(f);
    expect(r.headers["strict-transport-security"]).toBeUndefined();
    const tls = await h.get(ST, "/", { "x-forwarded-proto": "https" });
    expect(tls.headers["strict-transport-security"]).toContain("max-age=");
    // cached pages (fast path) carry the same headers
    const again = await h.get(ST, "/");
    expect(again.headers["content-security-policy"]).toBe(csp);
    expect(again.headers["x-content-type-options"]).toBe("nosniff");
    expect(again.headers["permissions-policy"]).toBe(features);
    // and the static files and error pages too
    expect((await h.get(ST, "/khong-co-trang-nay")).headers["permissions-policy"]).toBe(features);
    expect(
      (await h.get(ST, "/", { "x-forwarded-proto": "https" })).headers["strict-transport-security"],
    ).toContain("max-age=");
    const api = await h.get(ST, "/openapi.yaml");
    expect(api.status).toBe(200);
    expect(api.body).toContain("openapi: 3.1.0");
  });

  it("publishes RSS, Atom, sitemap and robots.txt with attribution on every feed item (R-STD, R-ATTRIB)", async () => {
    const rss = await h.get(ST, "/rss.xml");
    expect(rss.status).toBe(200);
    expect(rss.headers["content-type"]).toMatch(/application\/rss\+xml/);
    const items = rss.body.split("<item>").slice(1);
    expect(items.length).toBeGreaterThan(0);
    for (const it of items) expect(it).toContain("Nguồn: Cổng TTĐT tỉnh Bắc Giang");
    const atom = await h.get(ST, "/chuyen-muc/tin-tuc-su-kien/atom.xml");
    expect(atom.body).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
    expect(atom.body).toContain("<entry>");
    const sm = await h.get(ST, "/sitemap.xml");
    expect(sm.body).toContain(`/tin/hoi-nghi-chuyen-doi-so-2026</loc>`);
    // the numbered files of a large portal's sitemap index: part 1 exists, others do not yet
    expect((await h.get(ST, "/sitemap-1.xml")).body).toContain(`/tin/hoi-nghi-chuyen-doi-so-2026</loc>`);
    expect((await h.get(ST, "/sitemap-9.xml")).status).toBe(404);
    expect((await h.get(ST, "/robots.txt")).body).toContain("Sitemap:");
  });

  it("shows English pages where translated, with lang and hreflang", async () => {
    const id = itemId();
    const s = snapshot(
      "bacgiang",
      id,
      1,
      "Bắc Giang thu hút đầu tư năm 2026",
      "bac-giang-thu-hut-dau-tu-2026",
      {
        categoryIds: ["bacgiang-tin-tuc"],
      },
    );
    s.locales.en = {
      title: "Bac Giang attracts investment in 2026",
      slug: "bac-giang-attracts-investment-2026",
      bodyHtml: "<p>Investment news.</p>",
      previousSlugs: [],
    };
    await h.send(ContentPublished, publishData(s));
    const en = await live(BG, "/en/tin/bac-giang-attracts-investment-2026", "attracts investment");
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain('hreflang="vi"');
    const vi = await h.get(BG, "/tin/bac-giang-thu-hut-dau-tu-2026");
    expect(vi.body).toContain('hreflang="en"');
    // a portal without English answers 404 under /en
    expect((await h.get(ST, "/en/")).status).toBe(404);
  });

  it("uses media renditions with alt text from media.asset.processed", async () => {
    const id = itemId();
    const assetId = `as${Date.now().toString(36)}x1`;
    await h.send(AssetProcessed, {
      assetId,
      portalId: "stttt",
      kind: "image",
      renditions: [
        { name: "w320.webp", mimeType: "image/webp", width: 320, height: 213, sizeBytes: 1000 },
        { name: "w640.webp", mimeType: "image/webp", width: 640, height: 426, sizeBytes: 3000 },
      ],
      altText: "Toàn cảnh hội nghị",
      decorative: false,
      hasCaptions: false,
      textExtracted: false,
      processedAt: new Date().toISOString(),
    });
    const s = snapshot("stttt", id, 1, "Bài có ảnh", "bai-co-anh", {
      media: [{ assetId, role: "cover", decorative: false }],
    });
    await h.send(ContentPublished, publishData(s));
    const page = await live(ST, "/tin/bai-co-anh", `/assets/${assetId}/w640.webp`);
    expect(page.body).toContain('alt="Toàn cảnh hội nghị"');
  });

  it("takes feedback with consent and a form token and forwards it to the content service (R-FEEDBACK, R-PII)", async () => {
    const form = await h.get(ST, "/gop-y");
    expect(form.status).toBe(200);
    const csrf = /name="csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? "";
    expect(csrf).not.toBe("");
    const good = {
      csrf,
      loai: "question",
      "ho-ten": "Nguyễn Văn An",
      email: "an@vidu.vn",
      "noi-dung": "Xin hỏi thủ tục cấp phép trạm phát sóng?",
      "dong-y": "1",
    };
    const ok = await h.post(ST, "/gop-y", good);
    expect(ok.status).toBe(200);
    expect(ok.body).toContain("Cảm ơn bạn");
    expect(received.at(-1)).toEqual({
      url: "/public/portals/stttt/feedback",
      body: {
        kind: "question",
        fullName: "Nguyễn Văn An",
        email: "an@vidu.vn",
        message: "Xin hỏi thủ tục cấp phép trạm phát sóng?",
        consent: true,
      },
    });
    const n = received.length;
    // no consent → 422 with the error, nothing forwarded
    const noConsent = await h.post(ST, "/gop-y", { ...good, "dong-y": "" });
    expect(noConsent.status).toBe(422);
    expect(noConsent.body).toContain("Cần bạn đồng ý");
    // a forged or missing token → 403; a token of another portal → 403
    expect((await h.post(ST, "/gop-y", { ...good, csrf: "x.y.z" })).status).toBe(403);
    expect((await h.post(TY, "/gop-y", good)).status).toBe(403);
    // a cross-site post → 403
    expect((await h.post(ST, "/gop-y", good, { origin: "https://evil.example" })).status).toBe(403);
    // the honeypot: accepted-looking, not forwarded
    expect((await h.post(ST, "/gop-y", { ...good, website: "http://spam.example" })).status).toBe(200);
    expect(received.length).toBe(n);
    // content unreachable → a clear 503 page
    contentDown = true;
    const down = await h.post(ST, "/gop-y", good);
    contentDown = false;
    expect(down.status).toBe(503);
    expect(down.body).toContain("CHƯA được gửi");
  });

  it("takes a phone number as people write it and refuses at the form what content would refuse (issue 16, R-FEEDBACK)", async () => {
    const csrfOf = async () =>
      /name="csrf" value="([^"]+)"/.exec((await h.get(ST, "/gop-y")).body)?.[1] ?? "";
    const base = {
      loai: "feedback",
      "ho-ten": "Nguyễn Thị Hoà".normalize("NFD"),
      "noi-dung": "Đèn đường thôn Đông bị hỏng đã hai tuần.",
      "dong-y": "1",
    };
    for (const phone of ["0204 3854 111", "0204.3854.111", "+84 204 3854 111", "(0204) 3854111"]) {
      const sent = await h.post(ST, "/gop-y", { ...base, csrf: await csrfOf(), "dien-thoai": phone });
      expect(sent.status).toBe(200);
      expect(sent.body).toContain("Cảm ơn bạn");
      // the contract's parsed output: the national form, the name in NFC
      expect(received.at(-1)).toEqual({
        url: "/public/portals/stttt/feedback",
        body: {
          kind: "feedback",
          fullName: "Nguyễn Thị Hoà",
          phone: "02043854111",
          message: "Đèn đường thôn Đông bị hỏng đã hai tuần.",
          consent: true,
        },
      });
    }
    const n = received.length;
    // what content refuses is refused beside its field (never the "Chưa gửi được" page); nothing sent
    const refused = await h.post(ST, "/gop-y", {
      ...base,
      csrf: await csrfOf(),
      "ho-ten": "A",
      "dien-thoai": "0912 34",
    });
    expect(refused.status).toBe(422);
    expect(refused.body).toContain("Vui lòng sửa các lỗi sau");
    expect(refused.body).toContain('<a href="#f-ho-ten">Họ và tên cần ít nhất 2 ký tự.</a>');
    expect(refused.body).toContain('id="e-dien-thoai">Số điện thoại chưa đúng');
    expect(refused.body).toContain('value="0912 34"');
    expect(refused.body).not.toContain("Chưa gửi được");
    const noContact = await h.post(ST, "/gop-y", { ...base, csrf: await csrfOf() });
    expect(noContact.status).toBe(422);
    expect(noContact.body).toContain("Nhập thư điện tử hoặc số điện thoại để Ban biên tập trả lời bạn.");
    expect(received.length).toBe(n);
    // content refusing a field after all (its rules changed first): said beside the field too
    contentRefuses = {
      type: "https://cong.bacgiang.gov.vn/problems/validation",
      title: "Dữ liệu chưa hợp lệ",
      status: 422,
      code: "validation",
      errors: [{ path: "phone", code: "phone_invalid", message: "a Vietnamese phone number" }],
    };
    const late = await h.post(ST, "/gop-y", { ...base, csrf: await csrfOf(), "dien-thoai": "0912345678" });
    expect(late.status).toBe(422);
    expect(late.body).toContain('id="e-dien-thoai">Số điện thoại chưa đúng');
    expect(late.body).not.toContain("Chưa gửi được");
  });

  it("takes comments on a draft while its window is open", async () => {
    const id = itemId();
    const s = snapshot(
      "stttt",
      id,
      1,
      "Dự thảo quy định quản lý cổng thông tin",
      "du-thao-quy-dinh-cong-thong-tin",
      {
        kind: "draft-for-comment",
        categoryIds: ["stttt-van-ban"],
        retentionClass: "permanent",
        comment: {
          opensAt: new Date(Date.now() - 86_400_000).toISOString(),
          closesAt: new Date(Date.now() + 86_400_000).toISOString(),
        },
      },
    );
    await h.send(ContentPublished, publishData(s));
    const page = await live(ST, "/tin/du-thao-quy-dinh-cong-thong-tin", "Góp ý dự thảo");
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? "";
    const r = await h.post(ST, "/tin/du-thao-quy-dinh-cong-thong-tin/y-kien", {
      csrf,
      "ho-ten": "Trần Thị Bình",
      "noi-dung": "Đề nghị bổ sung quy định về thời hạn trả lời.",
      "dong-y": "1",
    });
    expect(r.status).toBe(200);
    // the body as the content service's comment contract reads it
    expect(received.at(-1)).toEqual({
      url: `/public/items/${id}/comments`,
      body: {
        text: "Đề nghị bổ sung quy định về thời hạn trả lời.",
        fullName: "Trần Thị Bình",
        consent: true,
      },
    });
    expect((await h.get(ST, "/du-thao")).body).toContain("Đang lấy ý kiến");
  });

  it("lists legal documents with filters", async () => {
    const mk = (n: number, docType: string, year: string) =>
      snapshot("stttt", itemId(), 1, `Văn bản số ${n}`, `van-ban-so-${n}`, {
        kind: "legal-document",
        categoryIds: ["stttt-van-ban"],
        retentionClass: "permanent",
        legal: {
          number: `${n}/${year}/QĐ-UBND`,
          docType,
          issuer: "UBND tỉnh Bắc Giang",
          signer: "Nguyễn Văn Gấu",
          issuedOn: `${year}-03-01`,
          effectiveOn: null,
          validity: "in-force",
        },
      });
    for (const s of [mk(36, "Quyết định", "2019"), mk(12, "Chỉ thị", "2024")])
      await h.send(ContentPublished, publishData(s));
    await live(ST, "/van-ban", "12/2024");
    const byType = await h.get(ST, `/van-ban?loai=${encodeURIComponent("Quyết định")}`);
    expect(byType.body).toContain("36/2019/QĐ-UBND");
    expect(byType.body).not.toContain("12/2024/QĐ-UBND");
    const byYear = await h.get(ST, "/van-ban?nam=2024");
    expect(byYear.body).toContain("12/2024/QĐ-UBND");
    expect(byYear.body).not.toContain("36/2019/QĐ-UBND");
    expect((await h.get(ST, "/van-ban?so=36%2F2019")).body).toContain("36/2019/QĐ-UBND");
  });

  it("counts page views without cookies and serves them to a token holder", async () => {
    await h.get(ST, "/tin/hoi-nghi-chuyen-doi-so-2026");
    const r = await h.get(ST, "/tin/hoi-nghi-chuyen-doi-so-2026");
    expect(r.headers["set-cookie"]).toBeUndefined();
    const day = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    expect((await h.get(ST, `/internal/pageviews?portalId=stttt&from=${day}&to=${day}`)).status).toBe(401);
    const res = await h.get(ST, `/internal/pageviews?portalId=stttt&from=${day}&to=${day}`, {
      authorization: "Bearer pageviews-token-for-tests-0123456789",
    });
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body) as { total: number; days: { items: Record<string, number> }[] };
    expect(body.total).toBeGreaterThanOrEqual(2);
    // the body is the contract archive reads (packages/contracts, issue 16); a bad query is a 400
    expect(PageViewsReport.parse(body)).toEqual(body);
    const bad = await h.get(ST, `/internal/pageviews?portalId=stttt&from=${day}&to=tomorrow`, {
      authorization: "Bearer pageviews-token-for-tests-0123456789",
    });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ code: "malformed_request" });
  });

  it("counts no page view for archive's availability probe (R-REPORT)", async () => {
    const day = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    const total = async () => {
      const res = await h.get(ST, `/internal/pageviews?portalId=stttt&from=${day}&to=${day}`, {
        authorization: "Bearer pageviews-token-for-tests-0123456789",
      });
      return (JSON.parse(res.body) as { total: number }).total;
    };
    const before = await total();
    // the home page twice (rendered, then from the cache) and an item page, as the probe asks them
    for (const page of ["/", "/", "/tin/hoi-nghi-chuyen-doi-so-2026"])
      expect((await h.get(ST, page, { "user-agent": AVAILABILITY_PROBE_AGENT })).status).toBe(200);
    expect(await total()).toBe(before);
    // a citizen's visit still counts
    expect((await h.get(ST, "/", { "user-agent": "Mozilla/5.0 (Linux; Android 14)" })).status).toBe(200);
    expect(await total()).toBe(before + 1);
  });

  it("rebuilds the read model from the earliest offset into a fresh database", async () => {
    // an item archived by the retention job, so the replay covers the archive topic too
    const id = itemId();
    const s = snapshot("stttt", id, 1, "Tin cũ chuyển lưu trữ", "tin-cu-chuyen-luu-tru");
    await h.send(ContentPublished, publishData(s));
    await live(ST, "/tin/tin-cu-chuyen-luu-tru", "Tin cũ");
    await h.send(ContentExpired, {
      itemId: id,
      portalId: "stttt",
      retentionClass: "limited-5y",
      publishedAt: s.publishedAt,
      expiredAt: new Date().toISOString(),
    });
    await waitFor(async () => (await h.get(ST, "/tin/tin-cu-chuyen-luu-tru")).status === 410, {
      what: "archived",
    });

    const fresh = `${h.dbName.slice(0, 50)}_rb`;
    const lines: string[] = [];
    const config = loadPublishingConfig({
      ...env,
      PORT: "3999",
      MANAGEMENT_PORT: "9999",
      MONGO_URL: `${env.MONGO_URL.replace(/\/$/, "")}/${fresh}`,
      KAFKA_TOPIC_PREFIX: h.prefix,
      LOG_LEVEL: "silent",
    });
    const result = await rebuild(config, { write: (s: string) => lines.push(s) > 0 });
    const { MongoClient } = await import("mongodb");
    const c = await new MongoClient(env.MONGO_URL).connect();
    try {
      expect(result.portals).toBe(3);
      expect(result.items).toBe(h.pub.model.items.size);
      expect(lines.join("")).toContain("100.0%");
      const stored = await c
        .db(fresh)
        .collection("pub_items")
        .findOne({ _id: id as never });
      expect(stored?.status).toBe("archived");
      const count = await c.db(fresh).collection("pub_items").countDocuments({});
      expect(count).toBe(h.pub.model.items.size);
    } finally {
      await c.db(fresh).dropDatabase();
      await c.close();
    }
  });
});
