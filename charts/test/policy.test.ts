// What the chart promises the provincial data-integration centre, asserted on rendered objects:
// TLS on every Ingress and an allow-listed admin host (R-REMOTE), one host per portal (R-DOM),
// restricted pods selected by NetworkPolicies under a default deny, no Secret rendered from
// values, R-OPS-247 probes/PDB/HPA, R-BACKUP and R-REPORT jobs, config checksums.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "yaml";
import {
  byKind,
  chartDir,
  envConfigMaps,
  everythingOn,
  FULLNAME,
  helm,
  type K8sObject,
  type Loose,
  NAMESPACE,
  podTemplate,
  productionValues,
  RELEASE,
  render,
  renderNotes,
  WORKLOAD_KINDS,
} from "./helm";
import { ensureTools } from "./tools";

const SERVICES = ["publishing", "content", "media", "identity", "archive", "admin"];
const defaults = parse(fs.readFileSync(path.join(chartDir, "values.yaml"), "utf8"));
const production = parse(fs.readFileSync(productionValues, "utf8"));
const ADMIN_HOST: string = defaults.ingress.admin.host;

type Labels = Record<string, string>;
function selects(selector: Loose, labels: Labels): boolean {
  if (!selector) return false;
  const matchLabels: Labels = selector.matchLabels ?? {};
  const exprs: { key: string; operator: string; values?: string[] }[] = selector.matchExpressions ?? [];
  return (
    Object.entries(matchLabels).every(([k, v]) => labels[k] === v) &&
    exprs.every((e) => {
      const v = labels[e.key];
      if (e.operator === "In") return v !== undefined && (e.values ?? []).includes(v);
      if (e.operator === "NotIn") return v === undefined || !(e.values ?? []).includes(v);
      if (e.operator === "Exists") return v !== undefined;
      return v === undefined;
    })
  );
}

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

describe("Ingress (R-REMOTE, R-DOM)", () => {
  it("every Ingress has TLS for each of its hosts and redirects HTTP to HTTPS", () => {
    for (const [name, objects] of allRenders()) {
      const ingresses = byKind(objects, "Ingress");
      expect(ingresses.length).toBeGreaterThan(0);
      for (const ing of ingresses) {
        const tlsHosts: string[] = (ing.spec.tls ?? []).flatMap(
          (t: { hosts: string[]; secretName: string }) => {
            expect(t.secretName).toMatch(/^[a-z0-9][-a-z0-9.]*$/);
            return t.hosts;
          },
        );
        for (const rule of ing.spec.rules)
          expect({ name, ingress: ing.metadata.name, host: tlsHosts.includes(rule.host) }).toEqual({
            name,
            ingress: ing.metadata.name,
            host: true,
          });
        expect(ing.metadata.annotations["nginx.ingress.kubernetes.io/force-ssl-redirect"]).toBe("true");
      }
    }
  });

  it("certificates come from the cert-manager ClusterIssuer, one Ingress asking per host", () => {
    const ingresses = byKind(renders.everything!, "Ingress");
    const issuedHosts = ingresses
      .filter(
        (i) =>
          i.metadata.annotations["cert-manager.io/cluster-issuer"] === defaults.ingress.tls.clusterIssuer,
      )
      .flatMap((i) => i.spec.tls.flatMap((t: { hosts: string[] }) => t.hosts));
    expect(new Set(issuedHosts).size).toBe(issuedHosts.length);
    const allHosts = new Set(ingresses.flatMap((i) => i.spec.rules.map((r: { host: string }) => r.host)));
    expect(new Set(issuedHosts)).toEqual(allHosts);
  });

  it("a given TLS Secret replaces cert-manager", () => {
    const objects = render({
      set: ["ingress.tls.source=secret", "ingress.tls.existingSecret=wildcard-bacgiang"],
    });
    for (const ing of byKind(objects, "Ingress")) {
      expect(ing.metadata.annotations["cert-manager.io/cluster-issuer"]).toBeUndefined();
      expect(ing.spec.tls[0].secretName).toBe("wildcard-bacgiang");
    }
  });

  it("every Ingress on the admin host carries a non-empty source allow-list (R-REMOTE)", () => {
    for (const [, objects] of allRenders()) {
      const adminIngresses = byKind(objects, "Ingress").filter((i) =>
        i.spec.rules.some((r: { host: string }) => r.host === ADMIN_HOST),
      );
      expect(adminIngresses.length).toBeGreaterThanOrEqual(2);
      for (const ing of adminIngresses) {
        const allow = ing.metadata.annotations[
          "nginx.ingress.kubernetes.io/whitelist-source-range"
        ] as string;
        expect(allow).toMatch(/^[0-9a-f.:/]+(,[0-9a-f.:/]+)*$/);
        expect(allow.split(",")).not.toContain("0.0.0.0/0");
        // nothing but the admin host in these Ingresses
        expect(ing.spec.rules.every((r: { host: string }) => r.host === ADMIN_HOST)).toBe(true);
      }
    }
    const prodAdmin = byKind(renders.production!, "Ingress").find(
      (i) => i.metadata.name === `${FULLNAME}-admin`,
    )!;
    expect(prodAdmin.metadata.annotations["nginx.ingress.kubernetes.io/whitelist-source-range"]).toBe(
      production.ingress.admin.allowList.join(","),
    );
  });

  it("the admin host routes / to admin and /api/<service>/ to the four APIs", () => {
    const rules = byKind(renders.default!, "Ingress")
      .flatMap((i) => i.spec.rules)
      .filter((r) => r.host === ADMIN_HOST)
      .flatMap((r) =>
        r.http.paths.map((p: { path: string; backend: { service: { name: string } } }) => [
          p.path,
          p.backend.service.name,
        ]),
      );
    expect(rules).toEqual(
      expect.arrayContaining([
        ["/", `${FULLNAME}-admin`],
        ["/api/content(/|$)(.*)", `${FULLNAME}-content`],
        ["/api/media(/|$)(.*)", `${FULLNAME}-media`],
        ["/api/identity(/|$)(.*)", `${FULLNAME}-identity`],
        ["/api/archive(/|$)(.*)", `${FULLNAME}-archive`],
      ]),
    );
  });

  it("an empty or world-open allow-list is refused by the schema", () => {
    for (const list of ["[]", '["0.0.0.0/0"]', '["not-a-cidr"]']) {
      const refused = helmTemplateWith(["--set-json", `ingress.admin.allowList=${list}`]);
      expect(refused.status).not.toBe(0);
      expect(refused.stderr).toMatch(/allowList/);
    }
  });

  it("no public host routes the Keycloak admin console; /admin only on the admin host", () => {
    const objects = renders.everything!;
    const keycloakService = `${FULLNAME}-keycloak-service`;
    const routes = byKind(objects, "Ingress").flatMap((i) =>
      i.spec.rules.flatMap(
        (r: { host: string; http: { paths: { path: string; backend: { service: { name: string } } }[] } }) =>
          r.http.paths.map((p) => ({ host: r.host, path: p.path, service: p.backend.service.name })),
      ),
    );
    const publicRoutes = routes.filter((r) => r.host !== ADMIN_HOST);
    expect(publicRoutes.filter((r) => r.path.startsWith("/admin"))).toEqual([]);
    for (const r of publicRoutes.filter((x) => x.service === keycloakService)) {
      expect(r.path).toMatch(/^\/(realms|resources)\//);
    }
    expect(routes).toContainEqual({ host: ADMIN_HOST, path: "/admin/", service: keycloakService });
    // the operator's own Ingress, which would expose everything, is off
    const keycloak = byKind(objects, "Keycloak")[0]!;
    expect(keycloak.spec.ingress.enabled).toBe(false);
    expect(keycloak.spec.hostname.admin).toBe(`https://${ADMIN_HOST}`);
    // and the schema refuses /admin on the public auth host
    const refused = helmTemplateWith(["--set-json", 'keycloak.ingress.publicPaths=["/realms/", "/admin/"]']);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/publicPaths/);
  });
});

type Route = {
  host: string;
  path: string;
  pathType: string;
  service: string;
  port: Loose;
  ingress: K8sObject;
};
const routesOf = (objects: K8sObject[]): Route[] =>
  byKind(objects, "Ingress").flatMap((ing) =>
    ing.spec.rules.flatMap((r: Loose) =>
      r.http.paths.map((p: Loose) => ({
        host: r.host,
        path: p.path,
        pathType: p.pathType,
        service: p.backend.service.name,
        port: p.backend.service.port,
        ingress: ing,
      })),
    ),
  );

describe("the public media host", () => {
  const MEDIA_HOST: string = defaults.ingress.media.host;

  it("routes only the prefix /assets/ to media's http port, over TLS", () => {
    for (const [name, objects] of allRenders()) {
      const routes = routesOf(objects).filter((r) => r.host === MEDIA_HOST);
      expect({
        name,
        routes: routes.map(({ path, pathType, service, port }) => ({ path, pathType, service, port })),
      }).toEqual({
        name,
        routes: [
          { path: "/assets/", pathType: "Prefix", service: `${FULLNAME}-media`, port: { name: "http" } },
        ],
      });
      const ing = routes[0]!.ingress;
      // no rewrite, no regex: the path media sees is the one routed
      expect(ing.metadata.annotations["nginx.ingress.kubernetes.io/rewrite-target"]).toBeUndefined();
      expect(ing.metadata.annotations["nginx.ingress.kubernetes.io/use-regex"]).toBeUndefined();
      expect(ing.spec.tls).toEqual([{ hosts: [MEDIA_HOST], secretName: `${FULLNAME}-media-tls` }]);
      expect(ing.metadata.annotations["cert-manager.io/cluster-issuer"]).toBeTruthy();
      // and it is no allow-listed admin host: citizens load the files
      expect(ing.metadata.annotations["nginx.ingress.kubernetes.io/whitelist-source-range"]).toBeUndefined();
    }
  });

  it("publishing's MEDIA_PUBLIC_URL is that host", () => {
    const cm = byKind(renders.default!, "ConfigMap").find(
      (c) => c.metadata.name === `${FULLNAME}-publishing`,
    )!;
    expect(cm.data.MEDIA_PUBLIC_URL).toBe(`https://${MEDIA_HOST}`);
    const other = render({ set: ["ingress.media.host=tep.bacgiang.gov.vn"] });
    expect(
      byKind(other, "ConfigMap").find((c) => c.metadata.name === `${FULLNAME}-publishing`)!.data
        .MEDIA_PUBLIC_URL,
    ).toBe("https://tep.bacgiang.gov.vn");
    expect(routesOf(other).filter((r) => r.service === `${FULLNAME}-media` && r.host !== ADMIN_HOST)).toEqual(
      [expect.objectContaining({ host: "tep.bacgiang.gov.vn", path: "/assets/" })],
    );
  });

  it("is not rendered without media, and may not reuse another host", () => {
    const objects = render({ set: ["media.enabled=false"] });
    expect(routesOf(objects).some((r) => r.host === MEDIA_HOST)).toBe(false);
    expect(
      byKind(objects, "ConfigMap").find((c) => c.metadata.name === `${FULLNAME}-publishing`)!.data
        .MEDIA_PUBLIC_URL,
    ).toBeUndefined();
    const clash = helmTemplateWith(["--set", `ingress.media.host=${ADMIN_HOST}`]);
    expect(clash.status).not.toBe(0);
    expect(clash.stderr).toMatch(/ingress.media.host .* is already the admin host/);
  });
});

describe("publishing's /internal/ paths are not public", () => {
  it("every portal host refuses /internal (case-insensitively) with an allow-list that matches no client", () => {
    for (const [name, objects] of allRenders()) {
      const portalHosts = byKind(objects, "Ingress")
        .filter((i) => i.metadata.labels["cong.bacgiang.gov.vn/portal"])
        .flatMap((i) => i.spec.rules.map((r: { host: string }) => r.host));
      const internal = routesOf(objects).filter((r) => /^\/internal/i.test(r.path));
      expect({ name, hosts: internal.map((r) => r.host).sort() }).toEqual({
        name,
        hosts: [...portalHosts].sort(),
      });
      for (const r of internal) {
        expect(r.path).toBe("/internal(/|$)");
        const a = r.ingress.metadata.annotations;
        expect(a["nginx.ingress.kubernetes.io/whitelist-source-range"]).toBe("0.0.0.0/32");
        expect(a["nginx.ingress.kubernetes.io/use-regex"]).toBe("true");
        expect(a["nginx.ingress.kubernetes.io/force-ssl-redirect"]).toBe("true");
        // the deny Ingress only holds /internal paths and never asks for certificates of its own
        expect(routesOf([r.ingress]).every((x) => x.path === "/internal(/|$)")).toBe(true);
        expect(a["cert-manager.io/cluster-issuer"]).toBeUndefined();
      }
    }
  });

  it("annotations from values cannot lift the deny", () => {
    const objects = render({
      set: [
        "ingress.annotations.nginx\\.ingress\\.kubernetes\\.io/whitelist-source-range=0.0.0.0/0",
        "commonAnnotations.nginx\\.ingress\\.kubernetes\\.io/use-regex=off",
      ],
    });
    const deny = byKind(objects, "Ingress").find((i) => i.metadata.name === `${FULLNAME}-portals-internal`)!;
    expect(deny.metadata.annotations["nginx.ingress.kubernetes.io/whitelist-source-range"]).toBe(
      "0.0.0.0/32",
    );
    expect(deny.metadata.annotations["nginx.ingress.kubernetes.io/use-regex"]).toBe("true");
  });

  it("the deny reuses each portal's certificate", () => {
    const objects = render({
      set: ["portals[0].id=bacgiang", "portals[0].host=bacgiang.gov.vn", "portals[0].tlsSecret=bg-cert"],
    });
    const deny = byKind(objects, "Ingress").find((i) => i.metadata.name === `${FULLNAME}-portals-internal`)!;
    expect(deny.spec.tls).toContainEqual({ hosts: ["bacgiang.gov.vn"], secretName: "bg-cert" });
  });
});

describe("one host per portal (R-DOM)", () => {
  const portalHosts = (objects: K8sObject[]) =>
    byKind(objects, "Ingress")
      .filter((i) => i.metadata.labels["cong.bacgiang.gov.vn/portal"])
      .flatMap((i) =>
        i.spec.rules.map(
          (r: { host: string; http: { paths: { backend: { service: { name: string } } }[] } }) => {
            expect(r.http.paths.map((p) => p.backend.service.name)).toEqual([`${FULLNAME}-publishing`]);
            return r.host;
          },
        ),
      );

  it("renders exactly the configured portals' hosts, all routed to publishing", () => {
    expect(portalHosts(renders.default!).sort()).toEqual(
      defaults.portals.map((p: { host: string }) => p.host).sort(),
    );
    const prodHosts = production.portals.flatMap((p: { host: string; aliases?: string[] }) => [
      p.host,
      ...(p.aliases ?? []),
    ]);
    expect(portalHosts(renders.production!).sort()).toEqual(prodHosts.sort());
  });

  it("a portal added with --set gets one more host", () => {
    const portals = [...defaults.portals, { id: "tanyen", host: "tanyen.bacgiang.gov.vn" }];
    const set = portals.flatMap((p: { id: string; host: string }, i: number) => [
      `portals[${i}].id=${p.id}`,
      `portals[${i}].host=${p.host}`,
    ]);
    const hosts = portalHosts(render({ set }));
    expect(hosts.length).toBe(defaults.portals.length + 1);
    expect(hosts).toContain("tanyen.bacgiang.gov.vn");
  });

  it("refuses a portal id with diacritics, a duplicate id and a host used twice", () => {
    expect(
      helmTemplateWith(["--set-json", 'portals=[{"id":"Tân Yên","host":"tanyen.bacgiang.gov.vn"}]']).stderr,
    ).toMatch(/portals\/0\/id/);
    const dupId = helmTemplateWith([
      "--set-json",
      'portals=[{"id":"a","host":"a.bacgiang.gov.vn"},{"id":"a","host":"b.bacgiang.gov.vn"}]',
    ]);
    expect(dupId.status).not.toBe(0);
    expect(dupId.stderr).toMatch(/appears twice/);
    const dupHost = helmTemplateWith(["--set-json", `portals=[{"id":"a","host":"${ADMIN_HOST}"}]`]);
    expect(dupHost.status).not.toBe(0);
    expect(dupHost.stderr).toMatch(/admin host/);
  });
});

describe("restricted pods", () => {
  it("every workload runs non-root, read-only, without privileges, capabilities or token", () => {
    for (const [name, objects] of allRenders()) {
      const workloads = objects.filter((o) => WORKLOAD_KINDS.includes(o.kind));
      expect(workloads.length).toBeGreaterThanOrEqual(name === "everything" ? 9 : 8);
      const serviceAccounts = new Map(byKind(objects, "ServiceAccount").map((sa) => [sa.metadata.name, sa]));
      for (const w of workloads) {
        const pod = podTemplate(w).spec;
        const where = `${name}: ${w.kind}/${w.metadata.name}`;
        expect({ where, ...pod.securityContext }).toMatchObject({
          where,
          runAsNonRoot: true,
          runAsUser: 10001,
          runAsGroup: 10001,
          seccompProfile: { type: "RuntimeDefault" },
        });
        expect({ where, automount: pod.automountServiceAccountToken }).toEqual({ where, automount: false });
        expect(pod.hostNetwork ?? false).toBe(false);
        const sa = serviceAccounts.get(pod.serviceAccountName);
        expect({ where, sa: sa?.automountServiceAccountToken }).toEqual({ where, sa: false });
        // a writable /tmp only where files are written: admin writes none (admin.test.ts)
        const writesFiles = w.metadata.labels["app.kubernetes.io/component"] !== "admin";
        const tmp = (pod.volumes ?? []).find((v: { name: string }) => v.name === "tmp");
        expect({ where, tmp: tmp?.emptyDir !== undefined }).toEqual({ where, tmp: writesFiles });
        for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
          expect({ where, ...c.securityContext }).toMatchObject({
            where,
            runAsNonRoot: true,
            readOnlyRootFilesystem: true,
            allowPrivilegeEscalation: false,
            capabilities: { drop: ["ALL"] },
          });
          expect(c.securityContext.capabilities.add).toBeUndefined();
          if (writesFiles) expect(c.volumeMounts).toContainEqual({ name: "tmp", mountPath: "/tmp" });
        }
      }
    }
  });

  it("one ServiceAccount per service", () => {
    const names = byKind(renders.default!, "ServiceAccount").map((s) => s.metadata.name);
    expect(names.sort()).toEqual(SERVICES.map((s) => `${FULLNAME}-${s}`).sort());
  });
});

describe("NetworkPolicies", () => {
  it("a default-deny policy selects every pod of the release", () => {
    for (const [, objects] of allRenders()) {
      const policies = byKind(objects, "NetworkPolicy");
      const deny = policies.find((p) => p.metadata.name === `${FULLNAME}-default-deny`)!;
      expect(deny.spec.policyTypes.sort()).toEqual(["Egress", "Ingress"]);
      expect(deny.spec.ingress ?? []).toEqual([]);
      expect(deny.spec.egress ?? []).toEqual([]);
      for (const w of objects.filter((o) => WORKLOAD_KINDS.includes(o.kind))) {
        expect({
          w: w.metadata.name,
          denied: selects(deny.spec.podSelector, podTemplate(w).metadata.labels),
        }).toEqual({
          w: w.metadata.name,
          denied: true,
        });
      }
    }
  });

  it("every workload is selected by a policy of its own that allows its traffic", () => {
    for (const [, objects] of allRenders()) {
      const own = byKind(objects, "NetworkPolicy").filter(
        (p) => !/-(default-deny|dns)$/.test(p.metadata.name),
      );
      for (const w of objects.filter((o) => WORKLOAD_KINDS.includes(o.kind))) {
        const labels = podTemplate(w).metadata.labels;
        const selecting = own.filter((p) => selects(p.spec.podSelector, labels));
        expect({ w: w.metadata.name, n: selecting.length }).toEqual({ w: w.metadata.name, n: 1 });
        expect(selecting[0]!.spec.egress.length).toBeGreaterThan(0);
      }
    }
  });

  it("allows exactly the paths of the architecture", () => {
    const objects = renders.production!;
    const policy = (c: string) =>
      byKind(objects, "NetworkPolicy").find((p) => p.metadata.name === `${FULLNAME}-${c}`)!;
    const egressPorts = (c: string) =>
      policy(c)
        .spec.egress.flatMap((r: Loose) => r.ports.map((p: Loose) => p.port))
        .sort();
    expect(egressPorts("publishing")).toEqual([27017, 9093, 4318, 8080].sort());
    // content: its mailer sends the answers to citizens over SMTP (465 in production values)
    expect(egressPorts("content")).toEqual([27017, 9093, 443, 465, 4318, 8080].sort());
    expect(egressPorts("media")).toEqual([27017, 9093, 443, 443, 4318].sort());
    expect(egressPorts("admin")).toEqual([27017, 443, 8080, 4318].sort());
    expect(egressPorts("realm")).toEqual([443, 4318].sort());
    expect(egressPorts("backup")).toEqual([27017, 443, 4318].sort());
    // external backends by ipBlock from values
    const mongoRule = policy("content").spec.egress.find((r: Loose) => r.ports[0].port === 27017);
    expect(mongoRule.to).toEqual([{ ipBlock: { cidr: production.mongodb.egress.cidrs[0] } }]);
    // the admin pods reach the APIs; the APIs accept them; publishing accepts only the ingress controller and monitoring
    const from = (c: string) => policy(c).spec.ingress.flatMap((r: Loose) => r.from ?? [{}]);
    expect(from("content")).toContainEqual({
      podSelector: { matchLabels: expect.objectContaining({ "app.kubernetes.io/component": "admin" }) },
    });
    expect(
      from("publishing").some(
        (f: Loose) => f.podSelector?.matchLabels?.["app.kubernetes.io/component"] === "admin",
      ),
    ).toBe(false);
    // monitoring reaches only the management port
    const monitoring = policy("publishing").spec.ingress.find((r: Loose) => r.ports[0].port === "management");
    expect(monitoring.from[0].namespaceSelector.matchLabels).toEqual({
      "kubernetes.io/metadata.name": "monitoring",
    });
    // DNS for everyone
    const dns = byKind(objects, "NetworkPolicy").find((p) => p.metadata.name === `${FULLNAME}-dns`)!;
    expect(dns.spec.egress[0].ports.map((p: Loose) => `${p.protocol}/${p.port}`)).toEqual([
      "UDP/53",
      "TCP/53",
    ]);
  });

  it("services call each other only where the architecture says: publishing → content, content → media, archive/reports → publishing", () => {
    for (const [name, objects] of allRenders()) {
      const policy = (c: string) =>
        byKind(objects, "NetworkPolicy").find((p) => p.metadata.name === `${FULLNAME}-${c}`)!;
      const component = (peer: Loose) => peer.podSelector?.matchLabels?.["app.kubernetes.io/component"];
      const egressTo = (c: string) =>
        Object.fromEntries(
          policy(c)
            .spec.egress.filter((r: Loose) =>
              (r.to ?? []).some((p: Loose) => component(p) && !p.namespaceSelector),
            )
            .flatMap((r: Loose) => r.to.map((p: Loose) => [component(p), r.ports.map((x: Loose) => x.port)])),
        );
      const ingressFrom = (c: string) =>
        Object.fromEntries(
          policy(c)
            .spec.ingress.filter((r: Loose) =>
              (r.from ?? []).some((p: Loose) => component(p) && !p.namespaceSelector),
            )
            .flatMap((r: Loose) =>
              r.from.map((p: Loose) => [component(p), r.ports.map((x: Loose) => x.port)]),
            ),
        );
      const where = (x: unknown) => ({ name, x });
      expect(where(egressTo("publishing"))).toEqual(where({ content: [8080] }));
      expect(where(egressTo("archive"))).toEqual(where({ publishing: [8080, 9464] }));
      expect(where(egressTo("reports"))).toEqual(where({ publishing: [8080] }));
      expect(where(egressTo("content"))).toEqual(where({ media: [8080] }));
      expect(where(egressTo("media"))).toEqual(where({}));
      expect(where(egressTo("backup"))).toEqual(where({}));
      expect(where(ingressFrom("media"))).toEqual(where({ content: ["http"], admin: ["http"] }));
      expect(where(ingressFrom("publishing"))).toEqual(
        where({ archive: ["http", "management"], reports: ["http"] }),
      );
      expect(where(ingressFrom("content"))).toEqual(where({ publishing: ["http"], admin: ["http"] }));
      expect(where(ingressFrom("archive"))).toEqual(where({ admin: ["http"] }));
      // the ingress controller reaches media (the public media host and the admin host)
      const controller = policy("media").spec.ingress.find((r: Loose) =>
        (r.from ?? []).some(
          (p: Loose) => p.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"] === "ingress-nginx",
        ),
      );
      expect(controller.ports).toEqual([{ protocol: "TCP", port: "http" }]);
    }
  });

  it("no rule to or from a disabled service", () => {
    const objects = render({ set: ["content.enabled=false", "reports.enabled=false"] });
    const publishing = byKind(objects, "NetworkPolicy").find(
      (p) => p.metadata.name === `${FULLNAME}-publishing`,
    )!;
    const peers = [
      ...publishing.spec.egress.flatMap((r: Loose) => r.to ?? []),
      ...publishing.spec.ingress.flatMap((r: Loose) => r.from ?? []),
    ].map((p: Loose) => p.podSelector?.matchLabels?.["app.kubernetes.io/component"]);
    expect(peers).not.toContain("content");
    expect(peers).not.toContain("reports");
    expect(peers).toContain("archive");
  });

  it("in-cluster backends are reached by the operators' pod labels", () => {
    const objects = renders.everything!;
    const content = byKind(objects, "NetworkPolicy").find((p) => p.metadata.name === `${FULLNAME}-content`)!;
    const peers = content.spec.egress.flatMap((r: Loose) => r.to ?? []);
    expect(peers).toContainEqual({
      podSelector: { matchLabels: { "strimzi.io/cluster": `${FULLNAME}-kafka`, "strimzi.io/kind": "Kafka" } },
    });
    expect(peers).toContainEqual({ podSelector: { matchLabels: { app: `${FULLNAME}-mongodb-svc` } } });
  });
});

describe("configuration and secrets", () => {
  it("renders no Secret at all: credentials only come from existing Secrets", () => {
    for (const [, objects] of allRenders()) expect(byKind(objects, "Secret")).toEqual([]);
  });

  it("ConfigMaps hold the non-secret environment; MONGO_URL and keys come from secretKeyRef", () => {
    for (const [, objects] of allRenders()) {
      for (const cm of envConfigMaps(objects)) {
        expect(cm.data).toMatchObject({
          PORT: "8080",
          MANAGEMENT_PORT: "9464",
          LOG_LEVEL: expect.any(String),
        });
        for (const key of Object.keys(cm.data))
          expect(key).not.toMatch(/MONGO_URL|PASSWORD|SECRET|ACCESS_KEY/);
        if ("KAFKA_BROKERS" in cm.data) expect(cm.data.KAFKA_TOPIC_PREFIX).toBe("");
      }
      for (const d of byKind(objects, "Deployment")) {
        const env: Loose[] = d.spec.template.spec.containers[0].env ?? [];
        for (const e of env.filter((x) => /MONGO_URL|PASSWORD|SECRET|ACCESS_KEY/.test(x.name))) {
          expect(e.value).toBeUndefined();
          expect(e.valueFrom.secretKeyRef.name).toBeTruthy();
        }
        const names = env.map((e) => e.name);
        const service = d.metadata.labels["app.kubernetes.io/component"];
        expect(names.includes("MONGO_URL")).toBe(true);
        expect(names.includes("S3_SECRET_KEY")).toBe(["media", "archive"].includes(service));
        expect(names.includes("KEYCLOAK_ADMIN_CLIENT_SECRET")).toBe(service === "identity");
      }
    }
  });

  it("each service gets the addresses of the services it calls, and only those", () => {
    for (const [name, objects] of allRenders()) {
      const data = (c: string) =>
        byKind(objects, "ConfigMap").find((m) => m.metadata.name === `${FULLNAME}-${c}`)!.data;
      const where = (x: unknown) => ({ name, x });
      expect(where(data("archive"))).toEqual(
        where(
          expect.objectContaining({
            S3_BUCKET: defaults.s3.buckets.archive,
            MEDIA_BUCKET: defaults.s3.buckets.media,
            PUBLISHING_INTERNAL_URL: `http://${FULLNAME}-publishing:8080`,
            AVAILABILITY_PROBE_URL: `http://${FULLNAME}-publishing:9464/ready`,
            // the portal probe's Host of each portal, as publishing maps it
            PUBLIC_DOMAIN: "bacgiang.gov.vn",
            PRODUCTION_DOMAIN: "bacgiang.gov.vn",
          }),
        ),
      );
      expect(where(data("publishing"))).toEqual(
        where(
          expect.objectContaining({
            CONTENT_API_URL: `http://${FULLNAME}-content:8080`,
            MEDIA_PUBLIC_URL: `https://${defaults.ingress.media.host}`,
            PUBLIC_DOMAIN: "bacgiang.gov.vn",
            PRODUCTION_DOMAIN: "bacgiang.gov.vn",
          }),
        ),
      );
      expect(data("content").PORTAL_BASE_DOMAIN).toBe("bacgiang.gov.vn");
      expect(data("content").MEDIA_API_URL).toBe(`http://${FULLNAME}-media:8080`);
      const only: Record<string, string[]> = {
        MEDIA_BUCKET: ["archive"],
        PUBLISHING_INTERNAL_URL: ["archive"],
        AVAILABILITY_PROBE_URL: ["archive"],
        MEDIA_PUBLIC_URL: ["publishing", "admin"],
        PUBLIC_DOMAIN: ["publishing", "archive", "admin"],
        PRODUCTION_DOMAIN: ["publishing", "archive"],
        PORTAL_BASE_DOMAIN: ["content"],
      };
      for (const [key, services] of Object.entries(only)) {
        const having = byKind(objects, "ConfigMap")
          .filter((m) => key in m.data)
          .map((m) => m.metadata.labels["app.kubernetes.io/component"]);
        expect(where({ key, having })).toEqual(where({ key, having: services }));
      }
      // CONTENT_API_URL: publishing, and admin's API list
      expect(
        byKind(objects, "ConfigMap")
          .filter((m) => "CONTENT_API_URL" in m.data)
          .map((m) => m.metadata.labels["app.kubernetes.io/component"])
          .sort(),
      ).toEqual(["admin", "publishing"]);
    }
  });

  it("the portal domain follows domain.public and domain.production", () => {
    const data = (objects: K8sObject[], c: string) =>
      byKind(objects, "ConfigMap").find((m) => m.metadata.name === `${FULLNAME}-${c}`)!.data;
    const staging = render({
      set: ["domain.public=staging.bacgiang.gov.vn", "domain.production=bacgiang.gov.vn"],
    });
    expect(data(staging, "publishing")).toMatchObject({
      PUBLIC_DOMAIN: "staging.bacgiang.gov.vn",
      PRODUCTION_DOMAIN: "bacgiang.gov.vn",
    });
    // archive's portal probe maps the registry's hosts the same way
    expect(data(staging, "archive")).toMatchObject({
      PUBLIC_DOMAIN: "staging.bacgiang.gov.vn",
      PRODUCTION_DOMAIN: "bacgiang.gov.vn",
    });
    expect(data(staging, "content").PORTAL_BASE_DOMAIN).toBe("bacgiang.gov.vn");
    // empty: the first portal's host, without www.
    const www = render({ set: ["portals[0].id=bacgiang", "portals[0].host=www.bacgiang.gov.vn"] });
    expect(data(www, "publishing")).toMatchObject({
      PUBLIC_DOMAIN: "bacgiang.gov.vn",
      PRODUCTION_DOMAIN: "bacgiang.gov.vn",
    });
  });

  it("every service believes X-Forwarded-* only from trustedProxies; publishing links in https (issue 15.2)", () => {
    const configMaps = (objects: K8sObject[]) =>
      byKind(objects, "ConfigMap").filter((m) => "PORT" in (m.data ?? {}));
    for (const [name, objects] of allRenders()) {
      const maps = configMaps(objects);
      expect(maps.length).toBeGreaterThan(0);
      for (const m of maps)
        expect({ name, map: m.metadata.name, TRUST_PROXY: m.data.TRUST_PROXY }).toEqual({
          name,
          map: m.metadata.name,
          TRUST_PROXY: (name === "production"
            ? (production.trustedProxies ?? defaults.trustedProxies)
            : defaults.trustedProxies
          ).join(","),
        });
      const publishing = maps.find((m) => m.metadata.name === `${FULLNAME}-publishing`);
      if (publishing) expect(publishing.data.PUBLIC_SCHEME).toBe("https");
    }
    const narrowed = configMaps(
      render({ set: ["trustedProxies[0]=10.42.0.0/16", "trustedProxies[1]=10.0.0.5"] }),
    );
    expect(new Set(narrowed.map((m) => m.data.TRUST_PROXY))).toEqual(new Set(["10.42.0.0/16,10.0.0.5"]));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cong-proxies-"));
    try {
      const none = path.join(dir, "none.yaml");
      fs.writeFileSync(none, "trustedProxies: []\n");
      expect(new Set(configMaps(render({ values: [none] })).map((m) => m.data.TRUST_PROXY))).toEqual(
        new Set(["none"]),
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    for (const bad of ["0.0.0.0/0", "::/0", "ingress-nginx", "10.0.0.0/40"]) {
      const r = helmTemplateWith(["--set", `trustedProxies[0]=${bad}`]);
      expect({ bad, refused: r.status !== 0, at: r.stderr.includes("/trustedProxies/0") }).toEqual({
        bad,
        refused: true,
        at: true,
      });
    }
  });

  it("the shared secrets are secretKeyRefs to platformSecrets.existingSecret, only where they are used", () => {
    const SHARED = ["FORM_SECRET", "PAGEVIEWS_TOKEN", "MEDIA_LINK_SECRET"];
    const expected: Record<string, string[]> = {
      publishing: ["FORM_SECRET", "PAGEVIEWS_TOKEN"],
      media: ["MEDIA_LINK_SECRET"],
      archive: ["PAGEVIEWS_TOKEN"],
      reports: ["PAGEVIEWS_TOKEN"],
    };
    for (const [name, objects] of allRenders()) {
      for (const w of objects.filter((o) => WORKLOAD_KINDS.includes(o.kind))) {
        const component = w.metadata.labels["app.kubernetes.io/component"];
        const env: Loose[] = podTemplate(w).spec.containers[0].env ?? [];
        const shared = env.filter((e) => SHARED.includes(e.name));
        expect({ name, component, shared: shared.map((e) => e.name) }).toEqual({
          name,
          component,
          shared: expected[component] ?? [],
        });
        for (const e of shared) {
          expect(e.value).toBeUndefined();
          expect(e.valueFrom).toEqual({
            secretKeyRef: { name: defaults.platformSecrets.existingSecret, key: e.name },
          });
        }
      }
      // never in a ConfigMap
      for (const cm of byKind(objects, "ConfigMap"))
        for (const key of SHARED) expect(cm.data[key]).toBeUndefined();
    }
    const renamed = render({
      set: ["platformSecrets.existingSecret=ttdl-cong", "platformSecrets.pageviewsTokenKey=pv"],
    });
    const archiveEnv = byKind(renamed, "Deployment").find((d) => d.metadata.name === `${FULLNAME}-archive`)!
      .spec.template.spec.containers[0].env;
    expect(archiveEnv).toContainEqual({
      name: "PAGEVIEWS_TOKEN",
      valueFrom: { secretKeyRef: { name: "ttdl-cong", key: "pv" } },
    });
  });

  it("rendering fails without platformSecrets.existingSecret while a service using it is enabled", () => {
    const r = helmTemplateWith(["--set", "platformSecrets.existingSecret="]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/platformSecrets.existingSecret is required/);
    for (const keep of ["publishing", "media", "archive"]) {
      const off = ["publishing", "media", "archive"]
        .filter((s) => s !== keep)
        .map((s) => `${s}.enabled=false`);
      const jobsOff = ["backup.enabled=false", "reports.enabled=false"];
      const one = helmTemplateWith([
        "--set",
        "platformSecrets.existingSecret=",
        ...off.flatMap((s) => ["--set", s]),
        ...(keep === "archive" ? [] : jobsOff.flatMap((s) => ["--set", s])),
      ]);
      expect({ keep, status: one.status }).toEqual({ keep, status: 1 });
      expect(one.stderr).toMatch(/platformSecrets.existingSecret is required/);
    }
    const none = helmTemplateWith([
      "--set",
      "platformSecrets.existingSecret=",
      ...["publishing", "media", "archive", "backup", "reports"].flatMap((s) => [
        "--set",
        `${s}.enabled=false`,
      ]),
    ]);
    expect(none.stderr).toBe("");
    expect(none.status).toBe(0);
  });

  it("production values turn TLS on for every backend", () => {
    const cms = envConfigMaps(renders.production!);
    for (const cm of cms) {
      if (cm.data.KAFKA_BROKERS) expect(cm.data.KAFKA_SSL).toBe("true");
      if (cm.data.S3_ENDPOINT) expect(cm.data.S3_ENDPOINT).toMatch(/^https:\/\//);
      if (cm.data.KEYCLOAK_URL) expect(cm.data.KEYCLOAK_URL).toMatch(/^https:\/\//);
      expect(cm.data.NODE_EXTRA_CA_CERTS).toBe("/etc/cong/ca/ca.crt");
    }
    expect(production.mongodb.tls.enabled).toBe(true);
    expect(production.kafka.sasl.enabled).toBe(true);
    expect(helmTemplateWith(["-f", productionValues, "--set", "s3.endpoint=http://s3.local"]).stderr).toMatch(
      /s3.endpoint .* is not an https:\/\/ URL/,
    );
  });

  it("every pod template carries checksum/config, which changes only for the service whose config changed", () => {
    const checksums = (objects: K8sObject[]) =>
      Object.fromEntries(
        objects
          .filter((o) => WORKLOAD_KINDS.includes(o.kind))
          .map((w) => [w.metadata.name, podTemplate(w).metadata.annotations["checksum/config"] as string]),
      );
    const before = checksums(renders.default!);
    for (const sum of Object.values(before)) expect(sum).toMatch(/^[a-f0-9]{64}$/);
    const after = checksums(render({ set: ["content.logLevel=debug"] }));
    for (const [name, sum] of Object.entries(before)) {
      expect({ name, changed: after[name] !== sum }).toEqual({
        name,
        changed: name === `${FULLNAME}-content`,
      });
    }
  });

  it("a credential-like extraEnv name is refused", () => {
    const r = helmTemplateWith(["--set", "content.extraEnv.DB_PASSWORD=x"]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/extraEnv/);
  });
});

describe("services (R-OPS-247)", () => {
  it("each service has its image, ports, probes on the management port, PDB and resources", () => {
    const objects = renders.default!;
    const pdbs = byKind(objects, "PodDisruptionBudget");
    for (const svc of SERVICES) {
      const d = byKind(objects, "Deployment").find((x) => x.metadata.name === `${FULLNAME}-${svc}`)!;
      expect(d.spec.replicas).toBeGreaterThanOrEqual(2);
      const c = d.spec.template.spec.containers[0];
      expect(c.image).toBe(`${defaults.image.registry}/cong-${svc}:0.1.0`);
      expect(c.ports).toEqual([
        { name: "http", containerPort: 8080, protocol: "TCP" },
        { name: "management", containerPort: 9464, protocol: "TCP" },
      ]);
      expect(c.readinessProbe.httpGet).toEqual({ path: "/ready", port: "management" });
      expect(c.livenessProbe.httpGet).toEqual({ path: "/live", port: "management" });
      expect(c.resources.requests.memory).toBeDefined();
      expect(c.resources.limits.memory).toBeDefined();
      expect(pdbs.some((p) => selects(p.spec.selector, d.spec.template.metadata.labels))).toBe(true);
      const service = byKind(objects, "Service").find((x) => x.metadata.name === d.metadata.name)!;
      expect(service.spec.ports.map((p: Loose) => [p.name, p.port])).toEqual([
        ["http", 8080],
        ["management", 9464],
      ]);
    }
  });

  it("production autoscales every service (autoscaling/v2) and leaves replicas to the HPA", () => {
    const objects = renders.production!;
    const hpas = byKind(objects, "HorizontalPodAutoscaler");
    expect(hpas.map((h) => h.spec.scaleTargetRef.name).sort()).toEqual(
      SERVICES.map((s) => `${FULLNAME}-${s}`).sort(),
    );
    for (const h of hpas) {
      expect(h.apiVersion).toBe("autoscaling/v2");
      expect(h.spec.minReplicas).toBeGreaterThanOrEqual(2);
    }
    for (const d of byKind(objects, "Deployment")) expect(d.spec.replicas).toBeUndefined();
  });
});

describe("backups and reports (R-BACKUP, R-REPORT)", () => {
  it("a backup CronJob runs the archive CLI with target and retention, never twice at once", () => {
    const cron = byKind(renders.production!, "CronJob").find(
      (c) => c.metadata.name === `${FULLNAME}-backup`,
    )!;
    expect(cron.spec.concurrencyPolicy).toBe("Forbid");
    expect(cron.spec.schedule).toBe(production.backup.schedule);
    const c = cron.spec.jobTemplate.spec.template.spec.containers[0];
    expect(c.image).toMatch(/\/cong-archive:/);
    expect([...c.command, ...c.args]).toEqual([
      "node",
      "dist/cli.js",
      "backup",
      "--target",
      `s3://${production.backup.target.bucket}/${production.backup.target.prefix}`,
      "--keep",
      String(production.backup.keep),
    ]);
    const key = c.env.find((e: Loose) => e.name === "BACKUP_ENCRYPTION_KEY");
    expect(key.valueFrom.secretKeyRef).toEqual({
      name: production.backup.encryption.existingSecret,
      key: "BACKUP_ENCRYPTION_KEY",
    });
  });

  it("archive's Deployment reads the backup key too, so the backup screen's restore drills decrypt (issue 19)", () => {
    const archive = byKind(renders.production!, "Deployment").find(
      (d) => d.metadata.name === `${FULLNAME}-archive`,
    )!;
    const env = archive.spec.template.spec.containers[0].env as Loose[];
    expect(env.find((e) => e.name === "BACKUP_ENCRYPTION_KEY")?.valueFrom.secretKeyRef).toEqual({
      name: production.backup.encryption.existingSecret,
      key: "BACKUP_ENCRYPTION_KEY",
    });
    // no other service holds it
    for (const d of byKind(renders.production!, "Deployment"))
      if (d.metadata.name !== `${FULLNAME}-archive`)
        expect(
          (d.spec.template.spec.containers[0].env as Loose[] | undefined)?.some(
            (e) => e.name === "BACKUP_ENCRYPTION_KEY",
          ) ?? false,
        ).toBe(false);
  });

  it("the restore Job is off by default and runs restore --from <id> --verify when enabled", () => {
    const restoreJobs = (objects: K8sObject[]) =>
      byKind(objects, "Job").filter((j) => j.metadata.labels["app.kubernetes.io/component"] === "restore");
    expect(restoreJobs(renders.default!)).toEqual([]);
    const [job] = restoreJobs(renders.everything!);
    const c = job!.spec.template.spec.containers[0];
    expect([...c.command, ...c.args]).toEqual([
      "node",
      "dist/cli.js",
      "restore",
      "--from",
      "2026-01-02T01-30-00Z",
      "--verify",
    ]);
    const missingId = helmTemplateWith(["--set", "restore.enabled=true"]);
    expect(missingId.status).not.toBe(0);
    expect(missingId.stderr).toMatch(/backupId/);
  });

  it("a reports CronJob runs on 1 January and 1 July", () => {
    const cron = byKind(renders.default!, "CronJob").find((c) => c.metadata.name === `${FULLNAME}-reports`)!;
    expect(cron.spec.schedule).toBe("0 2 1 1,7 *");
    expect(cron.spec.timeZone).toBe("Asia/Ho_Chi_Minh");
    const c = cron.spec.jobTemplate.spec.template.spec.containers[0];
    expect([...c.command, ...c.args]).toEqual(["node", "dist/cli.js", "reports", "--period", "auto"]);
  });
});

describe("NOTES.txt", () => {
  it("tells the operator the hosts, the allow-list, the backup schedule and the external endpoints", () => {
    const notes = renderNotes({ values: [productionValues] });
    for (const p of production.portals) expect(notes).toContain(`https://${p.host}/`);
    expect(notes).toContain(`https://${ADMIN_HOST}/`);
    expect(notes).toContain(production.ingress.admin.allowList.join(", "));
    expect(notes).toContain(production.backup.schedule);
    expect(notes).toContain(`existing endpoint ${production.kafka.brokers}`);
    expect(notes).toContain(`existing endpoint ${production.s3.endpoint}`);
    expect(notes).toContain("Secret");
    expect(notes).toContain(`https://${defaults.ingress.media.host}/assets/`);
    expect(notes).toContain(`${defaults.platformSecrets.existingSecret}: FORM_SECRET`);
  });
});
