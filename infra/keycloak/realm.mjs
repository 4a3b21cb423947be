// The Keycloak realm `bacgiang` as code (DESIGN.md "Roles"; R-ORG, R-ACCOUNT, R-REMOTE).
// infra/local imports it at start; the identity service applies the same definition through the
// Admin API. Demo users exist only where `withDemoUsers` is set (never in production values).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

/** Portal-scoped roles; a membership is the group /portals/<portalId>/<role>. */
export const PORTAL_ROLES = ["board-head", "board-deputy", "board-member", "focal-officer", "contributor"];
/** Realm roles. */
export const REALM_ROLES = {
  "platform-admin": "Đơn vị đầu mối kỹ thuật (Sở TT&TT) — quản trị toàn hệ thống / technical focal unit",
  auditor: "Kiểm tra, giám sát (chỉ đọc) / read-only auditor",
};
/** The token claim where the group paths of portal memberships appear. */
export const PORTAL_GROUPS_CLAIM = "portal_groups";
/** Audience every API checks. */
export const API_AUDIENCE = "cong-api";
/** Password of every demo user (local and test only). */
export const DEMO_PASSWORD = "Cong-Demo-2026!";

const ROLE_LABELS = {
  "board-head": "Trưởng Ban biên tập",
  "board-deputy": "Phó Trưởng Ban biên tập",
  "board-member": "Thành viên Ban biên tập",
  "focal-officer": "Cán bộ đầu mối",
  contributor: "Cộng tác viên",
};

// Vietnamese demo names: [last name, middle + first name]
const NAMES = [
  ["Nguyễn", "Văn An"],
  ["Trần", "Thị Bình"],
  ["Lê", "Minh Châu"],
  ["Phạm", "Đức Dũng"],
  ["Hoàng", "Thu Hà"],
  ["Vũ", "Quang Huy"],
  ["Đặng", "Thị Lan"],
  ["Bùi", "Văn Long"],
  ["Đỗ", "Ngọc Mai"],
  ["Ngô", "Thành Nam"],
  ["Dương", "Thị Oanh"],
  ["Lý", "Văn Phúc"],
  ["Đinh", "Thị Quỳnh"],
  ["Trịnh", "Văn Sơn"],
  ["Mai", "Thị Thảo"],
  ["Cao", "Xuân Trường"],
  ["Lưu", "Thị Uyên"],
  ["Tạ", "Văn Việt"],
  ["Hà", "Thị Xuân"],
  ["Phan", "Hải Yến"],
  ["Chu", "Văn Đạt"],
  ["Kiều", "Thị Hằng"],
  ["Lương", "Văn Khánh"],
  ["Thân", "Thị Ngân"],
  ["Giáp", "Văn Tú"],
];

export function demoPortals() {
  return JSON.parse(fs.readFileSync(path.join(here, "../demo/portals.json"), "utf8")).portals;
}

/** Demo users: a platform admin, an auditor, and per portal one user for each role. */
export function demoUsers(portals = demoPortals()) {
  let n = 0;
  const person = (username, extra) => {
    const [lastName, firstName] = NAMES[n++ % NAMES.length];
    return {
      username,
      enabled: true,
      emailVerified: true,
      firstName,
      lastName,
      email: `${username}@bacgiang.localhost`,
      credentials: [{ type: "password", value: DEMO_PASSWORD, temporary: false }],
      ...extra,
    };
  };
  const users = [
    person("platform.admin", {
      realmRoles: ["platform-admin"],
      attributes: { title: ["Quản trị hệ thống"] },
    }),
    person("auditor", { realmRoles: ["auditor"], attributes: { title: ["Kiểm tra viên"] } }),
  ];
  for (const p of portals) {
    for (const role of PORTAL_ROLES) {
      users.push(
        person(`${p.id}.${role}`, {
          groups: [`/portals/${p.id}/${role}`],
          attributes: { title: [`${ROLE_LABELS[role]} — ${p.agency}`], portal: [p.id] },
        }),
      );
    }
  }
  return users;
}

const portalGroupsMapper = {
  name: "portal memberships",
  protocol: "openid-connect",
  protocolMapper: "oidc-group-membership-mapper",
  consentRequired: false,
  config: {
    "full.path": "true",
    "claim.name": PORTAL_GROUPS_CLAIM,
    "access.token.claim": "true",
    "id.token.claim": "false",
    "userinfo.token.claim": "true",
    "introspection.token.claim": "true",
  },
};

const audienceMapper = {
  name: `audience ${API_AUDIENCE}`,
  protocol: "openid-connect",
  protocolMapper: "oidc-audience-mapper",
  consentRequired: false,
  config: {
    "included.client.audience": API_AUDIENCE,
    "access.token.claim": "true",
    "id.token.claim": "false",
    "introspection.token.claim": "true",
  },
};

/**
 * @param {{ withDemoUsers?: boolean, adminRedirectUris?: string[] }} [opts]
 * @returns {{ realm: object, demoPassword: string }}
 */
export function buildRealm(opts = {}) {
  const {
    withDemoUsers = true,
    adminRedirectUris = ["http://admin.bacgiang.localhost:*/*", "http://127.0.0.1:*/*"],
  } = opts;
  const portals = demoPortals();
  const realm = {
    realm: "bacgiang",
    enabled: true,
    displayName: "Cổng TTĐT tỉnh Bắc Giang",
    displayNameHtml: "Cổng Thông tin điện tử tỉnh Bắc Giang",
    internationalizationEnabled: true,
    supportedLocales: ["vi", "en"],
    defaultLocale: "vi",
    // R-REMOTE: TLS for every request that does not come from a private address
    sslRequired: "external",
    // R-ACCOUNT
    passwordPolicy: "length(12) and notUsername(undefined) and passwordHistory(5)",
    bruteForceProtected: true,
    permanentLockout: false,
    failureFactor: 5,
    waitIncrementSeconds: 60,
    maxFailureWaitSeconds: 900,
    maxDeltaTimeSeconds: 43200,
    ssoSessionIdleTimeout: 1800,
    ssoSessionMaxLifespan: 43200,
    accessTokenLifespan: 300,
    roles: {
      realm: Object.entries(REALM_ROLES).map(([name, description]) => ({ name, description })),
    },
    groups: [
      {
        name: "portals",
        subGroups: portals.map((p) => ({
          name: p.id,
          attributes: { portalName: [p.name] },
          subGroups: PORTAL_ROLES.map((role) => ({ name: role, attributes: { label: [ROLE_LABELS[role]] } })),
        })),
      },
    ],
    clients: [
      {
        clientId: "cong-admin",
        name: "Cổng — trang quản trị (admin web UI)",
        publicClient: true,
        standardFlowEnabled: true,
        directAccessGrantsEnabled: false,
        implicitFlowEnabled: false,
        redirectUris: adminRedirectUris,
        webOrigins: ["+"],
        attributes: { "pkce.code.challenge.method": "S256", "post.logout.redirect.uris": "+" },
        protocolMappers: [portalGroupsMapper, audienceMapper],
      },
      {
        clientId: API_AUDIENCE,
        name: "Cổng APIs (bearer-only resource)",
        bearerOnly: true,
        publicClient: false,
        standardFlowEnabled: false,
        directAccessGrantsEnabled: false,
      },
      ...(withDemoUsers
        ? [
            {
              // Local and test only: lets scripts and tests get a demo user's token with a password.
              clientId: "cong-cli",
              name: "Cổng — local scripts and tests (never in production)",
              publicClient: true,
              standardFlowEnabled: false,
              directAccessGrantsEnabled: true,
              protocolMappers: [portalGroupsMapper, audienceMapper],
            },
          ]
        : []),
    ],
    users: withDemoUsers ? demoUsers(portals) : [],
  };
  return { realm, demoPassword: DEMO_PASSWORD };
}
