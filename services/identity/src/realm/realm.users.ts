// The users the definition names (the demo users): their attributes, and their portal groups and
// managed realm roles made exact. The password is set once, at creation.
import type { UserSpec } from "./definition";
import { differences } from "./diff";
import type { Made, Rep, Step } from "./realm.plan";
import { groupByPath, rolesByName } from "./realm.roles";

/** Realm roles whose holders the definition decides (others a user holds are left alone). */
const MANAGED_ROLES = ["platform-admin", "auditor"];

export async function applyUser(step: Step, u: UserSpec) {
  const { kc, plan, dry, fresh } = step;
  const rep = {
    username: u.username,
    firstName: u.firstName,
    lastName: u.lastName,
    email: u.email,
    enabled: true,
    emailVerified: true,
  };
  let found = fresh
    ? undefined
    : ((await kc.users.find({ username: u.username, exact: true })) as Rep[]).find(
        (x) => x.username === u.username,
      );
  let created = false;
  if (!found) {
    if (!dry) {
      const { id } = await kc.users.create({
        ...rep,
        credentials: [{ type: "password", value: u.password, temporary: false }],
      });
      found = { id };
    }
    created = true;
    plan.add("user", u.username, "created");
  } else {
    // the password is set once, at creation: the history policy refuses setting it again
    const fields = differences(rep, found);
    if (fields.length && !dry) await kc.users.update({ id: found.id as string }, rep);
    plan.add("user", u.username, fields.length ? "updated" : "unchanged", fields);
  }
  await applyUserAccess(step, u, { id: found?.id, created });
}

/** Exact portal memberships and realm roles. */
async function applyUserAccess({ kc, plan, dry }: Step, u: UserSpec, { id, created }: Made) {
  const groups =
    id && !created ? ((await kc.users.listGroups({ id, briefRepresentation: false })) as Rep[]) : [];
  const havePaths = groups.map((g) => String(g.path));
  const missing = u.groups.filter((p) => !havePaths.includes(p));
  const extra = groups.filter(
    (g) => String(g.path).startsWith("/portals/") && !u.groups.includes(String(g.path)),
  );
  const roles = id && !created ? ((await kc.users.listRealmRoleMappings({ id })) as Rep[]) : [];
  const haveRoles = roles.map((r) => String(r.name));
  const missingRoles = u.realmRoles.filter((r) => !haveRoles.includes(r));
  const extraRoles = roles.filter(
    (r) => MANAGED_ROLES.includes(String(r.name)) && !u.realmRoles.includes(String(r.name)),
  );
  const name = `${u.username} ∈ ${[...u.groups, ...u.realmRoles].join(", ") || "(none)"}`;
  if (!missing.length && !extra.length && !missingRoles.length && !extraRoles.length) {
    if (u.groups.length || u.realmRoles.length || groups.length) plan.add("user-access", name, "unchanged");
    return;
  }
  if (!dry && id) {
    for (const p of missing) {
      const g = await groupByPath(kc, p);
      if (!g?.id) throw new Error(`group ${p} does not exist`);
      await kc.users.addToGroup({ id, groupId: g.id });
    }
    for (const g of extra) await kc.users.delFromGroup({ id, groupId: g.id as string });
    if (missingRoles.length)
      await kc.users.addRealmRoleMappings({ id, roles: (await rolesByName(kc, missingRoles)) as never });
    if (extraRoles.length) await kc.users.delRealmRoleMappings({ id, roles: extraRoles as never });
  }
  plan.add("user-access", name, created ? "created" : "updated");
}
