// Publishing (issue 7) on this machine, in one run:
//   1. cached page requests/s vs a plain express hello-world (keep-alive load loop; goal ≥ 0.5)
//   2. uncached render requests/s (render cache of one entry, URLs cycling over many items)
//   3. approval-to-live latency: content.published produced onto the real Kafka → the page served
//      with the new revision (real consumer, ledger and FerretDB writes); goal p95 ≤ 1 s
//   4. listing p95 (category page at a random keyset cursor) with 10k vs 500k items in memory
// Variables: BENCH_SECONDS (per load phase, default 5), BENCH_CONCURRENCY (default 32),
// BENCH_LATENCY_SAMPLES (default 40), BENCH_BIG (default 500000).
import http from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import path from "node:path";
import {
  ContentPublished,
  type ContentSnapshot,
  createEvent,
  PortalUpdated,
  toKafkaMessage,
} from "@cong/contracts";
import { createKafka, createLogger } from "@cong/kit";
import { serverEnv, uniqueName } from "@cong/testing";
import { MongoClient } from "mongodb";
import { type AppSettings, createPublishingApp, startPublishing } from "../../services/publishing/src/app";
import { loadPublishingConfig } from "../../services/publishing/src/config";
import { type ItemRecord, ReadModel } from "../../services/publishing/src/readmodel/readmodel";
import { fmt, header, percentile, row } from "./report";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const SAMPLES = Number(process.env.BENCH_LATENCY_SAMPLES ?? 40);
const BIG = Number(process.env.BENCH_BIG ?? 500_000);
const HOST = "stttt.bacgiang.localhost";
const logger = createLogger({ service: "bench-publishing", level: "silent" });
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function get(port: number, p: string, host = HOST): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port, path: p, agent, headers: { host: `${host}:${port}` } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
        );
      },
    );
    req.on("error", reject);
    req.end();
  });
}

/** keep-alive load loop: CONCURRENCY workers for SECONDS; returns requests/s */
async function load(port: number, nextPath: (i: number) => string): Promise<number> {
  let n = 0;
  let errors = 0;
  const until = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < until) {
        const r = await get(port, nextPath(n++));
        if (r.status !== 200) errors++;
      }
    }),
  );
  if (errors) throw new Error(`${errors} non-200 answers`);
  return n / SECONDS;
}

function listen(app: http.RequestListener): Promise<http.Server> {
  return new Promise((resolve) => {
    const s = http.createServer(app);
    s.keepAliveTimeout = 65_000;
    s.listen(0, "127.0.0.1", () => resolve(s));
  });
}

const portOf = (s: http.Server) => (s.address() as AddressInfo).port;

function portalSnapshot(portalId: string) {
  return {
    portalId,
    kind: portalId === "bacgiang" ? ("province" as const) : ("department" as const),
    name: {
      vi:
        portalId === "bacgiang"
          ? "Cổng Thông tin điện tử tỉnh Bắc Giang"
          : "Cổng Thông tin điện tử Sở Thông tin và Truyền thông",
    },
    agency: { vi: "Sở Thông tin và Truyền thông tỉnh Bắc Giang" },
    host: portalId === "bacgiang" ? "bacgiang.gov.vn" : `${portalId}.bacgiang.gov.vn`,
    parentPortalId: portalId === "bacgiang" ? null : "bacgiang",
    languages: ["vi"],
    boardMailbox: "banbientap@stttt.bacgiang.gov.vn",
    hotline: "0204 3854 555",
    categories: [
      {
        categoryId: "cat-tin-tuc",
        slug: "tin-tuc-su-kien",
        name: { vi: "Tin tức - Sự kiện" },
        parentId: null,
        retentionClass: "limited-5y" as const,
        mandatory: true,
        order: 1,
      },
    ],
    active: true,
  };
}

const BODY = `<p>${"Sáng nay, Sở Thông tin và Truyền thông tỉnh Bắc Giang tổ chức hội nghị tổng kết công tác chuyển đổi số. ".repeat(12)}</p>`;

function item(i: number, revision = 1): ItemRecord {
  const at = new Date(Date.UTC(2020, 0, 1) + i * 60_000).toISOString();
  const snapshot: ContentSnapshot = {
    itemId: `item${i.toString().padStart(8, "0")}`,
    portalId: "stttt",
    revision,
    kind: "article",
    categoryIds: ["cat-tin-tuc"],
    retentionClass: "limited-5y",
    locales: {
      vi: {
        title: `Tin chuyển đổi số số ${i}`,
        slug: `tin-chuyen-doi-so-${i}`,
        summary: `Tóm tắt tin số ${i}`,
        bodyHtml: BODY,
        previousSlugs: [],
      },
    },
    contributors: [],
    firstPublishedAt: at,
    publishedAt: at,
    media: [],
    tags: [],
  };
  return {
    _id: snapshot.itemId,
    portalId: "stttt",
    revision,
    phase: 1,
    status: "live",
    snapshot,
    changedAt: at,
  };
}

function settings(cacheMax: number): AppSettings {
  return {
    PUBLIC_DOMAIN: "bacgiang.localhost",
    PRODUCTION_DOMAIN: "bacgiang.gov.vn",
    PROVINCIAL_PORTAL_ID: "bacgiang",
    CONTENT_API_URL: "http://127.0.0.1:3001",
    MEDIA_PUBLIC_URL: "http://127.0.0.1:3002",
    FORM_SECRET: undefined,
    PAGEVIEWS_TOKEN: undefined,
    RENDER_CACHE_MAX: cacheMax,
    FORM_RATE_LIMIT: 5,
    TRUST_PROXY: ["loopback"],
  };
}

async function modelOf(n: number): Promise<ReadModel> {
  const model = new ReadModel();
  await model.applyPortal(portalSnapshot("stttt"), new Date().toISOString());
  for (let i = n - 1; i >= 0; i--) model.loadItemSync(item(i)); // newest first, as load() does
  return model;
}

async function listingP95(n: number): Promise<{ p50: number; p95: number; rss: number }> {
  const model = await modelOf(n);
  const { app } = createPublishingApp({ settings: settings(1), model, logger, indexSearch: n <= 10_000 });
  const server = await listen(app);
  const port = portOf(server);
  const times: number[] = [];
  for (let k = 0; k < 300; k++) {
    const i = Math.floor(Math.random() * n);
    const cursor = `${item(i).snapshot.publishedAt}|${item(i)._id}`;
    const t0 = performance.now();
    const r = await get(port, `/chuyen-muc/tin-tuc-su-kien?sau=${encodeURIComponent(cursor)}&k=${k}`);
    times.push(performance.now() - t0);
    if (r.status !== 200) throw new Error(`listing answered ${r.status}`);
  }
  server.close();
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), rss: process.memoryUsage().rss };
}

async function main() {
  header("publishing: pages, renders, approval-to-live, listings", { SECONDS, CONCURRENCY, SAMPLES, BIG });

  // 1. hello world baseline
  const req = createRequire(path.join(__dirname, "../../services/publishing/package.json"));
  type Hello = http.RequestListener & {
    get(p: string, h: (q: unknown, r: { send(b: string): void }) => void): void;
  };
  const express = req("express") as () => Hello;
  const hello = express();
  hello.get("/", (_q, r) => {
    r.send("hello world");
  });
  const helloServer = await listen(hello);
  await load(portOf(helloServer), () => "/"); // warm-up
  const helloRps = await load(portOf(helloServer), () => "/");
  helloServer.close();
  row("express hello-world (req/s)", fmt(helloRps));

  // 2. cached item pages (10k items, pages cycling over 200 items, all in the render cache)
  const model = await modelOf(10_000);
  const cachedApp = createPublishingApp({ settings: settings(5000), model, logger });
  const cachedServer = await listen(cachedApp.app);
  await load(portOf(cachedServer), (i) => `/tin/tin-chuyen-doi-so-${i % 200}`);
  const cachedRps = await load(portOf(cachedServer), (i) => `/tin/tin-chuyen-doi-so-${i % 200}`);
  cachedServer.close();
  row("cached item page (req/s)", fmt(cachedRps));
  row("  ratio to hello-world (goal ≥ 0.5)", fmt(cachedRps / helloRps, 2));

  // 3. uncached: render cache of 1 entry, URLs cycling over 10k items
  const uncachedApp = createPublishingApp({ settings: settings(1), model, logger, indexSearch: false });
  const uncachedServer = await listen(uncachedApp.app);
  const uncachedRps = await load(portOf(uncachedServer), (i) => `/tin/tin-chuyen-doi-so-${i % 10_000}`);
  const homeRps = await load(portOf(uncachedServer), (i) => `/?n=${i}`);
  uncachedServer.close();
  row("uncached item render (req/s)", fmt(uncachedRps));
  row("uncached home render (req/s)", fmt(homeRps));

  // 4. approval-to-live on the real Kafka and FerretDB
  const env = serverEnv();
  const prefix = `${uniqueName("bench-publishing")}.`;
  const dbName = prefix.replaceAll(/[.-]/g, "_").slice(0, 60);
  const config = loadPublishingConfig({
    ...env,
    PORT: "1",
    MANAGEMENT_PORT: "1",
    MONGO_URL: `${env.MONGO_URL.replace(/\/$/, "")}/${dbName}`,
    KAFKA_TOPIC_PREFIX: prefix,
    PUBLIC_DOMAIN: "bacgiang.localhost",
    LOG_LEVEL: "silent",
  });
  // PORT=0 is refused by the shared schema; pick free ports
  const free = async () => {
    const s = await listen(() => undefined);
    const p = portOf(s);
    s.close();
    return p;
  };
  config.PORT = await free();
  config.MANAGEMENT_PORT = await free();
  const pub = await startPublishing(config, { host: "127.0.0.1" });
  const kafka = createKafka({ brokers: env.KAFKA_BROKERS.split(","), clientId: "bench-publishing", logger });
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  const send = async (ev: ReturnType<typeof createEvent>) => {
    await producer.send({
      topic: `${prefix}${ev.type.includes("portal") ? PortalUpdated.topic : ContentPublished.topic}`,
      acks: -1,
      messages: [toKafkaMessage(ev)],
    });
  };
  const actor = { id: "bench", username: "stttt.board-member" };
  await send(
    createEvent(
      PortalUpdated,
      { portal: portalSnapshot("stttt"), updatedBy: actor, updatedAt: new Date().toISOString() },
      { source: "/cong/content" },
    ),
  );
  const latencies: number[] = [];
  for (let k = 1; k <= SAMPLES + 3; k++) {
    const it = item(k % 5, k);
    const ev = createEvent(
      ContentPublished,
      {
        itemId: it._id,
        portalId: "stttt",
        revision: k,
        publishedAt: it.snapshot.publishedAt,
        publishedBy: actor,
        snapshot: it.snapshot,
      },
      { source: "/cong/content" },
    );
    const t0 = performance.now();
    await send(ev);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const r = await get(pub.port, `/tin/${it.snapshot.locales.vi.slug}`);
      if (r.status === 200 && r.body.includes(`data-revision="${k}"`)) break;
      if (Date.now() > deadline) throw new Error(`revision ${k} not live after 60 s`);
      await new Promise((res) => setTimeout(res, 5));
    }
    if (k > 3) latencies.push(performance.now() - t0); // the first ones include the group join
  }
  await producer.disconnect();
  await pub.stop();
  const mc = await new MongoClient(env.MONGO_URL).connect();
  await mc.db(dbName).dropDatabase();
  await mc.close();
  latencies.sort((a, b) => a - b);
  row("approval-to-live p50 (ms)", fmt(percentile(latencies, 50), 1));
  row("approval-to-live p95 (ms, goal ≤ 1000)", fmt(percentile(latencies, 95), 1));

  // 5. listings at scale (in memory, keyset cursor at a random depth, render cache off)
  const small = await listingP95(10_000);
  row("listing 10k items p50 / p95 (ms)", `${fmt(small.p50, 2)} / ${fmt(small.p95, 2)}`);
  const big = await listingP95(BIG);
  row(`listing ${fmt(BIG)} items p50 / p95 (ms)`, `${fmt(big.p50, 2)} / ${fmt(big.p95, 2)}`);
  row("  process RSS with the big model (MiB)", fmt(big.rss / 2 ** 20));
  agent.destroy();
  process.exit(0);
}

main().catch((e) => {
  process.stderr.write(`${e?.stack ?? e}\n`);
  process.exit(1);
});
