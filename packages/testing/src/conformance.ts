// OpenAPI conformance of a service's answers (issues 15 and 16): every answer an integration test
// receives from the service under test is checked against the service's OpenAPI 3.1 document —
// its route (path template + method) is in the document (a path of no route is a failure unless
// the service answered it 404, as the document implies), its status is declared (or covered by
// `4XX`/`default`), its content type is one the response declares, and a JSON body validates
// against the declared schema (ajv's JSON Schema 2020-12 dialect, which OpenAPI 3.1 uses, `$ref`s
// resolved inside the document). Other bodies (images, PDF, spreadsheets, HTML, XML, CSV) are
// checked for status and content type only. The global fetch of a test file is wrapped; answers
// read by other clients (node:http) are passed to `record`. `checkConformance` registers a
// top-level afterAll that fails the file with one line per distinct problem.
// The document, its routes and schemas are read in conformance-contract.ts.
import fs from "node:fs";
import path from "node:path";
import {
  contractOf,
  essenceOf,
  formatErrors,
  isJson,
  type Obj,
  pointerSegment,
} from "./conformance-contract";

/** An answer received by a client other than fetch. */
export interface ReceivedAnswer {
  method: string;
  /** an absolute URL or a path (with or without a query) */
  url: string;
  status: number;
  contentType?: string | null;
  /** the body as received; leave out when it was not read */
  body?: string | Uint8Array;
}

export interface ConformanceSummary {
  /** answers checked */
  answers: number;
  /** answers whose JSON body was validated against a schema */
  bodies: number;
  /** distinct "METHOD /template" seen */
  operations: string[];
  /** distinct "METHOD /template status content-type" seen */
  responses: string[];
  /** of those, JSON answers whose declared media type has no schema (so the body went unchecked) */
  withoutSchema: string[];
  /** "METHOD /path" of requests to no route of the document that the service answered 404 */
  unrouted: string[];
}

export interface ConformanceCheck {
  /** answers of fetch requests to this base URL (its origin) are checked from now on */
  watch(base: string): void;
  /** checks an answer that a client other than fetch received */
  record(answer: ReceivedAnswer): void;
  /** one line per distinct problem (with how many answers had it), once every body was read */
  failures(): Promise<string[]>;
  summary(): Promise<ConformanceSummary>;
  /** puts the global fetch back (when no later wrapper was installed over this one) */
  restore(): void;
}

export interface ConformanceOptions {
  /** the service's name, for the failure message */
  service: string;
  /** path of its openapi.yaml */
  document: string;
  /** base URLs watched from the start */
  bases?: string[];
}

interface Seen {
  method: string;
  pathname: string;
  status: number;
  contentType: string | null;
  /** HEAD, 204 or 304: no body can come */
  bodyless: boolean;
  /** the body is known to be empty (content-length 0, or an empty body passed to `record`) */
  empty: boolean;
  /** the JSON body's text, when it was read */
  text?: Promise<string | undefined>;
}

/** HEAD, 204 and 304 answers carry no body. */
const cannotHaveBody = (method: string, status: number) =>
  method === "HEAD" || status === 204 || status === 304;

export function openApiConformance(opts: ConformanceOptions): ConformanceCheck {
  const contract = contractOf(opts.document);
  const origins = new Set<string>();
  const watch = (base: string) => {
    if (base) origins.add(new URL(base).origin);
  };
  for (const b of opts.bases ?? []) watch(b);

  const problems = new Map<string, number>();
  const pending: Promise<void>[] = [];
  const operations = new Set<string>();
  const responses = new Set<string>();
  const withoutSchema = new Set<string>();
  const unrouted = new Set<string>();
  let answers = 0;
  let bodies = 0;
  const fail = (line: string) => problems.set(line, (problems.get(line) ?? 0) + 1);

  const check = (seen: Seen) => {
    answers++;
    const { method, pathname, status } = seen;
    const op = contract.operation(method, pathname);
    if (typeof op === "string") {
      // a path the service does not serve, answered "not found": what the document says too (tests
      // probe such paths on purpose); anything else there is a route missing from the document
      if (status === 404) unrouted.add(`${method} ${pathname}`);
      else fail(`${method} ${pathname} ${status}: unknown route — ${op}`);
      return;
    }
    const essence = essenceOf(seen.contentType);
    operations.add(`${method} ${op.template}`);
    responses.add(`${method} ${op.template} ${status} ${essence || "(no body)"}`);
    const where = `${method} ${op.template} ${status}${essence ? ` ${essence}` : ""}`;
    const code = [String(status), `${String(status)[0]}XX`, `${String(status)[0]}xx`, "default"].find(
      (k) => k in op.responses,
    );
    if (!code) {
      fail(`${where}: status not declared (declared: ${Object.keys(op.responses).join(", ") || "none"})`);
      return;
    }
    const { value, pointer } = contract.deref(
      op.responses[code],
      `${op.pointer}/responses/${pointerSegment(code)}`,
    );
    const content = ((value as Obj | undefined)?.content ?? {}) as Record<string, Obj>;
    const declared = Object.keys(content);
    if (!essence) {
      if (declared.length && !seen.bodyless)
        fail(`${where}: ${seen.empty ? "empty body" : "no content type"} (declared: ${declared.join(", ")})`);
      return;
    }
    if (!declared.length) {
      if (!seen.bodyless && !seen.empty)
        fail(`${where}: a body the document does not declare (it declares no content)`);
      return;
    }
    const [type] = essence.split("/");
    const mediaKey =
      declared.find((k) => essenceOf(k) === essence) ??
      declared.find((k) => essenceOf(k) === `${type}/*`) ??
      declared.find((k) => essenceOf(k) === "*/*");
    if (!mediaKey) {
      fail(`${where}: content type not declared (declared: ${declared.join(", ")})`);
      return;
    }
    const media = content[mediaKey] ?? {};
    if (isJson(essence) && !("schema" in media)) withoutSchema.add(where);
    if (!isJson(essence) || !("schema" in media) || seen.bodyless) return;
    if (!seen.text) {
      if (seen.empty) fail(`${where}: empty body (the document declares ${mediaKey})`);
      return;
    }
    const schemaPointer = `${pointer}/content/${pointerSegment(mediaKey)}/schema`;
    pending.push(
      seen.text.then(
        (text) => {
          if (text === undefined) return; // not read (the test aborted it)
          if (!text.trim()) {
            fail(`${where}: empty body (the document declares ${mediaKey})`);
            return;
          }
          let body: unknown;
          try {
            body = JSON.parse(text.replace(/^\uFEFF/, ""));
          } catch {
            fail(`${where}: the body is not JSON`);
            return;
          }
          const validate = contract.validator(schemaPointer);
          if (typeof validate === "string") {
            fail(`${where}: ${validate}`);
            return;
          }
          bodies++;
          if (!validate(body))
            for (const e of formatErrors(validate.errors, contract.id)) fail(`${where}: ${e}`);
        },
        () => undefined,
      ),
    );
  };

  const original = globalThis.fetch;
  const wrapped = (async (input: string | URL | Request, init?: RequestInit) => {
    const res = await original(input, init);
    try {
      const asked = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
      const url = res.url ? new URL(res.url) : asked;
      if (origins.has(url.origin)) {
        const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
        const contentType = res.headers.get("content-type");
        const essence = essenceOf(contentType);
        const bodyless = cannotHaveBody(method, res.status);
        const empty = res.headers.get("content-length") === "0" || !res.body;
        const seen: Seen = {
          method,
          pathname: url.pathname,
          status: res.status,
          contentType,
          bodyless,
          empty,
        };
        // only JSON bodies are read (a copy: the test reads its own); never an event stream
        if (!bodyless && !empty && isJson(essence))
          seen.text = res
            .clone()
            .text()
            .catch(() => undefined);
        check(seen);
      }
    } catch {
      /* not a URL we know */
    }
    return res;
  }) as typeof fetch;
  globalThis.fetch = wrapped;

  return {
    watch,
    record(a) {
      const url = new URL(a.url, "http://answer.invalid");
      const text =
        a.body === undefined
          ? undefined
          : typeof a.body === "string"
            ? a.body
            : new TextDecoder().decode(a.body);
      check({
        method: a.method.toUpperCase(),
        pathname: url.pathname,
        status: a.status,
        contentType: a.contentType ?? null,
        bodyless: cannotHaveBody(a.method.toUpperCase(), a.status),
        empty: text === "",
        ...(text ? { text: Promise.resolve(text) } : {}),
      });
    },
    async failures() {
      await Promise.allSettled(pending);
      return [...problems]
        .map(([line, n]) => (n > 1 ? `${line} (×${n})` : line))
        .sort((a, b) => a.localeCompare(b));
    },
    async summary() {
      await Promise.allSettled(pending);
      return {
        answers,
        bodies,
        operations: [...operations].sort(),
        responses: [...responses].sort(),
        withoutSchema: [...withoutSchema].sort(),
        unrouted: [...unrouted].sort(),
      };
    },
    restore() {
      if (globalThis.fetch === wrapped) globalThis.fetch = original;
    },
  };
}

/**
 * `openApiConformance`, checked at the end of the test file: a top-level afterAll fails the file
 * with one line per distinct problem (route, status, content type, the schema error's path).
 * Outside jest (bench scripts import the same helpers) nothing is wrapped and nothing is checked.
 * With OPENAPI_CONFORMANCE_LOG=<file>, each file appends a JSON line of what it checked.
 */
export function checkConformance(opts: ConformanceOptions): ConformanceCheck {
  if (typeof afterAll !== "function") {
    return {
      watch: () => undefined,
      record: () => undefined,
      failures: async () => [],
      summary: async () => ({
        answers: 0,
        bodies: 0,
        operations: [],
        responses: [],
        withoutSchema: [],
        unrouted: [],
      }),
      restore: () => undefined,
    };
  }
  const check = openApiConformance(opts);
  afterAll(async () => {
    check.restore();
    const failures = await check.failures();
    const log = process.env.OPENAPI_CONFORMANCE_LOG;
    if (log) {
      const s = await check.summary();
      const file = typeof expect === "function" ? expect.getState().testPath : undefined;
      fs.appendFileSync(log, `${JSON.stringify({ service: opts.service, file, failures, ...s })}\n`);
    }
    if (failures.length)
      throw new Error(
        `${opts.service} answered this file's requests in ways its OpenAPI document (${path.relative(
          process.cwd(),
          opts.document,
        )}) does not declare:\n  - ${failures.join("\n  - ")}`,
      );
  });
  return check;
}
