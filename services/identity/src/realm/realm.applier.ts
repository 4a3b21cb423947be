// Brings a running Keycloak to the realm definition through the Admin API, idempotently: every
// object is read first and written only when it differs, and the plan says, per object, whether it
// was created, updated or left unchanged. With `dryRun` nothing is written (the `--check` mode).
// Objects not in the definition are left alone, except the realm roles and portal groups of the
// users the definition names (their memberships are exact).
//
// One module per kind of object: realm.roles.ts (realm roles, composites, portal groups),
// realm.clients.ts (the platform's and Keycloak's own clients), realm.flows.ts (the browser flow
// with OTP), realm.users.ts (demo users and their access); realm.plan.ts is the plan.
import type { KeycloakAdmin } from "../keycloak/admin";
import type { RealmSpec } from "./definition";
import { differences } from "./diff";
import { applyBuiltInClient, applyClient } from "./realm.clients";
import { applyFlow } from "./realm.flows";
import { Plan, type PlanEntry, type Rep, type Step } from "./realm.plan";
import { applyComposites, applyGroup, applyRole } from "./realm.roles";
import { applyUser } from "./realm.users";

export { type Change, formatPlan, hasDrift, type PlanEntry } from "./realm.plan";

export interface ApplyOptions {
  dryRun?: boolean;
  onEntry?: (e: PlanEntry) => void;
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
  const step: Step = { kc, plan, dry, fresh };

  for (const role of spec.roles) await applyRole(step, role);
  for (const role of spec.roles) await applyComposites(step, role);
  for (const g of spec.groups) await applyGroup(step, g, undefined, "");
  for (const c of spec.clients) await applyClient(step, c);
  for (const b of spec.builtInClients) await applyBuiltInClient(step, b);
  for (const f of spec.flows) await applyFlow(step, f, spec.browserFlow === f.alias);
  // the binding: the realm's browser flow
  const bound = fresh ? undefined : ((await kc.realms.findOne({ realm })) as Rep | undefined)?.browserFlow;
  if (bound !== spec.browserFlow) {
    if (!dry) await kc.realms.update({ realm }, { browserFlow: spec.browserFlow });
    plan.add("binding", `browserFlow=${spec.browserFlow}`, bound ? "updated" : "created");
  } else plan.add("binding", `browserFlow=${spec.browserFlow}`, "unchanged");
  for (const u of spec.users) await applyUser(step, u);
  return plan.entries;
}
