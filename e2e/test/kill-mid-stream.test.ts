import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type CloudEvent, ContentPublished } from "@cong/contracts";
import { connectMongo, createKafka, createLogger, OUTBOX_FIELD, OUTBOX_PENDING } from "@cong/kit";
import { repoRoot, serverEnv, uniqueName, waitFor } from "@cong/testing";
import {
  client,
  collectTopicEvents,
  createPortals,
  type Reply,
  recordContentAt,
} from "../../services/content/test/helpers";
import { freePort } from "../../services/publishing/test/helpers";
import { ChildService, httpGet } from "./child-service";

jest.setTimeout(360_000);

/** Articles approved and published in the stream. */
const N = Number(process.env.E2E_KILL_ITEMS ?? 300);
/** publishing is killed after this many publications, content after KILL_CONTENT_AT */
const KILL_PUBLISHING_AT = Math.round(N * 0.25);
const KILL_CONTENT_AT = Math.round(N * 0.6);
const CONCURRENCY = 4;

const env = serverEnv();
const root = repoRoot();
const name = uniqueName("e2e-kill");
const prefix = `${name}.`;
const contentDb = name.replaceAll("-", "_");
const pubDbName = `${contentDb}_pub`;
const logDir = fs.mkdtempSync(path.join(os.tmpdir(), "cong-e2e-kill-"));
const quiet = createLogger({ service: "e2e-kill", level: "silent" });
const ST = "stttt.bacgiang.localhost";
/** GET on publishing with the stttt portal's Host. */
const pubGet = (port: number, p: string) => httpGet(port, ST, p);

/** Paths of the item pages a listing or sitemap names (`/tin/<slug>`), with repetitions. */
function itemPaths(text: string): string[] {
  return [...text.matchAll(/(?:href="|<loc>)(?:https?:\/\/[^/"<]+)?(\/tin\/[^"<?#]+)/g)].map(
    (m) => m[1] as string,
  );
}

/** Runs `fn` over `items` with at most `n` at a time; answers in the items' order. */
async function pool<T, R>(items: T[], n: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i] as T, i);
    }),
  );
  return out;
}

let passed = false;
let content: ChildService;
let publishing: ChildService;
const call = client(() => `http://127.0.0.1:${content.port}`);

beforeAll(async () => {
  for (const s of ["content", "publishing"])
    if (!fs.existsSync(path.join(root, "services", s, "dist/main.js")))
      throw new Error(`services/${s} is not built: run \`pnpm build\` (./cong test does) before this test`);
  const [cPort, cMgmt, pPort, pMgmt] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  // every answer content gives is checked against its OpenAPI document at the end (helpers)
  recordContentAt(`http://127.0.0.1:${cPort}`);
  const mongo = env.MONGO_URL.replace(/\/$/, "");
  const base = {
    KAFKA_BROKERS: env.KAFKA_BROKERS,
    KEYCLOAK_URL: env.KEYCLOAK_URL,
    KEYCLOAK_REALM: env.KEYCLOAK_REALM,
    KAFKA_TOPIC_PREFIX: prefix,
  };
  content = new ChildService("content", cPort, cMgmt, logDir, {
    ...base,
    MONGO_URL: `${mongo}/${contentDb}`,
    SCHEDULE_POLL_MS: "1000",
    // publications the kill cut off between their write and their projections are projected again
    // by the repair (markers older than this, every this often); short here so the test sees it
    PROJECTION_REPAIR_MS: "5000",
  });
  publishing = new ChildService("publishing", pPort, pMgmt, logDir, {
    ...base,
    MONGO_URL: `${mongo}/${pubDbName}`,
    CONTENT_API_URL: `http://127.0.0.1:${cPort}`,
    PUBLIC_DOMAIN: `bacgiang.localhost:${pPort}`,
    PAGEVIEWS_FLUSH_MS: "600000",
  });
  await content.start();
  await publishing.start();
  await createPortals(call, ["stttt"]);
  await waitFor(async () => (await pubGet(publishing.port, "/")).status === 200, {
    timeoutMs: 60_000,
    intervalMs: 300,
    what: `${ST}/ served by publishing`,
  });
});

afterAll(async () => {
  await publishing?.stop().catch(() => undefined);
  await content?.stop().catch(() => undefined);
  const conn = await connectMongo({ url: env.MONGO_URL, dbName: contentDb, logger: quiet }).catch(() => null);
  if (conn) {
    for (const db of [contentDb, pubDbName])
      await conn
        .useDb(db)
        .dropDatabase()
        .catch(() => undefined);
    await conn.close();
  }
  if (passed) fs.rmSync(logDir, { recursive: true, force: true });
  else process.stdout.write(`kill mid-stream: the services' logs are in ${logDir}\n`);
});

type Action = "approve" | "publish";
interface Failure {
  itemId: string;
  action: Action;
  error: string;
  /** what content held when it answered again, before the retry */
  stateThen?: string;
  /** publishing's read model had the item then */
  servedThen?: boolean;
  /** how the retry ended */
  retry?: "applied by the retry" | "had been applied";
}

it("converges after kill -9 of publishing and of content mid-stream: nothing lost, nothing doubled", async () => {
  // 1. submitted articles, before the stream
  const t0 = Date.now();
  const items = await pool(
    Array.from({ length: N }, (_, i) => i),
    6,
    async (i) => {
      const title = `Tin số ${i + 1} khi dịch vụ bị dừng đột ngột`;
      const c = await call("POST", "/portals/stttt/items", "stttt.focal-officer", {
        kind: "article",
        categoryIds: ["cat-tin-tuc-su-kien"],
        locales: { vi: { title, bodyHtml: `<p>${title}.</p>` } },
      });
      if (c.status !== 201) throw new Error(`create ${i}: ${c.status} ${JSON.stringify(c.body)}`);
      const s = await call(
        "POST",
        `/portals/stttt/items/${c.body.itemId}/submit`,
        "stttt.focal-officer",
        {},
        { "if-match": `"${c.body.version}"` },
      );
      if (s.status !== 200) throw new Error(`submit ${i}: ${s.status} ${JSON.stringify(s.body)}`);
      return {
        id: c.body.itemId as string,
        version: s.body.version as number,
        title,
        slug: "",
        publishedAt: "",
      };
    },
  );
  const prepareMs = Date.now() - t0;

  // 2. the stream, with the kills
  const failures: Failure[] = [];
  let contentDown: Promise<void> | undefined;
  let published = 0;
  const kills: Promise<void>[] = [];
  const timings: Record<string, number> = {};
  const killPublishing = async () => {
    const t = Date.now();
    await publishing.kill9();
    timings.publishingKilledAt = t;
    await publishing.start();
    timings.publishingBackMs = Date.now() - t;
  };
  const killContent = async () => {
    const t = Date.now();
    await content.kill9();
    timings.contentKilledAt = t;
    await content.start();
    timings.contentBackMs = Date.now() - t;
  };

  let pubConn: ReturnType<typeof connectMongo> | undefined;
  /** publishing's database, read directly (the test's view of its read model); one connection */
  const pubDb = async () => {
    pubConn ??= connectMongo({ url: env.MONGO_URL, dbName: pubDbName, logger: quiet });
    const db = (await pubConn).db;
    if (!db) throw new Error("no connection to publishing's database");
    return db;
  };

  /** One workflow step as a client does it: If-Match its version; after a failure, retry. */
  const step = async (item: (typeof items)[number], action: Action): Promise<Reply> => {
    let failure: Failure | undefined;
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0 && contentDown) await contentDown;
      let r: Reply | undefined;
      try {
        r = await call(
          "POST",
          `/portals/stttt/items/${item.id}/${action}`,
          "stttt.board-member",
          {},
          { "if-match": `"${item.version}"` },
        );
      } catch (e) {
        // the connection went with the process (only content is ever killed under the client)
        if (!contentDown) throw e;
        await contentDown;
        if (!failure) {
          failure = { itemId: item.id, action, error: String((e as Error).cause ?? e) };
          failures.push(failure);
          // what content kept, before the retry
          const now = await call("GET", `/portals/stttt/items/${item.id}`, "stttt.board-member");
          failure.stateThen = now.body.state;
          if (action === "publish")
            failure.servedThen = !!(await (
              await pubDb()
            )
              .collection("pub_items")
              .findOne({ _id: item.id as never }));
        }
        if (attempt >= 5) throw e;
        continue;
      }
      if (r.status === 200) {
        if (failure) failure.retry = "applied by the retry";
        item.version = r.body.version;
        return r;
      }
      if (r.status === 409 && r.body?.reason === "stale_version" && failure) {
        // the request that failed had been stored: carry on from what content holds
        const now = await call("GET", `/portals/stttt/items/${item.id}`, "stttt.board-member");
        expect(now.body.state).toBe(action === "approve" ? "approved" : "published");
        failure.retry = "had been applied";
        item.version = now.body.version;
        return now;
      }
      if (r.status === 503 && attempt < 50) {
        await new Promise((done) => setTimeout(done, 300));
        continue;
      }
      throw new Error(`${action} ${item.id}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
    }
  };

  const t1 = Date.now();
  try {
    await pool(items, CONCURRENCY, async (item) => {
      await step(item, "approve");
      const p = await step(item, "publish");
      item.slug = `/tin/${p.body.live.locales.vi.slug as string}`;
      item.publishedAt = p.body.publishedAt;
      published++;
      if (published === KILL_PUBLISHING_AT) kills.push(killPublishing());
      if (published === KILL_CONTENT_AT) {
        contentDown = killContent();
        kills.push(contentDown);
      }
    });
    await Promise.all(kills);
    const streamMs = Date.now() - t1;

    // 3. convergence: every article on its portal
    const t2 = Date.now();
    const wanted = new Set(items.map((i) => i.slug));
    let listed = 0;
    await waitFor(
      async () => {
        const r = await pubGet(publishing.port, "/sitemap.xml");
        listed = new Set(itemPaths(r.body).filter((p) => wanted.has(p))).size;
        return listed === wanted.size;
      },
      { timeoutMs: 120_000, intervalMs: 250, what: `${N} pages in the sitemap (have ${listed})` },
    );
    const convergeMs = Date.now() - t2;

    // nothing lost: each page answers with its title
    const pages = await pool(items, 8, async (item) => {
      const r = await pubGet(publishing.port, item.slug);
      return r.status === 200 && r.body.includes(item.title);
    });
    const lost = pages.filter((ok) => !ok).length;

    // nothing doubled: once in the sitemap, once in the category's listing, one read-model document
    const sitemap = itemPaths((await pubGet(publishing.port, "/sitemap.xml")).body).filter((p) =>
      wanted.has(p),
    );
    const listing: string[] = [];
    let page = "/chuyen-muc/tin-tuc-su-kien";
    for (let n = 0; n < N / 10 + 10 && page; n++) {
      const r = await pubGet(publishing.port, page);
      expect(r.status).toBe(200);
      listing.push(...itemPaths(r.body).filter((p) => wanted.has(p)));
      page = (/href="([^"]+)" rel="next"/.exec(r.body)?.[1] ?? "").replaceAll("&amp;", "&");
    }
    const ids = items.map((i) => i.id);
    const docs = await (await pubDb())
      .collection("pub_items")
      .find({ _id: { $in: ids as never[] } })
      .toArray();

    // content: one approval and one publication of each; its own category listing names each once
    const audits = await pool(items, 6, async (item) => {
      const r = await call("GET", `/portals/stttt/items/${item.id}/audit`, "stttt.board-member");
      const actions = (r.body.audit as { action: string }[]).map((a) => a.action);
      return {
        approved: actions.filter((a) => a === "approved").length,
        published: actions.filter((a) => a === "published").length,
      };
    });
    // content's own category listing: what the kill cut off between a publication's write and its
    // projection is projected again by the repair (PROJECTION_REPAIR_MS above), so every item must
    // appear, once, within a minute
    const readContentListing = async () => {
      const found: string[] = [];
      let cursor: string | null = null;
      for (let n = 0; n < N / 50 + 10; n++) {
        const r: Reply = await call(
          "GET",
          `/portals/stttt/categories/cat-tin-tuc-su-kien/published?limit=100${cursor ? `&cursor=${cursor}` : ""}`,
          "stttt.board-member",
        );
        expect(r.status).toBe(200);
        found.push(...r.body.items.map((e: { itemId: string }) => e.itemId));
        cursor = r.body.nextCursor;
        if (!cursor) break;
      }
      return found;
    };
    const listingAt = Date.now();
    let contentListing = await readContentListing();
    const missingFirst = ids.filter((id) => !contentListing.includes(id)).length;
    await waitFor(
      async () => {
        contentListing = await readContentListing();
        return ids.every((id) => contentListing.includes(id));
      },
      { timeoutMs: 60_000, intervalMs: 2000, what: "every published item in content's category listing" },
    ).catch(() => undefined);
    const listingRepairMs = Date.now() - listingAt;

    // on Kafka: one content.published event per article (re-sent copies keep their id)
    const kafka = createKafka({ brokers: env.KAFKA_BROKERS.split(","), clientId: "e2e-kill", logger: quiet });
    const topic = await collectTopicEvents(kafka, prefix, "content", 60_000);
    const publishedEvents = () =>
      topic.events.filter(
        (e) => e.type === ContentPublished.type && ids.includes((e.data as { itemId: string }).itemId),
      ) as CloudEvent<{ itemId: string; publishedAt: string }>[];
    try {
      await waitFor(() => new Set(publishedEvents().map((e) => e.data.itemId)).size >= N, {
        timeoutMs: 60_000,
        what: `${N} content.published events on the topic`,
      });
    } finally {
      await topic.stop();
    }
    const events = publishedEvents();
    const eventIds = new Map<string, Set<string>>();
    for (const e of events) eventIds.set(e.data.itemId, (eventIds.get(e.data.itemId) ?? new Set()).add(e.id));

    // content's outbox drained: no entry in any item, no marker left
    const cconn = await connectMongo({ url: env.MONGO_URL, dbName: contentDb, logger: quiet });
    let left = { entries: -1, markers: -1 };
    try {
      const cdb = cconn.db;
      if (!cdb) throw new Error("no connection to content's database");
      await waitFor(
        async () => {
          left = {
            entries: await cdb
              .collection("items")
              .countDocuments({ [`${OUTBOX_FIELD}.0`]: { $exists: true } }),
            markers: await cdb
              .collection(OUTBOX_PENDING)
              .countDocuments({ _id: { $not: /^!legacy\|/ } as never }),
          };
          return left.entries === 0 && left.markers === 0;
        },
        { timeoutMs: 90_000, intervalMs: 1000, what: "content's outbox drained" },
      );
    } finally {
      await cconn.close();
    }

    const notInContentListing = ids.filter((id) => !contentListing.includes(id));
    const doubled = {
      sitemap: sitemap.length - new Set(sitemap).size,
      listing: listing.length - new Set(listing).size,
      contentListing: contentListing.length - new Set(contentListing).size,
      publications:
        audits.filter((a) => a.published > 1).length +
        [...eventIds.values()].filter((s) => s.size > 1).length,
      approvals: audits.filter((a) => a.approved > 1).length,
    };
    const missing = {
      sitemap: wanted.size - new Set(sitemap).size,
      listing: wanted.size - new Set(listing).size,
      readModel: N - docs.length,
      contentListing: notInContentListing.length,
      events: ids.filter((id) => !eventIds.has(id)).length,
    };
    const resent = events.length - new Set(events.map((e) => e.id)).size;
    process.stdout.write(
      `kill mid-stream: ${N} submitted in ${(prepareMs / 1000).toFixed(1)} s; ${N} approvals + publications in ${(streamMs / 1000).toFixed(1)} s; ` +
        `publishing SIGKILLed after ${KILL_PUBLISHING_AT} and ready again in ${((timings.publishingBackMs ?? 0) / 1000).toFixed(1)} s; ` +
        `content SIGKILLed after ${KILL_CONTENT_AT} and ready again in ${((timings.contentBackMs ?? 0) / 1000).toFixed(1)} s; ` +
        `${failures.length} requests failed with the process (${JSON.stringify(failures.map((f) => `${f.action}: ${f.stateThen} then, ${f.retry}${f.servedThen === undefined ? "" : f.servedThen ? ", served" : ", not served"}`))}); ` +
        `converged ${(convergeMs / 1000).toFixed(1)} s after the stream; content's own category listing: ${missingFirst} missing when first read, ${notInContentListing.length} after ${(listingRepairMs / 1000).toFixed(1)} s (the repair); lost ${lost} (missing ${JSON.stringify(missing)}), doubled ${JSON.stringify(doubled)}; ` +
        `${events.length} content.published on Kafka, ${resent} re-sent copies; outbox left ${JSON.stringify(left)}\n`,
    );

    expect(lost).toBe(0);
    expect(missing).toEqual({
      sitemap: 0,
      listing: 0,
      readModel: 0,
      events: 0,
      contentListing: 0,
    });
    expect(doubled).toEqual({ sitemap: 0, listing: 0, contentListing: 0, publications: 0, approvals: 0 });
    expect(audits.every((a) => a.approved === 1 && a.published === 1)).toBe(true);
    // the kill of content caught requests in flight; each was either stored whole or not at all
    expect(failures.length).toBeGreaterThan(0);
    for (const f of failures) {
      expect(f.retry).toBeDefined();
      const stored = f.retry === "had been applied";
      if (f.action === "approve") expect(f.stateThen).toBe(stored ? "approved" : "submitted");
      else {
        expect(f.stateThen).toBe(stored ? "published" : "approved");
        // not stored → no event → publishing cannot have had it
        if (!stored) expect(f.servedThen).toBe(false);
      }
    }
    // the publication on the portal is the one content stored (its time), for every article
    const live = new Map(
      docs.map((d) => [String(d._id), (d as { snapshot?: { publishedAt?: string } }).snapshot]),
    );
    expect(items.filter((i) => live.get(i.id)?.publishedAt !== i.publishedAt).map((i) => i.id)).toEqual([]);
    passed = true;
  } finally {
    await (await pubConn?.catch(() => undefined))?.close().catch(() => undefined);
  }
});
