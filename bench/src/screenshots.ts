// Screenshots of the running portals for a reviewer (issue 17, "Done when"): each portal's home page
// and its newest item page, at 1366 and 390 CSS px, full page, in Vietnamese (and in English where
// the portal offers it), in Debian's Chromium; written to bench/results/screenshots/ with an index.
// Needs `./cong up`. Variables: PUBLISHING_URL (http://127.0.0.1:3000), BENCH_PORTALS
// (bacgiang,stttt,stp,tanyen,lucngan), CHROMIUM (/usr/bin/chromium).
import fs from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import { row } from "./report";

const BASE = new URL(process.env.PUBLISHING_URL ?? "http://127.0.0.1:3000");
const PORTALS = (process.env.BENCH_PORTALS ?? "bacgiang,stttt,stp,tanyen,lucngan").split(",");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const OUT = path.join(__dirname, "../results/screenshots");
const WIDTHS = [1366, 390];

const hostOf = (portalId: string) =>
  `${portalId === "bacgiang" ? "" : `${portalId}.`}bacgiang.localhost:${BASE.port || "80"}`;

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  const written: string[] = [];
  try {
    for (const portalId of PORTALS) {
      const origin = `http://${hostOf(portalId)}`;
      const page = await browser.newPage();
      const home = await page.goto(`${origin}/`);
      if (home?.status() !== 200)
        throw new Error(`${origin}/ answered ${home?.status()}: is ./cong up running?`);
      // the newest item of this portal (its own host), and whether it offers English
      const itemHref = await page
        .locator(`a[href^="/tin/"]`)
        .first()
        .getAttribute("href")
        .catch(() => null);
      const english = (await page.locator('a[hreflang="en"], a[href="/en/"]').count()) > 0;
      await page.close();
      const pages: [string, string][] = [["home", "/"]];
      if (itemHref) pages.push(["item", itemHref]);
      if (english) pages.push(["home-en", "/en/"]);
      for (const [name, p] of pages)
        for (const width of WIDTHS) {
          const tab = await browser.newPage({ viewport: { width, height: 900 } });
          await tab.goto(`${origin}${p}`, { waitUntil: "networkidle" });
          const file = path.join(OUT, `${portalId}-${name}-${width}.png`);
          await tab.screenshot({ path: file, fullPage: true });
          const wide = await tab.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
          await tab.close();
          written.push(file);
          row(
            `${portalId} ${name} ${width} px${wide ? " (SCROLLS SIDEWAYS)" : ""}`,
            path.relative(process.cwd(), file),
          );
        }
    }
  } finally {
    await browser.close();
  }
  fs.writeFileSync(
    path.join(OUT, "index.html"),
    `<!doctype html><html lang="vi"><meta charset="utf-8"><title>Ảnh chụp các cổng / portal screenshots</title><body>${written
      .map(
        (f) =>
          `<figure><img src="${path.basename(f)}" alt="${path.basename(f, ".png")}" width="683"><figcaption>${path.basename(f)}</figcaption></figure>`,
      )
      .join("\n")}</body></html>\n`,
  );
  row("screenshots", `${written.length} in ${path.relative(process.cwd(), OUT)} (index.html)`);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
