// Issue 15.3: feed and sitemap text is correct by construction. Hostile titles and bodies —
// entity-encoded tags, double-encoded ones, numeric references, CDATA terminators, control
// characters, lone surrogates — give well-formed XML whose values are exactly the text a reader
// should see: an RSS description (HTML by the specification) holds that text escaped as HTML, so
// no feed reader turns `&lt;script&gt;` in a body into a live <script>.
import type { ContentSnapshot } from "@cong/contracts";
import { portal, snapshot } from "../../test/samples";
import { all, child, parseXml, text } from "../../test/xml";
import { ReadModel } from "../readmodel/readmodel";
import { htmlToText } from "../text/html-text";
import { feed, sitemap } from "./feeds";
import type { PageDeps } from "./pages";
import type { Site } from "./site";

const at = "2026-11-01T00:00:00.000Z";
const HOSTILE: { title: string; body: string; text: string }[] = [
  {
    title: "Tin <script>alert(1)</script> & “trích dẫn”",
    body: "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
    text: "<script>alert(1)</script>",
  },
  {
    title: "Đã mã hoá hai lần",
    body: "<p>&amp;lt;b&amp;gt;đậm&amp;lt;/b&amp;gt;</p>",
    text: "&lt;b&gt;đậm&lt;/b&gt;",
  },
  {
    title: "Tham chiếu số",
    body: "<p>&#60;img src=x onerror=alert(1)&#62; &#x3C;svg onload=alert(2)&#x3e; &#0;&#x110000;&#xD800;</p>",
    text: "<img src=x onerror=alert(1)> <svg onload=alert(2)> \uFFFD\uFFFD\uFFFD",
  },
  {
    title: "CDATA ]]> trong tiêu đề",
    body: "<p>]]&gt;<![CDATA[ x ]]> &lt;![CDATA[</p>",
    text: "]]> <![CDATA[", // <![CDATA[ … ]]> in HTML is a bogus comment: hidden
  },
  {
    // characters XML 1.0 cannot carry never reach the feed (content refuses them now; older data)
    title: "Ký\u0001 tự\u001b điều\u0085 khiển \uD800 \uFFFE",
    body: "<p>a\u0007b &#1;c &#x9b;d &eacute;&hellip;&nbsp;&unknown;</p>",
    text: "ab c ›d é… &unknown;",
  },
];

/** What a feed reader shows for an HTML description: the text of HTML without any element. */
function htmlShown(description: string): string {
  expect(description).not.toMatch(/</);
  return htmlToText(description);
}

function xmlSafe(s: string): string {
  return [...s]
    .filter((ch) => {
      const c = ch.codePointAt(0) as number;
      return (
        !(c < 0x20 && c !== 9 && c !== 10 && c !== 13) &&
        !(c >= 0x7f && c <= 0x9f) &&
        !(c >= 0xd800 && c <= 0xdfff) &&
        c !== 0xfffe &&
        c !== 0xffff
      );
    })
    .join("");
}

describe("feeds and sitemaps with hostile content (issue 15.3)", () => {
  const model = new ReadModel();
  const deps = { model, portalOrigin: () => undefined } as unknown as PageDeps;
  const site: Site = {
    portal: portal("stttt"),
    locale: "vi",
    prefix: "",
    origin: "https://stttt.bacgiang.gov.vn",
    isProvince: false,
  };

  beforeAll(async () => {
    await model.applyPortal(site.portal, at);
    for (const [n, h] of HOSTILE.entries()) {
      const s: ContentSnapshot = snapshot("stttt", `hostile-${n}`, 1, h.title, `tin-${n}`);
      s.locales.vi = { title: h.title, slug: `tin-${n}`, bodyHtml: h.body, previousSlugs: [] };
      s.publishedAt = new Date(Date.parse(at) + n * 1000).toISOString();
      await model.applyPublished(s, at);
    }
  });

  const byTitle = (title: string) => HOSTILE.find((h) => xmlSafe(h.title) === title);

  it("RSS: well-formed, titles are the plain text, descriptions HTML that shows the text and runs nothing", () => {
    const xml = feed(deps, site, "rss").body;
    const items = all(parseXml(xml), "item");
    expect(items).toHaveLength(HOSTILE.length);
    for (const item of items) {
      const h = byTitle(text(child(item, "title")));
      expect(h).toBeDefined();
      const shown = htmlShown(text(child(item, "description")));
      expect(shown.startsWith(h?.text as string)).toBe(true);
      expect(shown).toContain("Nguồn: Cổng TTĐT tỉnh Bắc Giang");
      expect(text(child(item, "link"))).toMatch(/^https:\/\/stttt\.bacgiang\.gov\.vn\/tin\/tin-\d$/);
    }
    expect(xml).not.toContain("<script");
    expect(xml).not.toContain("CDATA[ x");
  });

  it("Atom: well-formed, type=text, summaries are the plain text", () => {
    const entries = all(parseXml(feed(deps, site, "atom").body), "entry");
    expect(entries).toHaveLength(HOSTILE.length);
    for (const e of entries) {
      const title = child(e, "title");
      expect(title?.attrs.type).toBe("text");
      const h = byTitle(text(title));
      const summary = child(e, "summary");
      expect(summary?.attrs.type).toBe("text");
      expect(text(summary).startsWith(h?.text as string)).toBe(true);
      expect(child(e, "link")?.attrs.href).toMatch(/^https:\/\/stttt\.bacgiang\.gov\.vn\/tin\/tin-\d$/);
    }
  });

  it("a hostile slug or portal name cannot break out of an element or attribute", async () => {
    const evil = snapshot("stttt", "hostile-slug", 1, "Slug", "x");
    evil.locales.vi.slug = `a"><script>alert(1)</script>&amp;`;
    const m = new ReadModel();
    const named = { ...site.portal, name: { vi: `Cổng ]]> <x y="1"> &amp;` } };
    await m.applyPortal(named, at);
    await m.applyPublished(evil, at);
    const d = { model: m, portalOrigin: () => undefined } as unknown as PageDeps;
    const s = { ...site, portal: named };
    for (const format of ["rss", "atom"] as const) {
      const root = parseXml(feed(d, s, format).body);
      const title = all(root, "title")[0];
      expect(text(title)).toBe(`Cổng ]]> <x y="1"> &amp;`);
      const href = format === "rss" ? text(all(root, "link")[1]) : all(root, "link")[2]?.attrs.href;
      expect(href).toBe("https://stttt.bacgiang.gov.vn/tin/a%22%3E%3Cscript%3Ealert(1)%3C/script%3E&amp;");
    }
    const locs = all(parseXml(sitemap(d, s)?.body ?? ""), "loc").map(text);
    expect(locs).toContain("https://stttt.bacgiang.gov.vn/tin/a%22%3E%3Cscript%3Ealert(1)%3C/script%3E&amp;");
  });

  it("sitemaps are well-formed with every item once", () => {
    const locs = all(parseXml(sitemap(deps, site)?.body ?? ""), "loc").map(text);
    for (let n = 0; n < HOSTILE.length; n++)
      expect(locs).toContain(`https://stttt.bacgiang.gov.vn/tin/tin-${n}`);
  });
});
