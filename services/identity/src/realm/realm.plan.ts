// The plan an apply returns (per object: created, updated with the fields, or unchanged) and what
// every apply step shares: the representation type, "not found" on a 404, the Keycloak lookups.
import type { KeycloakAdmin } from "../keycloak/admin";

export type Change = "created" | "updated" | "unchanged";
export interface PlanEntry {
  kind: string;
  name: string;
  change: Change;
  /** which fields differ (updated only) */
  fields?: string[];
}

export type Rep = Record<string, unknown> & { id?: string };

export class Plan {
  readonly entries: PlanEntry[] = [];
  constructor(private readonly onEntry?: (e: PlanEntry) => void) {}
  add(kind: string, name: string, change: Change, fields?: string[]) {
    const e: PlanEntry = { kind, name, change, ...(fields?.length ? { fields } : {}) };
    this.entries.push(e);
    this.onEntry?.(e);
  }
}

/** One apply run: where it writes, what it reports, whether it writes at all. */
export interface Step {
  kc: KeycloakAdmin;
  plan: Plan;
  /** write nothing (`--check`) */
  dry: boolean;
  /** a dry run against a realm that does not exist yet: nothing can be read */
  fresh: boolean;
}

/** What an object's step found or made, for the steps of its parts (mappers, memberships). */
export interface Made {
  /** Keycloak's id (none in a dry run that would create it) */
  id: string | undefined;
  /** created by this run: it has none of its parts yet */
  created: boolean;
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
