// A real browser (Debian's chromium through playwright-core) on the admin: signing in on
// Keycloak's own login page, one-time codes, and the checks every screen gets — axe-core with
// the WCAG 2.1 A/AA rules, reflow at 320 CSS px, and reaching a control with the keyboard alone.
import fs from "node:fs";
import { CHROMIUM_ARGS, CHROMIUM_PATH, serverEnv } from "@cong/testing";
import { generateSync } from "otplib";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

const env = serverEnv();
const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export async function newPage(
  browser: Browser,
  width = 1366,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport: { width, height: 900 },
    locale: "vi-VN",
    timezoneId: "Asia/Ho_Chi_Minh",
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    // CSP refusals and script errors of our own pages are failures
    if (
      m.type() === "error" &&
      /Content Security Policy|Uncaught/.test(m.text()) &&
      !/prefetch|Loading the image 'http:\/\/127\.0\.0\.1:\d+\/realms/.test(m.text())
    )
      errors.push(m.text());
  });
  return { context, page, errors };
}

/** Signs in on Keycloak's login page as a demo user; returns when the admin's page is shown. */
export async function signIn(
  page: Page,
  adminUrl: string,
  username: string,
  password = env.DEMO_PASSWORD ?? "",
): Promise<void> {
  await page.goto(`${adminUrl}/`);
  await page.locator("main a.button").first().click();
  await page.waitForSelector("#username");
  await page.fill("#username", username);
  await page.fill("#password", password);
  await page.click("#kc-login");
}

/** The one-time code of the current 30-second window (RFC 6238, as an authenticator app shows it). */
export function totp(secret: string): string {
  return generateSync({ secret: secret.replaceAll(" ", ""), epoch: Math.floor(Date.now() / 1000) });
}

/**
 * Keycloak's first-sign-in step (CONFIGURE_TOTP) done as a person with an authenticator app does
 * it: the key typed in by hand, the current code, a device name. When Keycloak shows the form
 * again (a code typed as its 30-second window ended, on a loaded machine) the next window's code
 * is typed, once, as a person would; a second refusal fails with what Keycloak said.
 * Returns the secret and the window of the last code used (a code is never accepted twice).
 */
export async function setUpAuthenticator(
  page: Page,
  doneUrl: string,
): Promise<{ secret: string; window: number }> {
  await page.waitForSelector("#totp");
  await page.click("#mode-manual");
  const secret = ((await page.locator("#kc-totp-secret-key").textContent()) ?? "").trim();
  let window = 0;
  let said = "";
  for (let attempt = 1; attempt <= 2; attempt++) {
    if (attempt > 1) {
      const wait = (window + 1) * 30_000 - Date.now();
      if (wait > 0) await page.waitForTimeout(wait + 500);
    }
    window = Math.floor(Date.now() / 30_000);
    await page.fill("#totp", totp(secret));
    // a label of its own per attempt: under load Keycloak once saved the first attempt's device and
    // still showed the form, and the retry with the same label was "Device already exists with the
    // same name" (CI, 2026-12-04); both devices hold the form's one secret, so either code signs in
    if (await page.locator("#userLabel").count())
      await page.fill("#userLabel", attempt === 1 ? "Điện thoại" : `Điện thoại (${attempt})`);
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("required-action")),
      page.click("#saveTOTPBtn"),
    ]);
    // an accepted code is answered with a redirect on to the admin; a refused one with the form again
    if (answer.status() >= 300 && answer.status() < 400) {
      await page.waitForURL(doneUrl);
      return { secret, window };
    }
    await page.waitForLoadState("load");
    said = (
      await page.locator('[id^="input-error"], .pf-m-danger, .alert-error, [role="alert"]').allTextContents()
    )
      .join(" ")
      .trim();
  }
  throw new Error(`Keycloak refused the authenticator set-up twice: ${said || "(no message)"}`);
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: { target: string[] }[];
}

/** axe-core with the WCAG 2.0/2.1 A and AA rules; returns the violations (none expected). */
export async function axe(page: Page): Promise<AxeViolation[]> {
  // evaluated through the DevTools protocol, which the page's CSP (script-src 'self') does not block
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const r = await (
      window as unknown as { axe: { run(o: unknown): Promise<{ violations: AxeViolation[] }> } }
    ).axe.run({
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  });
}

/** WCAG 1.4.10: at 320 CSS px nothing scrolls sideways. Returns the page's width then. */
export async function widthAt320(page: Page): Promise<{ scroll: number; client: number }> {
  const size = page.viewportSize() ?? { width: 1366, height: 900 };
  await page.setViewportSize({ width: 320, height: 800 });
  await page.waitForTimeout(150);
  const w = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  await page.setViewportSize(size);
  return w;
}

/** Presses Tab until the focus is on `selector` (at most `max` times): the control is reachable by keyboard. */
export async function tabTo(page: Page, selector: string, max = 120): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`${selector} was not reached with Tab`);
}

/** Runs `assert` on `read()` until it passes (or throws its last failure after `timeoutMs`). */
export async function eventually<T>(
  read: () => Promise<T>,
  assert: (v: T) => void,
  timeoutMs = 15_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    try {
      assert(v);
      return v;
    } catch (e) {
      if (Date.now() > until) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** Screen checks collected over a run, asserted at the end of the test. */
export class ScreenChecks {
  readonly results: { screen: string; violations: AxeViolation[]; scroll: number; client: number }[] = [];
  async check(page: Page, screen: string, shotDir?: string): Promise<void> {
    const violations = await axe(page);
    const { scroll, client } = await widthAt320(page);
    if (shotDir) {
      fs.mkdirSync(shotDir, { recursive: true });
      await page.screenshot({ path: `${shotDir}/${screen}-1366.png`, fullPage: true });
      const size = page.viewportSize() ?? { width: 1366, height: 900 };
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: `${shotDir}/${screen}-390.png`, fullPage: true });
      await page.setViewportSize(size);
    }
    this.results.push({ screen, violations, scroll, client });
  }
  /** screens with axe violations or sideways scrolling at 320 px */
  failures() {
    return this.results.filter((r) => r.violations.length || r.scroll > r.client + 1);
  }
}
