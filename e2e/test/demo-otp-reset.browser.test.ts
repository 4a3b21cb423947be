// `./cong test` on a stack where someone signed in at the admin (R-ACCOUNT): a user the realm asks
// for a one-time code set one up in the browser; Keycloak's direct grant then asks for it too, and
// the tests' password grants of that user fail. `cong-local demo-otp-reset` (run by `./cong test`)
// removes the code, the password grant works again, and the next browser sign-in sets one up anew.
// A user made for this test (with platform.admin's realm role) stands in for the demo users, so
// the suites that sign the demo users in meanwhile are not disturbed.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { repoRoot, serverEnv } from "@cong/testing";
import type { Browser } from "playwright-core";
import { createUser, kcAdmin } from "../../services/admin/test/fixtures";
import { launch, newPage, setUpAuthenticator } from "./admin-browser";

const env = serverEnv();
const REALM = env.KEYCLOAK_REALM ?? "bacgiang";
const stamp = Date.now().toString(36);
const USER = { username: `otp-${stamp}.admin`, password: "Cong-Otp-Reset-2026!" };
let userId = "";
let browser: Browser;

beforeAll(async () => {
  userId = await createUser(USER.username, USER.password, { realmRole: "platform-admin" });
  browser = await launch();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  if (userId) await kcAdmin("DELETE", `/users/${userId}`).catch(() => undefined);
});

const passwordGrant = () =>
  fetch(`${env.KEYCLOAK_URL}/realms/${REALM}/protocol/openid-connect/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "password",
      client_id: "cong-cli",
      username: USER.username,
      password: USER.password,
    }),
  });

const otpCredentials = async () =>
  ((await (await kcAdmin("GET", `/users/${userId}/credentials`)).json()) as { type: string }[]).filter(
    (c) => c.type === "otp",
  ).length;

it("a code set up in the browser fails the password grant until demo-otp-reset removes it", async () => {
  expect((await passwordGrant()).status).toBe(200);
  const { page, context } = await newPage(browser, 1280);
  try {
    const account = `${env.KEYCLOAK_URL}/realms/${REALM}/account`;
    await page.goto(account);
    await page.waitForSelector("#username");
    await page.fill("#username", USER.username);
    await page.fill("#password", USER.password);
    await page.click("#kc-login");
    await setUpAuthenticator(page, `${account}**`);
  } finally {
    await context.close();
  }
  expect(await otpCredentials()).toBe(1);
  const refused = await passwordGrant();
  expect(refused.status).toBe(401);
  expect(((await refused.json()) as { error: string }).error).toBe("invalid_grant");

  const run = spawnSync(
    process.execPath,
    [path.join(repoRoot(), "infra/local/cong-local.mjs"), "demo-otp-reset", USER.username],
    { encoding: "utf8", timeout: 60_000 },
  );
  expect(run.status).toBe(0);
  expect(run.stdout + run.stderr).toContain(
    `removed the one-time code set up in the browser by ${USER.username}`,
  );
  expect(await otpCredentials()).toBe(0);
  expect((await passwordGrant()).status).toBe(200);
});
