// Issues 15.5 and 15.7 on the public port: a malformed %-escape anywhere in the address is a 400
// page in Vietnamese (not a 500), in the portal's layout, naming the stable code; a client asking
// for JSON gets problem+json. The feedback and comment forms refuse a foreign charset (415),
// bad escapes, bytes that are not UTF-8 and control characters (400) before anything is checked
// or forwarded.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createLogger } from "@cong/kit";
import { portal } from "../../test/samples";
import { type AppSettings, createPublishingApp } from "../app";
import { ReadModel } from "../readmodel/readmodel";

const settings: AppSettings = {
  PUBLIC_DOMAIN: "bacgiang.localhost",
  PRODUCTION_DOMAIN: "bacgiang.gov.vn",
  PROVINCIAL_PORTAL_ID: "bacgiang",
  CONTENT_API_URL: "http://127.0.0.1:9",
  MEDIA_PUBLIC_URL: "http://127.0.0.1:3002",
  FORM_SECRET: "a-secret-of-at-least-thirty-two-characters",
  PAGEVIEWS_TOKEN: undefined,
  RENDER_CACHE_MAX: 100,
  FORM_RATE_LIMIT: 1000,
};

let server: http.Server;
let port = 0;
const request = (
  path: string,
  o: { host?: string; headers?: Record<string, string>; body?: Buffer | string } = {},
) =>
  new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
    const body = typeof o.body === "string" ? Buffer.from(o.body) : o.body;
    const r = http.request(
      {
        host: "127.0.0.1",
        port,
        path,
        method: body ? "POST" : "GET",
        headers: {
          host: `${o.host ?? "stttt.bacgiang.localhost"}:${port}`,
          accept: "text/html",
          ...(body
            ? { "content-type": "application/x-www-form-urlencoded", "content-length": String(body.length) }
            : {}),
          ...o.headers,
        },
      },
      (res) => {
        let b = "";
        res.setEncoding("utf8");
        res.on("data", (c) => (b += c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"]), body: b }),
        );
      },
    );
    r.on("error", reject);
    r.end(body);
  });

beforeAll(async () => {
  const model = new ReadModel();
  await model.applyPortal(portal("bacgiang"), "2026-11-01T00:00:00.000Z");
  await model.applyPortal(portal("stttt"), "2026-11-01T00:00:00.000Z");
  const { app } = createPublishingApp({
    settings,
    model,
    logger: createLogger({ service: "t", level: "silent" }),
  });
  server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function vietnamese400(r: { status: number; type: string; body: string }, reason: string, status = 400) {
  expect(r.status).toBe(status);
  expect(r.type).toMatch(/^text\/html; charset=utf-8/);
  expect(r.body).toContain('lang="vi"');
  expect(r.body).toContain(status === 415 ? "Định dạng không được hỗ trợ" : "Yêu cầu không hợp lệ");
  expect(r.body).toContain(`Mã lỗi: ${reason}`);
}

describe("malformed %-escapes on the public port (issue 15.5)", () => {
  it.each([
    "/tin/%C3%28",
    "/tin/%ED%A0%80/ban-in",
    "/chuyen-muc/%E0%A4%A",
    "/chuyen-muc/%FF/rss.xml",
    "/xem-truoc/%C3%28",
    "/sitemap-%C3%28.xml",
    "/tim-kiem?q=%C3%28",
    "/van-ban?loai=%zz",
    "/?%C3%28",
  ])("GET %s is a Vietnamese 400 page in the portal's layout", async (path) => {
    const r = await request(path);
    vietnamese400(r, "bad_percent_encoding");
    expect(r.body).toContain("Cổng Thông tin điện tử Sở Thông tin và Truyền thông");
  });

  it("on the English side and for a host that is no portal too", async () => {
    vietnamese400(await request("/en/tin/%C3%28", { host: "bacgiang.localhost" }), "bad_percent_encoding");
    vietnamese400(
      await request("/tim-kiem?q=%C3%28", { host: "khongco.bacgiang.localhost" }),
      "bad_percent_encoding",
    );
  });

  it("answers problem+json to a client that asks for JSON", async () => {
    const r = await request("/tin/%C3%28", { headers: { accept: "application/problem+json" } });
    expect(r.status).toBe(400);
    expect(r.type).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(r.body)).toMatchObject({ code: "malformed_request", reason: "bad_percent_encoding" });
  });

  it("still serves well-formed escapes (404 for an unknown slug, not 400)", async () => {
    expect((await request("/tin/%C4%91%C3%AA-dieu")).status).toBe(404);
    expect((await request("/tim-kiem?q=%C4%91%C3%AA")).status).toBe(200);
  });
});

describe("form intake is UTF-8 text (issue 15.7)", () => {
  it.each(["/gop-y", "/tin/bat-ky/y-kien"])("%s refuses what is not UTF-8 text", async (path) => {
    vietnamese400(
      await request(path, {
        body: "ho-ten=A&noi-dung=xin+chao",
        headers: { "content-type": "application/x-www-form-urlencoded; charset=windows-1258" },
      }),
      "charset",
      415,
    );
    vietnamese400(await request(path, { body: "ho-ten=A&noi-dung=%C3%28" }), "bad_percent_encoding");
    vietnamese400(await request(path, { body: "ho-ten=A%01B&noi-dung=xin+chao" }), "control_character");
    vietnamese400(await request(path, { body: "ho-ten=A&noi-dung=a%C2%85b" }), "control_character");
    vietnamese400(
      await request(path, { body: Buffer.concat([Buffer.from("ho-ten=A"), Buffer.from([0xc3, 0x28])]) }),
      "invalid_utf8",
    );
  });

  it("takes a well-formed form on to its checks (here: the form token)", async () => {
    const r = await request("/gop-y", {
      body: `ho-ten=${encodeURIComponent("Nguyễn Văn A")}&noi-dung=${encodeURIComponent("Xin chào\r\nBan biên tập")}`,
    });
    expect(r.status).toBe(403);
  });
});
