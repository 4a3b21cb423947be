// The content service's extras: feedback and Q&A, reader comments and draft comments, ad slots
// (R-FEEDBACK, R-BOARD, R-PII, R-ADS, R-ACCOUNT). `app.ts` mounts them:
//   mountExtras(router, { svc, portals, items, calendar, rateLimit }) — mount the router BEFORE
//     `app.use(svc.authenticate())`: the /public/... routes take no login; every staff route
//     authenticates itself. It returns what the module gives the service:
//   .handover  — assigned feedback moves to the successor;
//   .digestJob — the board's daily digest mails, over the same feedback and calendar;
//   .ready     — the keyed indexes backfilled.
// No module-level state: each mount has its own repositories.
// Collections owned here: `feedback`, `feedback_access` (who saw whose contact details), `comments`, `ads`,
// `digest_sent` (the day's digest markers).
import { type Service, serializedWrites, storesOf } from "@cong/kit";
import type express from "express";
import { type AdDoc, AdRepository } from "./ads/ad.repository";
import { AdService } from "./ads/ad.service";
import { adRoutes } from "./ads/ads.routes";
import { defaultCalendar, type WorkingCalendar } from "./calendar";
import { CommentRepository } from "./comments/comment.repository";
import { CommentService } from "./comments/comment.service";
import type { CommentDoc } from "./comments/comment.types";
import { commentRoutes } from "./comments/comments.routes";
import type { KeyEntry } from "./db/keys";
import { DigestJob, type DigestSentDoc } from "./feedback/digest.job";
import { type FeedbackAccessDoc, FeedbackAccessLog } from "./feedback/feedback.access";
import { FeedbackRepository } from "./feedback/feedback.repository";
import { feedbackRoutes } from "./feedback/feedback.routes";
import { FeedbackService } from "./feedback/feedback.service";
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
  /** replaces the service's calendar (tests) */
  calendar?: WorkingCalendar;
  /** replaces the service's intake limit per client IP (tests) */
  rateLimit?: RateLimitOptions;
}

export interface ExtrasContext {
  svc: Service;
  portals: PortalReader;
  items: ItemPort;
  /** the service's one working-day calendar (config WORKING_CALENDAR_JSON); default the rules only */
  calendar?: WorkingCalendar;
  /** public intake limit per client IP (config FEEDBACK_RATE_LIMIT / FEEDBACK_RATE_WINDOW_MS); default 5 per 10 minutes */
  rateLimit?: RateLimitOptions;
  options?: ExtrasOptions;
}

/** What the mounted module gives the service: its handover participant and its digest job. */
export interface MountedExtras {
  /** R-ACCOUNT: feedback assigned to the leaving officer (not yet answered) moves to the successor. */
  handover: HandoverParticipant;
  /** The board's daily digest job (R-BOARD, feedback/digest.job.ts) over this module's feedback and calendar. */
  digestJob(ctx: DigestJobContext): Promise<DigestRunner>;
  /** settles when the keyed indexes of feedback and comments hold every existing document */
  ready: Promise<void>;
}

export interface DigestJobContext {
  portals: { activePortals(): Promise<PortalInfo[]> };
  roster: BoardRosterReader;
  sendAfterMinutes: number;
  pollMs: number;
}

const DEFAULT_RATE_LIMIT: RateLimitOptions = { limit: 5, windowMs: 600_000 };

/**
 * Mounts the routes at once; `ready` settles when the keyed indexes of feedback and comments
 * hold every existing document (a backfill at the first start, instant afterwards).
 */
export function mountExtras(router: express.Router, ctx: ExtrasContext): MountedExtras {
  const { svc, portals, items } = ctx;
  const { db, outbox } = storesOf(svc);
  const o = ctx.options ?? {};
  const now = o.now ?? (() => new Date());
  const calendar = o.calendar ?? ctx.calendar ?? defaultCalendar;
  const rateLimit = o.rateLimit ?? ctx.rateLimit ?? DEFAULT_RATE_LIMIT;

  // collections: both feedback and comments carry outbox entries, so writes to one document run
  // one at a time with the relay's clean-up (FerretDB v1 loses one of two concurrent updates of a
  // document, docs/architecture.md); the sweeper finds events of a writer that died before publishing
  const feedbackColl = serializedWrites(db.collection<FeedbackDoc>("feedback"));
  const commentsColl = serializedWrites(db.collection<CommentDoc>("comments"));
  for (const [name, coll] of [
    ["feedback", feedbackColl],
    ["comments", commentsColl],
  ] as const)
    void outbox.track(coll as never).catch((e) => svc.logger.error({ err: e }, `outbox track ${name}`));

  // repositories
  const feedbackRepo = new FeedbackRepository(
    feedbackColl,
    db.collection<KeyEntry>("feedback_index"),
    outbox,
  );
  const commentRepo = new CommentRepository(commentsColl, db.collection<KeyEntry>("comments_index"), outbox);
  const access = new FeedbackAccessLog(db.collection<FeedbackAccessDoc>("feedback_access"));
  const adRepo = new AdRepository(db.collection<AdDoc>("ads"));

  // services
  const feedback = new FeedbackService({
    feedback: feedbackRepo,
    access,
    portals,
    items,
    calendar,
    now,
    logger: svc.logger,
  });
  const comments = new CommentService({ comments: commentRepo, portals, items, calendar, now });
  const ads = new AdService(adRepo, portals, items, now);

  // routes
  feedbackRoutes(router, { svc, feedback, rateLimit });
  commentRoutes(router, { svc, comments, rateLimit });
  adRoutes(router, { svc, ads });

  const ready = Promise.all([feedbackRepo.backfill(), commentRepo.backfill()]).then(([f, c]) => {
    if (f || c) svc.logger.info({ feedback: f, comments: c }, "feedback and comment indexes backfilled");
  });
  return {
    handover: feedback.handover,
    digestJob: (job) => digestJob(svc, items, feedbackRepo, calendar, job),
    ready,
  };
}

/** The board's daily digest job; `digest_sent` (the day's markers) is this module's collection. */
async function digestJob(
  svc: Service,
  items: ItemPort,
  feedback: FeedbackRepository,
  calendar: WorkingCalendar,
  ctx: DigestJobContext,
): Promise<DigestRunner> {
  const { db, outbox } = storesOf(svc);
  const sent = db.collection<DigestSentDoc>("digest_sent");
  // the sweeper publishes a mail request whose writer died before relaying it
  await outbox.track(sent as never);
  return new DigestJob({
    portals: ctx.portals,
    roster: ctx.roster,
    items,
    feedback,
    calendar,
    sent,
    outbox,
    logger: svc.logger,
    metrics: svc.metrics,
    sendAfterMinutes: ctx.sendAfterMinutes,
    pollMs: ctx.pollMs,
  });
}
