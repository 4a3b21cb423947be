// The platform's clients (with their protocol mappers and, for identity's own, the service
// account's realm-management roles) and Keycloak's own clients pinned to what the platform uses.
import type { KeycloakAdmin } from "../keycloak/admin";
import type { BuiltInClientSpec, ClientSpec } from "./definition";
import { differences } from "./diff";
import type { Made, Rep, Step } from "./realm.plan";

function clientRep(c: ClientSpec): Rep {
  const { protocolMappers: _m, serviceAccountRealmManagementRoles: _r, ...rest } = c;
  return { ...rest, protocol: "openid-connect", enabled: true };
}

async function findClient(kc: KeycloakAdmin, clientId: string): Promise<Rep | undefined> {
  const list = (await kc.clients.find({ clientId })) as Rep[];
  return list.find((c) => c.clientId === clientId);
}

export async function applyClient(step: Step, c: ClientSpec) {
  const { kc, plan, dry, fresh } = step;
  const desired = clientRep(c);
  let found = fresh ? undefined : await findClient(kc, c.clientId);
  let created = false;
  if (!found) {
    if (!dry) {
      await kc.clients.create({ ...desired, protocolMappers: c.protocolMappers } as never);
      found = await findClient(kc, c.clientId);
    }
    created = true;
    plan.add("client", c.clientId, "created");
  } else {
    const fields = differences(desired, found);
    if (fields.length && !dry)
      await kc.clients.update({ id: found.id as string }, { ...found, ...desired } as never);
    plan.add("client", c.clientId, fields.length ? "updated" : "unchanged", fields);
  }
  await applyMappers(step, c, { id: found?.id, created });
  await applyServiceRoles(step, c, found?.id);
}

/** Protocol mappers (the portal_groups claim and the cong-api audience). */
async function applyMappers({ kc, plan, dry }: Step, c: ClientSpec, { id, created }: Made) {
  const mappers = created || !id ? [] : ((await kc.clients.listProtocolMappers({ id })) as Rep[]);
  for (const m of c.protocolMappers) {
    const name = `${c.clientId}: ${m.name}`;
    if (created) {
      plan.add("mapper", name, "created"); // created with the client
      continue;
    }
    const have = mappers.find((x) => x.name === m.name);
    if (!have) {
      if (!dry) await kc.clients.addProtocolMapper({ id: id as string }, m);
      plan.add("mapper", name, "created");
      continue;
    }
    const fields = differences({ protocolMapper: m.protocolMapper, config: m.config }, have);
    if (fields.length && !dry)
      await kc.clients.updateProtocolMapper(
        { id: id as string, mapperId: have.id as string },
        { ...have, ...m, id: have.id as string },
      );
    plan.add("mapper", name, fields.length ? "updated" : "unchanged", fields);
  }
}

/** Realm-management roles of the client's service account (identity's own client). */
async function applyServiceRoles({ kc, plan, dry }: Step, c: ClientSpec, id: string | undefined) {
  if (!c.serviceAccountRealmManagementRoles?.length) return;
  const name = `${c.clientId}: realm-management ${c.serviceAccountRealmManagementRoles.join(", ")}`;
  const sa = id ? ((await kc.clients.getServiceAccountUser({ id })) as Rep) : undefined;
  const rm = await findClient(kc, "realm-management");
  const have =
    sa?.id && rm?.id
      ? ((await kc.users.listClientRoleMappings({ id: sa.id, clientUniqueId: rm.id })) as Rep[]).map((r) =>
          String(r.name),
        )
      : [];
  const missing = c.serviceAccountRealmManagementRoles.filter((r) => !have.includes(r));
  if (!missing.length) return plan.add("service-roles", name, "unchanged");
  if (!dry && sa?.id && rm?.id) {
    const roles = (await kc.clients.listRoles({ id: rm.id })) as Rep[];
    await kc.users.addClientRoleMappings({
      id: sa.id,
      clientUniqueId: rm.id,
      roles: roles.filter((r) => missing.includes(String(r.name))) as never,
    });
  }
  plan.add("service-roles", name, have.length ? "updated" : "created");
}

/**
 * One of Keycloak's own clients: only the grants the definition names are compared and written
 * (its name, URLs and roles stay Keycloak's). Keycloak creates these with the realm; one that is
 * missing is created from `importAs` when the definition has it, else reported (fields: missing).
 */
export async function applyBuiltInClient({ kc, plan, dry, fresh }: Step, b: BuiltInClientSpec) {
  // a realm this run creates gets Keycloak's defaults first: compare with those
  const found = fresh ? undefined : await findClient(kc, b.clientId);
  if (!found) {
    if (fresh) return plan.add("client", b.clientId, "updated", Object.keys(b.settings));
    if (b.importAs && !dry) await kc.clients.create({ ...b.importAs, protocol: "openid-connect" } as never);
    plan.add("client", b.clientId, b.importAs ? "created" : "updated", b.importAs ? undefined : ["missing"]);
    return;
  }
  const fields = differences(b.settings, found);
  if (fields.length && !dry)
    await kc.clients.update({ id: found.id as string }, {
      ...found,
      ...b.settings,
      attributes: { ...(found.attributes as Record<string, string> | undefined), ...b.settings.attributes },
    } as never);
  plan.add("client", b.clientId, fields.length ? "updated" : "unchanged", fields);
}
