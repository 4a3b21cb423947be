// The agency's focal officer (cán bộ đầu mối, R-AGENCY / Điều 23): appointed by the portal's board
// head or a platform admin; the appointment makes the officer a member with `focal-officer`, is
// remembered per portal (`_id` = portalId) and announced (identity.focal-officer.appointed), so the
// PPC Office and the Department are informed.
import { FocalOfficerAppointed, MembershipGranted } from "@cong/contracts";
import { mayManagePortalPeople, mayReadAppointment, type Principal } from "@cong/kit";
import type { Collection, Db } from "mongodb";
import { actorOf, forbiddenOn } from "../access";
import type { AuditRepository } from "../audit/audit.repository";
import type { Directory } from "../keycloak/directory";
import type { MembershipService, UserRef } from "../memberships/membership.service";

export interface Appointment {
  _id: string;
  userId: string;
  username: string;
  previousUserId: string | null;
  appointedBy: { id: string; username: string };
  appointedAt: Date;
}

export class AppointmentService {
  readonly coll: Collection<Appointment>;
  constructor(
    db: Db,
    private readonly directory: Directory,
    private readonly memberships: MembershipService,
    private readonly audit: AuditRepository,
  ) {
    this.coll = db.collection<Appointment>("appointments");
  }

  async current(p: Principal, portalId: string) {
    if (!mayReadAppointment.allows(p, portalId)) throw forbiddenOn(p, portalId);
    const a = await this.coll.findOne({ _id: portalId });
    return a
      ? { portalId, userId: a.userId, username: a.username, appointedAt: a.appointedAt.toISOString() }
      : null;
  }

  async appoint(p: Principal, portalId: string, ref: UserRef, requestId?: string) {
    if (!mayManagePortalPeople.allows(p, portalId)) throw forbiddenOn(p, portalId);
    await this.memberships.requirePortal(portalId);
    const user = await this.memberships.requireUser(ref);
    const previous = await this.coll.findOne({ _id: portalId });
    if (previous?.userId === user.id)
      return { portalId, userId: user.id, username: user.username, changed: false };
    const added = await this.directory.grant(user.id, portalId, "focal-officer");
    const now = new Date();
    const actor = actorOf(p);
    await this.coll.replaceOne(
      { _id: portalId },
      {
        userId: user.id,
        username: user.username,
        previousUserId: previous?.userId ?? null,
        appointedBy: { id: actor.id, username: actor.username },
        appointedAt: now,
      },
      { upsert: true },
    );
    await this.audit.record(
      {
        portalIds: [portalId],
        action: "focal-officer.appointed",
        actor,
        target: { userId: user.id, username: user.username },
        details: { previousUserId: previous?.userId ?? null, membershipAdded: added },
        ...(requestId ? { requestId } : {}),
      },
      [
        ...(added
          ? [
              {
                def: MembershipGranted,
                data: {
                  userId: user.id,
                  username: user.username,
                  portalId,
                  role: "focal-officer" as const,
                  grantedBy: actor,
                  grantedAt: now.toISOString(),
                },
              },
            ]
          : []),
        {
          def: FocalOfficerAppointed,
          data: {
            portalId,
            userId: user.id,
            username: user.username,
            previousUserId: previous?.userId ?? null,
            appointedBy: actor,
            appointedAt: now.toISOString(),
          },
        },
      ],
    );
    return { portalId, userId: user.id, username: user.username, changed: true };
  }
}
