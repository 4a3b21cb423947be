// The content service's extras: feedback and Q&A, reader comments and draft comments, ad slots
// (R-FEEDBACK, R-BOARD, R-PII, R-ADS, R-ACCOUNT). `main.ts`/`app.ts` mounts them:
//   mountExtras(router, { svc, portals, items })  — mount the router BEFORE `app.use(svc.authenticate())`:
//     the /public/... routes take no login; every staff route authenticates itself.
//   feedbackHandover                               — assigned feedback moves to the successor.
//   digestJob({ svc, portals, items, roster, … })  — the board's daily digest mails (after mountExtras).
// Collections owned here: `feedback`, `feedback_access` (who saw whose contact details), `comments`, `ads`,
// `digest_sent` (the day's digest markers).
import { type Service, serializedWrites, storesOf } from "@cong/kit";
import type express from "express";
import { type AdDoc, adRoutes } from "./ads/ads.routes";
import { type CalendarConfig, createCalendar, defaultCalendar, type WorkingCalendar } from "./calendar";
import { CommentRepository } from "./comments/comment.repository";
import { type CommentDoc, commentRoutes } from "./comments/comments.routes";
import type { KeyEntry } from "./db/keys";
import { DigestJob, type DigestSentDoc } from "./feedback/digest.job";
import { type FeedbackAccessDoc, FeedbackAccessLog } from "./feedback/feedback.access";
import { FeedbackRepository } from "./feedback/feedback.repository";
import { feedbackRoutes } from "./feedback/feedback.routes";
import type { FeedbackDoc } from "./feedback/feedback.types";
import type { RateLimitOptions } from "./feedback/shared";
import type {
  BoardRosterReader,
  DigestRunner,
  HandoverParticipant,
  ItemPort,
  PortalInfo,
  PortalReader,
} from "./ports";

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

let feedbackRepo: FeedbackRepository | undefined;
let feedbackCalendar: WorkingCalendar | undefined;

/**
 * Mounts the routes at once; the promise settles when the keyed indexes of feedback and comments
 * hold every existing document (a backfill at the first start, instant afterwards).
 */
export function mountExtras(router: express.Router, ctx: ExtrasContext): Promise<void> {
  const { svc } = ctx;
  const { db, outbox } = storesOf(svc);
  const o = ctx.options ?? {};
  const now = o.now ?? (() => new Date());
  const calendar = o.calendar ?? calendarFromEnv();
  const rateLimit = o.rateLimit ?? rateLimitFromEnv();
  // both carry outbox entries: writes to one document run one at a time with the relay's clean-up
  // (FerretDB v1 loses one of two concurrent updates of a document, docs/architecture.md)
  const feedbackColl = serializedWrites(db.collection<FeedbackDoc>("feedback"));
  const commentsColl = serializedWrites(db.collection<CommentDoc>("comments"));
  const ads = db.collection<AdDoc>("ads");
  const feedback = new FeedbackRepository(feedbackColl, db.collection<KeyEntry>("feedback_index"), outbox);
  const comments = new CommentRepository(commentsColl, db.collection<KeyEntry>("comments_index"), outbox);
  feedbackRepo = feedback;
  feedbackCalendar = calendar;
  // the sweeper finds events of a writer that died before publishing them
  void outbox
    .track(feedbackColl as never)
    .catch((e) => svc.logger.error({ err: e }, "outbox track feedback"));
  void outbox
    .track(commentsColl as never)
    .catch((e) => svc.logger.error({ err: e }, "outbox track comments"));
  feedbackRoutes(router, {
    svc,
    feedback,
    access: new FeedbackAccessLog(db.collection<FeedbackAccessDoc>("feedback_access")),
    portals: ctx.portals,
    items: ctx.items,
    calendar,
    now,
    rateLimit,
  });
  commentRoutes(router, {
    svc,
    comments,
    portals: ctx.portals,
    items: ctx.items,
    calendar,
    now,
    rateLimit,
  });
  adRoutes(router, { svc, ads, portals: ctx.portals, items: ctx.items, now });
  return Promise.all([feedback.backfill(), comments.backfill()]).then(([f, c]) => {
    if (f || c) svc.logger.info({ feedback: f, comments: c }, "feedback and comment indexes backfilled");
  });
}

/**
 * The board's daily digest job (R-BOARD, feedback/digest.job.ts), over the feedback and the
 * working-day calendar `mountExtras` set up; `digest_sent` is this module's collection.
 */
export async function digestJob(ctx: {
  svc: Service;
  portals: { activePortals(): Promise<PortalInfo[]> };
  items: ItemPort;
  roster: BoardRosterReader;
  sendAfterMinutes: number;
  pollMs: number;
}): Promise<DigestRunner> {
  if (!feedbackRepo || !feedbackCalendar) throw new Error("mountExtras has not run");
  const { db, outbox } = storesOf(ctx.svc);
  const sent = db.collection<DigestSentDoc>("digest_sent");
  // the sweeper publishes a mail request whose writer died before relaying it
  await outbox.track(sent as never);
  return new DigestJob({
    portals: ctx.portals,
    roster: ctx.roster,
    items: ctx.items,
    feedback: feedbackRepo,
    calendar: feedbackCalendar,
    sent,
    outbox,
    logger: ctx.svc.logger,
    metrics: ctx.svc.metrics,
    sendAfterMinutes: ctx.sendAfterMinutes,
    pollMs: ctx.pollMs,
  });
}

/** R-ACCOUNT: feedback assigned to the leaving officer (not yet answered) moves to the successor. */
export const feedbackHandover: HandoverParticipant = {
  async onAccountHandedOver({ portalId, from, to, eventId }) {
    if (!feedbackRepo) throw new Error("mountExtras has not run");
    const repo = feedbackRepo;
    // a scan by assignee (feedback.repository.ts): a rare job, once per handover
    const open = await repo.assignedTo(portalId, from.userId);
    let moved = 0;
    const at = new Date();
    for (const f of open) {
      if (f.status === "answered") continue;
      // one document at a time (FerretDB); idempotent: a redelivered event finds nothing left to move
      const r = await repo.update(
        portalId,
        f,
        f.status,
        { "assignee.userId": from.userId, status: { $ne: "answered" } },
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
      if (r) moved++;
    }
    return { moved };
  },
};
