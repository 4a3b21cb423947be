// Fires scheduled publications and take-downs (R-MODERATE). The plan is stored in the item's
// document and in a small index collection, so it survives restarts: at start the poller fires
// everything already due. A schedule fired later than the grace period is reported as MISSED —
// a warning log line, the `cong_content_schedules_missed_total` metric and a record the API lists.
//
// Missed schedules are keyed documents (db/keys.ts): `<portal>|m|<scheduled time>|<schedule>` and
// the same under the platform-wide scope, so the board's list and the auditors' list are a range
// read newest first, at any size.

import type { Logger, Metrics } from "@cong/kit";
import { ALL_PORTALS, facetPrefix, keyPart, readRange, timeKey } from "@cong/kit";
import type { Collection } from "mongodb";
import type { ItemService } from "../items/item.service";
import type { ScheduleIndexDoc } from "./schedule.index";

export interface MissedScheduleDoc {
  _id: string;
  itemId: string;
  portalId: string;
  action: "publish" | "unpublish";
  scheduledFor: Date;
  firedAt: Date;
  lateByMs: number;
}

export class SchedulePoller {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private busy: Promise<void> = Promise.resolve();
  private readonly fired;
  private readonly missed;

  constructor(
    private readonly index: Collection<ScheduleIndexDoc>,
    private readonly misses: Collection<MissedScheduleDoc>,
    private readonly items: ItemService,
    private readonly logger: Logger,
    metrics: Metrics,
    private readonly opts: { pollMs: number; graceMs: number },
  ) {
    this.fired = metrics.counter("cong_content_schedules_fired_total", "scheduled transitions fired", [
      "action",
    ]);
    this.missed = metrics.counter(
      "cong_content_schedules_missed_total",
      "scheduled transitions fired later than the grace period (service down or overloaded)",
      ["action"],
    );
    metrics.gauge("cong_content_schedules_pending", "scheduled transitions waiting", [], (g) => {
      void this.index.estimatedDocumentCount().then(
        (n) => g.set(n),
        () => undefined,
      );
    });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const loop = () => {
      this.busy = this.pollOnce()
        .then(() => undefined)
        .catch((e) => this.logger.warn({ err: e }, "schedule poll failed"))
        .finally(() => {
          if (this.running) this.timer = setTimeout(loop, this.opts.pollMs);
        });
    };
    loop();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.busy;
  }

  /** Fires what is due; returns how many fired. */
  async pollOnce(now = new Date()): Promise<number> {
    // the index holds only pending plans, so this scan stays small
    const due = await this.index
      .find({ at: { $lte: now } })
      .sort({ at: 1 })
      .limit(200)
      .toArray();
    let n = 0;
    for (const entry of due) {
      try {
        const result = await this.items.fireSchedule(entry, now);
        if (result !== "fired") continue;
        n++;
        this.fired.inc({ action: entry.action });
        const lateByMs = now.getTime() - new Date(entry.at).getTime();
        if (lateByMs > this.opts.graceMs) {
          this.missed.inc({ action: entry.action });
          this.logger.warn(
            {
              itemId: entry.itemId,
              portalId: entry.portalId,
              action: entry.action,
              scheduledFor: entry.at,
              lateByMs,
            },
            "scheduled transition missed its time; fired late",
          );
          await this.recordMiss(entry._id, {
            itemId: entry.itemId,
            portalId: entry.portalId,
            action: entry.action,
            scheduledFor: new Date(entry.at),
            firedAt: now,
            lateByMs,
          });
        }
      } catch (e) {
        this.logger.error({ err: e, schedule: entry._id }, "scheduled transition failed; retried next poll");
      }
    }
    return n;
  }

  pending(portalId?: string) {
    return this.index
      .find(portalId ? { portalId } : {})
      .sort({ at: 1 })
      .limit(500)
      .toArray();
  }

  /** The portal's missed schedules (or every portal's), latest scheduled time first. */
  async missedList(portalId?: string, limit = 500): Promise<MissedScheduleDoc[]> {
    return readRange(this.misses, missPrefix(portalId), -1, undefined, limit);
  }

  /** One record per missed schedule under both scopes; a repeat writes the same two documents. */
  private async recordMiss(scheduleId: string, m: Omit<MissedScheduleDoc, "_id">): Promise<void> {
    for (const scope of [m.portalId, undefined])
      await this.misses.updateOne(
        { _id: missKey(scope, m.scheduledFor, scheduleId) },
        { $set: m },
        { upsert: true },
      );
  }

  /**
   * First start after keyed records came in: records of the earlier form (`<schedule>:<ms>`) are
   * written under their keys and removed, then a marker says it is done (idempotent).
   */
  async backfill(): Promise<number> {
    if (await this.misses.findOne({ _id: KEYED_MARKER })) return 0;
    let n = 0;
    for await (const old of this.misses.find({})) {
      if (old._id === KEYED_MARKER || old._id.includes("|")) continue;
      const { _id, ...fields } = old;
      await this.recordMiss(_id.replace(/:\d+$/, ""), fields);
      await this.misses.deleteOne({ _id: old._id });
      n++;
    }
    await this.misses.updateOne({ _id: KEYED_MARKER }, { $set: { at: new Date() } }, { upsert: true });
    return n;
  }
}

const KEYED_MARKER = "!keyed";
const missPrefix = (portalId?: string) => facetPrefix(portalId ?? ALL_PORTALS, "m");
const missKey = (portalId: string | undefined, scheduledFor: Date, scheduleId: string) =>
  `${missPrefix(portalId)}${timeKey(scheduledFor)}|${keyPart(scheduleId)}`;
