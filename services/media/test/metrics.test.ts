// R-OPS-247 against the real servers: the media processing queue as operators watch it, read from
// the service's metrics registry (what /metrics serves). The queue is every replica's uploads
// waiting for processing (their `process|` markers whose asset is still `processing`):
// cong_media_processing_queue_size and cong_media_processing_oldest_waiting_seconds; an upload
// processed leaves it empty, one left waiting shows its age, a leftover marker (nothing to do) is
// not counted, and a processing that fails counts in cong_media_processing_failures_total.
import { demoToken } from "@cong/testing";
import { body, form, type RunningMedia, startMedia } from "./fixtures";
import { photoWithGps } from "./samples";

/** The value of an unlabelled (but for `service`) series in the exposition text. */
function gauge(text: string, name: string): number {
  const m = text.match(new RegExp(`^${name}\\{[^}]*\\} (\\S+)$`, "m"));
  if (!m?.[1]) throw new Error(`${name} is not in the metrics`);
  return Number(m[1]);
}

describe("media processing metrics (R-OPS-247)", () => {
  let m: RunningMedia;
  let officer: string;
  /** the figures of a scrape now (the queue figures are read again, not from the cache) */
  const metrics = async () => {
    await m.media.processor.backlog();
    return m.media.svc.metrics.registry.metrics();
  };

  beforeAll(async () => {
    m = await startMedia("media-metrics");
    officer = await demoToken("stttt.focal-officer");
  });
  afterAll(async () => {
    await m?.close();
  });

  it("an upload processed leaves the queue empty", async () => {
    const res = await fetch(`${m.base}/portals/stttt/assets`, {
      method: "POST",
      headers: { authorization: `Bearer ${officer}` },
      body: form(await photoWithGps(800, 450), "hoi-nghi.jpg", "image/jpeg", { altText: "Hội nghị" }),
    });
    expect(res.status).toBe(201);
    const id = (await body(res)).id as string;
    await m.media.processor.drained();
    expect((await m.media.deps.assets.findOne({ _id: id }))?.status).toBe("ready");
    const text = await metrics();
    expect(gauge(text, "cong_media_processing_queue_size")).toBe(0);
    expect(gauge(text, "cong_media_processing_oldest_waiting_seconds")).toBe(0);
  });

  it("an upload left waiting shows in the queue with its age; a leftover marker does not", async () => {
    const id = "ab00000000000000000000a1";
    const base = await m.media.deps.assets.findOne(
      {},
      { projection: { _outbox: 0, deletedAt: 0, deletedBy: 0, filesRemoved: 0 } },
    );
    // recorded ten minutes ago and not processed (e.g. every replica was busy or S3 away)
    await m.media.deps.todo.coll.insertOne({ _id: `process|${id}`, at: new Date(Date.now() - 600_000) });
    await m.media.deps.assets.insertOne({
      ...base,
      _id: id,
      kind: "document",
      sha256: "3".repeat(64),
      status: "processing",
    } as never);
    // a marker two hours old whose upload was never recorded: nothing to do
    await m.media.deps.todo.coll.insertOne({
      _id: "process|ab00000000000000000000a2",
      at: new Date(Date.now() - 7_200_000),
    });
    const text = await metrics();
    expect(gauge(text, "cong_media_processing_queue_size")).toBe(1);
    expect(gauge(text, "cong_media_processing_oldest_waiting_seconds")).toBeGreaterThanOrEqual(600);
    expect(gauge(text, "cong_media_processing_oldest_waiting_seconds")).toBeLessThan(7200);
  });

  it("a processing that fails is counted and leaves the queue", async () => {
    const before = gauge(await metrics(), "cong_media_processing_failures_total");
    // the waiting document has no file in S3: its processing fails
    m.media.processor.enqueue("ab00000000000000000000a1");
    await m.media.processor.drained();
    expect((await m.media.deps.assets.findOne({ _id: "ab00000000000000000000a1" }))?.status).toBe("failed");
    const text = await metrics();
    expect(gauge(text, "cong_media_processing_failures_total")).toBe(before + 1);
    expect(gauge(text, "cong_media_processing_queue_size")).toBe(0);
    expect(gauge(text, "cong_media_processing_oldest_waiting_seconds")).toBe(0);
    expect(text).toContain("cong_media_processing_postponed_total");
  });
});
