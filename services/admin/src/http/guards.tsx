// What stands between a request and the screens: forms only from the admin's own origin (with
// the CSRF token checked after), form bodies read with a limit and in NFC, a request without a
// session sent to sign in — keeping what an expired session's editor posted — and errors shown
// as pages a person can act on.
import { randomUUID } from "node:crypto";
import { AppError, formBody as kitFormBody, type Logger } from "@cong/kit";
import type { ErrorRequestHandler, Request, RequestHandler } from "express";
import { ApiError, ApiUnavailable, SessionEnded } from "../api/client";
import { PENDING_COOKIE, PENDING_TTL_MS, type PendingForms } from "../auth/pending";
import { loginUrlFor } from "../routes/auth.routes";
import { ErrorPage, SignInPage } from "../views/pages/auth";
import { sendPage } from "../views/render";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

function wantsJson(req: Request): boolean {
  return (
    req.headers["x-autosave"] === "1" ||
    req.headers["x-requested-with"] === "XMLHttpRequest" ||
    /application\/json/.test(String(req.headers.accept ?? ""))
  );
}

/**
 * State-changing requests must come from the admin's own pages: the Origin header (or, where a
 * browser sends none, Sec-Fetch-Site / Referer) must be the configured origin. Defence in depth
 * beside the CSRF token; also what makes the expired-session form keeping safe.
 */
export function originCheck(publicUrl: string): RequestHandler {
  const allowed = new URL(publicUrl).origin;
  return (req, res, next) => {
    if (SAFE.has(req.method)) return next();
    const origin = req.headers.origin;
    let ok: boolean;
    if (typeof origin === "string") ok = origin === allowed;
    else if (req.headers["sec-fetch-site"]) ok = req.headers["sec-fetch-site"] === "same-origin";
    else {
      const ref = req.headers.referer;
      try {
        ok = typeof ref === "string" && new URL(ref).origin === allowed;
      } catch {
        ok = false;
      }
    }
    if (ok) return next();
    (req as { log?: Logger }).log?.warn(
      { origin, site: req.headers["sec-fetch-site"] },
      "cross-origin form refused",
    );
    if (wantsJson(req)) {
      res.status(403).json({ code: "forbidden", reason: "cross_origin" });
      return;
    }
    res
      .status(403)
      .type("text/plain; charset=utf-8")
      .send("Yêu cầu không đến từ trang quản trị. / Cross-origin request refused.");
  };
}

/**
 * HTML forms (urlencoded), up to 3 MB (a long article), parsed by the kit: UTF-8 only (another
 * charset 415), bad %-escapes, invalid UTF-8 and lone surrogates (no browser sends them) refused
 * with 400; control characters — invisible, pasted from a word processor — removed rather than
 * refused, so nobody loses a text over them; every value in NFC.
 */
export function formBody(): RequestHandler {
  const parse = kitFormBody({
    limit: "3mb",
    parameterLimit: 500,
    stripControlCharacters: true,
    formFieldNames: true,
  });
  return (req, res, next) => {
    if (SAFE.has(req.method)) return next();
    parse(req, res, next);
  };
}

/** Editor pages whose posted text is kept when the session has expired. */
const KEEPABLE = /^\/p\/[a-z][a-z0-9]{1,39}\/items\/(new|[A-Za-z0-9_-]{8,64}\/edit)$/;

/** The editor page a posted editor form belongs to (GET), where kept text is restored. */
function editorPage(originalUrl: string): string {
  return originalUrl
    .replace(/\/edit(\?.*)?$/, "/edit")
    .replace(/^(\/p\/[^/]+\/items\/new)(\?.*)?$/, (_m, p: string, q?: string) => `${p}${q ?? ""}`);
}

/**
 * Requests that need a session and arrive without one, and the editor's own post at the end of
 * the idle time (`_idle=1`, sent by the session island when nobody answered the warning): the
 * form's fields are kept, the session ends, and the "session expired" page offers to sign in
 * again, after which the editor opens with the kept text.
 */
export function expiredSessions(pending: PendingForms, secure: boolean): RequestHandler {
  const keep = async (req: Request, res: Parameters<RequestHandler>[1]) => {
    const fields: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(req.body as Record<string, unknown>))
      if (k !== "_csrf" && k !== "_idle" && (typeof v === "string" || Array.isArray(v)))
        fields[k] = v as string | string[];
    const page = editorPage(req.originalUrl);
    const id = await pending.keep(page, fields);
    res.cookie(PENDING_COOKIE, id, {
      httpOnly: true,
      sameSite: "lax",
      secure,
      path: "/",
      maxAge: PENDING_TTL_MS,
    });
    return page;
  };
  return async (req, res, next) => {
    if (SAFE.has(req.method)) return next();
    const body = (req.body ?? {}) as Record<string, unknown>;
    const editorForm = KEEPABLE.test(req.path) && typeof req.body === "object" && req.body !== null;
    if (req.session?.user) {
      // the idle timer of the page ran out: end the session now (the form proves it is ours)
      if (
        editorForm &&
        body._idle === "1" &&
        typeof body._csrf === "string" &&
        body._csrf === req.session.csrfToken
      ) {
        const page = await keep(req, res);
        await new Promise<void>((r) => req.session.regenerate(() => r()));
        res.redirect(303, `/auth/expired?kept=1&returnTo=${encodeURIComponent(page)}`);
        return;
      }
      return next();
    }
    // the language switch, and the invitation's page: its person has no account to sign in with yet
    if (req.path === "/lang" || /^\/invitations\/[^/]+$/.test(req.path)) return next();
    if (req.path === "/auth/logout") {
      res.redirect(303, "/signed-out");
      return;
    }
    if (req.path === "/auth/expire") {
      res.redirect(303, `/auth/expired?returnTo=${encodeURIComponent(String(body.returnTo ?? "/"))}`);
      return;
    }
    if (wantsJson(req)) {
      res.status(401).json({ code: "session_expired" });
      return;
    }
    if (editorForm) {
      const page = await keep(req, res);
      res.redirect(303, `/auth/expired?kept=1&returnTo=${encodeURIComponent(page)}`);
      return;
    }
    res.redirect(303, "/auth/expired");
  };
}

/** Pages need a signed-in person: the sign-in page at `/`, Keycloak straight away elsewhere. */
export function requireUser(): RequestHandler {
  return (req, res, next) => {
    if (req.session?.user) return next();
    if (req.path === "/") {
      sendPage(res, req.ctx.page, <SignInPage />);
      return;
    }
    if (req.method === "GET" && !wantsJson(req)) {
      res.redirect(303, loginUrlFor(req));
      return;
    }
    res.status(401).json({ code: "session_expired" });
  };
}

export function notFoundPage(): RequestHandler {
  return (req, res) => {
    sendPage(res, req.ctx.page, <ErrorPage kind="notFound" />, 404);
  };
}

export function errorPages(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (res.headersSent) {
      res.end();
      return;
    }
    if (err instanceof SessionEnded) {
      if (req.session) {
        delete req.session.user;
        delete req.session.tokens;
      }
      if (wantsJson(req) || req.method !== "GET") res.status(401).json({ code: "session_expired" });
      else res.redirect(303, loginUrlFor(req));
      return;
    }
    // what the kit's form parser refused (bad %-escapes, bytes that are not UTF-8, 415 charsets)
    if (err instanceof AppError && err.status < 500 && err.status !== 413) {
      if (wantsJson(req) || !req.ctx)
        res.status(err.status).json({ code: err.code, reason: err.options.reason });
      else
        sendPage(
          res,
          req.ctx.page,
          <ErrorPage kind="badRequest" errorId={err.options.reason ?? err.code} />,
          err.status,
        );
      return;
    }
    if (!req.ctx) {
      res.status(500).type("text/plain").send("Lỗi hệ thống. / Internal error.");
      return;
    }
    const e = err as { code?: string; status?: number; type?: string };
    if (e.code === "EBADCSRFTOKEN" || (e.status === 403 && /csrf/i.test(String((err as Error).message)))) {
      if (wantsJson(req)) res.status(403).json({ code: "forbidden", reason: "csrf" });
      else sendPage(res, req.ctx.page, <ErrorPage kind="csrf" />, 403);
      return;
    }
    if (e.type === "entity.too.large" || (err instanceof AppError && err.status === 413)) {
      sendPage(res, req.ctx.page, <ErrorPage kind="internal" errorId="413" />, 413);
      return;
    }
    if (err instanceof ApiError) {
      if (err.status === 403) return sendPage(res, req.ctx.page, <ErrorPage kind="forbidden" />, 403);
      if (err.status === 404) return sendPage(res, req.ctx.page, <ErrorPage kind="notFound" />, 404);
    }
    if (err instanceof ApiUnavailable) {
      logger.warn({ err }, "an API is unavailable");
      if (wantsJson(req)) res.status(503).json({ code: "unavailable" });
      else sendPage(res, req.ctx.page, <ErrorPage kind="unavailable" />, 503);
      return;
    }
    const errorId = randomUUID();
    logger.error({ err, errorId }, "admin page failed");
    if (wantsJson(req)) res.status(500).json({ code: "internal", errorId });
    else sendPage(res, req.ctx.page, <ErrorPage kind="internal" errorId={errorId} />, 500);
  };
}
