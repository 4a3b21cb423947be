// Who is calling, as the token says: realm roles (`platform-admin`, `auditor`) and portal roles
// from the group paths `/portals/<portalId>/<role>` in the `portal_groups` claim (DESIGN: Roles).
// A role on one portal never grants anything on another (R-ORG).
import { PortalRole, RealmRole } from "@cong/contracts";

export const PORTAL_GROUPS_CLAIM = "portal_groups";
const GROUP_PATH = /^\/portals\/([a-z][a-z0-9]{1,39})\/([a-z-]+)$/;

export interface Principal {
  /** Keycloak subject */
  userId: string;
  username: string;
  /** display name, Vietnamese order (family name first) */
  name: string;
  email?: string;
  realmRoles: ReadonlySet<RealmRole>;
  /** portalId → roles on that portal */
  portalRoles: ReadonlyMap<string, ReadonlySet<PortalRole>>;
  /** the client the token was issued to */
  clientId?: string;
  expiresAt: Date;
}

export function principalFromClaims(claims: Record<string, unknown>): Principal {
  const realm = (claims.realm_access as { roles?: unknown } | undefined)?.roles;
  const realmRoles = new Set<RealmRole>();
  if (Array.isArray(realm)) {
    for (const r of realm) {
      const parsed = RealmRole.safeParse(r);
      if (parsed.success) realmRoles.add(parsed.data);
    }
  }
  const portalRoles = new Map<string, Set<PortalRole>>();
  const groups = claims[PORTAL_GROUPS_CLAIM];
  if (Array.isArray(groups)) {
    for (const g of groups) {
      if (typeof g !== "string") continue;
      const m = GROUP_PATH.exec(g);
      if (!m) continue;
      const role = PortalRole.safeParse(m[2]);
      if (!role.success) continue;
      const portalId = m[1] as string;
      const set = portalRoles.get(portalId) ?? new Set<PortalRole>();
      set.add(role.data);
      portalRoles.set(portalId, set);
    }
  }
  const family = typeof claims.family_name === "string" ? claims.family_name : "";
  const given = typeof claims.given_name === "string" ? claims.given_name : "";
  const username = String(claims.preferred_username ?? claims.sub ?? "");
  const principal: Principal = {
    userId: String(claims.sub ?? ""),
    username,
    name: [family, given].filter(Boolean).join(" ") || username,
    realmRoles,
    portalRoles,
    expiresAt: new Date(Number(claims.exp ?? 0) * 1000),
  };
  if (typeof claims.email === "string") principal.email = claims.email;
  if (typeof claims.azp === "string") principal.clientId = claims.azp;
  return principal;
}

export function hasRealmRole(p: Principal | undefined, ...roles: RealmRole[]): boolean {
  return !!p && roles.some((r) => p.realmRoles.has(r));
}

/** True when the principal holds one of `roles` on exactly this portal. */
export function hasPortalRole(
  p: Principal | undefined,
  portalId: string,
  roles: readonly PortalRole[],
): boolean {
  const held = p?.portalRoles.get(portalId);
  return !!held && roles.some((r) => held.has(r));
}

/** Portals where the principal holds one of `roles`. */
export function portalsWithRole(p: Principal | undefined, roles: readonly PortalRole[]): string[] {
  if (!p) return [];
  return [...p.portalRoles.entries()].filter(([, held]) => roles.some((r) => held.has(r))).map(([id]) => id);
}

/** Board roles may moderate, approve and publish (R-MODERATE). */
export const BOARD_ROLES: readonly PortalRole[] = ["board-head", "board-deputy", "board-member"];
