// A service built from the kit, in its own process against the real servers: one trace id links
// an HTTP request, the event it emitted (outbox → Kafka) and the consumer that handled it
// (DESIGN: Events); readiness and metrics answer on the management port; SIGTERM lets in-flight
// work finish, then the process exits cleanly.
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { ContentSubmitted, Topics } from "@cong/contracts";
import { freePort, repoRoot, serverEnv, uniqueName, waitFor } from "@cong/testing";
import { Kafka, logLevel } from "kafkajs";

const env = serverEnv();

describe("a kit service in its own process", () => {
  let child: ChildProcess;
  let base = "";
  let management = "";
  const prefix = `${uniqueName("trace")}.`;
  let output = "";

  beforeAll(async () => {
    const [port, mgmt] = [await freePort(), await freePort()];
    const root = repoRoot();
    child = spawn(
      process.execPath,
      // telemetry is preloaded, as a service's image does with --require: it must wrap http and
      // express before anything loads them, whatever order the fixture's imports are sorted in
      [
        "--require",
        "tsx/cjs",
        "--require",
        path.join(__dirname, "fixtures/trace-telemetry.ts"),
        path.join(__dirname, "fixtures/service-app.ts"),
      ],
      {
        cwd: root,
        env: {
          ...process.env,
          PORT: String(port),
          MANAGEMENT_PORT: String(mgmt),
          MONGO_URL: `${env.MONGO_URL}/${prefix.replaceAll(/[.-]/g, "_")}`,
          KAFKA_BROKERS: env.KAFKA_BROKERS,
          KAFKA_TOPIC_PREFIX: prefix,
          LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "warn",
          OTEL_TRACES_EXPORTER: "",
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    child.stdout?.on("data", (d) => (output += d));
    child.stderr?.on("data", (d) => (output += d));
    await waitFor(() => output.includes("READY"), { timeoutMs: 60_000, what: `fixture ready: ${output}` });
    base = `http://127.0.0.1:${port}`;
    management = `http://127.0.0.1:${mgmt}`;
  });

  afterAll(async () => {
    if (child.exitCode === null) {
      child.kill("SIGKILL");
      await new Promise((r) => child.once("exit", r));
    }
  });

  it("reports readiness with its dependencies, and Prometheus metrics, on the management port", async () => {
    const ready = await fetch(`${management}/ready`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as {
      status: string;
      checks: Record<string, { ok: boolean; critical: boolean }>;
    };
    expect(body.status).toBe("ready");
    expect(body.checks.mongo).toMatchObject({ ok: true, critical: true });
    // writes go through the outbox, so Kafka is checked but does not make the service unready
    expect(body.checks.kafka).toMatchObject({ ok: true, critical: false });
    expect((await fetch(`${management}/live`)).status).toBe(200);
    expect((await fetch(`${base}/handled`)).status).toBe(200);
    const metrics = await (await fetch(`${management}/metrics`)).text();
    expect(metrics).toMatch(/^cong_outbox_oldest_pending_seconds\{service="tracefixture"\} \d/m);
    expect(metrics).toMatch(/^cong_http_request_duration_seconds_bucket/m);
    // and the public port does not serve them
    expect((await fetch(`${base}/metrics`)).status).toBe(404);
  });

  it("gives the request, the Kafka message and the consumer's span one trace id", async () => {
    const res = await fetch(`${base}/items`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ id: "traced-item-0001", title: "Lịch tiếp công dân" }),
    });
    expect(res.status).toBe(201);
    const { eventId } = (await res.json()) as { eventId: string };

    type Span = { name: string; kind: number; traceId: string; spanId: string; parentSpanId?: string };
    const spans = await waitFor(
      async () => {
        const all = (await (await fetch(`${base}/spans`)).json()) as Span[];
        return all.some((s) => s.name === `process ${ContentSubmitted.type}`) ? all : null;
      },
      { timeoutMs: 60_000, what: "the consumer's span" },
    );
    const server = spans.find((s) => s.kind === 1 && /POST/.test(s.name));
    const consumer = spans.find((s) => s.name === `process ${ContentSubmitted.type}`);
    expect(server).toBeDefined();
    expect(consumer?.kind).toBe(4); // CONSUMER
    expect(consumer?.traceId).toBe(server?.traceId);
    // the consumer's span continues the request's trace (its parent is in that trace)
    expect(spans.some((s) => s.spanId === consumer?.parentSpanId && s.traceId === server?.traceId)).toBe(
      true,
    );

    // and the message on Kafka carries the same trace in its W3C header
    const kafka = new Kafka({ brokers: env.KAFKA_BROKERS.split(","), logLevel: logLevel.NOTHING });
    const reader = kafka.consumer({ groupId: uniqueName("trace-reader") });
    await reader.connect();
    await reader.subscribe({ topic: `${prefix}${Topics.content}`, fromBeginning: true });
    const header = await new Promise<string>((resolve) => {
      void reader.run({
        eachMessage: async ({ message }) => {
          if (message.headers?.ce_id?.toString() === eventId) resolve(String(message.headers.traceparent));
        },
      });
    });
    await reader.disconnect();
    expect(header.split("-")[1]).toBe(server?.traceId);
  });

  it("on SIGTERM finishes the request in flight, then exits with 0", async () => {
    const slow = fetch(`${base}/slow`);
    await new Promise((r) => setTimeout(r, 300));
    const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    child.kill("SIGTERM");
    const res = await slow;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ done: true });
    expect(await exited).toBe(0);
    await expect(fetch(`${base}/handled`)).rejects.toThrow();
    if (process.env.TEST_LOG_LEVEL) process.stderr.write(output);
  });
});
