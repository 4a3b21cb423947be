// The audit log of every admin action (R-ACCOUNT: operators answer for what their account did).
// One document per action, `_id` = `<portalId|platform>:<ISO time>:<random>` so ids sort by time
// within a portal; the action's events ride in the same document (the kit's outbox), so an action
// is recorded and announced together or not at all.
import { randomUUID } from "node:crypto";
import type { Actor } from "@cong/contracts";
import type { Outbox, StagedEvent } from "@cong/kit";
import type { Collection, Db } from "mongodb";

export type AuditAction =
  | "membership.granted"
  | "membership.revoked"
  | "focal-officer.appointed"
  | "user.invited"
  | "invitation.accepted"
  | "account.handed-over";

export interface AuditEntry {
  _id: string;
  /** the portal concerned; null for platform-wide actions */
  portalId: string | null;
  /** every portal the action concerns (a handover may span several) */
  portalIds: string[];
  action: AuditAction;
  actor: Actor;
  target?: { userId: string; username: string };
  details: Record<string, unknown>;
  at: Date;
  requestId?: string;
}

export type NewAuditEntry = Omit<AuditEntry, "_id" | "at" | "portalId"> & { at?: Date };

export class AuditRepository {
  readonly coll: Collection<AuditEntry>;
  constructor(
    db: Db,
    private readonly outbox: Outbox,
  ) {
    this.coll = db.collection<AuditEntry>("audit");
  }

  async init(): Promise<void> {
    await this.outbox.track(this.coll as never);
  }

  /** Stores the entry with its events (one write). */
  async record(entry: NewAuditEntry, events: StagedEvent[] = []): Promise<AuditEntry> {
    const at = entry.at ?? new Date();
    const portalId = entry.portalIds[0] ?? null;
    const doc: AuditEntry = {
      ...entry,
      _id: `${portalId ?? "platform"}:${at.toISOString()}:${randomUUID().slice(0, 8)}`,
      portalId,
      at,
    };
    await this.outbox.insertOne(this.coll, doc, events);
    return doc;
  }

  /** The newest entries concerning a portal (full scan on FerretDB v1; admin-only, rare). */
  async listByPortal(portalId: string, limit = 100, before?: Date): Promise<AuditEntry[]> {
    return this.coll
      .find(
        { portalIds: portalId, ...(before ? { at: { $lt: before } } : {}) },
        { projection: { _outbox: 0 } },
      )
      .sort({ at: -1 })
      .limit(limit)
      .toArray();
  }
}
