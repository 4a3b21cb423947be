// approve: the board accepts a submitted revision (four eyes), optionally planning its publication.
import { ContentApproved } from "@cong/contracts";
import { ApproveInput } from "../item.input";
import type { Revision } from "../item.types";
import { auditEntry } from "../workflow";
import { commitChange } from "./context";
import type { ItemCommand } from "./runner";

export const approve: ItemCommand<ApproveInput, "approve"> = {
  transition: "approve",
  parse: (raw) => ApproveInput.parse(raw ?? {}),
  version: (input) => input.version,
  async execute(ctx, portalId, doc, input, caller) {
    const at = input.scheduledAt && input.scheduledAt.getTime() > Date.now() ? input.scheduledAt : null;
    if (at) await ctx.schedules.plan(portalId, doc._id, "publish", at);
    return commitChange(ctx, portalId, doc, (d, now) => {
      const rev = d.working as Revision;
      rev.state = "approved";
      rev.approvedBy = caller.actor;
      rev.approvedAt = now;
      if (at) d.schedule.publish = { at, revision: rev.revision, by: caller.actor };
      const reason = at ? `scheduled ${at.toISOString()}` : undefined;
      return {
        audit: auditEntry(caller, "approved", rev.revision, "submitted", "approved", reason),
        events: [
          {
            def: ContentApproved,
            data: {
              itemId: d._id,
              portalId: d.portalId,
              revision: rev.revision,
              approvedBy: caller.actor,
              approvedAt: now.toISOString(),
              scheduledAt: at ? at.toISOString() : null,
            },
          },
        ],
      };
    });
  },
};
