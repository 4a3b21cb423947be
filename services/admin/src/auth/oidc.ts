// Sign-in with Keycloak through openid-client (a certified relying party): authorization code
// with PKCE (S256), state and nonce; tokens are exchanged and refreshed on the server and never
// reach the browser (backend-for-frontend, ADR 0005). Back-channel logout tokens are verified
// against the realm's keys (OIDC Back-Channel Logout 1.0 §2.6).
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from "jose";
import * as oidc from "openid-client";

export interface OidcSettings {
  keycloakUrl: string;
  realm: string;
  /** issuer in tokens when it differs from `<keycloakUrl>/realms/<realm>` */
  issuer?: string | undefined;
  clientId: string;
  clientSecret: string;
  /** the admin's public origin, e.g. https://admin.bacgiang.gov.vn */
  publicUrl: string;
}

export interface TokenSet {
  accessToken: string;
  refreshToken?: string | undefined;
  idToken?: string | undefined;
  /** when the access token expires (ms since the epoch) */
  accessExpiresAt: number;
}

export interface SignedIn {
  tokens: TokenSet;
  /** ID token claims */
  claims: Record<string, unknown>;
}

export interface PendingLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  startedAt: number;
}

export const BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";

export class Oidc {
  private config?: Promise<oidc.Configuration>;
  private jwks?: ReturnType<typeof createRemoteJWKSet>;

  constructor(private readonly s: OidcSettings) {}

  get redirectUri(): string {
    return `${this.s.publicUrl}/auth/callback`;
  }

  /** Discovery, once; retried on the next call when Keycloak was not reachable. */
  private configuration(): Promise<oidc.Configuration> {
    if (!this.config) {
      const server = new URL(`${this.s.keycloakUrl.replace(/\/$/, "")}/realms/${this.s.realm}`);
      const insecure = server.protocol === "http:";
      this.config = oidc
        .discovery(server, this.s.clientId, this.s.clientSecret, oidc.ClientSecretPost(this.s.clientSecret), {
          ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
          timeout: 10,
        })
        .catch((e) => {
          this.config = undefined;
          throw e;
        });
    }
    return this.config;
  }

  /** Starts a sign-in: the URL of Keycloak's login page and what the callback must check. */
  async start(returnTo: string, lang: string): Promise<{ url: string; pending: PendingLogin }> {
    const config = await this.configuration();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const pending: PendingLogin = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier,
      returnTo,
      startedAt: Date.now(),
    };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope: "openid profile email",
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: "S256",
      state: pending.state,
      nonce: pending.nonce,
      ui_locales: lang,
    });
    return { url: url.href, pending };
  }

  /** Completes a sign-in from the callback URL (built from the configured origin, not the request's Host). */
  async finish(callbackPathAndQuery: string, pending: PendingLogin): Promise<SignedIn> {
    const config = await this.configuration();
    const current = new URL(callbackPathAndQuery, this.s.publicUrl);
    const tokens = await oidc.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    return { tokens: tokenSet(tokens), claims: (tokens.claims() ?? {}) as Record<string, unknown> };
  }

  async refresh(refreshToken: string): Promise<TokenSet> {
    const config = await this.configuration();
    const t = await oidc.refreshTokenGrant(config, refreshToken);
    return tokenSet(t, refreshToken);
  }

  /** RP-initiated logout: where to send the browser so Keycloak ends its session too. */
  async endSessionUrl(idToken: string | undefined, postLogout: string): Promise<string> {
    const config = await this.configuration();
    return oidc.buildEndSessionUrl(config, {
      post_logout_redirect_uri: postLogout,
      client_id: this.s.clientId,
      ...(idToken ? { id_token_hint: idToken } : {}),
    }).href;
  }

  /** Verifies a back-channel logout token; returns its `sid` and `sub`. */
  async verifyLogoutToken(token: string): Promise<{ sid?: string; sub?: string }> {
    const config = await this.configuration();
    const meta = config.serverMetadata();
    if (!meta.jwks_uri) throw new Error("the realm publishes no jwks_uri");
    this.jwks ??= createRemoteJWKSet(new URL(meta.jwks_uri));
    const { payload } = await jwtVerify(token, this.jwks, {
      issuer: this.s.issuer ?? meta.issuer,
      audience: this.s.clientId,
      maxTokenAge: "5 minutes",
      typ: undefined,
    });
    return checkLogoutClaims(payload);
  }
}

/** The claim rules of a logout token (§2.4): the event, a sid or sub, and never a nonce. */
export function checkLogoutClaims(payload: JWTPayload): { sid?: string; sub?: string } {
  const events = payload.events as Record<string, unknown> | undefined;
  if (!events || typeof events !== "object" || !(BACKCHANNEL_LOGOUT_EVENT in events))
    throw new Error("not a logout token: no back-channel logout event");
  if ("nonce" in payload) throw new Error("a logout token must not carry a nonce");
  const sid = typeof payload.sid === "string" ? payload.sid : undefined;
  const sub = typeof payload.sub === "string" ? payload.sub : undefined;
  if (!sid && !sub) throw new Error("a logout token names a sid or a sub");
  return { ...(sid ? { sid } : {}), ...(sub ? { sub } : {}) };
}

function tokenSet(
  t: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers,
  previousRefresh?: string,
): TokenSet {
  const expiresIn = t.expiresIn() ?? 60;
  return {
    accessToken: t.access_token,
    refreshToken: t.refresh_token ?? previousRefresh,
    idToken: t.id_token,
    accessExpiresAt: Date.now() + expiresIn * 1000,
  };
}
