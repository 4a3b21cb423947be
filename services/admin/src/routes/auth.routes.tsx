// Sign-in and sign-out (R-ACCOUNT, R-REMOTE; ASVS V3): Keycloak's login page through the
// authorization code flow with PKCE, a new session id at sign-in, RP-initiated logout, and
// Keycloak's back-channel logout ending the session here; keep-alive for the idle warning.

import type { Logger } from "@cong/kit";
import { formBody, principalFromClaims } from "@cong/kit";
import { type Request, Router } from "express";
import type session from "express-session";
import type { ApiClient } from "../api/client";
import type { Portal } from "../api/types";
import type { Oidc } from "../auth/oidc";
import {
  destroy,
  regenerate,
  type SessionIndex,
  type SessionUser,
  sidKey,
  subKey,
  type TokenKeeper,
} from "../auth/session";
import type { AdminConfig } from "../config";
import { flash, safeReturn } from "../http/context";
import { langOf } from "../i18n";
import { SignInPage } from "../views/pages/auth";
import { sendPage } from "../views/render";

export interface AuthDeps {
  config: AdminConfig;
  oidc: Oidc;
  sessions: SessionIndex;
  store: session.Store;
  tokens: TokenKeeper;
  logger: Logger;
  /** the session cookie's name (cleared at sign-out) */
  cookie: string;
}

/** The person as the access token says (the `portal_groups` claim is in the access token). */
export function userFromTokens(accessToken: string, idClaims: Record<string, unknown>): SessionUser {
  const [, payload] = accessToken.split(".");
  const claims = {
    ...idClaims,
    ...(JSON.parse(Buffer.from(payload ?? "", "base64url").toString("utf8")) as Record<string, unknown>),
  };
  const p = principalFromClaims(claims);
  const portals: Record<string, string[]> = {};
  for (const [id, roles] of p.portalRoles) portals[id] = [...roles].sort();
  return {
    sub: p.userId,
    username: p.username,
    name: p.name,
    ...(p.email ? { email: p.email } : {}),
    realmRoles: [...p.realmRoles],
    portals,
  };
}

async function portalNames(api: ApiClient): Promise<Record<string, string>> {
  try {
    const { data } = await api.get<{ items: Portal[] }>("content", "/portals");
    return Object.fromEntries(data.items.map((p) => [p.portalId, p.name.vi]));
  } catch {
    return {};
  }
}

const MAX_PENDING_LOGINS = 5;

/** Routes that work without a session (the sign-in page, the callback, back-channel logout). */
export function publicAuthRoutes(d: AuthDeps): Router {
  const r = Router();

  // Keycloak → admin, server to server: no session, no CSRF token; the logout token is verified
  r.post("/auth/backchannel-logout", formBody({ limit: "16kb" }), async (req, res) => {
    res.setHeader("Cache-Control", "no-store");
    const token = (req.body as Record<string, unknown> | undefined)?.logout_token;
    if (typeof token !== "string" || token.length > 8000) {
      res.status(400).type("application/json").json({ error: "invalid_request" });
      return;
    }
    let claims: { sid?: string; sub?: string };
    try {
      claims = await d.oidc.verifyLogoutToken(token);
    } catch (e) {
      d.logger.warn({ err: e }, "back-channel logout token refused");
      res.status(400).type("application/json").json({ error: "invalid_request" });
      return;
    }
    const ids = [
      ...(claims.sid ? await d.sessions.take(sidKey(claims.sid)) : []),
      ...(!claims.sid && claims.sub ? await d.sessions.take(subKey(claims.sub)) : []),
    ];
    for (const id of new Set(ids)) await new Promise<void>((resolve) => d.store.destroy(id, () => resolve()));
    d.logger.info({ sessions: ids.length }, "back-channel logout ended admin sessions");
    res.status(200).end();
  });

  return r;
}

export function authRoutes(d: AuthDeps): Router {
  const r = Router();
  const postLogout = `${d.config.ADMIN_PUBLIC_URL}/signed-out`;

  r.get("/auth/login", async (req, res) => {
    const returnTo = safeReturn(req.query.returnTo);
    const { url, pending } = await d.oidc.start(returnTo, req.ctx.lang);
    const logins = Object.values(req.session.logins ?? {})
      .filter((l) => Date.now() - l.startedAt < 15 * 60 * 1000)
      .slice(-(MAX_PENDING_LOGINS - 1));
    req.session.logins = Object.fromEntries([...logins, pending].map((l) => [l.state, l]));
    req.session.save(() => res.redirect(303, url));
  });

  r.get("/auth/callback", async (req, res) => {
    const state = typeof req.query.state === "string" ? req.query.state : "";
    const pending = req.session.logins?.[state];
    if (!pending || typeof req.query.error === "string") {
      if (req.query.error) d.logger.info({ error: req.query.error }, "sign-in not completed at Keycloak");
      sendPage(res, req.ctx.page, <SignInPage notice="failed" />, 400);
      return;
    }
    let signedIn: Awaited<ReturnType<Oidc["finish"]>>;
    try {
      signedIn = await d.oidc.finish(req.originalUrl, pending);
    } catch (e) {
      d.logger.warn({ err: e }, "sign-in callback refused");
      sendPage(res, req.ctx.page, <SignInPage notice="failed" />, 400);
      return;
    }
    const user = userFromTokens(signedIn.tokens.accessToken, signedIn.claims);
    const sid = typeof signedIn.claims.sid === "string" ? signedIn.claims.sid : undefined;
    const lang = req.session.lang;
    // a new session id at sign-in: a session fixed before cannot be used after (ASVS 3.2.1)
    await regenerate(req, {
      user,
      tokens: signedIn.tokens,
      signedInAt: Date.now(),
      ...(sid ? { sid } : {}),
      ...(lang ? { lang } : {}),
    });
    await d.sessions.add([...(sid ? [sidKey(sid)] : []), subKey(user.sub)], req.session.id);
    req.session.portalNames = await portalNames(req.ctx.api);
    const portals = Object.keys(user.portals);
    const to =
      pending.returnTo !== "/" ? pending.returnTo : portals.length === 1 ? `/p/${portals[0]}/` : "/portals";
    req.session.save(() => res.redirect(303, to));
  });

  r.post("/auth/logout", async (req, res) => {
    const idToken = req.session.tokens?.idToken;
    const sid = req.session.sid;
    const sub = req.session.user?.sub;
    const id = req.session.id;
    await destroy(req);
    await d.sessions.remove([...(sid ? [sidKey(sid)] : []), ...(sub ? [subKey(sub)] : [])], id);
    res.clearCookie(d.cookie, { path: "/" });
    try {
      res.redirect(303, await d.oidc.endSessionUrl(idToken, postLogout));
    } catch {
      res.redirect(303, "/signed-out");
    }
  });

  // the idle timer of a page (no unsaved editor) ran out: the session ends now
  r.post("/auth/expire", (req, res) => {
    const returnTo = safeReturn((req.body as Record<string, unknown>).returnTo);
    req.session.regenerate(() => res.redirect(303, `/auth/expired?returnTo=${encodeURIComponent(returnTo)}`));
  });

  r.get("/auth/expired", (req, res) => {
    const returnTo = safeReturn(req.query.returnTo);
    sendPage(
      res,
      req.ctx.page,
      <SignInPage notice="expired" returnTo={returnTo} kept={req.query.kept === "1"} />,
    );
  });

  r.get("/signed-out", (req, res) => {
    sendPage(res, req.ctx.page, <SignInPage notice="signedOut" />);
  });

  // the idle warning's "stay signed in": the request itself renews the session; the token too
  r.post("/session/keepalive", async (req, res) => {
    const ok = req.session.user ? await d.tokens.accessToken(req) : null;
    res.setHeader("Cache-Control", "no-store");
    if (!ok) {
      res.status(401).json({ code: "session_expired" });
      return;
    }
    res.json({ idleSeconds: d.config.ADMIN_IDLE_TIMEOUT_SECONDS });
  });

  r.post("/lang", (req, res) => {
    const body = req.body as Record<string, unknown>;
    req.session.lang = langOf(body.lang);
    req.session.save(() => res.redirect(303, safeReturn(body.returnTo)));
  });

  return r;
}

/** Where a request without a session goes: the page it asked for after signing in. */
export function loginUrlFor(req: Request): string {
  return `/auth/login?returnTo=${encodeURIComponent(safeReturn(req.originalUrl))}`;
}

export { flash };
