// The HTTP defaults every service shares: security headers (helmet), request ids, structured
// access logs, JSON-only bodies with a size limit, the NoSQL-key guard, latency metrics; and, at
// the end, the 404 and error handlers that answer in problem+json.
import { randomUUID } from "node:crypto";
import express, { type Express, type RequestHandler } from "express";
import helmet, { type HelmetOptions } from "helmet";
import type { Logger } from "pino";
import { pinoHttp } from "pino-http";
import { errorHandler, fail, notFoundHandler } from "../errors";
import type { Metrics } from "../metrics";
import { guardBody } from "./body-guard";

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
  /** trust X-Forwarded-* from this many proxies (the ingress); default 1 */
  trustProxy?: number | boolean;
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

export function createHttpApp(opts: HttpAppOptions): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", opts.trustProxy ?? 1);
  app.set("query parser", "simple");
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

  // JSON only, with a size limit; anything else with a body gets 415
  const json = express.json({ limit: opts.bodyLimit ?? "256kb", strict: true, type: JSON_TYPES });
  const jsonOnly: RequestHandler = (req, res, next) => {
    if (isOwnBody(req.path) || !BODY_METHODS.has(req.method) || !hasBody(req)) return next();
    if (!req.is(JSON_TYPES)) {
      return next(
        fail.unsupported("Chỉ chấp nhận nội dung JSON (application/json).", { reason: "json_only" }),
      );
    }
    json(req, res, (err?: unknown) => {
      if (err) return next(err);
      try {
        req.body = guardBody(req.body);
        next();
      } catch (e) {
        next(e);
      }
    });
  };
  app.use(jsonOnly);

  // query strings: plain strings only (the simple parser), normalised to NFC
  app.use((req, _res, next) => {
    try {
      guardBody(req.query as unknown);
      next();
    } catch (e) {
      next(e);
    }
  });

  return app;
}

/** Adds the 404 and problem+json error handlers; call after the routes. */
export function finishHttpApp(app: Express, logger: Logger): Express {
  app.use(notFoundHandler);
  app.use(errorHandler(logger));
  return app;
}
