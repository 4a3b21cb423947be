// The HTTP defaults every service shares: security headers (helmet), request ids, structured
// access logs, forwarded headers only from the configured proxies, JSON-only UTF-8 bodies with a
// size limit, strict query strings, the NoSQL-key and text guard, latency metrics; and, at the
// end, the 404 and error handlers that answer in problem+json.
import { randomUUID } from "node:crypto";
import express, { type Express, type Request, type RequestHandler } from "express";
import helmet, { type HelmetOptions } from "helmet";
import type { Logger } from "pino";
import { pinoHttp } from "pino-http";
import { AppError, errorHandler, type FieldError, fail, notFoundHandler } from "../errors";
import type { Metrics } from "../metrics";
import { guardBody } from "./body-guard";
import {
  decodeUtf8,
  type ParsedPairs,
  parsePairs,
  requireUtf8Charset,
  TEXT_MESSAGES,
  textProblem,
} from "./text";
import { DEFAULT_TRUSTED_PROXIES, parseTrustedProxies, type TrustedProxies } from "./trust-proxy";

export interface HttpAppOptions {
  logger: Logger;
  metrics?: Metrics;
  /** largest JSON body accepted (default 256 kB); larger gets 413 */
  bodyLimit?: string | number;
  /**
   * Path prefixes (or patterns) whose routes read their own bodies (streaming uploads, HTML
   * forms); the JSON parser and the 415 check skip them.
   */
  ownBodyPrefixes?: (string | RegExp)[];
  /** helmet options; APIs default to `default-src 'none'` */
  helmet?: HelmetOptions;
  /**
   * Peers whose X-Forwarded-For/-Proto/-Host are believed (the service config's TRUST_PROXY):
   * addresses, CIDRs, `loopback`, `linklocal`, `uniquelocal`; default loopback only.
   * A number (hop count) or `true` is still accepted but trusts any client that connects directly:
   * @deprecated pass a list.
   */
  trustProxy?: TrustedProxies | number | boolean;
  /** rewrites a request's path (query already dropped) before it is access-logged: secrets in paths */
  logPath?: (path: string) => string;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;
const BODY_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const JSON_TYPES = ["application/json", "application/merge-patch+json", "application/problem+json"];

function hasBody(req: express.Request): boolean {
  const len = req.headers["content-length"];
  return (len !== undefined && len !== "0") || req.headers["transfer-encoding"] !== undefined;
}

/** Sets `trust proxy` from a list of proxies (validated); warns about the deprecated hop count. */
export function applyTrustProxy(app: Express, trust: HttpAppOptions["trustProxy"], logger?: Logger): void {
  if (typeof trust === "number" || trust === true) {
    logger?.warn(
      { trustProxy: trust },
      "trustProxy as a hop count (or true) trusts X-Forwarded-* from any client that connects directly; pass the TRUST_PROXY list",
    );
    app.set("trust proxy", trust);
    return;
  }
  if (trust === false) {
    app.set("trust proxy", false);
    return;
  }
  // validated again here: a list built in code fails at start, not on the first request
  app.set("trust proxy", [...parseTrustedProxies((trust ?? DEFAULT_TRUSTED_PROXIES).join(",") || "none")]);
}

/**
 * Query strings are decoded strictly (a malformed or non-UTF-8 %-escape is a 400, never U+FFFD)
 * and checked like bodies (no operator keys, no control characters), in NFC. Express calls this on
 * every read of `req.query`, so every read sees the same checked values.
 */
export function strictQuery(query: string): ParsedPairs {
  return guardBody(parsePairs(query, "query"));
}

export function createHttpApp(opts: HttpAppOptions): Express {
  const app = express();
  app.disable("x-powered-by");
  applyTrustProxy(app, opts.trustProxy, opts.logger);
  app.set("query parser", strictQuery);
  app.set("json spaces", 0);

  const own = opts.ownBodyPrefixes ?? [];
  const isOwnBody = (path: string) =>
    own.some((p) =>
      typeof p === "string" ? path === p || path.startsWith(p.endsWith("/") ? p : `${p}/`) : p.test(path),
    );

  // request id: kept from the caller when well-formed, so one id follows a request across services
  app.use((req, res, next) => {
    const given = req.headers["x-request-id"];
    const id = typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
    req.headers["x-request-id"] = id;
    res.setHeader("x-request-id", id);
    next();
  });

  app.use(
    pinoHttp({
      logger: opts.logger,
      genReqId: (req) => req.headers["x-request-id"] as string,
      autoLogging: { ignore: (req) => req.url === "/favicon.ico" },
      customLogLevel: (_req, res, err) =>
        err || res.statusCode >= 500 ? "error" : res.statusCode >= 400 ? "warn" : "info",
      serializers: {
        req: (req) => {
          const path = req.url?.split("?")[0];
          return { id: req.id, method: req.method, url: path && opts.logPath ? opts.logPath(path) : path };
        },
        res: (res) => ({ statusCode: res.statusCode }),
      },
    }),
  );

  app.use(
    helmet(
      opts.helmet ?? {
        contentSecurityPolicy: {
          useDefaults: false,
          directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
        },
        crossOriginResourcePolicy: { policy: "same-site" },
      },
    ),
  );

  if (opts.metrics) {
    const hist = opts.metrics.httpDuration;
    app.use((req, res, next) => {
      const end = hist.startTimer();
      res.on("finish", () => {
        const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : "unmatched";
        end({ method: req.method, route, status: String(res.statusCode) });
      });
      next();
    });
  }

  // JSON only, UTF-8 only, with a size limit; anything else with a body gets 415
  const json = jsonBody(opts.bodyLimit ?? "256kb");
  const jsonOnly: RequestHandler = (req, res, next) => {
    if (isOwnBody(req.path) || !BODY_METHODS.has(req.method) || !hasBody(req)) return next();
    if (!req.is(JSON_TYPES)) {
      return next(
        fail.unsupported("Chỉ chấp nhận nội dung JSON (application/json).", { reason: "json_only" }),
      );
    }
    json(req, res, next);
  };
  app.use(jsonOnly);

  // query strings: read once here, so a malformed one is a 400 before any route runs
  app.use((req, _res, next) => {
    try {
      void req.query;
      next();
    } catch (e) {
      next(e);
    }
  });

  return app;
}

/**
 * Reads a body as bytes (size limit → 413, Content-Encoding inflated), refuses a declared charset
 * other than UTF-8 (415) and bytes that are not UTF-8 (400), then hands the text to `parse`.
 */
function textBody(
  types: string[],
  limit: string | number,
  parse: (text: string, req: Request) => unknown,
): RequestHandler {
  const raw = express.raw({ type: types, limit, inflate: true });
  return (req, res, next) => {
    if (!req.is(types)) return next();
    try {
      requireUtf8Charset(req.headers["content-type"]);
    } catch (e) {
      return next(e);
    }
    raw(req, res, (err?: unknown) => {
      if (err) return next(err);
      try {
        const bytes = req.body;
        req.body = parse(Buffer.isBuffer(bytes) ? decodeUtf8(bytes) : "", req);
        next();
      } catch (e) {
        next(e);
      }
    });
  };
}

/** The kit's JSON body parser (strict: an object or array at the top), then the body guard. */
export function jsonBody(limit: string | number = "256kb"): RequestHandler {
  return textBody(JSON_TYPES, limit, (text) => {
    const first = text.trimStart()[0];
    let value: unknown;
    try {
      if (first !== "{" && first !== "[") throw new SyntaxError("not an object or array");
      value = JSON.parse(text);
    } catch {
      throw fail.malformed("Nội dung không phải JSON hợp lệ.", { reason: "invalid_json" });
    }
    return guardBody(value);
  });
}

/**
 * An `application/x-www-form-urlencoded` body (HTML forms of publishing and admin), decoded as
 * strictly as query strings and checked like JSON bodies: `req.body` is a prototype-less record
 * of strings (arrays for repeated names), in NFC. Other content types pass untouched.
 */
export function formBody(
  opts: {
    limit?: string | number;
    parameterLimit?: number;
    /**
     * Remove control characters from values instead of refusing the form: for forms people fill
     * in by pasting from a word processor (the admin's editor), where the characters are invisible
     * and a refusal would lose the text. Lone surrogates and invalid UTF-8 are still refused.
     */
    stripControlCharacters?: boolean;
    /**
     * Field names with dots or a leading `$` are fine (`contributor.0.name`): for forms whose
     * handler maps each field by hand and never stores the body as it came. The values are still
     * checked and in NFC, the names still checked for text problems (a prototype-less record).
     */
    formFieldNames?: boolean;
  } = {},
): RequestHandler {
  return textBody(["application/x-www-form-urlencoded"], opts.limit ?? "32kb", (text) => {
    const pairs = parsePairs(text, "form", opts.parameterLimit ?? 100);
    if (opts.stripControlCharacters)
      for (const [k, v] of Object.entries(pairs))
        pairs[k] = Array.isArray(v) ? v.map(stripControl) : stripControl(v);
    if (!opts.formFieldNames) return guardBody(pairs);
    const problems: FieldError[] = [];
    for (const [k, v] of Object.entries(pairs)) {
      const bad = textProblem(k) ?? (Array.isArray(v) ? v.map(textProblem).find(Boolean) : textProblem(v));
      if (bad)
        problems.push({ path: textProblem(k) ? "(name)" : k, code: bad, message: bad.replace("_", " ") });
      else pairs[k] = Array.isArray(v) ? v.map((x) => x.normalize("NFC")) : v.normalize("NFC");
    }
    if (problems.length)
      throw new AppError("malformed_request", TEXT_MESSAGES[problems[0]?.code ?? ""], {
        reason: problems[0]?.code,
        errors: problems.slice(0, 20),
      });
    return pairs;
  });
}

/** Without C0 controls other than tab, line feed and carriage return, DEL and C1 controls. */
function stripControl(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const control = (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || (c >= 0x7f && c <= 0x9f);
    if (!control) out += s[i];
  }
  return out;
}

/** Adds the 404 and problem+json error handlers; call after the routes. */
export function finishHttpApp(app: Express, logger: Logger): Express {
  app.use(notFoundHandler);
  app.use(errorHandler(logger));
  return app;
}
