// R-OPS-247, R-SEC, R-REPORT on the REAL servers: the incident register (the admin's incident
// screen, issue 19 screen 5). A platform admin records incidents (201, Location, ETag), updates and
// closes them with the version edited (If-Match or `version`; a stale one is 409 `stale_version`, a
// closed incident 409 `incident_closed`); auditors read them (and are refused writes), portal users
// are refused everything; bad fields are 422 naming each; a portal's list and a window are `_id`
// ranges (ADR 0004, checked on the commands sent); the period's report of the portal and the
// province-wide one list the incidents. Every answer is checked against openapi.yaml (fixtures).
import { indexesSettled, unflat, watchQueries } from "@cong/testing";
import { body, type RunningArchive, startArchive, token } from "./fixtures";

let a: RunningArchive;
let admin: string;
let auditor: string;
let board: string;
let queries: ReturnType<typeof watchQueries>;

const call = (pathname: string, who: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
  fetch(`${a.base}${pathname}`, {
    ...init,
    headers: {
      authorization: `Bearer ${who}`,
      ...(init.body ? { "content-type": "application/json" } : {}),
      ...(init.headers ?? {}),
    },
  });
const post = (payload: unknown, who = admin) =>
  call("/incidents", who, { method: "POST", body: JSON.stringify(payload) });
const patch = (id: string, payload: unknown, who = admin, headers: Record<string, string> = {}) =>
  call(`/incidents/${id}`, who, { method: "PATCH", body: JSON.stringify(payload), headers });

const outage = {
  kind: "availability",
  portalIds: ["tanyen"],
  title: "Cổng Tân Yên không truy cập được",
  startedAt: "2026-12-10T08:00:00+07:00",
  actions: "Khởi động lại máy chủ ứng dụng.",
  notified: ["Sở TT&TT — ông Nguyễn Văn A"],
};

const db = () => {
  const d = a.archive.svc.db;
  if (!d) throw new Error("no db");
  return d;
};

beforeAll(async () => {
  a = await startArchive("incidents", "2027-01-15T03:00:00Z", {}, { monitorCommands: true });
  const client = a.archive.svc.mongo?.getClient();
  if (!client) throw new Error("no mongo client");
  queries = watchQueries(client);
  [admin, auditor, board] = await Promise.all([
    token("platform.admin"),
    token("auditor"),
    token("tanyen.board-member"),
  ]);
});
afterAll(async () => {
  await a?.close();
});

describe("incident register", () => {
  let id: string;

  it("R-OPS-247: a platform admin records an incident — 201, Location, ETag, the incident open at version 1", async () => {
    const res = await post({ ...outage, title: "  Cổng Tân Yên không truy cập được " });
    expect(res.status).toBe(201);
    const b = await body(res);
    id = b.id;
    expect(res.headers.get("location")).toBe(`/incidents/${id}`);
    expect(res.headers.get("etag")).toBe('"1"');
    expect(b).toEqual({
      id: expect.stringMatching(/^i[0-9a-z]{9}-[0-9a-f]{8}$/),
      kind: "availability",
      portalIds: ["tanyen"],
      title: "Cổng Tân Yên không truy cập được",
      startedAt: "2026-12-10T01:00:00.000Z",
      closedAt: null,
      actions: "Khởi động lại máy chủ ứng dụng.",
      notified: ["Sở TT&TT — ông Nguyễn Văn A"],
      createdBy: { username: "platform.admin" },
      createdAt: "2027-01-15T03:00:00.000Z",
      updatedAt: "2027-01-15T03:00:00.000Z",
      version: 1,
    });
    const again = await call(`/incidents/${id}`, auditor);
    expect(again.status).toBe(200);
    expect(await body(again)).toEqual(b);
  });

  it("R-SEC: auditors read but cannot write; portal users are refused everything (403 realm_role_required)", async () => {
    for (const res of [
      await post(outage, auditor),
      await patch(id, { version: 1, actions: "x" }, auditor),
      await post(outage, board),
      await patch(id, { version: 1, actions: "x" }, board),
      await call("/incidents", board),
      await call(`/incidents/${id}`, board),
    ]) {
      expect(res.status).toBe(403);
      expect((await body(res)).reason).toBe("realm_role_required");
    }
    expect((await call("/incidents", auditor)).status).toBe(200);
    expect((await call("/incidents/i000000000-00000000", auditor)).status).toBe(404);
    expect((await fetch(`${a.base}/incidents`)).status).toBe(401);
  });

  it("R-SEC: bad fields are 422 naming each — HTML title, future start, unknown fields, NoSQL operator objects", async () => {
    const cases: [unknown, string, string?][] = [
      [{ ...outage, title: "<b>Sự cố</b>" }, "title", "html_not_allowed"],
      [{ ...outage, title: "" }, "title"],
      [{ ...outage, title: "x".repeat(201) }, "title"],
      [{ ...outage, startedAt: "2027-01-15T03:00:01Z" }, "startedAt", "in_future"],
      [{ ...outage, startedAt: "2026-02-30T08:00:00Z" }, "startedAt", "invalid_date"],
      [{ ...outage, startedAt: "hôm qua" }, "startedAt", "invalid_date"],
      [{ ...outage, kind: "other" }, "kind"],
      [{ ...outage, extra: 1 }, ""],
      [{ ...outage, title: { text: "Sự cố" } }, "title"],
      [{ ...outage, portalIds: [{ id: "tanyen" }] }, "portalIds.0"],
      [{ ...outage, notified: Array.from({ length: 21 }, (_, n) => `đơn vị ${n}`) }, "notified"],
      [{ ...outage, actions: "x".repeat(4001) }, "actions"],
    ];
    for (const [payload, path, code] of cases) {
      const res = await post(payload);
      expect(res.status).toBe(422);
      const b = await body(res);
      expect(b.code).toBe("validation_failed");
      const e = b.errors.find((x: { path: string }) => x.path === path);
      expect({ payload, e }).toEqual({
        payload,
        e: expect.objectContaining(code ? { path, code } : { path }),
      });
    }
    // NoSQL operator objects never reach the route: the kit's body guard refuses them (400 forbidden_key)
    for (const payload of [
      { ...outage, title: { $ne: null } },
      { ...outage, portalIds: [{ $gt: "" }] },
    ]) {
      const res = await post(payload);
      expect(res.status).toBe(400);
      expect(await body(res)).toMatchObject({ code: "malformed_request", reason: "forbidden_key" });
    }
    const list = await body(await call("/incidents", admin));
    expect(list.items.map((i: { id: string }) => i.id)).toEqual([id]);
  });

  it("R-OPS-247: updates carry the version edited (If-Match or version); a stale one is 409 stale_version", async () => {
    const res = await patch(id, { actions: "Khởi động lại; chuyển sang máy chủ dự phòng." }, admin, {
      "if-match": '"1"',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toBe('"2"');
    expect(await body(res)).toMatchObject({
      version: 2,
      actions: "Khởi động lại; chuyển sang máy chủ dự phòng.",
    });
    const stale = await patch(id, { version: 1, title: "Tiêu đề khác" });
    expect(stale.status).toBe(409);
    expect(await body(stale)).toMatchObject({ code: "conflict", reason: "stale_version", currentVersion: 2 });
    const none = await patch(id, { title: "Tiêu đề khác" });
    expect(none.status).toBe(422);
    expect((await body(none)).errors[0].path).toBe("version");
    const bad = await patch(id, { version: 2, closedAt: "2026-12-10T00:59:00Z" });
    expect(bad.status).toBe(422);
    expect((await body(bad)).errors[0]).toMatchObject({ path: "closedAt", code: "before_start" });
    const future = await patch(id, { version: 2, closedAt: "2027-02-01T00:00:00Z" });
    expect(future.status).toBe(422);
    expect((await body(future)).errors[0]).toMatchObject({ path: "closedAt", code: "in_future" });
    const op = await patch(id, { version: 2, notified: { $set: [] } });
    expect(op.status).toBe(400);
    expect((await body(op)).reason).toBe("forbidden_key");
    expect(await body(await call(`/incidents/${id}`, auditor))).toMatchObject({ version: 2, closedAt: null });
  });

  it("R-OPS-247: closing it (closedAt ≥ startedAt) freezes it — a later change or a reopening is 409 incident_closed", async () => {
    const res = await patch(id, { version: 2, closedAt: "2026-12-10T10:30:00+07:00" });
    expect(res.status).toBe(200);
    expect(await body(res)).toMatchObject({ version: 3, closedAt: "2026-12-10T03:30:00.000Z" });
    for (const payload of [
      { version: 3, closedAt: null },
      { version: 3, actions: "thêm" },
    ]) {
      const again = await patch(id, payload);
      expect(again.status).toBe(409);
      expect(await body(again)).toMatchObject({ reason: "incident_closed", currentVersion: 3 });
    }
  });

  it("R-OPS-247: lists newest first by start — by portal (with the whole platform's), by window, in pages", async () => {
    const made: Record<string, string> = { outage: id };
    for (const [name, payload] of Object.entries({
      security: {
        kind: "security",
        portalIds: ["lucngan", "tanyen"],
        title: "Phát hiện dò quét mật khẩu",
        startedAt: "2026-12-20T09:00:00Z",
      },
      platform: {
        kind: "availability",
        portalIds: [],
        title: "Mất kết nối trung tâm dữ liệu",
        startedAt: "2026-11-02T00:00:00Z",
      },
      other: {
        kind: "availability",
        portalIds: ["stttt"],
        title: "Cổng Sở TT&TT chậm",
        startedAt: "2026-12-15T00:00:00Z",
      },
      old: {
        kind: "security",
        portalIds: ["tanyen"],
        title: "Sự cố năm trước",
        startedAt: "2026-03-01T00:00:00Z",
      },
    })) {
      const res = await post(payload);
      expect(res.status).toBe(201);
      made[name] = (await body(res)).id;
    }
    // the year-old one was closed the next day: it belongs to 2026-H1's report only
    expect((await patch(made.old as string, { version: 1, closedAt: "2026-03-02T00:00:00Z" })).status).toBe(
      200,
    );
    const ids = async (q: string) =>
      (await body(await call(`/incidents${q}`, auditor))).items.map((i: { id: string }) => i.id);
    expect(await ids("")).toEqual([made.security, made.other, made.outage, made.platform, made.old]);
    expect(await ids("?portalId=tanyen")).toEqual([made.security, made.outage, made.platform, made.old]);
    expect(await ids("?portalId=lucngan")).toEqual([made.security, made.platform]);
    expect(
      await ids(
        `?portalId=tanyen&from=${encodeURIComponent("2026-12-01T00:00:00+07:00")}&to=2026-12-31T00:00:00Z`,
      ),
    ).toEqual([made.security, made.outage]);
    const first = await body(await call("/incidents?portalId=tanyen&limit=2", admin));
    expect(first.items.map((i: { id: string }) => i.id)).toEqual([made.security, made.outage]);
    expect(first.nextCursor).toBe(made.outage);
    const second = await body(
      await call(`/incidents?portalId=tanyen&limit=2&cursor=${first.nextCursor}`, admin),
    );
    expect(second.items.map((i: { id: string }) => i.id)).toEqual([made.platform, made.old]);
    for (const q of ["?limit=0", "?limit=51", "?cursor=abc", "?from=hôm-qua", "?portalId[$ne]=x", "?x=1"])
      expect((await call(`/incidents${q}`, auditor)).status).toBe(422);
  });

  it("R-REPORT: the period's report lists the portal's incidents and the platform's; the province-wide one every incident", async () => {
    const rep = await body(await call("/reports/2026-H2?portalId=tanyen&format=json", auditor));
    expect(rep.incidents).toMatchObject({
      total: 3,
      byKind: { availability: 2, security: 1 },
      // the closed outage, 08:00–10:30 Vietnam time; open ones count no downtime
      downtimeMinutes: 150,
    });
    expect(rep.incidents.items.map((i: { title: string }) => i.title)).toEqual([
      "Phát hiện dò quét mật khẩu",
      "Cổng Tân Yên không truy cập được",
      "Mất kết nối trung tâm dữ liệu",
    ]);
    expect(rep.incidents.items[1]).toEqual({
      id,
      kind: "availability",
      title: "Cổng Tân Yên không truy cập được",
      startedAt: "2026-12-10T01:00:00.000Z",
      closedAt: "2026-12-10T03:30:00.000Z",
    });
    // the first half's report has the incident of March only
    const h1 = await body(await call("/reports/2026-H1?portalId=tanyen&format=json", auditor));
    expect(h1.incidents.items.map((i: { title: string }) => i.title)).toEqual(["Sự cố năm trước"]);
    const province = await body(await call("/reports/2026-H2?scope=province&format=json", auditor));
    expect(province.incidents.total).toBe(4);
    const csv = await (await call("/reports/2026-H2?portalId=tanyen&format=csv", auditor)).text();
    expect(csv).toContain("Cổng Tân Yên không truy cập được");
    expect(csv).toContain("từ 10/12/2026 08:00 đến 10/12/2026 10:30");
  });

  it("R-OPS-247: the register's queries — create, update, lists, the report — read by _id (ADR 0004)", async () => {
    await indexesSettled(db(), ["incidents", "incident_keys"]);
    queries.start();
    const res = await post({ ...outage, startedAt: "2027-01-01T00:00:00Z" });
    const b = await body(res);
    expect((await patch(b.id, { version: 1, closedAt: "2027-01-01T01:00:00Z" })).status).toBe(200);
    expect((await call("/incidents?portalId=tanyen&limit=3", auditor)).status).toBe(200);
    expect((await call("/incidents?from=2026-12-01T00:00:00Z", auditor)).status).toBe(200);
    expect((await call(`/incidents/${b.id}`, auditor)).status).toBe(200);
    expect((await call("/reports/2026-H2?portalId=tanyen&format=json", auditor)).status).toBe(200);
    const seen = queries.stop().filter((q) => ["incidents", "incident_keys"].includes(q.collection));
    expect(seen.length).toBeGreaterThan(5);
    expect(await unflat(db(), seen)).toEqual([]);
  });
});
