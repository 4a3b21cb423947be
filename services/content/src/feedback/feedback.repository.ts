// The only code that touches the `feedback` and `feedback_index` collections; every method takes
// the portal first (R-ORG). The staff inbox is read through keyed index documents (db/keys.ts),
// so it costs the same in a portal with 100 or 200,000 messages:
//   <portal>|a|<receivedAt>|<id>            every message, newest first
//   <portal>|st:<status>|<receivedAt>|<id>  by status
//   <portal>|due|<dueAt>|<receivedAt>|<id>  unanswered ones by due date (R-TIMELY): the range up
//                                            to now is exactly the overdue ones
// Keys follow from the document alone (receipt and due date never change), so a write adds the
// keys of the new status first, then writes, then drops the old status's keys (db/keys.ts
// `withKeys`); readers check every key against its document.

import type { Outbox, StagedEvent } from "@cong/kit";
import type { Collection, Filter, UpdateFilter } from "mongodb";
import {
  backfillKeys,
  facetPrefix,
  insertKeys,
  type KeyEntry,
  keyPart,
  pageThrough,
  timeKey,
  withKeys,
} from "../db/keys";
import type { PortalId } from "../portals/portal-id";
import type { FeedbackDoc, FeedbackStatus } from "./feedback.types";

export interface FeedbackQuery {
  status?: FeedbackStatus;
  overdue?: boolean;
  sort: "received" | "due";
}

export function feedbackKeys(doc: Pick<FeedbackDoc, "_id" | "portalId" | "status" | "receivedAt" | "dueAt">) {
  const id = keyPart(doc._id);
  const at = timeKey(doc.receivedAt);
  const keys = [
    `${facetPrefix(doc.portalId, "a")}${at}|${id}`,
    `${facetPrefix(doc.portalId, `st:${doc.status}`)}${at}|${id}`,
  ];
  // same due date (e.g. received over a weekend): the earlier received first
  if (doc.status !== "answered")
    keys.push(`${facetPrefix(doc.portalId, "due")}${timeKey(doc.dueAt)}|${at}|${id}`);
  return keys;
}

const isOverdue = (d: FeedbackDoc, now: Date) =>
  d.status !== "answered" && now.getTime() > new Date(d.dueAt).getTime();

export class FeedbackRepository {
  constructor(
    private readonly feedback: Collection<FeedbackDoc>,
    private readonly index: Collection<KeyEntry>,
    private readonly outbox: Outbox,
  ) {}

  async get(portalId: PortalId, feedbackId: string): Promise<FeedbackDoc | null> {
    const doc = await this.feedback.findOne({ _id: feedbackId }, { projection: { _outbox: 0 } });
    // another portal's message is not found on this portal
    return doc && doc.portalId === portalId ? doc : null;
  }

  /** The inbox: newest first, or by due date; `overdue` read from the due-date keys up to now. */
  async list(
    portalId: PortalId,
    q: FeedbackQuery,
    page: { limit: number; cursor?: string; now: Date },
  ): Promise<{ items: FeedbackDoc[]; nextCursor: string | null }> {
    const now = timeKey(page.now);
    // overdue ones are exactly the due-date keys before now; since the due date follows the
    // receipt by the same number of working days, newest first is latest due first
    const byDue = q.sort === "due" || q.overdue === true;
    const prefix = byDue
      ? facetPrefix(portalId, "due")
      : facetPrefix(portalId, q.status ? `st:${q.status}` : "a");
    const bounds = q.overdue === true ? { below: now } : q.overdue === false && byDue ? { above: now } : {};
    const out = await pageThrough({
      index: this.index,
      docs: this.feedback,
      portalId,
      prefix,
      dir: q.sort === "due" ? 1 : -1,
      bounds,
      // the overdue split moves with the clock: a cursor stays valid while the query is the same
      query: { ...q, list: "feedback" },
      ...(page.cursor ? { cursor: page.cursor } : {}),
      limit: page.limit,
      keysOf: feedbackKeys,
      matches: (d) =>
        (!q.status || d.status === q.status) &&
        (q.overdue === undefined || isOverdue(d, page.now) === q.overdue),
    });
    return { items: out.docs, nextCursor: out.nextCursor };
  }

  async insert(portalId: PortalId, doc: FeedbackDoc, events: StagedEvent[]): Promise<void> {
    if (doc.portalId !== portalId) throw new Error("feedback of another portal");
    await insertKeys(
      this.index,
      feedbackKeys(doc).map((_id) => ({ _id, i: doc._id })),
    );
    await this.outbox.insertOne(this.feedback, doc, events);
  }

  /**
   * One conditional write of a message (assignment, answer, handover) that sets `status`; its
   * index keys follow. Null when the condition no longer held (e.g. answered meanwhile).
   */
  async update(
    portalId: PortalId,
    prev: FeedbackDoc,
    status: FeedbackStatus,
    condition: Filter<FeedbackDoc>,
    update: UpdateFilter<FeedbackDoc>,
    events: StagedEvent[] = [],
  ): Promise<FeedbackDoc | null> {
    if (prev.portalId !== portalId) throw new Error("feedback of another portal");
    const filter = { ...condition, _id: prev._id } as Filter<FeedbackDoc>;
    return withKeys(this.index, prev._id, feedbackKeys(prev), feedbackKeys({ ...prev, status }), async () =>
      events.length
        ? ((await this.outbox.findOneAndUpdate(this.feedback, filter, update, events)) as FeedbackDoc | null)
        : // FerretDB v1 has no projection in findAndModify; the routes' views drop `_outbox`
          await this.feedback.findOneAndUpdate(filter, update, { returnDocument: "after" }),
    );
  }

  /**
   * Unanswered messages assigned to a person (handover, R-ACCOUNT). A scan of the portal's
   * messages by assignee: a rare job, run once per account handover, not a request's path.
   */
  assignedTo(portalId: PortalId, userId: string) {
    return this.feedback
      .find({ portalId, "assignee.userId": userId }, { projection: { _outbox: 0 } })
      .toArray();
  }

  backfill(): Promise<number> {
    return backfillKeys(this.index, this.feedback, "~backfill:feedback-index:v1", feedbackKeys);
  }
}
