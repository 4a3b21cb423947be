// Verifying access tokens. The kit speaks to one small interface, TokenVerifier; the default
// implementation uses keycloak-connect (the stack's choice, deprecated upstream — see
// docs/adr/0003-keycloak-connect-behind-an-interface.md), and a jose implementation stands
// ready to replace it without touching any service.
import KeycloakConnect from "keycloak-connect";

export interface TokenVerifier {
  /** Returns the token's claims, or throws InvalidToken. */
  verify(rawToken: string): Promise<Record<string, unknown>>;
  readonly kind: string;
}

export class InvalidToken extends Error {
  override readonly name = "InvalidToken";
}

export interface VerifierOptions {
  /** Keycloak base URL the service uses to fetch the realm keys */
  url: string;
  realm: string;
  /** audience every token must carry */
  audience: string;
  /** issuer, when the public URL differs from `url` (default `${url}/realms/${realm}`) */
  issuer?: string | undefined;
}

interface GrantManagerLike {
  realmUrl: string;
  createGrant(raw: {
    access_token: string;
  }): Promise<{ access_token?: { content: Record<string, unknown> } }>;
}

export class KeycloakConnectVerifier implements TokenVerifier {
  readonly kind = "keycloak-connect";
  private readonly grants: GrantManagerLike;

  constructor(opts: VerifierOptions) {
    const kc = new KeycloakConnect(
      {},
      {
        realm: opts.realm,
        "auth-server-url": opts.url.replace(/\/$/, ""),
        resource: opts.audience,
        "bearer-only": true,
        "ssl-required": "external",
        "confidential-port": 0,
        // reject tokens that were not issued for our APIs
        ...({ "verify-token-audience": true } as object),
      },
    );
    this.grants = (kc as unknown as { grantManager: GrantManagerLike }).grantManager;
    // keycloak-connect checks `iss` against the URL it fetches keys from; behind an ingress the
    // public issuer differs, so it is set separately (keys still come from `url`).
    if (opts.issuer) this.grants.realmUrl = opts.issuer.replace(/\/$/, "");
  }

  async verify(raw: string): Promise<Record<string, unknown>> {
    try {
      const grant = await this.grants.createGrant({ access_token: raw });
      const content = grant.access_token?.content;
      if (!content) throw new Error("no access token");
      return content;
    } catch (e) {
      throw new InvalidToken(
        e instanceof Error ? e.message.replace(/^Grant validation failed\. Reason: /, "") : String(e),
      );
    }
  }
}

export class JoseVerifier implements TokenVerifier {
  readonly kind = "jose";
  private jwks: ((...args: never[]) => Promise<unknown>) | undefined;
  constructor(private readonly opts: VerifierOptions) {}

  async verify(raw: string): Promise<Record<string, unknown>> {
    const jose = await import("jose");
    const base = `${this.opts.url.replace(/\/$/, "")}/realms/${this.opts.realm}`;
    this.jwks ??= jose.createRemoteJWKSet(new URL(`${base}/protocol/openid-connect/certs`)) as never;
    try {
      const { payload } = await jose.jwtVerify(raw, this.jwks as never, {
        issuer: this.opts.issuer ?? base,
        audience: this.opts.audience,
        algorithms: ["RS256", "PS256", "ES256"],
        // the same clock keycloak-connect reads
        currentDate: new Date(Date.now()),
      });
      if (payload.typ !== undefined && payload.typ !== "Bearer") throw new Error("wrong token type");
      return payload as Record<string, unknown>;
    } catch (e) {
      throw new InvalidToken(e instanceof Error ? e.message : String(e));
    }
  }
}

export function createTokenVerifier(
  opts: VerifierOptions & { kind?: "keycloak-connect" | "jose" },
): TokenVerifier {
  return opts.kind === "jose" ? new JoseVerifier(opts) : new KeycloakConnectVerifier(opts);
}
