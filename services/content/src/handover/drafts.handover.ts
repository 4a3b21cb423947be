// R-ACCOUNT: when an officer's account is handed over, their drafts move to the successor.
import type { Actor } from "@cong/contracts";
import type { ItemRepository } from "../items/item.repository";
import type { ItemService } from "../items/item.service";
import type { PortalId } from "../portals/portal-id";
import type { HandoverParticipant } from "../ports";

const HANDOVER: Actor = { id: "system:handover", username: "system:handover" };

export function draftsHandover(items: ItemService): HandoverParticipant {
  return {
    async onAccountHandedOver({ portalId, from, to, eventId }) {
      const moved = await items.handOverDrafts(
        portalId,
        { id: from.userId, username: from.username },
        { id: to.userId, username: to.username },
        eventId,
      );
      return { moved };
    },
  };
}

/**
 * Moves the departing officer's drafts (and rejected revisions) of the portal to the successor,
 * once per handover event (its id in the audit entry); a write that lost a race is tried again.
 */
export async function handOverDrafts(
  repo: ItemRepository,
  portalId: PortalId,
  from: Actor,
  to: Actor,
  eventId: string,
): Promise<number> {
  // the owner's entries of the item index (a rare job; still no scan)
  const ids = await repo.ownedBy(portalId, from.id);
  let moved = 0;
  for (const _id of ids) {
    for (let attempt = 0; attempt < 5; attempt++) {
      const doc = await repo.get(portalId, _id);
      if (!doc?.working || !["draft", "rejected"].includes(doc.working.state) || doc.owner.id !== from.id)
        break;
      if (doc.audit.some((a) => a.action === "handed-over" && a.reason === eventId)) break;
      const revision = doc.working.revision;
      const written = await repo.commit(portalId, doc, (d, now) => {
        d.owner = to;
        return {
          audit: {
            action: "handed-over",
            actor: HANDOVER,
            at: now,
            revision,
            from: from.username,
            to: to.username,
            reason: eventId,
          },
          events: [],
        };
      });
      if (written) {
        moved++;
        break;
      }
    }
  }
  return moved;
}

/** Runs every participant for every portal of the handover; a failure is retried by the consumer. */
export async function runHandover(
  participants: HandoverParticipant[],
  input: {
    portalIds: string[];
    from: { userId: string; username: string };
    to: { userId: string; username: string };
    eventId: string;
  },
): Promise<number> {
  let moved = 0;
  for (const portalId of input.portalIds)
    for (const p of participants)
      moved += (
        await p.onAccountHandedOver({ portalId, from: input.from, to: input.to, eventId: input.eventId })
      ).moved;
  return moved;
}
