// Server-side sessions (ASVS L2 V3): stored in MongoDB through connect-mongo with interval
// removal (FerretDB v1 has no TTL index), a fresh id at sign-in, HttpOnly SameSite=Lax cookies,
// Secure and `__Host-` over https; 30 minutes idle and 12 hours absolute like the realm; one
// token refresh at a time per session; back-channel logout finds a session by Keycloak's `sid`.

import type { Logger } from "@cong/kit";
import MongoStore from "connect-mongo";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import session from "express-session";
import type { Collection, Db, MongoClient } from "mongodb";
import type { Oidc, PendingLogin, TokenSet } from "./oidc";

/** Who is signed in, as the ID/access token said at sign-in and at each refresh. */
export interface SessionUser {
  sub: string;
  username: string;
  name: string;
  email?: string;
  realmRoles: string[];
  /** portalId → roles on that portal (from the `portal_groups` claim) */
  portals: Record<string, string[]>;
}

declare module "express-session" {
  interface SessionData {
    user?: SessionUser;
    tokens?: TokenSet;
    /** Keycloak's session id (ID token `sid`), for back-channel logout */
    sid?: string;
    /** sign-in time (ms), for the absolute timeout */
    signedInAt?: number;
    /** logins in progress, by state (several tabs may start one) */
    logins?: Record<string, PendingLogin>;
    /** the portal the person is working on */
    portalId?: string;
    /** one-shot messages shown on the next page (after a redirect) */
    flash?: { kind: "success" | "info" | "error"; text: string }[];
    lang?: "vi" | "en";
  }
}

export interface SessionSettings {
  client: MongoClient;
  dbName: string;
  secrets: string[];
  secure: boolean;
  idleSeconds: number;
  absoluteSeconds: number;
}

export function cookieName(secure: boolean): string {
  // __Host-: only over https, no Domain, Path=/ — the browser refuses it from a sibling host
  return secure ? "__Host-cong.sid" : "cong.sid";
}

export function sessionMiddleware(s: SessionSettings): { handler: RequestHandler; store: session.Store } {
  const store = MongoStore.create({
    client: s.client as never,
    dbName: s.dbName,
    collectionName: "sessions",
    ttl: s.idleSeconds,
    autoRemove: "interval",
    autoRemoveInterval: 10,
    // the expiry is rewritten at most this often while a person is active (keeps writes few)
    touchAfter: Math.max(1, Math.min(60, Math.floor(s.idleSeconds / 10))),
    stringify: true,
  });
  const handler = session({
    name: cookieName(s.secure),
    secret: s.secrets,
    store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    unset: "destroy",
    proxy: s.secure,
    cookie: {
      httpOnly: true,
      sameSite: "lax",
      secure: s.secure,
      path: "/",
      maxAge: s.idleSeconds * 1000,
    },
  });
  return { handler, store };
}

/** Ends a session that passed the absolute lifetime (12 h) whatever its activity. */
export function absoluteTimeout(absoluteSeconds: number): RequestHandler {
  return (req, _res, next) => {
    const at = req.session?.signedInAt;
    if (req.session?.user && at && Date.now() - at > absoluteSeconds * 1000) {
      req.session.destroy(() => next());
      return;
    }
    next();
  };
}

/** Keycloak session id (and subject) → admin session ids: `_id`-keyed, so logout is a look-up. */
interface SidDoc {
  _id: string;
  sessionIds: string[];
  at: Date;
}

export class SessionIndex {
  private readonly col: Collection<SidDoc>;
  constructor(db: Db) {
    this.col = db.collection<SidDoc>("session_sids");
  }

  async add(keys: string[], sessionId: string): Promise<void> {
    for (const k of keys)
      await this.col.updateOne(
        { _id: k },
        { $addToSet: { sessionIds: sessionId }, $set: { at: new Date() } },
        { upsert: true },
      );
  }

  async remove(keys: string[], sessionId: string): Promise<void> {
    for (const k of keys) await this.col.updateOne({ _id: k }, { $pull: { sessionIds: sessionId } });
  }

  /** Session ids of a Keycloak session (sid) or of a person (sub); the entry is dropped. */
  async take(key: string): Promise<string[]> {
    const doc = await this.col.findOneAndDelete({ _id: key });
    return doc?.sessionIds ?? [];
  }
}

export const sidKey = (sid: string) => `sid:${sid}`;
export const subKey = (sub: string) => `sub:${sub}`;

/**
 * Fresh access tokens for API calls. A token within 30 s of expiry is refreshed — once per
 * session at a time, however many requests of that session arrive together.
 */
export class TokenKeeper {
  private readonly inFlight = new Map<string, Promise<TokenSet>>();

  constructor(
    private readonly oidc: Oidc,
    private readonly logger: Logger,
  ) {}

  async accessToken(req: Request): Promise<string | null> {
    const t = req.session.tokens;
    if (!t) return null;
    if (t.accessExpiresAt - Date.now() > 30_000) return t.accessToken;
    if (!t.refreshToken) return null;
    const key = req.session.id;
    let p = this.inFlight.get(key);
    if (!p) {
      p = this.oidc.refresh(t.refreshToken).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, p);
    }
    try {
      const fresh = await p;
      req.session.tokens = fresh;
      return fresh.accessToken;
    } catch (e) {
      // the Keycloak session ended (logout elsewhere, idle, disabled account): sign out here too
      this.logger.info({ err: e }, "token refresh refused; the session ends");
      delete req.session.tokens;
      delete req.session.user;
      return null;
    }
  }
}

/** Runs `fn` with the session regenerated (a new id: no session fixation), keeping `keep`. */
export function regenerate(req: Request, keep: Partial<session.SessionData>): Promise<void> {
  return new Promise((resolve, reject) => {
    req.session.regenerate((err) => {
      if (err) return reject(err);
      Object.assign(req.session, keep);
      req.session.save((e) => (e ? reject(e) : resolve()));
    });
  });
}

export function destroy(req: Request): Promise<void> {
  return new Promise((resolve) => req.session.destroy(() => resolve()));
}

export type Handler = (req: Request, res: Response, next: NextFunction) => Promise<void> | void;
