// Every service's configuration as the chart deploys it (ADR 0009, issue 16): each service's zod
// schema is read from its TypeScript source (swc compiles it; `@cong/kit` resolves to
// packages/kit/src through the jest preset), and every Deployment and CronJob that runs the
// service gets every key the schema cannot start without, names only keys the schema knows (or
// the runtime's own), and gives each non-secret key a value the schema accepts. The admin's own
// file (admin.test.ts) checks its routes, secrets and network paths on top of this.
import path from "node:path";
import {
  byKind,
  everythingOn,
  FULLNAME,
  type K8sObject,
  podTemplate,
  productionValues,
  render,
} from "./helm";
import { ensureTools, repoRoot } from "./tools";

/** A zod field, as much of it as these tests use. */
type Field = { safeParse(v: unknown): { success: boolean }; description?: string };
type Shape = Record<string, Field>;

/** Each service's schema: the module under services/<name>/src/config.ts and its exported shape. */
const SCHEMAS: Record<string, string> = {
  content: "contentConfigShape",
  media: "mediaConfig",
  identity: "identityConfig",
  archive: "archiveConfig",
  publishing: "publishingConfigShape",
  admin: "adminConfig",
};
function shapeOf(service: string): Shape {
  const mod = require(path.join(repoRoot, `services/${service}/src/config.ts`)) as Record<string, Shape>;
  const shape = mod[SCHEMAS[service]!];
  if (!shape) throw new Error(`services/${service}/src/config.ts exports no ${SCHEMAS[service]}`);
  return shape;
}
/**
 * Keys a service reads outside its schema, on purpose: the kit's start-up reads TRUST_PROXY when a
 * schema leaves it out (kit proxyConfig); media and archive take the chart's S3_BUCKET as their
 * bucket (their loaders); the runtime reads the rest.
 */
const OUTSIDE_SCHEMA = /^(NODE_ENV|NODE_OPTIONS|NODE_EXTRA_CA_CERTS|OTEL_[A-Z_]+|TRUST_PROXY|S3_BUCKET)$/;
/** Aliases a loader fills in before parsing, so the chart's name satisfies the schema's key. */
const ALIASES: Record<string, Record<string, string>> = {
  media: { MEDIA_BUCKET: "S3_BUCKET" },
  archive: { ARCHIVE_BUCKET: "S3_BUCKET" },
};

type EnvSource = { value?: string; secret?: boolean };
function containerEnv(objects: K8sObject[], workload: K8sObject): Map<string, EnvSource> {
  const c = podTemplate(workload).spec.containers[0];
  const env = new Map<string, EnvSource>();
  for (const from of c.envFrom ?? []) {
    if (from.configMapRef) {
      const cm = byKind(objects, "ConfigMap").find((o) => o.metadata.name === from.configMapRef.name);
      for (const [k, v] of Object.entries(cm?.data ?? {})) env.set(k, { value: v as string });
    }
  }
  for (const e of c.env ?? []) env.set(e.name, e.valueFrom ? { secret: true } : { value: e.value });
  return env;
}
/** The service a workload runs: its component label. */
const componentOf = (o: K8sObject): string | undefined =>
  o.metadata.labels?.["app.kubernetes.io/component"] ??
  podTemplate(o).metadata?.labels?.["app.kubernetes.io/component"];

const renders: Record<string, K8sObject[]> = {};
beforeAll(() => {
  ensureTools();
  renders.default = render();
  renders.production = render({ values: [productionValues] });
  renders.everything = render(everythingOn);
});

describe.each(Object.keys(SCHEMAS))("%s: the chart against services/%s/src/config.ts", (service) => {
  const shape = shapeOf(service);
  const required = Object.keys(shape).filter((k) => !shape[k]!.safeParse(undefined).success);
  const deployments = (objects: K8sObject[]) =>
    byKind(objects, "Deployment").filter((o) => o.metadata.name === `${FULLNAME}-${service}`);

  it("every key of the schema says what it is for", () => {
    const undocumented = Object.entries(shape)
      .filter(([, field]) => !field.description)
      .map(([key]) => key);
    expect(undocumented).toEqual([]);
  });

  it("the Deployment gets every key the service cannot start without", () => {
    for (const [name, objects] of Object.entries(renders)) {
      const found = deployments(objects);
      expect({ name, deployments: found.length }).toEqual({ name, deployments: 1 });
      const env = containerEnv(objects, found[0]!);
      const missing = required.filter((k) => !env.has(k) && !env.has(ALIASES[service]?.[k] ?? k));
      expect({ name, missing }).toEqual({ name, missing: [] });
    }
  });

  it("every key the chart sets is one the service reads, with a value its schema accepts", () => {
    const workloads = (objects: K8sObject[]) =>
      [...byKind(objects, "Deployment"), ...byKind(objects, "CronJob")].filter(
        (o) => componentOf(o) === service,
      );
    for (const [name, objects] of Object.entries(renders)) {
      for (const w of workloads(objects)) {
        const unknown: string[] = [];
        const refused: string[] = [];
        for (const [key, source] of containerEnv(objects, w)) {
          const field = shape[key];
          if (!field) {
            if (!OUTSIDE_SCHEMA.test(key)) unknown.push(key);
            continue;
          }
          if (source.value !== undefined && !field.safeParse(source.value).success)
            refused.push(`${key}=${source.value}`);
        }
        expect({ name, workload: w.metadata.name, unknown, refused }).toEqual({
          name,
          workload: w.metadata.name,
          unknown: [],
          refused: [],
        });
      }
    }
  });
});
