// The admin's composition root: kit service (logging, metrics, health, shutdown, Mongo) →
// sessions → Origin check → CSRF → sign-in → the screens. It reads like the order a request
// meets them in.
import fs from "node:fs";
import path from "node:path";
import { type Logger, type Service, startService } from "@cong/kit";
import { csrfSync } from "csrf-sync";
import express, { type Express } from "express";
import type { Db } from "mongodb";
import { Oidc } from "./auth/oidc";
import { PendingForms } from "./auth/pending";
import {
  absoluteTimeout,
  cookieName,
  SessionIndex,
  saveBeforeRedirect,
  sessionMiddleware,
  TokenKeeper,
} from "./auth/session";
import type { AdminConfig } from "./config";
import { contextMiddleware } from "./http/context";
import { errorPages, expiredSessions, formBody, notFoundPage, originCheck, requireUser } from "./http/guards";
import { adRoutes } from "./routes/ads.routes";
import { archiveRoutes } from "./routes/archive.routes";
import { authRoutes, publicAuthRoutes } from "./routes/auth.routes";
import { backupRoutes } from "./routes/backups.routes";
import { categoryRoutes } from "./routes/categories.routes";
import { commentRoutes } from "./routes/comments.routes";
import { dashboardRoutes } from "./routes/dashboard.routes";
import { digestRoutes } from "./routes/digest.routes";
import { feedbackRoutes } from "./routes/feedback.routes";
import { invitationRoutes } from "./routes/invitations.routes";
import { itemRoutes } from "./routes/items.routes";
import { mediaRoutes } from "./routes/media.routes";
import { operationsRoutes } from "./routes/operations.routes";
import { peopleRoutes } from "./routes/people.routes";
import { peopleAuditRoutes } from "./routes/people-audit.routes";
import { portalRoutes } from "./routes/portals.routes";
import { reportRoutes } from "./routes/reports.routes";
import { royaltyRoutes } from "./routes/royalties.routes";
import { submissionRoutes } from "./routes/submissions.routes";
import type { StaticFiles } from "./views/context";

export interface AdminService {
  svc: Service;
  app: Express;
  serve(host?: string): Promise<{ port: number }>;
  stop(): Promise<void>;
}

export interface BuildOptions {
  logger?: Logger;
  /** the built static files (default: dist/public beside the code) */
  staticDir?: string;
}

/** The built CSS and scripts (content-hashed names, cached for a year). */
export function loadStaticFiles(dir: string): StaticFiles {
  const manifest = path.join(dir, "manifest.json");
  if (!fs.existsSync(manifest))
    throw new Error(`${manifest} is missing: build the admin first (pnpm --filter @cong/admin build)`);
  return JSON.parse(fs.readFileSync(manifest, "utf8")) as StaticFiles;
}

export function defaultStaticDir(): string {
  // dist/app.js → dist/public; src/app.ts (tests) → dist/public
  return path.resolve(__dirname, __dirname.endsWith(`${path.sep}src`) ? "../dist/public" : "public");
}

function helmetFor(config: AdminConfig, secure: boolean) {
  const keycloak = new URL(config.KEYCLOAK_ISSUER ?? config.KEYCLOAK_URL).origin;
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        // the rich-text editor sets style attributes (table column widths)
        styleSrcAttr: ["'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        // sign-in and sign-out forms end at Keycloak's pages
        formAction: ["'self'", keycloak],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
        ...(secure ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    crossOriginResourcePolicy: { policy: "same-origin" as const },
    referrerPolicy: { policy: "same-origin" as const },
    strictTransportSecurity: secure ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  };
}

export async function buildAdmin(config: AdminConfig, opts: BuildOptions = {}): Promise<AdminService> {
  const svc = await startService({
    name: "admin",
    config,
    mongo: true,
    ...(opts.logger ? { logger: opts.logger } : {}),
  });
  const db = svc.db as Db;
  const secure = config.ADMIN_COOKIE_SECURE ?? config.ADMIN_PUBLIC_URL.startsWith("https:");
  const staticDir = opts.staticDir ?? defaultStaticDir();
  const files = loadStaticFiles(staticDir);

  const oidc = new Oidc({
    keycloakUrl: config.KEYCLOAK_URL,
    realm: config.KEYCLOAK_REALM,
    issuer: config.KEYCLOAK_ISSUER,
    clientId: config.ADMIN_OIDC_CLIENT_ID,
    clientSecret: config.ADMIN_OIDC_CLIENT_SECRET,
    publicUrl: config.ADMIN_PUBLIC_URL,
  });
  const tokens = new TokenKeeper(oidc, svc.logger);
  const sessionIndex = new SessionIndex(db);
  const pending = new PendingForms(db);
  pending.startSweeping();
  svc.lifecycle.onShutdown("pending-forms", "close", async () => pending.stop());
  const sessions = sessionMiddleware({
    db,
    secrets: config.ADMIN_SESSION_SECRET.split(",").map((s) => s.trim()),
    secure,
    idleSeconds: config.ADMIN_IDLE_TIMEOUT_SECONDS,
    absoluteSeconds: config.ADMIN_ABSOLUTE_TIMEOUT_SECONDS,
  });
  svc.lifecycle.onShutdown("sessions", "close", async () => sessions.store.stop());
  const csrf = csrfSync({
    getTokenFromRequest: (req) => {
      const header = req.headers["x-csrf-token"];
      if (typeof header === "string") return header;
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (typeof body._csrf === "string") return body._csrf;
      // multipart uploads stream through unread: their form carries the token in its action
      return typeof req.query._csrf === "string" ? req.query._csrf : undefined;
    },
  });
  const authDeps = {
    config,
    oidc,
    sessions: sessionIndex,
    store: sessions.store,
    tokens,
    logger: svc.logger,
    cookie: cookieName(secure),
  };

  const app = svc.httpApp({
    ownBodyPrefixes: [/^\//],
    helmet: helmetFor(config, secure),
  });
  app.use(
    "/static",
    express.static(staticDir, { immutable: true, maxAge: "365d", index: false, fallthrough: false }),
  );
  app.use(publicAuthRoutes(authDeps));
  app.use(sessions.handler);
  app.use(saveBeforeRedirect());
  app.use(absoluteTimeout(config.ADMIN_ABSOLUTE_TIMEOUT_SECONDS));
  app.use(originCheck(config.ADMIN_PUBLIC_URL));
  app.use(contextMiddleware({ config, files, tokens, csrfToken: (req) => csrf.generateToken(req) }));
  // after the context, so that a form the parser refuses gets a page in the admin's layout
  app.use(formBody());
  app.use(expiredSessions(pending, secure));
  app.use(csrf.csrfSynchronisedProtection);
  app.use(authRoutes(authDeps));
  // the invitation link's page: the invited person has no account to sign in with yet
  app.use(invitationRoutes(config));
  app.use(requireUser());
  app.use(dashboardRoutes());
  app.use(itemRoutes({ config, pending }));
  app.use(mediaRoutes(config));
  app.use(feedbackRoutes());
  app.use(commentRoutes());
  app.use(categoryRoutes());
  app.use(adRoutes());
  app.use(royaltyRoutes());
  app.use(reportRoutes());
  app.use(digestRoutes());
  app.use(submissionRoutes(config));
  app.use(peopleRoutes());
  app.use(peopleAuditRoutes());
  app.use(portalRoutes());
  app.use(archiveRoutes());
  app.use(backupRoutes());
  app.use(operationsRoutes());
  app.use(notFoundPage());
  app.use(errorPages(svc.logger));

  return {
    svc,
    app,
    stop: () => svc.lifecycle.shutdown("stop"),
    async serve(host = "0.0.0.0") {
      const { server } = await svc.serve(app, { host });
      // a 2 GB video over a slow line takes longer than Node's default 5 minutes per request;
      // headers still must arrive within the kit's headersTimeout
      server.requestTimeout = 2 * 60 * 60 * 1000;
      const addr = server.address();
      return { port: typeof addr === "object" && addr ? addr.port : config.PORT };
    },
  };
}
