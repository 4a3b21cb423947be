// Brings a running Keycloak to the realm definition through the Admin API, idempotently: every
// object is read first and written only when it differs, and the plan says, per object, whether it
// was created, updated or left unchanged. With `dryRun` nothing is written (the `--check` mode).
// Objects not in the definition are left alone, except the realm roles and portal groups of the
// users the definition names (their memberships are exact).
import type { KeycloakAdmin } from "../keycloak/admin";
import type {
  BuiltInClientSpec,
  ClientSpec,
  FlowSpec,
  FlowStep,
  GroupSpec,
  RealmSpec,
  RoleSpec,
  UserSpec,
} from "./definition";
import { differences } from "./diff";

export type Change = "created" | "updated" | "unchanged";
export interface PlanEntry {
  kind: string;
  name: string;
  change: Change;
  /** which fields differ (updated only) */
  fields?: string[];
}

export interface ApplyOptions {
  dryRun?: boolean;
  onEntry?: (e: PlanEntry) => void;
}

type Rep = Record<string, unknown> & { id?: string };

class Plan {
  readonly entries: PlanEntry[] = [];
  constructor(private readonly onEntry?: (e: PlanEntry) => void) {}
  add(kind: string, name: string, change: Change, fields?: string[]) {
    const e: PlanEntry = { kind, name, change, ...(fields?.length ? { fields } : {}) };
    this.entries.push(e);
    this.onEntry?.(e);
  }
}

export function hasDrift(plan: PlanEntry[]): boolean {
  return plan.some((e) => e.change !== "unchanged");
}

/** The plan as text; `onlyChanges` lists only what differs (the summary still counts everything). */
export function formatPlan(plan: PlanEntry[], onlyChanges = false): string {
  const lines = (onlyChanges ? plan.filter((e) => e.change !== "unchanged") : plan).map(
    (e) =>
      `${e.change.padEnd(9)} ${e.kind.padEnd(14)} ${e.name}${e.fields ? `  (${e.fields.join(", ")})` : ""}`,
  );
  const count = (c: Change) => plan.filter((e) => e.change === c).length;
  lines.push(`${count("created")} to create, ${count("updated")} to update, ${count("unchanged")} unchanged`);
  return lines.join("\n");
}

export async function applyRealm(
  kc: KeycloakAdmin,
  spec: RealmSpec,
  opts: ApplyOptions = {},
): Promise<PlanEntry[]> {
  const plan = new Plan(opts.onEntry);
  const dry = opts.dryRun ?? false;
  const realm = spec.realm;
  kc.setConfig({ realmName: realm });

  // the realm and its settings (security policy: R-ACCOUNT, R-REMOTE)
  const existing = (await kc.realms.findOne({ realm })) as Rep | undefined | null;
  const realmExists = !!existing;
  if (!existing) {
    if (!dry) await kc.realms.create({ realm, ...spec.settings } as never);
    plan.add("realm", realm, "created");
  } else {
    const fields = differences(spec.settings, existing);
    if (fields.length && !dry) await kc.realms.update({ realm }, { ...spec.settings } as never);
    plan.add("realm", realm, fields.length ? "updated" : "unchanged", fields);
  }
  const fresh = dry && !realmExists;

  for (const role of spec.roles) await applyRole(kc, plan, dry, fresh, role);
  for (const role of spec.roles) await applyComposites(kc, plan, dry, fresh, role);
  for (const g of spec.groups) await applyGroup(kc, plan, dry, fresh, g, undefined, "");
  for (const c of spec.clients) await applyClient(kc, plan, dry, fresh, c);
  for (const b of spec.builtInClients) await applyBuiltInClient(kc, plan, dry, fresh, b);
  for (const f of spec.flows) await applyFlow(kc, plan, dry, fresh, f, spec.browserFlow === f.alias);
  // the binding: the realm's browser flow
  const bound = fresh ? undefined : ((await kc.realms.findOne({ realm })) as Rep | undefined)?.browserFlow;
  if (bound !== spec.browserFlow) {
    if (!dry) await kc.realms.update({ realm }, { browserFlow: spec.browserFlow });
    plan.add("binding", `browserFlow=${spec.browserFlow}`, bound ? "updated" : "created");
  } else plan.add("binding", `browserFlow=${spec.browserFlow}`, "unchanged");
  for (const u of spec.users) await applyUser(kc, plan, dry, fresh, u);
  return plan.entries;
}

async function applyRole(kc: KeycloakAdmin, plan: Plan, dry: boolean, fresh: boolean, role: RoleSpec) {
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

async function applyComposites(kc: KeycloakAdmin, plan: Plan, dry: boolean, fresh: boolean, role: RoleSpec) {
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
    const reps = await Promise.all(missing.map((m) => kc.roles.findOneByName({ name: m })));
    await kc.roles.createComposite({ roleId: found.id }, reps.filter(Boolean) as never);
  }
  plan.add("composite", name, have.length ? "updated" : "created");
}

async function findRole(kc: KeycloakAdmin, name: string, fresh: boolean): Promise<Rep | undefined> {
  if (fresh) return undefined;
  return ((await kc.roles.findOneByName({ name })) as Rep | undefined) ?? undefined;
}

async function groupByPath(kc: KeycloakAdmin, path: string): Promise<Rep | undefined> {
  try {
    const g = (await kc.realms.getGroupByPath({ path, realm: kc.realmName })) as Rep | undefined;
    return g ?? undefined;
  } catch (e) {
    if ((e as { response?: { status?: number } }).response?.status === 404) return undefined;
    throw e;
  }
}

async function applyGroup(
  kc: KeycloakAdmin,
  plan: Plan,
  dry: boolean,
  fresh: boolean,
  g: GroupSpec,
  parentId: string | undefined,
  parentPath: string,
): Promise<void> {
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
        const reps = await Promise.all(missing.map((m) => kc.roles.findOneByName({ name: m })));
        await kc.groups.addRealmRoleMappings({ id: found.id, roles: reps as never });
      }
      plan.add("group-roles", name, created ? "created" : "updated");
    } else plan.add("group-roles", name, "unchanged");
  }
  for (const sub of g.subGroups)
    await applyGroup(kc, plan, dry, fresh || (dry && created), sub, found?.id, path);
}

function clientRep(c: ClientSpec): Rep {
  const { protocolMappers: _m, serviceAccountRealmManagementRoles: _r, ...rest } = c;
  return { ...rest, protocol: "openid-connect", enabled: true };
}

async function findClient(kc: KeycloakAdmin, clientId: string): Promise<Rep | undefined> {
  const list = (await kc.clients.find({ clientId })) as Rep[];
  return list.find((c) => c.clientId === clientId);
}

async function applyClient(kc: KeycloakAdmin, plan: Plan, dry: boolean, fresh: boolean, c: ClientSpec) {
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
  // protocol mappers (the portal_groups claim and the cong-api audience)
  const mappers =
    created || !found?.id ? [] : ((await kc.clients.listProtocolMappers({ id: found.id })) as Rep[]);
  for (const m of c.protocolMappers) {
    const name = `${c.clientId}: ${m.name}`;
    if (created) {
      plan.add("mapper", name, "created"); // created with the client
      continue;
    }
    const have = mappers.find((x) => x.name === m.name);
    if (!have) {
      if (!dry) await kc.clients.addProtocolMapper({ id: found?.id as string }, m);
      plan.add("mapper", name, "created");
      continue;
    }
    const fields = differences({ protocolMapper: m.protocolMapper, config: m.config }, have);
    if (fields.length && !dry)
      await kc.clients.updateProtocolMapper(
        { id: found?.id as string, mapperId: have.id as string },
        { ...have, ...m, id: have.id as string },
      );
    plan.add("mapper", name, fields.length ? "updated" : "unchanged", fields);
  }
  // realm-management roles of the client's service account (identity's own client)
  if (c.serviceAccountRealmManagementRoles?.length) {
    const name = `${c.clientId}: realm-management ${c.serviceAccountRealmManagementRoles.join(", ")}`;
    const sa = found?.id ? ((await kc.clients.getServiceAccountUser({ id: found.id })) as Rep) : undefined;
    const rm = await findClient(kc, "realm-management");
    const have =
      sa?.id && rm?.id
        ? ((await kc.users.listClientRoleMappings({ id: sa.id, clientUniqueId: rm.id })) as Rep[]).map((r) =>
            String(r.name),
          )
        : [];
    const missing = c.serviceAccountRealmManagementRoles.filter((r) => !have.includes(r));
    if (!missing.length) plan.add("service-roles", name, "unchanged");
    else {
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
  }
}

/**
 * One of Keycloak's own clients: only the grants the definition names are compared and written
 * (its name, URLs and roles stay Keycloak's). Keycloak creates these with the realm; one that is
 * missing is created from `importAs` when the definition has it, else reported (fields: missing).
 */
async function applyBuiltInClient(
  kc: KeycloakAdmin,
  plan: Plan,
  dry: boolean,
  fresh: boolean,
  b: BuiltInClientSpec,
) {
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

interface FlatStep {
  level: number;
  /** provider id of an execution, or `flow:<alias>` */
  what: string;
  requirement: string;
  config?: Record<string, string>;
  configAlias?: string;
  parent: string;
}

function flatten(steps: FlowStep[], parent: string, level = 0): FlatStep[] {
  return steps.flatMap((s) => {
    const head: FlatStep = {
      level,
      what: s.subFlow ? `flow:${s.subFlow.alias}` : String(s.authenticator),
      requirement: s.requirement,
      parent,
      ...(s.config ? { config: s.config.config, configAlias: s.config.alias } : {}),
    };
    return s.subFlow ? [head, ...flatten(s.subFlow.steps, s.subFlow.alias, level + 1)] : [head];
  });
}

async function flowMatches(kc: KeycloakAdmin, f: FlowSpec): Promise<boolean> {
  const want = flatten(f.steps, f.alias);
  const have = (await kc.authenticationManagement.getExecutions({ flow: f.alias })) as Rep[];
  if (have.length !== want.length) return false;
  for (const [i, w] of want.entries()) {
    const h = have[i] as Rep;
    const what = h.authenticationFlow ? `flow:${String(h.displayName)}` : String(h.providerId);
    if (h.level !== w.level || what !== w.what || h.requirement !== w.requirement) return false;
    if (w.config) {
      if (!h.authenticationConfig) return false;
      const cfg = (await kc.authenticationManagement.getConfig({
        id: String(h.authenticationConfig),
      })) as Rep;
      if (differences(w.config, cfg.config).length) return false;
    }
  }
  return true;
}

async function applyFlow(
  kc: KeycloakAdmin,
  plan: Plan,
  dry: boolean,
  fresh: boolean,
  f: FlowSpec,
  bound: boolean,
) {
  const flows = fresh ? [] : ((await kc.authenticationManagement.getFlows()) as Rep[]);
  const found = flows.find((x) => x.alias === f.alias);
  if (found && (await flowMatches(kc, f))) return plan.add("flow", f.alias, "unchanged");
  if (!dry) {
    if (found) {
      // a flow is rebuilt whole: unbind, delete (with its sub-flows), create again, rebind below
      if (bound) await kc.realms.update({ realm: kc.realmName }, { browserFlow: "browser" });
      await kc.authenticationManagement.deleteFlow({ flowId: found.id as string });
    }
    await createFlow(kc, f);
  }
  plan.add("flow", f.alias, found ? "updated" : "created", found ? ["executions"] : undefined);
}

async function createFlow(kc: KeycloakAdmin, f: FlowSpec) {
  const am = kc.authenticationManagement;
  await am.createFlow({
    alias: f.alias,
    description: f.description,
    providerId: "basic-flow",
    topLevel: true,
    builtIn: false,
  });
  const add = async (parent: string, steps: FlowStep[]) => {
    for (const s of steps) {
      if (s.subFlow) {
        await am.addFlowToFlow({
          flow: parent,
          alias: s.subFlow.alias,
          type: "basic-flow",
          provider: "registration-page-form",
          description: s.subFlow.description,
        });
        await add(s.subFlow.alias, s.subFlow.steps);
      } else await am.addExecutionToFlow({ flow: parent, provider: String(s.authenticator) });
    }
  };
  await add(f.alias, f.steps);
  // the executions come back depth-first, in the order they were added
  const want = flatten(f.steps, f.alias);
  const have = (await am.getExecutions({ flow: f.alias })) as Rep[];
  for (const [i, w] of want.entries()) {
    const h = have[i] as Rep;
    if (h.requirement !== w.requirement)
      await am.updateExecution({ flow: f.alias }, { ...h, requirement: w.requirement });
    if (w.config)
      await am.createConfig({ id: h.id as string, alias: w.configAlias ?? w.what, config: w.config });
  }
}

async function applyUser(kc: KeycloakAdmin, plan: Plan, dry: boolean, fresh: boolean, u: UserSpec) {
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
  const id = found?.id;
  // exact portal memberships and realm roles
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
  const managed = ["platform-admin", "auditor"];
  const extraRoles = roles.filter(
    (r) => managed.includes(String(r.name)) && !u.realmRoles.includes(String(r.name)),
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
    if (missingRoles.length) {
      const reps = await Promise.all(missingRoles.map((r) => kc.roles.findOneByName({ name: r })));
      await kc.users.addRealmRoleMappings({ id, roles: reps as never });
    }
    if (extraRoles.length) await kc.users.delRealmRoleMappings({ id, roles: extraRoles as never });
  }
  plan.add("user-access", name, created ? "created" : "updated");
}
