// One trace from the board's action to the public page (issue 20, R-OPS-247): content and
// publishing run as child processes from their build output, as `./cong up` runs them, exporting
// their spans over OTLP to a private Jaeger (infra/local's optional trace store, memory storage).
// The board approves and publishes an article in ONE trace — the admin's request is its parent;
// here the test is that parent and sends its `traceparent` on both calls — and Jaeger's query API
// then holds that trace with content's HTTP spans, the event's trip through the outbox and Kafka,
// and publishing's consumer span with the writes that put the page on the portal under it.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ContentPublished } from "@cong/contracts";
import { type PrivateServer, privateServer, serverEnv, uniqueName, waitFor } from "@cong/testing";
import { client, createPortals } from "../../services/content/test/helpers";
import { freePort } from "../../services/publishing/test/helpers";
import { ChildService, httpGet } from "./child-service";

jest.setTimeout(300_000);

const env = serverEnv();
const name = uniqueName("e2e-trace");
const contentDb = name.replaceAll("-", "_");
const logDir = fs.mkdtempSync(path.join(os.tmpdir(), "cong-e2e-trace-"));
const ST = "stttt.bacgiang.localhost";

interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  processID: string;
  references: { refType: string; traceID: string; spanID: string }[];
  tags: { key: string; value: unknown }[];
}
interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string }>;
}

let jaeger: PrivateServer;
let content: ChildService;
let publishing: ChildService;
const call = client(() => `http://127.0.0.1:${content.port}`);

beforeAll(async () => {
  jaeger = await privateServer("jaeger");
  const otel = {
    OTEL_TRACES_EXPORTER: "otlp",
    OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
    OTEL_EXPORTER_OTLP_ENDPOINT: jaeger.env.OTEL_EXPORTER_OTLP_ENDPOINT as string,
    // spans leave the process within a fraction of a second (the default waits 5 s)
    OTEL_BSP_SCHEDULE_DELAY: "200",
  };
  const base = {
    KAFKA_BROKERS: env.KAFKA_BROKERS,
    KEYCLOAK_URL: env.KEYCLOAK_URL,
    KEYCLOAK_REALM: env.KEYCLOAK_REALM,
    KAFKA_TOPIC_PREFIX: `${name}.`,
    ...otel,
  };
  const mongo = env.MONGO_URL.replace(/\/$/, "");
  const [cPort, cMgmt, pPort, pMgmt] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  content = new ChildService("content", cPort, cMgmt, logDir, {
    ...base,
    MONGO_URL: `${mongo}/${contentDb}`,
  });
  publishing = new ChildService("publishing", pPort, pMgmt, logDir, {
    ...base,
    MONGO_URL: `${mongo}/${contentDb}_pub`,
    CONTENT_API_URL: `http://127.0.0.1:${cPort}`,
    PUBLIC_DOMAIN: `bacgiang.localhost:${pPort}`,
    PAGEVIEWS_FLUSH_MS: "600000",
  });
  await content.start();
  await publishing.start();
  await createPortals(call, ["stttt"]);
  await waitFor(async () => (await httpGet(publishing.port, ST, "/")).status === 200, {
    timeoutMs: 60_000,
    intervalMs: 300,
    what: `${ST}/ served by publishing`,
  });
});

afterAll(async () => {
  await publishing?.stop();
  await content?.stop();
  await jaeger?.destroy();
});

it("one trace spans the approval and publication in content and the page update in publishing", async () => {
  const title = "Hội nghị tổng kết công tác chuyển đổi số năm 2026";
  const created = await call("POST", "/portals/stttt/items", "stttt.focal-officer", {
    kind: "article",
    categoryIds: ["cat-tin-tuc-su-kien"],
    locales: { vi: { title, bodyHtml: `<p>${title}.</p>` } },
  });
  expect(created.status).toBe(201);
  const submitted = await call(
    "POST",
    `/portals/stttt/items/${created.body.itemId}/submit`,
    "stttt.focal-officer",
    {
      version: created.body.version,
    },
  );
  expect(submitted.status).toBe(200);

  // the board's action: one parent span (the admin's request), two calls to content under it
  const traceId = randomBytes(16).toString("hex");
  const parent = { traceparent: `00-${traceId}-${randomBytes(8).toString("hex")}-01` };
  const approved = await call(
    "POST",
    `/portals/stttt/items/${created.body.itemId}/approve`,
    "stttt.board-member",
    { version: submitted.body.version },
    parent,
  );
  expect(approved.status).toBe(200);
  const published = await call(
    "POST",
    `/portals/stttt/items/${created.body.itemId}/publish`,
    "stttt.board-member",
    { version: approved.body.version },
    parent,
  );
  expect(published.status).toBe(200);
  const page = `/tin/${published.body.live.locales.vi.slug as string}`;
  await waitFor(async () => (await httpGet(publishing.port, ST, page)).status === 200, {
    timeoutMs: 60_000,
    intervalMs: 200,
    what: `${page} on ${ST}`,
  });

  // Jaeger's query API: the trace, once both services' spans have arrived
  let found: JaegerTrace | undefined;
  const services = () => new Set(Object.values(found?.processes ?? {}).map((p) => p.serviceName));
  const consumerSpans = () =>
    (found?.spans ?? []).filter(
      (s) =>
        found?.processes[s.processID]?.serviceName === "cong-publishing" &&
        s.operationName === `process ${ContentPublished.type}`,
    );
  await waitFor(
    async () => {
      const r = await fetch(`${jaeger.env.JAEGER_URL}/api/traces/${traceId}`);
      if (r.status !== 200) return false;
      found = ((await r.json()) as { data: JaegerTrace[] }).data[0];
      return services().has("cong-content") && consumerSpans().length > 0;
    },
    {
      timeoutMs: 60_000,
      intervalMs: 500,
      what: `trace ${traceId} with content's and publishing's spans in Jaeger`,
    },
  ).catch(async (e: unknown) => {
    // what Jaeger has, to tell "nothing exported" from "exported elsewhere"
    const known = await (await fetch(`${jaeger.env.JAEGER_URL}/api/services`)).text();
    throw new Error(
      `${String(e)}; Jaeger knows the services ${known}; this trace has ${found?.spans.length ?? 0} spans from ${[...services()].join(", ")} (${[...new Set((found?.spans ?? []).map((x) => `${found?.processes[x.processID]?.serviceName}: ${x.operationName}`))].join("; ")}); logs in ${logDir}`,
    );
  });
  const spans = found!.spans;
  const byId = new Map(spans.map((s) => [s.spanID, s]));
  const serviceOf = (s: JaegerSpan) => found!.processes[s.processID]?.serviceName;
  const tag = (s: JaegerSpan, key: string) => s.tags.find((t) => t.key === key)?.value;

  // content: the two requests of the board's action, as server spans
  const contentRoutes = spans
    .filter((s) => serviceOf(s) === "cong-content" && tag(s, "span.kind") === "server")
    .map(
      (s) =>
        `${tag(s, "http.request.method") ?? tag(s, "http.method")} ${tag(s, "http.route") ?? s.operationName}`,
    );
  expect(contentRoutes.some((r) => /POST .*approve/.test(r))).toBe(true);
  expect(contentRoutes.some((r) => /POST .*publish/.test(r))).toBe(true);

  // publishing: the consumer span of this item's content.published continues content's trace …
  const consumer = consumerSpans().find((s) => tag(s, "cloudevents.event_subject") === created.body.itemId);
  expect(consumer).toBeDefined();
  expect(tag(consumer!, "messaging.system")).toBe("kafka");
  const parentRef = consumer!.references.find((r) => r.refType === "CHILD_OF");
  expect(parentRef?.traceID).toBe(traceId);
  // … its parent is the span of content's publish request (captured with the event in the outbox)
  const ancestors: string[] = [];
  for (let s = parentRef ? byId.get(parentRef.spanID) : undefined; s; ) {
    ancestors.push(`${serviceOf(s)}: ${s.operationName}`);
    const up = s.references.find((r) => r.refType === "CHILD_OF");
    s = up ? byId.get(up.spanID) : undefined;
  }
  expect(ancestors.some((a) => a.startsWith("cong-content:"))).toBe(true);
  // … and the writes that updated the page in publishing's read model are under it
  const underConsumer = spans.filter(
    (s) => serviceOf(s) === "cong-publishing" && s.references.some((r) => r.spanID === consumer!.spanID),
  );
  expect(
    underConsumer.some((s) => tag(s, "db.system") === "mongodb" || tag(s, "db.system.name") === "mongodb"),
  ).toBe(true);
  process.stdout.write(
    `trace ${traceId}: ${spans.length} spans from ${[...services()].sort().join(", ")}; content routes ${JSON.stringify(contentRoutes)}; consumer's ancestors ${JSON.stringify(ancestors)}; ${underConsumer.length} spans under publishing's consumer span\n`,
  );
});
