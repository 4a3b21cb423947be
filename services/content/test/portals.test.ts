// R-DOM, R-ORG, R-CONTENT, R-RETAIN: portals get derived, validated, unique subdomains; each
// component portal belongs to the provincial portal; categories are seeded with retention and
// working-day deadlines; every change is announced as portal.updated.
import { client, collectEvents, type Running, start, testConfig } from "./helpers";

let svc: Running;
let events: Awaited<ReturnType<typeof collectEvents>>;
const call = client(() => svc.base);
const cfg = testConfig("content-portals");

beforeAll(async () => {
  svc = await start(cfg);
  events = await collectEvents(svc.content, cfg.KAFKA_TOPIC_PREFIX ?? "");
});
afterAll(async () => {
  await events?.stop();
  await svc?.stop();
});

const board = (id: string) => ({
  boardMailbox: `banbientap@${id}.bacgiang.gov.vn`,
  hotline: "0204 3555 000",
});

describe("portals registry (R-DOM)", () => {
  it("needs the provincial portal first, then derives its host from the place name", async () => {
    const early = await call("POST", "/portals", "platform.admin", {
      kind: "district",
      placeName: "Lục Ngạn",
      name: { vi: "Cổng Thông tin điện tử huyện Lục Ngạn" },
      agency: { vi: "Ủy ban nhân dân huyện Lục Ngạn" },
      ...board("lucngan"),
    });
    expect(early.status).toBe(409);
    expect(early.body.reason).toBe("no_province");
    const res = await call("POST", "/portals", "platform.admin", {
      kind: "province",
      placeName: "Bắc Giang",
      name: { vi: "Cổng Thông tin điện tử tỉnh Bắc Giang" },
      agency: { vi: "Ủy ban nhân dân tỉnh Bắc Giang" },
      boardMailbox: "banbientap@bacgiang.gov.vn",
      hotline: "0204 3854 485",
    });
    expect(res.status).toBe(201);
    expect(res.body.portalId).toBe("bacgiang");
    expect(res.body.host).toBe("bacgiang.gov.vn");
    expect(res.body.parentPortalId).toBeNull();
    const gazette = res.body.categories.find((c: { slug: string }) => c.slug === "cong-bao");
    expect(gazette.retentionClass).toBe("permanent");
  });

  it("Tân Yên → tanyen, a component of the provincial portal", async () => {
    const res = await call("POST", "/portals", "platform.admin", {
      kind: "district",
      placeName: "Tân Yên",
      name: { vi: "Cổng Thông tin điện tử huyện Tân Yên" },
      agency: { vi: "Ủy ban nhân dân huyện Tân Yên" },
      ...board("tanyen"),
    });
    expect(res.status).toBe(201);
    expect(res.body.portalId).toBe("tanyen");
    expect(res.body.host).toBe("tanyen.bacgiang.gov.vn");
    expect(res.body.parentPortalId).toBe("bacgiang");
    const ev = await events.waitFor("portal.updated", (d) => d.portal.portalId === "tanyen");
    expect(ev.data.portal.categories.length).toBeGreaterThan(5);
    expect(ev.data.updatedBy.username).toBe("platform.admin");
  });

  it("Sở Thông tin và Truyền thông with abbreviation STTTT → stttt; categories carry retention and deadlines", async () => {
    const res = await call("POST", "/portals", "platform.admin", {
      kind: "department",
      abbreviation: "STTTT",
      name: { vi: "Cổng Thông tin điện tử Sở Thông tin và Truyền thông" },
      agency: { vi: "Sở Thông tin và Truyền thông" },
      ...board("stttt"),
    });
    expect(res.status).toBe(201);
    expect(res.body.portalId).toBe("stttt");
    expect(res.body.host).toBe("stttt.bacgiang.gov.vn");
    const cats = Object.fromEntries(
      (
        res.body.categories as { slug: string; retentionClass: string; deadlineWorkingDays: number | null }[]
      ).map((c) => [c.slug, c]),
    );
    expect(cats["van-ban-quy-pham-phap-luat"]).toMatchObject({
      retentionClass: "permanent",
      deadlineWorkingDays: 2,
    });
    expect(cats["chien-luoc-quy-hoach-ke-hoach"]).toMatchObject({
      retentionClass: "permanent",
      deadlineWorkingDays: 10,
    });
    expect(cats["pho-bien-phap-luat"]).toMatchObject({
      retentionClass: "limited-5y",
      deadlineWorkingDays: 15,
    });
    expect(cats["hoi-dap"]).toMatchObject({ deadlineWorkingDays: 15 });
    expect(cats["chuong-trinh-de-tai-khoa-hoc"]).toMatchObject({ deadlineWorkingDays: 20 });
    expect(cats["tin-tuc-su-kien"]).toMatchObject({ retentionClass: "limited-5y" });
    expect(cats["cong-bao"]).toBeUndefined();
  });

  it("refuses a duplicate subdomain with 409 duplicate_subdomain", async () => {
    const res = await call("POST", "/portals", "platform.admin", {
      kind: "department",
      abbreviation: "STTTT",
      name: { vi: "Cổng trùng" },
      agency: { vi: "Sở Thông tin và Truyền thông" },
      ...board("stttt"),
    });
    expect(res.status).toBe(409);
    expect(res.body.reason).toBe("duplicate_subdomain");
    expect(res.body.detail).toContain("stttt");
  });

  it("refuses invalid subdomains with a clear error", async () => {
    for (const abbreviation of ["9SO", "WWW", "A-", "Đ."]) {
      const res = await call("POST", "/portals", "platform.admin", {
        kind: "department",
        abbreviation,
        name: { vi: "Cổng thử" },
        agency: { vi: "Sở thử" },
        ...board("x"),
      });
      expect(res.status).toBe(422);
      expect(res.headers.get("content-type")).toMatch(/problem\+json/);
      expect(res.body.reason).toBe("invalid_subdomain");
      expect(res.body.detail).toMatch(/Tên miền/);
    }
    const mismatch = await call("POST", "/portals", "platform.admin", {
      kind: "district",
      placeName: "Lục Ngạn",
      portalId: "lucnam",
      name: { vi: "Cổng thử" },
      agency: { vi: "UBND" },
      ...board("lucngan"),
    });
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.reason).toBe("subdomain_mismatch");
    const noAbbr = await call("POST", "/portals", "platform.admin", {
      kind: "department",
      name: { vi: "Cổng thử" },
      agency: { vi: "Sở thử" },
      ...board("x"),
    });
    expect(noAbbr.status).toBe(422);
  });

  it("lets only platform-admin register or change portals (R-ORG)", async () => {
    const res = await call("POST", "/portals", "stttt.board-head", {
      kind: "department",
      abbreviation: "SYT",
      name: { vi: "Cổng Sở Y tế" },
      agency: { vi: "Sở Y tế" },
      ...board("syt"),
    });
    expect(res.status).toBe(403);
    const patch = await call("PATCH", "/portals/stttt", "platform.admin", { hotline: "0204 3999 999" });
    expect(patch.status).toBe(200);
    expect(patch.body.hotline).toBe("0204 3999 999");
    await events.waitFor(
      "portal.updated",
      (d) => d.portal.portalId === "stttt" && d.portal.hotline === "0204 3999 999",
    );
    // a board head may tune a category of THEIR portal only
    const ok = await call("PATCH", "/portals/stttt/categories/cat-hoi-dap", "stttt.board-head", {
      deadlineWorkingDays: 10,
    });
    expect(ok.status).toBe(200);
    expect(ok.body.deadlineWorkingDays).toBe(10);
    // the items' writes reuse the portal's document for a few seconds: a change made here is seen at once
    const read = await call("GET", "/portals/stttt", "stttt.focal-officer");
    expect(read.body.hotline).toBe("0204 3999 999");
    expect(
      read.body.categories.find((c: { categoryId: string }) => c.categoryId === "cat-hoi-dap")
        .deadlineWorkingDays,
    ).toBe(10);
    const added = await call("POST", "/portals/stttt/categories", "stttt.board-head", {
      slug: "chuyen-muc-moi-them",
      name: { vi: "Chuyên mục mới thêm" },
      retentionClass: "permanent",
    });
    expect(added.status).toBe(201);
    const item = await call("POST", "/portals/stttt/items", "stttt.focal-officer", {
      kind: "article",
      categoryIds: ["cat-chuyen-muc-moi-them"],
      locales: { vi: { title: "Bài trong chuyên mục vừa thêm", bodyHtml: "<p>Nội dung.</p>" } },
    });
    expect(item.status).toBe(201);
    expect(item.body.retentionClass).toBe("permanent");
    const other = await call("PATCH", "/portals/tanyen/categories/cat-hoi-dap", "stttt.board-head", {
      deadlineWorkingDays: 10,
    });
    expect(other.status).toBe(403);
  });

  it("keeps the footer facts a state portal shows (address, person in charge, licence) and announces them", async () => {
    // NFD input (as some keyboards send it) is stored in NFC
    const nfd = "Giám đốc Sở Tư pháp".normalize("NFD");
    const res = await call("POST", "/portals", "platform.admin", {
      kind: "department",
      abbreviation: "STP",
      name: { vi: "Cổng Thông tin điện tử Sở Tư pháp", en: "Department of Justice Portal" },
      agency: { vi: "Sở Tư pháp" },
      languages: ["vi", "en"],
      ...board("stp"),
      address: {
        vi: "Số 50 đường Nguyễn Văn Cừ, phường Ngô Quyền, thành phố Bắc Giang, tỉnh Bắc Giang",
        en: "50 Nguyen Van Cu Street, Ngo Quyen Ward, Bac Giang City",
      },
      personInCharge: { name: "  Lê Thị Thu Hằng ", position: { vi: nfd, en: "Director of Justice" } },
      licence: {
        vi: "Giấy phép số 09/GP-STTTT do Sở Thông tin và Truyền thông tỉnh Bắc Giang cấp ngày 06/07/2021",
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.personInCharge).toEqual({
      name: "Lê Thị Thu Hằng",
      position: { vi: "Giám đốc Sở Tư pháp", en: "Director of Justice" },
    });
    expect(res.body.address.en).toBe("50 Nguyen Van Cu Street, Ngo Quyen Ward, Bac Giang City");
    const ev = await events.waitFor("portal.updated", (d) => d.portal.portalId === "stp");
    expect(ev.data.portal.personInCharge.position.vi).toBe("Giám đốc Sở Tư pháp");
    expect(ev.data.portal.addressText.vi).toMatch(/^Số 50 đường Nguyễn Văn Cừ/);
    // the Vietnamese address also as the string consumers older than addressText read
    expect(ev.data.portal.address).toBe(ev.data.portal.addressText.vi);
    expect(ev.data.portal.licence.vi).toMatch(/^Giấy phép số 09\/GP-STTTT/);

    // a plain string is still accepted as the Vietnamese address (the API before issue 17)
    const plain = await call("PATCH", "/portals/stp", "platform.admin", {
      address: "Số 52 đường Nguyễn Văn Cừ, phường Ngô Quyền, thành phố Bắc Giang",
      licence: null,
    });
    expect(plain.status).toBe(200);
    expect(plain.body.address).toEqual({
      vi: "Số 52 đường Nguyễn Văn Cừ, phường Ngô Quyền, thành phố Bắc Giang",
    });
    expect(plain.body.licence).toBeUndefined();
    const changed = await events.waitFor(
      "portal.updated",
      (d) => d.portal.portalId === "stp" && d.portal.address?.startsWith("Số 52") === true,
    );
    expect(changed.data.portal.licence).toBeUndefined();
    expect(changed.data.portal.addressText).toEqual(plain.body.address);
    expect(changed.data.portal.personInCharge.name).toBe("Lê Thị Thu Hằng");
    const read = await call("GET", "/portals/stp", "stp.focal-officer");
    expect(read.body.personInCharge.name).toBe("Lê Thị Thu Hằng");
  });

  it("refuses footer facts with HTML, line breaks, no Vietnamese or too long, field by field", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ address: { vi: "Số 2 <b>Hùng Vương</b>" } }, "address"],
      [{ address: "Số 2\nHùng Vương" }, "address"],
      [
        { personInCharge: { name: "Trần Quang Huy", position: { en: "Director" } } },
        "personInCharge.position.vi",
      ],
      [
        { personInCharge: { name: "<script>x</script>", position: { vi: "Giám đốc" } } },
        "personInCharge.name",
      ],
      [{ personInCharge: { name: "A", position: { vi: "Giám đốc" }, phone: "0912" } }, "personInCharge"],
      [{ licence: { vi: "Giấy phép số ".repeat(40) } }, "licence.vi"],
      [{ licence: { vi: "Giấy phép số 1", "<en>": "x" } }, "licence"],
    ];
    for (const [body, path] of cases) {
      const res = await call("PATCH", "/portals/stttt", "platform.admin", body);
      expect(res.status).toBe(422);
      expect(res.headers.get("content-type")).toMatch(/problem\+json/);
      expect(res.body.code).toBe("validation_failed");
      const paths = res.body.errors.map((e: { path: string }) => e.path) as string[];
      expect(paths.filter((p) => p === path || p.startsWith(`${path}.`))).not.toEqual([]);
    }
    const read = await call("GET", "/portals/stttt", "platform.admin");
    expect(read.body.address).toBeUndefined();
    expect(read.body.personInCharge).toBeUndefined();
  });

  it("keeps the home page's links to online public services, announces them, and refuses unsafe ones (Art. 3.2)", async () => {
    const links = [
      {
        label: { vi: "Cổng Dịch vụ công tỉnh Bắc Giang", en: "Bac Giang public services portal" },
        url: "https://dichvucong.bacgiang.gov.vn",
      },
      {
        label: { vi: "Cổng Dịch vụ công quốc gia" },
        url: "https://dichvucong.gov.vn/p/home/dvc-trang-chu.html",
      },
    ];
    const ok = await call("PATCH", "/portals/tanyen", "platform.admin", { serviceLinks: links });
    expect(ok.status).toBe(200);
    expect(ok.body.serviceLinks).toEqual(links);
    await events.waitFor(
      "portal.updated",
      (d) => d.portal.portalId === "tanyen" && d.portal.serviceLinks?.[1]?.url === links[1]?.url,
    );
    const label = { vi: "Dịch vụ công" };
    const cases: [unknown, string][] = [
      [[{ label, url: "javascript:alert(1)" }], "serviceLinks.0.url"],
      [[{ label, url: "/thu-tuc" }], "serviceLinks.0.url"],
      [[{ label, url: "https://user:pass@dichvucong.gov.vn" }], "serviceLinks.0.url"],
      [[{ label: { vi: "<b>Dịch vụ</b>" }, url: "https://dichvucong.gov.vn" }], "serviceLinks.0.label.vi"],
      [[{ label, url: "https://dichvucong.gov.vn", target: "_blank" }], "serviceLinks.0"],
      [Array.from({ length: 9 }, () => ({ label, url: "https://dichvucong.gov.vn" })), "serviceLinks"],
    ];
    for (const [serviceLinks, path] of cases) {
      const res = await call("PATCH", "/portals/tanyen", "platform.admin", { serviceLinks });
      expect({ path, status: res.status }).toEqual({ path, status: 422 });
      const paths = res.body.errors.map((e: { path: string }) => e.path) as string[];
      expect({ path, found: paths.some((p) => p === path || p.startsWith(`${path}.`)) }).toEqual({
        path,
        found: true,
      });
    }
    expect((await call("GET", "/portals/tanyen", "platform.admin")).body.serviceLinks).toEqual(links);
    const removed = await call("PATCH", "/portals/tanyen", "platform.admin", { serviceLinks: [] });
    expect(removed.body.serviceLinks).toBeUndefined();
  });

  it("reports empty mandatory categories (R-CONTENT)", async () => {
    const res = await call("GET", "/portals/tanyen/completeness", "tanyen.board-head");
    expect(res.status).toBe(200);
    expect(res.body.complete).toBe(false);
    expect(res.body.emptyMandatory).toContain("cat-van-ban-quy-pham-phap-luat");
  });

  it("serves its OpenAPI 3.1 contract without a token, and nothing else without one", async () => {
    const res = await call("GET", "/openapi.json", null);
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe("3.1.0");
    expect(Object.keys(res.body.paths)).toContain("/portals/{portalId}/items/{itemId}/approve");
    const yaml = await fetch(`${svc.base}/openapi.yaml`);
    expect(yaml.status).toBe(200);
    const anon = await call("GET", "/portals", null);
    expect(anon.status).toBe(401);
  });
});
