// R-ORG (issue 15, class 1): an item references only its own portal's media. The REAL media
// service runs in-process (its own database, bucket and topic prefix); content asks it about every
// newly referenced asset with the caller's own token. Another portal's asset is refused on create
// and on edit (422 `unknown_asset` on `media.<i>.assetId`), nothing is stored, and an unreachable
// media service answers 503 rather than letting an unchecked reference through.
import { PortalSnapshot } from "@cong/contracts";
import { demoToken, minimalPdf } from "@cong/testing";
import { form, type RunningMedia, startMedia } from "../../media/test/fixtures";
import { type PortalDoc, portalSnapshot } from "../src/portals/portal.types";
import { client, createPortals, type Running, start, testConfig } from "./helpers";

let media: RunningMedia;
let mediaClosed = false;
let svc: Running;
const call = client(() => svc.base);
let sttttAsset: string;
let lucnganAsset: string;
let lucnganSecond: string;

async function upload(portalId: string, user: string, name: string): Promise<string> {
  const res = await fetch(`${media.base}/portals/${portalId}/assets`, {
    method: "POST",
    headers: { authorization: `Bearer ${await demoToken(user)}` },
    body: form(minimalPdf(name), `${name}.pdf`, "application/pdf", { title: name }),
  });
  if (res.status !== 201) throw new Error(`upload ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

beforeAll(async () => {
  media = await startMedia("content-media-refs");
  svc = await start(testConfig("content-media-refs", { MEDIA_API_URL: media.base }));
  await createPortals(call, ["stttt", "lucngan"]);
  sttttAsset = await upload("stttt", "stttt.focal-officer", "ke-hoach-stttt");
  lucnganAsset = await upload("lucngan", "lucngan.focal-officer", "ke-hoach-lucngan");
  lucnganSecond = await upload("lucngan", "lucngan.focal-officer", "phu-luc-lucngan");
});
afterAll(async () => {
  await svc?.stop();
  if (!mediaClosed) await media?.close();
});

const article = (title: string, mediaUses: { assetId: string; role: string }[]) => ({
  kind: "article",
  locales: { vi: { title, bodyHtml: "<p>Nội dung.</p>" } },
  media: mediaUses.map((m) => ({ ...m, decorative: false })),
});

const stored = (title: string) =>
  svc.content.svc.db?.collection("items").countDocuments({ "working.locales.vi.title": title });

describe("media references stay within the portal (R-ORG)", () => {
  it("refuses another portal's asset when an item is created, and stores nothing", async () => {
    const title = "Bài Lục Ngạn mượn tệp của STTTT";
    const res = await call(
      "POST",
      "/portals/lucngan/items",
      "lucngan.focal-officer",
      article(title, [
        { assetId: lucnganAsset, role: "cover" },
        { assetId: sttttAsset, role: "attachment" },
      ]),
    );
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe("validation_failed");
    expect(res.body.reason).toBe("unknown_asset");
    expect(res.body.errors).toEqual([
      {
        path: "media.1.assetId",
        code: "unknown_asset",
        message: "Tệp không có trong thư viện của cổng này.",
      },
    ]);
    expect(await stored(title)).toBe(0);
    // an id no portal has is refused the same way
    const none = await call(
      "POST",
      "/portals/lucngan/items",
      "lucngan.focal-officer",
      article(title, [{ assetId: "0123456789abcdef01234567", role: "cover" }]),
    );
    expect(none.status).toBe(422);
    expect(none.body.errors[0].path).toBe("media.0.assetId");
    expect(await stored(title)).toBe(0);
  });

  it("accepts the portal's own assets", async () => {
    const res = await call(
      "POST",
      "/portals/lucngan/items",
      "lucngan.focal-officer",
      article("Bài Lục Ngạn có ảnh của mình", [{ assetId: lucnganAsset, role: "cover" }]),
    );
    expect(res.status).toBe(201);
    expect(res.body.working.media.map((m: { assetId: string }) => m.assetId)).toEqual([lucnganAsset]);
  });

  it("refuses another portal's asset added by an edit; the item stays as it was", async () => {
    const created = await call(
      "POST",
      "/portals/lucngan/items",
      "lucngan.focal-officer",
      article("Bài Lục Ngạn được sửa", [{ assetId: lucnganAsset, role: "cover" }]),
    );
    expect(created.status).toBe(201);
    const id = created.body.itemId as string;
    const edit = await call(
      "PUT",
      `/portals/lucngan/items/${id}`,
      "lucngan.focal-officer",
      article("Bài Lục Ngạn được sửa (thêm tệp STTTT)", [
        { assetId: lucnganAsset, role: "cover" },
        { assetId: sttttAsset, role: "inline" },
      ]),
      { "if-match": `"${created.body.version}"` },
    );
    expect(edit.status).toBe(422);
    expect(edit.body.reason).toBe("unknown_asset");
    expect(edit.body.errors.map((e: { path: string }) => e.path)).toEqual(["media.1.assetId"]);
    const after = await call("GET", `/portals/lucngan/items/${id}`, "lucngan.focal-officer");
    expect(after.body.version).toBe(created.body.version);
    expect(after.body.working.locales.vi.title).toBe("Bài Lục Ngạn được sửa");
    expect(after.body.working.media.map((m: { assetId: string }) => m.assetId)).toEqual([lucnganAsset]);

    // the portal's own second asset is fine; the one it already had is not asked again
    const ok = await call(
      "PUT",
      `/portals/lucngan/items/${id}`,
      "lucngan.focal-officer",
      article("Bài Lục Ngạn được sửa (thêm phụ lục)", [
        { assetId: lucnganAsset, role: "cover" },
        { assetId: lucnganSecond, role: "attachment" },
      ]),
      { "if-match": `"${created.body.version}"` },
    );
    expect(ok.status).toBe(200);
    expect(ok.body.working.media).toHaveLength(2);
  });

  it("asks media on the item's own portal, so the other direction is refused too", async () => {
    // whoever asks, media is asked for the asset ON the item's portal, where it does not exist
    const created = await call(
      "POST",
      "/portals/stttt/items",
      "stttt.focal-officer",
      article("Bài STTTT dùng tệp Lục Ngạn", [{ assetId: lucnganAsset, role: "cover" }]),
    );
    expect(created.status).toBe(422);
    expect(created.body.errors[0].path).toBe("media.0.assetId");
  });

  it("takes a portal's emblem only from its own library, announces it, and removes it with null (issue 17)", async () => {
    const portal = () => svc.content.svc.db?.collection("portals").findOne({ _id: "lucngan" as never });
    const before = (await portal())?.version;
    // another portal's file: refused at the field, nothing written
    const theirs = await call("PATCH", "/portals/lucngan", "platform.admin", { emblemAssetId: sttttAsset });
    expect(theirs.status).toBe(422);
    expect(theirs.headers.get("content-type")).toMatch(/application\/problem\+json/);
    expect(theirs.body).toMatchObject({
      reason: "unknown_asset",
      errors: [
        {
          path: "emblemAssetId",
          code: "unknown_asset",
          message: "Tệp không có trong thư viện của cổng này.",
        },
      ],
    });
    expect((await portal())?.version).toBe(before);
    // an operator instead of an id is refused before anything reads it
    const notAnId = await call("PATCH", "/portals/lucngan", "platform.admin", {
      emblemAssetId: { $ne: null },
    });
    expect(notAnId.status).toBe(400);
    expect(notAnId.headers.get("content-type")).toMatch(/application\/problem\+json/);
    const tooShort = await call("PATCH", "/portals/lucngan", "platform.admin", { emblemAssetId: "x" });
    expect(tooShort.status).toBe(422);
    expect(tooShort.body.errors[0].path).toBe("emblemAssetId");
    // its own file: kept, shown, and carried by portal.updated for media and publishing
    const own = await call("PATCH", "/portals/lucngan", "platform.admin", { emblemAssetId: lucnganAsset });
    expect(own.status).toBe(200);
    expect(own.body.emblem).toEqual({ assetId: lucnganAsset });
    // what portal.updated carries (the event's schema accepts it)
    const snapshot = PortalSnapshot.parse(portalSnapshot((await portal()) as unknown as PortalDoc));
    expect(snapshot.emblem).toEqual({ assetId: lucnganAsset });
    const removed = await call("PATCH", "/portals/lucngan", "platform.admin", { emblemAssetId: null });
    expect(removed.status).toBe(200);
    expect(removed.body.emblem).toBeUndefined();
  });

  it("answers 503 problem+json when media cannot be asked, and stores nothing", async () => {
    const title = "Bài khi thư viện tệp ngừng";
    await media.close();
    mediaClosed = true;
    const res = await call(
      "POST",
      "/portals/lucngan/items",
      "lucngan.focal-officer",
      article(title, [{ assetId: lucnganAsset, role: "cover" }]),
    );
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toMatch(/application\/problem\+json/);
    expect(res.body.reason).toBe("media_unavailable");
    expect(await stored(title)).toBe(0);
    // an item without new media does not need media at all
    const plain = await call("POST", "/portals/lucngan/items", "lucngan.focal-officer", article(title, []));
    expect(plain.status).toBe(201);
  });
});
