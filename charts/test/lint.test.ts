// `helm lint` and `helm template` with the default and the production values, and kubernetes-
// validate --strict on every object they render (operator custom resources are checked by
// crds.test.ts instead: kubernetes-validate only knows the built-in kinds).
import {
  everythingOn,
  helmLint,
  kubernetesValidate,
  productionValues,
  type RenderOptions,
  render,
} from "./helm";
import { ensureTools } from "./tools";

const OPERATOR_API_GROUPS = [
  "kafka.strimzi.io",
  "k8s.keycloak.org",
  "mongodbcommunity.mongodb.com",
  "monitoring.coreos.com",
];
const isOperatorKind = (apiVersion: string) => OPERATOR_API_GROUPS.includes(apiVersion.split("/")[0]!);

/** the value sets every whole-chart check runs with */
const VALUE_SETS: [string, RenderOptions][] = [
  ["default values", {}],
  ["production values", { values: [productionValues] }],
  ["every option on", everythingOn],
];

beforeAll(ensureTools);

describe("helm lint", () => {
  it.each(VALUE_SETS)("passes with the %s", (_name, opts) => {
    const r = helmLint(opts);
    expect(r.stderr + r.stdout).toContain("0 chart(s) failed");
    expect(r.status).toBe(0);
  });
});

describe("rendered objects are valid Kubernetes objects (kubernetes-validate --strict)", () => {
  it.each(VALUE_SETS)("with the %s", (_name, opts) => {
    const objects = render(opts);
    expect(objects.length).toBeGreaterThan(30);
    const builtIn = objects.filter((o) => !isOperatorKind(o.apiVersion));
    const { status, problems } = kubernetesValidate(builtIn);
    expect(problems).toEqual([]);
    expect(status).toBe(0);
  });

  it("rejects an object with an unknown field (the validator is strict)", () => {
    const [deployment] = render().filter((o) => o.kind === "Deployment");
    deployment!.spec.template.spec.containers[0].readinesProbe = { httpGet: { path: "/ready", port: 9464 } };
    const { status, problems } = kubernetesValidate([deployment!]);
    expect(status).not.toBe(0);
    expect(problems.join("\n")).toMatch(/readinesProbe/);
  });
});
