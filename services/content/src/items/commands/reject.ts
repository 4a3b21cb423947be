// reject: the board sends a revision back with its comment; a planned publication is dropped.
import { ContentRejected } from "@cong/contracts";
import { RejectInput } from "../item.input";
import type { Revision } from "../item.types";
import { auditEntry } from "../workflow";
import { commitChange } from "./context";
import type { ItemCommand } from "./runner";

export const reject: ItemCommand<RejectInput, "reject"> = {
  transition: "reject",
  parse: (raw) => RejectInput.parse(raw ?? {}),
  version: (input) => input.version,
  async execute(ctx, portalId, doc, input, caller) {
    if (doc.schedule.publish) await ctx.schedules.cancel(portalId, doc._id, "publish");
    const comment = input.comment.normalize("NFC");
    return commitChange(ctx, portalId, doc, (d, now) => {
      const rev = d.working as Revision;
      const from = rev.state;
      rev.state = "rejected";
      rev.rejection = { comment, by: caller.actor, at: now };
      delete rev.approvedBy;
      delete rev.approvedAt;
      delete d.schedule.publish;
      return {
        audit: auditEntry(caller, "rejected", rev.revision, from, "rejected", comment),
        events: [
          {
            def: ContentRejected,
            data: {
              itemId: d._id,
              portalId: d.portalId,
              revision: rev.revision,
              rejectedBy: caller.actor,
              rejectedAt: now.toISOString(),
              comment,
            },
          },
        ],
      };
    });
  },
};
