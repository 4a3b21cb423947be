// Portals (issue 19, screen 1; R-DOM, R-AGENCY) through the admin against the real content
// (in-process, its own database and topic prefix) and Keycloak: a fresh platform admin (one-time
// code at the first sign-in) lists the province's portals, has the subdomain proposed from the
// unit's name (Sở Tư pháp → stp, huyện Yên Thế → yenthe) by the server as the browser island
// would, creates a district portal, is refused a clash and a bad label beside the field, and
// edits the portal's contacts and footer facts (content's 422 beside the field, a stale version
// said). The auditor sees the same pages with no action, and a forced POST is refused by content.
import { demoToken, waitFor } from "@cong/testing";
import { photoWithGps } from "../../media/test/samples";
import {
  Agent,
  createUser,
  kcAdmin,
  type RunningAdmin,
  type Services,
  signInWithAuthenticator,
  startAdmin,
  startServices,
  text,
} from "./fixtures";

const PASSWORD = "Cong-Portals-Otp-2026!";
const adminName = `ptl-${Date.now().toString(36)}.admin`;
let adminId = "";
let s: Services;
let a: RunningAdmin;
let admin: Agent;
let base = "";

interface PortalBody {
  portalId: string;
  kind: string;
  host: string;
  name: { vi: string };
  agency: { vi: string };
  placeName?: string;
  languages: string[];
  address?: Record<string, string>;
  personInCharge?: { name: string; position: Record<string, string> };
  licence?: Record<string, string>;
  emblem?: { assetId: string };
  serviceLinks?: { label: Record<string, string>; url: string }[];
  version: number;
}
const portal = async (id: string) =>
  (await s.call("GET", `/portals/${id}`, "platform.admin")).body as unknown as PortalBody;

beforeAll(async () => {
  s = await startServices("admin-portals");
  a = await startAdmin("admin-portals", s);
  adminId = await createUser(adminName, PASSWORD, { realmRole: "platform-admin" });
  base = (await portal("bacgiang")).host;
}, 240_000);

afterAll(async () => {
  if (adminId) await kcAdmin("DELETE", `/users/${adminId}`).catch(() => undefined);
  await a?.stop();
  await s?.stop();
});

/** A portal's image uploaded through the admin's media screen by its focal officer, once ready. */
async function uploadImage(portalId: string, title: string, altText: string, width = 640): Promise<string> {
  const officer = new Agent(a.url);
  const page = await officer.signIn(`${portalId}.focal-officer`, `/p/${portalId}/media`);
  const boundary = `----cong${Date.now()}`;
  const part = (k: string, v: string) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  const body = Buffer.concat([
    part("title", title),
    part("altText", altText),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bieu-trung.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
    ),
    await photoWithGps(width, 480),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await fetch(`${a.url}/p/${portalId}/media/upload?_csrf=${Agent.csrf(page)}`, {
    method: "POST",
    redirect: "manual",
    headers: {
      cookie: officer.cookieHeader(new URL(a.url)),
      origin: a.url,
      "content-type": `multipart/form-data; boundary=${boundary}`,
    },
    body,
  });
  expect(res.status).toBe(303);
  const assetId = (res.headers.get("location") ?? "").split("/").pop() ?? "";
  const token = await demoToken(`${portalId}.focal-officer`);
  await waitFor(
    async () => {
      const r = await fetch(`${s.media.base}/portals/${portalId}/assets/${assetId}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return ((await r.json()) as { status: string }).status === "ready" || undefined;
    },
    { what: "the image processed", timeoutMs: 60_000 },
  );
  return assetId;
}

/** The edit form's fields as the page has them (a browser posts what it shows). */
function formOf(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<input([^>]*)>/g)) {
    const attrs = m[1] ?? "";
    const name = /name="([^"]+)"/.exec(attrs)?.[1];
    if (!name) continue;
    const type = /type="([^"]+)"/.exec(attrs)?.[1] ?? "text";
    if ((type === "radio" || type === "checkbox") && !/\bchecked\b/.test(attrs)) continue;
    const value = (/value="([^"]*)"/.exec(attrs)?.[1] ?? "")
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, "&");
    out[name] = value;
  }
  return out;
}

const form = {
  kind: "district",
  unit: "huyện Yên Thế",
  source: "",
  name: "",
  agency: "",
  boardMailbox: "BanBienTap@YenThe.BacGiang.gov.vn",
  hotline: "0204 3876 123",
};

describe("portals of the province (issue 19 screen 1, R-DOM, R-AGENCY)", () => {
  it("a platform admin sees every portal with its subdomain and state, and the console in the menu", async () => {
    admin = new Agent(a.url);
    await signInWithAuthenticator(admin, adminName, PASSWORD);
    const page = await admin.get("/platform/portals");
    expect(page.status).toBe(200);
    expect(page.html).toContain('href="/platform/portals"');
    const body = text(page.html);
    expect(body).toContain("Cổng thông tin thành phần");
    for (const id of ["stttt", "tanyen"]) expect(body).toContain(`${id}.${base}`);
    expect(body).toContain(base);
    expect(body).toMatch(/Cổng tỉnh .*Sở, ngành .*Huyện, thành phố/);
    expect(body).toContain("Đang hoạt động");
    expect(body).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    expect(page.html).toContain('href="/platform/portals/new"');
    expect(page.html).toContain('href="/platform/portals/tanyen/edit"');
  });

  it("the server proposes the subdomain as the island does: Sở Tư pháp → stp, a clash said before creating", async () => {
    let page = await admin.get("/platform/portals/new");
    expect(page.status).toBe(200);
    expect(page.html).toMatch(/<script[^>]+src="\/static\/subdomain\.[0-9a-f]+\.js"/);
    expect(page.html).toContain(`data-base-domain="${base}"`);
    expect(page.html).toMatch(/data-taken="[^"]*tanyen[^"]*"/);
    const csrf = Agent.csrf(page);
    page = await admin.post("/platform/portals/new", {
      ...form,
      _csrf: csrf,
      kind: "department",
      unit: "Sở Tư pháp",
      step: "propose",
    });
    expect(page.status).toBe(200);
    expect(page.html).toMatch(/id="source"[^>]*value="STP"|value="STP"[^>]*id="source"/);
    expect(text(page.html)).toContain(`Tên miền sẽ là stp.${base}`);
    expect(text(page.html)).toContain("Để trống để dùng: Cổng Thông tin điện tử Sở Tư pháp");
    page = await admin.post("/platform/portals/new", {
      ...form,
      _csrf: csrf,
      unit: "huyện Tân Yên",
      step: "propose",
    });
    expect(text(page.html)).toContain("Tên miền “tanyen” đã được dùng cho một cổng khác.");
    expect(page.html).toContain("subdomain-preview--error");
  });

  it("creates huyện Yên Thế as yenthe; content refuses a clash and a bad label, said beside the field", async () => {
    let page = await admin.get("/platform/portals/new");
    const csrf = Agent.csrf(page);
    page = await admin.post("/platform/portals/new", { ...form, _csrf: csrf, unit: "huyện Tân Yên" });
    expect(page.status).toBe(409);
    expect(page.html).toMatch(
      /id="source-error"[^>]*>[^<]*Tên miền “tanyen” đã được dùng cho một cổng khác\./,
    );
    expect(page.html).toContain('value="Tân Yên"');
    expect(page.html).toContain('value="banbientap@yenthe.bacgiang.gov.vn"');
    page = await admin.post("/platform/portals/new", { ...form, _csrf: csrf, source: "9 Yên" });
    expect(page.status).toBe(422);
    expect(page.html).toMatch(/id="source-error"[^>]*>[^<]*“9yen” không dùng làm tên miền được/);
    page = await admin.post("/platform/portals/new", {
      ...form,
      _csrf: csrf,
      kind: "department",
      source: "WWW",
    });
    expect(page.status).toBe(422);
    expect(text(page.html)).toContain("“www” là tên dành riêng của hệ thống");
    page = await admin.post("/platform/portals/new", { ...form, _csrf: csrf, boardMailbox: "", hotline: "" });
    expect(page.status).toBe(422);
    expect(page.html).toMatch(/id="boardMailbox-error"[^>]*>[^<]*Chưa nhập thông tin này\./);

    page = await admin.post("/platform/portals/new", { ...form, _csrf: csrf });
    expect(page.status).toBe(200);
    expect(new URL(page.url).pathname).toBe("/platform/portals/yenthe/edit");
    expect(text(page.html)).toContain(
      `Đã tạo Cổng Thông tin điện tử huyện Yên Thế tại yenthe.${base}. Hãy bổ sung thông tin chân trang.`,
    );
    const p = await portal("yenthe");
    expect(p).toMatchObject({
      kind: "district",
      host: `yenthe.${base}`,
      placeName: "Yên Thế",
      name: { vi: "Cổng Thông tin điện tử huyện Yên Thế" },
      agency: { vi: "Ủy ban nhân dân huyện Yên Thế" },
      languages: ["vi"],
    });
    // the new portal is one of the platform admin's portals at once
    expect((await admin.get("/p/yenthe/")).status).toBe(200);
    const list = text((await admin.get("/platform/portals")).html);
    expect(list).toContain(`yenthe.${base}`);
  });

  it("edits the agency, languages and footer facts through content; its refusals are beside the field", async () => {
    let page = await admin.get("/platform/portals/yenthe/edit");
    expect(page.status).toBe(200);
    const csrf = Agent.csrf(page);
    const version = /name="version" value="(\d+)"/.exec(page.html)?.[1] ?? "";
    const edit = {
      _csrf: csrf,
      version,
      nameVi: "Cổng Thông tin điện tử huyện Yên Thế",
      nameEn: "Yen The District e-Portal",
      agencyVi: "Ủy ban nhân dân huyện Yên Thế",
      agencyEn: "Yen The District People's Committee",
      boardMailbox: "banbientap@yenthe.bacgiang.gov.vn",
      hotline: "0204 3876 123",
      en: "1",
      addressVi: "Thị trấn Cầu Gồ, huyện Yên Thế, tỉnh Bắc Giang",
      addressEn: "Cau Go town, Yen The district, Bac Giang province",
      personName: "Lê Văn Minh",
      positionVi: "Chủ tịch UBND huyện Yên Thế",
      positionEn: "",
      licenceVi:
        "Giấy phép số 07/GP-STTTT do Sở Thông tin và Truyền thông tỉnh Bắc Giang cấp ngày 15/03/2023",
      licenceEn: "",
    };
    // the admin's own rules: the person in charge whole, no English without Vietnamese
    page = await admin.post("/platform/portals/yenthe/edit", {
      ...edit,
      positionVi: "",
      licenceVi: "",
      licenceEn: "Licence",
    });
    expect(page.status).toBe(422);
    expect(page.html).toMatch(/id="positionVi-error"[^>]*>[^<]*Nhập cả họ tên và chức vụ/);
    expect(page.html).toMatch(/id="licenceEn-error"[^>]*>[^<]*Nhập nội dung tiếng Việt trước/);
    // content's: no HTML in a footer line (its 422 names address.vi)
    page = await admin.post("/platform/portals/yenthe/edit", { ...edit, addressVi: "Cầu Gồ <b>Yên Thế</b>" });
    expect(page.status).toBe(422);
    expect(page.html).toMatch(
      /id="addressVi-error"[^>]*>Địa chỉ cơ quan \(tiếng Việt\): chỉ một dòng, không quá 300 ký tự/,
    );
    expect(page.html).toMatch(/value="Cầu Gồ &lt;b(&gt;|>)Yên Thế&lt;\/b(&gt;|>)"/);
    expect((await portal("yenthe")).address).toBeUndefined();

    page = await admin.post("/platform/portals/yenthe/edit", edit);
    expect(page.status).toBe(200);
    expect(text(page.html)).toContain("Đã lưu thông tin của Cổng Thông tin điện tử huyện Yên Thế.");
    const p = await portal("yenthe");
    expect(p).toMatchObject({
      languages: ["vi", "en"],
      name: { vi: edit.nameVi, en: edit.nameEn },
      address: { vi: edit.addressVi, en: edit.addressEn },
      personInCharge: { name: "Lê Văn Minh", position: { vi: "Chủ tịch UBND huyện Yên Thế" } },
      licence: { vi: edit.licenceVi },
    });
    expect(page.html).toContain(`value="${edit.licenceVi}"`);

    // saved from a page read before that change: content's 409, what was typed kept
    page = await admin.post("/platform/portals/yenthe/edit", { ...edit, hotline: "0204 3876 999" });
    expect(page.status).toBe(409);
    expect(text(page.html)).toContain("Cổng vừa được người khác thay đổi trong lúc bạn sửa.");
    expect(page.html).toContain('value="0204 3876 999"');
    const next = /name="version" value="(\d+)"/.exec(page.html)?.[1];
    expect(next).toBe(String(p.version));
    // a footer fact emptied is removed
    page = await admin.post("/platform/portals/yenthe/edit", {
      ...edit,
      version: String(next),
      licenceVi: "",
    });
    expect(page.status).toBe(200);
    expect((await portal("yenthe")).licence).toBeUndefined();
  });

  it("the banner's emblem is an image of the portal's own library: chosen, shown, another portal's refused beside the field, removed (issue 17, R-ORG)", async () => {
    const own = await uploadImage("tanyen", "Biểu trưng huyện Tân Yên", "Biểu trưng của huyện Tân Yên");
    let page = await admin.get("/platform/portals/tanyen/edit");
    expect(page.status).toBe(200);
    expect(text(page.html)).toContain("Biểu trưng trên đầu trang");
    expect(text(page.html)).toContain("Ảnh phải được tải lên thư viện tệp của cổng trước");
    expect(page.html).toContain('href="/p/tanyen/media?kind=image"');
    expect(page.html).toMatch(/<input[^>]+id="emblem-none"[^>]+checked/);
    expect(page.html).toMatch(new RegExp(`<input[^>]+id="emblem-${own}"`));
    expect(text(page.html)).toContain("Biểu trưng của huyện Tân Yên");
    page = await admin.post("/platform/portals/tanyen/edit", { ...formOf(page.html), emblem: own });
    expect(page.status).toBe(200);
    expect(text(page.html)).toContain("Đã lưu thông tin của");
    expect((await portal("tanyen")).emblem).toEqual({ assetId: own });
    // shown as the media screen shows it: a rendition through the admin, with its alt text
    const img = new RegExp(
      `<figure class="emblem-current"><img[^>]+src="(/p/tanyen/media/${own}/file/[^"]+)"[^>]+alt="Biểu trưng của huyện Tân Yên"`,
    ).exec(page.html);
    expect(img).not.toBeNull();
    const file = await fetch(`${a.url}${img?.[1]}`, {
      headers: { cookie: admin.cookieHeader(new URL(a.url)) },
    });
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toMatch(/^image\//);
    expect(page.html).toMatch(new RegExp(`<input[^>]+id="emblem-${own}"[^>]+checked`));

    // the file's "where used" names the portal's emblem (media learns it from portal.updated) and
    // leads the platform team to the portal's page; the portal's own staff read it without a link
    const use =
      '<a href="/platform/portals/tanyen/edit">Biểu trưng của Cổng Thông tin điện tử huyện Tân Yên</a>';
    const asset = await waitFor(
      async () => {
        const p = await admin.get(`/p/tanyen/media/${own}`);
        return p.html.includes(use) ? p : null;
      },
      { timeoutMs: 60_000, what: "the emblem's use on the file's page" },
    );
    expect(asset.html).not.toContain("/items/emblem:");
    const officer = new Agent(a.url);
    const mine = await officer.signIn("tanyen.focal-officer", `/p/tanyen/media/${own}`);
    expect(text(mine.html)).toContain(
      "Đang được dùng trong Biểu trưng của Cổng Thông tin điện tử huyện Tân Yên",
    );
    expect(mine.html).not.toContain('href="/platform/portals/tanyen/edit"');
    expect(mine.html).not.toContain("/items/emblem:");

    // tanyen's image on yenthe's banner: content's 422 unknown_asset, said beside the choice
    page = await admin.get("/platform/portals/yenthe/edit");
    const before = await portal("yenthe");
    page = await admin.post("/platform/portals/yenthe/edit", { ...formOf(page.html), emblem: own });
    expect(page.status).toBe(422);
    expect(page.html).toMatch(/id="emblem-error"[^>]*>Ảnh này không thuộc thư viện tệp của cổng/);
    expect(page.html).toContain('href="#emblem"');
    expect(page.html).toMatch(/<input[^>]+id="emblem-none"[^>]+checked/);
    expect((await portal("yenthe")).emblem).toBeUndefined();
    expect((await portal("yenthe")).version).toBe(before.version);

    // "Không dùng biểu trưng" removes it
    page = await admin.get("/platform/portals/tanyen/edit");
    page = await admin.post("/platform/portals/tanyen/edit", { ...formOf(page.html), emblem: "" });
    expect(page.status).toBe(200);
    expect((await portal("tanyen")).emblem).toBeUndefined();
    expect(page.html).not.toContain('class="emblem-current"');
    expect(page.html).toMatch(/<input[^>]+id="emblem-none"[^>]+checked/);
  }, 120_000);

  it("an image older than the portal page's 24 is made the emblem from its page in the library; the portal's staff have no such action and a forced POST is refused (issue 17)", async () => {
    const chosen = await uploadImage(
      "tanyen",
      "Quốc huy (bản lưu)",
      "Quốc huy nước Cộng hoà xã hội chủ nghĩa Việt Nam",
      560,
    );
    let page = await admin.get(`/p/tanyen/media/${chosen}`);
    expect(page.status).toBe(200);
    expect(text(page.html)).toContain(
      "Dùng ảnh này làm biểu trưng (logo, quốc huy) ở đầu mọi trang của cổng.",
    );
    expect(page.html).toContain('id="use-as-emblem"');
    page = await admin.post(`/p/tanyen/media/${chosen}/emblem`, { _csrf: Agent.csrf(page) });
    expect(page.status).toBe(200);
    expect(page.url).toContain("/platform/portals/tanyen/edit");
    expect(text(page.html)).toContain("Đã đặt biểu trưng mới cho Cổng Thông tin điện tử huyện Tân Yên.");
    expect((await portal("tanyen")).emblem).toEqual({ assetId: chosen });
    expect(page.html).toMatch(
      new RegExp(`<figure class="emblem-current"><img[^>]+src="/p/tanyen/media/${chosen}/`),
    );
    // the image's page says it is the emblem once media learnt the use (portal.updated)
    await waitFor(
      async () =>
        text((await admin.get(`/p/tanyen/media/${chosen}`)).html).includes(
          "Ảnh này đang là biểu trưng của cổng.",
        ) || undefined,
      { timeoutMs: 60_000, what: "the image's page saying it is the emblem" },
    );
    // the portal's focal officer sees no such action, and a forced POST changes nothing
    const officer = new Agent(a.url);
    const mine = await officer.signIn("tanyen.focal-officer", `/p/tanyen/media/${chosen}`);
    expect(mine.html).not.toContain('id="use-as-emblem"');
    const version = (await portal("tanyen")).version;
    const forced = await officer.post(`/p/tanyen/media/${chosen}/emblem`, { _csrf: Agent.csrf(mine) });
    expect(forced.status).toBe(403);
    expect((await portal("tanyen")).version).toBe(version);
    // removed again, as the other tests found it
    page = await admin.get("/platform/portals/tanyen/edit");
    page = await admin.post("/platform/portals/tanyen/edit", { ...formOf(page.html), emblem: "" });
    expect((await portal("tanyen")).emblem).toBeUndefined();
  }, 120_000);

  it("the home page's service links: two saved and shown, javascript: refused beside the address, cleared (issue 17)", async () => {
    let page = await admin.get("/platform/portals/yenthe/edit");
    expect(text(page.html)).toContain("Dịch vụ công trực tuyến trên trang chủ");
    // no link yet: three empty rows, labelled for screen readers
    expect(page.html).toContain('name="linkRows" value="3"');
    expect(page.html).toMatch(/<label[^>]+for="link0Vi"[^>]*>Tên dịch vụ \(tiếng Việt\)/);
    expect(page.html).toMatch(/<label[^>]+for="link2Url"[^>]*>Địa chỉ trang dịch vụ/);
    const links = {
      link0Vi: "Cổng Dịch vụ công tỉnh Bắc Giang",
      link0En: "Bac Giang public services",
      link0Url: "https://dichvucong.bacgiang.gov.vn",
      link1Vi: "",
      link1En: "",
      link1Url: "",
      link2Vi: "Cổng Dịch vụ công quốc gia",
      link2En: "",
      link2Url: "https://dichvucong.gov.vn/p/home/dvc-trang-chu.html",
    };
    // the admin's own rule: an address without a name (and the other way round) beside the field
    page = await admin.post("/platform/portals/yenthe/edit", {
      ...formOf(page.html),
      ...links,
      link1Url: "https://example.gov.vn",
    });
    expect(page.status).toBe(422);
    expect(page.html).toMatch(/id="link1Vi-error"[^>]*>Liên kết 2: Nhập tên dịch vụ bằng tiếng Việt/);
    // the empty middle row is ignored; content gets two links
    page = await admin.post("/platform/portals/yenthe/edit", { ...formOf(page.html), ...links });
    expect(page.status).toBe(200);
    expect((await portal("yenthe")).serviceLinks).toEqual([
      { label: { vi: links.link0Vi, en: links.link0En }, url: links.link0Url },
      { label: { vi: links.link2Vi }, url: links.link2Url },
    ]);
    // shown in order, with two empty rows after them
    expect(page.html).toContain('name="linkRows" value="4"');
    expect(page.html).toMatch(
      /id="link0Vi"[^>]*value="Cổng Dịch vụ công tỉnh Bắc Giang"|value="Cổng Dịch vụ công tỉnh Bắc Giang"[^>]*id="link0Vi"/,
    );
    expect(page.html).toMatch(
      /id="link1Url"[^>]*value="https:\/\/dichvucong\.gov\.vn\/p\/home\/dvc-trang-chu\.html"|value="https:\/\/dichvucong\.gov\.vn\/p\/home\/dvc-trang-chu\.html"[^>]*id="link1Url"/,
    );

    // content refuses a javascript: address at serviceLinks.1.url: said beside that row's address
    const saved = await portal("yenthe");
    page = await admin.post("/platform/portals/yenthe/edit", {
      ...formOf(page.html),
      link1Url: "javascript:alert(1)",
    });
    expect(page.status).toBe(422);
    expect(page.html).toMatch(
      /id="link1Url-error"[^>]*>Liên kết 2: Nhập địa chỉ đầy đủ bắt đầu bằng https:\/\/ hoặc http:\/\//,
    );
    expect(page.html).not.toContain('id="link0Url-error"');
    expect(page.html).toContain('href="#link1Url"');
    expect(page.html).toMatch(/value="javascript:alert\(1\)"/);
    expect((await portal("yenthe")).version).toBe(saved.version);

    // every row emptied: the links are removed
    page = await admin.get("/platform/portals/yenthe/edit");
    const cleared = formOf(page.html);
    for (const k of Object.keys(cleared)) if (/^link\d/.test(k)) cleared[k] = "";
    page = await admin.post("/platform/portals/yenthe/edit", cleared);
    expect(page.status).toBe(200);
    expect((await portal("yenthe")).serviceLinks ?? []).toEqual([]);
    expect(page.html).toContain('name="linkRows" value="3"');
  });

  it("the auditor sees the same pages with no action; a forced POST is refused by content in Vietnamese", async () => {
    const auditor = new Agent(a.url);
    await auditor.signIn("auditor");
    let page = await auditor.get("/platform/portals");
    expect(page.status).toBe(200);
    expect(text(page.html)).toContain("chỉ được xem, không tạo hay sửa được cổng");
    expect(text(page.html)).toContain(`yenthe.${base}`);
    expect(page.html).not.toContain('href="/platform/portals/new"');
    page = await auditor.get("/platform/portals/yenthe/edit");
    expect(page.status).toBe(200);
    expect(page.html).not.toMatch(/<form[^>]+method="post"[^>]+action="\/platform/);
    expect(page.html).not.toContain('id="save"');
    expect(text(page.html)).toContain("Lê Văn Minh, Chủ tịch UBND huyện Yên Thế");
    // the emblem and the service links read-only: shown, nothing to choose or type
    const tanyen = await portal("tanyen");
    const assetId = await uploadImage(
      "tanyen",
      "Quốc huy",
      "Quốc huy nước Cộng hòa xã hội chủ nghĩa Việt Nam",
      600,
    );
    const patched = await s.call(
      "PATCH",
      "/portals/tanyen",
      "platform.admin",
      {
        emblemAssetId: assetId,
        serviceLinks: [{ label: { vi: "Dịch vụ công trực tuyến" }, url: "https://dichvucong.gov.vn" }],
      },
      { "if-match": `"${tanyen.version}"` },
    );
    expect(patched.status).toBe(200);
    page = await auditor.get("/platform/portals/tanyen/edit");
    expect(page.status).toBe(200);
    expect(page.html).not.toMatch(/<input[^>]+name="emblem"/);
    expect(page.html).not.toMatch(/<input[^>]+name="link0Url"/);
    expect(page.html).toMatch(
      new RegExp(`<figure class="emblem-current"><img[^>]+src="/p/tanyen/media/${assetId}/file/`),
    );
    expect(text(page.html)).toContain("Dịch vụ công trực tuyến: https://dichvucong.gov.vn");
    page = await auditor.get("/platform/portals/new");
    expect(page.html).not.toContain('id="create"');
    const csrf = Agent.csrf(page);
    page = await auditor.post("/platform/portals/new", { ...form, _csrf: csrf, unit: "huyện Lạng Giang" });
    expect(page.status).toBe(403);
    expect(text(page.html)).toContain("Tài khoản của bạn không được tạo hay sửa cổng.");
    expect((await s.call("GET", "/portals/langgiang", "platform.admin")).status).toBe(404);
    const before = await portal("yenthe");
    page = await auditor.post("/platform/portals/yenthe/edit", {
      _csrf: csrf,
      version: String(before.version),
      nameVi: "Bị đổi",
      agencyVi: "Bị đổi",
      boardMailbox: "x@bacgiang.gov.vn",
      hotline: "0204 0000",
    });
    expect(page.status).toBe(403);
    expect(text(page.html)).toContain("Tài khoản của bạn không được tạo hay sửa cổng.");
    expect((await portal("yenthe")).version).toBe(before.version);
  });

  it("a board member has no Portals menu and gets the 403 page", async () => {
    const agent = new Agent(a.url);
    const home = await agent.signIn("tanyen.board-member");
    expect(home.html).not.toContain('href="/platform/portals"');
    expect((await agent.get("/platform/portals")).status).toBe(403);
    expect((await agent.get("/platform/portals/tanyen/edit")).status).toBe(403);
  });
});
