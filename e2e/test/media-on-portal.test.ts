// The whole way of a picture (R-FMT, R-STD, R-PII): a focal officer uploads a photo with GPS to
// media; it stays private while the article is a draft; the board publishes the article; the
// portal page shows the cover with its alt text, and a real browser (Debian's chromium) loads it
// from the media host — public now, cached for a year, without EXIF.
import { CHROMIUM_ARGS, CHROMIUM_PATH, demoToken, waitFor } from "@cong/testing";
import { type Browser, chromium } from "playwright-core";
import sharp from "sharp";
import * as extras from "../../services/content/src/extras";
import { client, createPortals, type Running, start, testConfig } from "../../services/content/test/helpers";
import { form, type RunningMedia, startMedia } from "../../services/media/test/fixtures";
import { photoWithGps } from "../../services/media/test/samples";
import { type Harness, startHarness } from "../../services/publishing/test/helpers";

let content: Running;
let media: RunningMedia;
let pub: Harness;
let browser: Browser | undefined;
const call = client(() => content.base);
const cfg = testConfig("e2e-media");
const ST = "stttt.bacgiang.localhost";

beforeAll(async () => {
  media = await startMedia("e2e-media", { KAFKA_TOPIC_PREFIX: cfg.KAFKA_TOPIC_PREFIX ?? "" });
  // content checks an item's assets with this media service (R-ORG: the portal's own only)
  content = await start({ ...cfg, MEDIA_API_URL: media.base }, { extras });
  await createPortals(call, ["stttt"]);
  pub = await startHarness("e2e-media", {
    KAFKA_TOPIC_PREFIX: cfg.KAFKA_TOPIC_PREFIX ?? "",
    CONTENT_API_URL: content.base,
    MEDIA_PUBLIC_URL: media.base,
  });
});
afterAll(async () => {
  await browser?.close();
  await pub?.close();
  await media?.close();
  await content?.stop();
});

it("an uploaded photo becomes the public cover of a published article, loaded by a browser", async () => {
  const photo = await photoWithGps(1400, 800);
  const officer = await demoToken("stttt.focal-officer");
  const up = await fetch(`${media.base}/portals/stttt/assets`, {
    method: "POST",
    headers: { authorization: `Bearer ${officer}` },
    body: form(photo, "le-phat-dong.jpg", "image/jpeg", { altText: "Lễ phát động phong trào chuyển đổi số" }),
  });
  expect(up.status).toBe(201);
  const assetId = ((await up.json()) as { id: string }).id;
  await waitFor(
    async () =>
      (
        (await (
          await fetch(`${media.base}/portals/stttt/assets/${assetId}`, {
            headers: { authorization: `Bearer ${officer}` },
          })
        ).json()) as { status: string }
      ).status === "ready",
    { timeoutMs: 60_000, what: "renditions" },
  );
  // a draft's picture is not public
  expect((await fetch(`${media.base}/assets/${assetId}/w640.webp`)).status).toBe(404);

  const created = await call("POST", "/portals/stttt/items", "stttt.focal-officer", {
    kind: "article",
    categoryIds: ["cat-tin-tuc-su-kien"],
    locales: {
      vi: { title: "Phát động phong trào chuyển đổi số", summary: "Tóm tắt", bodyHtml: "<p>Nội dung.</p>" },
    },
    media: [{ assetId, role: "cover", decorative: false }],
  });
  expect(created.status).toBe(201);
  const id = created.body.itemId as string;
  expect(
    (
      await call("POST", `/portals/stttt/items/${id}/submit`, "stttt.focal-officer", undefined, {
        "if-match": created.headers.get("etag") as string,
      })
    ).status,
  ).toBe(200);
  expect((await call("POST", `/portals/stttt/items/${id}/approve`, "stttt.board-member", {})).status).toBe(
    200,
  );
  const published = await call("POST", `/portals/stttt/items/${id}/publish`, "stttt.board-member", {});
  expect(published.status).toBe(200);
  const slug = published.body.live.locales.vi.slug as string;

  // publishing learns the renditions (media.asset.processed), media learns the use (content.published)
  await waitFor(async () => (await pub.get(ST, `/tin/${slug}`)).body.includes(`/assets/${assetId}/`), {
    timeoutMs: 30_000,
    what: "cover on the page",
  });
  await waitFor(async () => (await fetch(`${media.base}/assets/${assetId}/w640.webp`)).status === 200, {
    timeoutMs: 30_000,
    what: "cover public",
  });
  const page = (await pub.get(ST, `/tin/${slug}`)).body;
  expect(page).toContain('alt="Lễ phát động phong trào chuyển đổi số"');

  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const tab = await browser.newPage();
  const blocked: string[] = [];
  tab.on("requestfailed", (r) => blocked.push(`${r.url()} ${r.failure()?.errorText}`));
  await tab.goto(`http://${ST}:${pub.pub.port}/tin/${slug}`, { waitUntil: "load" });
  const img = tab.locator(`img[src*="/assets/${assetId}/"]`).first();
  await img.waitFor();
  // runs in the page: the element is an HTMLImageElement there
  const size = await img.evaluate((el) => {
    const i = el as unknown as { complete: boolean; naturalWidth: number; currentSrc: string };
    return { w: i.complete ? i.naturalWidth : 0, src: i.currentSrc };
  });
  expect(blocked).toEqual([]);
  expect(size.w).toBeGreaterThan(0);
  const file = await fetch(size.src);
  expect(file.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
  expect((await sharp(Buffer.from(await file.arrayBuffer())).metadata()).exif).toBeUndefined();
});
