// The incident forms and the downtime per portal (issue 19 screen 5; R-OPS-247, R-SEC): what the
// admin checks before archive does, archive's 422 paths back to the form's fields, the register's
// availability incidents as a portal's downtime in a window, and the report period of a day.
import type { Incident } from "../api/platform";
import { vi } from "../i18n/vi";
import {
  currentPeriods,
  downtimeIn,
  durationText,
  fieldErrorsOf,
  readIncidentEdit,
  readNewIncident,
  splitNotified,
} from "./incident";

const m = vi.operations;
const NOW = new Date("2026-12-04T03:00:00Z"); // 10:00 in Vietnam
const incident = (over: Partial<Incident> = {}): Incident => ({
  id: "imiq0h2r40-0badc0de",
  kind: "availability",
  portalIds: ["tanyen"],
  title: "Cổng huyện Tân Yên không truy cập được",
  startedAt: "2026-12-04T01:00:00.000Z",
  closedAt: null,
  actions: "",
  notified: [],
  createdBy: { username: "pl.admin" },
  createdAt: "2026-12-04T01:05:00.000Z",
  updatedAt: "2026-12-04T01:05:00.000Z",
  version: 1,
  ...over,
});

describe("a new incident's form", () => {
  it("builds archive's body: the Vietnam time as an instant, '*' as the whole platform, who was told split", () => {
    const r = readNewIncident(
      m,
      {
        kind: "security",
        portalId: "*",
        title: "  Phát hiện truy cập trái phép  ",
        startedAt: "04/12/2026 08:30",
        actions: "Khoá tài khoản.\nĐổi mật khẩu.",
        notified: "Văn phòng UBND tỉnh; Sở Thông tin và Truyền thông\n\nCông an tỉnh",
      },
      ["tanyen", "stttt"],
      NOW,
    );
    expect(r.errors).toEqual({});
    expect(r.body).toEqual({
      kind: "security",
      portalIds: [],
      title: "  Phát hiện truy cập trái phép  ",
      startedAt: "2026-12-04T01:30:00.000Z",
      actions: "Khoá tài khoản.\nĐổi mật khẩu.",
      notified: ["Văn phòng UBND tỉnh", "Sở Thông tin và Truyền thông", "Công an tỉnh"],
    });
    expect(
      readNewIncident(
        m,
        { kind: "availability", portalId: "tanyen", title: "A", startedAt: "04/12/2026 10:00" },
        ["tanyen"],
        NOW,
      ).body,
    ).toMatchObject({ portalIds: ["tanyen"] });
  });

  it("says every problem beside its field, in the form's order", () => {
    const r = readNewIncident(
      m,
      {
        portalId: "",
        title: "<b>Sự cố</b>",
        startedAt: "04/12/2026 10:01",
        notified: Array.from({ length: 21 }, (_, n) => `Đơn vị ${n}`).join("\n"),
      },
      ["tanyen"],
      NOW,
    );
    expect(r.body).toBeUndefined();
    expect(r.errors).toEqual({
      kind: m.eKind,
      portalId: m.eScope,
      title: m.eMarkup,
      startedAt: m.eFuture,
      notified: m.eNotifiedMany,
    });
    expect(Object.keys(r.errors)).toEqual(["kind", "portalId", "title", "startedAt", "notified"]);
    const other = readNewIncident(
      m,
      { kind: "x", portalId: "yenthe", title: "", startedAt: "31/02/2026 10:00", actions: "a\u0007" },
      ["tanyen"],
      NOW,
    );
    expect(other.errors).toEqual({
      kind: m.eKind,
      portalId: m.eScope,
      title: m.eTitle,
      startedAt: m.eStarted,
      actions: m.eControl,
    });
    expect(
      readNewIncident(
        m,
        {
          kind: "security",
          portalId: "*",
          title: "x".repeat(201),
          startedAt: "04/12/2026 09:00",
          notified: "y".repeat(201),
        },
        [],
        NOW,
      ).errors,
    ).toEqual({ title: m.eTitleLong, notified: m.eNotifiedLong });
  });
});

describe("an incident's edit form", () => {
  const fmt = (at: string) => new Date(at).toISOString();
  it("sends only what changed, and closedAt when an end was typed", () => {
    const i = incident({ actions: "Khởi động lại máy chủ.", notified: ["Sở TT&TT"] });
    const same = readIncidentEdit(
      m,
      { title: i.title, actions: "Khởi động lại máy chủ.", notified: "Sở TT&TT", closedAt: "" },
      i,
      NOW,
      fmt,
    );
    expect(same).toEqual({ errors: {}, patch: {}, changed: false });
    const closing = readIncidentEdit(
      m,
      {
        title: i.title,
        actions: "Khởi động lại máy chủ.\nKhôi phục cấu hình.",
        notified: "Sở TT&TT\nVăn phòng UBND tỉnh",
        closedAt: "04/12/2026 09:45",
      },
      i,
      NOW,
      fmt,
    );
    expect(closing).toEqual({
      errors: {},
      changed: true,
      patch: {
        actions: "Khởi động lại máy chủ.\nKhôi phục cấu hình.",
        notified: ["Sở TT&TT", "Văn phòng UBND tỉnh"],
        closedAt: "2026-12-04T02:45:00.000Z",
      },
    });
  });

  it("an end before the start or after now, or not a time, is said beside the field", () => {
    const i = incident();
    const at = (closedAt: string) =>
      readIncidentEdit(
        m,
        { title: i.title, actions: "", notified: "", closedAt },
        i,
        NOW,
        () => "04/12/2026 08:00",
      ).errors;
    expect(at("04/12/2026 07:59")).toEqual({ closedAt: m.eBeforeStart("04/12/2026 08:00") });
    expect(at("04/12/2026 10:01")).toEqual({ closedAt: m.eFuture });
    expect(at("hôm nay")).toEqual({ closedAt: m.eClosedAt });
    expect(at("04/12/2026 08:00")).toEqual({});
  });
});

describe("archive's 422 beside the form's fields", () => {
  it("maps each path and code to its field's message", () => {
    expect(
      fieldErrorsOf(
        m,
        [
          { path: "startedAt", code: "in_future", message: "" },
          { path: "title", code: "html_not_allowed", message: "" },
          { path: "notified.3", code: "too_big", message: "" },
          { path: "portalIds.0", code: "invalid_format", message: "" },
          { path: "closedAt", code: "before_start", message: "" },
          { path: "version", code: "required", message: "" },
        ],
        "2026-12-04T01:00:00.000Z",
        () => "04/12/2026 08:00",
      ),
    ).toEqual({
      startedAt: m.eFuture,
      title: m.eMarkup,
      notified: m.eNotifiedLong,
      portalId: m.eScope,
      closedAt: m.eBeforeStart("04/12/2026 08:00"),
    });
    expect(fieldErrorsOf(m, [{ path: "notified", code: "too_big", message: "" }])).toEqual({
      notified: m.eNotifiedMany,
    });
    expect(fieldErrorsOf(m, [{ path: "title", code: "too_big", message: "" }])).toEqual({
      title: m.eTitleLong,
    });
  });

  it("splits who was told on lines and semicolons", () => {
    expect(splitNotified(" A ;B\r\n\n C ;")).toEqual(["A", "B", "C"]);
    expect(splitNotified("")).toEqual([]);
  });
});

describe("a portal's downtime from the register", () => {
  const w = { from: new Date("2026-12-01T00:00:00Z"), to: new Date("2026-12-02T00:00:00Z") };
  it("counts the portal's and the whole platform's availability incidents, overlaps once, clipped to the window", () => {
    const items = [
      // 23:00 the day before → 01:00: one hour inside
      incident({ startedAt: "2026-11-30T23:00:00Z", closedAt: "2026-12-01T01:00:00Z" }),
      // the whole platform 06:00 → 08:00, overlapping tanyen's 07:00 → 09:00: 3 hours together
      incident({ portalIds: [], startedAt: "2026-12-01T06:00:00Z", closedAt: "2026-12-01T08:00:00Z" }),
      incident({ startedAt: "2026-12-01T07:00:00Z", closedAt: "2026-12-01T09:00:00Z" }),
      // another portal's, a security incident, one outside the window: not counted
      incident({ portalIds: ["stttt"], startedAt: "2026-12-01T10:00:00Z", closedAt: "2026-12-01T11:00:00Z" }),
      incident({ kind: "security", startedAt: "2026-12-01T10:00:00Z", closedAt: "2026-12-01T11:00:00Z" }),
      incident({ startedAt: "2026-11-20T00:00:00Z", closedAt: "2026-11-21T00:00:00Z" }),
      // open since 22:00: two hours until the window's end
      incident({ startedAt: "2026-12-01T22:00:00Z", closedAt: null }),
    ];
    const d = downtimeIn(items, "tanyen", w);
    expect(d).toEqual({ ms: 6 * 3_600_000, count: 4, open: 1, percent: 75 });
    expect(downtimeIn(items, "stttt", w)).toEqual({ ms: 3 * 3_600_000, count: 2, open: 0, percent: 87.5 });
    expect(downtimeIn([], "stttt", w)).toEqual({ ms: 0, count: 0, open: 0, percent: 100 });
    // rounded down to 2 decimals, as archive rounds the probe's figure
    expect(
      downtimeIn(
        [incident({ startedAt: "2026-12-01T00:00:00Z", closedAt: "2026-12-01T00:01:00Z" })],
        "tanyen",
        w,
      ).percent,
    ).toBe(99.93);
    expect(downtimeIn([], "tanyen", { from: w.from, to: w.from }).percent).toBeNull();
  });

  it("says a duration in days, hours and minutes", () => {
    expect(durationText(m, 0)).toBe("dưới 1 phút");
    expect(durationText(m, 59_999)).toBe("dưới 1 phút");
    expect(durationText(m, 2 * 3_600_000 + 15 * 60_000)).toBe("2 giờ 15 phút");
    expect(durationText(m, 3 * 86_400_000 + 4 * 3_600_000)).toBe("3 ngày 4 giờ");
  });
});

describe("the report period of a day, in Vietnam time", () => {
  it("is the half-year and the year the day is in (1 July 00:00 +07:00 starts the second half)", () => {
    expect(currentPeriods(new Date("2026-12-04T03:00:00Z"))).toEqual({
      half: {
        label: "2026-H2",
        from: new Date("2026-06-30T17:00:00Z"),
        to: new Date("2026-12-31T17:00:00Z"),
      },
      year: { label: "2026", from: new Date("2025-12-31T17:00:00Z"), to: new Date("2026-12-31T17:00:00Z") },
    });
    expect(currentPeriods(new Date("2026-06-30T16:59:59Z")).half.label).toBe("2026-H1");
    expect(currentPeriods(new Date("2026-06-30T17:00:00Z")).half.label).toBe("2026-H2");
    expect(currentPeriods(new Date("2025-12-31T17:00:00Z")).year.label).toBe("2026");
  });
});
