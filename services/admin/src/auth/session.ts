// Server-side sessions (ASVS L2 V3): stored in MongoDB, `_id`-keyed, expired ones removed at an
// interval (FerretDB v1 has no TTL index), a fresh id at sign-in, HttpOnly SameSite=Lax cookies,
// Secure and `__Host-` over https; 30 minutes idle and 12 hours absolute like the realm; one
// token refresh at a time per session; back-channel logout finds a session by Keycloak's `sid`.

import type { Logger } from "@cong/kit";
import { serializedWrites } from "@cong/kit";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import session from "express-session";
import type { Collection, Db } from "mongodb";
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
  db: Db;
  secrets: string[];
  secure: boolean;
  idleSeconds: number;
  absoluteSeconds: number;
}

export function cookieName(secure: boolean): string {
  // __Host-: only over https, no Domain, Path=/ — the browser refuses it from a sibling host
  return secure ? "__Host-cong.sid" : "cong.sid";
}

/**
 * express-session's store on MongoDB. Not connect-mongo: FerretDB v1 runs an update as an
 * unisolated read-modify-write, so a session's `touch` (new expiry) racing the next request's
 * `set` (new data) silently put the old data back — measured here as a lost flash message. Every
 * write of one session goes through the kit's per-document queue (`serializedWrites`), the same
 * one the outbox uses; reads and writes are `_id` look-ups.
 */
export class MongoSessionStore extends session.Store {
  private readonly col: Collection<SessionDoc>;
  private sweeper?: NodeJS.Timeout;

  constructor(
    db: Db,
    private readonly ttlSeconds: number,
    private readonly touchAfterSeconds: number,
  ) {
    super();
    this.col = serializedWrites(db.collection<SessionDoc>("sessions"));
  }

  private expiry(sess: session.SessionData): Date {
    const e = sess.cookie?.expires;
    return e ? new Date(e) : new Date(Date.now() + this.ttlSeconds * 1000);
  }

  /**
   * Sessions this process read or wrote in the last READ_CACHE_MS: a page's read of its session
   * costs no round trip when the same browser asked a moment ago (every write and destroy here
   * refreshes or drops the entry; another replica's change is seen within READ_CACHE_MS).
   */
  private readonly recent = new Map<string, { at: number; doc: SessionDoc | null }>();

  private remember(sid: string, doc: SessionDoc | null): void {
    this.recent.set(sid, { at: Date.now(), doc });
    if (this.recent.size > 10_000) this.recent.delete(this.recent.keys().next().value as string);
  }

  override get(sid: string, cb: (err: unknown, session?: session.SessionData | null) => void): void {
    const hit = this.recent.get(sid);
    if (hit && Date.now() - hit.at < READ_CACHE_MS) {
      const doc = hit.doc;
      cb(
        null,
        doc && doc.expires.getTime() > Date.now() ? (JSON.parse(doc.session) as session.SessionData) : null,
      );
      return;
    }
    this.col
      .findOne({ _id: sid })
      .then((doc) => {
        this.remember(sid, doc);
        return doc;
      })
      .then((doc) =>
        cb(
          null,
          doc && doc.expires.getTime() > Date.now() ? (JSON.parse(doc.session) as session.SessionData) : null,
        ),
      )
      .catch((e) => cb(e));
  }

  override set(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void): void {
    const now = new Date();
    this.touched.set(sid, now.getTime());
    const doc: SessionDoc = {
      _id: sid,
      session: JSON.stringify(sess),
      expires: this.expiry(sess),
      touchedAt: now,
    };
    this.remember(sid, doc);
    this.col
      .updateOne(
        { _id: sid },
        { $set: { session: doc.session, expires: doc.expires, touchedAt: now } },
        { upsert: true },
      )
      .then(() => cb?.())
      .catch((e) => cb?.(e));
  }

  /** when this process last moved a session's expiry (a touch within touchAfter costs nothing) */
  private readonly touched = new Map<string, number>();

  override touch(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void): void {
    const last = this.touched.get(sid);
    if (last !== undefined && Date.now() - last < this.touchAfterSeconds * 1000) {
      cb?.();
      return;
    }
    this.touched.set(sid, Date.now());
    if (this.touched.size > 50_000) this.touched.clear();
    const cached = this.recent.get(sid);
    if (cached?.doc) cached.doc.expires = this.expiry(sess);
    this.col
      .updateOne(
        { _id: sid, touchedAt: { $lt: new Date(Date.now() - this.touchAfterSeconds * 1000) } },
        { $set: { expires: this.expiry(sess), touchedAt: new Date() } },
      )
      .then(() => cb?.())
      .catch((e) => cb?.(e));
  }

  override destroy(sid: string, cb?: (err?: unknown) => void): void {
    this.touched.delete(sid);
    this.recent.delete(sid);
    this.col
      .deleteOne({ _id: sid })
      .then(() => cb?.())
      .catch((e) => cb?.(e));
  }

  /** Removes expired sessions now and then (a scan of expiry dates, every few minutes). */
  startSweeping(everyMs = 10 * 60 * 1000): void {
    this.sweeper = setInterval(() => {
      void this.col.deleteMany({ expires: { $lt: new Date() } }).catch(() => undefined);
    }, everyMs);
    this.sweeper.unref();
  }

  stop(): void {
    if (this.sweeper) clearInterval(this.sweeper);
  }
}

/** how long a session read or written here is trusted without reading it again */
const READ_CACHE_MS = 2000;

interface SessionDoc {
  _id: string;
  /** the session as JSON (express-session's data, with its cookie) */
  session: string;
  expires: Date;
  touchedAt: Date;
}

export function sessionMiddleware(s: SessionSettings): { handler: RequestHandler; store: MongoSessionStore } {
  // the expiry is rewritten at most this often while a person is active (keeps writes few)
  const store = new MongoSessionStore(
    s.db,
    s.idleSeconds,
    Math.max(1, Math.min(60, Math.floor(s.idleSeconds / 10))),
  );
  store.startSweeping();
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
      // a fresh, anonymous session (new id) in place of the old one, which is deleted
      req.session.regenerate((err) => next(err));
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

/**
 * A redirect waits until the session is stored. express-session sends a response's head before
 * its store write ends, and a browser follows a 303 on the head: the next page could load the
 * session before the flash message or the fresh preview link was written.
 */
export function saveBeforeRedirect(): RequestHandler {
  return (req, res, next) => {
    const redirect = res.redirect.bind(res) as (...a: unknown[]) => void;
    res.redirect = ((...args: unknown[]) => {
      if (!req.session) return redirect(...args);
      req.session.save(() => redirect(...args));
    }) as typeof res.redirect;
    next();
  };
}
