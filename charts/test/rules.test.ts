// The chart's alert rules under Prometheus's own tools (issue 20, R-OPS-247): the PrometheusRule
// rendered with monitoring on is written out as a rules file, `promtool check rules` lints it and
// `promtool test rules` runs charts/test/rules.test.yaml — for every alert a case where it fires
// (with its labels, Vietnamese summary and runbook as Alertmanager would receive them) and one
// where it stays quiet. A threshold moved in values changes what fires: the tests follow the
// rendered rules, not a copy of them.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse, stringify } from "yaml";
import { byKind, type Loose, type RenderOptions, render, run } from "./helm";
import { ensurePromtool, ensureTools, promtoolBin } from "./tools";

jest.setTimeout(1_800_000);

const testFile = path.join(__dirname, "rules.test.yaml");
const monitoringOn: RenderOptions = { set: ["monitoring.prometheusRule.enabled=true"] };

/** Renders the rules with `opts`, writes them beside a copy of the tests; runs promtool there. */
function promtool(opts: RenderOptions, args: string[]) {
  const [rule, ...more] = byKind(render(opts), "PrometheusRule");
  expect(more).toEqual([]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cong-rules-"));
  try {
    fs.writeFileSync(path.join(dir, "rules.yaml"), stringify({ groups: rule!.spec.groups }));
    fs.copyFileSync(testFile, path.join(dir, "rules.test.yaml"));
    return run(promtoolBin, args, dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

beforeAll(() => {
  ensureTools();
  ensurePromtool();
});

it("promtool check rules: the rendered rules are valid PromQL and well-formed alerting rules", () => {
  const r = promtool(monitoringOn, ["check", "rules", "rules.yaml"]);
  expect({ status: r.status, out: r.stdout + r.stderr }).toMatchObject({ status: 0 });
  const alerts = byKind(render(monitoringOn), "PrometheusRule")[0]!.spec.groups.flatMap(
    (g: Loose) => g.rules,
  );
  expect(r.stdout).toContain(`SUCCESS: ${alerts.length} rules found`);
});

it("promtool test rules: every alert fires where it should, with its labels and annotations, and stays quiet otherwise", () => {
  const r = promtool(monitoringOn, ["test", "rules", "rules.test.yaml"]);
  expect({ status: r.status, out: r.stdout + r.stderr }).toEqual({
    status: 0,
    out: expect.stringContaining("SUCCESS"),
  });
});

it("rules.test.yaml has a firing and a quiet case for every alert of the chart", () => {
  const alerts: string[] = byKind(render(monitoringOn), "PrometheusRule")[0]!
    .spec.groups.flatMap((g: Loose) => g.rules)
    .map((x: Loose) => x.alert)
    .sort();
  const tests = parse(fs.readFileSync(testFile, "utf8")).tests as Loose[];
  const cases = tests.flatMap((t) => t.alert_rule_test ?? []);
  const firing = new Set(cases.filter((c) => c.exp_alerts.length > 0).map((c) => c.alertname));
  const quiet = new Set(cases.filter((c) => c.exp_alerts.length === 0).map((c) => c.alertname));
  expect({ firing: [...firing].sort(), quiet: [...quiet].sort() }).toEqual({ firing: alerts, quiet: alerts });
});

it("the tests see the values: a backlog threshold raised to 10 minutes leaves the 6m40s backlog quiet", () => {
  const r = promtool(
    { set: [...monitoringOn.set!, "monitoring.prometheusRule.alerts.outboxBacklog.minutes=10"] },
    ["test", "rules", "rules.test.yaml"],
  );
  expect(r.status).not.toBe(0);
  const out = r.stdout + r.stderr;
  expect(out).toContain("name: outbox backlog");
  // only that group fails
  expect([...out.matchAll(/^\s*name: ([^,\n]+),$/gm)].map((m) => m[1])).toEqual(["outbox backlog"]);
});
