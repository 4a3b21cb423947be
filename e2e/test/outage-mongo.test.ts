// The database goes away under the running platform (issue 15, "prove at platform level"): content
// and publishing run in-process on a PRIVATE instance of the MongoDB-protocol server (the shared
// one stays up for the other test files), with the real Kafka and Keycloak. While it is down the
// APIs answer 503 problem+json — never a 500, never a hang — and the public portal says so in
// Vietnamese; writes caught in the middle are either whole or absent (an item is never without its
// index entries, and the admin's list shows exactly the items stored); when the server is back
// every service works again without being restarted, and the pages published before and after
// are served.
import { type PrivateServer, privateServer, waitFor } from "@cong/testing";
import * as extras from "../../services/content/src/extras";
import { indexEntries } from "../../services/content/src/items/item.index";
import type { ItemDoc } from "../../services/content/src/items/item.types";
import {
  client,
  createPortals,
  type Reply,
  type Running,
  start,
  testConfig,
} from "../../services/content/test/helpers";
import { type Harness, startHarness } from "../../services/publishing/test/helpers";

jest.setTimeout(400_000);

const ST = "stttt.bacgiang.localhost";
let mongo: PrivateServer;
let content: Running;
let pub: Harness;
let dbName = "";
const call = client(() => content.base);

beforeAll(async () => {
  mongo = await privateServer("mongo");
  await mongo.start();
  const base = testConfig("e2e-mongo-down");
  dbName = new URL(base.MONGO_URL).pathname.slice(1);
  const url = `${mongo.env.MONGO_URL?.replace(/\/$/, "")}/${dbName}`;
  content = await start({ ...base, MONGO_URL: url }, { extras, noScheduler: true });
  await createPortals(call, ["stttt"]);
  pub = await startHarness("e2e-mongo-down", {
    KAFKA_TOPIC_PREFIX: base.KAFKA_TOPIC_PREFIX ?? "",
    CONTENT_API_URL: content.base,
    MONGO_URL: `${mongo.env.MONGO_URL?.replace(/\/$/, "")}/${dbName}_pub`,
  });
});
afterAll(async () => {
  await pub?.close().catch(() => undefined);
  await content?.stop().catch(() => undefined);
  await mongo?.destroy().catch(() => undefined);
});

const article = (title: string) => ({
  kind: "article",
  categoryIds: ["cat-tin-tuc-su-kien"],
  locales: { vi: { title, bodyHtml: `<p>${title}.</p>` } },
});

async function publish(title: string): Promise<string> {
  const c = await call("POST", "/portals/stttt/items", "stttt.focal-officer", article(title));
  expect(c.status).toBe(201);
  const id = c.body.itemId as string;
  expect((await call("POST", `/portals/stttt/items/${id}/submit`, "stttt.focal-officer", {})).status).toBe(
    200,
  );
  expect((await call("POST", `/portals/stttt/items/${id}/approve`, "stttt.board-member", {})).status).toBe(
    200,
  );
  const p = await call("POST", `/portals/stttt/items/${id}/publish`, "stttt.board-member", {});
  expect(p.status).toBe(200);
  return p.body.live.locales.vi.slug as string;
}

async function served(path: string) {
  await waitFor(async () => (await pub.get(ST, path)).status === 200, {
    timeoutMs: 60_000,
    intervalMs: 300,
    what: `${ST}${path} served`,
  });
}

/** A reply in at most `ms`, or the fact that there was none (a hang). */
async function within<T>(ms: number, p: Promise<T>): Promise<T | "no answer"> {
  return Promise.race([p, new Promise<"no answer">((r) => setTimeout(() => r("no answer"), ms).unref())]);
}

it("answers 503 problem+json while the database is down, keeps nothing half-written, and recovers without a restart", async () => {
  const before = await publish("Tin đăng trước khi mất cơ sở dữ liệu");
  await served(`/tin/${before}`);

  // writes in flight when the server stops: three writers keep creating until two seconds after it
  let stopped = 0;
  const answers: Reply[] = [];
  const writer = async (w: number) => {
    for (let n = 0; !stopped || Date.now() < stopped + 2000; n++) {
      const r = await call(
        "POST",
        "/portals/stttt/items",
        "stttt.focal-officer",
        article(`Bài đang lưu khi mất kết nối ${w}-${n}`),
      ).catch((e: unknown) => ({ status: 0, body: { error: String(e) } }) as unknown as Reply);
      answers.push(r);
    }
  };
  const writers = [0, 1, 2].map(writer);
  await new Promise((r) => setTimeout(r, 300));
  const stoppedAt = Date.now();
  await mongo.stop();
  stopped = Date.now();
  await Promise.all(writers);

  // while it is down: the staff API, the admin's list and the public intake answer 503 problem+json, within seconds
  const down: { what: string; status: number; type: string | null; ms: number }[] = [];
  for (const [what, send] of [
    ["list", () => call("GET", "/portals/stttt/items?view=summary", "stttt.board-member")],
    [
      "create",
      () => call("POST", "/portals/stttt/items", "stttt.focal-officer", article("Bài lúc mất kết nối")),
    ],
    ["work", () => call("GET", "/portals/stttt/work", "stttt.board-member")],
  ] as const) {
    const t0 = Date.now();
    const r = await within(15_000, send());
    down.push(
      r === "no answer"
        ? { what, status: -1, type: null, ms: Date.now() - t0 }
        : { what, status: r.status, type: r.headers.get("content-type"), ms: Date.now() - t0 },
    );
  }
  for (const d of down) {
    expect({ what: d.what, status: d.status, type: d.type }).toEqual({
      what: d.what,
      status: 503,
      type: expect.stringMatching(/^application\/problem\+json/),
    });
    expect(d.ms).toBeLessThan(15_000);
  }
  // the public portal: a page it never rendered cannot be read now; it says so, in Vietnamese, with 503
  const page = await within(15_000, pub.get(ST, "/tin/mot-bai-chua-tung-co"));
  const pageStatus = page === "no answer" ? -1 : page.status;
  expect(page).not.toBe("no answer");
  if (page !== "no answer") {
    expect([503, 404]).toContain(page.status);
    if (page.status === 503) expect(page.body).toMatch(/tạm thời|gián đoạn|không sẵn sàng/i);
  }
  // back, without restarting anything
  await mongo.start();
  const backAt = Date.now();
  await waitFor(
    async () => {
      const r = await call("GET", "/portals/stttt/items?view=summary", "stttt.board-member");
      if (r.status !== 200) throw new Error(`${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
      return true;
    },
    { timeoutMs: 120_000, intervalMs: 500, what: "content answers again" },
  );
  const recoveredMs = Date.now() - backAt;
  const after = await publish("Tin đăng sau khi cơ sở dữ liệu trở lại");
  await served(`/tin/${after}`);
  await served(`/tin/${before}`);

  // nothing half-written: every stored item has the index entries of its version, the list shows
  // exactly the stored items, and every create answered 201 is among them
  const db = content.content.svc.db;
  if (!db) throw new Error("content has no database");
  {
    const items = (await db.collection<ItemDoc>("items").find({}).toArray()) as ItemDoc[];
    const keys = new Set(
      (
        await db
          .collection<{ _id: string }>("item_index")
          .find({}, { projection: { _id: 1 } })
          .toArray()
      ).map((k) => k._id),
    );
    for (const it of items)
      expect({ item: it._id, missing: indexEntries(it).filter((e) => !keys.has(e._id)) }).toEqual({
        item: it._id,
        missing: [],
      });
    const listed: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 20; i++) {
      const r: Reply = await call(
        "GET",
        `/portals/stttt/items?view=summary&limit=100${cursor ? `&cursor=${cursor}` : ""}`,
        "stttt.board-member",
      );
      listed.push(...r.body.items.map((x: { itemId: string }) => x.itemId));
      cursor = r.body.nextCursor;
      if (!cursor) break;
    }
    expect(listed.sort()).toEqual(items.map((x) => x._id).sort());
    const created = answers.filter((a) => a.status === 201).map((a) => a.body.itemId as string);
    for (const id of created) expect(listed).toContain(id);
    // what the writes in flight answered: created, or a 503 problem — no 500
    expect(answers.every((a) => a.status === 201 || a.status === 503)).toBe(true);
    process.stdout.write(
      `mongo outage: stopped ${Date.now() - stoppedAt} ms in total; in flight ${answers.filter((a) => a.status === 201).length} created / ${answers.filter((a) => a.status === 503).length} refused; down answers ${down.map((d) => `${d.what} ${d.status} in ${d.ms} ms`).join(", ")}; public page never rendered: ${pageStatus}; answering again ${recoveredMs} ms after the restart\n`,
    );
  }
});
