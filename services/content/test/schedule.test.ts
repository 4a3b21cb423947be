// R-MODERATE: a scheduled publication is stored with the item and fired by the poller — also
// after the service was stopped and started again in between; a late firing is reported.
import { MongoClient } from "mongodb";
import {
  approvedArticle,
  client,
  collectEvents,
  createPortals,
  type Running,
  start,
  testConfig,
} from "./helpers";

const cfg = testConfig("content-schedule", { SCHEDULE_MISS_GRACE_MS: "1000" });
let svc: Running | undefined;
const call = client(() => (svc as Running).base);

afterAll(async () => {
  await svc?.stop();
});

it("fires a scheduled publish after a restart and reports it as missed", async () => {
  svc = await start(cfg);
  await createPortals(call, ["stttt", "tanyen"]);
  const created = await call("POST", "/portals/stttt/items", "stttt.focal-officer", {
    kind: "announcement",
    categoryIds: ["cat-thong-bao"],
    locales: {
      vi: { title: "Thông báo lịch tiếp công dân tháng 12/2026", bodyHtml: "<p>Lịch tiếp công dân.</p>" },
    },
  });
  expect(created.status).toBe(201);
  const id = created.body.itemId as string;
  await call("POST", `/portals/stttt/items/${id}/submit`, "stttt.focal-officer", {
    version: created.body.version,
  });
  const at = new Date(Date.now() + 3000);
  const approved = await call("POST", `/portals/stttt/items/${id}/approve`, "stttt.board-member", {
    scheduledAt: at.toISOString(),
  });
  expect(approved.status).toBe(200);
  expect(approved.body.schedule.publish.at).toBe(at.toISOString());

  // the service goes away before the time comes …
  await svc.stop();
  svc = undefined;
  await new Promise((r) => setTimeout(r, 5000));
  // … and a new instance (same database, same topics) fires it on start
  svc = await start(cfg);
  const events = await collectEvents(svc.content, cfg.KAFKA_TOPIC_PREFIX ?? "");
  try {
    const ev = await events.waitFor("content.published", (d) => d.itemId === id);
    expect(ev.data.publishedBy.username).toBe("stttt.board-member");
    const item = await call("GET", `/portals/stttt/items/${id}`, "stttt.board-member");
    expect(item.body.status).toBe("published");
    const last = item.body.audit[item.body.audit.length - 1];
    expect(last.actor.id).toBe("system:scheduler");
    expect(last.onBehalfOf.username).toBe("stttt.board-member");
    // reported: the API lists it (the log line and the metric say the same)
    const sched = await call("GET", "/portals/stttt/schedules", "stttt.board-head");
    expect(sched.body.pending).toEqual([]);
    expect(sched.body.missed[0]).toMatchObject({ itemId: id, action: "publish" });
    expect(sched.body.missed[0].lateByMs).toBeGreaterThan(1000);
    const metrics = await svc.content.svc.metrics.registry.getSingleMetricAsString(
      "cong_content_schedules_missed_total",
    );
    expect(metrics).toMatch(/cong_content_schedules_missed_total\{action="publish"[^}]*\} 1/);
    // the board's dashboard and the platform-wide list show it too; another portal's does not
    const work = await call("GET", "/portals/stttt/work?lists=missed", "stttt.board-member");
    expect(work.body.missed).toEqual([
      expect.objectContaining({
        itemId: id,
        title: "Thông báo lịch tiếp công dân tháng 12/2026",
        action: "publish",
        scheduledFor: at.toISOString(),
      }),
    ]);
    const all = await call("GET", "/schedules/missed", "platform.admin");
    expect(all.body.items.map((m: { itemId: string }) => m.itemId)).toEqual([id]);
    const other = await call("GET", "/portals/tanyen/work?lists=missed", "tanyen.board-member");
    expect(other.body.missed).toEqual([]);
  } finally {
    await events.stop();
  }
});

it("publishes and takes down at the scheduled times given to /publish and /unpublish", async () => {
  const events = await collectEvents((svc as Running).content, `${cfg.KAFKA_TOPIC_PREFIX ?? ""}`);
  try {
    const { id, version: v } = await approvedArticle(call, "Tin đăng theo lịch");
    const scheduled = await call("POST", `/portals/stttt/items/${id}/publish`, "stttt.board-member", {
      version: v,
      at: new Date(Date.now() + 1500).toISOString(),
    });
    expect(scheduled.body.state).toBe("approved");
    await events.waitFor("content.published", (d) => d.itemId === id);
    const live = await call("GET", `/portals/stttt/items/${id}`, "stttt.board-member");
    const down = await call("POST", `/portals/stttt/items/${id}/unpublish`, "stttt.board-member", {
      version: live.body.version,
      mode: "redirected",
      redirectTo: "/tin-tuc-su-kien",
      at: new Date(Date.now() + 1500).toISOString(),
    });
    expect(down.body.status).toBe("published");
    const ev = await events.waitFor("content.unpublished", (d) => d.itemId === id);
    expect(ev.data).toMatchObject({ mode: "redirected", redirectTo: "/tin-tuc-su-kien" });
    expect(ev.data.unpublishedBy.username).toBe("stttt.board-member");
  } finally {
    await events.stop();
  }
});

it("keys missed-schedule records of the earlier form at start, once (issue 21)", async () => {
  const mongo = await MongoClient.connect(cfg.MONGO_URL);
  try {
    const misses = mongo.db().collection<{ _id: string } & Record<string, unknown>>("schedules_missed");
    await (svc as Running).stop();
    svc = undefined;
    // a record as the service wrote it before, and the marker gone as before the change
    const scheduledFor = new Date("2026-03-02T01:00:00.000Z");
    await misses.insertOne({
      _id: `legacy-item:publish:${scheduledFor.getTime()}`,
      itemId: "legacy-item",
      portalId: "stttt",
      action: "publish",
      scheduledFor,
      firedAt: new Date("2026-03-02T01:10:00.000Z"),
      lateByMs: 600_000,
    });
    await misses.deleteOne({ _id: "!keyed" });
    svc = await start(cfg);
    const work = await call("GET", "/portals/stttt/work?lists=missed", "stttt.board-member");
    expect(work.body.missed.map((m: { itemId: string }) => m.itemId)).toContain("legacy-item");
    const all = await call("GET", "/schedules/missed", "platform.admin");
    expect(all.body.items.map((m: { itemId: string }) => m.itemId)).toContain("legacy-item");
    // the record of the earlier form is gone, each record is under both scopes, and the marker is back
    const ids = (await misses.find({}).toArray()).map((d) => d._id);
    expect(ids.filter((x) => !x.includes("|"))).toEqual(["!keyed"]);
    expect(ids.filter((x) => x.includes("legacy-item"))).toHaveLength(2);
  } finally {
    await mongo.close();
  }
});
