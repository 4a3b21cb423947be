// The schedule index: small documents the poller scans (the item document holds the truth), one
// per item and action, `<item>:<action>`.
import type { Collection } from "mongodb";
import type { PortalId } from "../portals/portal-id";

/** Schedule index: small documents the poller scans (the item document holds the truth). */
export interface ScheduleIndexDoc {
  _id: string;
  itemId: string;
  portalId: string;
  action: "publish" | "unpublish";
  at: Date;
}

export type ScheduledAction = ScheduleIndexDoc["action"];

export class ScheduleIndex {
  constructor(private readonly schedules: Collection<ScheduleIndexDoc>) {}

  /**
   * Plans `action` of the item at `at`. The index first: if the process dies before the item
   * write, the poller finds no plan in the item and drops the entry; the other way round a plan
   * could be forgotten.
   */
  async plan(portalId: PortalId, itemId: string, action: ScheduledAction, at: Date): Promise<void> {
    await this.schedules.updateOne(
      { _id: `${itemId}:${action}` },
      { $set: { itemId, portalId, action, at } },
      { upsert: true },
    );
  }

  async cancel(_portalId: PortalId, itemId: string, action: ScheduledAction): Promise<void> {
    await this.schedules.deleteOne({ _id: `${itemId}:${action}` });
  }

  /** An entry the poller found to be left over (no plan in the item any more). */
  async drop(entry: ScheduleIndexDoc): Promise<void> {
    await this.schedules.deleteOne({ _id: entry._id });
  }
}
