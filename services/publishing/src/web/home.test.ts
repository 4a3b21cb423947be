// The home page as a provincial portal has it (issue 17, R-CONTENT, R-FMT) over an in-memory read
// model (no servers): featured news with their cover photos as responsive images, the latest news,
// the newest legal documents with number, issue date and issuing body, the drafts open for comment
// with their closing dates (a closed one left out), the citizens' box; another portal's cover is
// never shown (issue 15.1); the provincial home carries its component portals' news.
import type { ContentSnapshot } from "@cong/contracts";
import { type InProcess, startInProcess } from "../../test/in-process";
import { legalDecision, portal, snapshot } from "../../test/samples";
import { ReadModel } from "../readmodel/readmodel";

const NOW = Date.now();
const iso = (msAgo: number) => new Date(NOW - msAgo).toISOString();

const renditions = [
  { name: "w320.webp", mimeType: "image/webp", width: 320, height: 180 },
  { name: "w640.webp", mimeType: "image/webp", width: 640, height: 360 },
  { name: "w1280.webp", mimeType: "image/webp", width: 1280, height: 720 },
];

function news(portalId: string, n: number, over: Partial<ContentSnapshot> = {}): ContentSnapshot {
  const at = iso(n * 60_000);
  return snapshot(portalId, `${portalId}-tin-${n}`, 1, `Tin số ${n} của ${portalId}`, `tin-so-${n}`, {
    publishedAt: at,
    firstPublishedAt: at,
    ...over,
  });
}

let model: ReadModel;
let app: InProcess;

beforeAll(async () => {
  model = new ReadModel();
  const at = iso(0);
  await model.applyPortal(portal("bacgiang"), at);
  await model.applyPortal(portal("stttt"), at);
  for (const [id, portalId] of [
    ["asset-own", "stttt"],
    ["asset-other", "bacgiang"],
  ] as const)
    await model.applyAsset({
      _id: id,
      portalId,
      kind: "image",
      renditions,
      altText: `Ảnh ${id}`,
      decorative: false,
      processedAt: at,
    });
  // the newest has a cover; the next one references another portal's image (never shown)
  await model.applyPublished(
    news("stttt", 1, {
      media: [{ assetId: "asset-own", role: "cover", decorative: false, alt: "Hội nghị" }],
    }),
    at,
  );
  await model.applyPublished(
    news("stttt", 2, { media: [{ assetId: "asset-other", role: "cover", decorative: false }] }),
    at,
  );
  for (let n = 3; n <= 5; n++) await model.applyPublished(news("stttt", n), at);
  await model.applyPublished(
    legalDecision("stttt-qd", {
      portalId: "stttt",
      categoryIds: ["stttt-van-ban"],
      publishedAt: iso(30_000),
      firstPublishedAt: iso(30_000),
    }),
    at,
  );
  const draft = (id: string, title: string, slug: string, closesInMs: number) =>
    snapshot("stttt", id, 1, title, slug, {
      kind: "draft-for-comment",
      comment: { opensAt: iso(86_400_000), closesAt: iso(-closesInMs) },
    });
  await model.applyPublished(draft("stttt-dt-open", "Dự thảo quy chế mở", "du-thao-mo", 7 * 86_400_000), at);
  await model.applyPublished(draft("stttt-dt-closed", "Dự thảo đã đóng", "du-thao-dong", -3_600_000), at);
  app = await startInProcess(model);
});

afterAll(() => app.close());

async function home(host: string): Promise<string> {
  const r = await app.request("GET", host, "/");
  expect(r.status).toBe(200);
  return r.raw.toString("utf8");
}

const section = (page: string, id: string) => {
  const start = page.indexOf(`aria-labelledby="${id}"`);
  expect(start).toBeGreaterThan(-1);
  return page.slice(start, page.indexOf("</section>", start));
};

test("featured news shows the cover as a responsive image with its alt text (R-CONTENT)", async () => {
  const page = await home("stttt.bacgiang.localhost");
  const featured = section(page, "featured-h");
  expect(featured).toContain("Tin số 1 của stttt");
  expect(featured).toContain('srcset="http://127.0.0.1:3002/assets/asset-own/w320.webp 320w');
  expect(featured).toContain('src="http://127.0.0.1:3002/assets/asset-own/w640.webp"');
  expect(featured).toContain('alt="Hội nghị"');
  // the one whose cover belongs to another portal: listed as latest news, without that image
  expect(page).not.toContain("asset-other");
  expect(section(page, "latest-h")).toContain("Tin số 2 của stttt");
  expect(section(page, "latest-h")).not.toContain("Tin số 1 của stttt");
});

test("the newest legal documents show number, issue date and issuing body (R-CONTENT, R-FMT)", async () => {
  const box = section(await home("stttt.bacgiang.localhost"), "legal-h");
  expect(box).toContain("36/2026/QĐ-UBND");
  expect(box).toContain('<time datetime="2026-11-05">05/11/2026</time>');
  expect(box).toContain("UBND tỉnh Bắc Giang");
  expect(box).toContain('href="/van-ban"');
  // legal documents are not news: not in the featured or latest lists
  expect(section(await home("stttt.bacgiang.localhost"), "latest-h")).not.toContain("36/2026");
});

test("drafts open for comment show their closing date; a closed draft is left out (R-FEEDBACK)", async () => {
  const box = section(await home("stttt.bacgiang.localhost"), "drafts-h");
  expect(box).toContain("Dự thảo quy chế mở");
  expect(box).toContain("Góp ý đến hết");
  expect(box).not.toContain("Dự thảo đã đóng");
  expect(box).toContain('href="/du-thao"');
});

test("the citizens' box links feedback, Q&A and the hotline as a phone link", async () => {
  const page = await home("stttt.bacgiang.localhost");
  const box = section(page, "citizens-h");
  expect(box).toContain('href="/gop-y"');
  expect(box).toContain('href="/hoi-dap"');
  expect(box).toMatch(/href="tel:[\d+]+"/);
  expect(page).toMatch(/<h1 class="visually-hidden">[^<]+<\/h1>/);
});

test("the provincial home carries its component portals' news, each linked on its own host (Art. 3.2)", async () => {
  const page = await home("bacgiang.localhost");
  const latest = section(page, "featured-h") + section(page, "latest-h");
  expect(latest).toContain("Tin số 3 của stttt");
  expect(latest).toMatch(/href="http:\/\/stttt\.bacgiang\.localhost[^"]*\/tin\/tin-so-3"/);
});
