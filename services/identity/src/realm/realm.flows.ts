// Authentication flows (the browser flow `cong-browser` with the OTP form for holders of
// `otp-required`): compared execution by execution, and rebuilt whole when they differ.
import type { KeycloakAdmin } from "../keycloak/admin";
import type { FlowSpec, FlowStep } from "./definition";
import { differences } from "./diff";
import type { Rep, Step } from "./realm.plan";

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

/** `bound`: the realm's browser flow is this one (unbound while it is rebuilt, bound again after). */
export async function applyFlow({ kc, plan, dry, fresh }: Step, f: FlowSpec, bound: boolean) {
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
