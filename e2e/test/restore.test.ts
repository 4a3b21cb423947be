// Backup → every store wiped → restore, at platform level (issue 15, "prove at platform level";
// R-BACKUP). content, media, publishing and archive run in-process, as `./cong up` wires them, on
// the shared real servers with stores of their own (databases `t_e2e_restore_…_{content,media,pub,
// archive}`, buckets `t-e2e-restore-…-{media,archive}`, one Kafka topic prefix). Real data goes
// in through their APIs: three portals, articles with photos uploaded to media, a draft for public
// comment with comments and citizens' feedback sent on the public portals, one answered. Once the
// platform has settled, archive's CLI backs up exactly those stores (BACKUP_DATABASES,
// BACKUP_BUCKETS; encrypted), the services stop, the databases are dropped and the buckets
// removed (every object version), and the CLI restores them (`restore --from … --verify`).
// Afterwards every document of every collection is the same (canonical EJSON, hashed one by one),
// with the same indexes; every object of both buckets is byte-identical, with its metadata, and
// the archive bucket keeps its Object Lock; archive's `verify` passes on the restored chain; and,
// the services started again on the restored stores, the public portals serve the same pages
// (home, category, item, print, legal/draft listings, RSS, Atom, sitemap, every media file the
// pages name) and content and archive the same API answers — each compared by its SHA-256.
import { type ChildProcess, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { connectMongo, createLogger, createS3, OUTBOX_FIELD, OUTBOX_PENDING } from "@cong/kit";
import { demoToken, repoRoot, serverEnv, uniqueName, waitFor } from "@cong/testing";
import sharp from "sharp";
import { type Archive, createArchive } from "../../services/archive/src/app";
import { canonicalJson } from "../../services/archive/src/backup/backup";
import { loadArchiveConfig } from "../../services/archive/src/config";
import * as extras from "../../services/content/src/extras";
import { client, createPortals, type Running, start, testConfig } from "../../services/content/test/helpers";
import { createMedia, type Media } from "../../services/media/src/app";
import { loadMediaConfig } from "../../services/media/src/config";
import { form } from "../../services/media/test/fixtures";
import { type RunningPublishing, startPublishing } from "../../services/publishing/src/app";
import { loadPublishingConfig } from "../../services/publishing/src/config";
import { freePort } from "../../services/publishing/test/helpers";

jest.setTimeout(400_000);

const env = serverEnv();
const root = repoRoot();
const name = uniqueName("e2e-restore");
const prefix = `${name}.`;
const tag = name.replaceAll("-", "_");
/** this test's stores: nothing else is backed up, dropped or restored */
const DB = {
  content: `${tag}_content`,
  media: `${tag}_media`,
  publishing: `${tag}_pub`,
  archive: `${tag}_archive`,
};
const BUCKET = { media: `${name}-media`, archive: `${name}-archive` };
const mongoUrl = (db: string) => `${env.MONGO_URL.replace(/\/$/, "")}/${db}`;
const quiet = createLogger({ service: "e2e-restore", level: process.env.TEST_LOG_LEVEL ?? "silent" });
const s3 = createS3({ ...env, S3_REGION: env.S3_REGION ?? "us-east-1" });
const backupDir = fs.mkdtempSync(path.join(os.tmpdir(), "cong-e2e-restore-"));
const backupKey = randomBytes(32).toString("base64");
const PORTALS: string[] = ["bacgiang", "stttt", "tanyen"];
const host = (portalId: string) =>
  portalId === "bacgiang" ? "bacgiang.localhost" : `${portalId}.bacgiang.localhost`;

// ---------------------------------------------------------------------------------------------
// The platform: the four services as their main.ts start them, on fixed ports (the pages carry
// the public origin and the media URL, so a restarted platform must answer where the first did)

interface Platform {
  content: Running;
  media: Media;
  pub: RunningPublishing;
  archive: Archive;
}

/** the services started, last first: stopPlatform() stops them, also after a start that failed */
const running: [string, () => Promise<void>][] = [];

/** Stops every service started; throws naming those whose shutdown did not complete. */
async function stopPlatform(): Promise<void> {
  const failed: string[] = [];
  for (const [what, stop] of running.splice(0)) {
    const t0 = Date.now();
    await stop().catch((e: unknown) => failed.push(`${what}: ${String(e)} after ${Date.now() - t0} ms`));
  }
  if (failed.length) throw new Error(`shutdown incomplete: ${failed.join("; ")}`);
}

/** when the last service of the platform had started */
let startedAt = 0;
/** the kit's outbox relay sweeps first this long after its start (and marks its collections once) */
const FIRST_SWEEP_MS = 10_000;
let ports: Record<"content" | "media" | "mediaM" | "pub" | "pubM" | "archive" | "archiveM", number>;
const mediaBase = () => `http://127.0.0.1:${ports.media}`;

async function startPlatform(): Promise<Platform> {
  const shared = {
    KAFKA_BROKERS: env.KAFKA_BROKERS,
    KAFKA_TOPIC_PREFIX: prefix,
    KEYCLOAK_URL: env.KEYCLOAK_URL,
    KEYCLOAK_REALM: env.KEYCLOAK_REALM,
    S3_ENDPOINT: env.S3_ENDPOINT,
    S3_ACCESS_KEY: env.S3_ACCESS_KEY,
    S3_SECRET_KEY: env.S3_SECRET_KEY,
    S3_REGION: env.S3_REGION ?? "us-east-1",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
  };
  // content first: its helper creates the prefix's topics
  const content = await start(
    {
      ...testConfig("e2e-restore", { MONGO_URL: mongoUrl(DB.content), KAFKA_TOPIC_PREFIX: prefix }),
      PORT: ports.content,
      MEDIA_API_URL: mediaBase(),
    },
    { extras },
  );
  running.unshift(["content", () => content.stop()]);
  const media = await createMedia(
    loadMediaConfig({
      ...shared,
      PORT: String(ports.media),
      MANAGEMENT_PORT: String(ports.mediaM),
      MONGO_URL: mongoUrl(DB.media),
      MEDIA_BUCKET: BUCKET.media,
      MEDIA_LINK_SECRET: "e2e-restore-media-link-secret-of-32-chars",
    }),
    { logger: quiet },
  );
  running.unshift(["media", () => media.svc.lifecycle.shutdown("test")]);
  await media.svc.serve(media.app, { host: "127.0.0.1" });
  const pub = await startPublishing(
    loadPublishingConfig({
      ...shared,
      PORT: String(ports.pub),
      MANAGEMENT_PORT: String(ports.pubM),
      MONGO_URL: mongoUrl(DB.publishing),
      PUBLIC_DOMAIN: `bacgiang.localhost:${ports.pub}`,
      CONTENT_API_URL: content.base,
      MEDIA_PUBLIC_URL: mediaBase(),
      PAGEVIEWS_FLUSH_MS: "600000",
      FORM_RATE_LIMIT: "1000",
      FORM_SECRET: "e2e-restore-form-secret-of-32-characters",
    }),
    { host: "127.0.0.1" },
  );
  running.unshift(["publishing", () => pub.stop()]);
  // background work off (a retention run, the probe's samples): the stores must stay still
  const archive = await createArchive(
    loadArchiveConfig({
      ...shared,
      PORT: String(ports.archive),
      MANAGEMENT_PORT: String(ports.archiveM),
      MONGO_URL: mongoUrl(DB.archive),
      ARCHIVE_BUCKET: BUCKET.archive,
      MEDIA_BUCKET: BUCKET.media,
    }),
    { logger: quiet, scheduler: false, mediaRetry: false, probe: false },
  );
  running.unshift(["archive", () => archive.svc.lifecycle.shutdown("test")]);
  await archive.svc.serve(archive.app, { host: "127.0.0.1" });
  startedAt = Date.now();
  return { content, media, pub, archive };
}

// ---------------------------------------------------------------------------------------------
// What is compared

const sha256 = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");

interface StoreState {
  /** `db.collection` → index definitions (canonical) */
  indexes: Map<string, string>;
  /** `db.collection|_id` → sha256 of the document's canonical EJSON */
  documents: Map<string, string>;
  /** `bucket/key` → sha256, size and metadata */
  objects: Map<string, string>;
  /** bucket → its Object Lock setting */
  buckets: Map<string, string>;
  bytes: number;
}

async function storeState(): Promise<StoreState> {
  const s: StoreState = {
    indexes: new Map(),
    documents: new Map(),
    objects: new Map(),
    buckets: new Map(),
    bytes: 0,
  };
  for (const dbName of Object.values(DB)) {
    const db = mongo().db(dbName);
    for (const { name: coll } of await db.listCollections({}, { nameOnly: true }).toArray()) {
      const c = db.collection(coll);
      const ix = (await c.indexes()).map(({ v: _v, ns: _ns, ...rest }) => canonicalJson(rest)).sort();
      s.indexes.set(`${dbName}.${coll}`, ix.join("\n"));
      for await (const doc of c.find({}, { promoteLongs: false, promoteValues: false })) {
        const text = canonicalJson(doc);
        s.documents.set(`${dbName}.${coll}|${canonicalJson(doc._id)}`, sha256(text));
      }
    }
  }
  for (const bucket of Object.values(BUCKET)) {
    if (!(await s3.bucketExists(bucket))) continue;
    let lock: unknown = null;
    try {
      lock = await s3.getObjectLockConfig(bucket);
    } catch {
      /* none */
    }
    s.buckets.set(bucket, JSON.stringify(lock));
    for await (const o of s3.listObjectsV2(bucket, "", true)) {
      const key = (o as { name?: string }).name;
      if (!key) continue;
      const stat = await s3.statObject(bucket, key);
      const chunks: Buffer[] = [];
      for await (const c of await s3.getObject(bucket, key)) chunks.push(c as Buffer);
      const body = Buffer.concat(chunks);
      s.bytes += body.length;
      const meta = Object.entries(stat.metaData ?? {})
        .map(([k, v]) => [k.toLowerCase(), String(v)])
        .sort(([a], [b]) => String(a).localeCompare(String(b)));
      s.objects.set(`${bucket}/${key}`, JSON.stringify({ sha256: sha256(body), size: body.length, meta }));
    }
  }
  return s;
}

/** The entries of `a` that `b` lacks or holds otherwise, and those only `b` has (at most 20). */
function differences(a: Map<string, string>, b: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [k, v] of a)
    if (b.get(k) !== v)
      out.push(b.has(k) ? `changed ${k}: ${v.slice(0, 300)} → ${b.get(k)?.slice(0, 300)}` : `missing ${k}`);
  for (const k of b.keys()) if (!a.has(k)) out.push(`extra ${k}`);
  return out.slice(0, 20);
}

function compareStores(before: StoreState, after: StoreState) {
  return {
    indexes: differences(before.indexes, after.indexes),
    documents: differences(before.documents, after.documents),
    objects: differences(before.objects, after.objects),
    buckets: differences(before.buckets, after.buckets),
  };
}

/** GET on publishing with a portal's Host; the raw bytes. */
function pubGet(portalId: string, p: string): Promise<{ status: number; type: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port: ports.pub,
        method: "GET",
        path: p,
        headers: { host: `${host(portalId)}:${ports.pub}` },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            type: String(res.headers["content-type"]),
            body: Buffer.concat(chunks),
          }),
        );
      },
    );
    req.on("error", reject);
    req.end();
  });
}

/** The public answers compared: `what` → status, type and sha256 of the body. */
async function publicAnswers(pages: { portalId: string; path: string }[], apis: [string, string, string][]) {
  const out = new Map<string, string>();
  const media = new Set<string>();
  for (const { portalId, path: p } of pages) {
    const r = await pubGet(portalId, p);
    out.set(
      `${host(portalId)}${p}`,
      JSON.stringify({ status: r.status, type: r.type, sha256: sha256(r.body) }),
    );
    for (const m of r.body.toString("utf8").matchAll(/http:\/\/127\.0\.0\.1:\d+(\/assets\/[^"'\s<>)]+)/g))
      media.add(m[1] as string);
  }
  for (const p of [...media].sort()) {
    const r = await fetch(`${mediaBase()}${p}`);
    const body = Buffer.from(await r.arrayBuffer());
    out.set(
      `media${p}`,
      JSON.stringify({ status: r.status, type: r.headers.get("content-type"), sha256: sha256(body) }),
    );
  }
  for (const [what, url, user] of apis) {
    const r = await fetch(url, { headers: { authorization: `Bearer ${await demoToken(user)}` } });
    out.set(what, JSON.stringify({ status: r.status, sha256: sha256(Buffer.from(await r.arrayBuffer())) }));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// archive's CLI, as the chart's Jobs run it (here from its sources, with tsx)

async function archiveCli(args: string[], extra: Record<string, string> = {}) {
  const t0 = Date.now();
  const child: ChildProcess = spawn(
    path.join(root, "services/archive/node_modules/.bin/tsx"),
    [path.join(root, "services/archive/src/cli.ts"), ...args],
    {
      cwd: path.join(root, "services/archive"),
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? os.homedir(),
        MONGO_URL: env.MONGO_URL,
        S3_ENDPOINT: env.S3_ENDPOINT,
        S3_ACCESS_KEY: env.S3_ACCESS_KEY,
        S3_SECRET_KEY: env.S3_SECRET_KEY,
        S3_REGION: env.S3_REGION ?? "us-east-1",
        BACKUP_ENCRYPTION_KEY: backupKey,
        ...extra,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d) => (stdout += d));
  child.stderr?.on("data", (d) => (stderr += d));
  // a CLI that hangs fails the test with what it printed, rather than the test's timeout
  const limit = setTimeout(() => child.kill("SIGKILL"), 180_000);
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  clearTimeout(limit);
  return { code, stdout, stderr, seconds: (Date.now() - t0) / 1000 };
}

// ---------------------------------------------------------------------------------------------

let platform: Platform | undefined;
/** the test's own connection to the shared database server (kit's, as the services have) */
let conn: Awaited<ReturnType<typeof connectMongo>>;
const mongo = () => conn.getClient();
const call = client(() => platform?.content.base ?? "");

async function dropStores() {
  for (const db of Object.values(DB))
    await mongo()
      .db(db)
      .dropDatabase()
      .catch(() => undefined);
  for (const bucket of Object.values(BUCKET)) {
    if (!(await s3.bucketExists(bucket))) continue;
    // every version (the archive bucket is versioned: it has Object Lock), then the bucket
    const versions: { name: string; versionId?: string }[] = [];
    for await (const o of s3.listObjects(bucket, "", true, { IncludeVersion: true })) {
      const v = o as { name?: string; versionId?: string | null };
      if (v.name) versions.push({ name: v.name, ...(v.versionId ? { versionId: v.versionId } : {}) });
    }
    for (let i = 0; i < versions.length; i += 500) await s3.removeObjects(bucket, versions.slice(i, i + 500));
    for await (const u of s3.listIncompleteUploads(bucket, "", true))
      await s3.removeIncompleteUpload(bucket, (u as { key: string }).key);
    await s3.removeBucket(bucket);
  }
}

beforeAll(async () => {
  ports = {
    content: await freePort(),
    media: await freePort(),
    mediaM: await freePort(),
    pub: await freePort(),
    pubM: await freePort(),
    archive: await freePort(),
    archiveM: await freePort(),
  };
  conn = await connectMongo({ url: env.MONGO_URL, dbName: DB.content, logger: quiet });
  platform = await startPlatform();
});

afterAll(async () => {
  await stopPlatform().catch((e: unknown) => process.stderr.write(`restore: ${String(e)}\n`));
  await dropStores().catch(() => undefined);
  await conn?.close();
  fs.rmSync(backupDir, { recursive: true, force: true });
});

let photoSeq = 0;
/** A photo no earlier upload had (media refuses a portal's duplicate). */
const photo = () =>
  sharp({
    create: {
      width: 1200,
      height: 800,
      channels: 3,
      background: { r: 0, g: 0, b: 0 },
      noise: { type: "gaussian", mean: 90 + (++photoSeq % 60), sigma: 40 },
    },
  })
    .jpeg({ quality: 80 })
    .toBuffer();

async function upload(portalId: string, filename: string, altText: string): Promise<string> {
  const officer = await demoToken(`${portalId}.focal-officer`);
  const up = await fetch(`${mediaBase()}/portals/${portalId}/assets`, {
    method: "POST",
    headers: { authorization: `Bearer ${officer}` },
    body: form(await photo(), filename, "image/jpeg", { altText }),
  });
  if (up.status !== 201) throw new Error(`upload ${filename}: ${up.status} ${await up.text()}`);
  const id = ((await up.json()) as { id: string }).id;
  await waitFor(
    async () => {
      const r = await fetch(`${mediaBase()}/portals/${portalId}/assets/${id}`, {
        headers: { authorization: `Bearer ${officer}` },
      });
      return ((await r.json()) as { status: string }).status === "ready";
    },
    { timeoutMs: 90_000, what: `renditions of ${filename}` },
  );
  return id;
}

interface Published {
  portalId: string;
  id: string;
  slug: string;
  kind: string;
  /** the cover's asset */
  cover?: string;
}

async function publish(portalId: string, item: Record<string, unknown>): Promise<Published> {
  const created = await call("POST", `/portals/${portalId}/items`, `${portalId}.focal-officer`, item);
  if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`);
  const id = created.body.itemId as string;
  const submitted = await call(
    "POST",
    `/portals/${portalId}/items/${id}/submit`,
    `${portalId}.focal-officer`,
    undefined,
    {
      "if-match": created.headers.get("etag") as string,
    },
  );
  expect(submitted.status).toBe(200);
  expect(
    (await call("POST", `/portals/${portalId}/items/${id}/approve`, `${portalId}.board-member`, {})).status,
  ).toBe(200);
  const published = await call(
    "POST",
    `/portals/${portalId}/items/${id}/publish`,
    `${portalId}.board-member`,
    {},
  );
  expect(published.status).toBe(200);
  const cover = (item.media as { assetId: string }[] | undefined)?.[0]?.assetId;
  return {
    portalId,
    id,
    slug: published.body.live.locales.vi.slug as string,
    kind: String(item.kind),
    ...(cover ? { cover } : {}),
  };
}

const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";

it("backup → every store wiped → restore: the same documents, objects and pages", async () => {
  const p = platform as Platform;
  // 1. real data through the services' APIs
  await createPortals(call, ["stttt", "tanyen"]);
  for (const portalId of PORTALS)
    await waitFor(async () => (await pubGet(portalId, "/")).status === 200, {
      timeoutMs: 60_000,
      intervalMs: 300,
      what: `${host(portalId)}/ served`,
    });
  const items: Published[] = [];
  const photos: string[] = [];
  for (const portalId of ["stttt", "tanyen"]) {
    for (const [n, title] of [
      [1, "Hội nghị tổng kết chuyển đổi số năm 2026"],
      [2, "Lễ phát động phong trào bình dân học vụ số"],
    ] as const) {
      const assetId = await upload(portalId, `anh-${portalId}-${n}.jpg`, `Ảnh: ${title}`);
      photos.push(assetId);
      items.push(
        await publish(portalId, {
          kind: "article",
          categoryIds: ["cat-tin-tuc-su-kien"],
          locales: {
            vi: {
              title: `${title} (${portalId})`,
              summary: `Tóm tắt: ${title}.`,
              bodyHtml: `<p>${title}: nội dung chi tiết.</p>`,
            },
          },
          media: [{ assetId, role: "cover", decorative: false }],
        }),
      );
    }
    items.push(
      await publish(portalId, {
        kind: "article",
        categoryIds: ["cat-tin-tuc-su-kien"],
        locales: {
          vi: {
            title: `Thông báo lịch tiếp công dân tháng 12 (${portalId})`,
            bodyHtml: "<p>Lịch tiếp công dân.</p>",
          },
        },
      }),
    );
  }
  const now = Date.now();
  const draft = await publish("stttt", {
    kind: "draft-for-comment",
    categoryIds: ["cat-du-thao-lay-y-kien"],
    locales: {
      vi: {
        title: "Dự thảo quy chế quản lý cổng thông tin điện tử",
        bodyHtml: "<p>Toàn văn dự thảo quy chế.</p>",
      },
    },
    comment: {
      opensAt: new Date(now - 86_400_000).toISOString(),
      closesAt: new Date(now + 20 * 86_400_000).toISOString(),
    },
  });
  items.push(draft);
  const articles = items.filter((i) => i.kind === "article");
  for (const i of items)
    await waitFor(async () => (await pubGet(i.portalId, `/tin/${i.slug}`)).status === 200, {
      timeoutMs: 60_000,
      intervalMs: 300,
      what: `/tin/${i.slug} served`,
    });

  // public comments on the draft, feedback on two portals (one answered), all sent on the portals
  const draftPage = (await pubGet("stttt", `/tin/${draft.slug}`)).body.toString("utf8");
  for (const [fullName, text] of [
    ["Trần Thị Bình", "Đề nghị bổ sung quy định về thời hạn trả lời ý kiến của người dân."],
    ["Nguyễn Văn An", "Đề nghị làm rõ trách nhiệm của ban biên tập khi gỡ tin bài."],
  ]) {
    const r = await postForm("stttt", `/tin/${draft.slug}/y-kien`, {
      csrf: csrfOf(draftPage),
      "ho-ten": fullName as string,
      "noi-dung": text as string,
      "dong-y": "1",
    });
    expect(r.status).toBe(200);
  }
  for (const portalId of ["stttt", "tanyen"]) {
    const formPage = (await pubGet(portalId, "/gop-y")).body.toString("utf8");
    const r = await postForm(portalId, "/gop-y", {
      csrf: csrfOf(formPage),
      loai: "question",
      "ho-ten": "Lê Thị Hoa",
      email: "hoa@vidu.vn",
      "noi-dung": `Xin hỏi thủ tục cấp chữ ký số cho cán bộ (${portalId})?`,
      "dong-y": "1",
    });
    expect(r.status).toBe(200);
  }
  const sttttFeedback = await waitFor(async () => {
    const list = await call("GET", "/portals/stttt/feedback", "stttt.board-member");
    return (list.body.items as { feedbackId: string }[] | undefined)?.[0];
  });
  const answered = await call(
    "POST",
    `/portals/stttt/feedback/${sttttFeedback.feedbackId}/answer`,
    "stttt.focal-officer",
    {
      answer: "Cán bộ đăng ký tại Sở Thông tin và Truyền thông, thời hạn 3 ngày làm việc.",
    },
  );
  expect(answered.status).toBe(200);

  // 2. settled: covers on the pages, photos public, archive has every revision, its media and the
  //    feedback, content's outbox drained — then nothing changes any more
  for (const i of items.filter((a) => a.cover))
    await waitFor(
      async () =>
        (await pubGet(i.portalId, `/tin/${i.slug}`)).body.toString("utf8").includes(`/assets/${i.cover}/`),
      { timeoutMs: 60_000, what: `cover on /tin/${i.slug}` },
    );
  for (const assetId of photos)
    await waitFor(async () => (await fetch(`${mediaBase()}/assets/${assetId}/w640.webp`)).status === 200, {
      timeoutMs: 60_000,
      what: `photo ${assetId} public`,
    });
  const adb = mongo().db(DB.archive);
  const cdb = mongo().db(DB.content);
  const caughtUp = async () => ({
    records: await adb.collection("items").countDocuments({}),
    chained: (await adb.collection("manifest").countDocuments({})) >= items.length,
    mediaCopied: (await adb.collection("media_copies").countDocuments({})) > photos.length,
    mediaPending: await adb.collection("media_pending").countDocuments({}),
    feedback: await adb.collection("feedback").countDocuments({}),
    answered: await adb.collection("feedback").countDocuments({ workingDaysTaken: { $ne: null } }),
    outbox:
      (await cdb.collection("items").countDocuments({ [`${OUTBOX_FIELD}.0`]: { $exists: true } })) +
      (await cdb.collection(OUTBOX_PENDING).countDocuments({ _id: { $not: /^!legacy\|/ } as never })),
  });
  const wanted = {
    records: items.length,
    chained: true,
    mediaCopied: true,
    mediaPending: 0,
    // two questions and the two comments on the draft (content sends both as feedback.received)
    feedback: 4,
    answered: 1,
    outbox: 0,
  };
  let state = await caughtUp();
  await waitFor(
    async () => {
      state = await caughtUp();
      return JSON.stringify(state) === JSON.stringify(wanted);
    },
    { timeoutMs: 90_000, intervalMs: 500, what: "archive caught up, content's outbox drained" },
  ).catch((e: unknown) => {
    throw new Error(`${String(e)}: ${JSON.stringify(state)}, wanted ${JSON.stringify(wanted)}`);
  });
  // a store is still until the outbox relays' first sweep, which records (once per collection)
  // that older entries were looked for: wait for it, then for two equal looks in a row
  await new Promise((r) => setTimeout(r, Math.max(0, startedAt + FIRST_SWEEP_MS + 2000 - Date.now())));
  // the answers before, read before the stores are taken as settled: the pages are counted in
  // publishing's memory, but a board member's feedback list shows citizens' contact details and
  // that showing is recorded (feedback_access, R-PII)
  const pages: { portalId: string; path: string }[] = PORTALS.flatMap((portalId) => [
    { portalId, path: "/" },
    { portalId, path: "/chuyen-muc/tin-tuc-su-kien" },
    { portalId, path: "/rss.xml" },
    { portalId, path: "/atom.xml" },
    { portalId, path: "/sitemap.xml" },
    { portalId, path: "/van-ban" },
    { portalId, path: "/du-thao" },
    { portalId, path: "/chuyen-muc/tin-tuc-su-kien/rss.xml" },
  ]).concat(
    articles.flatMap((i) => [
      { portalId: i.portalId, path: `/tin/${i.slug}` },
      { portalId: i.portalId, path: `/tin/${i.slug}/ban-in` },
    ]),
  );
  const apis: [string, string, string][] = [
    ["content feedback stttt", `${p.content.base}/portals/stttt/feedback`, "stttt.board-member"],
    ["content feedback tanyen", `${p.content.base}/portals/tanyen/feedback`, "tanyen.board-member"],
    ["content comments stttt", `${p.content.base}/portals/stttt/comments`, "stttt.board-member"],
    ["content items stttt", `${p.content.base}/portals/stttt/items`, "stttt.board-member"],
    ["archive search", `http://127.0.0.1:${ports.archive}/archive/search?limit=50`, "auditor"],
  ];
  const before = await publicAnswers(pages, apis);
  const notOk = [...before].filter(([, v]) => !v.includes('"status":200'));
  expect(notOk).toEqual([]);

  let settled = await storeState();
  await waitFor(
    async () => {
      await new Promise((r) => setTimeout(r, 1500));
      const again = await storeState();
      const same = Object.values(compareStores(settled, again)).every((d) => d.length === 0);
      settled = again;
      return same;
    },
    { timeoutMs: 60_000, intervalMs: 0, what: "the stores to stop changing" },
  );

  // 3. backup with the CLI: only this test's stores
  const backup = await archiveCli(["backup", "--target", backupDir], {
    BACKUP_DATABASES: Object.values(DB).join(","),
    BACKUP_BUCKETS: Object.values(BUCKET).join(","),
  });
  expect({ code: backup.code, stderr: backup.code ? backup.stderr : "" }).toEqual({ code: 0, stderr: "" });
  const id = backup.stdout.trim();
  const manifest = JSON.parse(fs.readFileSync(path.join(backupDir, id, "manifest.json"), "utf8"));
  expect(manifest.databases).toEqual(Object.values(DB));
  expect(manifest.buckets).toEqual(Object.values(BUCKET));
  // the backup saw what the services had stored, and nothing was written meanwhile
  expect(compareStores(settled, await storeState())).toEqual({
    indexes: [],
    documents: [],
    objects: [],
    buckets: [],
  });

  // 4. the services stop; every store is wiped
  const tStop = Date.now();
  await stopPlatform();
  platform = undefined;
  const stopSeconds = (Date.now() - tStop) / 1000;
  const tWipe = Date.now();
  await dropStores();
  const wipeSeconds = (Date.now() - tWipe) / 1000;
  // gone: no collection left in any of the databases, no bucket (listDatabases is slow on a
  // server holding every test's databases)
  for (const db of Object.values(DB))
    expect({ db, collections: await mongo().db(db).listCollections().toArray() }).toEqual({
      db,
      collections: [],
    });
  for (const bucket of Object.values(BUCKET)) expect(await s3.bucketExists(bucket)).toBe(false);

  // 5. restore with the CLI, then the stores are what they were
  const restore = await archiveCli(["restore", "--from", id, "--target", backupDir, "--verify"]);
  expect({ code: restore.code, stderr: restore.code ? restore.stderr : "" }).toEqual({ code: 0, stderr: "" });
  const restored = await storeState();
  expect(compareStores(settled, restored)).toEqual({ indexes: [], documents: [], objects: [], buckets: [] });
  // the restored archive's hash chain and media copies verify
  const verify = await archiveCli(["verify"], {
    MONGO_URL: mongoUrl(DB.archive),
    ARCHIVE_BUCKET: BUCKET.archive,
  });
  expect({
    code: verify.code,
    problems: verify.stderr.split("\n").filter((l) => l.startsWith("FAIL")),
  }).toEqual({
    code: 0,
    problems: [],
  });

  // 6. the platform on the restored stores serves the same
  const tStart = Date.now();
  platform = await startPlatform();
  const startSeconds = (Date.now() - tStart) / 1000;
  const after = await publicAnswers(pages, apis);
  expect(differences(before, after)).toEqual([]);

  const collections = new Set([...settled.documents.keys()].map((k) => k.split("|")[0])).size;
  const mediaFiles = [...before.keys()].filter((k) => k.startsWith("media/")).length;
  process.stdout.write(
    `restore: ${settled.documents.size} documents in ${collections} collections of ${Object.keys(DB).length} databases and ${settled.objects.size} objects (${settled.bytes} bytes) in ${Object.keys(BUCKET).length} buckets, ` +
      `backup ${id}: ${manifest.totals.documents} documents, ${manifest.totals.objects} objects, ${manifest.totals.bytes} bytes stored (encrypted); ` +
      `backup ${backup.seconds.toFixed(1)} s, wipe ${wipeSeconds.toFixed(1)} s, restore --verify ${restore.seconds.toFixed(1)} s, archive verify ${verify.seconds.toFixed(1)} s, services stopped in ${stopSeconds.toFixed(1)} s and back in ${startSeconds.toFixed(1)} s; ` +
      `every document and object equal; ${before.size} public answers compared by SHA-256 (${pages.length} pages of ${PORTALS.length} portals, ${mediaFiles} media files, ${apis.length} API answers): all equal\n`,
  );
});

/** POST of a form on a portal (urlencoded), as a browser sends it. */
function postForm(portalId: string, p: string, fields: Record<string, string>) {
  const body = new URLSearchParams(fields).toString();
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port: ports.pub,
        method: "POST",
        path: p,
        headers: {
          host: `${host(portalId)}:${ports.pub}`,
          "content-type": "application/x-www-form-urlencoded",
          "content-length": String(Buffer.byteLength(body)),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
