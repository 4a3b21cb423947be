// The English home page of the provincial portal (issue 17, R-FMT) over an in-memory read model:
// a legal document's issuing body, stored as issued in Vietnamese, reads in English when it is a
// portal's agency with an English name, else stays Vietnamese marked lang="vi"; when every news
// item is featured, no empty "Latest" box says "Nothing yet" under them.
import { type InProcess, startInProcess } from "../../test/in-process";
import { legalDecision, portal, snapshot } from "../../test/samples";
import { ReadModel } from "../readmodel/readmodel";

let app: InProcess;
const at = new Date().toISOString();

const english = (title: string, slug: string) => ({
  title,
  slug,
  summary: `${title}.`,
  bodyHtml: `<p>${title}.</p>`,
  previousSlugs: [],
});

beforeAll(async () => {
  const model = new ReadModel();
  await model.applyPortal(
    portal("bacgiang", {
      agency: { vi: "Ủy ban nhân dân tỉnh Bắc Giang", en: "Bac Giang Provincial People's Committee" },
    }),
    at,
  );
  const own = legalDecision("en-legal-01", {
    legal: {
      ...legalDecision("x").legal!,
      number: "12/2026/QĐ-UBND",
      issuer: "Ủy ban nhân dân tỉnh Bắc Giang",
    },
  });
  own.locales.en = english("Decision on urban infrastructure", "decision-urban-infrastructure");
  const ministry = legalDecision("en-legal-02", {
    legal: { ...legalDecision("x").legal!, number: "05/2026/TT-BTP", issuer: "Bộ Tư pháp" },
  });
  ministry.locales.vi = { ...ministry.locales.vi, slug: "thong-tu-bo-tu-phap" };
  ministry.locales.en = english("Circular of the Ministry of Justice", "circular-ministry-of-justice");
  // issued in Vietnamese only: listed in the English registry, linked to its Vietnamese page
  const viOnly = legalDecision("en-legal-03", {
    legal: { ...legalDecision("x").legal!, number: "07/CT-UBND", issuer: "Ủy ban nhân dân tỉnh Bắc Giang" },
  });
  viOnly.locales.vi = { ...viOnly.locales.vi, title: "Chỉ thị phòng cháy", slug: "chi-thi-phong-chay" };
  await model.applyPublished(viOnly, at);
  await model.applyPublished(own, at);
  await model.applyPublished(ministry, at);
  await model.applyAsset({
    _id: "cover-ocop",
    portalId: "bacgiang",
    kind: "image",
    renditions: [{ name: "w640.webp", mimeType: "image/webp", width: 640, height: 360 }],
    altText: "Sản phẩm OCOP",
    decorative: false,
    processedAt: at,
  });
  // featured news have a cover photo
  const news = snapshot("bacgiang", "en-news-01", 1, "Tin OCOP", "tin-ocop", {
    media: [{ assetId: "cover-ocop", role: "cover", decorative: false, alt: "OCOP products" }],
  });
  news.locales.en = english("Bac Giang adds OCOP products", "ocop-products");
  await model.applyPublished(news, at);
  app = await startInProcess(model);
});
afterAll(() => app.close());

const page = async (path: string) => {
  const r = await app.request("GET", "bacgiang.localhost", path);
  expect(r.status).toBe(200);
  return r.raw.toString("utf8");
};
const box = (html: string, id: string) => {
  const start = html.indexOf(`aria-labelledby="${id}"`);
  return start < 0 ? "" : html.slice(start, html.indexOf("</section>", start));
};

test("the issuing body reads in English when a portal's agency names it, else marked Vietnamese", async () => {
  const legal = box(await page("/en/"), "legal-h");
  expect(legal).toContain("Bac Giang Provincial People&#39;s Committee");
  expect(legal).not.toContain("Ủy ban nhân dân tỉnh Bắc Giang");
  expect(legal).toContain('<span lang="vi">Bộ Tư pháp</span>');
  // the Vietnamese home keeps the names as issued
  const vi = box(await page("/"), "legal-h");
  expect(vi).toContain("Ủy ban nhân dân tỉnh Bắc Giang");
  expect(vi).not.toContain('lang="vi"');
});

test("no empty Latest box under news that are all featured", async () => {
  const home = await page("/en/");
  expect(box(home, "featured-h")).toContain("Bac Giang adds OCOP products");
  expect(home).not.toContain('id="latest-h"');
  expect(home).not.toContain("Nothing yet");
});

test("a document without an English page is linked to its Vietnamese page from English lists", async () => {
  const registry = await page("/en/van-ban");
  expect(registry).toContain('href="/tin/chi-thi-phong-chay"');
  expect(registry).not.toContain('href="/en/tin/chi-thi-phong-chay"');
  expect(registry).toContain('href="/en/tin/decision-urban-infrastructure"');
  const r = await app.request("GET", "bacgiang.localhost", "/tin/chi-thi-phong-chay");
  expect(r.status).toBe(200);
});
