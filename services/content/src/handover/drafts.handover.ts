// R-ACCOUNT: when an officer's account is handed over, their drafts move to the successor.
import type { ItemService } from "../items/item.service";
import type { HandoverParticipant } from "../ports";

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
