import { serverEnv } from "./env";

const cache = new Map<string, { token: string; at: number }>();

/**
 * An access token of a demo user from the local realm (password grant on the test-only client
 * `cong-cli`), cached for a minute. The realm is shared with other test runs, so a login that
 * fails for a moment (brute-force guard) is tried again a few times.
 */
export async function demoToken(username: string, realm?: string): Promise<string> {
  const env = serverEnv();
  const r = realm ?? env.KEYCLOAK_REALM;
  const key = `${r}/${username}`;
  const cached = cache.get(key);
  if (cached && Date.now() - cached.at < 60_000) return cached.token;
  let res!: Response;
  for (let attempt = 0; attempt < 4; attempt++) {
    res = await fetch(`${env.KEYCLOAK_URL}/realms/${r}/protocol/openid-connect/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "password",
        client_id: "cong-cli",
        username,
        password: env.DEMO_PASSWORD,
      }),
    });
    if (res.ok) break;
    await new Promise((done) => setTimeout(done, 1500 * (attempt + 1)));
  }
  if (!res.ok) throw new Error(`token for ${username}: ${res.status} ${await res.text()}`);
  const token = ((await res.json()) as { access_token: string }).access_token;
  cache.set(key, { token, at: Date.now() });
  return token;
}
