// Sitemaps of large portals (R-STD): one file while it fits, else an index of files that each
// stay under the protocol's 50,000 URLs; every live item is listed exactly once.
import { portal, snapshot } from "../../test/samples";
import { ReadModel } from "../readmodel/readmodel";
import { sitemap } from "./feeds";
import type { PageDeps } from "./pages";
import type { Site } from "./site";

const stttt = portal("stttt");
const item = (n: number) =>
  snapshot("stttt", `item${String(n).padStart(8, "0")}`, 1, `Tin số ${n}`, `tin-so-${n}`);

describe("sitemap", () => {
  const model = new ReadModel();
  const deps = { model } as unknown as PageDeps;
  const site: Site = {
    portal: stttt,
    locale: "vi",
    prefix: "",
    origin: "https://stttt.bacgiang.gov.vn",
    isProvince: false,
  };

  beforeAll(async () => {
    await model.applyPortal(stttt, "2026-11-01T00:00:00.000Z");
    for (let n = 1; n <= 5; n++) await model.applyPublished(item(n), "2026-11-01T00:00:00.000Z");
  });

  const locs = (body: string) => [...body.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1] as string);

  it("is one urlset while the items fit in a file", () => {
    const one = sitemap(deps, site, undefined, 10);
    expect(one?.body).toContain("<urlset");
    expect(locs(one?.body ?? "").filter((u) => u.includes("/tin/"))).toHaveLength(5);
  });

  it("becomes an index of files when they do not, each item in exactly one file", () => {
    const index = sitemap(deps, site, undefined, 2);
    expect(index?.body).toContain("<sitemapindex");
    expect(locs(index?.body ?? "")).toEqual(
      [1, 2, 3].map((k) => `https://stttt.bacgiang.gov.vn/sitemap-${k}.xml`),
    );
    const listed = [1, 2, 3].flatMap((k) =>
      locs(sitemap(deps, site, k, 2)?.body ?? "").filter((u) => u.includes("/tin/")),
    );
    expect(new Set(listed).size).toBe(5);
    expect(listed).toHaveLength(5);
    // the fixed pages only in the first file
    expect(locs(sitemap(deps, site, 1, 2)?.body ?? "")).toContain("https://stttt.bacgiang.gov.vn/");
    expect(locs(sitemap(deps, site, 2, 2)?.body ?? "")).not.toContain("https://stttt.bacgiang.gov.vn/");
    expect(sitemap(deps, site, 4, 2)).toBeUndefined();
    expect(sitemap(deps, site, 0, 2)).toBeUndefined();
  });
});
