// End to end through the real services, as a citizen and the officers meet them (R-MODERATE,
// R-DOM, R-FEEDBACK): an item approved in the content service is served on its own portal's host
// and on no other; withdrawn → notice page with the public reason; gone → 410; a citizen's
// question sent through the public portal reaches the portal's board in the content service.
// Both services run in-process with one topic prefix on the REAL Kafka, FerretDB and Keycloak.
import { waitFor } from "@cong/testing";
import { pageViews, parsePeriod } from "../../services/archive/src/reports/data";
import * as extras from "../../services/content/src/extras";
import { client, createPortals, type Running, start, testConfig } from "../../services/content/test/helpers";
import { type Harness, startHarness } from "../../services/publishing/test/helpers";

const ST = "stttt.bacgiang.localhost";
const TY = "tanyen.bacgiang.localhost";

let content: Running;
let pub: Harness;
const call = client(() => content.base);
const cfg = testConfig("e2e-publish");
const PAGEVIEWS_TOKEN = "e2e-pageviews-token-of-some-length";

beforeAll(async () => {
  content = await start(cfg, { extras });
  await createPortals(call, ["stttt", "tanyen"]);
  pub = await startHarness("e2e-publish", {
    KAFKA_TOPIC_PREFIX: cfg.KAFKA_TOPIC_PREFIX ?? "",
    CONTENT_API_URL: content.base,
    PAGEVIEWS_TOKEN,
  });
});
afterAll(async () => {
  await pub?.close();
  await content?.stop();
});

async function publishArticle(title: string, bodyHtml: string) {
  const created = await call("POST", "/portals/stttt/items", "stttt.focal-officer", {
    kind: "article",
    categoryIds: ["cat-tin-tuc-su-kien"],
    locales: { vi: { title, summary: "Tóm tắt", bodyHtml } },
  });
  expect(created.status).toBe(201);
  const id = created.body.itemId as string;
  const submitted = await call(
    "POST",
    `/portals/stttt/items/${id}/submit`,
    "stttt.focal-officer",
    undefined,
    {
      "if-match": created.headers.get("etag") as string,
    },
  );
  expect(submitted.status).toBe(200);
  // four eyes: the author's own portal board, never the author (R-MODERATE)
  expect((await call("POST", `/portals/stttt/items/${id}/approve`, "tanyen.board-member", {})).status).toBe(
    403,
  );
  expect((await call("POST", `/portals/stttt/items/${id}/approve`, "stttt.board-member", {})).status).toBe(
    200,
  );
  const published = await call("POST", `/portals/stttt/items/${id}/publish`, "stttt.board-member", {});
  expect(published.status).toBe(200);
  return { id, slug: published.body.live.locales.vi.slug as string };
}

/** The page once the read model has it (events travel content → Kafka → publishing). */
async function served(host: string, path: string, status: number) {
  let last = 0;
  await waitFor(
    async () => {
      last = (await pub.get(host, path)).status;
      return last === status;
    },
    { timeoutMs: 30_000, intervalMs: 200, what: `${host}${path} → ${status} (last ${last})` },
  );
  return pub.get(host, path);
}

describe("content → Kafka → publishing (R-MODERATE, R-DOM)", () => {
  it("serves an approved item on its portal's host only; withdrawn → notice; gone → 410", async () => {
    const { id, slug } = await publishArticle(
      "Sở Thông tin và Truyền thông triển khai nền tảng số dùng chung",
      '<p>Nền tảng số dùng chung phục vụ người dân.</p><img src="x" onerror="alert(1)"><script>alert(2)</script>',
    );
    expect(slug).toBe("so-thong-tin-va-truyen-thong-trien-khai-nen-tang-so-dung-chung");
    const page = await served(ST, `/tin/${slug}`, 200);
    expect(page.body).toContain("Sở Thông tin và Truyền thông triển khai nền tảng số dùng chung");
    expect(page.body).toContain("Nền tảng số dùng chung phục vụ người dân.");
    expect(page.body).not.toMatch(/onerror|<script>alert/);
    expect(page.body).toContain("Nguồn: Cổng TTĐT tỉnh Bắc Giang"); // R-ATTRIB
    // another portal's host does not serve it
    expect((await pub.get(TY, `/tin/${slug}`)).status).toBe(404);

    const withdrawn = await call("POST", `/portals/stttt/items/${id}/unpublish`, "stttt.board-member", {
      mode: "withdrawn",
      publicReason: "Thông tin đã được thay thế bởi thông báo số 15/TB-STTTT.",
    });
    expect(withdrawn.status).toBe(200);
    await waitFor(async () => (await pub.get(ST, `/tin/${slug}`)).body.includes("thông báo số 15/TB-STTTT"), {
      timeoutMs: 30_000,
      intervalMs: 200,
      what: "withdrawal notice",
    });

    const second = await publishArticle(
      "Thông báo tạm ngừng dịch vụ công trực tuyến",
      "<p>Bảo trì hệ thống.</p>",
    );
    await served(ST, `/tin/${second.slug}`, 200);
    const gone = await call("POST", `/portals/stttt/items/${second.id}/unpublish`, "stttt.board-member", {
      mode: "gone",
    });
    expect(gone.status).toBe(200);
    await served(ST, `/tin/${second.slug}`, 410);
  });

  it("the pages read count in archive's report figures (R-REPORT page views)", async () => {
    const base = `http://127.0.0.1:${pub.pub.port}`;
    const thisYear = parsePeriod(String(new Date(Date.now() + 7 * 3600_000).getUTCFullYear()));
    const before = await pageViews(base, "stttt", thisYear, PAGEVIEWS_TOKEN);
    expect(before).toEqual(expect.any(Number));
    const { slug } = await publishArticle("Số liệu truy cập cổng thông tin", "<p>Bài để đếm lượt xem.</p>");
    await served(ST, `/tin/${slug}`, 200);
    for (let i = 0; i < 3; i++) expect((await pub.get(ST, `/tin/${slug}`)).status).toBe(200);
    const after = await pageViews(base, "stttt", thisYear, PAGEVIEWS_TOKEN);
    expect((after ?? 0) - (before ?? 0)).toBeGreaterThanOrEqual(4);
    // without the token publishing does not answer, and archive says "no data" rather than 0
    expect(await pageViews(base, "stttt", thisYear, "wrong-token-of-enough-length")).toBeNull();
  });

  it("a citizen's question sent on the public portal reaches the board in the content service (R-FEEDBACK)", async () => {
    const form = await pub.get(ST, "/gop-y");
    const csrf = /name="csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? "";
    expect(csrf).not.toBe("");
    const sent = await pub.post(ST, "/gop-y", {
      csrf,
      loai: "question",
      "ho-ten": "Nguyễn Văn An",
      email: "an@vidu.vn",
      "noi-dung": "Xin hỏi thủ tục đăng ký chữ ký số cho doanh nghiệp?",
      "dong-y": "1",
    });
    expect(sent.status).toBe(200);
    expect(sent.body).toContain("Cảm ơn bạn");
    const list = await call("GET", "/portals/stttt/feedback", "stttt.board-member");
    expect(list.status).toBe(200);
    const items = (list.body.items ?? list.body) as { message?: string; kind?: string }[];
    expect(items.some((f) => f.message === "Xin hỏi thủ tục đăng ký chữ ký số cho doanh nghiệp?")).toBe(true);
    // the board of another portal does not see it (R-ORG)
    expect((await call("GET", "/portals/stttt/feedback", "tanyen.board-member")).status).toBe(403);
  });
});
