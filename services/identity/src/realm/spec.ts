// The realm's names and the shapes of its definition (definition.ts builds it): roles, clients,
// flows, users. Kept apart so the demo users (demo-users.ts) and the appliers need no builder.
// Only type imports from workspace packages: infra/keycloak/realm.mjs loads these files with tsx.
import type { PortalRole, RealmRole } from "@cong/contracts";

export const PORTAL_ROLES = [
  "board-head",
  "board-deputy",
  "board-member",
  "focal-officer",
  "contributor",
] as const satisfies readonly PortalRole[];
export const REALM_ROLE_NAMES = ["platform-admin", "auditor"] as const satisfies readonly RealmRole[];
/** The token claim where the full group paths of portal memberships appear (packages/kit/src/auth). */
export const PORTAL_GROUPS_CLAIM = "portal_groups";
/** Audience every API checks. */
export const API_AUDIENCE = "cong-api";
/** Public client of the admin web UI (authorization code + PKCE S256). */
export const ADMIN_CLIENT = "cong-admin";
/** Local/test only: password grant for demo users. Never in production. */
export const CLI_CLIENT = "cong-cli";
/** Realm role that makes the browser flow demand a one-time code (R-ACCOUNT, R-REMOTE). */
export const OTP_ROLE = "otp-required";
/** The browser flow with conditional OTP, bound as the realm's browser flow. */
export const BROWSER_FLOW = "cong-browser";
/** Password of every demo user (local and test only). */
export const DEMO_PASSWORD = "Cong-Demo-2026!";
/** Services that call each other with their own client-credentials token. */
export const SERVICE_CLIENTS = ["publishing", "content", "media", "identity", "archive"] as const;
/** realm-management roles of identity's own client, so it can apply the realm and manage users. */
export const IDENTITY_ADMIN_ROLES = [
  "manage-realm",
  "manage-users",
  "manage-clients",
  "view-realm",
  "view-users",
  "view-clients",
  "query-groups",
  "query-users",
  "view-events",
];

export const ROLE_LABELS: Record<PortalRole, string> = {
  "board-head": "Trưởng Ban biên tập",
  "board-deputy": "Phó Trưởng Ban biên tập",
  "board-member": "Thành viên Ban biên tập",
  "focal-officer": "Cán bộ đầu mối",
  contributor: "Cộng tác viên",
};

/** Portal roles whose holders must use OTP in the browser (besides platform-admin). */
export const OTP_PORTAL_ROLES: readonly PortalRole[] = ["board-head"];

export function portalGroupPath(portalId: string, role: PortalRole): string {
  return `/portals/${portalId}/${role}`;
}

export interface PortalInfo {
  id: string;
  name: string;
  agency?: string;
}

export interface RealmSecurity {
  /** Keycloak password policy string (R-ACCOUNT) */
  passwordPolicy: string;
  bruteForceProtected: boolean;
  permanentLockout: boolean;
  failureFactor: number;
  waitIncrementSeconds: number;
  maxFailureWaitSeconds: number;
  maxDeltaTimeSeconds: number;
  minimumQuickLoginWaitSeconds: number;
  quickLoginCheckMilliSeconds: number;
  ssoSessionIdleTimeout: number;
  ssoSessionMaxLifespan: number;
  accessTokenLifespan: number;
  sslRequired: "external" | "all" | "none";
}

export interface ProtocolMapperSpec {
  name: string;
  protocol: "openid-connect";
  protocolMapper: string;
  config: Record<string, string>;
}

export interface ClientSpec {
  clientId: string;
  name: string;
  description?: string;
  publicClient: boolean;
  bearerOnly: boolean;
  standardFlowEnabled: boolean;
  implicitFlowEnabled: boolean;
  directAccessGrantsEnabled: boolean;
  serviceAccountsEnabled: boolean;
  redirectUris: string[];
  webOrigins: string[];
  attributes: Record<string, string>;
  protocolMappers: ProtocolMapperSpec[];
  /** the client secret of a confidential client, when the realm as code sets it */
  secret?: string;
  /** Keycloak ends the session at the client by POSTing a logout token here (OIDC back-channel logout) */
  frontchannelLogout?: boolean;
  /** realm-management client roles given to the client's service account */
  serviceAccountRealmManagementRoles?: string[];
}

/**
 * One of the clients Keycloak itself creates in every realm (`account`, `account-console`,
 * `admin-cli`, `broker`, `realm-management`, `security-admin-console`). The definition pins what
 * each may do — the grants, nothing else (their names, URLs and roles stay Keycloak's) — so the
 * applier switches off what the platform does not use and reports drift if someone turns it on.
 */
export interface BuiltInClientSpec {
  clientId: string;
  /** why the client keeps (or loses) what it may do; shown in the docs, not sent to Keycloak */
  why: string;
  settings: Partial<
    Pick<
      ClientSpec,
      "standardFlowEnabled" | "implicitFlowEnabled" | "directAccessGrantsEnabled" | "serviceAccountsEnabled"
    >
  > & { bearerOnly?: boolean; attributes?: Record<string, string> };
  /**
   * The whole client as the realm file carries it, when the settings differ from the ones Keycloak
   * gives the client at realm creation (a realm file that names a built-in client replaces it
   * whole, so the file must say everything). Without it the file leaves the client to Keycloak.
   */
  importAs?: Record<string, unknown>;
}

export interface GroupSpec {
  name: string;
  attributes: Record<string, string[]>;
  realmRoles: string[];
  subGroups: GroupSpec[];
}

export interface RoleSpec {
  name: string;
  description: string;
  /** realm roles this role includes */
  composites: string[];
}

export interface FlowStep {
  /** authenticator provider id, or a sub-flow */
  authenticator?: string;
  subFlow?: { alias: string; description: string; steps: FlowStep[] };
  requirement: "REQUIRED" | "ALTERNATIVE" | "CONDITIONAL" | "DISABLED";
  config?: { alias: string; config: Record<string, string> };
}

export interface FlowSpec {
  alias: string;
  description: string;
  steps: FlowStep[];
}

export interface UserSpec {
  username: string;
  firstName: string;
  lastName: string;
  email: string;
  realmRoles: string[];
  /** full group paths */
  groups: string[];
  password: string;
}

export interface RealmSpec {
  realm: string;
  settings: Record<string, unknown> & RealmSecurity;
  roles: RoleSpec[];
  groups: GroupSpec[];
  clients: ClientSpec[];
  /** what Keycloak's own clients of the realm may do */
  builtInClients: BuiltInClientSpec[];
  flows: FlowSpec[];
  /** the realm's browser flow binding */
  browserFlow: string;
  users: UserSpec[];
}

export interface RealmOptions {
  realm?: string;
  portals: PortalInfo[];
  /** adds the local-only `cong-cli` client (password grant) */
  demo?: boolean;
  /** demo users for every role of every portal (only with `demo`) */
  demoUsers?: boolean;
  /** redirect URIs of the admin UI (production: its https URL + `/*`) */
  adminRedirectUris?: string[];
  /**
   * Secret of the admin UI's confidential client (a backend-for-frontend, ADR 0005). Local and
   * demo realms use LOCAL_ADMIN_CLIENT_SECRET; production takes it from a Secret; without one,
   * Keycloak keeps the secret it has.
   */
  adminClientSecret?: string;
  /** where Keycloak sends back-channel logout tokens for admin sessions (the admin's /auth/backchannel-logout) */
  adminBackchannelLogoutUrl?: string;
  /** thresholds (tests); defaults to SECURITY_POLICY */
  security?: Partial<RealmSecurity>;
}
