// The directory: what identity asks of Keycloak about people and their portal memberships.
// A membership is the group /portals/<portalId>/<role> (DESIGN "Roles"); the group paths reach
// every service in the `portal_groups` claim of the next token the user gets.
import type { PortalRole } from "@cong/contracts";
import { PORTAL_ROLES, portalGroupPath, ROLE_LABELS } from "../realm/definition";
import { type KeycloakAdmin, kcStatus } from "./admin";

export interface DirectoryUser {
  id: string;
  username: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  enabled: boolean;
}

export interface PortalMembership {
  portalId: string;
  role: PortalRole;
}

export class UserExists extends Error {}
export class PasswordRejected extends Error {}

type Rep = Record<string, unknown>;

const PATH = /^\/portals\/([a-z][a-z0-9]{1,39})\/([a-z-]+)$/;

function toUser(r: Rep): DirectoryUser {
  return {
    id: String(r.id),
    username: String(r.username),
    ...(typeof r.firstName === "string" ? { firstName: r.firstName } : {}),
    ...(typeof r.lastName === "string" ? { lastName: r.lastName } : {}),
    ...(typeof r.email === "string" ? { email: r.email } : {}),
    enabled: r.enabled !== false,
  };
}

export class Directory {
  private readonly groupIds = new Map<string, string>();
  constructor(private readonly kc: KeycloakAdmin) {}

  /** A user by Keycloak id or by exact username; undefined when there is none. */
  async findUser(ref: {
    userId?: string | undefined;
    username?: string | undefined;
  }): Promise<DirectoryUser | undefined> {
    if (ref.userId) {
      try {
        const r = (await this.kc.users.findOne({ id: ref.userId })) as Rep | undefined;
        return r ? toUser(r) : undefined;
      } catch (e) {
        if (kcStatus(e) === 404) return undefined;
        throw e;
      }
    }
    if (!ref.username) return undefined;
    const list = (await this.kc.users.find({ username: ref.username, exact: true })) as Rep[];
    const r = list.find((u) => String(u.username) === ref.username?.toLowerCase());
    return r ? toUser(r) : undefined;
  }

  private async groupId(path: string): Promise<string | undefined> {
    const cached = this.groupIds.get(path);
    if (cached) return cached;
    try {
      const g = (await this.kc.realms.getGroupByPath({ path, realm: this.kc.realmName })) as Rep | undefined;
      if (!g?.id) return undefined;
      this.groupIds.set(path, String(g.id));
      return String(g.id);
    } catch (e) {
      if (kcStatus(e) === 404) return undefined;
      throw e;
    }
  }

  /** True when the portal's groups exist in the realm. */
  async portalExists(portalId: string): Promise<boolean> {
    return !!(await this.groupId(`/portals/${portalId}`));
  }

  /** The ids of the portals the realm has groups for (the subgroups of /portals), a page at a time. */
  async portalIds(): Promise<string[]> {
    const root = await this.groupId("/portals");
    if (!root) return [];
    const ids: string[] = [];
    for (let first = 0; ; first += 100) {
      const page = (await this.kc.groups.listSubGroups({ parentId: root, first, max: 100 })) as Rep[];
      for (const g of page) if (typeof g.name === "string") ids.push(g.name);
      if (page.length < 100) return ids;
    }
  }

  /** Creates the groups of a portal that the realm does not have yet (platform-admin only). */
  async ensurePortalGroups(portalId: string): Promise<void> {
    let root = await this.groupId("/portals");
    if (!root) root = (await this.kc.groups.create({ name: "portals" })).id;
    let portal = await this.groupId(`/portals/${portalId}`);
    if (!portal) portal = (await this.kc.groups.createChildGroup({ id: root }, { name: portalId })).id;
    for (const role of PORTAL_ROLES) {
      if (await this.groupId(portalGroupPath(portalId, role))) continue;
      await this.kc.groups.createChildGroup(
        { id: portal },
        { name: role, attributes: { label: [ROLE_LABELS[role]] } },
      );
    }
  }

  /**
   * One page of the members holding a role on a portal, in Keycloak's order of the group's members
   * (by username): `first`/`max` are applied by Keycloak's database, so a page costs the same
   * however many members the group or the realm has. undefined when the group does not exist.
   */
  async roleMembers(
    portalId: string,
    role: PortalRole,
    first: number,
    max: number,
  ): Promise<DirectoryUser[] | undefined> {
    const id = await this.groupId(portalGroupPath(portalId, role));
    if (!id) return undefined;
    return ((await this.kc.groups.listMembers({ id, first, max, briefRepresentation: true })) as Rep[]).map(
      toUser,
    );
  }

  async memberships(userId: string): Promise<PortalMembership[]> {
    const groups = (await this.kc.users.listGroups({
      id: userId,
      briefRepresentation: false,
      max: 1000,
    })) as Rep[];
    const out: PortalMembership[] = [];
    for (const g of groups) {
      const m = PATH.exec(String(g.path));
      if (m && (PORTAL_ROLES as readonly string[]).includes(m[2] as string))
        out.push({ portalId: m[1] as string, role: m[2] as PortalRole });
    }
    return out;
  }

  async realmRoles(userId: string): Promise<string[]> {
    const roles = (await this.kc.users.listCompositeRealmRoleMappings({ id: userId })) as Rep[];
    return roles.map((r) => String(r.name));
  }

  /** Adds the membership; false when the user already had it. */
  async grant(userId: string, portalId: string, role: PortalRole): Promise<boolean> {
    const id = await this.groupId(portalGroupPath(portalId, role));
    if (!id) throw new Error(`no group for ${portalId}/${role}`);
    const had = (await this.memberships(userId)).some((m) => m.portalId === portalId && m.role === role);
    if (had) return false;
    await this.kc.users.addToGroup({ id: userId, groupId: id });
    return true;
  }

  /** Removes the membership; false when the user did not have it. */
  async revoke(userId: string, portalId: string, role: PortalRole): Promise<boolean> {
    const id = await this.groupId(portalGroupPath(portalId, role));
    if (!id) return false;
    const had = (await this.memberships(userId)).some((m) => m.portalId === portalId && m.role === role);
    if (!had) return false;
    await this.kc.users.delFromGroup({ id: userId, groupId: id });
    return true;
  }

  /** An invited account: no password yet; it must set one and verify its e-mail (R-ACCOUNT). */
  async createInvitedUser(u: {
    username: string;
    email: string;
    firstName: string;
    lastName: string;
  }): Promise<string> {
    try {
      const { id } = await this.kc.users.create({
        ...u,
        enabled: true,
        emailVerified: false,
        requiredActions: ["UPDATE_PASSWORD", "VERIFY_EMAIL"],
      });
      return id;
    } catch (e) {
      if (kcStatus(e) === 409) throw new UserExists(u.username);
      throw e;
    }
  }

  /** Sets the password chosen through an invitation link; the link proves the e-mail address. */
  async completeInvitation(userId: string, password: string): Promise<void> {
    try {
      await this.kc.users.resetPassword({
        id: userId,
        credential: { type: "password", value: password, temporary: false },
      });
    } catch (e) {
      if (kcStatus(e) === 400) {
        const body = (e as { responseData?: { error_description?: string; error?: string } }).responseData;
        throw new PasswordRejected(
          body?.error_description ?? body?.error ?? "password rejected by the policy",
        );
      }
      throw e;
    }
    await this.kc.users.update({ id: userId }, { emailVerified: true, requiredActions: [] });
  }

  /** Disables the account and ends all its sessions (R-ACCOUNT handover). */
  async disableAndLogout(userId: string): Promise<void> {
    await this.kc.users.update({ id: userId }, { enabled: false });
    await this.kc.users.logout({ id: userId });
  }
}
