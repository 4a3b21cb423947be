// What every admin screen is checked for in Chromium: axe-core with the WCAG 2.1 A/AA rules,
// nothing scrolling sideways at 320 CSS px (WCAG 1.4.10), and screenshots at 1280 and 320 px for
// a person to look at (in e2e/artifacts, ignored by git).
import fs from "node:fs";
import type { Page } from "playwright-core";
import { axe } from "../../../e2e/test/admin-browser";

export interface Result {
  screen: string;
  violations: string[];
  scroll: number;
  client: number;
}

/** axe-core, then the screenshots at 1280 and 320 px in `dir`, and the page's width at 320 px. */
export async function check(page: Page, screen: string, dir: string): Promise<Result> {
  const violations = (await axe(page)).map(
    (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );
  fs.mkdirSync(dir, { recursive: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `${dir}/${screen}-1280.png`, fullPage: true });
  await page.setViewportSize({ width: 320, height: 800 });
  await page.waitForTimeout(100);
  const w = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  await page.screenshot({ path: `${dir}/${screen}-320.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  return { screen, violations, ...w };
}

/** The screens with a violation or a sideways scroll at 320 px (none expected). */
export const clean = (r: Result[]) => r.filter((x) => x.violations.length || x.scroll > x.client + 1);
