// Feedback and Q&A routes (R-FEEDBACK, R-BOARD, R-PII): public intake without login, assignment by the
// portal's board or focal officer, answers due within 15 working days, overdue list, answers
// optionally published as Q&A without personal data (the board then approves them). Routes parse
// (the public intake with @cong/contracts' FeedbackIntake, publishing's schema), call
// FeedbackService (feedback.service.ts) and respond.
import { FeedbackIntake, intakeFieldErrors } from "@cong/contracts";
import { fail, type Service } from "@cong/kit";
import type express from "express";
import { z } from "zod";
import {
  checkedPortal,
  mayAnswerFeedback,
  mayAssignFeedback,
  mayPreviewDigest,
  mayReadFeedback,
  mayReadFeedbackAccessLog,
} from "../auth";
import { portalOfRecord } from "../portals/portal-id";
import type { FeedbackService } from "./feedback.service";
import { actorOf, cleanText, h, parse, publicRateLimit, type RateLimitOptions } from "./shared";

const text = (min: number, max: number) => z.string().transform(cleanText).pipe(z.string().min(min).max(max));

const AssignBody = z
  .strictObject({
    agency: text(2, 200).optional(),
    assignee: z
      .strictObject({ userId: z.string().min(1).max(100), username: z.string().min(1).max(100) })
      .optional(),
    note: text(0, 1000).optional(),
  })
  .refine((b) => b.agency || b.assignee, { message: "agency or assignee is required", path: ["agency"] });

const AnswerBody = z.strictObject({
  answer: text(10, 20000),
  publishAsQa: z.boolean().default(false),
  /** the question as it will be published: rewritten without personal data */
  publicQuestion: text(10, 5000).optional(),
  qaTitle: text(5, 300).optional(),
});

const ListQuery = z.object({
  status: z.enum(["received", "assigned", "answered"]).optional(),
  overdue: z.enum(["true", "false"]).optional(),
  /** newest first (default), or by due date (unanswered messages only, R-TIMELY) */
  sort: z.enum(["received", "due"]).default("received"),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2000).optional(),
});
const AccessLogQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
const OverdueQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(100),
  cursor: z.string().max(2000).optional(),
});

export interface FeedbackDeps {
  svc: Service;
  feedback: FeedbackService;
  rateLimit: RateLimitOptions;
}

/** The public intake body, parsed with the contract publishing's form uses (422 with its refusal codes). */
function parseIntake(raw: Record<string, unknown>): FeedbackIntake {
  if (raw.consent !== true) {
    throw fail.malformed(
      "Cần đồng ý cho phép xử lý dữ liệu cá nhân (consent: true). / Explicit consent is required.",
      { reason: "consent_required" },
    );
  }
  const r = FeedbackIntake.safeParse(raw);
  if (!r.success) throw fail.validation(intakeFieldErrors(r.error), "Dữ liệu chưa hợp lệ. / Invalid data.");
  return r.data;
}

const pageOf = (q: { limit: number; cursor?: string | undefined }) => ({
  limit: q.limit,
  ...(q.cursor ? { cursor: q.cursor } : {}),
});

export function feedbackRoutes(router: express.Router, d: FeedbackDeps): void {
  const auth = d.svc.authenticate();
  const id = (req: express.Request) => String(req.params.feedbackId);

  // ------------------------------------------------------------------ public intake (no login)
  router.post(
    "/public/portals/:portalId/feedback",
    publicRateLimit(d.rateLimit),
    h(async (req, res) => {
      const portalId = String(req.params.portalId);
      await d.feedback.activePortal(portalId);
      const body = parseIntake((req.body ?? {}) as Record<string, unknown>);
      // the portal the citizen wrote to, found active above
      res.status(202).json(await d.feedback.receive(portalOfRecord(portalId), body));
    }),
  );

  // ------------------------------------------------------------------ staff (portal-scoped)
  router.get(
    "/portals/:portalId/feedback",
    auth,
    mayReadFeedback,
    h(async (req, res) => {
      const q = parse(ListQuery, req.query);
      const query = {
        sort: q.sort,
        ...(q.status ? { status: q.status } : {}),
        ...(q.overdue ? { overdue: q.overdue === "true" } : {}),
      };
      res.json(await d.feedback.list(req.principal, checkedPortal(req), query, pageOf(q)));
    }),
  );

  router.get(
    "/portals/:portalId/feedback-overdue",
    auth,
    mayReadFeedback,
    h(async (req, res) => {
      const q = parse(OverdueQuery, req.query);
      res.json(await d.feedback.overdue(req.principal, checkedPortal(req), pageOf(q)));
    }),
  );

  router.get(
    "/portals/:portalId/feedback/:feedbackId",
    auth,
    mayReadFeedback,
    h(async (req, res) => {
      res.json(await d.feedback.detail(req.principal, checkedPortal(req), id(req)));
    }),
  );

  // R-BOARD: what the caller's daily digest says today (the admin shows it on screen)
  router.get(
    "/portals/:portalId/digest/preview",
    auth,
    mayPreviewDigest,
    h(async (req, res) => {
      const portalId = checkedPortal(req);
      const { digest, now } = await d.feedback.digestPreview(req.principal, portalId);
      res.json({
        portalId,
        date: digest.date,
        generatedAt: now.toISOString(),
        to: req.principal?.email ?? null,
        escalation: digest.escalation,
        empty: digest.empty,
        reviews: digest.reviews.map((r) => ({
          itemId: r.itemId,
          title: r.title,
          submittedAt: r.submittedAt?.toISOString() ?? null,
          dueBy: r.dueBy?.toISOString() ?? null,
        })),
        feedbackDue: digest.feedbackDue.map((f) => ({
          feedbackId: f.feedbackId,
          kind: f.kind,
          dueAt: f.dueAt.toISOString(),
          overdue: f.overdue,
          workingDaysOverdue: f.workingDaysOverdue,
        })),
        overdueCount: digest.overdueCount,
        subject: digest.subject,
        text: digest.text,
      });
    }),
  );

  // R-PII: who saw this message's contact details, newest first (the board and auditors)
  router.get(
    "/portals/:portalId/feedback/:feedbackId/access-log",
    auth,
    mayReadFeedbackAccessLog,
    h(async (req, res) => {
      const portalId = checkedPortal(req);
      const q = parse(AccessLogQuery, req.query);
      res.json({ items: await d.feedback.accessLog(portalId, id(req), q.limit) });
    }),
  );

  router.post(
    "/portals/:portalId/feedback/:feedbackId/assign",
    auth,
    mayAssignFeedback,
    h(async (req, res) => {
      const body = parse(AssignBody, req.body);
      res.json(await d.feedback.assign(req.principal, actorOf(req), checkedPortal(req), id(req), body));
    }),
  );

  router.post(
    "/portals/:portalId/feedback/:feedbackId/answer",
    auth,
    mayAnswerFeedback,
    h(async (req, res) => {
      const body = parse(AnswerBody, req.body);
      res.json(await d.feedback.answer(req.principal, actorOf(req), checkedPortal(req), id(req), body));
    }),
  );
}
