// Answering a request from a rendered page or a cache entry: query and form fields, conditional
// requests (304), and the fast path that replays a cached page before the rest of the middleware.

import type { IncomingMessage, ServerResponse } from "node:http";
import { nfc } from "@cong/text";
import type { NextFunction, Request, Response } from "express";
import { type CacheEntry, etagOf, type RenderCache } from "../../cache/render-cache";
import type { PageViews } from "../../pageviews/pageviews";
import { represent } from "../compress";
import type { Rendered } from "../pages";
import type { HostMap } from "../site";

/** a query parameter, NFC, at most 200 characters ("" when absent) */
export function q(req: Request, name: string): string {
  const v = (req.query as Record<string, unknown>)[name];
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === "string" ? nfc(s).slice(0, 200) : "";
}

/** a form field, NFC and trimmed, at most `max` characters ("" when absent) */
export function field(body: unknown, name: string, max = 5000): string {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === "string" ? nfc(s).trim().slice(0, max) : "";
}

function notModified(req: IncomingMessage, etag: string, lastModified?: string): boolean {
  const inm = req.headers["if-none-match"];
  if (inm) return inm.split(",").some((t) => t.trim() === etag || t.trim() === `W/${etag}`);
  const ims = req.headers["if-modified-since"];
  if (ims && lastModified) {
    const since = Date.parse(ims);
    return Number.isFinite(since) && Math.floor(Date.parse(lastModified) / 1000) <= Math.floor(since / 1000);
  }
  return false;
}

const PER_REQUEST = new Set(["x-request-id", "strict-transport-security", "ratelimit", "ratelimit-policy"]);

export function send(req: Request, res: Response, e: CacheEntry): void {
  res.setHeader("cache-control", "public, max-age=0, must-revalidate");
  if (!e.baseHeaders && e.status === 200) {
    const base: Record<string, string | number | string[]> = {};
    for (const [k, v] of Object.entries(res.getHeaders()))
      if (v !== undefined && !PER_REQUEST.has(k)) base[k] = v;
    base["content-type"] = e.contentType;
    base.etag = e.etag;
    if (e.lastModified) base["last-modified"] = new Date(e.lastModified).toUTCString();
    e.baseHeaders = base;
  }
  if (e.headers) for (const [k, v] of Object.entries(e.headers)) res.setHeader(k, v);
  // brotli or gzip when accepted, each made once per entry (compress.ts)
  const r = represent(req, e, e.contentType, e.status === 200 ? e.etag : undefined);
  if (r.headers.vary) res.vary("Accept-Encoding");
  if (e.status === 200) {
    res.setHeader("etag", r.headers.etag ?? e.etag);
    if (e.lastModified) res.setHeader("last-modified", new Date(e.lastModified).toUTCString());
    if (notModified(req, e.etag, e.lastModified)) {
      res.status(304).end();
      return;
    }
  }
  if (r.headers["content-encoding"]) res.setHeader("content-encoding", r.headers["content-encoding"]);
  res.setHeader("content-length", r.headers["content-length"] ?? 0);
  res.status(e.status).type(e.contentType);
  res.end(req.method === "HEAD" ? undefined : r.body);
}

export function toEntry(r: Rendered): CacheEntry {
  return {
    status: r.status,
    body: r.body,
    contentType: r.contentType ?? "text/html; charset=utf-8",
    etag: etagOf(r.body),
    lastModified: r.lastModified,
    tags: r.tags,
    ...(r.headers ? { headers: r.headers } : {}),
  };
}

/**
 * The hot path: a GET for a page already in the render cache is answered before the rest of the
 * middleware (logging, parsing), replaying the headers of its first full answer — so a cached page
 * costs about what a hello-world costs. Misses fall through to the full app.
 */
export type FastPath = (req: Request, res: Response, next: NextFunction) => void;

interface FastDeps {
  hosts: HostMap;
  cache: RenderCache;
  pageViews: PageViews;
  onFastHit?: (() => void) | undefined;
}

/** answers a cached page (true) or leaves the response untouched (false) */
function answerCached(deps: FastDeps, req: IncomingMessage, res: ServerResponse, secure: boolean): boolean {
  if (req.method !== "GET" && req.method !== "HEAD") return false;
  const portalId = deps.hosts.resolve(req.headers.host);
  const entry = portalId ? deps.cache.get(`${portalId}|${req.url}`) : undefined;
  if (!portalId || !entry?.baseHeaders) return false;
  if (entry.count !== undefined)
    deps.pageViews.hit(portalId, entry.count || undefined, req.headers["user-agent"]);
  deps.onFastHit?.();
  const headers: Record<string, string | number | string[]> = { ...entry.baseHeaders };
  if (secure) headers["strict-transport-security"] = "max-age=31536000; includeSubDomains";
  const r = represent(req, entry, entry.contentType, entry.etag);
  Object.assign(headers, r.headers);
  if (notModified(req, entry.etag, entry.lastModified)) {
    delete headers["content-length"];
    delete headers["content-encoding"];
    res.writeHead(304, headers);
    res.end();
    return true;
  }
  res.writeHead(200, headers);
  res.end(req.method === "HEAD" ? undefined : r.body);
  return true;
}

export function fastPath(deps: FastDeps): FastPath {
  return (req, res, next) => {
    if (!answerCached(deps, req, res, req.secure)) next();
  };
}

/**
 * The same answer as `fastPath`, as a plain `http` request listener in front of Express (no
 * router, no request/response prototypes): what a cached page costs is a host look-up, a cache
 * look-up and one writeHead/end. A request Express would judge differently is left to it: one over
 * TLS or carrying Forwarded / X-Forwarded-* (whether they are believed is the trust-proxy setting's
 * call, made by Express), and every miss.
 */
export function rawFastPath(
  deps: FastDeps,
  app: (req: IncomingMessage, res: ServerResponse) => void,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const h = req.headers;
    if (
      (req.socket as { encrypted?: boolean }).encrypted ||
      h["x-forwarded-proto"] !== undefined ||
      h["x-forwarded-for"] !== undefined ||
      h["x-forwarded-host"] !== undefined ||
      h.forwarded !== undefined ||
      !answerCached(deps, req, res, false)
    )
      app(req, res);
  };
}
