// Per-request context: the language, the CSRF token, the person and their portals, the API
// client with their token, flash messages. Routes read `req.ctx` and render pages with it.
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { ApiClient, type ServiceName } from "../api/client";
import type { TokenKeeper } from "../auth/session";
import type { AdminConfig } from "../config";
import { type Lang, langOf, messages } from "../i18n";
import type { Flash, PageContext, PortalChoice, StaticFiles } from "../views/context";

declare module "express-session" {
  interface SessionData {
    /** portal id → name (vi), learnt at sign-in */
    portalNames?: Record<string, string>;
  }
}

export interface RequestContext {
  page: PageContext;
  api: ApiClient;
  lang: Lang;
  /** the person's portal roles there, or undefined when they have none */
  rolesOn(portalId: string): string[];
}

declare global {
  namespace Express {
    interface Request {
      ctx: RequestContext;
    }
  }
}

export interface ContextDeps {
  config: AdminConfig;
  files: StaticFiles;
  tokens: TokenKeeper;
  csrfToken: (req: Request) => string;
}

/** Realm roles that see every portal read-only (R-TECH, auditing). */
const SEE_ALL = ["platform-admin", "auditor"];

export function portalChoices(req: Request): PortalChoice[] {
  const user = req.session.user;
  if (!user) return [];
  const names = req.session.portalNames ?? {};
  const ids = new Set(Object.keys(user.portals));
  if (user.realmRoles.some((r) => SEE_ALL.includes(r))) for (const id of Object.keys(names)) ids.add(id);
  return [...ids]
    .map((id) => ({ id, name: names[id] ?? id, roles: user.portals[id] ?? [] }))
    .sort((a, b) =>
      a.id === "bacgiang" ? -1 : b.id === "bacgiang" ? 1 : a.name.localeCompare(b.name, "vi"),
    );
}

export function contextMiddleware(d: ContextDeps): RequestHandler {
  const bases: Record<ServiceName, string> = {
    content: d.config.CONTENT_API_URL,
    media: d.config.MEDIA_API_URL,
    identity: d.config.IDENTITY_API_URL,
    archive: d.config.ARCHIVE_API_URL,
  };
  return (req: Request, _res: Response, next: NextFunction) => {
    const lang = langOf(req.session?.lang);
    const user = req.session?.user;
    // one-shot messages are taken when a page shows them, never by a JSON call (autosave)
    let flash: Flash[] | undefined;
    const requestId = String(req.headers["x-request-id"] ?? "");
    let csrf: string | undefined;
    const page: PageContext = {
      t: messages(lang),
      lang,
      get csrf() {
        csrf ??= d.csrfToken(req);
        return csrf;
      },
      path: req.path,
      user,
      portals: portalChoices(req),
      get flash() {
        if (!flash) {
          flash = req.session?.flash ?? [];
          if (req.session?.flash) delete req.session.flash;
        }
        return flash;
      },
      files: d.files,
      session: {
        idleSeconds: d.config.ADMIN_IDLE_TIMEOUT_SECONDS,
        warningSeconds: d.config.ADMIN_IDLE_WARNING_SECONDS,
        autosaveSeconds: d.config.ADMIN_AUTOSAVE_SECONDS,
      },
    };
    req.ctx = {
      page,
      lang,
      api: new ApiClient(bases, () => d.tokens.accessToken(req), requestId, lang),
      rolesOn: (portalId) => user?.portals[portalId] ?? [],
    };
    next();
  };
}

export function flash(req: Request, kind: Flash["kind"], text: string): void {
  req.session.flash = [...(req.session.flash ?? []), { kind, text }];
}

/** A path on this site to return to after sign-in or a language switch (never another origin). */
export function safeReturn(value: unknown, fallback = "/"): string {
  if (typeof value !== "string") return fallback;
  if (!/^\/(?![/\\])[\w\-./~%?=&:+@!$',;*()]*$/.test(value)) return fallback;
  if (value.startsWith("/auth/")) return fallback;
  return value;
}
