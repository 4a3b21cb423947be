// Publishing, assembled: `createPublishingApp(deps)` builds the Express app from parts (tests and
// benches pass their own), `startPublishing(config)` wires the real service (kit, Mongo, Kafka
// consumer, page-view flushing) and listens.
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  applyTrustProxy,
  createHttpApp,
  type HttpAppOptions,
  type Logger,
  type Metrics,
  type Service,
  startService,
} from "@cong/kit";
import compression from "compression";
import express, { type Express } from "express";
import { RenderCache } from "./cache/render-cache";
import type { PublishingConfig } from "./config";
import { ContentClient } from "./feedback/content-client";
import { FormTokens } from "./feedback/form-token";
import { PageViews } from "./pageviews/pageviews";
import { PreviewClient } from "./previews/preview.client";
import { ReadModel } from "./readmodel/readmodel";
import { readModelBatch, readModelHandlers } from "./readmodel/readmodel.handlers";
import { mongoReadModelRepository } from "./readmodel/readmodel.repository";
import { SearchIndex } from "./search/search.index";
import { MIN_COMPRESSED_BYTES } from "./web/compress";
import { publicRoutes } from "./web/routes";
import { rawFastPath } from "./web/routes/respond";
import { HostMap } from "./web/site";

export type AppSettings = Pick<
  PublishingConfig,
  | "PUBLIC_DOMAIN"
  | "PRODUCTION_DOMAIN"
  | "PROVINCIAL_PORTAL_ID"
  | "CONTENT_API_URL"
  | "MEDIA_PUBLIC_URL"
  | "FORM_SECRET"
  | "PAGEVIEWS_TOKEN"
  | "RENDER_CACHE_MAX"
  | "FORM_RATE_LIMIT"
> & {
  /** scheme of the portals' absolute links (PUBLIC_SCHEME; http when absent) */
  PUBLIC_SCHEME?: PublishingConfig["PUBLIC_SCHEME"];
  /** proxies whose X-Forwarded-* are believed (TRUST_PROXY; the kit's default, loopback, when absent) */
  TRUST_PROXY?: HttpAppOptions["trustProxy"];
};

export interface PublishingDeps {
  settings: AppSettings;
  model: ReadModel;
  logger: Logger;
  metrics?: Metrics;
  pageViews?: PageViews;
  /** build the search index (default true; benches of huge models turn it off) */
  indexSearch?: boolean;
}

export interface PublishingApp {
  app: Express;
  model: ReadModel;
  search: SearchIndex;
  cache: RenderCache;
  pageViews: PageViews;
  /**
   * the request listener to serve: cached pages answered before Express (web/routes/respond.ts,
   * rawFastPath), everything else handed to `app`
   */
  listener: (req: IncomingMessage, res: ServerResponse) => void;
}

/** Permissions-Policy: a portal's pages use no camera, microphone, location, payment or sensors. */
export const PERMISSIONS_POLICY = [
  "accelerometer=()",
  "autoplay=()",
  "camera=()",
  "display-capture=()",
  "geolocation=()",
  "gyroscope=()",
  "magnetometer=()",
  "microphone=()",
  "payment=()",
  "usb=()",
  "browsing-topics=()",
].join(", ");

/** Content-Security-Policy: no inline script anywhere (JSON-LD is a data block, not run). */
export function contentSecurityPolicy(mediaUrl: string) {
  const media = new URL(mediaUrl).origin;
  return {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", media, "data:"],
      mediaSrc: ["'self'", media],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'self'"],
      objectSrc: ["'none'"],
    },
  };
}

export function createPublishingApp(deps: PublishingDeps): PublishingApp {
  const s = deps.settings;
  const search = new SearchIndex(deps.model);
  if (deps.indexSearch !== false) search.build();
  const cache = new RenderCache(s.RENDER_CACHE_MAX);
  const pageViews = deps.pageViews ?? new PageViews(undefined, 60_000);
  const inner = createHttpApp({
    logger: deps.logger,
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    trustProxy: s.TRUST_PROXY,
    ownBodyPrefixes: ["/"],
    // a preview token opens an unpublished page: never written to the access log (issue 14)
    logPath: (p) => p.replace(/^\/xem-truoc\/[^/]+/, "/xem-truoc/[redacted]"),
    helmet: {
      contentSecurityPolicy: contentSecurityPolicy(s.MEDIA_PUBLIC_URL),
      strictTransportSecurity: false, // set per request, only behind TLS (web/routes/service.ts)
      referrerPolicy: { policy: "strict-origin-when-cross-origin" },
      crossOriginResourcePolicy: { policy: "same-site" },
      crossOriginEmbedderPolicy: false,
    },
  });
  const hits = deps.metrics?.counter(
    "cong_publishing_cache_fast_hits_total",
    "pages answered from the render cache",
    [],
  );
  // the browser features a public page never needs, refused for the page and anything it embeds
  // (issue 17); set before any route, so a cached page's headers carry it too (respond.ts)
  inner.use((_req, res, next) => {
    res.setHeader("permissions-policy", PERMISSIONS_POLICY);
    next();
  });
  // answers not kept in the render cache (forms, search, errors) compressed per request; cached
  // pages and static files bring their own encodings, made once (web/compress.ts)
  inner.use(compression({ threshold: MIN_COMPRESSED_BYTES }));
  const hosts = new HostMap(deps.model, s.PRODUCTION_DOMAIN, s.PUBLIC_DOMAIN, s.PUBLIC_SCHEME ?? "http");
  const onFastHit = () => hits?.inc({});
  const fast = publicRoutes(inner, {
    model: deps.model,
    search,
    cache,
    hosts,
    pageViews,
    content: new ContentClient(s.CONTENT_API_URL),
    previews: new PreviewClient(s.CONTENT_API_URL, deps.logger.child({ component: "previews" })),
    tokens: new FormTokens(s.FORM_SECRET ?? randomBytes(32).toString("hex")),
    mediaUrl: s.MEDIA_PUBLIC_URL,
    provincialPortalId: s.PROVINCIAL_PORTAL_ID,
    productionDomain: s.PRODUCTION_DOMAIN,
    publicDomain: s.PUBLIC_DOMAIN,
    pageviewsToken: s.PAGEVIEWS_TOKEN,
    formRateLimit: s.FORM_RATE_LIMIT,
    onFastHit,
  });
  // cached pages first (fast path), everything else through the kit's full middleware
  const app = express();
  app.disable("x-powered-by");
  applyTrustProxy(app, s.TRUST_PROXY);
  app.set("query parser", false);
  app.set("etag", false);
  app.use(fast);
  app.use(inner);
  const listener = rawFastPath({ hosts, cache, pageViews, onFastHit }, app);
  return { app, model: deps.model, search, cache, pageViews, listener };
}

export interface RunningPublishing extends PublishingApp {
  svc: Service;
  port: number;
  managementPort: number;
  stop(): Promise<void>;
}

/** Starts the whole service; PORT=0 picks a free port (tests). */
export async function startPublishing(
  config: PublishingConfig,
  opts: { host?: string } = {},
): Promise<RunningPublishing> {
  const svc = await startService({ name: "publishing", config, mongo: true, kafka: {} });
  const db = svc.db as NonNullable<Service["db"]>;
  const model = new ReadModel(mongoReadModelRepository(db));
  await model.load();
  const pageViews = new PageViews(db, config.PAGEVIEWS_FLUSH_MS);
  const built = createPublishingApp({
    settings: config,
    model,
    logger: svc.logger,
    metrics: svc.metrics,
    pageViews,
  });
  if (config.CONSUME)
    svc.consumer("publishing", readModelHandlers(model), { beforeBatch: readModelBatch(model) });
  pageViews.start();
  svc.lifecycle.onShutdown("pageviews", "drain", () => pageViews.stop());
  const { server, management } = await svc.serve(built.app, opts.host ? { host: opts.host } : undefined);
  // the kit listens with the Express app; cached pages are answered before it (rawFastPath)
  server.removeAllListeners("request");
  server.on("request", built.listener);
  const addr = server.address();
  const maddr = management.address();
  return {
    ...built,
    svc,
    port: typeof addr === "object" && addr ? addr.port : config.PORT,
    managementPort: typeof maddr === "object" && maddr ? maddr.port : config.MANAGEMENT_PORT,
    stop: () => svc.lifecycle.shutdown("stop"),
  };
}
