// The content service's extras: feedback and Q&A, reader comments and draft comments, ad slots
// (R-FEEDBACK, R-BOARD, R-PII, R-ADS, R-ACCOUNT). `main.ts`/`app.ts` mounts them:
//   mountExtras(router, { svc, portals, items })  — mount the router BEFORE `app.use(svc.authenticate())`:
//     the /public/... routes take no login; every staff route authenticates itself.
//   feedbackHandover                               — assigned feedback moves to the successor.
// Collections owned here: `feedback`, `comments`, `ads`.
import { type Service, storesOf } from "@cong/kit";
import type express from "express";
import type { Collection } from "mongodb";
import { type AdDoc, adRoutes } from "./ads/ads.routes";
import { type CalendarConfig, createCalendar, defaultCalendar, type WorkingCalendar } from "./calendar";
import { type CommentDoc, commentRoutes } from "./comments/comments.routes";
import { feedbackRoutes } from "./feedback/feedback.routes";
import type { FeedbackDoc } from "./feedback/feedback.types";
import type { RateLimitOptions } from "./feedback/shared";
import type { HandoverParticipant, ItemPort, PortalReader } from "./ports";

export interface ExtrasOptions {
  /** clock (tests) */
  now?: () => Date;
  calendar?: WorkingCalendar;
  /** public intake limit per client IP; default 5 per 10 minutes (env FEEDBACK_RATE_LIMIT / FEEDBACK_RATE_WINDOW_MS) */
  rateLimit?: RateLimitOptions;
}

export interface ExtrasContext {
  svc: Service;
  portals: PortalReader;
  items: ItemPort;
  options?: ExtrasOptions;
}

/** Reads the working-day calendar's yearly decisions from env WORKING_CALENDAR_JSON (a CalendarConfig), if set. */
export function calendarFromEnv(env: NodeJS.ProcessEnv = process.env): WorkingCalendar {
  const raw = env.WORKING_CALENDAR_JSON;
  if (!raw) return defaultCalendar;
  return createCalendar(JSON.parse(raw) as CalendarConfig);
}

function rateLimitFromEnv(env: NodeJS.ProcessEnv = process.env): RateLimitOptions {
  const limit = Number(env.FEEDBACK_RATE_LIMIT ?? 5);
  const windowMs = Number(env.FEEDBACK_RATE_WINDOW_MS ?? 600_000);
  return {
    limit: Number.isInteger(limit) && limit > 0 ? limit : 5,
    windowMs: Number.isInteger(windowMs) && windowMs > 0 ? windowMs : 600_000,
  };
}

let feedbackColl: Collection<FeedbackDoc> | undefined;

export function mountExtras(router: express.Router, ctx: ExtrasContext): void {
  const { svc } = ctx;
  const { db, outbox } = storesOf(svc);
  const o = ctx.options ?? {};
  const now = o.now ?? (() => new Date());
  const calendar = o.calendar ?? calendarFromEnv();
  const rateLimit = o.rateLimit ?? rateLimitFromEnv();
  const feedback = db.collection<FeedbackDoc>("feedback");
  const comments = db.collection<CommentDoc>("comments");
  const ads = db.collection<AdDoc>("ads");
  feedbackColl = feedback;
  // the sweeper finds events of a writer that died before publishing them
  void outbox.track(feedback as never).catch((e) => svc.logger.error({ err: e }, "outbox track feedback"));
  void outbox.track(comments as never).catch((e) => svc.logger.error({ err: e }, "outbox track comments"));
  feedbackRoutes(router, {
    svc,
    outbox,
    feedback,
    portals: ctx.portals,
    items: ctx.items,
    calendar,
    now,
    rateLimit,
  });
  commentRoutes(router, {
    svc,
    outbox,
    comments,
    portals: ctx.portals,
    items: ctx.items,
    calendar,
    now,
    rateLimit,
  });
  adRoutes(router, { svc, ads, portals: ctx.portals, items: ctx.items, now });
}

/** R-ACCOUNT: feedback assigned to the leaving officer (not yet answered) moves to the successor. */
export const feedbackHandover: HandoverParticipant = {
  async onAccountHandedOver({ portalId, from, to, eventId }) {
    if (!feedbackColl) throw new Error("mountExtras has not run");
    const open = await feedbackColl
      .find({ portalId, "assignee.userId": from.userId }, { projection: { _id: 1, status: 1 } })
      .toArray();
    let moved = 0;
    const at = new Date();
    for (const f of open) {
      if (f.status === "answered") continue;
      // one document at a time (FerretDB); idempotent: a redelivered event finds nothing left to move
      const r = await feedbackColl.updateOne(
        { _id: f._id, "assignee.userId": from.userId, status: { $ne: "answered" } },
        {
          $set: { "assignee.userId": to.userId, "assignee.username": to.username },
          $push: {
            history: {
              at,
              by: { id: "system:handover", username: "system" },
              action: "handed-over",
              note: `${from.username} → ${to.username} (${eventId})`,
            },
          },
        },
      );
      moved += r.modifiedCount;
    }
    return { moved };
  },
};
