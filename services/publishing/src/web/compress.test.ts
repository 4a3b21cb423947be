// Compression and hashed static files (issue 17) over an in-memory read model (no servers): pages,
// feeds and the stylesheet in brotli or gzip when accepted and as they are when not, from the
// render cache's fast path as from a first answer; the stylesheet under its content hash, cached a
// year; the old /static/site.css address still answered (an hour).
import { createHash } from "node:crypto";
import type http from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import type { ContentSnapshot } from "@cong/contracts";
import { type InProcess, startInProcess } from "../../test/in-process";
import { portal } from "../../test/samples";
import { ReadModel } from "../readmodel/readmodel";
import { codingFor } from "./compress";
import { FAVICON_PATH, FAVICON_SVG } from "./favicon";
import { SITE_CSS, SITE_CSS_PATH } from "./site-css";
import { hashedPath } from "./static-files";

const body = Array.from(
  { length: 12 },
  (_, i) => `<p>Đoạn ${i + 1}: hội nghị triển khai chuyển đổi số của tỉnh Bắc Giang năm 2026.</p>`,
).join("");

const snapshot: ContentSnapshot = {
  itemId: "item-nen-01",
  portalId: "stttt",
  revision: 1,
  kind: "article",
  categoryIds: ["cat-tin-tuc"],
  retentionClass: "limited-5y",
  locales: {
    vi: {
      title: "Hội nghị chuyển đổi số",
      slug: "hoi-nghi-chuyen-doi-so",
      bodyHtml: body,
      previousSlugs: [],
    },
  },
  contributors: [],
  firstPublishedAt: "2026-11-01T00:00:00Z",
  publishedAt: "2026-11-01T00:00:00Z",
  media: [],
  tags: [],
};

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  raw: Buffer;
  /** the body decoded as its Content-Encoding says */
  text: string;
}

describe("compressed answers and hashed static files (issue 17)", () => {
  let app: InProcess;
  const get = async (path: string, headers: Record<string, string> = {}): Promise<Answer> => {
    const a = await app.request("GET", "stttt.bacgiang.localhost", path, { headers });
    const enc = a.headers["content-encoding"];
    const decoded = enc === "br" ? brotliDecompressSync(a.raw) : enc === "gzip" ? gunzipSync(a.raw) : a.raw;
    return { ...a, text: decoded.toString("utf8") };
  };

  beforeAll(async () => {
    const model = new ReadModel();
    await model.applyPortal(portal("stttt"), "2026-11-01T00:00:00.000Z");
    await model.applyPublished(snapshot, "2026-11-01T00:00:00.000Z");
    app = await startInProcess(model);
  });
  afterAll(() => app.close());

  it("sends an item page, the home page and the RSS feed in brotli or gzip as accepted, the same text as without", async () => {
    for (const path of ["/tin/hoi-nghi-chuyen-doi-so", "/", "/rss.xml"]) {
      const plain = await get(path); // the first answer fills the render cache
      expect(plain.status).toBe(200);
      expect(plain.headers["content-encoding"]).toBeUndefined();
      expect(plain.headers.vary).toMatch(/accept-encoding/i);
      // first a cache hit in each encoding (fast path), then the same again (encodings kept)
      for (const [accept, coding] of [
        ["br", "br"],
        ["gzip", "gzip"],
        ["gzip, deflate, br, zstd", "br"], // a browser's list: brotli preferred on a tie
        ["gzip;q=1, br;q=0.5", "gzip"],
        ["br;q=0, gzip;q=0", undefined],
        ["identity", undefined],
      ] as const) {
        const a = await get(path, { "accept-encoding": accept });
        expect(a.status).toBe(200);
        expect(a.headers["content-encoding"]).toBe(coding);
        expect(a.headers.vary).toMatch(/accept-encoding/i);
        expect(a.text).toBe(plain.text);
        expect(Number(a.headers["content-length"])).toBe(a.raw.length);
        if (coding) {
          expect(a.raw.length).toBeLessThan(plain.raw.length / 2);
          expect(a.headers.etag).toBe(`W/${plain.headers.etag}`);
        } else expect(a.headers.etag).toBe(plain.headers.etag);
      }
    }
  });

  it("answers a revalidation of a compressed page with 304, whichever form of the ETag comes back", async () => {
    const first = await get("/tin/hoi-nghi-chuyen-doi-so", { "accept-encoding": "br" });
    const etag = String(first.headers.etag);
    expect(etag.startsWith("W/")).toBe(true);
    for (const tag of [etag, etag.slice(2)]) {
      const again = await get("/tin/hoi-nghi-chuyen-doi-so", {
        "accept-encoding": "br",
        "if-none-match": tag,
      });
      expect(again.status).toBe(304);
      expect(again.raw.length).toBe(0);
      expect(again.headers["content-encoding"]).toBeUndefined();
    }
  });

  it("compresses answers that are not cached (search) per request", async () => {
    const plain = await get("/tim-kiem?q=chuyen+doi+so");
    const br = await get("/tim-kiem?q=chuyen+doi+so", { "accept-encoding": "br" });
    const gz = await get("/tim-kiem?q=chuyen+doi+so", { "accept-encoding": "gzip" });
    expect(plain.status).toBe(200);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(br.headers["content-encoding"]).toBe("br");
    expect(gz.headers["content-encoding"]).toBe("gzip");
    // the form tokens differ per answer; the results are the same
    expect(br.text).toContain("<mark>chuyển</mark>");
    expect(gz.text).toContain("<mark>chuyển</mark>");
  });

  it("links the stylesheet and the favicon by their content hash and caches them a year", async () => {
    const page = await get("/", { "accept-encoding": "gzip" });
    const sha = createHash("sha256").update(SITE_CSS).digest("hex").slice(0, 12);
    expect(SITE_CSS_PATH).toBe(`/static/site-${sha}.css`);
    expect(page.text).toContain(`<link rel="stylesheet" href="${SITE_CSS_PATH}">`);
    expect(page.text).toContain(`href="${FAVICON_PATH}"`);
    expect(page.text).not.toContain("/static/site.css");

    for (const accept of ["br", "gzip", ""]) {
      const css = await get(SITE_CSS_PATH, accept ? { "accept-encoding": accept } : {});
      expect(css.status).toBe(200);
      expect(css.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
      expect(css.headers["content-type"]).toBe("text/css; charset=utf-8");
      expect(css.headers["content-encoding"]).toBe(accept || undefined);
      expect(css.text).toBe(SITE_CSS);
    }
    const icon = await get(FAVICON_PATH);
    expect(icon.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(icon.text).toBe(FAVICON_SVG);
  });

  it("gives a changed file a new address", () => {
    expect(hashedPath("site", "css", SITE_CSS)).toBe(SITE_CSS_PATH);
    expect(hashedPath("site", "css", `${SITE_CSS}\n.x { color: red; }`)).not.toBe(SITE_CSS_PATH);
    expect(hashedPath("site", "css", `${SITE_CSS}\n.x { color: red; }`)).toMatch(
      /^\/static\/site-[0-9a-f]{12}\.css$/,
    );
  });

  it("still answers the stylesheet's old address, cached an hour and revalidated, for pages saved before", async () => {
    const old = await get("/static/site.css", { "accept-encoding": "br" });
    expect(old.status).toBe(200);
    expect(old.headers["cache-control"]).toBe("public, max-age=3600");
    expect(old.text).toBe(SITE_CSS);
    const again = await get("/static/site.css", { "if-none-match": String(old.headers.etag) });
    expect(again.status).toBe(304);
  });

  it("negotiates brotli first, gzip next, nothing when neither is acceptable", () => {
    const req = (v?: string) =>
      ({ headers: v === undefined ? {} : { "accept-encoding": v } }) as http.IncomingMessage;
    expect(codingFor(req())).toBeUndefined();
    expect(codingFor(req("*"))).toBe("br");
    expect(codingFor(req("deflate"))).toBeUndefined();
    expect(codingFor(req("gzip, br;q=0"))).toBe("gzip");
    expect(codingFor(req("*;q=0"))).toBeUndefined();
  });
});
