// The editorial boards as content knows them (issue 18, R-BOARD): who holds a board role on which
// portal, with the work address identity announced with the grant — the daily digest goes to
// them (feedback/digest.job.ts). Fed by identity's `identity.membership.granted` / `.revoked`
// through content's consumer (app.ts; the kit's consumer skips an event id it has handled).
//
// One document per membership, `_id` = `<portalId>|<userId>|<role>`: a portal's board is one
// `_id` range (FerretDB v1 indexes only `_id`). Each document remembers the time of the event
// that wrote it, and an event older than that changes nothing — so a redelivered or late grant
// never brings back a revoked member. A revoke keeps the document (that time), without the address
// (R-PII: nothing kept that is no longer needed).
import type { PortalRole } from "@cong/contracts";
import { readRange } from "@cong/kit";
import type { Collection } from "mongodb";
import type { BoardMember, BoardRosterReader } from "../ports";

const BOARD: readonly string[] = ["board-head", "board-deputy", "board-member"];
/** more board seats than any portal has */
const MAX_MEMBERS = 1000;

export interface BoardRosterDoc {
  _id: string;
  portalId: string;
  userId: string;
  username: string;
  role: PortalRole;
  email?: string;
  active: boolean;
  /** the time of the event that wrote the document (grantedAt / revokedAt) */
  at: Date;
  eventId: string;
}

const isDuplicateKey = (e: unknown) => (e as { code?: number }).code === 11000;

export class BoardRoster implements BoardRosterReader {
  constructor(private readonly roster: Collection<BoardRosterDoc>) {}

  static key(portalId: string, userId: string, role: string): string {
    return `${portalId}|${userId}|${role}`;
  }

  async granted(
    m: { portalId: string; userId: string; username: string; role: PortalRole; email?: string | undefined },
    at: Date,
    eventId: string,
  ): Promise<void> {
    if (!BOARD.includes(m.role)) return; // the roster is the board's
    const { email, ...rest } = m;
    await this.write(
      BoardRoster.key(m.portalId, m.userId, m.role),
      { ...rest, ...(email ? { email } : {}), active: true, at, eventId },
      email ? {} : { email: "" },
    );
  }

  async revoked(
    m: { portalId: string; userId: string; username: string; role: PortalRole },
    at: Date,
    eventId: string,
  ): Promise<void> {
    if (!BOARD.includes(m.role)) return;
    await this.write(
      BoardRoster.key(m.portalId, m.userId, m.role),
      { ...m, active: false, at, eventId },
      {
        email: "",
      },
    );
  }

  /** The portal's current board members, one entry per role held. */
  async members(portalId: string): Promise<BoardMember[]> {
    const docs = await readRange(this.roster, `${portalId}|`, 1, undefined, MAX_MEMBERS);
    return docs
      .filter((d) => d.active && d.portalId === portalId)
      .map((d) => ({
        portalId: d.portalId,
        userId: d.userId,
        username: d.username,
        role: d.role,
        ...(d.email ? { email: d.email } : {}),
      }));
  }

  /** The newest event wins: an update of an older document, else an insert (a newer one exists: nothing). */
  private async write(
    _id: string,
    doc: Omit<BoardRosterDoc, "_id">,
    unset: Partial<Record<keyof BoardRosterDoc, "">>,
  ): Promise<void> {
    const r = await this.roster.updateOne(
      { _id, at: { $lt: doc.at } },
      { $set: doc, ...(Object.keys(unset).length ? { $unset: unset } : {}) },
    );
    if (r.matchedCount) return;
    try {
      await this.roster.insertOne({ _id, ...doc });
    } catch (e) {
      if (!isDuplicateKey(e)) throw e; // the document is as new as this event, or newer
    }
  }
}
