// submit: a draft (or a rejected revision) goes to the board, with its due date (R-TIMELY).
import { ContentSubmitted } from "@cong/contracts";
import { dueDateOf } from "../due-dates";
import type { Revision } from "../item.types";
import { auditEntry } from "../workflow";
import { commitChange } from "./context";
import type { ItemCommand } from "./runner";

export const submit: ItemCommand<undefined, "submit"> = {
  transition: "submit",
  parse: () => undefined,
  async execute(ctx, portalId, doc, _input, caller) {
    const portal = await ctx.portals.require(portalId);
    const dueBy = dueDateOf(portal, doc.working as Revision, ctx.calendar);
    return commitChange(ctx, portalId, doc, (d, now) => {
      const rev = d.working as Revision;
      const from = rev.state;
      rev.state = "submitted";
      rev.submittedBy = caller.actor;
      rev.submittedAt = now;
      if (dueBy) rev.dueBy = dueBy;
      delete rev.rejection;
      return {
        audit: auditEntry(caller, "submitted", rev.revision, from, "submitted"),
        events: [
          {
            def: ContentSubmitted,
            data: {
              itemId: d._id,
              portalId: d.portalId,
              revision: rev.revision,
              kind: d.kind,
              title: rev.locales.vi?.title ?? "",
              submittedBy: caller.actor,
              submittedAt: now.toISOString(),
            },
          },
        ],
      };
    });
  },
};
