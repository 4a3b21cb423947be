// The public portals under readers while content publishes (issue 15, "prove at platform level").
//
//   1. content and publishing start from their build output (services/*/dist, as `./cong up` runs
//      them, with the telemetry preload and LOG_LEVEL=info) as child processes of this script, on
//      databases and a Kafka topic prefix of their own (nothing of the demo platform is touched),
//      against the shared local servers. publishing gets src/public-trace.cjs preloaded (server
//      time per page kind, event-loop delay, GC; its code is untouched).
//   2. The five demo portals (infra/demo/portals.json) are created through content's API by
//      platform.admin; BENCH_SEED_ITEMS (300) published items are written across them through the
//      real workflow (below), four at a time, so home, category and item pages are realistic.
//   3. BENCH_READERS (500) readers in another process (src/public-readers.ts), spread over the
//      portals (the province 40 %, each other 15 %), each a closed loop on its own keep-alive
//      connection, pausing BENCH_THINK_MS (1000) ×0.5–1.5 after each page (0: no pause), ETags
//      revalidated as a browser does. Mix: home 20 %, category page 25 %, item page 40 %, an item
//      published during the run 10 % (once it is live), feed (RSS/Atom) 3 %, sitemap 2 %.
//      BENCH_WARMUP_SECONDS (10) of warm-up, then BENCH_SECONDS (60) measured.
//   4. Meanwhile the writer (this process) starts BENCH_RATE (10) items per second on schedule (an
//      open loop: a slow item does not delay the next one, at most BENCH_WRITER_MAX_INFLIGHT at
//      once), round-robin over the portals, with real demo tokens: <portal>.focal-officer creates
//      and submits, <portal>.board-member approves and publishes (four eyes: content refuses
//      either to the item's creator, editors or submitter). BENCH_REVISION_SHARE (0.2) of them are
//      a new revision of an already published item instead (edit → submit → approve → publish;
//      readers have those pages cached, so the purge is measured too). Approval→live per item:
//      from the publish response until the item's page on its portal answers 200 with the new
//      revision (`data-item`/`data-revision` and the title), checked every 10 ms; also from the
//      approve response, and split by the content.published message on Kafka (its CreateTime,
//      read by a consumer of this script): content's write → on Kafka → live on the portal.
// Printed: machine, parameters and load average; requests, errors by kind (any answer not 2xx/3xx,
// any socket error), p50/p95/p99 overall and per page kind, throughput; publications achieved and
// the writer's stage times; approval→live p50/p95/p99 and count; publishing's server time per
// kind, event-loop delay and GC; CPU per process from /proc (publishing, content, the readers, this
// process, FerretDB, Kafka, Keycloak, the rest of the machine) before the run and during the
// window; the goals: p99 ≤ 100 ms, 0 errors, approval→live p95 ≤ 250 ms.
// Needs the local servers (`./cong up`) and built content and publishing
// (`pnpm --filter @cong/content build`, `pnpm --filter @cong/publishing build`).
// Variables: BENCH_READERS (500), BENCH_RATE (10 items/s), BENCH_SECONDS (60), BENCH_WARMUP_SECONDS
// (10), BENCH_THINK_MS (1000), BENCH_SEED_ITEMS (300), BENCH_REVISION_SHARE (0.2),
// BENCH_WRITER_MAX_INFLIGHT (50), BENCH_LOG_LEVEL (info: the services' LOG_LEVEL).
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { ContentPublished, Topics } from "@cong/contracts";
import { createKafka, createLogger } from "@cong/kit";
import { demoToken, repoRoot, serverEnv, uniqueName } from "@cong/testing";
import { MongoClient } from "mongodb";
import { freePort } from "../../services/publishing/test/helpers";
import { startBuiltService, stopChild } from "./children";
import { coresBetween, coresUsed, cpuSnapshot, serverPids } from "./cpu";
import { removeTopics as removeTopicsOf } from "./kafka-cleanup";
import { PAGE_KINDS, type PageKind, type ReadersPlan, type ReadersResult } from "./public-readers";
import { fmt, header, percentile, row } from "./report";

const READERS = Number(process.env.BENCH_READERS ?? 500);
const RATE = Number(process.env.BENCH_RATE ?? 10);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 10);
const THINK_MS = Number(process.env.BENCH_THINK_MS ?? 1000);
const SEED_ITEMS = Number(process.env.BENCH_SEED_ITEMS ?? 300);
const REVISION_SHARE = Number(process.env.BENCH_REVISION_SHARE ?? 0.2);
const MAX_INFLIGHT = Number(process.env.BENCH_WRITER_MAX_INFLIGHT ?? 50);
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? "info";
const GOAL = { p99: 100, liveP95: 250 };
const MIX: Record<PageKind, number> = {
  home: 20,
  category: 25,
  item: 40,
  "new item": 10,
  feed: 3,
  sitemap: 2,
};
/** the demo portals and the share of readers on each */
const PORTALS = [
  { id: "bacgiang", weight: 40 },
  { id: "stttt", weight: 15 },
  { id: "stp", weight: 15 },
  { id: "tanyen", weight: 15 },
  { id: "lucngan", weight: 15 },
];
/** where the items go: articles in three categories, announcements in one (weights) */
const PLACES = [
  { kind: "article", categoryId: "cat-tin-tuc-su-kien", weight: 45 },
  { kind: "article", categoryId: "cat-chien-luoc-quy-hoach-ke-hoach", weight: 25 },
  { kind: "article", categoryId: "cat-pho-bien-phap-luat", weight: 15 },
  { kind: "announcement", categoryId: "cat-thong-bao", weight: 15 },
] as const;
const LIVE_CHECK_MS = 10;
const LIVE_DEADLINE_MS = 30_000;

const env = serverEnv();
const root = repoRoot();
const readersTs = path.join(__dirname, "public-readers.ts");
const traceCjs = path.join(__dirname, "public-trace.cjs");
const quiet = createLogger({ service: "bench-public-load", level: "silent" });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const note = (s: string) => process.stderr.write(`${s}\n`);
const ms = (x: number) => fmt(x, 1);
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const pcts = (xs: number[], ps = [50, 95, 99]) => {
  const s = sorted(xs);
  return ps.map((p) => ms(percentile(s, p))).join(" / ");
};

// ------------------------------------------------------------------------------------------- HTTP

interface Reply {
  status: number;
  /** content's JSON answer, read loosely */
  body: any;
}

/** one call to content's API with a demo user's token (cached by @cong/testing for 60 s) */
async function call(base: string, method: string, p: string, user: string, body?: unknown): Promise<Reply> {
  const token = await demoToken(user);
  const res = await fetch(`${base}${p}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed };
}

class Refused extends Error {
  constructor(
    readonly step: string,
    readonly status: number,
    detail: string,
  ) {
    super(`${step}: ${status} ${detail}`);
  }
}
function want(r: Reply, status: number, step: string): Reply {
  if (r.status !== status) throw new Refused(step, r.status, JSON.stringify(r.body).slice(0, 300));
  return r;
}

const liveAgent = new http.Agent({ keepAlive: true, maxSockets: 32 });
/** a page of publishing, as the bench's live check (not counted as a reader's request) */
function pubGet(port: number, host: string, p: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        path: p,
        agent: liveAgent,
        headers: { host, accept: "text/html", "x-bench": "live-check" },
        timeout: 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
        );
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end();
  });
}

// ------------------------------------------------------------------------------------------- items

const TOPICS = [
  "chuyển đổi số",
  "cải cách hành chính",
  "xây dựng nông thôn mới",
  "an toàn giao thông",
  "phòng chống thiên tai",
  "bảo vệ môi trường",
  "phát triển du lịch",
  "y tế cơ sở",
  "giáo dục đào tạo",
  "thu hút đầu tư",
  "an sinh xã hội",
  "lễ hội truyền thống",
];
const pickOf = <T>(xs: readonly T[], i: number): T => xs[i % xs.length] as T;

function placeOf(i: number) {
  let h = (Math.imul(i + 1, 2654435761) >>> 0) % 100;
  for (const p of PLACES) {
    if (h < p.weight) return p;
    h -= p.weight;
  }
  return PLACES[0];
}

/** an item's text: a title unique in the run, a summary and a body of about 2 KB */
function textOf(i: number, portalName: string, revision = 1) {
  const topic = pickOf(TOPICS, i);
  const title = `${topic.charAt(0).toUpperCase()}${topic.slice(1)}: ${portalName.replace(/^Cổng Thông tin điện tử /, "")} triển khai kế hoạch số ${i + 1}${revision > 1 ? ` (cập nhật lần ${revision - 1})` : ""}`;
  const para = (k: number) =>
    `<p>Đoạn ${k + 1}. Sáng nay, ${portalName.replace(/^Cổng Thông tin điện tử /, "")} tổ chức hội nghị về ${topic}. ` +
    "Hội nghị đánh giá kết quả thực hiện trong năm, chỉ ra những tồn tại, hạn chế và đề ra nhiệm vụ, " +
    "giải pháp trọng tâm cho thời gian tới, bảo đảm công khai, minh bạch và phục vụ người dân, doanh nghiệp.</p>";
  return {
    title,
    summary: `Tin về ${topic}${revision > 1 ? `, cập nhật lần ${revision - 1}` : ""}.`,
    bodyHtml: `<h2>${title}</h2>${Array.from({ length: 7 }, (_, k) => para(k)).join("")}`,
  };
}

interface Portal {
  id: string;
  name: string;
  host: string;
  weight: number;
  categories: { categoryId: string; slug: string }[];
}

interface Published {
  portal: number;
  itemId: string;
  version: number;
  revision: number;
  slug: string;
  n: number;
  categoryId: string;
  kind: string;
}

interface WriteRecord {
  kind: "new" | "revision";
  startedAt: number;
  stages: Record<string, number>;
  approvedAt?: number;
  publishedAt?: number;
  publishedEpoch?: number;
  liveAt?: number;
  liveEpoch?: number;
  checks: number;
  key?: string;
  error?: string;
}

class Writer {
  readonly records: WriteRecord[] = [];
  /** published items not being changed now (revisions pick from these) */
  readonly idle: Published[] = [];
  liveChecks = 0;
  private next = 0;

  constructor(
    private readonly contentUrl: string,
    private readonly pubPort: number,
    private readonly portals: Portal[],
    private readonly onLive: (p: Published) => void,
  ) {}

  private async step(rec: WriteRecord, name: string, f: () => Promise<Reply>, status: number) {
    const t0 = performance.now();
    const r = want(await f(), status, name);
    rec.stages[name] = performance.now() - t0;
    return r;
  }

  /** a new item (create → submit → approve → publish), or a new revision of `of` (edit → …) */
  async write(of?: Published): Promise<WriteRecord> {
    const rec: WriteRecord = {
      kind: of ? "revision" : "new",
      startedAt: performance.now(),
      stages: {},
      checks: 0,
    };
    this.records.push(rec);
    const n = of?.n ?? this.next++;
    const pi = of?.portal ?? n % this.portals.length;
    const portal = this.portals[pi] as Portal;
    const officer = `${portal.id}.focal-officer`;
    const board = `${portal.id}.board-member`;
    const items = `/portals/${portal.id}/items`;
    const c = this.contentUrl;
    try {
      const place = of ? { kind: of.kind, categoryId: of.categoryId } : placeOf(n);
      const revision = of ? of.revision + 1 : 1;
      const text = textOf(n, portal.name, revision);
      let id: string;
      let version: number;
      if (of) {
        id = of.itemId;
        const edited = await this.step(
          rec,
          "edit",
          () =>
            call(c, "PUT", `${items}/${id}`, officer, {
              categoryIds: [place.categoryId],
              locales: { vi: { ...text, slug: of.slug } },
              version: of.version,
            }),
          200,
        );
        version = edited.body.version;
      } else {
        const created = await this.step(
          rec,
          "create",
          () =>
            call(c, "POST", items, officer, {
              kind: place.kind,
              categoryIds: [place.categoryId],
              locales: { vi: text },
              contributors: [{ name: "Nguyễn Văn Bench", role: "tác giả" }],
            }),
          201,
        );
        id = created.body.itemId;
        version = created.body.version;
      }
      version = (
        await this.step(
          rec,
          "submit",
          () => call(c, "POST", `${items}/${id}/submit`, officer, { version }),
          200,
        )
      ).body.version;
      version = (
        await this.step(
          rec,
          "approve",
          () => call(c, "POST", `${items}/${id}/approve`, board, { version }),
          200,
        )
      ).body.version;
      rec.approvedAt = performance.now();
      const published = await this.step(
        rec,
        "publish",
        () => call(c, "POST", `${items}/${id}/publish`, board, { version }),
        200,
      );
      rec.publishedAt = performance.now();
      rec.publishedEpoch = Date.now();
      const live = published.body.live as { revision: number; locales: { vi: { slug: string } } };
      const item: Published = {
        portal: pi,
        itemId: id,
        version: published.body.version,
        revision: live.revision,
        slug: live.locales.vi.slug,
        n,
        categoryId: place.categoryId,
        kind: place.kind,
      };
      rec.key = `${id}|${live.revision}`;
      // live: the page answers 200 with this revision and its title
      const marker = `data-item="${id}" data-revision="${live.revision}"`;
      const deadline = performance.now() + LIVE_DEADLINE_MS;
      for (;;) {
        this.liveChecks++;
        rec.checks++;
        const r = await pubGet(this.pubPort, portal.host, `/tin/${item.slug}`).catch(() => null);
        if (r?.status === 200 && r.body.includes(marker) && r.body.includes(text.title)) {
          rec.liveAt = performance.now();
          rec.liveEpoch = Date.now();
          break;
        }
        if (performance.now() > deadline) throw new Refused("live", r?.status ?? 0, `not live after 30 s`);
        await sleep(LIVE_CHECK_MS);
      }
      this.idle.push(item);
      this.onLive(item);
    } catch (e) {
      rec.error = e instanceof Refused ? `${e.step} ${e.status}` : `${String((e as Error).cause ?? e)}`;
      // an item whose revision failed half-way is not revised again
    }
    return rec;
  }

  /** an idle published item, taken out of the pool while it is revised */
  takeIdle(): Published | undefined {
    if (!this.idle.length) return undefined;
    const k = Math.floor(Math.random() * this.idle.length);
    return this.idle.splice(k, 1)[0];
  }
}

// ------------------------------------------------------------------------------------------- setup

async function createPortals(contentUrl: string): Promise<void> {
  const demo = JSON.parse(fs.readFileSync(path.join(root, "infra/demo/portals.json"), "utf8")) as {
    portals: {
      id: string;
      kind: string;
      name: string;
      agency: string;
      abbreviation?: string;
      placeName?: string;
    }[];
  };
  for (const p of demo.portals.filter((x) => PORTALS.some((y) => y.id === x.id))) {
    const r = await call(contentUrl, "POST", "/portals", "platform.admin", {
      kind: p.kind,
      name: { vi: p.name },
      agency: { vi: p.agency },
      ...(p.abbreviation ? { abbreviation: p.abbreviation } : {}),
      ...(p.placeName || p.kind === "province" ? { placeName: p.placeName ?? "Bắc Giang" } : {}),
      ...(p.kind === "province" ? { languages: ["vi", "en"] } : {}),
      boardMailbox: `banbientap@${p.id}.bacgiang.gov.vn`,
      hotline: "0204 3854 485",
    });
    if (r.status !== 201)
      throw new Error(`portal ${p.id}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
  }
}

/** runs `fn` over 0..n-1 with at most `k` at a time */
async function pool(n: number, k: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(k, n) }, async () => {
      for (let i = next++; i < n; i = next++) await fn(i);
    }),
  );
}

const removeTopics = (prefix: string) =>
  removeTopicsOf({ brokers: env.KAFKA_BROKERS, prefix, clientId: "bench-public-load", logger: quiet, note });

interface Trace {
  pages: Record<string, number[]>;
  loopDelay: { p50: number; p99: number; max: number };
  gc: { count: number; ms: number };
}

/** asks publishing (SIGUSR2) for what its preload gathered since the last ask */
async function takeTrace(child: ChildProcess, file: string): Promise<Trace | null> {
  fs.rmSync(file, { force: true });
  child.kill("SIGUSR2");
  for (let i = 0; i < 100 && !fs.existsSync(file); i++) await sleep(20);
  await sleep(20);
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as Trace;
  } catch {
    return null;
  }
}

// ------------------------------------------------------------------------------------------- main

async function main() {
  header("public portals: readers while content publishes", {
    readers: READERS,
    ratePerSecond: RATE,
    seconds: SECONDS,
    warmupSeconds: WARMUP,
    thinkMs: THINK_MS,
    seedItems: SEED_ITEMS,
    revisionShare: REVISION_SHARE,
    writerMaxInFlight: MAX_INFLIGHT,
    logLevel: LOG_LEVEL,
    mix: MIX,
    loadavg: os.loadavg().map((x) => fmt(x, 2)),
  });
  const shared = serverPids();
  const idle = cpuSnapshot(shared);
  await sleep(3000);
  row("CPU before the run, 3 s (cores)", coresBetween(idle, cpuSnapshot(shared)));

  const name = uniqueName("bench-public-load");
  const prefix = `${name}.`;
  const contentDb = name.replaceAll("-", "_");
  const pubDb = `${contentDb}_pub`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-public-load-"));
  const trace = path.join(dir, "trace.json");
  const mongo = env.MONGO_URL.replace(/\/$/, "");
  const base = {
    KAFKA_BROKERS: env.KAFKA_BROKERS,
    KEYCLOAK_URL: env.KEYCLOAK_URL,
    KEYCLOAK_REALM: env.KEYCLOAK_REALM,
    KAFKA_TOPIC_PREFIX: prefix,
    LOG_LEVEL,
  };
  let content: ChildProcess | undefined;
  let publishing: ChildProcess | undefined;
  let readers: ChildProcess | undefined;
  let ok = false;
  const observer = createKafka({
    brokers: env.KAFKA_BROKERS.split(","),
    clientId: "bench-public-load",
    logger: quiet,
  }).consumer({ groupId: `${prefix}bench-observer` });
  try {
    // 1. the services
    const [cPort, cMgmt, pPort, pMgmt] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    const contentUrl = `http://127.0.0.1:${cPort}`;
    const c = await startBuiltService({
      name: "content",
      port: cPort,
      managementPort: cMgmt,
      log: path.join(dir, "content.log"),
      env: { ...base, MONGO_URL: `${mongo}/${contentDb}` },
    });
    content = c.child;
    const p = await startBuiltService({
      name: "publishing",
      port: pPort,
      managementPort: pMgmt,
      log: path.join(dir, "publishing.log"),
      preload: [traceCjs],
      env: {
        ...base,
        MONGO_URL: `${mongo}/${pubDb}`,
        CONTENT_API_URL: contentUrl,
        PUBLIC_DOMAIN: `bacgiang.localhost:${pPort}`,
        BENCH_TRACE_FILE: trace,
      },
    });
    publishing = p.child;
    for (const [s, stale] of [
      ["content", c.stale],
      ["publishing", p.stale],
    ] as const)
      if (stale)
        row(`  note: services/${s}/src changed after its build`, "the figures are of the older build");

    // content.published as it reaches Kafka (for the split of approval→live)
    const onKafka = new Map<string, { staged: number; created: number }>();
    await observer.connect();
    await observer.subscribe({ topic: `${prefix}${Topics.content}`, fromBeginning: true });
    await observer.run({
      eachMessage: async ({ message }) => {
        if (message.headers?.ce_type?.toString() !== ContentPublished.type || !message.value) return;
        const d = JSON.parse(message.value.toString()) as { itemId: string; revision: number };
        onKafka.set(`${d.itemId}|${d.revision}`, {
          staged: Date.parse(message.headers.ce_time?.toString() ?? ""),
          created: Number(message.timestamp),
        });
      },
    });

    // 2. portals and published items
    await createPortals(contentUrl);
    const portals: Portal[] = [];
    for (const { id, weight } of PORTALS) {
      const doc = want(await call(contentUrl, "GET", `/portals/${id}`, "platform.admin"), 200, `portal ${id}`)
        .body as {
        name: { vi: string };
        categories: { categoryId: string; slug: string }[];
      };
      const categories = PLACES.map((pl) => doc.categories.find((x) => x.categoryId === pl.categoryId));
      if (categories.some((x) => !x))
        throw new Error(`portal ${id} lacks one of ${PLACES.map((x) => x.categoryId)}`);
      const host = `${id === "bacgiang" ? "" : `${id}.`}bacgiang.localhost:${pPort}`;
      portals.push({ id, name: doc.name.vi, host, weight, categories: categories as Portal["categories"] });
      const until = Date.now() + 60_000;
      while ((await pubGet(pPort, host, "/").catch(() => null))?.status !== 200) {
        if (Date.now() > until) throw new Error(`${host}/ not served by publishing after 60 s`);
        await sleep(200);
      }
    }
    for (const u of PORTALS.flatMap((x) => [`${x.id}.focal-officer`, `${x.id}.board-member`]))
      await demoToken(u);
    let readersIn: NodeJS.WritableStream | undefined;
    const writer = new Writer(contentUrl, pPort, portals, (item) =>
      readersIn?.write(`${JSON.stringify({ portal: item.portal, path: `/tin/${item.slug}` })}\n`),
    );
    const tSeed = performance.now();
    await pool(SEED_ITEMS, 4, () => writer.write());
    const seedSeconds = (performance.now() - tSeed) / 1000;
    const seedFailed = writer.records.filter((r) => r.error);
    row(
      `seeded ${SEED_ITEMS} items, 4 at a time, no readers (s)`,
      `${fmt(seedSeconds, 1)} (${fmt(SEED_ITEMS / seedSeconds, 1)} items/s; approval→live p50/p95 ${pcts(
        writer.records.filter((r) => r.liveAt).map((r) => (r.liveAt as number) - (r.publishedAt as number)),
        [50, 95],
      )} ms)`,
    );
    for (const st of ["create", "submit", "approve", "publish"]) {
      const l = writer.records.map((x) => x.stages[st]).filter((x): x is number => x !== undefined);
      row(`  ${st} p50 / p95 (ms)`, pcts(l, [50, 95]));
    }
    if (seedFailed.length)
      throw new Error(
        `seeding: ${seedFailed.length} failed, e.g. ${seedFailed.map((r) => r.error).slice(0, 5)}`,
      );
    const seeded = writer.records.length;

    // 3. readers and the writer
    const plan: ReadersPlan = {
      port: pPort,
      readers: READERS,
      warmupSeconds: WARMUP,
      seconds: SECONDS,
      thinkMs: THINK_MS,
      mix: MIX,
      recent: 10,
      portals: portals.map((pt, k) => ({
        host: pt.host,
        weight: pt.weight,
        categories: pt.categories.map((x) => `/chuyen-muc/${x.slug}`),
        feeds: ["/rss.xml", "/atom.xml", `/chuyen-muc/${pt.categories[0]?.slug}/rss.xml`],
        items: writer.idle.filter((x) => x.portal === k).map((x) => `/tin/${x.slug}`),
      })),
    };
    const pids: Record<string, number> = {
      publishing: publishing.pid as number,
      content: content.pid as number,
    };
    readers = spawn(process.execPath, [...process.execArgv, readersTs], {
      stdio: ["pipe", "pipe", "inherit"],
    });
    pids.readers = readers.pid as number;
    pids["bench (writer, live checks)"] = process.pid;
    for (const [k, v] of Object.entries(shared)) pids[k in pids ? `shared ${k}` : k] = v;
    readersIn = readers.stdin as NodeJS.WritableStream;
    readersIn.write(`${JSON.stringify(plan)}\n`);

    let stopWriting = false;
    let lateness: number[] = [];
    let inflight = 0;
    const writing: Promise<unknown>[] = [];
    const writeLoop = async () => {
      const t0 = performance.now();
      for (let k = 0; !stopWriting; k++) {
        const due = t0 + (k * 1000) / RATE;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        while (inflight >= MAX_INFLIGHT && !stopWriting) await sleep(5);
        if (stopWriting) break;
        lateness.push(performance.now() - due);
        inflight++;
        const of = Math.random() < REVISION_SHARE ? writer.takeIdle() : undefined;
        writing.push(writer.write(of).finally(() => inflight--));
      }
    };
    const window = { start: 0, end: 0 };
    const cpu = { start: cpuSnapshot(pids), end: cpuSnapshot(pids) };
    let serverTrace: Trace | null = null;
    let result: ReadersResult | undefined;
    let checksAtStart = 0;
    let inflightAtEnd = 0;
    let looping: Promise<void> | undefined;
    for await (const line of readline.createInterface({ input: readers.stdout as NodeJS.ReadableStream })) {
      const ev = JSON.parse(line) as { event: string };
      if (ev.event === "warm") looping = writeLoop();
      else if (ev.event === "start") {
        await takeTrace(publishing, trace);
        cpu.start = cpuSnapshot(pids);
        window.start = performance.now();
        checksAtStart = writer.liveChecks;
        lateness = [];
      } else if (ev.event === "ended") {
        window.end = performance.now();
        inflightAtEnd = inflight;
        cpu.end = cpuSnapshot(pids);
        serverTrace = await takeTrace(publishing, trace);
        stopWriting = true;
      } else if (ev.event === "end") result = ev as unknown as ReadersResult;
    }
    await looping;
    const [code] = (readers.exitCode !== null ? [readers.exitCode] : await once(readers, "exit")) as [number];
    if (code !== 0 || !result) throw new Error(`the readers' process exited with ${code}`);
    await Promise.all(writing);
    const checks = writer.liveChecks - checksAtStart;

    // 4. figures
    const r = result;
    const all = PAGE_KINDS.flatMap((k) => r.latencies[k] ?? []);
    const isError = (o: string) => !/^[23]\d\d$/.test(o);
    const errorsByKind: Record<string, number> = {};
    let n304 = 0;
    for (const k of PAGE_KINDS)
      for (const [o, n] of Object.entries(r.outcomes[k] ?? {})) {
        if (o === "304") n304 += n;
        if (isError(o)) errorsByKind[o] = (errorsByKind[o] ?? 0) + n;
      }
    const errors = Object.values(errorsByKind).reduce((a, b) => a + b, 0);
    process.stdout.write(
      `\n${READERS} readers (${r.readersPerPortal.map((n, k) => `${portals[k]?.id} ${n}`).join(", ")}), each a closed loop on its own ` +
        `keep-alive connection, ${THINK_MS > 0 ? `pausing ~${THINK_MS} ms (×0.5–1.5) after each page` : "no pause between pages"}, ` +
        `ETags revalidated; ${WARMUP} s warm-up, ${fmt(r.seconds, 1)} s measured; the writer starting ${RATE} items/s:\n`,
    );
    row("requests (of which 304)", `${fmt(all.length)} (${fmt(n304)})`);
    row("throughput (requests/s)", fmt(all.length / r.seconds, 1));
    row("errors", `${fmt(errors)}${errors ? ` ${JSON.stringify(errorsByKind)}` : ""}`);
    row("latency p50 / p95 / p99 (ms)", `${pcts(all)}  (max ${ms(sorted(all).at(-1) ?? Number.NaN)})`);
    for (const k of PAGE_KINDS) {
      const l = r.latencies[k] ?? [];
      const errs = Object.entries(r.outcomes[k] ?? {}).filter(([o]) => isError(o));
      row(
        `  ${k}`,
        `${fmt(l.length)} req, p50/p95/p99 ${pcts(l)} ms${errs.length ? `, errors ${JSON.stringify(Object.fromEntries(errs))}` : ""}`,
      );
    }
    row(
      "readers' own event-loop delay p50/p99/max (ms)",
      `${ms(r.loopDelay.p50)} / ${ms(r.loopDelay.p99)} / ${ms(r.loopDelay.max)}`,
    );

    // the writer in the window
    const inWindow = writer.records
      .slice(seeded)
      .filter(
        (x) => x.publishedAt !== undefined && x.publishedAt >= window.start && x.publishedAt < window.end,
      );
    const startedInWindow = writer.records
      .slice(seeded)
      .filter((x) => x.startedAt >= window.start && x.startedAt < window.end);
    const loadWrites = writer.records.slice(seeded);
    const failed = loadWrites.filter((x) => x.error);
    const failures: Record<string, number> = {};
    for (const f of failed) failures[f.error as string] = (failures[f.error as string] ?? 0) + 1;
    const live = inWindow.filter((x) => x.liveAt !== undefined);
    const toLive = live.map((x) => (x.liveAt as number) - (x.publishedAt as number));
    const fromApprove = live.map((x) => (x.liveAt as number) - (x.approvedAt as number));
    process.stdout.write(
      `\nwriter (${RATE} items/s on schedule, ${fmt(REVISION_SHARE * 100)} % new revisions of published items):\n`,
    );
    row(
      "publications in the window",
      `${fmt(inWindow.length)} (${fmt(inWindow.length / ((window.end - window.start) / 1000), 2)}/s; ` +
        `${inWindow.filter((x) => x.kind === "new").length} new, ${inWindow.filter((x) => x.kind === "revision").length} revisions); ` +
        `${startedInWindow.length} started`,
    );
    row(
      "writes failed (whole run)",
      `${failed.length}${failed.length ? ` ${JSON.stringify(failures)}` : ""}`,
    );
    row(
      "start behind schedule p50 / p95 / max (ms)",
      `${pcts(lateness, [50, 95])} / ${ms(sorted(lateness).at(-1) ?? 0)}  (at most ${MAX_INFLIGHT} at once)`,
    );
    row(
      "writes started during the load / in flight when the window closed",
      `${loadWrites.length} / ${inflightAtEnd}`,
    );
    for (const s of ["create", "edit", "submit", "approve", "publish"]) {
      const l = loadWrites.map((x) => x.stages[s]).filter((x): x is number => x !== undefined);
      if (l.length) row(`  ${s} p50 / p95 / p99 (ms, all writes of the load)`, `${pcts(l)} (${l.length})`);
    }
    row(
      "approval→live: publish response → page live, p50/p95/p99 (ms)",
      `${pcts(toLive)}  (${toLive.length} items; max ${ms(sorted(toLive).at(-1) ?? Number.NaN)})`,
    );
    for (const kind of ["new", "revision"] as const) {
      const l = live
        .filter((x) => x.kind === kind)
        .map((x) => (x.liveAt as number) - (x.publishedAt as number));
      if (l.length)
        row(`  ${kind === "new" ? "new items" : "new revisions (cached pages)"}`, `${pcts(l)} (${l.length})`);
    }
    row("  from the approve response, p50 / p95 (ms)", pcts(fromApprove, [50, 95]));
    const split = live
      .map((x) => ({ x, k: onKafka.get(x.key as string) }))
      .filter((y): y is { x: WriteRecord; k: { staged: number; created: number } } => !!y.k);
    row(
      "  content's write → on Kafka (relay), p50 / p95 (ms)",
      `${pcts(
        split.map((y) => y.k.created - y.k.staged),
        [50, 95],
      )} (${split.length})`,
    );
    row(
      "  publish response → on Kafka, p50 / p95 (ms)",
      pcts(
        split.map((y) => y.k.created - (y.x.publishedEpoch as number)),
        [50, 95],
      ),
    );
    row(
      "  on Kafka → live on the portal, p50 / p95 (ms)",
      pcts(
        split.map((y) => (y.x.liveEpoch as number) - y.k.created),
        [50, 95],
      ),
    );
    row(
      "  live checks (every 10 ms; not readers' requests)",
      `${fmt(checks)} (${fmt(checks / ((window.end - window.start) / 1000), 1)}/s)`,
    );

    // where the time went
    process.stdout.write("\nwhere the time went (the window):\n");
    if (serverTrace) {
      row("publishing: request in → response out", "");
      const byKind = new Map<string, number[]>();
      for (const [key, v] of Object.entries(serverTrace.pages)) byKind.set(key, v);
      for (const [key, v] of [...byKind.entries()].sort((a, b) => b[1].length - a[1].length))
        row(`  ${key}`, `${fmt(v.length)}, p50/p95/p99 ${pcts(v)} ms`);
      row(
        "publishing event-loop delay p50/p99/max (ms)",
        `${ms(serverTrace.loopDelay.p50)} / ${ms(serverTrace.loopDelay.p99)} / ${ms(serverTrace.loopDelay.max)}`,
      );
      row(
        "publishing GC pauses",
        `${fmt(serverTrace.gc.count)}, ${ms(serverTrace.gc.ms)} ms in all (${fmt((serverTrace.gc.ms / (window.end - window.start)) * 100, 1)} % of the time)`,
      );
    }
    const used = coresUsed(cpu.start, cpu.end);
    row("CPU (cores of the machine's 2)", coresBetween(cpu.start, cpu.end));
    const pubCpu = (used.cores.publishing ?? 0) * used.seconds;
    row(
      "publishing CPU per request (ms)",
      `${fmt((pubCpu * 1000) / Math.max(1, all.length + checks), 2)} (readers' requests and live checks)`,
    );
    row(
      "content CPU per publication (ms)",
      fmt((((used.cores.content ?? 0) * used.seconds) / Math.max(1, inWindow.length)) * 1000, 1),
    );

    // goals
    const p99 = percentile(sorted(all), 99);
    const liveP95 = percentile(sorted(toLive), 95);
    const tick = (b: boolean) => (b ? "✓ met" : "✗ not met");
    process.stdout.write("\n");
    row(`readers' p99 ≤ ${GOAL.p99} ms`, `${ms(p99)} ms ${tick(p99 <= GOAL.p99)}`);
    row("errors = 0", `${fmt(errors)} ${tick(errors === 0)}`);
    row(
      `approval→live p95 ≤ ${GOAL.liveP95} ms`,
      `${ms(liveP95)} ms over ${toLive.length} items ${tick(liveP95 <= GOAL.liveP95 && toLive.length > 0)}`,
    );
    row(
      `(the load asked for: ${RATE} publications/s)`,
      `${fmt(inWindow.length / ((window.end - window.start) / 1000), 2)}/s ${tick(inWindow.length >= RATE * SECONDS * 0.95)}`,
    );
    row(
      "load average after (1/5/15 min)",
      os
        .loadavg()
        .map((x) => fmt(x, 2))
        .join(" / "),
    );
    ok = true;
  } finally {
    if (readers && readers.exitCode === null) readers.kill("SIGTERM");
    await observer.disconnect().catch(() => undefined);
    await stopChild(publishing);
    await stopChild(content);
    liveAgent.destroy();
    const mc = new MongoClient(env.MONGO_URL);
    await mc
      .connect()
      .then(async () => {
        for (const db of [contentDb, pubDb]) await mc.db(db).dropDatabase();
      })
      .catch(() => undefined)
      .finally(() => mc.close());
    await removeTopics(prefix);
    if (ok) fs.rmSync(dir, { recursive: true, force: true });
    else note(`the services' logs are in ${dir}`);
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
