// R-RETAIN, media of archived revisions, against the real servers: a throw-away media bucket holds an
// asset's original, a rendition and a caption under `<portalId>/<assetId>/`; a content.published event
// whose snapshot uses it makes archive copy each object to `media/<portalId>/<assetId>/<name>` in the
// archive bucket and list it (key, size, sha256, etag) in the snapshot and its manifest entry. A used
// asset not yet in the media bucket is listed as missing and archived by the retry once it appears.
// Copies happen once per object; a changed media copy makes `verify` fail and name it.
import { randomBytes } from "node:crypto";
import { uniqueName } from "@cong/testing";
import { archivedMediaKey, mediaSupplementKey, readObject, sha256, snapshotKey } from "../src/archive/store";
import { published, type RunningArchive, startArchive, waitFor } from "./fixtures";

describe("archive keeps the media of archived revisions (R-RETAIN)", () => {
  let a: RunningArchive;
  const mediaBucket = uniqueName("arch-media").slice(0, 60);
  const portalId = "stttt";
  const assetId = `as${Date.now().toString(16)}aa01`;
  const lateId = `as${Date.now().toString(16)}bb02`;
  const objects: Record<string, Buffer> = {
    [`${portalId}/${assetId}/original`]: randomBytes(700_000),
    [`${portalId}/${assetId}/w640.webp`]: randomBytes(40_000),
    [`${portalId}/${assetId}/captions/vi.vtt`]: Buffer.from("WEBVTT\n\n00:00.000 --> 00:02.000\nXin chào\n"),
  };
  const late: Record<string, Buffer> = { [`${portalId}/${lateId}/original`]: randomBytes(10_000) };
  const uses = [
    { assetId, role: "cover" as const, alt: "Hội nghị chuyển đổi số", decorative: false },
    { assetId, role: "inline" as const, decorative: false },
    { assetId: lateId, role: "attachment" as const, decorative: false },
  ];
  const first = published(portalId, { media: uses });

  beforeAll(async () => {
    a = await startArchive("archive-med", "2026-11-28T02:05:00Z", { MEDIA_BUCKET: mediaBucket });
    await a.archive.s3.makeBucket(mediaBucket);
    for (const [k, v] of Object.entries(objects))
      await a.archive.s3.putObject(mediaBucket, k, v, v.length, {
        "Content-Type": "application/octet-stream",
      });
    await a.publish(first.event);
    await waitFor(async () => (await a.archive.store.entries.countDocuments({})) === 1, {
      timeoutMs: 90_000,
      what: "the snapshot archived",
    });
  });
  afterAll(async () => {
    const s3 = a?.archive.s3;
    if (s3) {
      const keys: string[] = [];
      for await (const o of s3.listObjectsV2(mediaBucket, "", true)) if (o.name) keys.push(o.name);
      if (keys.length) await s3.removeObjects(mediaBucket, keys).catch(() => undefined);
      await s3.removeBucket(mediaBucket).catch(() => undefined);
    }
    await a?.close();
  });

  it("R-RETAIN: copies every object of a used asset into the archive bucket and lists it in the manifest", async () => {
    const { store, s3 } = a.archive;
    const key = snapshotKey(portalId, first.itemId, 1);
    for (const [k, v] of Object.entries(objects)) {
      const copy = await readObject(s3, a.bucket, archivedMediaKey(k));
      expect(copy.equals(v)).toBe(true);
    }
    const entry = await store.entries.findOne({ key });
    expect(entry?.media?.missing).toEqual([lateId]);
    const listed = [...(entry?.media?.objects ?? [])].sort((x, y) => x.key.localeCompare(y.key));
    expect(listed).toEqual(
      Object.entries(objects)
        .map(([k, v]) => ({
          assetId,
          key: `media/${k}`,
          source: k,
          size: v.length,
          sha256: sha256(v),
          etag: expect.any(String),
        }))
        .sort((x, y) => x.key.localeCompare(y.key)),
    );
    // the list is inside the snapshot, so the chain's hash covers it; the S3 manifest copy has it too
    const snap = JSON.parse((await readObject(s3, a.bucket, key)).toString("utf8"));
    expect(snap.archivedMedia.objects).toHaveLength(3);
    expect(sha256(await readObject(s3, a.bucket, key))).toBe(entry?.sha256);
    const copyKey = `manifest/${String(entry?._id).padStart(12, "0")}.json`;
    const manifestCopy = JSON.parse((await readObject(s3, a.bucket, copyKey)).toString("utf8"));
    expect(manifestCopy.media.missing).toEqual([lateId]);
    expect(await store.pending.countDocuments({})).toBe(1);
  });

  it("R-RETAIN: copies each object once; a later revision using the same asset reuses it", async () => {
    const { store, s3 } = a.archive;
    const k = archivedMediaKey(`${portalId}/${assetId}/original`);
    const before = await s3.statObject(a.bucket, k);
    const second = published(portalId, { itemId: first.itemId, revision: 2, media: uses.slice(0, 1) });
    await a.publish(second.event);
    await a.publish(first.event); // a redelivery: a no-op
    await waitFor(async () => (await store.entries.countDocuments({})) === 2, {
      timeoutMs: 60_000,
      what: "revision 2 archived",
    });
    const after = await s3.statObject(a.bucket, k);
    expect(after.lastModified.getTime()).toBe(before.lastModified.getTime());
    expect(after.etag).toBe(before.etag);
    const r2 = await store.entries.findOne({ key: snapshotKey(portalId, first.itemId, 2) });
    expect(r2?.media?.objects.map((o) => o.key).sort()).toEqual(
      Object.keys(objects)
        .map((x) => `media/${x}`)
        .sort(),
    );
    expect(r2?.media?.missing).toEqual([]);
  });

  it("R-RETAIN: an asset missing at first is archived by the retry once media has it; verify then passes", async () => {
    const { store, s3 } = a.archive;
    expect(await store.retryMissingMedia()).toEqual({ archived: 0, stillMissing: 1, gaveUp: 0 });
    const pre = await store.verify();
    expect(pre.problems).toEqual([]);
    expect(pre.media.missing).toEqual([`${snapshotKey(portalId, first.itemId, 1)}|${lateId}`]);
    for (const [k, v] of Object.entries(late)) await s3.putObject(mediaBucket, k, v, v.length);
    expect(await store.retryMissingMedia()).toEqual({ archived: 1, stillMissing: 0, gaveUp: 0 });
    expect(await store.pending.countDocuments({})).toBe(0);
    const supplement = mediaSupplementKey(snapshotKey(portalId, first.itemId, 1), lateId);
    const entry = await store.entries.findOne({ key: supplement });
    expect(entry?.media?.objects).toEqual([
      expect.objectContaining({ key: `media/${portalId}/${lateId}/original`, size: 10_000 }),
    ]);
    const ok = await store.verify();
    expect(ok.problems).toEqual([]);
    expect(ok.media).toEqual({ checked: 4, missing: [] });
  });

  it("R-RETAIN: a changed media copy makes verify fail and name it", async () => {
    const { store, s3 } = a.archive;
    const k = archivedMediaKey(`${portalId}/${assetId}/w640.webp`);
    const bad = randomBytes(40_000);
    await s3.putObject(a.bucket, k, bad, bad.length);
    const r = await store.verify();
    expect(r.problems.some((p) => p.includes(k))).toBe(true);
  });
});
