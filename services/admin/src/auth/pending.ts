// Nothing typed is lost when a session expires mid-edit: a form posted after the session ended
// is kept here (one hour, `_id`-keyed by a random id held in an HttpOnly cookie), the person
// signs in again, and the editor opens with what they had typed. Only forms posted from the
// admin's own pages are kept (the Origin check runs first).
import { randomBytes } from "node:crypto";
import type { Collection, Db } from "mongodb";

export const PENDING_COOKIE = "cong.pending";
const TTL_MS = 60 * 60 * 1000;

interface PendingDoc {
  _id: string;
  /** the editor page the form belongs to */
  path: string;
  /** name/value pairs: form names such as `legal.number` are not valid document keys (and
   * FerretDB v1 stores no nested arrays) */
  fields: { name: string; value: string | string[] }[];
  expiresAt: Date;
}

export class PendingForms {
  private readonly col: Collection<PendingDoc>;
  private sweeper?: NodeJS.Timeout;

  constructor(db: Db) {
    this.col = db.collection<PendingDoc>("pending_forms");
  }

  async keep(path: string, fields: Record<string, string | string[]>): Promise<string> {
    const id = randomBytes(24).toString("base64url");
    await this.col.insertOne({
      _id: id,
      path,
      fields: Object.entries(fields).map(([name, value]) => ({ name, value })),
      expiresAt: new Date(Date.now() + TTL_MS),
    });
    return id;
  }

  /** The kept form for `path`, once: it is removed when taken. */
  async take(id: unknown, path: string): Promise<Record<string, string | string[]> | null> {
    if (typeof id !== "string" || !/^[A-Za-z0-9_-]{32}$/.test(id)) return null;
    const doc = await this.col.findOne({ _id: id });
    if (!doc || doc.path !== path) return null;
    await this.col.deleteOne({ _id: id });
    return doc.expiresAt.getTime() > Date.now()
      ? Object.fromEntries(doc.fields.map((f) => [f.name, f.value]))
      : null;
  }

  /** Removes expired forms now and then (no TTL index on FerretDB v1). */
  startSweeping(everyMs = 10 * 60 * 1000): void {
    this.sweeper = setInterval(() => {
      void this.col.deleteMany({ expiresAt: { $lt: new Date() } }).catch(() => undefined);
    }, everyMs);
    this.sweeper.unref();
  }

  stop(): void {
    if (this.sweeper) clearInterval(this.sweeper);
  }
}

export const PENDING_TTL_MS = TTL_MS;
