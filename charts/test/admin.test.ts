// The admin UI (services/admin) as the chart deploys it: every key its zod schema requires, read
// from the TypeScript source; its secrets only through secretKeyRef; its network paths (APIs,
// Keycloak, MongoDB out; the ingress controller and Keycloak's back-channel logout in); the admin
// host's upload route; and the realm job that gives Keycloak the admin's client settings.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "yaml";
import {
  byKind,
  chartDir,
  everythingOn,
  FULLNAME,
  helm,
  type K8sObject,
  type Loose,
  NAMESPACE,
  podTemplate,
  productionValues,
  RELEASE,
  type RenderOptions,
  render,
  renderNotes,
} from "./helm";
import { ensureTools, repoRoot } from "./tools";

const defaults = parse(fs.readFileSync(path.join(chartDir, "values.yaml"), "utf8"));
const production = parse(fs.readFileSync(productionValues, "utf8"));
const ADMIN_HOST: string = defaults.ingress.admin.host;
const ADMIN = `${FULLNAME}-admin`;
const APIS = ["content", "media", "identity", "archive"];

/** A zod field, as much of it as these tests use. */
type Field = { safeParse(v: unknown): { success: boolean }; description?: string };
/**
 * The admin's configuration schema, loaded from services/admin/src/config.ts itself (swc compiles
 * it; `@cong/kit` resolves to packages/kit/src through the jest preset), so the chart is checked
 * against the keys the service really reads, shared ones (PORT, MONGO_URL, KEYCLOAK_URL…) included.
 */
const adminConfigFile = path.join(repoRoot, "services/admin/src/config.ts");
const { adminConfig } = require(adminConfigFile) as { adminConfig: Record<string, Field> };
/** Keys the admin cannot start without: no default, not optional. */
const REQUIRED = Object.keys(adminConfig).filter((k) => !adminConfig[k]!.safeParse(undefined).success);
/** Environment the chart sets for the runtime rather than for the service's schema. */
const RUNTIME = /^(NODE_ENV|NODE_EXTRA_CA_CERTS|OTEL_[A-Z_]+)$/;
const SECRET_KEYS = ["ADMIN_OIDC_CLIENT_SECRET", "ADMIN_SESSION_SECRET", "MONGO_URL"];

const renders: Record<string, K8sObject[]> = {};
beforeAll(() => {
  ensureTools();
  renders.default = render();
  renders.production = render({ values: [productionValues] });
  renders.everything = render(everythingOn);
});
const allRenders = () => Object.entries(renders);
const helmTemplateWith = (extra: string[]) =>
  helm(["template", RELEASE, chartDir, "--namespace", NAMESPACE, ...extra]);
const withSet = (base: RenderOptions, set: string[]): RenderOptions => ({
  ...base,
  set: [...(base.set ?? []), ...set],
});

const find = (objects: K8sObject[], kind: string, name: string) =>
  byKind(objects, kind).find((o) => o.metadata.name === name);
const configMap = (objects: K8sObject[], name: string): Record<string, string> =>
  find(objects, "ConfigMap", name)!.data;
const policy = (objects: K8sObject[], component: string) =>
  find(objects, "NetworkPolicy", `${FULLNAME}-${component}`)!;
const component = (peer: Loose) => peer.podSelector?.matchLabels?.["app.kubernetes.io/component"];

type EnvSource = { value?: string; secretKeyRef?: { name: string; key: string }; configMap?: string };
/** What a workload's first container sees as environment: its ConfigMaps (envFrom) and env. */
function containerEnv(objects: K8sObject[], workload: K8sObject): Map<string, EnvSource> {
  const c = podTemplate(workload).spec.containers[0];
  const env = new Map<string, EnvSource>();
  for (const from of c.envFrom ?? []) {
    const name: string = from.configMapRef.name;
    for (const [k, v] of Object.entries(configMap(objects, name)))
      env.set(k, { value: v as string, configMap: name });
  }
  for (const e of c.env ?? [])
    env.set(e.name, e.valueFrom ? { secretKeyRef: e.valueFrom.secretKeyRef } : { value: e.value });
  return env;
}
const adminEnv = (objects: K8sObject[]) => containerEnv(objects, find(objects, "Deployment", ADMIN)!);

describe("admin: the configuration of services/admin/src/config.ts", () => {
  it("is read from the TypeScript source, shared keys included", () => {
    expect(REQUIRED).toEqual(
      expect.arrayContaining([
        "PORT",
        "MANAGEMENT_PORT",
        "MONGO_URL",
        "KEYCLOAK_URL",
        "ADMIN_OIDC_CLIENT_SECRET",
        "ADMIN_SESSION_SECRET",
      ]),
    );
    // and every key there is documented, as the brief of the service says
    for (const [key, field] of Object.entries(adminConfig))
      expect({ key, described: Boolean(field.description) }).toEqual({ key, described: true });
  });

  it("the Deployment gets every key that has no default", () => {
    for (const [name, objects] of allRenders()) {
      const env = adminEnv(objects);
      expect({ name, missing: REQUIRED.filter((k) => !env.has(k)) }).toEqual({ name, missing: [] });
    }
  });

  it("every non-secret value passes the admin's own schema, and names only keys it reads", () => {
    for (const [name, objects] of allRenders()) {
      const data = configMap(objects, ADMIN);
      for (const [key, value] of Object.entries(data)) {
        const field = adminConfig[key];
        if (!field) {
          expect({ name, key, runtime: RUNTIME.test(key) }).toEqual({ name, key, runtime: true });
          continue;
        }
        expect({ name, key, value, valid: field.safeParse(value).success }).toEqual({
          name,
          key,
          value,
          valid: true,
        });
      }
    }
  });

  it("sets the admin's public origin, OIDC client, Keycloak, the APIs in the cluster, media and the portals", () => {
    expect(configMap(renders.default!, ADMIN)).toMatchObject({
      ADMIN_PUBLIC_URL: `https://${ADMIN_HOST}`,
      ADMIN_OIDC_CLIENT_ID: "cong-admin",
      ADMIN_COOKIE_SECURE: "true",
      KEYCLOAK_URL: defaults.keycloak.url,
      KEYCLOAK_REALM: defaults.keycloak.realm,
      KEYCLOAK_ISSUER: `${defaults.keycloak.url}/realms/${defaults.keycloak.realm}`,
      CONTENT_API_URL: `http://${FULLNAME}-content:8080`,
      MEDIA_API_URL: `http://${FULLNAME}-media:8080`,
      IDENTITY_API_URL: `http://${FULLNAME}-identity:8080`,
      ARCHIVE_API_URL: `http://${FULLNAME}-archive:8080`,
      MEDIA_PUBLIC_URL: `https://${defaults.ingress.media.host}`,
      PUBLIC_DOMAIN: "bacgiang.gov.vn",
      PUBLIC_SCHEME: "https",
      ADMIN_IDLE_TIMEOUT_SECONDS: "1800",
      ADMIN_ABSOLUTE_TIMEOUT_SECONDS: "43200",
      ADMIN_IDLE_WARNING_SECONDS: "120",
      ADMIN_AUTOSAVE_SECONDS: "20",
      ADMIN_UPLOAD_LIMIT_BYTES: String(2 * 1024 ** 3),
    });
    // the issuer every Keycloak client checks is the same
    for (const [name, objects] of allRenders())
      for (const cm of byKind(objects, "ConfigMap").filter((c) => c.data?.KEYCLOAK_URL))
        expect({ name, cm: cm.metadata.name, issuer: cm.data.KEYCLOAK_ISSUER }).toEqual({
          name,
          cm: cm.metadata.name,
          issuer: `${cm.data.KEYCLOAK_URL}/realms/${cm.data.KEYCLOAK_REALM}`,
        });
  });

  it("follows the values", () => {
    const objects = render({
      set: [
        "ingress.admin.host=admin.staging.bacgiang.gov.vn",
        "ingress.media.host=tep.staging.bacgiang.gov.vn",
        "domain.public=staging.bacgiang.gov.vn",
        "admin.oidc.clientId=cong-admin-staging",
        "admin.session.idleTimeoutSeconds=600",
        "admin.session.absoluteTimeoutSeconds=3600",
        "admin.session.idleWarningSeconds=60",
        "admin.autosaveSeconds=5",
        "admin.uploadLimitBytes=1073741824",
        "ingress.admin.proxyBodySize=1g",
      ],
    });
    expect(configMap(objects, ADMIN)).toMatchObject({
      ADMIN_PUBLIC_URL: "https://admin.staging.bacgiang.gov.vn",
      ADMIN_OIDC_CLIENT_ID: "cong-admin-staging",
      MEDIA_PUBLIC_URL: "https://tep.staging.bacgiang.gov.vn",
      PUBLIC_DOMAIN: "staging.bacgiang.gov.vn",
      ADMIN_IDLE_TIMEOUT_SECONDS: "600",
      ADMIN_ABSOLUTE_TIMEOUT_SECONDS: "3600",
      ADMIN_IDLE_WARNING_SECONDS: "60",
      ADMIN_AUTOSAVE_SECONDS: "5",
      ADMIN_UPLOAD_LIMIT_BYTES: "1073741824",
    });
    // identity's invitation links lead to the same admin UI
    expect(configMap(objects, `${FULLNAME}-identity`).ADMIN_PUBLIC_URL).toBe(
      "https://admin.staging.bacgiang.gov.vn",
    );
  });

  it("an API that is not deployed gets no URL", () => {
    const objects = render({
      set: ["archive.enabled=false", "backup.enabled=false", "reports.enabled=false"],
    });
    expect(configMap(objects, ADMIN).ARCHIVE_API_URL).toBeUndefined();
    expect(configMap(objects, ADMIN).CONTENT_API_URL).toBe(`http://${FULLNAME}-content:8080`);
  });

  it("refuses session rules that contradict each other, and typos", () => {
    const warning = helmTemplateWith(["--set", "admin.session.idleWarningSeconds=1800"]);
    expect(warning.status).not.toBe(0);
    expect(warning.stderr).toMatch(/admin.session: idleWarningSeconds \(1800\) must be less than/);
    const absolute = helmTemplateWith(["--set", "admin.session.absoluteTimeoutSeconds=600"]);
    expect(absolute.status).not.toBe(0);
    const typo = helmTemplateWith(["--set", "admin.oidc.clientID=x"]);
    expect(typo.stderr).toContain("additional properties 'clientID' not allowed");
    expect(helmTemplateWith(["--set", "admin.uploadLimitBytes=0"]).stderr).toMatch(/uploadLimitBytes/);
    expect(helmTemplateWith(["--set", "admin.existingSecret=Cong_Admin"]).stderr).toMatch(/existingSecret/);
  });
});

describe("admin: secrets only through secretKeyRef", () => {
  it("the OIDC client secret, the session keys and MONGO_URL come from existing Secrets", () => {
    const mongoSecret: Record<string, { name: string; key: string }> = {
      default: { name: defaults.mongodb.existingSecret, key: defaults.mongodb.secretKeys.admin },
      production: { name: production.mongodb.existingSecret, key: "MONGO_URL_ADMIN" },
      everything: { name: `${FULLNAME}-mongodb-admin`, key: "connectionString.standard" },
    };
    for (const [name, objects] of allRenders()) {
      const env = adminEnv(objects);
      expect({ name, env: SECRET_KEYS.map((k) => env.get(k)) }).toEqual({
        name,
        env: [
          { secretKeyRef: { name: "cong-admin", key: "ADMIN_OIDC_CLIENT_SECRET" } },
          { secretKeyRef: { name: "cong-admin", key: "ADMIN_SESSION_SECRET" } },
          { secretKeyRef: mongoSecret[name] },
        ],
      });
      // never a literal value, never in any ConfigMap
      const c = find(objects, "Deployment", ADMIN)!.spec.template.spec.containers[0];
      for (const e of c.env.filter((x: Loose) => /SECRET|MONGO_URL/.test(x.name)))
        expect(e.value).toBeUndefined();
      for (const cm of byKind(objects, "ConfigMap"))
        for (const key of [...SECRET_KEYS, "ADMIN_CLIENT_SECRET"]) expect(cm.data?.[key]).toBeUndefined();
    }
  });

  it("the Secret and its keys are values", () => {
    const objects = render({
      set: [
        "admin.existingSecret=ttdl-cong-admin",
        "admin.oidcClientSecretKey=oidc",
        "admin.sessionSecretKey=session",
        "mongodb.secretKeys.admin=MONGO_URL_ADMIN",
      ],
    });
    const env = adminEnv(objects);
    expect(env.get("ADMIN_OIDC_CLIENT_SECRET")).toEqual({
      secretKeyRef: { name: "ttdl-cong-admin", key: "oidc" },
    });
    expect(env.get("ADMIN_SESSION_SECRET")).toEqual({
      secretKeyRef: { name: "ttdl-cong-admin", key: "session" },
    });
    expect(env.get("MONGO_URL")).toEqual({ secretKeyRef: { name: "cong-mongodb", key: "MONGO_URL_ADMIN" } });
  });

  it("the in-cluster MongoDB gives admin a user of its own database cong_admin, never MongoDB's admin database", () => {
    const [mdb] = byKind(renders.everything!, "MongoDBCommunity");
    const user = mdb!.spec.users.find((u: Loose) => u.name === "admin");
    expect(user).toMatchObject({
      db: "cong_admin",
      roles: [{ name: "readWrite", db: "cong_admin" }],
      passwordSecretRef: { name: defaults.mongodb.operator.passwordSecret, key: "admin" },
      connectionStringSecretName: `${FULLNAME}-mongodb-admin`,
    });
  });
});

describe("admin: no writable path", () => {
  it("a read-only root filesystem and no /tmp: the admin writes no files", () => {
    for (const [name, objects] of allRenders()) {
      const pod = find(objects, "Deployment", ADMIN)!.spec.template.spec;
      const c = pod.containers[0];
      expect({ name, ro: c.securityContext.readOnlyRootFilesystem }).toEqual({ name, ro: true });
      // the only volume ever mounted is the CA bundle, read-only
      for (const m of c.volumeMounts ?? [])
        expect({ name, m }).toEqual({
          name,
          m: { name: "ca-bundle", mountPath: "/etc/cong/ca", readOnly: true },
        });
      expect({ name, volumes: (pod.volumes ?? []).map((v: Loose) => Object.keys(v).sort()) }).toEqual({
        name,
        volumes: (pod.volumes ?? []).map(() => ["configMap", "name"]),
      });
    }
    const plain = find(renders.default!, "Deployment", ADMIN)!.spec.template.spec;
    expect(plain.volumes).toBeUndefined();
    expect(plain.containers[0].volumeMounts).toBeUndefined();
  });
});

describe("admin: network paths", () => {
  it("egress: the four APIs on their HTTP port, Keycloak as keycloak.egress, MongoDB", () => {
    for (const [name, objects] of allRenders()) {
      const egress: Loose[] = policy(objects, "admin").spec.egress;
      const apiRule = egress.find((r) => (r.to ?? []).some((p: Loose) => APIS.includes(component(p))));
      expect({ name, apis: apiRule.to.map(component).sort(), ports: apiRule.ports }).toEqual({
        name,
        apis: [...APIS].sort(),
        ports: [{ protocol: "TCP", port: 8080 }],
      });
      // each API's pods listen on 8080, named http, and accept the admin there
      for (const api of APIS) {
        const c = find(objects, "Deployment", `${FULLNAME}-${api}`)!.spec.template.spec.containers[0];
        expect(c.ports).toContainEqual({ name: "http", containerPort: 8080, protocol: "TCP" });
        const from = policy(objects, api).spec.ingress.filter((r: Loose) =>
          (r.from ?? []).some((p: Loose) => component(p) === "admin"),
        );
        expect({ name, api, ports: from.map((r: Loose) => r.ports) }).toEqual({
          name,
          api,
          ports: [[{ protocol: "TCP", port: "http" }]],
        });
      }
    }
    const prod = policy(renders.production!, "admin").spec.egress as Loose[];
    expect(prod).toContainEqual({
      to: [{ ipBlock: { cidr: production.keycloak.egress.cidrs[0] } }],
      ports: [{ protocol: "TCP", port: 443 }],
    });
    expect(prod).toContainEqual({
      to: [{ ipBlock: { cidr: production.mongodb.egress.cidrs[0] } }],
      ports: [{ protocol: "TCP", port: 27017 }],
    });
    const everything = policy(renders.everything!, "admin").spec.egress as Loose[];
    expect(everything).toContainEqual({
      to: [{ podSelector: { matchLabels: { app: `${FULLNAME}-mongodb-svc` } } }],
      ports: [{ protocol: "TCP", port: 27017 }],
    });
  });

  it("an API that is not deployed is no egress peer", () => {
    const objects = render({
      set: ["archive.enabled=false", "backup.enabled=false", "reports.enabled=false"],
    });
    const peers = policy(objects, "admin").spec.egress.flatMap((r: Loose) => (r.to ?? []).map(component));
    expect(peers).not.toContain("archive");
    expect(peers).toContain("content");
  });

  it("ingress: the ingress controller and, for the back-channel logout, Keycloak, on the HTTP port only", () => {
    const controller = defaults.networkPolicy.ingressController;
    for (const [name, objects] of allRenders()) {
      const ingress: Loose[] = policy(objects, "admin").spec.ingress;
      // no rule is open to every source
      for (const r of ingress)
        expect({ name, from: Array.isArray(r.from) && r.from.length > 0 }).toEqual({
          name,
          from: true,
        });
      expect(ingress).toContainEqual({
        from: [{ namespaceSelector: controller.namespaceSelector, podSelector: controller.podSelector }],
        ports: [{ protocol: "TCP", port: "http" }],
      });
    }
    // production: the external Keycloak's addresses, as its egress rules use them
    const prodRule = policy(renders.production!, "admin").spec.ingress.find((r: Loose) =>
      r.from.some((p: Loose) => p.ipBlock),
    );
    expect(prodRule).toEqual({
      from: production.keycloak.egress.cidrs.map((cidr: string) => ({ ipBlock: { cidr } })),
      ports: [{ protocol: "TCP", port: "http" }],
    });
    // in-cluster Keycloak: the very pod selector identity's Admin API egress uses
    const everything = renders.everything!;
    const keycloakPods = policy(everything, "identity")
      .spec.egress.flatMap((r: Loose) => r.to ?? [])
      .find((p: Loose) => p.podSelector?.matchLabels?.app === "keycloak");
    expect(keycloakPods).toBeDefined();
    expect(policy(everything, "admin").spec.ingress).toContainEqual({
      from: [keycloakPods],
      ports: [{ protocol: "TCP", port: "http" }],
    });
    // default values know no Keycloak address: no rule rather than one from anywhere
    const defaultFrom = policy(renders.default!, "admin").spec.ingress.flatMap((r: Loose) => r.from);
    expect(defaultFrom.some((p: Loose) => p.ipBlock || p.podSelector?.matchLabels?.app === "keycloak")).toBe(
      false,
    );
  });

  it("a Keycloak in another namespace, given by selectors, is let in too", () => {
    const objects = render({
      set: [
        "keycloak.egress.namespaceSelector.matchLabels.kubernetes\\.io/metadata\\.name=keycloak",
        "keycloak.egress.podSelector.matchLabels.app=keycloak",
      ],
    });
    expect(policy(objects, "admin").spec.ingress).toContainEqual({
      from: [
        {
          namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "keycloak" } },
          podSelector: { matchLabels: { app: "keycloak" } },
        },
      ],
      ports: [{ protocol: "TCP", port: "http" }],
    });
  });
});

describe("the admin host: uploads stream through the admin UI", () => {
  const adminIngress = (objects: K8sObject[]) => find(objects, "Ingress", ADMIN)!;

  it("the admin UI route takes the largest upload, unbuffered, with a long read timeout", () => {
    for (const [name, objects] of allRenders()) {
      const values = name === "production" ? production : defaults;
      const a = adminIngress(objects).metadata.annotations;
      expect({ name, a }).toEqual({
        name,
        a: expect.objectContaining({
          "nginx.ingress.kubernetes.io/proxy-body-size": values.ingress.admin.proxyBodySize,
          "nginx.ingress.kubernetes.io/proxy-request-buffering": "off",
          "nginx.ingress.kubernetes.io/proxy-read-timeout": String(
            defaults.ingress.admin.uploadTimeoutSeconds,
          ),
          "nginx.ingress.kubernetes.io/proxy-send-timeout": String(
            defaults.ingress.admin.uploadTimeoutSeconds,
          ),
        }),
      });
      // at least the admin's own limit, which is media's largest file (video, 2 GiB)
      const units: Record<string, number> = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
      const [, n, unit] = /^(\d+)([kmg]?)$/i.exec(a["nginx.ingress.kubernetes.io/proxy-body-size"])!;
      const bytes = Number(n) * units[unit!.toLowerCase()]!;
      expect(bytes).toBeGreaterThanOrEqual(Number(configMap(objects, ADMIN).ADMIN_UPLOAD_LIMIT_BYTES));
      expect(bytes).toBeGreaterThanOrEqual(2 * 1024 ** 3);
      expect(adminIngress(objects).spec.rules[0].http.paths).toEqual([
        { path: "/", pathType: "Prefix", backend: { service: { name: ADMIN, port: { name: "http" } } } },
      ]);
    }
  });

  it("annotations from values cannot turn buffering back on or shorten the timeouts", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cong-admin-"));
    const file = path.join(dir, "annotations.yaml");
    fs.writeFileSync(
      file,
      [
        "ingress:",
        "  admin:",
        "    uploadTimeoutSeconds: 1200",
        "    annotations:",
        '      nginx.ingress.kubernetes.io/proxy-request-buffering: "on"',
        '      nginx.ingress.kubernetes.io/proxy-read-timeout: "5"',
        '      nginx.ingress.kubernetes.io/proxy-send-timeout: "5"',
        "      nginx.ingress.kubernetes.io/proxy-body-size: 1m",
        "",
      ].join("\n"),
    );
    let objects: K8sObject[];
    try {
      objects = render({ values: [file] });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(adminIngress(objects).metadata.annotations).toMatchObject({
      "nginx.ingress.kubernetes.io/proxy-request-buffering": "off",
      "nginx.ingress.kubernetes.io/proxy-read-timeout": "1200",
      "nginx.ingress.kubernetes.io/proxy-send-timeout": "1200",
      "nginx.ingress.kubernetes.io/proxy-body-size": "2g",
    });
  });

  it("rendering fails when the controller would refuse what the admin accepts", () => {
    const small = helmTemplateWith(["--set", "ingress.admin.proxyBodySize=512m"]);
    expect(small.status).not.toBe(0);
    expect(small.stderr).toMatch(
      /ingress.admin.proxyBodySize "512m" .* is smaller than admin.uploadLimitBytes/,
    );
    // a smaller admin limit fits a smaller body size; 0 (no limit) always fits
    expect(
      helmTemplateWith([
        "--set",
        "ingress.admin.proxyBodySize=512m",
        "--set",
        "admin.uploadLimitBytes=536870912",
      ]).status,
    ).toBe(0);
    expect(helmTemplateWith(["--set-string", "ingress.admin.proxyBodySize=0"]).status).toBe(0);
  });
});

describe("the realm job: identity's apply-realm with the admin's client", () => {
  const cli = fs.readFileSync(path.join(repoRoot, "services/identity/src/cli.ts"), "utf8");
  const realmJob = (objects: K8sObject[]) => find(objects, "Job", `${FULLNAME}-realm`);
  const inClusterLogout = `http://${ADMIN}.${NAMESPACE}.svc.${defaults.clusterDomain}:8080/auth/backchannel-logout`;

  it("identity's CLI reads the keys the job sets, and the admin serves the back-channel path", () => {
    for (const key of ["ADMIN_REDIRECT_URIS", "ADMIN_CLIENT_SECRET", "ADMIN_BACKCHANNEL_LOGOUT_URL"])
      expect(cli).toMatch(new RegExp(`^\\s+${key}: z`, "m"));
    expect(cli).toContain('"apply-realm"');
    const routes = fs.readFileSync(path.join(repoRoot, "services/admin/src/routes/auth.routes.tsx"), "utf8");
    expect(routes).toContain('"/auth/backchannel-logout"');
  });

  it("runs after every install and upgrade with identity's image, configuration and admin client", () => {
    for (const [name, objects] of allRenders()) {
      const job = realmJob(objects)!;
      expect({ name, annotations: job.metadata.annotations }).toEqual({
        name,
        annotations: expect.objectContaining({
          "helm.sh/hook": "post-install,post-upgrade",
          "helm.sh/hook-delete-policy": "before-hook-creation",
        }),
      });
      const c = job.spec.template.spec.containers[0];
      expect(c.image).toMatch(/\/cong-identity:/);
      expect([...c.command, ...c.args]).toEqual(["node", "dist/cli.js", "apply-realm"]);
      expect(c.envFrom).toEqual([{ configMapRef: { name: `${FULLNAME}-identity` } }]);
      expect(job.spec.template.spec.serviceAccountName).toBe(`${FULLNAME}-identity`);
      const env = containerEnv(objects, job);
      expect(env.get("KEYCLOAK_ADMIN_CLIENT_SECRET")).toEqual({
        secretKeyRef: {
          name: defaults.keycloak.adminClient.existingSecret,
          key: "KEYCLOAK_ADMIN_CLIENT_SECRET",
        },
      });
      expect(env.get("KEYCLOAK_URL")?.value).toBe(defaults.keycloak.url);
    }
  });

  it("gives cong-admin the admin host's redirect URIs, the admin's own client secret and its back-channel logout URL", () => {
    for (const [name, objects] of allRenders()) {
      const env = containerEnv(objects, realmJob(objects)!);
      const admin = adminEnv(objects);
      expect({
        name,
        redirect: env.get("ADMIN_REDIRECT_URIS"),
        logout: env.get("ADMIN_BACKCHANNEL_LOGOUT_URL"),
        // one Secret key for both sides of the client
        secret: env.get("ADMIN_CLIENT_SECRET"),
      }).toEqual({
        name,
        redirect: { value: `https://${ADMIN_HOST}/*` },
        // production's Keycloak is outside the cluster: it posts to the admin host (values-production.yaml)
        logout: {
          value: name === "production" ? `https://${ADMIN_HOST}/auth/backchannel-logout` : inClusterLogout,
        },
        secret: admin.get("ADMIN_OIDC_CLIENT_SECRET"),
      });
      // the redirect URIs cover the admin's own origin, the logout URL its Service's http port
      expect(
        `${admin.get("ADMIN_PUBLIC_URL")?.value}/auth/callback`.startsWith(
          env.get("ADMIN_REDIRECT_URIS")!.value!.replace(/\*$/, ""),
        ),
      ).toBe(true);
      const service = find(objects, "Service", ADMIN)!;
      expect(service.spec.ports).toContainEqual(expect.objectContaining({ name: "http", port: 8080 }));
      expect(new URL(inClusterLogout).hostname.split(".").slice(0, 2)).toEqual([
        service.metadata.name,
        service.metadata.namespace,
      ]);
    }
  });

  it("follows the values: the admin host, the Secret key and an explicit back-channel URL", () => {
    const objects = render({
      set: [
        "ingress.admin.host=admin.staging.bacgiang.gov.vn",
        "admin.existingSecret=ttdl-cong-admin",
        "admin.oidcClientSecretKey=oidc",
        "admin.oidc.backchannelLogoutUrl=https://admin.staging.bacgiang.gov.vn/auth/backchannel-logout",
      ],
    });
    const env = containerEnv(objects, realmJob(objects)!);
    expect(env.get("ADMIN_REDIRECT_URIS")).toEqual({ value: "https://admin.staging.bacgiang.gov.vn/*" });
    expect(env.get("ADMIN_CLIENT_SECRET")).toEqual({
      secretKeyRef: { name: "ttdl-cong-admin", key: "oidc" },
    });
    expect(env.get("ADMIN_BACKCHANNEL_LOGOUT_URL")).toEqual({
      value: "https://admin.staging.bacgiang.gov.vn/auth/backchannel-logout",
    });
    expect(adminEnv(objects).get("ADMIN_OIDC_CLIENT_SECRET")).toEqual(env.get("ADMIN_CLIENT_SECRET"));
    expect(helmTemplateWith(["--set", "admin.oidc.backchannelLogoutUrl=not a url"]).stderr).toMatch(
      /backchannelLogoutUrl/,
    );
  });

  it("reaches Keycloak and its Admin API only, and accepts nothing", () => {
    const prod = policy(renders.production!, "realm");
    expect(prod.spec.ingress).toEqual([]);
    expect(prod.spec.egress).toContainEqual({
      to: [{ ipBlock: { cidr: production.keycloak.egress.cidrs[0] } }],
      ports: [{ protocol: "TCP", port: 443 }],
    });
    const everything = policy(renders.everything!, "realm");
    const identity = policy(renders.everything!, "identity");
    const adminApi = identity.spec.egress.find((r: Loose) =>
      (r.to ?? []).some((p: Loose) => p.podSelector?.matchLabels?.app === "keycloak"),
    );
    expect(everything.spec.egress).toContainEqual(adminApi);
    const peers = everything.spec.egress.flatMap((r: Loose) => r.to ?? []);
    expect(peers.filter((p: Loose) => component(p))).toEqual([]);
  });

  it("is not rendered without identity or with realm.enabled=false; without admin it leaves the secret alone", () => {
    for (const set of [["realm.enabled=false"], ["identity.enabled=false"]]) {
      const objects = render({ set });
      expect({ set, job: realmJob(objects) }).toEqual({ set, job: undefined });
      expect(find(objects, "NetworkPolicy", `${FULLNAME}-realm`)).toBeUndefined();
    }
    const noAdmin = render({ set: ["admin.enabled=false"] });
    const env = containerEnv(noAdmin, realmJob(noAdmin)!);
    expect(env.has("ADMIN_CLIENT_SECRET")).toBe(false);
    expect(env.get("ADMIN_REDIRECT_URIS")).toEqual({ value: `https://${ADMIN_HOST}/*` });
  });
});

describe("NOTES.txt", () => {
  it("says where the admin UI is, which Secret it needs and what the realm job does", () => {
    const notes = renderNotes({ values: [productionValues] });
    expect(notes).toContain(`The agencies' admin UI is https://${ADMIN_HOST}/`);
    expect(notes).toContain(
      `It needs the Secret "${defaults.admin.existingSecret}" (keys ADMIN_OIDC_CLIENT_SECRET, ADMIN_SESSION_SECRET`,
    );
    expect(notes).toMatch(/^ {2}cong-admin: ADMIN_OIDC_CLIENT_SECRET .*ADMIN_SESSION_SECRET/m);
    expect(notes).toContain("MONGO_URL_ADMIN");
    expect(notes).toContain(`hook Job ${FULLNAME}-realm runs identity's apply-realm`);
    expect(notes).toContain(`redirect URIs https://${ADMIN_HOST}/*`);
    // production names Keycloak's addresses: no warning about the back channel
    expect(notes).not.toContain("Keycloak's address is not known");
    expect(renderNotes(withSet({}, []))).toContain("Keycloak's address is not known");
  });
});
