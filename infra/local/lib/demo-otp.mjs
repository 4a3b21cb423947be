// @ts-check
// Before a test run on the local Keycloak: the one-time codes demo users set up in the browser go.
// The realm asks platform.admin and each <portal>.board-head for a code at sign-in (R-ACCOUNT); the
// tests sign demo users in with the password grant of the local-only client `cong-cli`, and
// Keycloak's direct grant asks a user who has a code for it too — so after someone signed in as
// platform.admin at `./cong up`'s admin, every suite using that user failed with "Invalid user
// credentials". Each user sets a code up again at its next sign-in in the browser.
import { demoUsers } from "../../keycloak/realm.mjs";

/**
 * @param {Record<string, string | undefined>} env KEYCLOAK_URL, KEYCLOAK_REALM, KEYCLOAK_ADMIN_USERNAME/PASSWORD
 * @param {string[]} [usernames] whose codes go (default: every demo user)
 * @returns {Promise<string[]>} the users whose code was removed
 */
export async function resetDemoOtp(
  env,
  usernames = demoUsers().map((/** @type {{ username: string }} */ u) => u.username),
) {
  const base = env.KEYCLOAK_URL;
  const realm = env.KEYCLOAK_REALM ?? "bacgiang";
  if (!base) throw new Error("KEYCLOAK_URL is not set");
  const tokenRes = await fetch(`${base}/realms/master/protocol/openid-connect/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "password",
      client_id: "admin-cli",
      username: env.KEYCLOAK_ADMIN_USERNAME ?? "",
      password: env.KEYCLOAK_ADMIN_PASSWORD ?? "",
    }),
  });
  if (!tokenRes.ok) throw new Error(`Keycloak's admin token: ${tokenRes.status}`);
  const { access_token: token } = /** @type {{ access_token: string }} */ (await tokenRes.json());
  /** @param {string} method @param {string} p */
  const call = async (method, p) => {
    const r = await fetch(`${base}/admin/realms/${realm}${p}`, {
      method,
      headers: { authorization: `Bearer ${token}` },
    });
    if (!r.ok) throw new Error(`${method} ${p}: ${r.status}`);
    return r.status === 204 ? null : r.json();
  };
  /** @type {string[]} */
  const removed = [];
  for (const username of usernames) {
    const [user] = /** @type {{ id: string }[]} */ (
      await call("GET", `/users?exact=true&username=${encodeURIComponent(username)}`)
    );
    if (!user) continue;
    const creds = /** @type {{ id: string, type: string }[]} */ (
      await call("GET", `/users/${user.id}/credentials`)
    );
    const otp = creds.filter((c) => c.type === "otp");
    for (const c of otp) await call("DELETE", `/users/${user.id}/credentials/${c.id}`);
    if (otp.length) removed.push(username);
  }
  return removed;
}
