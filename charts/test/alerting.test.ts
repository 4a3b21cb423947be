// Where the alerts go and what the operators look at (issue 20, R-OPS-247, R-TECH): the
// AlertmanagerConfig that mails this release's alerts to the technical focal unit, checked against
// the fields of the Prometheus Operator's CRD (monitoring.coreos.com/v1alpha1), and the Grafana
// dashboards shipped as ConfigMaps — valid dashboards whose every query is PromQL that promtool
// accepts and names only metrics the services define, with labels they really carry.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { stringify } from "yaml";
import {
  byKind,
  chartDir,
  FULLNAME,
  helmTemplate,
  type K8sObject,
  type Loose,
  NAMESPACE,
  render,
  run,
} from "./helm";
import { ensurePromtool, ensureTools, promtoolBin, repoRoot } from "./tools";

jest.setTimeout(1_800_000);

const DURATION =
  /^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$/;
/** Fails naming every key of `obj` that is not in `allowed` (a closed object of the CRD). */
function onlyKeys(where: string, obj: object, allowed: string[]) {
  expect({ where, unknown: Object.keys(obj).filter((k) => !allowed.includes(k)) }).toEqual({
    where,
    unknown: [],
  });
}

const MAILBOX = "vanhanh@stttt.bacgiang.gov.vn";
const alerting = (extra: string[] = []) => ({
  set: [
    "monitoring.prometheusRule.enabled=true",
    "monitoring.alertmanagerConfig.enabled=true",
    `monitoring.alertmanagerConfig.email.to=${MAILBOX}`,
    "monitoring.alertmanagerConfig.email.smarthost=mail.bacgiang.gov.vn:587",
    ...extra,
  ],
});

beforeAll(() => {
  ensureTools();
});

describe("AlertmanagerConfig (monitoring.coreos.com/v1alpha1): alerts reach the technical focal unit", () => {
  it("off by default; on, one object of the CRD's shape", () => {
    expect(byKind(render(), "AlertmanagerConfig")).toEqual([]);
    const [am, ...more] = byKind(render(alerting()), "AlertmanagerConfig");
    expect(more).toEqual([]);
    expect(am!.apiVersion).toBe("monitoring.coreos.com/v1alpha1");
    expect(am!.metadata).toMatchObject({ name: FULLNAME, namespace: NAMESPACE });
    onlyKeys("spec", am!.spec, ["route", "receivers", "inhibitRules", "muteTimeIntervals"]);
    const ROUTE = [
      "receiver",
      "groupBy",
      "groupWait",
      "groupInterval",
      "repeatInterval",
      "matchers",
      "continue",
      "routes",
      "muteTimeIntervals",
      "activeTimeIntervals",
    ];
    const checkRoute = (where: string, r: Loose) => {
      onlyKeys(where, r, ROUTE);
      for (const k of ["groupWait", "groupInterval", "repeatInterval"])
        if (r[k]) expect(r[k]).toMatch(DURATION);
      for (const m of r.matchers ?? []) {
        onlyKeys(`${where}.matchers`, m, ["name", "value", "matchType", "regex"]);
        expect(["=", "!=", "=~", "!~"]).toContain(m.matchType);
      }
      // every route names a receiver that exists
      expect(am!.spec.receivers.map((x: Loose) => x.name)).toContain(r.receiver);
    };
    checkRoute("route", am!.spec.route);
    for (const r of am!.spec.route.routes) checkRoute("route.routes", r);
    for (const r of am!.spec.receivers) {
      onlyKeys("receiver", r, ["name", "emailConfigs"]);
      for (const e of r.emailConfigs)
        onlyKeys("emailConfigs", e, [
          "to",
          "from",
          "hello",
          "smarthost",
          "authUsername",
          "authPassword",
          "authSecret",
          "authIdentity",
          "headers",
          "html",
          "text",
          "requireTLS",
          "sendResolved",
          "tlsConfig",
        ]);
    }
  });

  it("mails the unit's mailbox over TLS, resolved alerts too; critical at once and hourly, warnings every 4 h", () => {
    const am = byKind(render(alerting()), "AlertmanagerConfig")[0]!;
    const [email, ...others] = am.spec.receivers.flatMap((r: Loose) => r.emailConfigs);
    expect(others).toEqual([]);
    expect(email).toMatchObject({
      to: MAILBOX,
      smarthost: "mail.bacgiang.gov.vn:587",
      from: "Cổng TTĐT tỉnh Bắc Giang <no-reply@bacgiang.gov.vn>", // smtp.from by default
      requireTLS: true,
      sendResolved: true,
    });
    expect(email.authPassword).toBeUndefined(); // no Secret named, no authentication
    const subject = email.headers.find((h: Loose) => h.key === "Subject");
    expect(subject.value).toContain(".CommonAnnotations.summary"); // the Vietnamese summary in the subject
    expect(am.spec.route).toMatchObject({ groupBy: ["alertname", "job"], repeatInterval: "4h" });
    expect(am.spec.route.routes).toEqual([
      expect.objectContaining({
        matchers: [{ name: "severity", value: "critical", matchType: "=" }],
        groupWait: "0s",
        repeatInterval: "1h",
      }),
    ]);
  });

  it("the severities it routes are the ones the alerts carry", () => {
    const objects = render(alerting());
    const severities = new Set<string>(
      byKind(objects, "PrometheusRule")[0]!.spec.groups.flatMap((g: Loose) =>
        g.rules.map((r: Loose) => r.labels.severity),
      ),
    );
    expect([...severities].sort()).toEqual(["critical", "warning"]);
  });

  it("authenticates with a password from a Secret, never one in values", () => {
    const am = byKind(
      render(
        alerting([
          "monitoring.alertmanagerConfig.email.auth.existingSecret=cong-alert-smtp",
          "monitoring.alertmanagerConfig.email.auth.username=canhbao@bacgiang.gov.vn",
        ]),
      ),
      "AlertmanagerConfig",
    )[0]!;
    expect(am.spec.receivers[0].emailConfigs[0]).toMatchObject({
      authUsername: "canhbao@bacgiang.gov.vn",
      authPassword: { name: "cong-alert-smtp", key: "password" },
    });
  });

  it("refuses to render without the mailbox or the SMTP server, naming the value", () => {
    const noTo = helmTemplate({
      set: [
        "monitoring.alertmanagerConfig.enabled=true",
        "monitoring.alertmanagerConfig.email.smarthost=m:587",
      ],
    });
    expect(noTo.status).not.toBe(0);
    expect(noTo.stderr).toContain("monitoring.alertmanagerConfig.email.to");
    const noHost = helmTemplate({
      set: [
        "monitoring.alertmanagerConfig.enabled=true",
        `monitoring.alertmanagerConfig.email.to=${MAILBOX}`,
      ],
    });
    expect(noHost.status).not.toBe(0);
    expect(noHost.stderr).toContain("monitoring.alertmanagerConfig.email.smarthost");
    const badTo = helmTemplate(alerting(["monitoring.alertmanagerConfig.email.to=not an address"]));
    expect(badTo.status).not.toBe(0);
    expect(badTo.stderr).toContain("values don't meet the specifications of the schema");
  });
});

describe("Grafana dashboards as ConfigMaps", () => {
  const files = fs
    .readdirSync(path.join(chartDir, "files", "dashboards"))
    .filter((f) => f.endsWith(".json"))
    .sort();
  const dashboards = files.map((f) => ({
    file: f,
    json: JSON.parse(fs.readFileSync(path.join(chartDir, "files", "dashboards", f), "utf8")),
  }));
  /** Every PromQL query of a dashboard, its panel's title beside it. */
  const queries = (d: Loose): { panel: string; expr: string }[] =>
    d.panels.flatMap((p: Loose) => p.targets.map((t: Loose) => ({ panel: p.title, expr: t.expr })));

  it("off by default; on, one ConfigMap per dashboard with the sidecar's label and folder", () => {
    expect(byKind(render(), "ConfigMap").filter((c) => c.metadata.name.includes("-dashboard-"))).toEqual([]);
    const maps = byKind(render({ set: ["monitoring.grafanaDashboards.enabled=true"] }), "ConfigMap").filter(
      (c) => c.metadata.name.includes("-dashboard-"),
    );
    expect(maps.map((m) => m.metadata.name).sort()).toEqual(
      files.map((f) => `${FULLNAME}-dashboard-${f.replace(/\.json$/, "")}`).sort(),
    );
    for (const m of maps) {
      expect(m.metadata.labels.grafana_dashboard).toBe("1");
      expect(m.metadata.annotations.grafana_folder).toBe("Cổng");
      const [key, ...more] = Object.keys(m.data);
      expect(more).toEqual([]);
      // the file as it is in the chart, byte for byte
      expect(JSON.parse(m.data[key!])).toEqual(dashboards.find((d) => d.file === key)!.json);
    }
    const elsewhere = byKind(
      render({
        set: [
          "monitoring.grafanaDashboards.enabled=true",
          "monitoring.grafanaDashboards.namespace=monitoring",
          "monitoring.grafanaDashboards.label=dashboards",
          "monitoring.grafanaDashboards.labelValue=cong",
        ],
      }),
      "ConfigMap",
    ).filter((c: K8sObject) => c.metadata.name.includes("-dashboard-"));
    for (const m of elsewhere) {
      expect(m.metadata.namespace).toBe("monitoring");
      expect(m.metadata.labels.dashboards).toBe("cong");
    }
  });

  it("each dashboard: a unique uid, a Vietnamese-first title, Vietnam time, panels with a query each", () => {
    expect(new Set(dashboards.map((d) => d.json.uid)).size).toBe(dashboards.length);
    for (const { file, json } of dashboards) {
      expect({ file, uid: json.uid }).toEqual({ file, uid: expect.stringMatching(/^cong-[a-z-]+$/) });
      expect(json.title).toMatch(/^Cổng — .+ \/ .+$/);
      expect(json.timezone).toBe("Asia/Ho_Chi_Minh");
      expect(json.title.normalize("NFC")).toBe(json.title);
      expect(json.panels.length).toBeGreaterThan(0);
      expect(new Set(json.panels.map((p: Loose) => p.id)).size).toBe(json.panels.length);
      for (const p of json.panels) {
        expect({ file, panel: p.title, targets: p.targets.length > 0 }).toEqual({
          file,
          panel: p.title,
          targets: true,
        });
        expect(p.datasource.uid).toBe(["$", "{datasource}"].join("")); // Grafana's variable, not a template string
      }
    }
  });

  it("every query is PromQL that promtool accepts", () => {
    ensurePromtool();
    // Grafana's variables as Prometheus would see them after substitution
    const concrete = (e: string) =>
      e.replaceAll("$__rate_interval", "5m").replaceAll("$namespace", "cong").replaceAll("$job", "cong-.*");
    const rules = dashboards.flatMap(({ json }) =>
      queries(json).map((q, i) => ({
        record: `cong:dashboard:${json.uid.replaceAll("-", "_")}_${i}`,
        expr: concrete(q.expr),
      })),
    );
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cong-dashboards-"));
    try {
      fs.writeFileSync(path.join(dir, "rules.yaml"), stringify({ groups: [{ name: "dashboards", rules }] }));
      const r = run(promtoolBin, ["check", "rules", "rules.yaml"], dir);
      expect({ status: r.status, out: r.stdout + r.stderr }).toMatchObject({ status: 0 });
      expect(r.stdout).toContain(`SUCCESS: ${rules.length} rules found`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("every metric a query names is one the services define, and every label it groups by is one they carry", () => {
    // the services' and the kit's sources, where each cong_* metric is defined with its labels
    const sources: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory() && !["node_modules", "dist", "test"].includes(e.name)) walk(p);
        else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name))
          sources.push(fs.readFileSync(p, "utf8"));
      }
    };
    for (const top of ["packages/kit/src", "services"]) walk(path.join(repoRoot, top));
    const code = sources.join("\n");
    const histogramSuffix = /_(bucket|count|sum)$/;
    // labels every scraped series has (Prometheus's target labels) or that a histogram adds
    const targetLabels = new Set(["namespace", "job", "pod", "instance", "le"]);
    for (const { file, json } of dashboards) {
      for (const q of queries(json)) {
        const metrics = [...q.expr.matchAll(/\b(cong_[a-z_]+)\b/g)].map((m) => m[1]!);
        expect({ file, panel: q.panel, metrics: metrics.length > 0 || q.expr.startsWith("up{") }).toEqual({
          file,
          panel: q.panel,
          metrics: true,
        });
        for (const metric of metrics) {
          const defined = metric.replace(histogramSuffix, "");
          const at = code.indexOf(`"${defined}"`);
          expect({ file, panel: q.panel, metric, defined: at >= 0 }).toEqual({
            file,
            panel: q.panel,
            metric,
            defined: true,
          });
          // the label names given where the metric is defined (the call's first array literal after it)
          const around = code.slice(at, at + 600);
          const declared = new Set(
            [...(/\[([^\]]*)\]/.exec(around)?.[1] ?? "").matchAll(/"([a-z_]+)"/g)].map((m) => m[1]!),
          );
          if (defined === "cong_http_request_duration_seconds")
            for (const l of ["method", "route", "status"]) declared.add(l);
          const grouped = [...q.expr.matchAll(/by \(([^)]*)\)/g)].flatMap((m) =>
            m[1]!.split(",").map((s) => s.trim()),
          );
          const matched = [...q.expr.matchAll(new RegExp(`${metric}\\{([^}]*)\\}`, "g"))].flatMap((m) =>
            [...m[1]!.matchAll(/([a-z_]+)\s*(=~|!=|!~|=)/g)].map((x) => x[1]!),
          );
          const unknown = [...grouped, ...matched].filter((l) => !targetLabels.has(l) && !declared.has(l));
          expect({ file, panel: q.panel, metric, unknown }).toEqual({
            file,
            panel: q.panel,
            metric,
            unknown: [],
          });
        }
      }
    }
  });
});
