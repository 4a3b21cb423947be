import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { z } from "zod";
import { AppError } from "../errors";
import { createLogger } from "../logger";
import { createMetrics } from "../metrics";
import { createHttpApp, finishHttpApp } from "./app";

const logLines: Record<string, unknown>[] = [];
const logger = createLogger({
  service: "t",
  destination: new Writable({
    write(c, _e, cb) {
      logLines.push(JSON.parse(c.toString()));
      cb();
    },
  }),
});

let base = "";
let close: () => void;

beforeAll(async () => {
  const app = createHttpApp({
    logger,
    metrics: createMetrics("t"),
    bodyLimit: "1kb",
    ownBodyPrefixes: ["/upload"],
  });
  app.post("/items", (req, res) => {
    const body = z
      .object({ title: z.string().min(1), tags: z.array(z.string()).default([]) })
      .parse(req.body);
    res.status(201).json(body);
  });
  app.post("/upload", (req, res) => {
    let n = 0;
    req.on("data", (c: Buffer) => (n += c.length));
    req.on("end", () => res.json({ bytes: n }));
  });
  app.get("/conflict", () => {
    throw new AppError("conflict", "Phiên bản đã cũ.", { reason: "stale_revision" });
  });
  app.get("/boom", () => {
    throw new Error("database password=hunter2 leaked in message");
  });
  app.get("/async-boom", async () => {
    await Promise.resolve();
    throw new TypeError("x is undefined");
  });
  finishHttpApp(app, logger);
  const server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close());

async function problem(res: Response) {
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  return (await res.json()) as Record<string, any>;
}

const post = (path: string, body: string, type = "application/json", headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { method: "POST", body, headers: { "content-type": type, ...headers } });

describe("HTTP defaults of every service", () => {
  it("accepts valid JSON and stores Vietnamese in NFC", async () => {
    const res = await post("/items", JSON.stringify({ title: "Đê điều".normalize("NFD") }));
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ title: "Đê điều", tags: [] });
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-powered-by")).toBeNull();
  });

  it("answers validation errors with 422, per field, in Vietnamese by default", async () => {
    const body = await problem(await post("/items", JSON.stringify({ title: "", tags: [1] })));
    expect(body.status).toBe(422);
    expect(body.code).toBe("validation_failed");
    expect(body.title).toBe("Dữ liệu chưa hợp lệ");
    expect(body.errors.map((e: { path: string }) => e.path).sort()).toEqual(["tags.0", "title"]);
  });

  it("speaks English when asked", async () => {
    const res = await post("/items", "{}", "application/json", { "accept-language": "en-GB,en;q=0.9" });
    expect((await problem(res)).title).toBe("Validation failed");
  });

  it("refuses NoSQL operator keys with 400", async () => {
    const res = await post("/items", JSON.stringify({ title: { $gt: "" } }));
    expect(res.status).toBe(400);
    const body = await problem(res);
    expect(body.reason).toBe("forbidden_key");
    expect(body.errors[0].path).toBe("title.$gt");
  });

  it("refuses malformed JSON with 400, non-JSON with 415 and an oversized body with 413", async () => {
    expect((await problem(await post("/items", "{not json"))).code).toBe("malformed_request");
    const form = await post("/items", "title=x", "application/x-www-form-urlencoded");
    expect(form.status).toBe(415);
    expect((await problem(form)).reason).toBe("json_only");
    const big = await post("/items", JSON.stringify({ title: "x".repeat(5000) }));
    expect(big.status).toBe(413);
    expect((await problem(big)).code).toBe("too_large");
  });

  it("lets routes that read their own body do so", async () => {
    const res = await post("/upload", "x".repeat(5000), "application/octet-stream");
    expect(await res.json()).toEqual({ bytes: 5000 });
  });

  it("answers 404 and 409 in problem+json", async () => {
    const nf = await fetch(`${base}/nothing-here`);
    expect(nf.status).toBe(404);
    expect((await problem(nf)).code).toBe("not_found");
    const c = await fetch(`${base}/conflict`);
    expect(c.status).toBe(409);
    expect(await problem(c)).toMatchObject({
      code: "conflict",
      reason: "stale_revision",
      detail: "Phiên bản đã cũ.",
    });
  });

  it.each(["/boom", "/async-boom"])(
    "hides an unexpected error %s behind an errorId found in the log",
    async (path) => {
      const res = await fetch(`${base}${path}`);
      expect(res.status).toBe(500);
      const body = await problem(res);
      expect(body.code).toBe("internal");
      expect(body.errorId).toMatch(/^[0-9a-f-]{36}$/);
      expect(JSON.stringify(body)).not.toMatch(/hunter2|undefined|stack/);
      const line = logLines.find((l) => l.errorId === body.errorId);
      expect(line).toBeDefined();
      expect(line?.msg).toBe("unhandled error");
    },
  );
});
