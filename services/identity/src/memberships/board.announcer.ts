// The board memberships made outside the grant path, announced once (issue 18, R-BOARD): the demo
// users' groups written by `apply-realm --demo-users` or the realm file, and the board members
// granted before `identity.membership.granted` carried the work e-mail. Content keeps the board's
// roster from these events and mails each member the daily digest, so without them it would not
// know those members. One marker per membership in `board_announced` (`_id` =
// `<portalId>|<userId>|<role>`) is inserted with its event staged in the same write (the kit's
// outbox): a crash between the marker and Kafka loses nothing, and a second run finds the marker
// (duplicate key) and announces nothing again. A revoke through the API forgets the marker, so a
// membership written again outside the grant path (a demo re-seed) is announced again.
// FerretDB v1: only `_id` inserts, lookups and deletes.
import { MembershipGranted, type PortalRole } from "@cong/contracts";
import { BOARD_ROLES, type Logger, type Outbox } from "@cong/kit";
import type { Collection } from "mongodb";
import type { Directory } from "../keycloak/directory";
import { grantedEmail } from "./membership.service";

export interface BoardAnnouncedDoc {
  _id: string;
  portalId: string;
  userId: string;
  role: PortalRole;
  at: Date;
}

const SYSTEM = { id: "system:board-roster", username: "system:board-roster" };
const PAGE = 100;

const isDuplicateKey = (e: unknown) => (e as { code?: number }).code === 11000;

export class BoardAnnouncer {
  constructor(
    private readonly directory: Directory,
    private readonly announced: Collection<BoardAnnouncedDoc>,
    private readonly outbox: Outbox,
    private readonly logger: Logger,
  ) {}

  static key(portalId: string, userId: string, role: PortalRole): string {
    return `${portalId}|${userId}|${role}`;
  }

  /** Announces every board membership Keycloak holds that has no marker yet; returns how many. */
  async announceAll(now = new Date()): Promise<number> {
    let n = 0;
    for (const portalId of await this.directory.portalIds())
      for (const role of BOARD_ROLES)
        for (let first = 0; ; first += PAGE) {
          const users = (await this.directory.roleMembers(portalId, role, first, PAGE)) ?? [];
          for (const u of users) {
            if (!u.enabled) continue;
            const _id = BoardAnnouncer.key(portalId, u.id, role);
            if (await this.announced.findOne({ _id }, { projection: { _id: 1 } })) continue;
            try {
              await this.outbox.insertOne(this.announced, { _id, portalId, userId: u.id, role, at: now }, [
                {
                  def: MembershipGranted,
                  data: {
                    userId: u.id,
                    username: u.username,
                    portalId,
                    role,
                    ...grantedEmail(role, u.email),
                    grantedBy: SYSTEM,
                    grantedAt: now.toISOString(),
                  },
                },
              ]);
              n++;
            } catch (e) {
              if (!isDuplicateKey(e)) throw e; // announced before
            }
          }
          if (users.length < PAGE) break;
        }
    if (n) this.logger.info({ announced: n }, "board memberships announced");
    return n;
  }

  /** A revoked membership's marker goes, so the membership written again is announced again. */
  async forget(portalId: string, userId: string, role: PortalRole): Promise<void> {
    if (!BOARD_ROLES.includes(role)) return;
    await this.announced.deleteOne({ _id: BoardAnnouncer.key(portalId, userId, role) });
  }
}
