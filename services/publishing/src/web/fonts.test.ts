// The self-hosted typeface (issue 17): the stylesheet's @font-face rules name Be Vietnam Pro files
// on the portal's own origin, each a WOFF2 under its content hash, cached a year, answered as it is
// (never re-compressed), 304 on revalidation; the Vietnamese subset covers the letters Latin lacks.

import { type InProcess, startInProcess } from "../../test/in-process";
import { portal } from "../../test/samples";
import { ReadModel } from "../readmodel/readmodel";
import { FONT_FACES_CSS, FONT_FILES } from "./fonts";
import { SITE_CSS, SITE_CSS_PATH } from "./site-css";

let app: InProcess;
beforeAll(async () => {
  const model = new ReadModel();
  await model.applyPortal(portal("stttt"), new Date().toISOString());
  app = await startInProcess(model);
});
afterAll(() => app.close());

test("regular and bold in the vietnamese and latin subsets, linked from the stylesheet", () => {
  expect(FONT_FILES.map((f) => f.path.replace(/-[0-9a-f]{12}\.woff2$/, ""))).toEqual([
    "/static/be-vietnam-pro-vietnamese-400",
    "/static/be-vietnam-pro-latin-400",
    "/static/be-vietnam-pro-vietnamese-700",
    "/static/be-vietnam-pro-latin-700",
  ]);
  for (const f of FONT_FILES) expect(SITE_CSS).toContain(`url(${f.path}) format('woff2')`);
  expect(FONT_FACES_CSS.match(/@font-face/g)).toHaveLength(4);
  // the Vietnamese subset's range: ă/â (U+0102-0103), đ (U+0110-0111), ơ (U+01A0-01A1), ư, ạ…ỹ
  expect(FONT_FACES_CSS).toContain("U+0102-0103,U+0110-0111");
  expect(FONT_FACES_CSS).toContain("U+1EA0-1EF9");
  expect(SITE_CSS).toMatch(/font-family: "Be Vietnam Pro", /);
  // nothing from another origin
  expect(FONT_FACES_CSS).not.toMatch(/url\((?!\/static\/)/);
});

test("each file is a WOFF2 cached a year, sent uncompressed, 304 with its ETag", async () => {
  const css = await app.request("GET", "stttt.bacgiang.localhost", SITE_CSS_PATH);
  expect(css.status).toBe(200);
  for (const f of FONT_FILES) {
    const r = await app.request("GET", "stttt.bacgiang.localhost", f.path, {
      headers: { "accept-encoding": "br, gzip" },
    });
    expect(r.status).toBe(200);
    expect(r.headers["content-type"]).toBe("font/woff2");
    expect(r.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(r.headers["content-encoding"]).toBeUndefined();
    expect(r.raw.subarray(0, 4).toString("latin1")).toBe("wOF2");
    expect(r.raw.equals(f.body)).toBe(true);
    const again = await app.request("GET", "stttt.bacgiang.localhost", f.path, {
      headers: { "if-none-match": String(r.headers.etag) },
    });
    expect(again.status).toBe(304);
  }
  const wrong = await app.request(
    "GET",
    "stttt.bacgiang.localhost",
    "/static/be-vietnam-pro-latin-400-000000000000.woff2",
  );
  expect(wrong.status).toBe(404);
});
