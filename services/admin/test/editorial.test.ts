// The board's and the library's forms through the admin, against the real content and media
// (R-MODERATE, R-TIMELY, R-FMT, R-STD): schedule in Vietnam time, take down with a public reason,
// the "changed meanwhile" view that keeps the person's text, alt text required for images,
// captions for video, delete refused while a file is used.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { demoToken, waitFor } from "@cong/testing";
import { photoWithGps, testClip } from "../../media/test/samples";
import { Agent, type RunningAdmin, type Services, startAdmin, startServices } from "./fixtures";

let s: Services;
let a: RunningAdmin;
beforeAll(async () => {
  s = await startServices("admin-editorial");
  a = await startAdmin("admin-editorial", s);
});
afterAll(async () => {
  await a?.stop();
  await s?.stop();
});

async function submittedArticle(title: string) {
  const created = await s.call("POST", "/portals/tanyen/items", "tanyen.focal-officer", {
    kind: "article",
    categoryIds: ["cat-tin-tuc-su-kien"],
    locales: { vi: { title, bodyHtml: "<p>Nội dung.</p>" } },
  });
  const id = created.body.itemId as string;
  const sub = await s.call("POST", `/portals/tanyen/items/${id}/submit`, "tanyen.focal-officer", undefined, {
    "if-match": created.headers.get("etag") as string,
  });
  expect(sub.status).toBe(200);
  return id;
}

/** A multipart body as a browser sends it (fields, then the file). */
function multipart(fields: Record<string, string>, file: { name: string; type: string; data: Buffer }) {
  const boundary = `----cong${Date.now()}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
    ),
    file.data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` };
}

async function upload(
  agent: Agent,
  csrf: string,
  fields: Record<string, string>,
  file: { name: string; type: string; data: Buffer },
  xhr = false,
) {
  const m = multipart(fields, file);
  return fetch(`${a.url}/p/tanyen/media/upload?_csrf=${csrf}`, {
    method: "POST",
    redirect: "manual",
    headers: {
      cookie: agent.cookieHeader(new URL(a.url)),
      origin: a.url,
      "content-type": m.type,
      ...(xhr ? { "x-requested-with": "XMLHttpRequest", accept: "application/json" } : {}),
    },
    body: m.body,
  });
}

describe("publish and take down (R-MODERATE, R-TIMELY)", () => {
  it("a board member approves, schedules publication in Vietnam time, and takes a live article down with a public reason", async () => {
    const id = await submittedArticle("Lịch tiếp công dân tháng 12");
    const agent = new Agent(a.url);
    await agent.signIn("tanyen.board-member");
    let page = await agent.get(`/p/tanyen/items/${id}/review`);
    page = await agent.post(`/p/tanyen/items/${id}/approve`, {
      _csrf: Agent.csrf(page),
      version: /name="version" value="(\d+)"/.exec(page.html)?.[1] ?? "",
    });
    expect(page.html).toContain("Đã duyệt.");
    // a time in the past is refused beside the field, in Vietnamese
    page = await agent.get(`/p/tanyen/items/${id}/publish`);
    const version = /name="version" value="(\d+)"/.exec(page.html)?.[1] ?? "";
    const past = await agent.post(`/p/tanyen/items/${id}/publish`, {
      _csrf: Agent.csrf(page),
      version,
      when: "later",
      at: "01/01/2020 08:00",
    });
    expect(past.status).toBe(422);
    expect(past.html).toContain("Thời điểm phải ở tương lai.");
    // 08:00 tomorrow, Vietnam time
    const vnTomorrow = new Date(Date.now() + 7 * 3600_000 + 24 * 3600_000);
    const day = `${String(vnTomorrow.getUTCDate()).padStart(2, "0")}/${String(vnTomorrow.getUTCMonth() + 1).padStart(2, "0")}/${vnTomorrow.getUTCFullYear()}`;
    const scheduled = await agent.post(`/p/tanyen/items/${id}/publish`, {
      _csrf: Agent.csrf(page),
      version,
      when: "later",
      at: `${day} 08:00`,
    });
    expect(scheduled.html).toContain(`Đã hẹn xuất bản lúc ${day} 08:00.`);
    const item = await s.call("GET", `/portals/tanyen/items/${id}`, "tanyen.board-member");
    const at = new Date(item.body.schedule.publish.at);
    expect(at.getUTCHours()).toBe(1); // 08:00 at UTC+7
    // publish now instead, then take it down with a reason readers see
    page = await agent.get(`/p/tanyen/items/${id}/publish`);
    const now = await agent.post(`/p/tanyen/items/${id}/publish`, {
      _csrf: Agent.csrf(page),
      version: /name="version" value="(\d+)"/.exec(page.html)?.[1] ?? "",
      when: "now",
    });
    expect(now.html).toContain("Đã xuất bản.");
    page = await agent.get(`/p/tanyen/items/${id}/unpublish`);
    const noReason = await agent.post(`/p/tanyen/items/${id}/unpublish`, {
      _csrf: Agent.csrf(page),
      version: /name="version" value="(\d+)"/.exec(page.html)?.[1] ?? "",
      mode: "withdrawn",
    });
    expect(noReason.status).toBe(422);
    expect(noReason.html).toContain("Nhập lý do công khai cho người đọc.");
    const down = await agent.post(`/p/tanyen/items/${id}/unpublish`, {
      _csrf: Agent.csrf(page),
      version: /name="version" value="(\d+)"/.exec(page.html)?.[1] ?? "",
      mode: "withdrawn",
      publicReason: "Lịch đã thay đổi, xem thông báo mới.",
    });
    expect(down.html).toContain("Đã gỡ khỏi cổng.");
    const after = await s.call("GET", `/portals/tanyen/items/${id}`, "tanyen.board-member");
    expect(after.body).toMatchObject({
      status: "unpublished",
      unpublished: { mode: "withdrawn", publicReason: "Lịch đã thay đổi, xem thông báo mới." },
    });
    const history = await agent.get(`/p/tanyen/items/${id}/history`);
    for (const action of ["Tạo bản nháp", "Gửi duyệt", "Duyệt", "Xuất bản", "Gỡ khỏi cổng"])
      expect(history.html).toContain(action);
  });
});

describe("Việc của tôi (R-TIMELY, R-MODERATE)", () => {
  it("the board's dashboard shows the queue, what is approved and a missed schedule with its title and time, from one call to content", async () => {
    const queued = await submittedArticle("Bài chờ duyệt trên bảng việc");
    const late = await submittedArticle("Thông báo hẹn giờ bị lỡ");
    let r = await s.call("POST", `/portals/tanyen/items/${late}/approve`, "tanyen.board-head", {
      scheduledAt: new Date(Date.now() + 3600_000).toISOString(),
    });
    expect(r.status).toBe(200);
    const at = new Date(r.body.schedule.publish.at);
    // the service was down when the time came: it fires 20 minutes late and reports it
    expect(
      await s.content.content.poller.pollOnce(new Date(at.getTime() + 20 * 60_000)),
    ).toBeGreaterThanOrEqual(1);
    const approved = await submittedArticle("Bài đã duyệt, chờ xuất bản");
    r = await s.call("POST", `/portals/tanyen/items/${approved}/approve`, "tanyen.board-head", {});
    expect(r.status).toBe(200);

    const agent = new Agent(a.url);
    const home = await agent.signIn("tanyen.board-member");
    expect(home.url).toBe(`${a.url}/p/tanyen/`);
    const section = (id: string) =>
      home.html.slice(home.html.indexOf(`id="${id}"`)).split("</section>")[0] ?? "";
    expect(section("queue")).toContain("Bài chờ duyệt trên bảng việc");
    expect(section("queue")).toContain(`/p/tanyen/items/${queued}`);
    expect(section("approved")).toContain("Bài đã duyệt, chờ xuất bản");
    const missed = section("missed");
    expect(missed).toContain("Thông báo hẹn giờ bị lỡ");
    const vn = new Date(at.getTime() + 7 * 3600_000);
    const two = (n: number) => String(n).padStart(2, "0");
    const shown = `${two(vn.getUTCDate())}/${two(vn.getUTCMonth() + 1)}/${vn.getUTCFullYear()} ${two(vn.getUTCHours())}:${two(vn.getUTCMinutes())}`;
    expect(missed).toContain(`Lịch xuất bản lúc <time datetime="${at.toISOString()}">${shown}</time>`);
    expect(missed).toContain("đã thực hiện muộn 20 phút");
    // the dashboard is kept a few seconds, but what the person does shows at once
    const review = await agent.get(`/p/tanyen/items/${queued}/review`);
    const done = await agent.post(`/p/tanyen/items/${queued}/approve`, {
      _csrf: Agent.csrf(review),
      version: /name="version" value="(\d+)"/.exec(review.html)?.[1] ?? "",
    });
    expect(done.html).toContain("Đã duyệt.");
    const again = await agent.get("/p/tanyen/");
    const queueNow = again.html.slice(again.html.indexOf('id="queue"')).split("</section>")[0] ?? "";
    const approvedNow = again.html.slice(again.html.indexOf('id="approved"')).split("</section>")[0] ?? "";
    expect(queueNow).not.toContain("Bài chờ duyệt trên bảng việc");
    expect(approvedNow).toContain("Bài chờ duyệt trên bảng việc");
  });
});

describe("the 409 view (someone saved meanwhile)", () => {
  it("shows the other person's version beside one's own, keeps one's text, and saves it when asked", async () => {
    const created = await s.call("POST", "/portals/tanyen/items", "tanyen.focal-officer", {
      kind: "article",
      categoryIds: ["cat-tin-tuc-su-kien"],
      locales: { vi: { title: "Bản đầu", bodyHtml: "<p>Câu đầu.</p>" } },
    });
    const id = created.body.itemId as string;
    const me = new Agent(a.url);
    await me.signIn("tanyen.focal-officer");
    const mine = await me.get(`/p/tanyen/items/${id}/edit`);
    // meanwhile a board member edits it through the API
    const theirs = await s.call(
      "PUT",
      `/portals/tanyen/items/${id}`,
      "tanyen.board-member",
      {
        kind: "article",
        categoryIds: ["cat-tin-tuc-su-kien"],
        locales: { vi: { title: "Bản của Ban biên tập", bodyHtml: "<p>Câu đã sửa.</p>" } },
      },
      { "if-match": created.headers.get("etag") as string },
    );
    expect(theirs.status).toBe(200);
    const form = {
      _csrf: Agent.csrf(mine),
      version: "1",
      title: "Bản của tôi",
      body: "<p>Câu tôi viết lại.</p>",
      categoryIds: "cat-tin-tuc-su-kien",
      action: "save",
    };
    const conflict = await me.post(`/p/tanyen/items/${id}/edit`, form);
    expect(conflict.status).toBe(409);
    expect(conflict.html).toContain("Bản này vừa được người khác thay đổi");
    expect(conflict.html).toContain("Bản của Ban biên tập");
    expect(conflict.html).toContain('value="Bản của tôi"');
    expect(conflict.html).toContain("Câu tôi viết lại.");
    const version = /name="version" value="(\d+)"/.exec(conflict.html)?.[1];
    expect(version).toBe(String(theirs.body.version));
    const saved = await me.post(`/p/tanyen/items/${id}/edit`, { ...form, version: version ?? "" });
    expect(saved.html).toContain("Đã lưu.");
    const item = await s.call("GET", `/portals/tanyen/items/${id}`, "tanyen.focal-officer");
    expect(item.body.working.locales.vi.title).toBe("Bản của tôi");
  });
});

describe("text as people paste it (issue 15, class 7)", () => {
  it("removes invisible control characters pasted from a word processor and saves; refuses bytes no browser sends with a Vietnamese page", async () => {
    const me = new Agent(a.url);
    const page = await me.signIn("tanyen.focal-officer", "/p/tanyen/items/new?kind=article");
    const saved = await me.post("/p/tanyen/items/new?kind=article", {
      _csrf: Agent.csrf(page),
      title: "Báo cáo\u000b quý IV\u0007",
      body: "<p>Đoạn dán từ Word\u000c có ký tự ẩn.\u001f</p>",
      categoryIds: "cat-tin-tuc-su-kien",
      "contributor.0.name": "Hà Thị Xuân",
      action: "save",
    });
    expect(saved.html).toContain("Đã lưu.");
    const id = /\/p\/tanyen\/items\/([A-Za-z0-9_-]{8,64})\/edit/.exec(saved.url)?.[1] ?? "";
    const item = await s.call("GET", `/portals/tanyen/items/${id}`, "tanyen.focal-officer");
    expect(item.body.working.locales.vi.title).toBe("Báo cáo quý IV");
    expect(item.body.working.locales.vi.bodyHtml).toContain("Đoạn dán từ Word có ký tự ẩn.");
    expect(item.body.working.contributors[0].name).toBe("Hà Thị Xuân");
    // a malformed %-escape or a foreign charset: a page in the admin's layout, in Vietnamese, not a 500
    const editor = await me.get(`/p/tanyen/items/${id}/edit`);
    for (const [body, type, status] of [
      [`_csrf=${Agent.csrf(editor)}&title=%C3%28`, "application/x-www-form-urlencoded", 400],
      [
        `_csrf=${Agent.csrf(editor)}&title=abc`,
        "application/x-www-form-urlencoded; charset=windows-1258",
        415,
      ],
    ] as const) {
      const url = new URL(`/p/tanyen/items/${id}/edit`, a.url);
      const res = await fetch(url, {
        method: "POST",
        redirect: "manual",
        headers: { cookie: me.cookieHeader(url), origin: a.url, "content-type": type },
        body,
      });
      const html = await res.text();
      expect({ status: res.status, type: res.headers.get("content-type") }).toEqual({
        status,
        type: expect.stringMatching(/^text\/html/),
      });
      expect(html).toContain("Không đọc được dữ liệu gửi lên");
    }
  });
});

describe("the media library (R-FMT, R-STD)", () => {
  it("refuses an image without alt text beside the field, takes it with one, refuses to delete it while a live article uses it", async () => {
    const agent = new Agent(a.url);
    const page = await agent.signIn("tanyen.focal-officer", "/p/tanyen/media");
    const csrf = Agent.csrf(page);
    const photo = { name: "le-khanh-thanh.jpg", type: "image/jpeg", data: await photoWithGps(800, 500) };
    const noAlt = await upload(agent, csrf, { title: "Lễ khánh thành" }, photo);
    expect(noAlt.status).toBe(422);
    expect(await noAlt.text()).toContain("Ảnh cần có mô tả thay thế");
    const xhrNoAlt = await upload(agent, csrf, { title: "Lễ khánh thành" }, photo, true);
    expect(await xhrNoAlt.json()).toEqual({ errors: { altText: expect.stringContaining("mô tả thay thế") } });
    const ok = await upload(
      agent,
      csrf,
      { title: "Lễ khánh thành", altText: "Lãnh đạo huyện cắt băng khánh thành" },
      photo,
    );
    expect(ok.status).toBe(303);
    const assetId = (ok.headers.get("location") ?? "").split("/").pop() ?? "";
    expect(assetId).toMatch(/^[a-f0-9]{24}$/);
    // a live article uses it
    const created = await s.call("POST", "/portals/tanyen/items", "tanyen.focal-officer", {
      kind: "article",
      categoryIds: ["cat-tin-tuc-su-kien"],
      locales: { vi: { title: "Khánh thành cầu", bodyHtml: "<p>x</p>" } },
      media: [{ assetId, role: "cover", decorative: false }],
    });
    const id = created.body.itemId as string;
    await s.call("POST", `/portals/tanyen/items/${id}/submit`, "tanyen.focal-officer", undefined, {
      "if-match": created.headers.get("etag") as string,
    });
    await s.call("POST", `/portals/tanyen/items/${id}/approve`, "tanyen.board-member", {});
    await s.call("POST", `/portals/tanyen/items/${id}/publish`, "tanyen.board-member", {});
    const token = await demoToken("tanyen.focal-officer");
    await waitFor(
      async () => {
        const r = await fetch(`${s.media.base}/portals/tanyen/assets/${assetId}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        return ((await r.json()) as { live?: boolean }).live === true;
      },
      { timeoutMs: 30_000, what: "media learns the asset is live" },
    );
    const assetPage = await agent.get(`/p/tanyen/media/${assetId}`);
    expect(assetPage.html).toContain("Khánh thành cầu"); // where it is used
    const refused = await agent.post(`/p/tanyen/media/${assetId}/delete`, { _csrf: Agent.csrf(assetPage) });
    expect(refused.status).toBe(409);
    expect(refused.html).toContain("Không xoá được vì tệp đang được dùng");
  });

  it("takes WebVTT captions for a video", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "admin-video-"));
    const clip = fs.readFileSync(testClip(path.join(dir, "clip.mp4"), { seconds: 1 }));
    const agent = new Agent(a.url);
    const page = await agent.signIn("tanyen.focal-officer", "/p/tanyen/media");
    const up = await upload(
      agent,
      Agent.csrf(page),
      { title: "Phóng sự cầu mới" },
      { name: "phong-su.mp4", type: "video/mp4", data: clip },
    );
    expect(up.status).toBe(303);
    const assetPath = up.headers.get("location") ?? "";
    const detail = await agent.get(assetPath);
    expect(detail.html).toContain("Phụ đề (WebVTT)");
    const vtt = Buffer.from("WEBVTT\n\n00:00.000 --> 00:01.000\nCầu Đình Nẻo khánh thành.\n", "utf8");
    const m = multipart({ lang: "vi" }, { name: "phu-de.vtt", type: "text/vtt", data: vtt });
    const res = await fetch(`${a.url}${assetPath}/captions?_csrf=${Agent.csrf(detail)}`, {
      method: "POST",
      redirect: "manual",
      headers: { cookie: agent.cookieHeader(new URL(a.url)), origin: a.url, "content-type": m.type },
      body: m.body,
    });
    expect(res.status).toBe(303);
    const after = await agent.get(assetPath);
    expect(after.html).toContain("Đã lưu phụ đề.");
  });
});
