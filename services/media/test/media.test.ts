// media against the REAL servers (FerretDB, Kafka, versitygw, Keycloak): what is refused leaves
// nothing in S3 (R-FMT), photos lose their GPS (R-PII), video seeks with Range and gets a poster
// and captions (R-STD), drafts' files are private until live content uses them, and files used
// by live content cannot be deleted.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  AssetDeleted,
  AssetProcessed,
  AssetUploaded,
  ContentPublished,
  ContentUnpublished,
  createEvent,
  type EventData,
  fromKafkaMessage,
  parseEvent,
  Topics,
} from "@cong/contracts";
import { demoToken, indexesSettled, type RecordedQuery, unflat, waitFor, watchQueries } from "@cong/testing";
import ExcelJS from "exceljs";
import { MongoClient } from "mongodb";
import sharp from "sharp";
import { createMedia } from "../src/app";
import { body, form, logger, type RunningMedia, recordAnswers, startMedia } from "./fixtures";
import { photoWithGps, testClip } from "./samples";

let m: RunningMedia;
let officer: string;
const answers = recordAnswers(() => m?.base ?? "");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "media-test-"));

beforeAll(async () => {
  m = await startMedia("media", { MEDIA_LIMIT_IMAGE: 2 * 1024 * 1024 });
  officer = await demoToken("stttt.focal-officer");
});
afterAll(async () => {
  answers.restore();
  await m?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const upload = (portal: string, data: FormData, token = officer) =>
  fetch(`${m.base}/portals/${portal}/assets`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
    body: data,
  });
const ready = (id: string) =>
  waitFor(
    async () => {
      const res = await fetch(`${m.base}/portals/stttt/assets/${id}`, {
        headers: { authorization: `Bearer ${officer}` },
      });
      const a = await body(res);
      if (a.status === "failed") throw new Error(`processing failed: ${a.failure}`);
      return a.status === "ready" ? a : undefined;
    },
    { timeoutMs: 60_000, what: `asset ${id} processed` },
  );

function published(itemId: string, assetIds: string[], revision = 1) {
  const ex = ContentPublished.example as EventData<typeof ContentPublished>;
  const data = {
    ...ex,
    itemId,
    revision,
    snapshot: {
      ...ex.snapshot,
      itemId,
      revision,
      media: assetIds.map((assetId) => ({ assetId, role: "cover" as const, decorative: false })),
    },
  };
  return createEvent(ContentPublished, data, { source: "/cong/content" });
}

describe("refusals leave nothing behind (R-FMT)", () => {
  it.each([
    [
      "an .exe renamed .jpg",
      Buffer.concat([Buffer.from("MZ\x90\x00"), Buffer.alloc(5000, 1)]),
      "image/jpeg",
      "anh.jpg",
      "executable",
    ],
    [
      "an HTML file declared as PDF",
      Buffer.from("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"),
      "application/pdf",
      "cong-van.pdf",
      "html",
    ],
    [
      "an SVG with <script>",
      Buffer.from(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect width="9" height="9"/></svg>',
      ),
      "image/svg+xml",
      "logo.svg",
      "svg_scripted",
    ],
    [
      "a PNG declared as JPEG",
      Buffer.from(
        "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201ffa4d5b0c60000000049454e44ae426082",
        "hex",
      ),
      "image/jpeg",
      "anh.jpg",
      "type_mismatch",
    ],
  ])("refuses %s with its reason (415)", async (_what, data, type, name, reason) => {
    const res = await upload("stttt", form(data, name, type, { altText: "Ảnh minh hoạ" }));
    expect(res.status).toBe(415);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const p = await body(res);
    expect(p).toMatchObject({ code: "unsupported_media_type", reason });
    expect(p.detail).toMatch(/[àáảãạăâđêôơư]/); // Vietnamese first
    expect(await m.objects()).toEqual([]);
  });

  it("stops an image over its limit with 413 and keeps nothing", async () => {
    const noise = await sharp(
      Buffer.alloc(1400 * 1400 * 3).map(() => Math.floor(Math.random() * 256)),
      {
        raw: { width: 1400, height: 1400, channels: 3 },
      },
    )
      .jpeg({ quality: 100 })
      .toBuffer();
    expect(noise.length).toBeGreaterThan(2 * 1024 * 1024);
    const res = await upload("stttt", form(noise, "lon.jpg", "image/jpeg", { altText: "Ảnh lớn" }));
    expect(res.status).toBe(413);
    expect((await body(res)).reason).toBe("file_too_large");
    expect(await m.objects()).toEqual([]);
    const left: unknown[] = [];
    for await (const u of m.media.s3.listIncompleteUploads(m.bucket, "", true)) left.push(u);
    expect(left).toEqual([]);
  });

  it("aborts a multipart upload when hidden HTML appears after the first part", async () => {
    const pdf = Buffer.concat([
      Buffer.from("%PDF-1.7\n"),
      Buffer.alloc(9 * 1024 * 1024, 0x20),
      Buffer.from("<html><script>alert(1)</script></html>\n%%EOF\n"),
    ]);
    const res = await upload("stttt", form(pdf, "bao-cao.pdf", "application/pdf"));
    expect(res.status).toBe(415);
    expect((await body(res)).reason).toBe("polyglot");
    expect(await m.objects()).toEqual([]);
    const left: unknown[] = [];
    for await (const u of m.media.s3.listIncompleteUploads(m.bucket, "", true)) left.push(u);
    expect(left).toEqual([]);
  });

  it("asks for alt text on images unless decorative, and keeps nothing without it", async () => {
    const res = await upload("stttt", form(await photoWithGps(400), "anh.jpg", "image/jpeg"));
    expect(res.status).toBe(422);
    expect((await body(res)).reason).toBe("alt_text_required");
    expect(await m.objects()).toEqual([]);
  });

  it("refuses an upload to another portal's library (R-ORG)", async () => {
    const res = await upload(
      "tanyen",
      form(await photoWithGps(400), "anh.jpg", "image/jpeg", { altText: "x" }),
    );
    expect(res.status).toBe(403);
    expect(await m.objects()).toEqual([]);
  });
});

describe("images (R-PII, R-STD)", () => {
  let id: string;
  it("stores a photo, finds its duplicate, and serves renditions without GPS", async () => {
    const photo = await photoWithGps();
    expect((await sharp(photo).metadata()).exif?.toString("latin1")).toContain("CongTest");
    const res = await upload(
      "stttt",
      form(photo, "hoi-nghi.jpg", "image/jpeg", { altText: "Hội nghị chuyển đổi số" }),
    );
    expect(res.status).toBe(201);
    const a = await body(res);
    id = a.id;
    expect(a).toMatchObject({
      kind: "image",
      mimeType: "image/jpeg",
      altText: "Hội nghị chuyển đổi số",
      live: false,
    });
    const dup = await upload("stttt", form(photo, "lan-nua.jpg", "image/jpeg", { altText: "lần nữa" }));
    expect(dup.status).toBe(409);
    expect(await body(dup)).toMatchObject({ reason: "duplicate_asset", existingAssetId: id });

    const done = await ready(id);
    const names = done.renditions.map((r: { name: string }) => r.name).sort();
    expect(names).toEqual([
      "full.jpg",
      "w1280.jpg",
      "w1280.webp",
      "w320.jpg",
      "w320.webp",
      "w640.jpg",
      "w640.webp",
    ]);
    // the upload itself (with its EXIF) is gone; only re-encoded files remain
    expect(await m.objects(`stttt/${id}/`)).toEqual(names.map((n: string) => `stttt/${id}/${n}`).sort());
    for (const n of names) {
      const r = await fetch(`${m.base}/assets/${id}/${n}`, {
        headers: { authorization: `Bearer ${officer}` },
      });
      expect(r.status).toBe(200);
      const meta = await sharp(Buffer.from(await r.arrayBuffer())).metadata();
      expect(meta.exif).toBeUndefined();
    }
  });

  it("keeps a draft's files private: strangers get 404, preview links and staff get them", async () => {
    const anon = await fetch(`${m.base}/assets/${id}/w320.webp`);
    expect(anon.status).toBe(404);
    const other = await fetch(`${m.base}/assets/${id}/w320.webp`, {
      headers: { authorization: `Bearer ${await demoToken("tanyen.board-member")}` },
    });
    expect(other.status).toBe(404);
    const link = await body(
      await fetch(`${m.base}/portals/stttt/assets/${id}/links`, {
        method: "POST",
        headers: { authorization: `Bearer ${officer}` },
      }),
    );
    const viaLink = await fetch(`${m.base}${link.urls["w320.webp"]}`);
    expect(viaLink.status).toBe(200);
    expect(viaLink.headers.get("cache-control")).toBe("private, no-store");
    expect(viaLink.headers.get("x-content-type-options")).toBe("nosniff");
    const flipped = `${link.token.slice(0, -1)}${link.token.endsWith("A") ? "B" : "A"}`;
    const forged = await fetch(`${m.base}/assets/${id}/w320.webp?token=${flipped}`);
    expect(forged.status).toBe(404);
  });

  it("serves it publicly once live content uses it, and refuses to delete it then", async () => {
    const itemId = "b1b2c3d4e5f60718293a4b5c";
    await m.publish(published(itemId, [id]));
    await waitFor(async () => (await fetch(`${m.base}/assets/${id}/w640.webp`)).status === 200, {
      timeoutMs: 30_000,
      what: "asset public",
    });
    const pub = await fetch(`${m.base}/assets/${id}/w640.webp`);
    expect(pub.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(pub.headers.get("content-type")).toBe("image/webp");
    expect(pub.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    const del = await fetch(`${m.base}/portals/stttt/assets/${id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${officer}` },
    });
    expect(del.status).toBe(409);
    expect(await body(del)).toMatchObject({ reason: "asset_in_use", usedBy: [itemId] });

    const ex = ContentUnpublished.example as EventData<typeof ContentUnpublished>;
    await m.publish(
      createEvent(ContentUnpublished, { ...ex, itemId, revision: 1 }, { source: "/cong/content" }),
    );
    await waitFor(async () => (await fetch(`${m.base}/assets/${id}/w640.webp`)).status === 404, {
      timeoutMs: 30_000,
      what: "asset private again",
    });
    const del2 = await fetch(`${m.base}/portals/stttt/assets/${id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${officer}` },
    });
    expect(del2.status).toBe(204);
    expect(await m.objects(`stttt/${id}/`)).toEqual([]);
    expect((await fetch(`${m.base}/assets/${id}/w640.webp`)).status).toBe(404);
    const staff = await fetch(`${m.base}/assets/${id}/w640.webp`, {
      headers: { authorization: `Bearer ${officer}` },
    });
    expect(staff.status).toBe(410);
  });
});

describe("audio and video (R-STD)", () => {
  let id: string;
  let video: Buffer;
  beforeAll(() => {
    const file = path.join(tmp, "clip.mp4");
    testClip(file, { seconds: 3, audio: true });
    video = fs.readFileSync(file);
  });

  it("records duration and codecs, makes a poster, and answers Range with 206 and the right bytes", async () => {
    const res = await upload("stttt", form(video, "phong-su.mp4", "video/mp4", { title: "Phóng sự" }));
    expect(res.status).toBe(201);
    id = (await body(res)).id;
    const a = await ready(id);
    expect(a.durationSeconds).toBeCloseTo(3, 0);
    expect(a.codecs).toEqual(expect.arrayContaining(["h264", "aac"]));
    expect(a.renditions.map((r: { name: string }) => r.name)).toEqual(["original", "poster.jpg"]);
    const auth = { authorization: `Bearer ${officer}` };
    const part = await fetch(`${m.base}/assets/${id}/original`, {
      headers: { ...auth, range: "bytes=1000-1999" },
    });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 1000-1999/${video.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(video.subarray(1000, 2000))).toBe(true);
    const tail = await fetch(`${m.base}/assets/${id}/original`, {
      headers: { ...auth, range: "bytes=-500" },
    });
    expect(Buffer.from(await tail.arrayBuffer()).equals(video.subarray(video.length - 500))).toBe(true);
    const bad = await fetch(`${m.base}/assets/${id}/original`, {
      headers: { ...auth, range: `bytes=${video.length}-` },
    });
    expect(bad.status).toBe(416);
    const poster = await fetch(`${m.base}/assets/${id}/poster.jpg`, { headers: auth });
    expect((await sharp(Buffer.from(await poster.arrayBuffer())).metadata()).width).toBe(320);
  });

  it("attaches WebVTT captions and refuses what is not WebVTT", async () => {
    const put = (text: string) =>
      fetch(`${m.base}/portals/stttt/assets/${id}/captions/vi`, {
        method: "PUT",
        headers: { authorization: `Bearer ${officer}`, "content-type": "text/vtt" },
        body: text,
      });
    expect((await put("<script>alert(1)</script>")).status).toBe(422);
    const ok = await put("WEBVTT\n\n00:00.000 --> 00:02.000\nXin chào Bắc Giang\n");
    expect(ok.status).toBe(200);
    expect((await body(ok)).captions).toEqual([expect.objectContaining({ lang: "vi", label: "Tiếng Việt" })]);
    const vtt = await fetch(`${m.base}/assets/${id}/captions/vi.vtt`, {
      headers: { authorization: `Bearer ${officer}` },
    });
    expect(vtt.headers.get("content-type")).toBe("text/vtt; charset=utf-8");
    expect(await vtt.text()).toContain("Xin chào Bắc Giang");
  });
});

describe("documents (R-FMT)", () => {
  it("extracts a spreadsheet's text and serves documents as downloads", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Dự toán").addRow(["Hạng mục", "Kinh phí"]).commit();
    wb.getWorksheet("Dự toán")?.addRow(["Chuyển đổi số cấp xã", 120000000]);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await upload(
      "stttt",
      form(xlsx, "du-toan.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    );
    expect(res.status).toBe(201);
    const a = await ready((await body(res)).id);
    expect(a.textExtracted).toBe(true);
    const text = await body(
      await fetch(`${m.base}/portals/stttt/assets/${a.id}/text`, {
        headers: { authorization: `Bearer ${officer}` },
      }),
    );
    expect(text.text).toContain("Chuyển đổi số cấp xã");
    const file = await fetch(`${m.base}/assets/${a.id}/original`, {
      headers: { authorization: `Bearer ${officer}` },
    });
    expect(file.headers.get("content-disposition")).toMatch(
      /^attachment; .*filename\*=UTF-8''du-toan\.xlsx$/,
    );
    expect(Buffer.from(await file.arrayBuffer()).equals(xlsx)).toBe(true);
    // a new title re-sends the whole state, the text included (checked in "events")
    const patched = await fetch(`${m.base}/portals/stttt/assets/${a.id}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${officer}`, "content-type": "application/json" },
      body: JSON.stringify({ title: "Dự toán kinh phí chuyển đổi số" }),
    });
    expect(patched.status).toBe(200);
  });
});

describe("events", () => {
  it("tells the platform what was uploaded, processed and deleted (outbox)", async () => {
    await m.media.svc.outbox?.drained(30_000);
    const topic = `${m.prefix}${Topics.media}`;
    const consumer = m.kafka.consumer({ groupId: `${m.prefix}reader` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const types: string[] = [];
    const texts: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`only ${types.join(",")}`)), 30_000);
      void consumer.run({
        eachMessage: async ({ message }) => {
          const e = parseEvent(fromKafkaMessage(message));
          types.push(e.type);
          const text = (e.data as { text?: string }).text;
          if (e.type === AssetProcessed.type && text) texts.push(text);
          if (
            types.includes(AssetDeleted.type) &&
            types.filter((x) => x === AssetProcessed.type).length >= 5
          ) {
            clearTimeout(t);
            resolve();
          }
        },
      });
    });
    await consumer.disconnect();
    expect(types.filter((x) => x === AssetUploaded.type)).toHaveLength(3);
    // the spreadsheet's text travels to publishing's search
    expect(texts).toEqual([
      expect.stringContaining("Chuyển đổi số cấp xã"),
      expect.stringContaining("Chuyển đổi số cấp xã"),
    ]);
  });
});

describe("recovery", () => {
  it("removes at start the files of a deleted asset that S3 kept (deletion recorded, removal failed)", async () => {
    const id = "ab00000000000000000000cd";
    await m.media.s3.putObject(m.bucket, `stttt/${id}/w320.webp`, Buffer.from("x"), 1);
    await m.media.deps.assets.insertOne({
      ...(await m.media.deps.assets.findOne({}, { projection: { _outbox: 0 } })),
      _id: id,
      sha256: "0".repeat(64),
      deletedAt: new Date(),
      filesRemoved: undefined,
    } as never);
    expect(await m.objects(`stttt/${id}/`)).toEqual([`stttt/${id}/w320.webp`]);
    // the marker the deletion wrote before recording it (src/assets/todo.ts): a start finds the
    // files left by it, never by scanning the assets
    await m.media.deps.todo.add("remove", id);
    const second = await createMedia(m.config, { logger });
    try {
      expect(await m.objects(`stttt/${id}/`)).toEqual([]);
      expect((await m.media.deps.assets.findOne({ _id: id }))?.filesRemoved).toBe(true);
      expect(await m.media.deps.todo.list("remove", 10)).toEqual([]);
    } finally {
      await second.svc.lifecycle.shutdown("test");
    }
  });
});

describe("start-up", () => {
  it("starts again without reading a collection whole: what is left is found by its markers", async () => {
    // an upload a stopped run left unprocessed, as register leaves it (marker, then the asset)
    const id = "ab00000000000000000000aa";
    const base = await m.media.deps.assets.findOne(
      { deletedAt: { $exists: false } },
      { projection: { _outbox: 0, deletedAt: 0, deletedBy: 0, filesRemoved: 0 } },
    );
    await m.media.deps.todo.add("process", id);
    await m.media.deps.assets.insertOne({
      ...base,
      _id: id,
      kind: "document",
      sha256: "2".repeat(64),
      status: "processing",
    } as never);
    // every query of the second start, from the moment its client connects
    const watchers: ReturnType<typeof watchQueries>[] = [];
    const connect = MongoClient.prototype.connect;
    const spy = jest.spyOn(MongoClient.prototype, "connect").mockImplementation(function (this: MongoClient) {
      const w = watchQueries(this as never);
      w.start();
      watchers.push(w);
      return connect.call(this);
    });
    let queries: RecordedQuery[];
    const second = await createMedia(
      { ...m.config, MONGO_URL: `${m.config.MONGO_URL}?monitorCommands=true` },
      { logger },
    ).finally(() => spy.mockRestore());
    try {
      await second.processor.drained();
      queries = watchers.flatMap((w) => w.stop());
      // taken up again (it has no file in S3, so it fails, and its marker goes)
      expect((await m.media.deps.assets.findOne({ _id: id }))?.status).toBe("failed");
      expect(await m.media.deps.todo.list("process", 10)).toEqual([]);
    } finally {
      await second.svc.lifecycle.shutdown("test");
    }
    const db = m.media.svc.db as NonNullable<typeof m.media.svc.db>;
    expect(queries.some((q) => q.collection === "todo")).toBe(true);
    const existing = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
    await indexesSettled(
      db as never,
      [...new Set(queries.map((q) => q.collection))].filter((c) => existing.has(c)),
    );
    expect(await unflat(db as never, queries)).toEqual([]);
  });
});

describe("processing across replicas", () => {
  it("leaves an asset another replica holds a lease on, and takes it over once the lease ran out", async () => {
    const id = "ab00000000000000000000ef";
    const base = await m.media.deps.assets.findOne(
      { deletedAt: { $exists: false } },
      { projection: { _outbox: 0, deletedAt: 0, deletedBy: 0, filesRemoved: 0 } },
    );
    await m.media.deps.assets.insertOne({
      ...base,
      _id: id,
      kind: "document",
      sha256: "1".repeat(64),
      status: "processing",
      leaseUntil: new Date(Date.now() + 60_000),
    } as never);
    m.media.processor.enqueue(id);
    await m.media.processor.drained();
    expect((await m.media.deps.assets.findOne({ _id: id }))?.status).toBe("processing");
    await m.media.deps.assets.updateOne({ _id: id }, { $set: { leaseUntil: new Date(Date.now() - 1000) } });
    m.media.processor.enqueue(id);
    await m.media.processor.drained();
    // taken over: it has no file in S3, so this one fails, and says why
    const after = await m.media.deps.assets.findOne({ _id: id });
    expect(after?.status).toBe("failed");
    expect(after?.leaseUntil).toBeUndefined();
  });
});

describe("contract", () => {
  it("serves its OpenAPI 3.1 document, naming every route", async () => {
    const spec = await body(await fetch(`${m.base}/openapi.json`));
    expect(spec.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        "/portals/{portalId}/assets",
        "/portals/{portalId}/assets/{assetId}",
        "/portals/{portalId}/assets/{assetId}/captions/{lang}",
        "/portals/{portalId}/assets/{assetId}/links",
        "/assets/{assetId}/{name}",
      ]),
    );
  });

  it("declares every status the requests of this file were answered with", async () => {
    const spec = await body(await fetch(`${m.base}/openapi.json`));
    expect(answers.size).toBeGreaterThan(10);
    expect(answers.undeclared(spec)).toEqual([]);
  });
});
