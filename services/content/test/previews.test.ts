// What the board reviews (R-MODERATE, issue 14) against the real servers, media in-process: the
// diff of the proposed revision against the live one, and preview links — a frozen snapshot with
// media tokens from the REAL media service, opened without login, outdated after an edit,
// revocable, expiring, audited, never stored as the token itself (only its SHA-256).
import { ItemPreview, PreviewLink } from "@cong/contracts";
import { demoToken, minimalPdf } from "@cong/testing";
import { form, type RunningMedia, startMedia } from "../../media/test/fixtures";
import { client, createPortals, type Running, start, testConfig } from "./helpers";

let media: RunningMedia;
let svc: Running;
const call = client(() => svc.base);
let asset: string;
let other: string;
const FO = "stttt.focal-officer";
const BM = "stttt.board-member";

beforeAll(async () => {
  media = await startMedia("content-previews");
  svc = await start(testConfig("content-previews", { MEDIA_API_URL: media.base }));
  await createPortals(call, ["stttt", "tanyen"]);
  const up = async (name: string) => {
    const res = await fetch(`${media.base}/portals/stttt/assets`, {
      method: "POST",
      headers: { authorization: `Bearer ${await demoToken(FO)}` },
      body: form(minimalPdf(name), `${name}.pdf`, "application/pdf", { title: name }),
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: string }).id;
  };
  asset = await up("ke-hoach");
  other = await up("phu-luc");
});
afterAll(async () => {
  await svc?.stop();
  await media?.close();
});

const article = (title: string, bodyHtml: string, mediaUses: { assetId: string; role: string }[] = []) => ({
  kind: "article",
  categoryIds: ["cat-tin-tuc-su-kien"],
  locales: { vi: { title, summary: "Tóm tắt", bodyHtml } },
  media: mediaUses.map((m) => ({ ...m, decorative: false })),
});

async function live(title: string) {
  const c = await call(
    "POST",
    "/portals/stttt/items",
    FO,
    article(title, "<p>Đoạn một.</p><p>Đoạn hai.</p>", [{ assetId: asset, role: "cover" }]),
  );
  expect(c.status).toBe(201);
  const s = await call("POST", `/portals/stttt/items/${c.body.itemId}/submit`, FO, {
    version: c.body.version,
  });
  const a = await call("POST", `/portals/stttt/items/${c.body.itemId}/approve`, BM, {
    version: s.body.version,
  });
  const p = await call("POST", `/portals/stttt/items/${c.body.itemId}/publish`, BM, {
    version: a.body.version,
  });
  expect(p.status).toBe(200);
  return { id: c.body.itemId as string, version: p.body.version as number };
}

describe("diff of the proposed revision (R-MODERATE)", () => {
  it("a never-published item against nothing", async () => {
    const c = await call(
      "POST",
      "/portals/stttt/items",
      FO,
      article("Bản nháp đầu tiên", "<p>Nội dung.</p>"),
    );
    const d = await call("GET", `/portals/stttt/items/${c.body.itemId}/diff`, BM);
    expect(d.status).toBe(200);
    expect(d.body).toMatchObject({
      itemId: c.body.itemId,
      base: null,
      proposed: { revision: 1, state: "draft" },
    });
    const title = d.body.fields.find((f: { field: string }) => f.field === "title");
    expect(title).toEqual({
      field: "title",
      locale: "vi",
      changed: true,
      parts: [{ op: "added", text: "Bản nháp đầu tiên" }],
    });
  });

  it("a new revision of a live item against the live one, word by word, with media", async () => {
    const { id, version } = await live("Hội nghị chuyển đổi số");
    const none = await call("GET", `/portals/stttt/items/${id}/diff`, BM);
    expect(none.status).toBe(409);
    expect(none.body.reason).toBe("no_working_revision");
    const e = await call("PUT", `/portals/stttt/items/${id}`, FO, {
      ...article("Hội nghị chuyển đổi số năm 2026", "<p>Đoạn một.</p><p>Đoạn hai đã sửa.</p>", [
        { assetId: other, role: "attachment" },
      ]),
      version,
    });
    expect(e.status).toBe(200);
    const d = await call("GET", `/portals/stttt/items/${id}/diff`, BM);
    expect(d.body).toMatchObject({ base: { revision: 1 }, proposed: { revision: 2, state: "draft" } });
    const f = (name: string) => d.body.fields.find((x: { field: string }) => x.field === name);
    expect(f("title").changed).toBe(true);
    expect(
      f("title")
        .parts.filter((x: { op: string }) => x.op === "added")
        .map((x: { text: string }) => x.text.trim()),
    ).toEqual(["năm 2026"]);
    expect(f("summary").changed).toBe(false);
    expect(
      f("body")
        .parts.filter((x: { op: string }) => x.op !== "same")
        .map((x: { text: string }) => x.text.trim()),
    ).toEqual(["đã sửa"]);
    expect(f("categories").changed).toBe(false);
    expect(f("media")).toMatchObject({
      changed: true,
      added: [{ assetId: other, role: "attachment" }],
      removed: [{ assetId: asset, role: "cover" }],
    });
    // another portal's item is not found there
    expect((await call("GET", `/portals/tanyen/items/${id}/diff`, "tanyen.board-member")).status).toBe(404);
  });
});

describe("preview links (R-MODERATE)", () => {
  it("freezes the working revision with media tokens, opens without login, becomes outdated, is revoked", async () => {
    const c = await call(
      "POST",
      "/portals/stttt/items",
      FO,
      article("Bài chờ Ban biên tập xem", "<p>Bản gửi duyệt.</p>", [{ assetId: asset, role: "cover" }]),
    );
    const id = c.body.itemId as string;
    const made = await call("POST", `/portals/stttt/items/${id}/preview-links`, FO, { ttlHours: 24 });
    expect(made.status).toBe(201);
    const link = PreviewLink.parse(made.body);
    expect(link.path).toBe(`/xem-truoc/${link.token}`);
    expect(link.revision).toBe(1);
    // the token itself is stored nowhere
    const stored = JSON.stringify(await svc.content.svc.db?.collection("preview_links").find({}).toArray());
    expect(stored).not.toContain(link.token);
    // creating a link is audited, and is no new version
    const item = await call("GET", `/portals/stttt/items/${id}`, BM);
    expect(item.body.version).toBe(c.body.version);
    expect(item.body.audit.map((a: { action: string }) => a.action)).toContain("preview-link-created");

    const opened = await call("GET", `/public/previews/${link.token}`, null);
    expect(opened.status).toBe(200);
    expect(opened.headers.get("cache-control")).toBe("private, no-store");
    const preview = ItemPreview.parse(opened.body);
    expect(preview).toMatchObject({
      previewId: link.previewId,
      itemId: id,
      portalId: "stttt",
      outdated: false,
    });
    expect(preview.snapshot.locales.vi.title).toBe("Bài chờ Ban biên tập xem");
    expect(preview.snapshot.media.map((m) => m.assetId)).toEqual([asset]);
    // a token from the real media service, for the draft's file (media's `?token=`)
    const token = preview.mediaTokens[asset] as string;
    expect(token).toMatch(/^\d+\.[A-Za-z0-9_-]{43}$/);
    expect(preview.mediaTokensExpireAt).toBeDefined();

    const listed = await call("GET", `/portals/stttt/items/${id}/preview-links`, BM);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        previewId: link.previewId,
        revision: 1,
        createdBy: expect.objectContaining({ username: FO }),
      }),
    ]);
    expect(listed.body.items[0].token).toBeUndefined();

    // an edit after the link: the preview stays as it was reviewed, and says it is outdated
    const e = await call("PUT", `/portals/stttt/items/${id}`, FO, {
      ...article("Bài chờ Ban biên tập xem (đã sửa)", "<p>Bản mới.</p>"),
      version: c.body.version,
    });
    expect(e.status).toBe(200);
    const later = ItemPreview.parse((await call("GET", `/public/previews/${link.token}`, null)).body);
    expect(later.outdated).toBe(true);
    expect(later.snapshot.locales.vi.title).toBe("Bài chờ Ban biên tập xem");

    const revoked = await call("DELETE", `/portals/stttt/items/${id}/preview-links/${link.previewId}`, BM);
    expect(revoked.status).toBe(204);
    const gone = await call("GET", `/public/previews/${link.token}`, null);
    expect(gone.status).toBe(404);
    expect(gone.headers.get("content-type")).toMatch(/application\/problem\+json/);
    expect(gone.body.reason).toBe("preview_not_found");
    expect((await call("GET", `/portals/stttt/items/${id}/preview-links`, BM)).body.items).toEqual([]);
    const audit = await call("GET", `/portals/stttt/items/${id}/audit`, BM);
    expect(audit.body.audit.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining(["preview-link-created", "edited", "preview-link-revoked"]),
    );
    expect(
      (await call("DELETE", `/portals/stttt/items/${id}/preview-links/0123456789abcdef01234567`, BM)).status,
    ).toBe(404);
  });

  it("answers 410 once expired, 404 for an unknown or malformed token", async () => {
    const c = await call(
      "POST",
      "/portals/stttt/items",
      FO,
      article("Bài có liên kết hết hạn", "<p>Nội dung.</p>"),
    );
    const made = await call("POST", `/portals/stttt/items/${c.body.itemId}/preview-links`, FO, {});
    expect(made.status).toBe(201);
    expect(new Date(made.body.expiresAt).getTime() - new Date(made.body.createdAt).getTime()).toBe(
      72 * 3600_000,
    );
    await svc.content.svc.db
      ?.collection("preview_links")
      .updateOne({ previewId: made.body.previewId }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await call("GET", `/public/previews/${made.body.token}`, null);
    expect(expired.status).toBe(410);
    expect(expired.body.reason).toBe("preview_expired");
    expect((await call("GET", `/public/previews/${"A".repeat(43)}`, null)).body.reason).toBe(
      "preview_not_found",
    );
    expect((await call("GET", "/public/previews/abc", null)).status).toBe(404);
    for (const ttlHours of [0, 169, "72"]) {
      const bad = await call("POST", `/portals/stttt/items/${c.body.itemId}/preview-links`, FO, { ttlHours });
      expect({ ttlHours, status: bad.status }).toEqual({ ttlHours, status: 422 });
    }
  });

  it("is for the portal's board and focal officers, and contributors on their own items (R-ORG)", async () => {
    const theirs = await call(
      "POST",
      "/portals/stttt/items",
      FO,
      article("Bài của cán bộ đầu mối", "<p>Nội dung.</p>"),
    );
    const mine = await call(
      "POST",
      "/portals/stttt/items",
      "stttt.contributor",
      article("Bài của cộng tác viên", "<p>Nội dung.</p>"),
    );
    const denied = await call(
      "POST",
      `/portals/stttt/items/${theirs.body.itemId}/preview-links`,
      "stttt.contributor",
      {},
    );
    expect(denied.status).toBe(403);
    expect(denied.body.reason).toBe("contributor_own_items_only");
    expect(
      (await call("POST", `/portals/stttt/items/${mine.body.itemId}/preview-links`, "stttt.contributor", {}))
        .status,
    ).toBe(201);
    expect(
      (await call("POST", `/portals/stttt/items/${theirs.body.itemId}/preview-links`, BM, {})).status,
    ).toBe(201);
    expect(
      (
        await call(
          "POST",
          `/portals/stttt/items/${theirs.body.itemId}/preview-links`,
          "tanyen.board-member",
          {},
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await call(
          "POST",
          `/portals/tanyen/items/${theirs.body.itemId}/preview-links`,
          "tanyen.board-member",
          {},
        )
      ).status,
    ).toBe(404);
    expect((await call("GET", `/portals/stttt/items/${theirs.body.itemId}/preview-links`, null)).status).toBe(
      401,
    );
  });
});
