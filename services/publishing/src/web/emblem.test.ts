// The banner's emblem and the citizens' links to online public services (issue 17, R-DOM, Art. 3.2)
// over an in-memory read model (no servers): a portal's own logo from its media library, shown
// beside its name on every page as a responsive image; a component portal without one carries the
// province's; another portal's file is never shown (issue 15.1); an emblem processed after the
// portal named it appears without waiting for the cache; the home page's links to online public
// services are the portal's own, else the province's.
import { type InProcess, startInProcess } from "../../test/in-process";
import { portal } from "../../test/samples";
import { ReadModel } from "../readmodel/readmodel";

const at = new Date().toISOString();
const square = [
  { name: "w64.webp", mimeType: "image/webp", width: 64, height: 64 },
  { name: "w128.webp", mimeType: "image/webp", width: 128, height: 128 },
  { name: "w256.webp", mimeType: "image/webp", width: 256, height: 256 },
];
const asset = (id: string, portalId: string) => ({
  _id: id,
  portalId,
  kind: "image",
  renditions: square,
  decorative: false,
  processedAt: at,
});

let model: ReadModel;
let app: InProcess;

beforeAll(async () => {
  model = new ReadModel();
  await model.applyAsset(asset("emblem-bacgiang", "bacgiang"));
  await model.applyAsset(asset("emblem-tanyen", "tanyen"));
  await model.applyPortal(
    portal("bacgiang", {
      emblem: { assetId: "emblem-bacgiang" },
      serviceLinks: [
        {
          label: { vi: "Cổng Dịch vụ công tỉnh Bắc Giang", en: "Bac Giang public services portal" },
          url: "https://dichvucong.bacgiang.gov.vn",
        },
        { label: { vi: "Cổng Dịch vụ công quốc gia" }, url: "https://dichvucong.gov.vn" },
      ],
    }),
    at,
  );
  await model.applyPortal(
    portal("tanyen", {
      emblem: { assetId: "emblem-tanyen" },
      serviceLinks: [
        { label: { vi: "Thủ tục hành chính huyện" }, url: "https://tanyen.dichvucong.example/thu-tuc" },
      ],
    }),
    at,
  );
  await model.applyPortal(portal("stttt"), at);
  // lucngan names tanyen's file: not its own, never shown as lucngan's
  await model.applyPortal(portal("lucngan", { emblem: { assetId: "emblem-tanyen" } }), at);
  app = await startInProcess(model);
});
afterAll(() => app.close());

async function banner(host: string, path = "/"): Promise<string> {
  const r = await app.request("GET", host, path);
  const page = r.raw.toString("utf8");
  const start = page.indexOf('<p class="brand">');
  expect(start).toBeGreaterThan(-1);
  return page.slice(start, page.indexOf("</p>", start));
}

test("a portal's own emblem is in its banner, responsive, beside its linked name", async () => {
  const b = await banner("tanyen.bacgiang.localhost");
  expect(b).toContain('src="http://127.0.0.1:3002/assets/emblem-tanyen/w128.webp"');
  expect(b).toContain(
    'srcset="http://127.0.0.1:3002/assets/emblem-tanyen/w64.webp 64w, http://127.0.0.1:3002/assets/emblem-tanyen/w128.webp 128w, http://127.0.0.1:3002/assets/emblem-tanyen/w256.webp 256w"',
  );
  // decorative: the portal's name is written beside it
  expect(b).toMatch(/<img class="emblem"[^>]* width="64" height="64" alt="">/);
  expect(b).toMatch(/<a href="\/">[^<]+<\/a>/);
  // on every page, English ones and the 404 too
  expect(await banner("tanyen.bacgiang.localhost", "/khong-co-trang-nay")).toContain(
    "emblem-tanyen/w128.webp",
  );
});

test("a component portal without an emblem carries the province's; another portal's file is never shown", async () => {
  expect(await banner("stttt.bacgiang.localhost")).toContain("emblem-bacgiang/w128.webp");
  const lucngan = await banner("lucngan.bacgiang.localhost");
  expect(lucngan).not.toContain("emblem-tanyen");
  expect(lucngan).toContain("emblem-bacgiang/w128.webp");
});

test("an emblem processed after the portal named it shows at once (the portal's cached pages are purged)", async () => {
  await model.applyPortal(portal("stttt", { emblem: { assetId: "emblem-stttt" } }), new Date().toISOString());
  // not processed yet: the province's meanwhile, and that page is cached
  expect(await banner("stttt.bacgiang.localhost")).toContain("emblem-bacgiang");
  await model.applyAsset(asset("emblem-stttt", "stttt"));
  expect(await banner("stttt.bacgiang.localhost")).toContain("emblem-stttt/w128.webp");
});

test("the citizens' box links the portal's online public services, else the province's (Art. 3.2)", async () => {
  const box = async (host: string, path = "/") => {
    const page = (await app.request("GET", host, path)).raw.toString("utf8");
    const start = page.indexOf('aria-labelledby="citizens-h"');
    expect(start).toBeGreaterThan(-1);
    return page.slice(start, page.indexOf("</section>", start));
  };
  const tanyen = await box("tanyen.bacgiang.localhost");
  expect(tanyen).toContain(
    '<a href="https://tanyen.dichvucong.example/thu-tuc">Thủ tục hành chính huyện</a>',
  );
  expect(tanyen).not.toContain("dichvucong.gov.vn");
  // a component portal without links of its own: the province's
  const stttt = await box("stttt.bacgiang.localhost");
  expect(stttt).toContain(
    '<a href="https://dichvucong.bacgiang.gov.vn">Cổng Dịch vụ công tỉnh Bắc Giang</a>',
  );
  expect(stttt).toContain('<a href="https://dichvucong.gov.vn">Cổng Dịch vụ công quốc gia</a>');
  // in English, the English label, or the Vietnamese one marked as such
  const en = await box("bacgiang.localhost", "/en/");
  expect(en).toContain(">Bac Giang public services portal</a>");
  expect(en).toContain('<span lang="vi">Cổng Dịch vụ công quốc gia</span>');
});
