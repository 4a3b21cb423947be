// The Keycloak realm `bacgiang` as code — the ONE source of truth (DESIGN "Roles"; R-ORG,
// R-AGENCY, R-ACCOUNT, R-REMOTE). `applyRealm` (realm.applier.ts) brings a running Keycloak to this
// definition through the Admin API; `toImportJson` (realm.import.ts) renders the same definition as
// a realm file for `kc.sh --import-realm` (infra/keycloak/realm.mjs loads it from dist/).
// Only type imports from workspace packages: infra/keycloak/realm.mjs loads this file with tsx
// before anything is built (definition.test.ts checks the lists against the contracts).
import { demoUsers } from "./demo-users";
import {
  ADMIN_CLIENT,
  API_AUDIENCE,
  BROWSER_FLOW,
  type BuiltInClientSpec,
  CLI_CLIENT,
  type ClientSpec,
  type FlowSpec,
  type GroupSpec,
  IDENTITY_ADMIN_ROLES,
  OTP_PORTAL_ROLES,
  OTP_ROLE,
  PORTAL_GROUPS_CLAIM,
  PORTAL_ROLES,
  type ProtocolMapperSpec,
  type RealmOptions,
  type RealmSecurity,
  type RealmSpec,
  ROLE_LABELS,
  type RoleSpec,
  SERVICE_CLIENTS,
} from "./spec";

export { demoUsers } from "./demo-users";
export * from "./spec";

/** The policy of the regulation (R-ACCOUNT, R-REMOTE); tests may shrink thresholds through `security`. */
export const SECURITY_POLICY: RealmSecurity = {
  passwordPolicy: "length(12) and notUsername(undefined) and passwordHistory(5)",
  bruteForceProtected: true,
  permanentLockout: false,
  failureFactor: 5,
  waitIncrementSeconds: 60,
  maxFailureWaitSeconds: 900,
  maxDeltaTimeSeconds: 43_200,
  minimumQuickLoginWaitSeconds: 60,
  quickLoginCheckMilliSeconds: 1000,
  ssoSessionIdleTimeout: 30 * 60,
  ssoSessionMaxLifespan: 12 * 60 * 60,
  accessTokenLifespan: 300,
  sslRequired: "external",
};

/**
 * Local redirect URIs of the admin UI. Keycloak has no port wildcard; a loopback address without a
 * port matches any port (RFC 8252 §7.3), which covers dev servers on 127.0.0.1.
 */
/** Secret of `cong-admin` on this machine and in tests only (never in production). */
export const LOCAL_ADMIN_CLIENT_SECRET = "cong-local-admin-client-secret-not-secret";
/** Back-channel logout endpoint of the admin UI on this machine (Keycloak calls it server-side). */
export const LOCAL_ADMIN_BACKCHANNEL_LOGOUT_URL = "http://127.0.0.1:3005/auth/backchannel-logout";

export const LOCAL_ADMIN_REDIRECT_URIS = [
  "http://admin.bacgiang.localhost:3005/*",
  "http://localhost:3005/*",
  "http://127.0.0.1/*",
];

export const portalGroupsMapper: ProtocolMapperSpec = {
  name: "portal memberships",
  protocol: "openid-connect",
  protocolMapper: "oidc-group-membership-mapper",
  config: {
    "full.path": "true",
    "claim.name": PORTAL_GROUPS_CLAIM,
    "access.token.claim": "true",
    "id.token.claim": "false",
    "userinfo.token.claim": "true",
    "introspection.token.claim": "true",
  },
};

export const audienceMapper: ProtocolMapperSpec = {
  name: `audience ${API_AUDIENCE}`,
  protocol: "openid-connect",
  protocolMapper: "oidc-audience-mapper",
  config: {
    "included.client.audience": API_AUDIENCE,
    "access.token.claim": "true",
    "id.token.claim": "false",
    "introspection.token.claim": "true",
  },
};

/**
 * Grants a client attribute switches on, none of which the platform uses: the device flow, CIBA
 * and token exchange. Pinned off on every client, so turning one on shows as drift.
 */
export const NO_ATTRIBUTE_GRANTS: Record<string, string> = {
  "oauth2.device.authorization.grant.enabled": "false",
  "oidc.ciba.grant.enabled": "false",
  "standard.token.exchange.enabled": "false",
};

function client(c: Partial<ClientSpec> & Pick<ClientSpec, "clientId" | "name">): ClientSpec {
  return {
    publicClient: false,
    bearerOnly: false,
    standardFlowEnabled: false,
    implicitFlowEnabled: false,
    directAccessGrantsEnabled: false,
    serviceAccountsEnabled: false,
    redirectUris: [],
    webOrigins: [],
    protocolMappers: [],
    ...c,
    attributes: { ...NO_ATTRIBUTE_GRANTS, ...c.attributes },
  };
}

/** no grant of the token endpoint: no password, no client credentials, no implicit tokens */
const NO_TOKEN_GRANTS = {
  implicitFlowEnabled: false,
  directAccessGrantsEnabled: false,
  serviceAccountsEnabled: false,
} as const;
/** … and no login through the browser either */
const NOTHING = { ...NO_TOKEN_GRANTS, standardFlowEnabled: false } as const;

/** A placeholder Keycloak resolves itself (`${client_admin-cli}`: a message key; `${authAdminUrl}`). */
const placeholder = (name: string) => `\${${name}}`;

/**
 * Keycloak's own clients of the realm (issue 15, class 9). Nobody obtains a token through
 * `admin-cli` of this realm — identity administers it with its own client's credentials
 * (`cong-identity`) or, locally, with the master realm's admin through the master realm's
 * `admin-cli`; tests use `cong-cli` (local realms only) — so `admin-cli` here grants nothing: its
 * password grant skipped the OTP of the browser flow. Operators use the admin console of the
 * master realm, so this realm's `security-admin-console` grants nothing either. The account
 * console stays: it is where staff change their password, set up their one-time-code app and end
 * their sessions (authorization code + PKCE through the browser flow, with OTP). `broker` and
 * `realm-management` are bearer-only (no token is ever issued to them; no identity provider is
 * configured).
 */
export function builtInClients(realm: string): BuiltInClientSpec[] {
  return [
    {
      clientId: "admin-cli",
      why: "unused in this realm (identity: cong-identity; local tooling: the master realm); its password grant skipped OTP",
      settings: { ...NOTHING, attributes: NO_ATTRIBUTE_GRANTS },
      importAs: {
        clientId: "admin-cli",
        name: placeholder("client_admin-cli"),
        publicClient: true,
        ...NOTHING,
        attributes: NO_ATTRIBUTE_GRANTS,
      },
    },
    {
      clientId: "security-admin-console",
      why: "unused: operators use the master realm's admin console",
      settings: { ...NOTHING, attributes: NO_ATTRIBUTE_GRANTS },
      importAs: {
        clientId: "security-admin-console",
        name: placeholder("client_security-admin-console"),
        rootUrl: placeholder("authAdminUrl"),
        baseUrl: `/admin/${realm}/console/`,
        redirectUris: [`/admin/${realm}/console/*`],
        webOrigins: ["+"],
        publicClient: true,
        ...NOTHING,
        attributes: {
          ...NO_ATTRIBUTE_GRANTS,
          "pkce.code.challenge.method": "S256",
          "post.logout.redirect.uris": "+",
        },
      },
    },
    {
      clientId: "account-console",
      why: "staff's own password, one-time-code app and sessions: the browser flow only",
      settings: { ...NO_TOKEN_GRANTS, standardFlowEnabled: true },
    },
    {
      clientId: "account",
      why: "the account console's resource (its roles); the browser flow only",
      settings: { ...NO_TOKEN_GRANTS, standardFlowEnabled: true },
    },
    // Keycloak reports standard flow on for these and ignores it: no token is issued to them
    { clientId: "broker", why: "bearer-only", settings: { ...NO_TOKEN_GRANTS, bearerOnly: true } },
    {
      clientId: "realm-management",
      why: "bearer-only",
      settings: { ...NO_TOKEN_GRANTS, bearerOnly: true },
    },
  ];
}

/**
 * The browser flow: cookie, or username + password followed by an OTP form for users holding
 * `otp-required` (platform-admin includes it; board-head groups map it). A user without an OTP
 * credential is made to configure one (CONFIGURE_TOTP) at the first login. The direct-grant flow
 * stays Keycloak's default; only the local `cong-cli` client allows that grant.
 */
export function browserFlow(): FlowSpec {
  return {
    alias: BROWSER_FLOW,
    description:
      "Trình duyệt: mật khẩu, thêm OTP cho quản trị và Trưởng Ban biên tập / browser with conditional OTP",
    steps: [
      { authenticator: "auth-cookie", requirement: "ALTERNATIVE" },
      {
        requirement: "ALTERNATIVE",
        subFlow: {
          alias: `${BROWSER_FLOW} forms`,
          description: "username, password, then OTP when the role requires it",
          steps: [
            { authenticator: "auth-username-password-form", requirement: "REQUIRED" },
            {
              requirement: "CONDITIONAL",
              subFlow: {
                alias: `${BROWSER_FLOW} otp`,
                description: `OTP for holders of ${OTP_ROLE}`,
                steps: [
                  {
                    authenticator: "conditional-user-role",
                    requirement: "REQUIRED",
                    config: {
                      alias: `${BROWSER_FLOW} role ${OTP_ROLE}`,
                      config: { condUserRole: OTP_ROLE, negate: "false" },
                    },
                  },
                  { authenticator: "auth-otp-form", requirement: "REQUIRED" },
                ],
              },
            },
          ],
        },
      },
    ],
  };
}

/** The realm as data. Pure: same options, same result. */
export function buildRealmSpec(opts: RealmOptions): RealmSpec {
  const security = { ...SECURITY_POLICY, ...opts.security };
  const demo = opts.demo ?? false;
  const realmRoles: RoleSpec[] = [
    {
      name: "platform-admin",
      description: "Đơn vị đầu mối kỹ thuật (Sở TT&TT) — quản trị toàn hệ thống / technical focal unit",
      composites: [OTP_ROLE],
    },
    { name: "auditor", description: "Kiểm tra, giám sát (chỉ đọc) / read-only auditor", composites: [] },
    {
      name: OTP_ROLE,
      description: "Phải xác thực hai bước (OTP) khi đăng nhập / must use a one-time code",
      composites: [],
    },
  ];
  const groups: GroupSpec[] = [
    {
      name: "portals",
      attributes: {},
      realmRoles: [],
      subGroups: opts.portals.map((p) => ({
        name: p.id,
        attributes: { portalName: [p.name] },
        realmRoles: [],
        subGroups: PORTAL_ROLES.map((role) => ({
          name: role,
          attributes: { label: [ROLE_LABELS[role]] },
          realmRoles: OTP_PORTAL_ROLES.includes(role) ? [OTP_ROLE] : [],
          subGroups: [],
        })),
      })),
    },
  ];
  const clients: ClientSpec[] = [
    // the admin UI is a backend-for-frontend: a confidential client with PKCE whose tokens never
    // reach the browser; Keycloak ends its sessions over the back channel (ADR 0005)
    client({
      clientId: ADMIN_CLIENT,
      name: "Cổng — trang quản trị (admin web UI)",
      publicClient: false,
      standardFlowEnabled: true,
      redirectUris: opts.adminRedirectUris ?? LOCAL_ADMIN_REDIRECT_URIS,
      webOrigins: ["+"],
      frontchannelLogout: false,
      attributes: {
        "pkce.code.challenge.method": "S256",
        "post.logout.redirect.uris": "+",
        "backchannel.logout.url": opts.adminBackchannelLogoutUrl ?? LOCAL_ADMIN_BACKCHANNEL_LOGOUT_URL,
        "backchannel.logout.session.required": "true",
        "backchannel.logout.revoke.offline.tokens": "false",
      },
      protocolMappers: [portalGroupsMapper, audienceMapper],
      ...((opts.adminClientSecret ?? (demo ? LOCAL_ADMIN_CLIENT_SECRET : undefined))
        ? { secret: opts.adminClientSecret ?? LOCAL_ADMIN_CLIENT_SECRET }
        : {}),
    }),
    client({ clientId: API_AUDIENCE, name: "Cổng APIs (bearer-only resource)", bearerOnly: true }),
    ...SERVICE_CLIENTS.map((svc) =>
      client({
        clientId: `cong-${svc}`,
        name: `Cổng — dịch vụ ${svc} (service-to-service)`,
        serviceAccountsEnabled: true,
        protocolMappers: [audienceMapper],
        ...(svc === "identity" ? { serviceAccountRealmManagementRoles: IDENTITY_ADMIN_ROLES } : {}),
      }),
    ),
    ...(demo
      ? [
          client({
            clientId: CLI_CLIENT,
            name: "Cổng — local scripts and tests (never in production)",
            publicClient: true,
            directAccessGrantsEnabled: true,
            protocolMappers: [portalGroupsMapper, audienceMapper],
          }),
        ]
      : []),
  ];
  const { sslRequired, ...rest } = security;
  return {
    realm: opts.realm ?? "bacgiang",
    settings: {
      enabled: true,
      displayName: "Cổng TTĐT tỉnh Bắc Giang",
      displayNameHtml: "Cổng Thông tin điện tử tỉnh Bắc Giang",
      internationalizationEnabled: true,
      supportedLocales: ["vi", "en"],
      defaultLocale: "vi",
      // R-REMOTE: TLS for every request that does not come from a private address
      sslRequired,
      ...rest,
      otpPolicyType: "totp",
      otpPolicyAlgorithm: "HmacSHA1",
      otpPolicyDigits: 6,
      otpPolicyPeriod: 30,
      loginWithEmailAllowed: true,
      duplicateEmailsAllowed: false,
      resetPasswordAllowed: true,
      registrationAllowed: false,
      eventsEnabled: true,
      adminEventsEnabled: true,
    },
    roles: realmRoles,
    groups,
    clients,
    builtInClients: builtInClients(opts.realm ?? "bacgiang"),
    flows: [browserFlow()],
    browserFlow: BROWSER_FLOW,
    users: demo && opts.demoUsers ? demoUsers(opts.portals) : [],
  };
}
