// Issue 21 for the rest of archive, on the REAL servers: every query of a normal day — the hash
// chain's appends and its head (manifest entries keyed by their number), `verify`, the look for
// missing media, a legal hold and its audit, the retention status and run, feedback events,
// portal.updated (the report's names), the periodic report and the report job's list of portals — is answered with the `_id` index
// (explain(), @cong/testing's unflat), so none of them grows with the archive. On our FerretDB
// build that needs the numeric `_id` pushdown (ADR 0004). The search and the lists: search.test.ts.

import { type EventData, PortalUpdated } from "@cong/contracts";
import { indexesSettled, unflat, watchQueries } from "@cong/testing";
import { FeedbackRecords } from "../src/reports/feedback";
import { PortalNames } from "../src/reports/names";
import { body as json, published, type RunningArchive, startArchive, token } from "./fixtures";

let a: RunningArchive;
let queries: ReturnType<typeof watchQueries>;
let feedback: FeedbackRecords;
let names: PortalNames;
/** content's portal.updated for the portal, at this time */
const portalUpdated = (updatedAt: string): EventData<typeof PortalUpdated> => ({
  ...(PortalUpdated.example as EventData<typeof PortalUpdated>),
  updatedAt,
});
const tk: Record<string, string> = {};
const portalId = "tanyen";
const month = (n: number) => String(n).padStart(2, "0");
/** two revisions published before the watched day (in 2026-H1), two during it (2026-H2) */
const items = [2, 5, 8, 11].map((m, n) =>
  published(portalId, {
    at: `2026-${month(m)}-10T03:00:00.000Z`,
    // one uses an asset the media bucket does not have (yet): it waits in media_pending
    ...(n === 3
      ? { media: [{ assetId: `as${Date.now().toString(16)}ff09`, role: "cover", decorative: true }] }
      : {}),
  }),
);
const fbId = (n: number) => `fb${Date.now().toString(16)}${String(n).padStart(9, "0")}`;

const db = () => {
  const d = a.archive.svc.db;
  if (!d) throw new Error("no db");
  return d;
};
const call = async (path: string, user: string, init: RequestInit = {}) =>
  fetch(`${a.base}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${tk[user]}`, "content-type": "application/json" },
  });

async function archive(n: number) {
  const it = items[n];
  if (!it) throw new Error(`no item ${n}`);
  await a.archive.deps.records.onPublished(it.data);
  await a.archive.store.archivePublished(it.data);
}

async function feedbackOf(n: number, receivedAt: string, answered: boolean) {
  const feedbackId = fbId(n);
  await feedback.onReceived({
    feedbackId,
    portalId,
    kind: "question",
    channel: "web",
    receivedAt,
    dueAt: new Date(Date.parse(receivedAt) + 15 * 86_400_000).toISOString(),
  });
  if (answered)
    await feedback.onAnswered({
      feedbackId,
      portalId,
      answeredAt: new Date(Date.parse(receivedAt) + 3 * 86_400_000).toISOString(),
      workingDaysTaken: 3,
    } as never);
}

/** a hold placed and released, the retention status and run, a report */
async function staffDay(itemId: string) {
  const reason = JSON.stringify({ reason: "Thanh tra hồ sơ năm 2026" });
  expect(
    (await call(`/items/${itemId}/hold`, "platform.admin", { method: "PUT", body: reason })).status,
  ).toBe(200);
  expect(
    (await call(`/items/${itemId}/hold`, "platform.admin", { method: "DELETE", body: reason })).status,
  ).toBe(200);
  expect((await call("/retention/status", "auditor")).status).toBe(200);
  await a.archive.deps.scheduler.runOnce();
  const r = await call(`/reports/2026-H2?portalId=${portalId}&format=json`, "tanyen.board-member");
  expect(r.status).toBe(200);
  return json(r);
}

beforeAll(async () => {
  a = await startArchive("archive-queries", "2027-01-15T03:00:00Z", {}, { monitorCommands: true });
  const client = a.archive.svc.mongo?.getClient();
  if (!client) throw new Error("no mongo client");
  queries = watchQueries(client);
  feedback = new FeedbackRecords(db());
  names = new PortalNames(db());
  for (const u of ["auditor", "platform.admin", "tanyen.board-member"]) tk[u] = await token(u);
  // the day before: every collection exists (with its _id indexes) before a query is explained
  await archive(0);
  await archive(1);
  await feedbackOf(0, "2026-03-01T03:00:00.000Z", true);
  expect(await names.onPortalUpdated(portalUpdated("2026-11-01T01:00:00.000Z"))).toBe(true);
  await staffDay(items[0]?.itemId as string);
  await a.archive.store.retryMissingMedia();
  await indexesSettled(db(), [
    "items",
    "item_keys",
    "manifest",
    "snapshots",
    "meta",
    "feedback",
    "feedback_keys",
    "jobs",
    "portal_names",
  ]);
});
afterAll(async () => {
  await a?.close();
});

it("chains revisions, finds the head and verifies the chain by the entries' numbers", async () => {
  queries.start();
  await archive(2);
  await archive(3);
  // a redelivery is a no-op
  expect(await a.archive.store.archivePublished(items[0]?.data as never)).toBeNull();
  expect(await a.archive.store.head()).toBe(4);
  const v = await a.archive.store.verify();
  expect(v.problems).toEqual([]);
  expect(v.checked).toBe(4);
  expect(await a.archive.store.retryMissingMedia()).toMatchObject({ archived: 0, stillMissing: 1 });
  const seen = queries.stop();
  // media_pending appeared during this test: our FerretDB's indexer gives it its indexes in a second
  await indexesSettled(db(), ["media_pending"]);
  expect(await unflat(db(), seen)).toEqual([]);
});

it("holds, the retention status and run, feedback and the report read what they answer, by _id", async () => {
  queries.start();
  await feedbackOf(1, "2026-07-02T03:00:00.000Z", true);
  await feedbackOf(2, "2026-09-30T16:59:59.999Z", false);
  // the first instant of 2027 in Vietnam: outside 2026-H2
  await feedbackOf(3, "2026-12-31T17:00:00.000Z", false);
  // the portal's names changed, then the same event again (a no-op)
  expect(await names.onPortalUpdated(portalUpdated("2026-11-20T01:00:00.000Z"))).toBe(true);
  expect(await names.onPortalUpdated(portalUpdated("2026-11-20T01:00:00.000Z"))).toBe(false);
  const report = await staffDay(items[1]?.itemId as string);
  expect(report.published.total).toBe(2);
  expect(report.portal).toEqual({
    name: "Cổng Thông tin điện tử huyện Tân Yên",
    agency: "Ủy ban nhân dân huyện Tân Yên",
  });
  expect(report.feedback).toMatchObject({ received: 2, answered: 1, averageWorkingDays: 3 });
  // the report job's portals: one keyed query each
  expect(await a.archive.deps.records.portals()).toEqual([portalId]);
  expect(await unflat(db(), queries.stop())).toEqual([]);
});

it("backfills the keys of feedback stored before them, once", async () => {
  // a record as an earlier version stored it: no key
  await feedback.coll.insertOne({
    _id: fbId(9),
    portalId,
    receivedAt: new Date("2026-08-08T03:00:00.000Z"),
    dueAt: new Date("2026-08-28T03:00:00.000Z"),
    answeredAt: null,
    workingDaysTaken: null,
  });
  const before = (await staffDay(items[1]?.itemId as string)).feedback.received;
  await feedback.keys.deleteOne({ _id: "~backfill:feedback-keys:v1" });
  expect(await feedback.backfill()).toBe(5);
  expect(await feedback.backfill()).toBe(0);
  expect((await staffDay(items[1]?.itemId as string)).feedback.received).toBe(before + 1);
});
