// Unit: expiry arithmetic (R-RETAIN), report periods (R-REPORT), the search keys of a record.

import { merge, type PortalNamesDoc } from "./reports/names";
import { parsePeriod, UnknownPeriod } from "./reports/period";
import { localHost } from "./reports/portal-availability";
import { periodName, renderCsv } from "./reports/render";
import { keyIn, MAX_WORDS, queryWords, recordKeys, wordsOf } from "./retention/record.keys";
import { expiryOf } from "./retention/records";

describe("expiryOf", () => {
  it("adds five calendar years for limited-5y and none for permanent", () => {
    expect(expiryOf("limited-5y", new Date("2026-11-28T02:05:00Z"))?.toISOString()).toBe(
      "2031-11-28T02:05:00.000Z",
    );
    expect(expiryOf("limited-5y", new Date("2028-02-29T00:00:00Z"))?.toISOString()).toBe(
      "2033-03-01T00:00:00.000Z",
    );
    expect(expiryOf("permanent", new Date("2026-11-28T02:05:00Z"))).toBeNull();
  });
});

describe("parsePeriod", () => {
  it("reads half-years and years in Vietnam time", () => {
    const h2 = parsePeriod("2026-H2");
    expect(h2.from.toISOString()).toBe("2026-06-30T17:00:00.000Z");
    expect(h2.to.toISOString()).toBe("2026-12-31T17:00:00.000Z");
    expect(parsePeriod("2026").from.toISOString()).toBe("2025-12-31T17:00:00.000Z");
  });
  it("auto is the report last due: the whole previous year from 1 January, this year's first half from 1 July", () => {
    // the chart's CronJob runs at 02:00 on 1 January and 1 July, Asia/Ho_Chi_Minh
    const yearEnd = parsePeriod("auto", new Date("2026-12-31T19:00:00Z")); // 1 Jan 2027, 02:00 in Vietnam
    expect(yearEnd).toEqual(parsePeriod("2026"));
    expect([yearEnd.from.toISOString(), yearEnd.to.toISOString()]).toEqual([
      "2025-12-31T17:00:00.000Z",
      "2026-12-31T17:00:00.000Z",
    ]);
    // the year-end report covers the whole year, not its second half (issue 16)
    expect(yearEnd.label).not.toBe("2026-H2");
    expect(parsePeriod("auto", new Date("2026-12-31T17:00:00Z")).label).toBe("2026"); // 1 Jan, 00:00
    expect(parsePeriod("auto", new Date("2027-01-15T00:00:00Z")).label).toBe("2026");
    expect(parsePeriod("auto", new Date("2027-06-30T16:59:59Z")).label).toBe("2026"); // 30 Jun, 23:59
    // the half-year report of 1 July
    expect(parsePeriod("auto", new Date("2026-06-30T19:00:00Z"))).toEqual(parsePeriod("2026-H1"));
    expect(parsePeriod("auto", new Date("2026-11-29T00:00:00Z")).label).toBe("2026-H1");
    expect(parsePeriod("auto", new Date("2026-12-31T16:59:59Z")).label).toBe("2026-H1"); // 31 Dec, 23:59
  });
  it("takes the years 2000 to 2999, to their last day", () => {
    expect(parsePeriod("2000").from.toISOString()).toBe("1999-12-31T17:00:00.000Z");
    expect(parsePeriod("2999-H2").to.toISOString()).toBe("2999-12-31T17:00:00.000Z");
    expect(parsePeriod("2999").to.toISOString()).toBe("2999-12-31T17:00:00.000Z");
  });
  it("refuses anything else with UnknownPeriod (a year out of range was an Invalid Date, a 500)", () => {
    for (const spec of [
      "2026-H3",
      "$where",
      "0000",
      "0999",
      "1999",
      "3000",
      "9999",
      "9999-H2",
      "2026-h2",
      "20261",
      "",
      " 2026",
    ])
      expect(() => parsePeriod(spec)).toThrow(UnknownPeriod);
  });
});

describe("periodName", () => {
  it("names a period in Vietnamese, not by its code", () => {
    expect(periodName("2026-H1")).toBe("6 tháng đầu năm 2026");
    expect(periodName("2026-H2")).toBe("6 tháng cuối năm 2026");
    expect(periodName("2026")).toBe("năm 2026");
  });
});

describe("portal names: merge (R-REPORT, issue 18)", () => {
  const snap = (name: string, cats: [string, string][]) => ({
    portalId: "tanyen",
    kind: "district" as const,
    name: { vi: name },
    agency: { vi: "Ủy ban nhân dân huyện Tân Yên" },
    host: "tanyen.bacgiang.gov.vn",
    parentPortalId: "bacgiang",
    languages: ["vi"],
    boardMailbox: "banbientap@tanyen.bacgiang.gov.vn",
    hotline: "0204 3878 000",
    categories: cats.map(([categoryId, vi], order) => ({
      categoryId,
      slug: categoryId,
      name: { vi },
      parentId: null,
      retentionClass: "limited-5y" as const,
      mandatory: false,
      order,
    })),
    active: true,
  });
  const t1 = new Date("2026-11-01T00:00:00Z");
  const t2 = new Date("2026-11-02T00:00:00Z");
  const doc = (d: ReturnType<typeof merge>, rev = 1) => ({ ...(d as Omit<PortalNamesDoc, "rev">), rev });
  it("is idempotent, last-write-wins by updatedAt, and keeps the names of categories since removed", () => {
    const first = doc(
      merge(
        null,
        snap("Cổng cũ", [
          ["cat-a", "Tin A"],
          ["cat-b", "Tin B"],
        ]),
        t1,
      ),
    );
    expect(
      merge(
        first,
        snap("Cổng cũ", [
          ["cat-a", "Tin A"],
          ["cat-b", "Tin B"],
        ]),
        t1,
      ),
    ).toBeNull();
    const second = doc(merge(first, snap("Cổng mới", [["cat-a", "Tin A mới"]]), t2), 2);
    expect(second.name.vi).toBe("Cổng mới");
    expect(second.categories.map((c) => [c.categoryId, c.name.vi])).toEqual([
      ["cat-a", "Tin A mới"],
      ["cat-b", "Tin B"],
    ]);
    // the older snapshot again, after the newer one: nothing changes
    expect(
      merge(
        second,
        snap("Cổng cũ", [
          ["cat-a", "Tin A"],
          ["cat-b", "Tin B"],
        ]),
        t1,
      ),
    ).toBeNull();
    // the other order ends the same
    const reversed = doc(
      merge(
        doc(merge(null, snap("Cổng mới", [["cat-a", "Tin A mới"]]), t2)),
        snap("Cổng cũ", [
          ["cat-a", "Tin A"],
          ["cat-b", "Tin B"],
        ]),
        t1,
      ),
    );
    expect({ ...reversed, rev: 2 }).toEqual(second);
  });
  it("keeps the newest snapshot's host and active flag, and fills them into a document without them (the portal probe)", () => {
    const first = doc(merge(null, snap("Cổng", []), t1));
    expect([first.host, first.active]).toEqual(["tanyen.bacgiang.gov.vn", true]);
    const moved = { ...snap("Cổng", []), host: "tanyen.gov.vn", active: false };
    const second = doc(merge(first, moved, t2), 2);
    expect([second.host, second.active]).toEqual(["tanyen.gov.vn", false]);
    // an older snapshot changes neither
    expect(merge(second, snap("Cổng", []), t1)).toBeNull();
    // a document of an earlier version (no host, no flag): the same snapshot again fills them in
    const { host: _h, active: _a, ...earlier } = first;
    const filled = merge(earlier, snap("Cổng", []), t1);
    expect([filled?.host, filled?.active, filled?.updatedAt]).toEqual(["tanyen.bacgiang.gov.vn", true, t1]);
  });
});

describe("localHost (the portal probe's Host, as publishing's HostMap)", () => {
  const domains = { production: "bacgiang.gov.vn", public: "bacgiang.localhost:3000" };
  it("maps the registry's host onto PUBLIC_DOMAIN, without www.", () => {
    expect(localHost("tanyen.bacgiang.gov.vn", domains)).toBe("tanyen.bacgiang.localhost:3000");
    expect(localHost("WWW.BacGiang.gov.vn", domains)).toBe("bacgiang.localhost:3000");
    expect(localHost("congbao.example.vn", domains)).toBe("congbao.example.vn");
    // production: the same domain, the registry's host
    expect(
      localHost("tanyen.bacgiang.gov.vn", { production: "bacgiang.gov.vn", public: "bacgiang.gov.vn" }),
    ).toBe("tanyen.bacgiang.gov.vn");
    // a host that only ends like the domain is not under it
    expect(localHost("notbacgiang.gov.vn", domains)).toBe("notbacgiang.gov.vn");
  });
});

describe("renderCsv", () => {
  it("neutralises spreadsheet formulas in text cells", () => {
    const csv = renderCsv({
      scope: "portal",
      portalId: "stttt",
      portal: { name: "stttt (chưa rõ tên)", agency: null },
      period: parsePeriod("2026"),
      generatedAt: new Date("2027-01-01T00:00:00Z"),
      published: {
        total: 1,
        byCategory: [{ key: "cat-x", label: '=HYPERLINK("x")', count: 1 }],
        byAgency: [],
      },
      feedback: { received: 0, answered: 0, overdue: 0, averageWorkingDays: null },
      pageViews: null,
      availability: null,
      incidents: null,
    });
    expect(csv).toContain(`'=HYPERLINK(""x"")`);
    expect(csv).toContain("Lượt xem trang,không có dữ liệu");
  });
});

describe("record keys", () => {
  const rec = {
    _id: "item1",
    portalId: "stttt",
    categoryIds: ["cat-tin-tuc", "cat-tin-tuc"],
    firstPublishedAt: new Date("2026-11-28T02:05:00Z"),
    retentionClass: "limited-5y" as const,
    expiresAt: new Date("2031-11-28T02:05:00Z"),
    state: "published" as const,
    hold: null,
    words: wordsOf("Quy hoạch đô thị", "quy hoạch chung"),
  };
  it("folds words once each, in order, and reads a query's longest word first", () => {
    expect(rec.words).toEqual(["quy", "hoach", "do", "thi", "chung"]);
    expect(queryWords("thị QUY hoạch quy")).toEqual(["hoach", "quy", "thi"]);
    expect(queryWords("!!!")).toEqual([]);
  });
  it("keys a record per portal and platform-wide, and only in the facets it is in", () => {
    const keys = recordKeys(rec);
    expect(keys).toContain("stttt|a|2026-11-28T02:05:00.000Z|item1");
    expect(keys).toContain("~all|w:hoach|2026-11-28T02:05:00.000Z|item1");
    expect(keys).toContain("stttt|c:cat-tin-tuc|2026-11-28T02:05:00.000Z|item1");
    expect(keys).toContain("stttt|e|2031-11-28T02:05:00.000Z|item1");
    expect(keys.some((k) => k.includes("|h|") || k.includes("|x|"))).toBe(false);
    // 1 all + 1 category + 5 words + 1 expiry, twice
    expect(keys).toHaveLength(16);
    expect(keyIn(rec, "tanyen", "a")).toBeNull();
    expect(keyIn(rec, "stttt", "w:dieu")).toBeNull();
    const expired = { ...rec, state: "expired" as const, expiredAt: new Date("2031-11-29T00:00:00Z") };
    expect(keyIn(expired, "stttt", "e")).toBeNull();
    expect(keyIn(expired, "~all", "x")).toBe("~all|x|2031-11-29T00:00:00.000Z|item1");
  });
  it("caps the words of a long text", () => {
    const long = Array.from({ length: MAX_WORDS + 50 }, (_, n) => `w${n}`).join(" ");
    expect(wordsOf(long)).toHaveLength(MAX_WORDS);
  });
});
