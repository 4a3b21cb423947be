// R-REPORT, R-OPS-247 (issue 19 screen 5): each portal's availability as citizens reach it, against
// the real servers. A node:http server stands in for publishing's web port and answers `/` per Host
// as the test says; content's portal.updated (through Kafka) gives archive each portal's registry
// host, mapped onto PUBLIC_DOMAIN as publishing maps it. With the clock set per round, the stored
// samples become each portal's figures — in its report (`portalAvailability`) and in
// `GET /availability/portals`. Two replicas probing the same interval store one sample a portal.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { AVAILABILITY_PROBE_AGENT, createEvent, type EventData, PortalUpdated } from "@cong/contracts";
import { PortalNames } from "../src/reports/names";
import { localHost, MAX_PROBED_PORTALS, PortalProbe } from "../src/reports/portal-availability";
import { body as json, logger, type RunningArchive, startArchive, token, waitFor } from "./fixtures";

const PUBLIC_DOMAIN = "bacgiang.localhost:3000";
const example = (PortalUpdated.example as EventData<typeof PortalUpdated>).portal;
const portalUpdated = (portalId: string, over: Partial<typeof example> = {}) =>
  createEvent(
    PortalUpdated,
    {
      ...PortalUpdated.example,
      portal: {
        ...example,
        portalId,
        host: `${portalId}.bacgiang.gov.vn`,
        name: { vi: `Cổng Thông tin điện tử ${portalId}` },
        ...over,
      },
      updatedAt: "2026-11-01T01:00:00.000Z",
    },
    { source: "/cong/content" },
  );

describe("each portal's availability from the probe (R-REPORT, R-OPS-247)", () => {
  let a: RunningArchive;
  let auditor: string;
  let probe: PortalProbe;
  /** what `/` answers per Host; a Host not listed is 404 (publishing's unknown host) */
  const answers = new Map<string, number | "hang">();
  const seen: { host: string | undefined; ua: string | undefined; url: string | undefined }[] = [];
  const site = http.createServer((req, res) => {
    seen.push({ host: req.headers.host, ua: req.headers["user-agent"], url: req.url });
    const a = answers.get(req.headers.host ?? "");
    if (a === "hang") return; // never answers: the probe's timeout
    res.writeHead(req.url === "/" && a ? a : 404, { "content-type": "text/html; charset=utf-8" });
    res.end("<!doctype html><title>Trang chủ</title>");
  });
  // 2026-12-01 07:00 Vietnam time, then one round a minute: tanyen always up; yenthe up up DOWN
  // DOWN DOWN up DOWN up (4 of 8); lucnam down the whole time (no answer at first, then 503);
  // hiephoa closed (`active: false`: publishing does not serve it), so never probed
  const t0 = Date.parse("2026-12-01T00:00:00Z");
  const yenthe = [200, 200, 503, 503, 503, 200, 503, 200];

  beforeAll(async () => {
    await new Promise<void>((r) => site.listen(0, "127.0.0.1", r));
    const port = (site.address() as AddressInfo).port;
    a = await startArchive("archive-portal-avail", "2027-01-15T03:00:00Z", {
      PUBLISHING_INTERNAL_URL: `http://127.0.0.1:${port}`,
      PUBLIC_DOMAIN,
      AVAILABILITY_PROBE_INTERVAL_MS: 60_000,
    });
    auditor = await token("auditor");
    const p = a.archive.portalProbe;
    if (!p) throw new Error("no portal probe");
    probe = p;
    // content's portal.updated: the registry's hosts (lucnam's with www., as an editor may write it)
    for (const e of [
      portalUpdated("tanyen"),
      portalUpdated("yenthe"),
      portalUpdated("lucnam", { host: "www.lucnam.bacgiang.gov.vn" }),
      portalUpdated("hiephoa", { active: false }),
    ])
      await a.publish(e);
    const names = a.archive.svc.db?.collection("portal_names");
    await waitFor(async () => (await names?.countDocuments({ host: { $exists: true } })) === 4, {
      timeoutMs: 60_000,
      what: "4 portals with their hosts",
    });
    answers.set(`tanyen.${PUBLIC_DOMAIN}`, 200);
    answers.set(`hiephoa.${PUBLIC_DOMAIN}`, 200);
    for (const [i, s] of yenthe.entries()) {
      answers.set(`yenthe.${PUBLIC_DOMAIN}`, s);
      answers.set(`lucnam.${PUBLIC_DOMAIN}`, i === 0 ? "hang" : 503);
      a.clock.set(new Date(t0 + i * 60_000 + 5_000));
      const round = await probe.probeOnce();
      expect(round.skipped).toBe(0);
      expect(round.stored.map((x) => [x.portalId, x.ok]).sort()).toEqual([
        ["lucnam", false],
        ["tanyen", true],
        ["yenthe", s === 200],
      ]);
    }
    // the reports are read later: 2026-12-01 has closed
    a.clock.set("2027-01-15T03:00:00Z");
  }, 150_000);
  afterAll(async () => {
    await a?.close();
    site.close();
  });

  const get = (path: string, bearer: string | null = auditor) =>
    fetch(`${a.base}${path}`, bearer ? { headers: { authorization: `Bearer ${bearer}` } } : {});

  it("GETs `/` of publishing with each active portal's Host, mapped as publishing maps it", () => {
    const hosts = new Set(seen.map((s) => s.host));
    expect([...hosts].sort()).toEqual([
      `lucnam.${PUBLIC_DOMAIN}`,
      `tanyen.${PUBLIC_DOMAIN}`,
      `yenthe.${PUBLIC_DOMAIN}`,
    ]);
    expect(seen.every((s) => s.url === "/" && s.ua === AVAILABILITY_PROBE_AGENT)).toBe(true);
    expect(localHost("www.bacgiang.gov.vn", { production: "bacgiang.gov.vn", public: PUBLIC_DOMAIN })).toBe(
      PUBLIC_DOMAIN,
    );
    expect(localHost("tanyen.bacgiang.gov.vn", { production: "bacgiang.gov.vn" })).toBe(
      "tanyen.bacgiang.gov.vn",
    );
    expect(MAX_PROBED_PORTALS).toBeGreaterThanOrEqual(100);
  });

  it("no answer within the timeout, or a non-2xx one, is a failed sample", async () => {
    const first = await probe.coll.findOne({ _id: `lucnam|${new Date(t0).toISOString()}` });
    expect(first).toMatchObject({
      ok: false,
      status: null,
      error: "timeout",
      host: `lucnam.${PUBLIC_DOMAIN}`,
    });
    expect(first?.ms).toBeGreaterThanOrEqual(9_000);
    const next = await probe.coll.findOne({ _id: `lucnam|${new Date(t0 + 60_000).toISOString()}` });
    expect(next).toMatchObject({ ok: false, status: 503 });
  });

  it("R-REPORT: a portal down while another is up has its own figures in its report", async () => {
    const up = await json(await get("/reports/2026-H2?portalId=tanyen&format=json"));
    expect(up.portalAvailability).toEqual({ percent: 100, samples: 8, okSamples: 8, longestOutage: null });
    const down = await json(await get("/reports/2026-H2?portalId=yenthe&format=json"));
    expect(down.portalAvailability).toEqual({
      percent: 50,
      samples: 8,
      okSamples: 4,
      longestOutage: {
        from: new Date(t0 + 2 * 60_000 + 5_000).toISOString(),
        to: new Date(t0 + 5 * 60_000 + 5_000).toISOString(),
        ms: 180_000,
        failedSamples: 3,
        ongoing: false,
      },
    });
    // the closed day was summed up once, at its first read; the next read takes the summary
    const days = a.archive.svc.db?.collection<{ _id: string }>("availability_portal_days");
    expect(await days?.findOne({ _id: "yenthe|2026-12-01" })).toMatchObject({ samples: 8, okSamples: 4 });
    const again = await json(await get("/reports/2026-H2?portalId=yenthe&format=json"));
    expect(again.portalAvailability).toEqual(down.portalAvailability);
    // the platform-wide figure is the other probe's (no sample of it here)
    expect(down.availability).toBeNull();
    const html = await (await get("/reports/2026-H2?portalId=yenthe&format=html")).text();
    expect(html).toContain("<td>Vận hành — trang chủ của cổng</td><td>Tỷ lệ sẵn sàng</td><td>50%</td>");
    expect(html).toMatch(
      /<td>Gián đoạn dài nhất<\/td><td>3 phút \(3 lần đo, từ [^<]*07:02[^<]* đến [^<]*07:05/,
    );
    // no sample in the period, or a portal never probed: no such figure
    const none = await json(await get("/reports/2027-H1?portalId=tanyen&format=json"));
    expect(none).not.toHaveProperty("portalAvailability");
    const closed = await json(await get("/reports/2026-H2?portalId=hiephoa&format=json"));
    expect(closed).not.toHaveProperty("portalAvailability");
  });

  it("GET /availability/portals: every portal's figures, a page of portals at a time", async () => {
    const q = "from=2026-07-01T00:00:00%2B07:00&to=2027-01-01T00:00:00%2B07:00";
    const all = await json(await get(`/availability/portals?${q}`));
    expect(all.nextCursor).toBeNull();
    expect(all.from).toBe("2026-06-30T17:00:00.000Z");
    expect(
      all.items.map((r: { portalId: string; availability: { percent: number } | null }) => [
        r.portalId,
        r.availability?.percent ?? null,
      ]),
    ).toEqual([
      ["hiephoa", null],
      ["lucnam", 0],
      ["tanyen", 100],
      ["yenthe", 50],
    ]);
    expect(all.items[1].availability.longestOutage).toMatchObject({ failedSamples: 8, ongoing: true });
    expect(all.items[2].name).toBe("Cổng Thông tin điện tử tanyen");
    // pages of 3: the cursor is the last portal shown
    const first = await json(await get(`/availability/portals?${q}&limit=3`));
    expect(first.items.map((r: { portalId: string }) => r.portalId)).toEqual(["hiephoa", "lucnam", "tanyen"]);
    expect(first.nextCursor).toBe("tanyen");
    const second = await json(await get(`/availability/portals?${q}&limit=3&cursor=tanyen`));
    expect(second.items.map((r: { portalId: string }) => r.portalId)).toEqual(["yenthe"]);
    expect(second.nextCursor).toBeNull();
    // a window of its own: the first three rounds only
    const early = await json(
      await get(
        `/availability/portals?from=${new Date(t0).toISOString()}&to=${new Date(t0 + 3 * 60_000).toISOString()}&cursor=tanyen`,
      ),
    );
    expect(early.items[0].availability).toMatchObject({ samples: 3, okSamples: 2 });
  });

  it("two replicas probing the same interval store one sample a portal", async () => {
    const db = a.archive.svc.db;
    if (!db) throw new Error("no db");
    const other = new PortalProbe(
      db,
      new PortalNames(db),
      probe.baseUrl,
      { production: "bacgiang.gov.vn", public: PUBLIC_DOMAIN },
      a.clock,
      logger,
      60_000,
    );
    answers.set(`lucnam.${PUBLIC_DOMAIN}`, 200);
    a.clock.set(new Date(t0 + 20 * 60_000));
    const before = seen.length;
    const [x, y] = await Promise.all([probe.probeOnce(), other.probeOnce()]);
    expect(x.stored.length + y.stored.length).toBe(3);
    expect(x.skipped + y.skipped).toBe(3);
    const slot = new Date(t0 + 20 * 60_000).toISOString();
    for (const p of ["lucnam", "tanyen", "yenthe"])
      expect(await probe.coll.countDocuments({ _id: `${p}|${slot}` })).toBe(1);
    // a replica whose timer fires later in the interval finds them stored and GETs nothing
    a.clock.set(new Date(t0 + 20 * 60_000 + 40_000));
    const hits = seen.length;
    expect(await other.probeOnce()).toEqual({ stored: [], skipped: 3 });
    expect(seen.length).toBe(hits);
    expect(hits - before).toBeGreaterThanOrEqual(3);
  });

  it("refuses a bad query with 422 naming the field, and readers other than staff", async () => {
    const ok = "from=2026-07-01&to=2027-01-01";
    const refused = async (query: string, path: string, code?: string) => {
      const r = await get(`/availability/portals?${query}`);
      expect(r.status).toBe(422);
      expect(r.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      const b = await json(r);
      expect(b.code).toBe("validation_failed");
      const e = b.errors.find((x: { path: string }) => x.path === path);
      expect(e).toBeDefined();
      if (code) expect(e.code).toBe(code);
    };
    await refused("to=2027-01-01", "from");
    await refused("from=2026-02-30&to=2027-01-01", "from", "invalid_date");
    await refused("from=2027-01-01&to=2026-07-01", "to", "before_start");
    await refused("from=2026-01-01&to=2027-01-03", "to", "too_big");
    await refused(`${ok}&limit=0`, "limit");
    await refused(`${ok}&limit=101`, "limit");
    await refused(`${ok}&limit=1e2`, "limit");
    await refused(`${ok}&cursor=Not-A-Portal`, "cursor");
    await refused(`${ok}&portal=tanyen`, "", "unrecognized_keys");
    expect((await get(`/availability/portals?${ok}`, null)).status).toBe(401);
    const board = await get(`/availability/portals?${ok}`, await token("tanyen.board-member"));
    expect(board.status).toBe(403);
    expect((await json(board)).reason).toBe("realm_role_required");
    expect((await get(`/availability/portals?${ok}`, await token("platform.admin"))).status).toBe(200);
  });
});
