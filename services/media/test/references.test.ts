// Portal ownership of references (issue 15, class 1; R-ORG, R-MODERATE), against the REAL servers
// (Kafka, FerretDB, versitygw, Keycloak): an item of portal A that lists an asset of portal B
// never makes B's file public nor blocks its deletion; only references of the asset's own portal
// count, the others are dropped and logged at warn.
import { demoToken, waitFor } from "@cong/testing";
import {
  body,
  capturingLogger,
  form,
  portalUpdatedEvent,
  publishedEvent,
  type RunningMedia,
  startMedia,
  unpublishedEvent,
} from "./fixtures";
import { photoWithGps } from "./samples";

let m: RunningMedia;
let officer: string;
const log = capturingLogger("warn");
const stttt = (path: string, init: RequestInit = {}) =>
  fetch(`${m.base}/portals/stttt/assets${path}`, {
    ...init,
    headers: { authorization: `Bearer ${officer}`, ...(init.headers ?? {}) },
  });

beforeAll(async () => {
  m = await startMedia("media-refs", {}, { logger: log.logger });
  officer = await demoToken("stttt.focal-officer");
});
afterAll(async () => {
  await m?.close();
});

const refs = () => m.media.svc.db?.collection<{ _id: string; assetIds: string[] }>("refs");
const anonymous = (id: string) => fetch(`${m.base}/assets/${id}/w320.webp`).then((r) => r.status);
const warned = (itemId: string) =>
  waitFor(() => log.lines.some((l) => l.level === "warn" && l.itemId === itemId), {
    timeoutMs: 30_000,
    what: `a warning about ${itemId}`,
  });

describe("references across portals (issue 15.1)", () => {
  let assetId: string;

  beforeAll(async () => {
    const res = await stttt("", {
      method: "POST",
      body: form(await photoWithGps(700, 400), "so-tttt.jpg", "image/jpeg", { altText: "Trụ sở Sở TT&TT" }),
    });
    expect(res.status).toBe(201);
    assetId = (await body(res)).id;
    await waitFor(async () => (await body(await stttt(`/${assetId}`))).status === "ready", {
      timeoutMs: 60_000,
      what: "asset processed",
    });
  });

  it("a lucngan item published with an stttt asset leaves it private (404 to strangers), with a warning", async () => {
    const itemId = "c1c1c1c1c1c1c1c1c1c1c101";
    await m.publish(publishedEvent(itemId, "lucngan", [assetId]));
    // the event is applied (its item is recorded) without the foreign asset
    const ref = await waitFor(async () => (await refs()?.findOne({ _id: itemId })) ?? undefined, {
      timeoutMs: 30_000,
      what: "the lucngan item's refs",
    });
    expect(ref.assetIds).toEqual([]);
    await warned(itemId);
    const line = log.lines.find((l) => l.itemId === itemId);
    expect(line).toMatchObject({ level: "warn", portalId: "lucngan" });
    expect(JSON.stringify(line)).toContain(assetId);
    expect(await anonymous(assetId)).toBe(404);
    expect((await body(await stttt(`/${assetId}`))).live).toBe(false);
  });

  it("stays private once its own item is taken down, whatever another portal's item lists", async () => {
    const own = "c1c1c1c1c1c1c1c1c1c1c102";
    await m.publish(publishedEvent(own, "stttt", [assetId]));
    await waitFor(async () => (await anonymous(assetId)) === 200, { timeoutMs: 30_000, what: "public" });
    // another portal's event naming the stttt item cannot take it over (nor change its media)
    await m.publish(publishedEvent(own, "lucngan", [], 5));
    await warned(own);
    expect(await anonymous(assetId)).toBe(200);
    expect((await refs()?.findOne({ _id: own }))?.assetIds).toEqual([assetId]);
    await m.publish(unpublishedEvent(own, "stttt"));
    await waitFor(async () => (await anonymous(assetId)) === 404, { timeoutMs: 30_000, what: "private" });
  });

  it("can be deleted: another portal's reference does not block it", async () => {
    const del = await stttt(`/${assetId}`, { method: "DELETE" });
    expect(del.status).toBe(204);
    expect(await m.objects(`stttt/${assetId}/`)).toEqual([]);
  });
});

describe("a portal's emblem (issue 17)", () => {
  it("is public while portal.updated names it, private again when removed, and only the portal's own file", async () => {
    const res = await stttt("", {
      method: "POST",
      body: form(await photoWithGps(400, 400), "bieu-trung.jpg", "image/jpeg", { altText: "Biểu trưng" }),
    });
    expect(res.status).toBe(201);
    const emblem = (await body(res)).id as string;
    await waitFor(async () => (await body(await stttt(`/${emblem}`))).status === "ready", {
      timeoutMs: 60_000,
      what: "emblem processed",
    });
    expect(await anonymous(emblem)).toBe(404);
    // another portal naming stttt's file as its emblem makes nothing public
    await m.publish(portalUpdatedEvent("lucngan", emblem, "2026-12-03T10:00:00+07:00"));
    await warned("emblem:lucngan");
    expect(await anonymous(emblem)).toBe(404);
    // its own portal: public, and listed where it is used; it cannot be deleted meanwhile
    await m.publish(portalUpdatedEvent("stttt", emblem, "2026-12-03T10:01:00+07:00"));
    await waitFor(async () => (await anonymous(emblem)) === 200, {
      timeoutMs: 30_000,
      what: "emblem public",
    });
    expect((await body(await stttt(`/${emblem}`))).live).toBe(true);
    expect((await stttt(`/${emblem}`, { method: "DELETE" })).status).toBe(409);
    // the emblem removed: private again, and deletable
    await m.publish(portalUpdatedEvent("stttt", undefined, "2026-12-03T10:02:00+07:00"));
    await waitFor(async () => (await anonymous(emblem)) === 404, {
      timeoutMs: 30_000,
      what: "emblem private",
    });
    expect(await refs()?.findOne({ _id: "emblem:stttt" })).toMatchObject({ live: false });
    expect((await stttt(`/${emblem}`, { method: "DELETE" })).status).toBe(204);
  });
});
