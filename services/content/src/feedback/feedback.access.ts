// R-PII: every time a citizen's contact details are shown to a member of staff, who saw whose and
// when is recorded (`feedback_access`), before the answer leaves. One record per message shown;
// its `_id` begins with the message id, so a message's trail is one `_id` range (ADR 0004).

import { randomBytes } from "node:crypto";
import { type Principal, timeKey } from "@cong/kit";
import type { Collection } from "mongodb";
import type { PortalId } from "../portals/portal-id";

export type AccessView = "list" | "overdue" | "detail" | "assign" | "answer";

export interface FeedbackAccessDoc {
  /** `<feedbackId>|<at>|<random>` */
  _id: string;
  portalId: PortalId;
  feedbackId: string;
  at: Date;
  actor: { id: string; username: string };
  view: AccessView;
}

/** orders two records of one millisecond in this process (a replica's clock decides across them) */
let seq = 0;

export class FeedbackAccessLog {
  constructor(private readonly coll: Collection<FeedbackAccessDoc>) {}

  /** Records that the caller was shown (at the wall clock's time, whatever the service's clock) the contact details of `feedbackIds` (nothing when none). */
  async record(
    p: Principal | undefined,
    portalId: PortalId,
    feedbackIds: string[],
    view: AccessView,
  ): Promise<void> {
    const at = new Date();
    if (!p || feedbackIds.length === 0) return;
    const actor = { id: p.userId, username: p.username };
    await this.coll.insertMany(
      feedbackIds.map((feedbackId) => ({
        _id: `${feedbackId}|${timeKey(at)}|${(seq++ % 1e9).toString().padStart(9, "0")}${randomBytes(3).toString("hex")}`,
        portalId,
        feedbackId,
        at,
        actor,
        view,
      })),
      { ordered: false },
    );
  }

  /** A message's trail, newest first. */
  async of(portalId: PortalId, feedbackId: string, limit: number) {
    const docs = await this.coll
      .find({ _id: { $gt: `${feedbackId}|`, $lt: `${feedbackId}|~` } })
      .sort({ _id: -1 })
      .limit(limit)
      .toArray();
    return docs
      .filter((d) => d.portalId === portalId)
      .map((d) => ({ at: d.at.toISOString(), actor: d.actor, view: d.view }));
  }
}
