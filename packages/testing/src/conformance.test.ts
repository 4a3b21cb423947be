// The OpenAPI conformance check (issue 16) on a small document: each kind of mismatch is named
// with its route, status, content type and the schema rule that failed.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openApiConformance } from "./conformance";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "conformance-"));
const doc = path.join(dir, "openapi.yaml");
fs.writeFileSync(
  doc,
  `openapi: 3.1.0
info: { title: t, version: "1" }
x-audience: test
paths:
  /things:
    get:
      responses:
        "200":
          description: list
          content:
            application/json:
              schema:
                type: object
                required: [items]
                additionalProperties: false
                properties:
                  items: { type: array, items: { $ref: "#/components/schemas/Thing" } }
        "4XX": { $ref: "#/components/responses/Problem" }
  /things/{id}:
    get:
      responses:
        "200":
          description: one
          content: { application/json: { schema: { $ref: "#/components/schemas/Thing" } } }
        default: { $ref: "#/components/responses/Problem" }
  /things/{id}/photo:
    get:
      responses:
        "200": { description: the photo, content: { image/*: { schema: { type: string, format: binary } } } }
        "304": { description: not modified }
  /things/new:
    post:
      responses:
        "201": { description: made, content: { application/json: { schema: { $ref: "#/components/schemas/Thing" } } } }
        "202": { description: queued, no body }
components:
  schemas:
    Thing:
      type: object
      required: [id, at]
      x-note: kept
      example: { id: a, at: "2026-01-01T00:00:00Z" }
      properties:
        id: { type: string }
        at: { type: string, format: date-time }
        state: { enum: [draft, published] }
  responses:
    Problem:
      description: problem
      content:
        application/problem+json:
          schema: { type: object, required: [code], properties: { code: { type: string } } }
`,
);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const json = (x: unknown) => JSON.stringify(x);
const thing = { id: "a", at: "2026-01-01T00:00:00Z" };

function check() {
  const c = openApiConformance({ service: "t", document: doc });
  c.restore();
  return c;
}

describe("openApiConformance", () => {
  it("passes answers the document declares: $refs, 4XX, default, image/*, a bodyless 304, HEAD by GET", async () => {
    const c = check();
    c.record({
      method: "GET",
      url: "/things?x=1",
      status: 200,
      contentType: "application/json",
      body: json({ items: [thing] }),
    });
    c.record({
      method: "GET",
      url: "http://h/things/b",
      status: 200,
      contentType: "application/json; charset=utf-8",
      body: json(thing),
    });
    c.record({
      method: "GET",
      url: "/things",
      status: 422,
      contentType: "application/problem+json",
      body: json({ code: "x" }),
    });
    c.record({
      method: "GET",
      url: "/things/b",
      status: 503,
      contentType: "application/problem+json",
      body: json({ code: "y" }),
    });
    c.record({
      method: "GET",
      url: "/things/b/photo",
      status: 200,
      contentType: "image/webp",
      body: new Uint8Array([1, 2]),
    });
    c.record({ method: "GET", url: "/things/b/photo", status: 304, contentType: null, body: "" });
    c.record({ method: "HEAD", url: "/things/b", status: 200, contentType: "application/json" });
    // a literal segment wins over a parameter
    c.record({
      method: "POST",
      url: "/things/new",
      status: 201,
      contentType: "application/json",
      body: json(thing),
    });
    expect(await c.failures()).toEqual([]);
    const s = await c.summary();
    expect(s.answers).toBe(8);
    expect(s.bodies).toBe(5);
    expect(s.operations).toEqual([
      "GET /things",
      "GET /things/{id}",
      "GET /things/{id}/photo",
      "HEAD /things/{id}",
      "POST /things/new",
    ]);
  });

  it("names an unknown route, an undeclared status and an undeclared content type", async () => {
    const c = check();
    // a path the service does not serve, answered 404, agrees with the document
    c.record({
      method: "GET",
      url: "/things/b/c/d",
      status: 404,
      contentType: "application/problem+json",
      body: "{}",
    });
    c.record({ method: "GET", url: "/other", status: 200, contentType: "application/json", body: "{}" });
    c.record({ method: "DELETE", url: "/things/b", status: 204 });
    c.record({
      method: "GET",
      url: "/things",
      status: 500,
      contentType: "application/problem+json",
      body: json({ code: "x" }),
    });
    c.record({
      method: "GET",
      url: "/things/b/photo",
      status: 200,
      contentType: "application/pdf",
      body: "%PDF",
    });
    c.record({ method: "GET", url: "/things/b", status: 200, contentType: "text/html", body: "<p>" });
    expect(await c.failures()).toEqual([
      "DELETE /things/b 204: unknown route — /things/{id} has no DELETE operation (it has GET)",
      "GET /other 200: unknown route — no path of the document matches /other",
      "GET /things 500 application/problem+json: status not declared (declared: 200, 4XX)",
      "GET /things/{id} 200 text/html: content type not declared (declared: application/json)",
      "GET /things/{id}/photo 200 application/pdf: content type not declared (declared: image/*)",
    ]);
    expect((await c.summary()).unrouted).toEqual(["GET /things/b/c/d"]);
  });

  it("names the body's path and the schema rule a JSON body breaks, counting repeats", async () => {
    const c = check();
    const bad = json({ items: [{ id: 1, at: "yesterday", state: "gone" }], extra: true });
    c.record({ method: "GET", url: "/things", status: 200, contentType: "application/json", body: bad });
    c.record({ method: "GET", url: "/things", status: 200, contentType: "application/json", body: bad });
    c.record({
      method: "GET",
      url: "/things/b",
      status: 404,
      contentType: "application/problem+json",
      body: "{}",
    });
    c.record({
      method: "GET",
      url: "/things/b",
      status: 200,
      contentType: "application/json",
      body: "not json",
    });
    expect(await c.failures()).toEqual([
      "GET /things 200 application/json: body must NOT have additional properties (extra) [response schema/additionalProperties] (×2)",
      'GET /things 200 application/json: body/items/*/at must match format "date-time" [#/components/schemas/Thing/properties/at/format] (×2)',
      "GET /things 200 application/json: body/items/*/id must be string [#/components/schemas/Thing/properties/id/type] (×2)",
      'GET /things 200 application/json: body/items/*/state must be equal to one of the allowed values (["draft","published"]) [#/components/schemas/Thing/properties/state/enum] (×2)',
      "GET /things/{id} 200 application/json: the body is not JSON",
      "GET /things/{id} 404 application/problem+json: body must have required property 'code' [#/components/responses/Problem/content/application~1problem+json/schema/required]",
    ]);
  });

  it("names a body where the document declares none, and a missing body where it declares one", async () => {
    const c = check();
    c.record({ method: "POST", url: "/things/new", status: 202, contentType: "text/plain", body: "x" });
    c.record({ method: "GET", url: "/things/b", status: 200, contentType: null, body: "x" });
    c.record({ method: "GET", url: "/things/b", status: 200, contentType: "application/json", body: "" });
    expect(await c.failures()).toEqual([
      "GET /things/{id} 200 application/json: empty body (the document declares application/json)",
      "GET /things/{id} 200: no content type (declared: application/json)",
      "POST /things/new 202 text/plain: a body the document does not declare (it declares no content)",
    ]);
  });

  it("checks what fetch receives from a watched origin, leaving the body to the caller", async () => {
    const original = globalThis.fetch;
    globalThis.fetch = (async (input: string | URL | Request) =>
      String(input).startsWith("http://watched.invalid/")
        ? new Response(json({ items: [{ id: "a" }] }), {
            status: 200,
            headers: { "content-type": "application/json" },
          })
        : new Response("elsewhere", { status: 418 })) as typeof fetch;
    try {
      const c = openApiConformance({ service: "t", document: doc, bases: ["http://watched.invalid"] });
      const res = await fetch("http://watched.invalid/things");
      expect(await res.json()).toEqual({ items: [{ id: "a" }] });
      expect(await (await fetch("http://other.invalid/x")).text()).toBe("elsewhere");
      c.restore();
      expect(globalThis.fetch).not.toBe(original);
      expect(await c.failures()).toEqual([
        "GET /things 200 application/json: body/items/* must have required property 'at' [#/components/schemas/Thing/required]",
      ]);
      expect((await c.summary()).answers).toBe(1);
    } finally {
      globalThis.fetch = original;
    }
  });

  it("refuses a document that is not OpenAPI 3.1", () => {
    const old = path.join(dir, "old.yaml");
    fs.writeFileSync(old, "openapi: 3.0.3\ninfo: { title: t, version: '1' }\npaths: {}\n");
    expect(() => openApiConformance({ service: "t", document: old })).toThrow(/OpenAPI 3\.1/);
  });
});
