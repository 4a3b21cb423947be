// Fires one due schedule (the poller, also after a restart): the item's own document is the truth —
// an index entry without a plan there is left over, and a plan whose item moved on is dropped.
import type { Actor } from "@cong/contracts";
import type { Caller } from "../items/caller";
import { commitChange, type ItemContext } from "../items/commands/context";
import { publishNow } from "../items/commands/publish";
import { unpublishNow } from "../items/commands/unpublish";
import type { ItemDoc } from "../items/item.types";
import { auditEntry, itemStateOf } from "../items/workflow";
import { portalOfRecord } from "../portals/portal-id";
import type { ScheduleIndexDoc } from "./schedule.index";

const SCHEDULER: Actor = { id: "system:scheduler", username: "system:scheduler" };

export async function fireSchedule(
  ctx: ItemContext,
  entry: ScheduleIndexDoc,
  now = new Date(),
): Promise<"fired" | "stale"> {
  const portalId = portalOfRecord(entry.portalId);
  const doc = await ctx.repo.get(portalId, entry.itemId);
  const planned = entry.action === "publish" ? doc?.schedule.publish : doc?.schedule.unpublish;
  if (!doc || !planned || new Date(planned.at).getTime() > now.getTime()) {
    if (!doc || !planned) await ctx.schedules.drop(entry);
    return "stale";
  }
  const caller: Caller = { actor: SCHEDULER, roles: new Set(), onBehalfOf: planned.by };
  if (entry.action === "publish") {
    const ok = doc.working?.state === "approved" || (!doc.working && doc.status === "unpublished");
    if (!ok) {
      await commitChange(ctx, portalId, doc, (d) => {
        delete d.schedule.publish;
        const state = itemStateOf(d);
        return {
          audit: auditEntry(caller, "schedule-dropped", null, state, state, "not approved any more"),
          events: [],
        };
      });
      await ctx.schedules.drop(entry);
      return "stale";
    }
    await publishNow(ctx, portalId, doc, caller, planned.by);
  } else {
    const p = planned as NonNullable<ItemDoc["schedule"]["unpublish"]>;
    if (doc.status !== "published") {
      await ctx.schedules.drop(entry);
      return "stale";
    }
    await unpublishNow(ctx, portalId, doc, caller, p.by, {
      mode: p.mode,
      ...(p.publicReason ? { publicReason: p.publicReason } : {}),
      ...(p.redirectTo ? { redirectTo: p.redirectTo } : {}),
    });
  }
  return "fired";
}
