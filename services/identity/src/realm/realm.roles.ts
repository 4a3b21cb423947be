// Realm roles, their composites, and the portal groups with the realm roles they map.
import type { KeycloakAdmin } from "../keycloak/admin";
import type { GroupSpec, RoleSpec } from "./definition";
import { differences } from "./diff";
import type { Rep, Step } from "./realm.plan";

/** The realm roles of these names, as Keycloak represents them (for a mapping). */
export const rolesByName = (kc: KeycloakAdmin, names: string[]) =>
  Promise.all(names.map((name) => kc.roles.findOneByName({ name })));

export async function groupByPath(kc: KeycloakAdmin, path: string): Promise<Rep | undefined> {
  try {
    const g = (await kc.realms.getGroupByPath({ path, realm: kc.realmName })) as Rep | undefined;
    return g ?? undefined;
  } catch (e) {
    if ((e as { response?: { status?: number } }).response?.status === 404) return undefined;
    throw e;
  }
}

export async function applyRole({ kc, plan, dry, fresh }: Step, role: RoleSpec) {
  const found = fresh ? undefined : ((await kc.roles.findOneByName({ name: role.name })) as Rep | undefined);
  if (!found) {
    if (!dry) await kc.roles.create({ name: role.name, description: role.description });
    plan.add("realm-role", role.name, "created");
    return;
  }
  const fields = differences({ description: role.description }, found);
  if (fields.length && !dry)
    await kc.roles.updateByName({ name: role.name }, { ...found, description: role.description });
  plan.add("realm-role", role.name, fields.length ? "updated" : "unchanged", fields);
}

export async function applyComposites({ kc, plan, dry, fresh }: Step, role: RoleSpec) {
  if (!role.composites.length) return;
  const name = `${role.name} ⊇ ${role.composites.join(", ")}`;
  const found =
    fresh || dry ? await findRole(kc, role.name, fresh) : await kc.roles.findOneByName({ name: role.name });
  const have = found?.id
    ? ((await kc.roles.getCompositeRolesForRealm({ id: found.id })) as Rep[]).map((r) => String(r.name))
    : [];
  const missing = role.composites.filter((c) => !have.includes(c));
  if (!missing.length) return plan.add("composite", name, "unchanged");
  if (!dry && found?.id) {
    const reps = await rolesByName(kc, missing);
    await kc.roles.createComposite({ roleId: found.id }, reps.filter(Boolean) as never);
  }
  plan.add("composite", name, have.length ? "updated" : "created");
}

async function findRole(kc: KeycloakAdmin, name: string, fresh: boolean): Promise<Rep | undefined> {
  if (fresh) return undefined;
  return ((await kc.roles.findOneByName({ name })) as Rep | undefined) ?? undefined;
}

export async function applyGroup(
  step: Step,
  g: GroupSpec,
  parentId: string | undefined,
  parentPath: string,
): Promise<void> {
  const { kc, plan, dry, fresh } = step;
  const path = `${parentPath}/${g.name}`;
  let found = fresh ? undefined : await groupByPath(kc, path);
  let created = false;
  if (!found) {
    if (!dry) {
      const rep = { name: g.name, attributes: g.attributes };
      const { id } = parentId
        ? await kc.groups.createChildGroup({ id: parentId }, rep)
        : await kc.groups.create(rep);
      found = { id, name: g.name };
    }
    created = true;
    plan.add("group", path, "created");
  } else {
    const fields = differences({ attributes: g.attributes }, found);
    if (fields.length && !dry)
      await kc.groups.update({ id: found.id as string }, { name: g.name, attributes: g.attributes });
    plan.add("group", path, fields.length ? "updated" : "unchanged", fields);
  }
  if (g.realmRoles.length) {
    const name = `${path} → ${g.realmRoles.join(", ")}`;
    const have =
      found?.id && !created
        ? ((await kc.groups.listRealmRoleMappings({ id: found.id })) as Rep[]).map((r) => String(r.name))
        : [];
    const missing = g.realmRoles.filter((r) => !have.includes(r));
    if (missing.length) {
      if (!dry && found?.id) {
        const reps = await rolesByName(kc, missing);
        await kc.groups.addRealmRoleMappings({ id: found.id, roles: reps as never });
      }
      plan.add("group-roles", name, created ? "created" : "updated");
    } else plan.add("group-roles", name, "unchanged");
  }
  for (const sub of g.subGroups)
    await applyGroup({ ...step, fresh: fresh || (dry && created) }, sub, found?.id, path);
}
