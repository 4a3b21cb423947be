// R-REPORT availability against the real servers: a node:http server on 127.0.0.1 stands in for
// publishing's `/ready` and answers 200 or 503 as the test says; with the clock set per probe, the
// stored samples become the report's availability %, sample count and longest outage. No sample in
// a period still reads "không có dữ liệu". The probe's own timer stops on stop() (shutdown).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { systemClock } from "../src/clock";
import { AvailabilityProbe } from "../src/reports/availability";
import { body as json, logger, type RunningArchive, startArchive, token, waitFor } from "./fixtures";

describe("availability in periodic reports (R-REPORT)", () => {
  let a: RunningArchive;
  let auditor: string;
  let status = 200;
  let hits = 0;
  const site = http.createServer((req, res) => {
    if (req.url !== "/ready") return res.writeHead(404).end();
    hits++;
    res.writeHead(status, { "content-type": "application/json" }).end('{"status":"…"}');
  });
  // 2026-12-01 07:00 Vietnam time, then one probe a minute: ok ok FAIL ok ok ok FAIL FAIL FAIL ok
  const t0 = Date.parse("2026-12-01T00:00:00Z");
  const pattern = [200, 200, 503, 200, 200, 200, 503, 503, 503, 200];

  beforeAll(async () => {
    await new Promise<void>((r) => site.listen(0, "127.0.0.1", r));
    const port = (site.address() as AddressInfo).port;
    a = await startArchive("archive-avail", "2027-01-15T03:00:00Z", {
      PUBLISHING_INTERNAL_URL: `http://127.0.0.1:${port}`,
    });
    auditor = await token("auditor");
    const probe = a.archive.probe;
    if (!probe) throw new Error("no probe");
    expect(probe.url).toBe(`http://127.0.0.1:${port}/ready`);
    // outside 2026-H2 (23:59 on 30 June, Vietnam time): not counted
    status = 503;
    a.clock.set("2026-06-30T16:59:00Z");
    await probe.probeOnce();
    for (const [i, s] of pattern.entries()) {
      status = s;
      a.clock.set(new Date(t0 + i * 60_000));
      const sample = await probe.probeOnce();
      expect(sample?.ok).toBe(s === 200);
      expect(sample?.status).toBe(s);
    }
    // a second probe in the same interval (another replica) stores nothing
    a.clock.set(new Date(t0 + 9 * 60_000 + 30_000));
    expect(await probe.probeOnce()).toBeNull();
  });
  afterAll(async () => {
    await a?.close();
    site.close();
  });

  const get = (path: string) =>
    fetch(`${a.base}${path}`, { headers: { authorization: `Bearer ${auditor}` } });

  it("R-REPORT: availability %, samples and the longest outage come from the stored samples", async () => {
    const r = await json(await get("/reports/2026-H2?portalId=tanyen&format=json"));
    expect(r.availability).toEqual({
      percent: 60,
      samples: 10,
      okSamples: 6,
      longestOutage: {
        from: new Date(t0 + 6 * 60_000).toISOString(),
        to: new Date(t0 + 9 * 60_000).toISOString(),
        ms: 180_000,
        failedSamples: 3,
        ongoing: false,
      },
    });
    const html = await (await get("/reports/2026-H2?portalId=tanyen&format=html")).text();
    expect(html).toContain("<td>Tỷ lệ sẵn sàng</td><td>60%</td>");
    expect(html).toContain("<td>Số lần đo</td><td>10</td>");
    expect(html).toContain("<td>Số lần đo không đạt</td><td>4</td>");
    expect(html).toMatch(
      /<td>Gián đoạn dài nhất<\/td><td>3 phút \(3 lần đo, từ [^<]*07:06[^<]* đến [^<]*07:09/,
    );
    const csv = await (await get("/reports/2026-H2?portalId=tanyen&format=csv")).text();
    expect(csv).toContain("Vận hành,Tỷ lệ sẵn sàng,60%");
  });

  it("R-REPORT: a period without samples still says there is no data", async () => {
    const r = await json(await get("/reports/2027-H1?portalId=tanyen&format=json"));
    expect(r.availability).toBeNull();
    const html = await (await get("/reports/2027-H1?portalId=tanyen&format=html")).text();
    expect(html).toContain("<td>Tỷ lệ sẵn sàng</td><td>không có dữ liệu</td>");
  });

  it("R-REPORT: the probe's timer samples on its own and stops on stop()", async () => {
    const db = a.archive.svc.db;
    if (!db) throw new Error("no db");
    status = 200;
    const probe = new AvailabilityProbe(db, `${a.archive.probe?.url}`, systemClock, logger, 1000);
    const before = hits;
    probe.start();
    await waitFor(async () => hits >= before + 2, { timeoutMs: 10_000, what: "two probes" });
    await probe.stop();
    const stopped = hits;
    await new Promise((r) => setTimeout(r, 2500));
    expect(hits).toBe(stopped);
    expect(
      await probe.coll.countDocuments({ at: { $gt: new Date(Date.now() - 60_000) } }),
    ).toBeGreaterThanOrEqual(2);
  });
});
