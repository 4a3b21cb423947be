// Feedback and Q&A (R-FEEDBACK, R-BOARD, R-PII): public intake without login, assignment by the
// portal's board or focal officer, answers due within 15 working days, overdue list, answers
// optionally published as Q&A without personal data (the board then approves them).
import { ContentMailRequested, FeedbackAnswered, FeedbackReceived } from "@cong/contracts";
import {
  BOARD_ROLES,
  fail,
  hasPortalRole,
  requirePortalRole,
  type Service,
  type StagedEvent,
} from "@cong/kit";
import type express from "express";
import { z } from "zod";
import { dueAt as computeDueAt, type WorkingCalendar, workingDaysBetween } from "../calendar";
import type { ItemPort, PortalReader } from "../ports";
import { buildDigest } from "./digest";
import type { FeedbackAccessLog } from "./feedback.access";
import { answerMail } from "./feedback.mail";
import type { FeedbackRepository } from "./feedback.repository";
import type { FeedbackDoc } from "./feedback.types";
import { actorOf, cleanText, h, newId, parse, publicRateLimit, type RateLimitOptions } from "./shared";

export const ANSWER_WORKING_DAYS = 15;

const portalParam = (req: express.Request) => req.params.portalId as string | undefined;
const canRead = requirePortalRole(portalParam, [...BOARD_ROLES, "focal-officer"], {
  orRealmRoles: ["auditor"],
});
const canAssign = requirePortalRole(portalParam, [...BOARD_ROLES, "focal-officer"]);
const canAnswer = requirePortalRole(portalParam, ["focal-officer"]);
const isBoard = requirePortalRole(portalParam, BOARD_ROLES);
const canReadAccessLog = requirePortalRole(portalParam, BOARD_ROLES, { orRealmRoles: ["auditor"] });

const text = (min: number, max: number) => z.string().transform(cleanText).pipe(z.string().min(min).max(max));

const PHONE = /^(?:\+?84[ .-]?|0)(?:\d[ .-]?){8,10}$/;

/** Exactly what the form may send: nothing else is accepted (minimum personal data, R-PII). */
export const IntakeBody = z
  .strictObject({
    kind: z.enum(["feedback", "question"]),
    fullName: text(2, 100),
    email: z.email().max(200).optional(),
    phone: z.string().trim().regex(PHONE, "a Vietnamese phone number").optional(),
    subject: text(3, 200).optional(),
    message: text(10, 5000),
    consent: z.literal(
      true,
      "explicit consent (true) is required / cần đồng ý cho phép xử lý dữ liệu cá nhân",
    ),
    /** honeypot: people leave it empty; bots fill it */
    website: z.string().max(500).optional(),
  })
  .refine((b) => b.email || b.phone, { message: "email or phone is required", path: ["email"] });

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
  feedback: FeedbackRepository;
  /** who saw which message's personal data (R-PII) */
  access: FeedbackAccessLog;
  portals: PortalReader;
  items: ItemPort;
  calendar: WorkingCalendar;
  now: () => Date;
  rateLimit: RateLimitOptions;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const EMAIL_ANY = /[^\s@]+@[^\s@]+\.[^\s@]+/;
const PHONE_ANY = /(?:\+?84[ .-]?|0)(?:\d[ .-]?){8,10}/;

/** True when text carries the person's data or anything that looks like an e-mail or phone number. */
export function carriesPersonalData(s: string, contact: FeedbackDoc["contact"]): boolean {
  const low = s.normalize("NFC").toLowerCase();
  if (low.includes(contact.fullName.toLowerCase())) return true;
  if (contact.email && low.includes(contact.email.toLowerCase())) return true;
  if (contact.phone && s.replace(/\D/g, "").includes(contact.phone.replace(/\D/g, ""))) return true;
  return EMAIL_ANY.test(s) || PHONE_ANY.test(s);
}

export function overdue(doc: Pick<FeedbackDoc, "status" | "dueAt">, now: Date): boolean {
  return doc.status !== "answered" && now.getTime() > doc.dueAt.getTime();
}

/**
 * R-PII: the citizen's contact details are for the portal's editorial board and the officer the
 * message is assigned to — not for every focal officer of the portal, nor for auditors.
 */
export function maySeeContact(
  req: express.Request,
  doc: Pick<FeedbackDoc, "portalId" | "assignee">,
): boolean {
  const p = req.principal;
  if (!p) return false;
  return (
    hasPortalRole(p, doc.portalId, BOARD_ROLES) ||
    (!!doc.assignee?.userId && doc.assignee.userId === p.userId)
  );
}

/**
 * The staff view. The contact details only for those who may see them (`contactHidden: true`
 * otherwise); `shown` collects the messages whose contact was shown, to be audited.
 */
function staffView(doc: FeedbackDoc, now: Date, req: express.Request, shown: string[]) {
  const { _id, ...rest } = doc as FeedbackDoc & { _outbox?: unknown };
  delete (rest as { _outbox?: unknown })._outbox;
  const visible = maySeeContact(req, doc);
  if (visible) shown.push(_id);
  else delete (rest as { contact?: unknown }).contact;
  return { feedbackId: _id, ...rest, contactHidden: !visible, overdue: overdue(doc, now) };
}

export function feedbackRoutes(router: express.Router, d: FeedbackDeps): void {
  const auth = d.svc.authenticate();

  // ------------------------------------------------------------------ public intake (no login)
  router.post(
    "/public/portals/:portalId/feedback",
    publicRateLimit(d.rateLimit),
    h(async (req, res) => {
      const portalId = String(req.params.portalId);
      const portal = await d.portals.get(portalId);
      if (!portal?.active) throw fail.notFound("Không tìm thấy cổng thông tin. / Portal not found.");
      const raw = (req.body ?? {}) as Record<string, unknown>;
      if (raw.consent !== true) {
        throw fail.malformed(
          "Cần đồng ý cho phép xử lý dữ liệu cá nhân (consent: true). / Explicit consent is required.",
          { reason: "consent_required" },
        );
      }
      const body = parse(IntakeBody, raw);
      const now = d.now();
      if (body.website) {
        // honeypot filled: a bot. Answer as if accepted, store nothing.
        d.svc.logger.info({ portalId }, "feedback honeypot triggered");
        res.status(202).json({ feedbackId: newId(), receivedAt: now.toISOString() });
        return;
      }
      const due = computeDueAt(now, ANSWER_WORKING_DAYS, d.calendar);
      const doc: FeedbackDoc = {
        _id: newId(),
        portalId,
        kind: body.kind,
        channel: "web",
        status: "received",
        contact: {
          fullName: body.fullName,
          ...(body.email ? { email: body.email.toLowerCase() } : {}),
          ...(body.phone ? { phone: body.phone.replace(/[ .-]/g, "") } : {}),
        },
        ...(body.subject ? { subject: body.subject } : {}),
        message: body.message,
        consentAt: now,
        receivedAt: now,
        dueAt: due,
        history: [],
      };
      await d.feedback.insert(portalId, doc, [
        {
          def: FeedbackReceived,
          data: {
            feedbackId: doc._id,
            portalId,
            kind: doc.kind,
            channel: "web",
            receivedAt: now.toISOString(),
            dueAt: due.toISOString(),
          },
        },
      ]);
      d.svc.logger.info({ feedbackId: doc._id, portalId, kind: doc.kind }, "feedback received");
      res.status(202).json({ feedbackId: doc._id, receivedAt: now.toISOString(), dueAt: due.toISOString() });
    }),
  );

  // ------------------------------------------------------------------ staff (portal-scoped)
  router.get(
    "/portals/:portalId/feedback",
    auth,
    canRead,
    h(async (req, res) => {
      const q = parse(ListQuery, req.query);
      const now = d.now();
      // keyed index documents (feedback.repository.ts): a page costs the same in any portal
      const page = await d.feedback.list(
        String(req.params.portalId),
        {
          sort: q.sort,
          ...(q.status ? { status: q.status } : {}),
          ...(q.overdue ? { overdue: q.overdue === "true" } : {}),
        },
        { limit: q.limit, now, ...(q.cursor ? { cursor: q.cursor } : {}) },
      );
      const shown: string[] = [];
      const items = page.items.map((x) => staffView(x, now, req, shown));
      await d.access.record(req, String(req.params.portalId), shown, "list");
      res.json({ items, nextCursor: page.nextCursor });
    }),
  );

  router.get(
    "/portals/:portalId/feedback-overdue",
    auth,
    canRead,
    h(async (req, res) => {
      const q = parse(OverdueQuery, req.query);
      const now = d.now();
      // the due-date keys up to now: exactly the overdue messages, most overdue first (R-TIMELY)
      const page = await d.feedback.list(
        String(req.params.portalId),
        { sort: "due", overdue: true },
        { limit: q.limit, now, ...(q.cursor ? { cursor: q.cursor } : {}) },
      );
      const shown: string[] = [];
      const items = page.items.map((x) => ({
        ...staffView(x, now, req, shown),
        workingDaysOverdue: workingDaysBetween(x.dueAt, now, d.calendar),
      }));
      await d.access.record(req, String(req.params.portalId), shown, "overdue");
      res.json({ items, nextCursor: page.nextCursor });
    }),
  );

  async function load(req: express.Request): Promise<FeedbackDoc> {
    const doc = await d.feedback.get(String(req.params.portalId), String(req.params.feedbackId));
    // another portal's feedback is reported as not found on this portal
    if (!doc) throw fail.notFound("Không tìm thấy ý kiến. / Feedback not found.");
    return doc;
  }

  router.get(
    "/portals/:portalId/feedback/:feedbackId",
    auth,
    canRead,
    h(async (req, res) => {
      const now = d.now();
      const shown: string[] = [];
      const view = staffView(await load(req), now, req, shown);
      await d.access.record(req, String(req.params.portalId), shown, "detail");
      res.json(view);
    }),
  );

  // R-BOARD: what the caller's daily digest says today (the admin shows it on screen)
  router.get(
    "/portals/:portalId/digest/preview",
    auth,
    isBoard,
    h(async (req, res) => {
      const portalId = String(req.params.portalId);
      const portal = await d.portals.get(portalId);
      if (!portal) throw fail.notFound("Không tìm thấy cổng thông tin. / Portal not found.");
      const now = d.now();
      const digest = await buildDigest({
        portalId,
        portalName: portal.name,
        isHead: hasPortalRole(req.principal, portalId, ["board-head"]),
        now,
        items: d.items,
        feedback: d.feedback,
        calendar: d.calendar,
      });
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
    canReadAccessLog,
    h(async (req, res) => {
      const doc = await load(req);
      const q = parse(AccessLogQuery, req.query);
      res.json({ items: await d.access.of(doc.portalId, doc._id, q.limit) });
    }),
  );

  router.post(
    "/portals/:portalId/feedback/:feedbackId/assign",
    auth,
    canAssign,
    h(async (req, res) => {
      const body = parse(AssignBody, req.body);
      const doc = await load(req);
      if (doc.status === "answered")
        throw fail.conflict("Ý kiến đã được trả lời. / Already answered.", { reason: "already_answered" });
      const now = d.now();
      const by = actorOf(req);
      const assignee = {
        ...(body.agency ? { agency: body.agency } : {}),
        ...(body.assignee ? { userId: body.assignee.userId, username: body.assignee.username } : {}),
        assignedAt: now,
        assignedBy: by,
      };
      const r = await d.feedback.update(
        doc.portalId,
        doc,
        "assigned",
        { status: { $ne: "answered" } },
        {
          $set: { assignee, status: "assigned" },
          $push: { history: { at: now, by, action: "assigned", ...(body.note ? { note: body.note } : {}) } },
        },
      );
      if (!r)
        throw fail.conflict("Ý kiến đã được trả lời. / Already answered.", { reason: "already_answered" });
      const shown: string[] = [];
      const view = staffView(r, now, req, shown);
      await d.access.record(req, r.portalId, shown, "assign");
      res.json(view);
    }),
  );

  router.post(
    "/portals/:portalId/feedback/:feedbackId/answer",
    auth,
    canAnswer,
    h(async (req, res) => {
      const body = parse(AnswerBody, req.body);
      const doc = await load(req);
      if (doc.status === "answered")
        throw fail.conflict("Ý kiến đã được trả lời. / Already answered.", { reason: "already_answered" });
      const now = d.now();
      const by = actorOf(req);
      let qaItemId: string | null = null;
      if (body.publishAsQa) {
        if (doc.kind !== "question")
          throw fail.validation([
            { path: "publishAsQa", code: "invalid", message: "only questions become Q&A" },
          ]);
        if (!body.publicQuestion)
          throw fail.validation(
            [
              {
                path: "publicQuestion",
                code: "required",
                message: "the question rewritten without personal data",
              },
            ],
            "Cần nhập nội dung câu hỏi đã lược bỏ thông tin cá nhân. / A public question without personal data is required.",
          );
        for (const [path, value] of [
          ["publicQuestion", body.publicQuestion],
          ["answer", body.answer],
          ["qaTitle", body.qaTitle ?? ""],
        ] as const) {
          if (carriesPersonalData(value, doc.contact))
            throw fail.validation(
              [{ path, code: "personal_data", message: "must not contain the name, e-mail or phone" }],
              "Nội dung công khai không được chứa họ tên, thư điện tử hoặc số điện thoại. / Published text must carry no personal data.",
              { reason: "personal_data_in_public_text" },
            );
        }
        const created = await d.items.createQaSubmission({
          portalId: doc.portalId,
          question: body.publicQuestion,
          answerHtml: body.answer
            .split(/\n{2,}/)
            .map((p) => `<p>${escapeHtml(p).replaceAll("\n", "<br>")}</p>`)
            .join(""),
          title: body.qaTitle ?? body.publicQuestion.slice(0, 120),
          actor: by,
        });
        qaItemId = created.itemId;
      }
      const workingDaysTaken = Math.max(0, workingDaysBetween(doc.receivedAt, now, d.calendar));
      const answer = {
        text: body.answer,
        answeredAt: now,
        answeredBy: by,
        workingDaysTaken,
        publishedAsQaItemId: qaItemId,
      };
      // R-FEEDBACK: the citizen who left an address (and consented at intake) gets the answer by
      // mail — staged in the answer's own write, sent by content's mailer once (ADR 0007)
      const portal = await d.portals.get(doc.portalId);
      const mail = answerMail({
        feedback: doc,
        portalName: portal?.name ?? `Cổng thông tin ${doc.portalId}`,
        answer: body.answer,
        answeredAt: now,
      });
      const mailEvents: StagedEvent[] =
        mail && doc.consentAt ? [{ def: ContentMailRequested, data: mail }] : [];
      const r = await d.feedback.update(
        doc.portalId,
        doc,
        "answered",
        { status: { $ne: "answered" } },
        {
          $set: { answer, status: "answered" },
          $push: { history: { at: now, by, action: "answered" } },
        },
        [
          {
            def: FeedbackAnswered,
            data: {
              feedbackId: doc._id,
              portalId: doc.portalId,
              answeredBy: { id: by.id, username: by.username },
              answeredAt: now.toISOString(),
              workingDaysTaken,
              publishedAsQaItemId: qaItemId,
            },
          },
          ...mailEvents,
        ],
      );
      if (!r)
        throw fail.conflict("Ý kiến đã được trả lời. / Already answered.", { reason: "already_answered" });
      const shown: string[] = [];
      const view = staffView(r as FeedbackDoc, now, req, shown);
      await d.access.record(req, r.portalId, shown, "answer");
      res.json({ ...view, answerMailed: mailEvents.length > 0 });
    }),
  );
}
