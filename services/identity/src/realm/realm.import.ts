// The same realm definition as a realm file for `kc.sh start-dev --import-realm` (local start-up;
// infra/keycloak/realm.mjs loads this from dist/). Keycloak imports a realm only when it does not
// exist; `cli.js apply-realm` then keeps it equal to the definition.
import type { FlowStep, RealmSpec } from "./definition";

function flowsJson(spec: RealmSpec) {
  const flows: Record<string, unknown>[] = [];
  const configs: Record<string, unknown>[] = [];
  const add = (alias: string, description: string, steps: FlowStep[], topLevel: boolean) => {
    flows.push({
      alias,
      description,
      providerId: "basic-flow",
      topLevel,
      builtIn: false,
      authenticationExecutions: steps.map((s, i) => {
        if (s.subFlow) add(s.subFlow.alias, s.subFlow.description, s.subFlow.steps, false);
        if (s.config) configs.push({ alias: s.config.alias, config: s.config.config });
        return {
          ...(s.subFlow
            ? { flowAlias: s.subFlow.alias, authenticatorFlow: true }
            : { authenticator: s.authenticator, authenticatorFlow: false }),
          requirement: s.requirement,
          priority: (i + 1) * 10,
          userSetupAllowed: false,
          ...(s.config ? { authenticatorConfig: s.config.alias } : {}),
        };
      }),
    });
  };
  for (const f of spec.flows) add(f.alias, f.description, f.steps, true);
  return { flows, configs };
}

export function toImportJson(spec: RealmSpec): Record<string, unknown> {
  const { flows, configs } = flowsJson(spec);
  const groups = (gs: RealmSpec["groups"]): unknown[] =>
    gs.map((g) => ({
      name: g.name,
      attributes: g.attributes,
      realmRoles: g.realmRoles,
      subGroups: groups(g.subGroups),
    }));
  return {
    realm: spec.realm,
    ...spec.settings,
    roles: {
      realm: spec.roles.map((r) => ({
        name: r.name,
        description: r.description,
        ...(r.composites.length ? { composite: true, composites: { realm: r.composites } } : {}),
      })),
    },
    groups: groups(spec.groups),
    clients: [
      ...spec.clients.map(({ serviceAccountRealmManagementRoles: _r, ...c }) => ({
        ...c,
        protocol: "openid-connect",
        enabled: true,
        protocolMappers: c.protocolMappers.map((m) => ({ ...m, consentRequired: false })),
      })),
      // Keycloak's own clients whose grants differ from its defaults: the file names them whole
      // (Keycloak then does not create its own); the others are left to Keycloak
      ...spec.builtInClients.flatMap((b) =>
        b.importAs ? [{ ...b.importAs, protocol: "openid-connect", enabled: true }] : [],
      ),
    ],
    authenticationFlows: flows,
    authenticatorConfig: configs,
    browserFlow: spec.browserFlow,
    users: [
      ...spec.users.map((u) => ({
        username: u.username,
        enabled: true,
        emailVerified: true,
        firstName: u.firstName,
        lastName: u.lastName,
        email: u.email,
        realmRoles: u.realmRoles,
        groups: u.groups,
        credentials: [{ type: "password", value: u.password, temporary: false }],
      })),
      // service accounts of the clients that hold realm-management roles
      ...spec.clients
        .filter((c) => c.serviceAccountRealmManagementRoles?.length)
        .map((c) => ({
          username: `service-account-${c.clientId}`,
          enabled: true,
          serviceAccountClientId: c.clientId,
          clientRoles: { "realm-management": c.serviceAccountRealmManagementRoles },
        })),
    ],
  };
}
