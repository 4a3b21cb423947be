// The media library list and "where is it used" (issue 21; R-ORG, R-MODERATE) against the REAL
// servers (FerretDB, Kafka, versitygw, Keycloak): newest first, filters by kind and by words of the
// title/filename/alt text (diacritics-insensitive), paging by an opaque cursor without gaps or
// duplicates, each portal seeing only its own assets, stale index entries skipped, and every query
// answered by the `_id` index (FerretDB explain: filter, sort and limit in SQLite; MongoDB: IXSCAN).
import { demoToken, waitFor } from "@cong/testing";
import { type Collection, type Document, MongoClient, ObjectId } from "mongodb";
import { createMedia } from "../src/app";
import { AssetKeys, cursor, KEY_BUDGET, type KeyDoc } from "../src/assets/asset.keys";
import type { AssetDoc } from "../src/assets/asset.types";
import type { MediaKind } from "../src/assets/inspect";
import {
  body,
  env,
  form,
  logger,
  publishedEvent,
  type RunningMedia,
  startMedia,
  unpublishedEvent,
} from "./fixtures";
import { photoWithGps } from "./samples";

let m: RunningMedia;
let officer: string;
let keys: AssetKeys;
let assets: Collection<AssetDoc>;

const auth = () => ({ authorization: `Bearer ${officer}` });
const list = async (portal: string, query: Record<string, string | number> = {}, token = officer) => {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  return fetch(`${m.base}/portals/${portal}/assets?${qs}`, { headers: { authorization: `Bearer ${token}` } });
};
/** every id of a filtered list, following `next` (at most `pages` pages) */
const all = async (portal: string, query: Record<string, string | number>, token = officer) => {
  const ids: string[] = [];
  let next: string | undefined;
  for (let i = 0; i < 200; i++) {
    const res = await list(portal, { ...query, ...(next ? { before: next } : {}) }, token);
    expect(res.status).toBe(200);
    const p = await body(res);
    ids.push(...p.items.map((a: { id: string }) => a.id));
    next = p.next;
    if (!next) return ids;
  }
  throw new Error("too many pages");
};

const TITLES = [
  "Hội nghị chuyển đổi số",
  "Lễ khai mạc hội chợ",
  "Đường giao thông nông thôn",
  "Họp báo quý IV",
];
const KINDS: MediaKind[] = ["image", "image", "document", "video", "audio"];

/** an asset written the way `register` writes one: its keys first, then the document */
async function seed(portalId: string, i: number, over: Partial<AssetDoc> = {}): Promise<AssetDoc> {
  const kind = KINDS[i % KINDS.length] as MediaKind;
  const doc: AssetDoc = {
    _id: new ObjectId().toHexString(),
    portalId,
    kind,
    mimeType: "application/octet-stream",
    ext: "bin",
    filename: `tep-${i}.bin`,
    sizeBytes: 100,
    // hex, as media computes it (its answers are checked against the document's pattern)
    sha256: (i.toString(16).padStart(8, "0") + Buffer.from(portalId).toString("hex"))
      .padEnd(64, "0")
      .slice(0, 64),
    status: "ready",
    rev: 0,
    title: `${TITLES[i % TITLES.length]} ${i}`,
    decorative: false,
    renditions: [],
    captions: [],
    textExtracted: false,
    live: false,
    usedBy: [],
    uploadedBy: { id: "system:test", username: "system:test" },
    uploadedAt: new Date(),
    ...over,
  };
  await keys.add(doc);
  await assets.insertOne(doc);
  return doc;
}

const stttt: AssetDoc[] = [];
const tanyen: AssetDoc[] = [];
const newestFirst = (docs: AssetDoc[], f: (a: AssetDoc) => boolean = () => true) =>
  docs
    .filter(f)
    .map((a) => a._id)
    .sort()
    .reverse();

beforeAll(async () => {
  m = await startMedia("media-library");
  officer = await demoToken("stttt.focal-officer");
  keys = m.media.deps.keys;
  assets = m.media.deps.assets;
  for (let i = 0; i < 120; i++) stttt.push(await seed("stttt", i));
  for (let i = 0; i < 15; i++) tanyen.push(await seed("tanyen", i));
});
afterAll(async () => {
  await m?.close();
});

describe("the library list (issue 21)", () => {
  it("pages a portal's library newest first, without gaps or duplicates", async () => {
    const first = await body(await list("stttt", { limit: 7 }));
    expect(first.items).toHaveLength(7);
    expect(typeof first.next).toBe("string");
    expect(first.next).not.toMatch(/^[0-9a-f]{24}$/); // opaque
    const ids = await all("stttt", { limit: 7 });
    expect(ids).toEqual(newestFirst(stttt));
    expect(new Set(ids).size).toBe(ids.length);
    // the default page, and the last page carries no `next`
    const whole = await body(await list("stttt", { limit: 100 }));
    expect(whole.items).toHaveLength(100);
    const rest = await body(await list("stttt", { limit: 100, before: whole.next }));
    expect(rest.items).toHaveLength(20);
    expect(rest.next).toBeUndefined();
  });

  it("filters by kind and by words of the title, diacritics-insensitive, alone or together", async () => {
    expect(await all("stttt", { kind: "document", limit: 5 })).toEqual(
      newestFirst(stttt, (a) => a.kind === "document"),
    );
    const hoiNghi = (a: AssetDoc) => /Hội nghị/.test(a.title ?? "");
    expect(await all("stttt", { q: "hoi nghi", limit: 4 })).toEqual(newestFirst(stttt, hoiNghi));
    expect(await all("stttt", { q: "HỘI NGHỊ", limit: 50 })).toEqual(newestFirst(stttt, hoiNghi));
    // several words: every one must be there ("hội" is in two titles, "chợ" in one)
    expect(await all("stttt", { q: "hội chợ", limit: 3 })).toEqual(
      newestFirst(stttt, (a) => /hội chợ/.test(a.title ?? "")),
    );
    expect(await all("stttt", { q: "duong", kind: "video", limit: 2 })).toEqual(
      newestFirst(stttt, (a) => a.kind === "video" && /Đường/.test(a.title ?? "")),
    );
    // the filename's words count too, and a word nobody used finds nothing
    expect(await all("stttt", { q: "tep 17" })).toEqual([stttt[17]?._id]);
    expect(await body(await list("stttt", { q: "khongco" }))).toEqual({ items: [] });
    expect(await body(await list("stttt", { q: "«»!?" }))).toEqual({ items: [] });
    expect((await body(await list("stttt", { q: "  ", limit: 5 }))).items).toHaveLength(5);
  });

  it("shows a portal only its own assets (R-ORG), even when one portal id starts another", async () => {
    // the stttt officer has no role on tanyen
    expect((await list("tanyen")).status).toBe(403);
    const board = await demoToken("tanyen.board-member");
    const page = await body(await list("tanyen", { limit: 100 }, board));
    expect(page.items.map((a: { id: string }) => a.id)).toEqual(newestFirst(tanyen));
    expect(page.items.every((a: { portalId: string }) => a.portalId === "tanyen")).toBe(true);
    expect((await all("stttt", { limit: 100 })).some((id) => tanyen.some((t) => t._id === id))).toBe(false);
    // "sttt" is a prefix of "stttt": their key ranges never meet
    const sttt = await seed("sttt", 1);
    expect((await keys.page("sttt", { limit: 100 })).items.map((a) => a._id)).toEqual([sttt._id]);
    expect((await keys.page("stttt", { limit: 200 })).items.map((a) => a._id)).toEqual(newestFirst(stttt));
  });

  it("skips stale keys (a crash between writes) and still fills the page", async () => {
    const ghost = new ObjectId().toHexString();
    const k = m.media.deps.keys.keys;
    // keys written for an upload whose document never was; a word the title no longer has
    await k.insertMany([
      { _id: `stttt|a|${ghost}`, assetId: ghost, at: new Date() },
      { _id: `stttt|w:hoi|${ghost}`, assetId: ghost, at: new Date() },
      { _id: `stttt|w:khongcon|${stttt[119]?._id}`, assetId: stttt[119]?._id as string, at: new Date() },
    ]);
    const page = await body(await list("stttt", { limit: 5 }));
    expect(page.items.map((a: { id: string }) => a.id)).toEqual(newestFirst(stttt).slice(0, 5));
    expect(await body(await list("stttt", { q: "khongcon" }))).toEqual({ items: [] });
    // a deleted asset's leftover keys are skipped too
    await assets.updateOne({ _id: stttt[118]?._id }, { $set: { deletedAt: new Date() } });
    expect(await all("stttt", { limit: 30 })).toEqual(
      newestFirst(stttt).filter((id) => id !== stttt[118]?._id),
    );
    await assets.updateOne({ _id: stttt[118]?._id }, { $unset: { deletedAt: "" } });
  });

  it("takes the asset id of the last item as `before` too, and refuses a forged cursor (422)", async () => {
    const ids = newestFirst(stttt);
    const page = await body(await list("stttt", { before: ids[9] as string, limit: 3 }));
    expect(page.items.map((a: { id: string }) => a.id)).toEqual(ids.slice(10, 13));
    expect(cursor.decode(cursor.encode({ id: ids[0] as string, inclusive: true }))).toEqual({
      id: ids[0],
      inclusive: true,
    });
    for (const bad of ["xyz", Buffer.from("1:not-an-id").toString("base64url"), "a".repeat(65)]) {
      const res = await list("stttt", { before: bad });
      expect(res.status).toBe(422);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
    expect((await list("stttt", { limit: 101 })).status).toBe(422);
    expect((await list("stttt", { kind: "pdf" })).status).toBe(422);
  });

  it("intersects filters without reading what cannot match, and bounds what a page reads", async () => {
    const board = await demoToken("tanyen.board-member");
    // over KEY_BUDGET images whose titles alternate two words that never meet
    for (let i = 0; i < KEY_BUDGET + 450; i++)
      await seed("tanyen", 1000 + i, { kind: "image", title: `Ảnh tư liệu ${i % 2 ? "alpha" : "beta"}` });
    const audio = await seed("tanyen", 5000, { kind: "audio", title: "Tư liệu ghi âm" });
    // a rare kind with common words: the kind's range leads, the words' ranges are sought to it
    const a = await body(await list("tanyen", { q: "tu lieu", kind: "audio", limit: 10 }, board));
    expect(a).toEqual({ items: [expect.objectContaining({ id: audio._id })] });
    expect(await body(await list("tanyen", { q: "tu lieu", kind: "document", limit: 10 }, board))).toEqual({
      items: [],
    });
    // two words that never meet, interleaved: the page stops at the budget, empty but with `next`,
    // and following `next` ends without finding anything
    const first = await body(await list("tanyen", { q: "alpha beta", limit: 10 }, board));
    expect(first.items).toEqual([]);
    expect(first.next).toBeDefined();
    expect(await all("tanyen", { q: "alpha beta", limit: 10 }, board)).toEqual([]);
    // words that always meet: full pages, every asset once
    const images = await all("tanyen", { q: "tư liệu ảnh", limit: 100 }, board);
    expect(images).toHaveLength(KEY_BUDGET + 450);
    expect(new Set(images).size).toBe(images.length);
    const alpha = await all("tanyen", { q: "alpha", kind: "image", limit: 25 }, board);
    expect(alpha).toHaveLength((KEY_BUDGET + 450) / 2);
  });
});

describe("queries use the _id index (explain, as infra/local/test/mongo-pushdown.test.ts)", () => {
  it("reads key ranges sorted and limited in the database and assets by _id $in", async () => {
    const client = await MongoClient.connect(env.MONGO_URL, { monitorCommands: true });
    try {
      const db = client.db(m.media.svc.db?.databaseName);
      const finds: Document[] = [];
      client.on("commandStarted", (e) => {
        if (e.commandName === "find") finds.push(e.command);
      });
      const k = new AssetKeys(db.collection<KeyDoc>("asset_keys"), db.collection<AssetDoc>("assets"));
      await k.page("stttt", { limit: 30 });
      await k.page("stttt", {
        kind: "image",
        limit: 10,
        before: { id: stttt[60]?._id as string, inclusive: false },
      });
      await k.page("stttt", { kind: "video", words: ["duong"], limit: 3 });
      await k.page("stttt", { words: ["hoi", "nghi"], limit: 10 });
      await k.duplicate("stttt", stttt[3]?.sha256 as string);
      expect(finds.length).toBeGreaterThanOrEqual(8);
      const info = await db.admin().command({ buildInfo: 1 });
      const ferret = "ferretdbVersion" in info || "ferretdb" in info;
      for (const cmd of finds) {
        const { find, filter, sort, limit, projection } = cmd;
        const ex = await db.command({
          explain: {
            find,
            filter,
            ...(sort ? { sort } : {}),
            ...(limit ? { limit } : {}),
            ...(projection ? { projection } : {}),
          },
        });
        const text = JSON.stringify(ex);
        const range = find === "asset_keys";
        if (ferret) {
          expect({ find, ...ex }).toMatchObject({ find, filterPushdown: true });
          if (range) {
            expect(ex).toMatchObject({ sortPushdown: true, limitPushdown: true });
            expect(text).toContain("_cong_idtext");
          } else expect(text).toMatch(/USING INDEX \S+_cong_id\b/);
        } else expect(text).toMatch(/IXSCAN|IDHACK|EXPRESS/);
        if (range) expect(Object.keys(filter)).toEqual(["_id"]);
        else expect(filter._id.$in.length).toBeLessThanOrEqual(1000);
      }
    } finally {
      await client.close();
    }
  });
});

describe("writes keep the list in step (HTTP)", () => {
  let id: string;
  it("finds an upload by its words, then by its new title only", async () => {
    const res = await fetch(`${m.base}/portals/stttt/assets`, {
      method: "POST",
      headers: auth(),
      body: form(await photoWithGps(500, 300), "le-khanh-thanh.jpg", "image/jpeg", {
        title: "Lễ khánh thành cầu Đồng Sơn",
        altText: "Cắt băng khánh thành",
      }),
    });
    expect(res.status).toBe(201);
    id = (await body(res)).id;
    const ids = async (q: string) =>
      (await body(await list("stttt", { q }))).items.map((a: { id: string }) => a.id);
    expect(await ids("dong son")).toEqual([id]);
    expect(await ids("cat bang")).toEqual([id]); // alt text
    expect(await ids("le khanh thanh")).toEqual([id]); // filename and title
    expect((await body(await list("stttt", { limit: 1 }))).items[0].id).toBe(id); // newest
    const patched = await fetch(`${m.base}/portals/stttt/assets/${id}`, {
      method: "PATCH",
      headers: { ...auth(), "content-type": "application/json" },
      body: JSON.stringify({ title: "Cầu Bố Hạ" }),
    });
    expect(patched.status).toBe(200);
    expect(await ids("dong son")).toEqual([]);
    expect(await ids("bo ha")).toEqual([id]);
    const k = await m.media.deps.keys.keys.find({ assetId: id }).toArray();
    expect(k.map((x) => x._id).filter((x) => x.includes("|w:dong|"))).toEqual([]);
    await waitFor(
      async () =>
        (await body(await fetch(`${m.base}/portals/stttt/assets/${id}`, { headers: auth() }))).status ===
        "ready",
      {
        timeoutMs: 60_000,
        what: "processed",
      },
    );
  });

  it("says where an asset is used and refuses to delete it with the items named (409)", async () => {
    const itemId = "d1d1d1d1d1d1d1d1d1d1d1d1";
    await m.publish(publishedEvent(itemId, "stttt", [id]));
    // another portal's item listing it is not a use (issue 15.1)
    await m.publish(publishedEvent("d2d2d2d2d2d2d2d2d2d2d2d2", "lucngan", [id]));
    const one = await waitFor(
      async () => {
        const a = await body(await fetch(`${m.base}/portals/stttt/assets/${id}`, { headers: auth() }));
        // the use shows once the event is applied; the flag follows within the same handling
        return a.uses?.length && a.live ? a : undefined;
      },
      { timeoutMs: 30_000, what: "the use" },
    );
    expect(one.live).toBe(true);
    expect(one.moreUses).toBe(false);
    expect(one.uses).toEqual([
      expect.objectContaining({ itemId, portalId: "stttt", revision: 1, title: `Tin d1d1 của stttt` }),
    ]);
    const uses = await body(await fetch(`${m.base}/portals/stttt/assets/${id}/uses`, { headers: auth() }));
    expect(uses).toEqual({ items: one.uses });
    const del = await fetch(`${m.base}/portals/stttt/assets/${id}`, { method: "DELETE", headers: auth() });
    expect(del.status).toBe(409);
    const p = await body(del);
    expect(p).toMatchObject({ reason: "asset_in_use", usedBy: [itemId], uses: one.uses });
    expect(p.detail).toContain("«Tin d1d1 của stttt»");
    expect(p.detail).toMatch(/^Không xoá được: tệp đang được dùng trong tin bài đã đăng/);
    // another portal cannot read it
    const other = await fetch(`${m.base}/portals/tanyen/assets/${id}/uses`, {
      headers: { authorization: `Bearer ${await demoToken("tanyen.board-member")}` },
    });
    expect(other.status).toBe(404);
    expect(
      (await fetch(`${m.base}/portals/stttt/assets/${id}/uses?limit=0`, { headers: auth() })).status,
    ).toBe(422);
    // once the item is taken down: no use left, deleted, and gone from the list
    await m.publish(unpublishedEvent(itemId, "stttt"));
    await waitFor(
      async () =>
        (await body(await fetch(`${m.base}/portals/stttt/assets/${id}`, { headers: auth() }))).live === false,
      { timeoutMs: 30_000, what: "not live" },
    );
    const gone = await fetch(`${m.base}/portals/stttt/assets/${id}`, { method: "DELETE", headers: auth() });
    expect(gone.status).toBe(204);
    expect((await body(await list("stttt", { q: "bo ha" }))).items).toEqual([]);
    expect((await body(await list("stttt", { limit: 1 }))).items[0].id).not.toBe(id);
    expect(await m.media.deps.keys.keys.countDocuments({ assetId: id })).toBe(0);
  });

  it("backfills the index on a first start over an existing library", async () => {
    const db = m.media.svc.db;
    await db?.collection("asset_keys").deleteMany({});
    await db?.collection("meta").deleteOne({ _id: "asset_keys.v1" as never });
    expect((await keys.page("stttt", { limit: 10 })).items).toEqual([]);
    const second = await createMedia(m.config, { logger });
    try {
      expect(await db?.collection("meta").findOne({ _id: "asset_keys.v1" as never })).toBeTruthy();
      const ids = (await second.deps.keys.page("stttt", { limit: 100 })).items.map((a) => a._id);
      expect(ids).toEqual(newestFirst(stttt).slice(0, 100));
      expect(await all("stttt", { limit: 100 })).toEqual(newestFirst(stttt));
    } finally {
      await second.svc.lifecycle.shutdown("test");
    }
  });
});

describe("contract", () => {
  it("documents the list's word filter, the detail's uses and the uses route", async () => {
    const spec = await body(await fetch(`${m.base}/openapi.json`));
    const list = spec.paths["/portals/{portalId}/assets"].get;
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual(["kind", "q", "before", "limit"]);
    expect(spec.paths["/portals/{portalId}/assets/{assetId}/uses"].get.responses).toHaveProperty("200");
    expect(spec.components.schemas.AssetDetail).toBeDefined();
    expect(spec.components.schemas.AssetInUseProblem.allOf[1].properties).toHaveProperty("uses");
  });
});
