// WCAG 2.1 A/AA (R-STD, Circular 32/2017): axe-core 4.14.1 in Debian's Chromium, driven by
// playwright-core, on the home, listing, item, registry, search, feedback, Q&A, contact and 404
// pages of two portals (the
// provincial portal and a department's), rendered from events produced onto the real Kafka; and the
// preview pages (issue 14), whose content answers come from a stub speaking the contract.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import nodePath from "node:path";
import { ContentPublished, examplePreview } from "@cong/contracts";
import { CHROMIUM_ARGS, CHROMIUM_PATH, waitFor } from "@cong/testing";
import axe from "axe-core";
import { type Browser, chromium } from "playwright-core";
import { type Harness, itemId, publishData, seedPortals, snapshot, startHarness } from "./helpers";

const run = fs.existsSync(CHROMIUM_PATH) ? describe : describe.skip;

run("accessibility (axe-core, WCAG 2.1 AA)", () => {
  let h: Harness;
  let browser: Browser;
  const OUTDATED = "P".repeat(43);
  const EXPIRED = "Q".repeat(43);
  // content's preview endpoint (issue 14), as the contract says it answers
  const content = http.createServer((req, res) => {
    const token = req.url?.split("/").pop();
    if (token === OUTDATED) {
      const snapshot = { ...examplePreview.snapshot, portalId: "stttt" };
      const body = { ...examplePreview, portalId: "stttt", snapshot, outdated: true };
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ ...body, expiresAt: new Date(Date.now() + 3600_000).toISOString() }));
      return;
    }
    const status = token === EXPIRED ? 410 : 404;
    res.writeHead(status, { "content-type": "application/problem+json" });
    res.end(
      JSON.stringify({
        type: "about:blank",
        title: "x",
        status,
        code: status === 410 ? "gone" : "not_found",
      }),
    );
  });

  beforeAll(async () => {
    await new Promise<void>((r) => content.listen(0, "127.0.0.1", r));
    h = await startHarness("publishing-a11y", {
      CONTENT_API_URL: `http://127.0.0.1:${(content.address() as AddressInfo).port}`,
    });
    await seedPortals(h, ["bacgiang", "stttt"]);
    for (const p of ["bacgiang", "stttt"]) {
      for (let i = 1; i <= 3; i++) {
        const s = snapshot(
          p,
          itemId(),
          1,
          `Quy hoạch phát triển hạ tầng số giai đoạn ${i} — ${p}`,
          `quy-hoach-ha-tang-so-${i}`,
          {
            categoryIds: [`${p}-tin-tuc`],
          },
        );
        s.locales.vi.bodyHtml =
          "<h2>Mục tiêu</h2><p>Phát triển hạ tầng số đồng bộ, hiện đại.</p><ul><li>Phủ sóng 5G</li><li>Cáp quang đến thôn, bản</li></ul>";
        await h.send(ContentPublished, publishData(s));
      }
    }
    await waitFor(
      async () => (await h.get("stttt.bacgiang.localhost", "/tin/quy-hoach-ha-tang-so-3")).status === 200,
      {
        what: "items live",
        timeoutMs: 60_000,
      },
    );
    await waitFor(
      async () => (await h.get("bacgiang.localhost", "/tin/quy-hoach-ha-tang-so-3")).status === 200,
    );
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await h?.close();
    await new Promise((r) => content.close(r));
  });

  const pages = [
    "/",
    "/chuyen-muc/tin-tuc-su-kien",
    "/tin/quy-hoach-ha-tang-so-1",
    "/van-ban",
    "/tim-kiem?q=quy+hoach",
    "/gop-y",
    "/hoi-dap",
    "/lien-he",
    "/khong-co-trang-nay",
  ];
  const cases = ["bacgiang.localhost", "stttt.bacgiang.localhost"].flatMap((host) =>
    pages.flatMap((path) => [1366, 320].map((width) => [host, path, width] as const)),
  );

  async function audit(page: import("playwright-core").Page) {
    await page.evaluate(axe.source);
    return page.evaluate(() => {
      const g = globalThis as unknown as { axe: typeof axe; document: Parameters<typeof axe.run>[0] };
      return g.axe.run(g.document, {
        runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
      });
    });
  }

  it("the feedback form with errors (after a submit) has no WCAG 2.1 A/AA violations", async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    try {
      await page.goto(`http://stttt.bacgiang.localhost:${h.pub.port}/gop-y`);
      const [res] = await Promise.all([
        page.waitForNavigation(),
        page.click("main form button[type=submit]"),
      ]);
      expect(res?.status()).toBe(422);
      const result = await audit(page);
      expect(result.violations.map((v) => v.id)).toEqual([]);
      expect(await page.locator(".error-summary").count()).toBe(1);
    } finally {
      await context.close();
    }
  });

  it.each(cases)(
    "%s%s at %i CSS px has no WCAG 2.1 A/AA violations and no sideways scrolling (1.4.10)",
    async (host, path, width) => {
      // bypassCSP lets the test inject axe; the pages themselves run no script at all
      const context = await browser.newContext({ bypassCSP: true, viewport: { width, height: 800 } });
      const page = await context.newPage();
      try {
        const res = await page.goto(`http://${host}:${h.pub.port}${path}`, { waitUntil: "load" });
        expect(res?.status()).toBe(path === "/khong-co-trang-nay" ? 404 : 200);
        const result = await audit(page);
        const violations = result.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5),
        }));
        expect(violations).toEqual([]);
        // and the checks ran: landmarks and headings were seen
        expect(result.passes.length).toBeGreaterThan(10);
        // WCAG 1.4.10 reflow: nothing wider than the viewport
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      } finally {
        await context.close();
      }
    },
  );

  it("at 320 CSS px the navigation folds behind a menu button that opens without script", async () => {
    const context = await browser.newContext({
      viewport: { width: 320, height: 640 },
      javaScriptEnabled: false,
    });
    const page = await context.newPage();
    try {
      await page.goto(`http://bacgiang.localhost:${h.pub.port}/`);
      const nav = page.locator(".site-nav ul");
      expect(await nav.isVisible()).toBe(false);
      await page.click(".nav-button");
      expect(await nav.isVisible()).toBe(true);
      expect(await page.locator(".site-nav ul a").count()).toBeGreaterThan(4);
      await page.click(".nav-button");
      expect(await nav.isVisible()).toBe(false);
    } finally {
      await context.close();
    }
  });

  it("screenshots of home and an item page at 1366 and 390 CSS px are written for a reviewer", async () => {
    const dir = process.env.PUBLISHING_SCREENSHOTS ?? nodePath.join(os.tmpdir(), "publishing-screenshots");
    fs.mkdirSync(dir, { recursive: true });
    for (const host of ["bacgiang.localhost", "stttt.bacgiang.localhost"]) {
      for (const [name, p] of [
        ["home", "/"],
        ["item", "/tin/quy-hoach-ha-tang-so-1"],
      ] as const) {
        for (const width of [1366, 390]) {
          const context = await browser.newContext({ viewport: { width, height: 900 } });
          const page = await context.newPage();
          try {
            await page.goto(`http://${host}:${h.pub.port}${p}`);
            const file = nodePath.join(dir, `${host.split(".")[0]}-${name}-${width}.png`);
            await page.screenshot({ path: file, fullPage: true });
            expect(fs.statSync(file).size).toBeGreaterThan(5000);
          } finally {
            await context.close();
          }
        }
      }
    }
  });

  it("at 1366 CSS px the navigation is shown without a menu button", async () => {
    const context = await browser.newContext({
      viewport: { width: 1366, height: 800 },
      javaScriptEnabled: false,
    });
    const page = await context.newPage();
    try {
      await page.goto(`http://bacgiang.localhost:${h.pub.port}/`);
      expect(await page.locator(".site-nav ul").isVisible()).toBe(true);
      expect(await page.locator(".nav-button").isVisible()).toBe(false);
    } finally {
      await context.close();
    }
  });

  it.each([
    [`/xem-truoc/${OUTDATED}`, 200],
    [`/xem-truoc/${EXPIRED}`, 410],
    [`/xem-truoc/${"R".repeat(43)}`, 404],
  ])("the preview page %s (%s) has no WCAG 2.1 A/AA violations", async (path, status) => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    try {
      const res = await page.goto(`http://stttt.bacgiang.localhost:${h.pub.port}${path}`, {
        waitUntil: "load",
      });
      expect(res?.status()).toBe(status);
      if (status === 200) expect(await page.locator(".preview-banner").count()).toBe(1);
      const result = await audit(page);
      expect(
        result.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(" ")) })),
      ).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
