// Events the service consumes (through the kit's idempotent consumer): identity.account.handed-over
// moves a departing officer's drafts to the successor (R-ACCOUNT); content.expired from the
// archive archives the item and emits content.archived (R-RETAIN).
import { AccountHandedOver, ContentExpired, createEvent, toKafkaMessage } from "@cong/contracts";
import {
  approvedArticle,
  client,
  collectEvents,
  createPortals,
  type Running,
  start,
  testConfig,
  waitUntil,
} from "./helpers";

let svc: Running;
let events: Awaited<ReturnType<typeof collectEvents>>;
const call = client(() => svc.base);
const cfg = testConfig("content-events-in");
const prefix = cfg.KAFKA_TOPIC_PREFIX ?? "";

beforeAll(async () => {
  svc = await start(cfg);
  events = await collectEvents(svc.content, prefix);
  await createPortals(call, ["stttt"]);
});
afterAll(async () => {
  await events?.stop();
  await svc?.stop();
});

async function send(def: typeof AccountHandedOver | typeof ContentExpired, data: unknown) {
  const producer = svc.content.svc.producer;
  if (!producer) throw new Error("no producer");
  const event = createEvent(def as never, data as never, { source: "/cong/test" });
  const msg = toKafkaMessage(event);
  await producer.send({ topic: `${prefix}${def.topic}`, messages: [msg] });
  return event;
}

it("moves drafts to the successor on identity.account.handed-over (R-ACCOUNT), once", async () => {
  const created = await call("POST", "/portals/stttt/items", "stttt.focal-officer", {
    kind: "article",
    locales: { vi: { title: "Bản nháp của cán bộ chuyển công tác", bodyHtml: "<p>Nháp</p>" } },
  });
  expect(created.status).toBe(201);
  const from = created.body.owner as { id: string; username: string };
  const data = {
    handoverId: "h-test-001",
    from: { userId: from.id, username: from.username },
    to: { userId: "successor-0001", username: "stttt.focal-officer-2" },
    portalIds: ["stttt"],
    reason: "Điều động công tác",
    by: { id: "head", username: "stttt.board-head" },
    at: new Date().toISOString(),
  };
  const event = await send(AccountHandedOver, data);
  await waitUntil(
    async () =>
      (await call("GET", `/portals/stttt/items/${created.body.itemId}`, "stttt.board-head")).body.owner.id ===
      "successor-0001",
  );
  // a redelivery changes nothing
  await svc.content.svc.producer?.send({
    topic: `${prefix}${AccountHandedOver.topic}`,
    messages: [toKafkaMessage(event)],
  });
  await new Promise((r) => setTimeout(r, 2000));
  const item = await call("GET", `/portals/stttt/items/${created.body.itemId}`, "stttt.board-head");
  expect(item.body.audit.filter((a: { action: string }) => a.action === "handed-over")).toHaveLength(1);
});

it("archives an expired item and emits content.archived (R-RETAIN)", async () => {
  const { id, version: v } = await approvedArticle(call, "Tin cũ hết thời hạn lưu trữ");
  const live = await call("POST", `/portals/stttt/items/${id}/publish`, "stttt.board-member", { version: v });
  expect(live.body.status).toBe("published");
  await send(ContentExpired, {
    itemId: id,
    portalId: "stttt",
    retentionClass: "limited-5y",
    publishedAt: live.body.publishedAt,
    expiredAt: new Date().toISOString(),
  });
  const archived = await events.waitFor("content.archived", (d) => d.itemId === id);
  expect(archived.data.reason).toBe("expired");
  expect(archived.data.archivedBy.id).toBe("system:retention");
  const item = await call("GET", `/portals/stttt/items/${id}`, "stttt.board-head");
  expect(item.body.status).toBe("archived");
  await svc.content.items.projectionsSettled();
  const listing = await call(
    "GET",
    "/portals/stttt/categories/cat-tin-tuc-su-kien/published",
    "stttt.board-head",
  );
  expect(listing.body.items.map((i: { itemId: string }) => i.itemId)).not.toContain(id);
});
