// seed-demo: demo portals with their categories and content published through the workflow,
// the regulation itself as a legal document, an open draft for comment; idempotent.
import { seedDemo } from "../src/seed/seed-demo";
import { type Running, start, testConfig } from "./helpers";

let svc: Running;
const cfg = testConfig("content-seed");
beforeAll(async () => {
  svc = await start(cfg);
});
afterAll(async () => {
  await svc?.stop();
});

it("seeds the demo portals and content, and changes nothing the second time", async () => {
  const first = await seedDemo(svc.content);
  expect(first.portalsCreated.sort()).toEqual(["bacgiang", "lucngan", "stp", "stttt", "tanyen"]);
  const tanyen = await svc.content.portals.require("tanyen");
  expect(tanyen.host).toBe("tanyen.bacgiang.gov.vn");
  expect(tanyen.parentPortalId).toBe("bacgiang");
  // the footer facts of infra/demo/portals.json (issue 17)
  expect(tanyen.personInCharge).toEqual({
    name: "Hoàng Văn Thắng",
    position: { vi: "Chủ tịch UBND huyện Tân Yên" },
  });
  expect(tanyen.address).toEqual({
    vi: "Số 222 đường Đồng Bản, thị trấn Cao Thượng, huyện Tân Yên, tỉnh Bắc Giang",
  });
  expect(tanyen.licence?.vi).toMatch(
    /^Giấy phép số \d+\/GP-STTTT do Sở Thông tin và Truyền thông tỉnh Bắc Giang cấp ngày /,
  );
  // each portal's banner emblem, the image media's seed draws for it (infra/demo/images.json)
  expect(tanyen.emblem).toEqual({ assetId: "de0000000000000000000103" });
  const province = await svc.content.portals.require("bacgiang");
  expect(province.emblem).toEqual({ assetId: "de0000000000000000000100" });
  // the online public services its home page links (Art. 3.2); component portals show the province's
  expect(province.serviceLinks?.map((l) => l.url)).toEqual([
    "https://dichvucong.bacgiang.gov.vn",
    "https://dichvucong.gov.vn",
  ]);
  expect(tanyen.serviceLinks).toBeUndefined();
  expect(province.name.en).toBe("Bac Giang Province Portal");
  expect(province.languages).toEqual(["vi", "en"]);
  expect(province.licence?.en).toMatch(/^Licence No\. /);

  const reg = await svc.content.items.get("bacgiang", "seed-bacgiang-quy-che-36-2019");
  expect(reg.status).toBe("published");
  expect(reg.live?.legal).toMatchObject({
    number: "36/2019/QĐ-UBND",
    issuedOn: "2019-12-31",
    effectiveOn: "2020-01-15",
    docType: "Quyết định",
  });
  expect(reg.retentionClass).toBe("permanent");
  expect(reg.live?.locales.vi?.bodyHtml).toContain("Điều 5");
  expect(reg.audit.map((a) => a.actor.id)).toEqual([
    "system:seed-author",
    "system:seed-author",
    "system:seed-board",
    "system:seed-board",
  ]);

  const draft = await svc.content.items.get("bacgiang", "seed-bacgiang-du-thao-ke-hoach-cds");
  expect(draft.kind).toBe("draft-for-comment");
  const window = draft.live?.comment;
  expect(window && new Date(window.closesAt).getTime()).toBeGreaterThan(Date.now());
  const pub = await svc.content.items.getPublic(draft._id);
  expect(pub?.published).toBe(true);

  const listing = await svc.content.listing.list("bacgiang", "cat-van-ban-quy-pham-phap-luat", 10);
  expect(listing.items.map((i) => i.itemId)).toContain("seed-bacgiang-quy-che-36-2019");

  const versions = async () => {
    const out: Record<string, number> = {};
    for (const id of [
      "seed-bacgiang-quy-che-36-2019",
      "seed-stttt-tin-an-toan-thong-tin",
      "seed-lucngan-du-thao-bao-cao-nhap",
    ]) {
      const portal = id.split("-")[1] as string;
      out[id] = (await svc.content.items.get(portal, id)).version;
    }
    for (const p of ["bacgiang", "stttt", "tanyen"]) out[p] = (await svc.content.portals.require(p)).version;
    return out;
  };
  const before = await versions();
  const second = await seedDemo(svc.content);
  expect(second.portalsCreated).toEqual([]);
  expect(second.itemsCreated).toEqual([]);
  expect(second.itemsPublished).toEqual([]);
  expect(await versions()).toEqual(before);

  // a portal seeded before the file had footer facts gets the missing ones once, keeping what an
  // administrator changed
  await svc.content.portals.update(
    "stp",
    { personInCharge: null, licence: null, address: "Địa chỉ do quản trị sửa" },
    { id: "t", username: "platform.admin" },
  );
  await seedDemo(svc.content);
  const stp = await svc.content.portals.require("stp");
  expect(stp.personInCharge?.position.vi).toBe("Giám đốc Sở Tư pháp");
  expect(stp.licence?.vi).toMatch(/^Giấy phép số /);
  expect(stp.address).toEqual({ vi: "Địa chỉ do quản trị sửa" });
  const filled = stp.version;
  await seedDemo(svc.content);
  expect((await svc.content.portals.require("stp")).version).toBe(filled);
});
