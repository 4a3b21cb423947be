// Smoke test of Keycloak and the realm `bacgiang` kept as code: a demo user gets a token whose
// signature verifies against the realm's JWKS and which carries the portal roles (DESIGN.md Roles).
import { serverEnv } from "@cong/testing";
import { createRemoteJWKSet, jwtVerify } from "jose";

const env = serverEnv();
const realm = env.KEYCLOAK_REALM;
const issuer = `${env.KEYCLOAK_URL}/realms/${realm}`;
const password = env.DEMO_PASSWORD;

async function passwordGrant(username: string, pw: string) {
  return fetch(`${issuer}/protocol/openid-connect/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "password", client_id: "cong-cli", username, password: pw }),
  });
}

describe("Keycloak realm bacgiang", () => {
  const jwks = createRemoteJWKSet(new URL(`${issuer}/protocol/openid-connect/certs`));

  it("issues a token for a demo focal officer that verifies against the realm's JWKS", async () => {
    const res = await passwordGrant("stttt.focal-officer", password);
    expect(res.status).toBe(200);
    const { access_token } = (await res.json()) as { access_token: string };
    const { payload, protectedHeader } = await jwtVerify(access_token, jwks, {
      issuer,
      audience: "cong-api",
    });
    expect(protectedHeader.alg).toBe("RS256");
    expect(payload.preferred_username).toBe("stttt.focal-officer");
    expect(payload.portal_groups).toEqual(["/portals/stttt/focal-officer"]);
    expect(payload.family_name).toBe("Dương");
  });

  it("puts realm roles of the platform admin in the token", async () => {
    const res = await passwordGrant("platform.admin", password);
    const { access_token } = (await res.json()) as { access_token: string };
    const { payload } = await jwtVerify(access_token, jwks, { issuer, audience: "cong-api" });
    expect((payload.realm_access as { roles: string[] }).roles).toContain("platform-admin");
    expect(payload.portal_groups ?? []).toEqual([]);
  });

  it("refuses a wrong password", async () => {
    const res = await passwordGrant("tanyen.contributor", "wrong-password-123");
    expect(res.status).toBe(401);
  });

  it("rejects a token whose signature was tampered with", async () => {
    const res = await passwordGrant("tanyen.board-head", password);
    const { access_token } = (await res.json()) as { access_token: string };
    const [h, p, s] = access_token.split(".");
    const claims = JSON.parse(Buffer.from(p!, "base64url").toString("utf8"));
    claims.portal_groups = ["/portals/bacgiang/board-head"];
    const forged = `${h}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${s}`;
    await expect(jwtVerify(forged, jwks, { issuer, audience: "cong-api" })).rejects.toThrow();
  });
});
