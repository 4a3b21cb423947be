// The Keycloak Admin API client, authenticated either as identity's own confidential client
// (production: KEYCLOAK_ADMIN_CLIENT_ID/SECRET, realm-management roles in the platform realm) or as
// a user (local: the master realm's admin through `admin-cli`). Tokens are fetched again shortly
// before they expire, so a long-running service never calls with a stale one.
import KcAdminClient from "@keycloak/keycloak-admin-client";

export type KeycloakAdmin = InstanceType<typeof KcAdminClient>;

export interface AdminCredentials {
  /** base URL of the Admin REST API (may differ from the public one) */
  url: string;
  /** the realm the client manages */
  realm: string;
  clientId?: string | undefined;
  clientSecret?: string | undefined;
  username?: string | undefined;
  password?: string | undefined;
  /** realm to authenticate in; default: the managed realm for a client, `master` for a user */
  authRealm?: string | undefined;
}

interface TokenResponse {
  access_token: string;
  expires_in: number;
}

/** Fetches (and caches) an admin access token. */
export function adminTokenProvider(c: AdminCredentials): { getAccessToken(): Promise<string> } {
  const useClient = !!(c.clientId && c.clientSecret);
  if (!useClient && !(c.username && c.password))
    throw new Error(
      "Keycloak admin credentials missing: set KEYCLOAK_ADMIN_CLIENT_ID and KEYCLOAK_ADMIN_CLIENT_SECRET, " +
        "or KEYCLOAK_ADMIN_USERNAME and KEYCLOAK_ADMIN_PASSWORD",
    );
  const authRealm = c.authRealm ?? (useClient ? c.realm : "master");
  const endpoint = `${c.url.replace(/\/$/, "")}/realms/${encodeURIComponent(authRealm)}/protocol/openid-connect/token`;
  let cached: { token: string; until: number } | undefined;
  let pending: Promise<string> | undefined;
  const fetchToken = async (): Promise<string> => {
    const body: Record<string, string> = useClient
      ? { grant_type: "client_credentials", client_id: c.clientId ?? "", client_secret: c.clientSecret ?? "" }
      : {
          grant_type: "password",
          client_id: "admin-cli",
          username: c.username ?? "",
          password: c.password ?? "",
        };
    const res = await fetch(endpoint, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(body),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`Keycloak admin login failed: ${res.status} ${await res.text()}`);
    const t = (await res.json()) as TokenResponse;
    // refresh at 70% of the lifetime
    cached = { token: t.access_token, until: Date.now() + t.expires_in * 700 };
    return t.access_token;
  };
  return {
    async getAccessToken() {
      if (cached && Date.now() < cached.until) return cached.token;
      pending ??= fetchToken().finally(() => {
        pending = undefined;
      });
      return pending;
    },
  };
}

/** An Admin API client bound to `c.realm`. */
export function createKeycloakAdmin(c: AdminCredentials): KeycloakAdmin {
  const kc = new KcAdminClient({ baseUrl: c.url.replace(/\/$/, ""), realmName: c.realm, timeout: 15_000 });
  kc.registerTokenProvider(adminTokenProvider(c));
  return kc;
}

/** HTTP status of an Admin API error, if it is one. */
export function kcStatus(e: unknown): number | undefined {
  const r = (e as { response?: { status?: number } } | null)?.response;
  return typeof r?.status === "number" ? r.status : undefined;
}
