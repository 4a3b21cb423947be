// Feedback and Q&A's rules (R-FEEDBACK, R-BOARD, R-PII, R-ACCOUNT): public intake, the staff
// inbox and its access trail, assignment, the answer (optionally published as Q&A without personal
// data, mailed to the citizen), the digest preview and the handover of an officer's messages.
// Writes go through FeedbackRepository (document, index keys and outbox events together).
import {
  type Actor,
  ContentMailRequested,
  FeedbackAnswered,
  type FeedbackIntake,
  FeedbackReceived,
} from "@cong/contracts";
import { fail, hasPortalRole, type Logger, type Principal, type StagedEvent } from "@cong/kit";
import { escapeHtml } from "@cong/text";
import { dueAt as computeDueAt, type WorkingCalendar, workingDaysBetween } from "../calendar";
import { type PortalId, portalOfRecord } from "../portals/portal-id";
import type { HandoverParticipant, ItemPort, PortalReader } from "../ports";
import { buildDigest } from "./digest";
import type { AccessView, FeedbackAccessLog } from "./feedback.access";
import { answerMail } from "./feedback.mail";
import type { FeedbackQuery, FeedbackRepository } from "./feedback.repository";
import { ANSWER_WORKING_DAYS, carriesPersonalData, staffView } from "./feedback.rules";
import type { FeedbackDoc } from "./feedback.types";
import { newId } from "./shared";

export interface AssignInput {
  agency?: string;
  assignee?: { userId: string; username: string };
  note?: string;
}

export interface AnswerInput {
  answer: string;
  publishAsQa: boolean;
  /** the question as it will be published: rewritten without personal data */
  publicQuestion?: string;
  qaTitle?: string;
}

export interface FeedbackServiceDeps {
  feedback: FeedbackRepository;
  /** who saw which message's personal data (R-PII) */
  access: FeedbackAccessLog;
  portals: PortalReader;
  items: ItemPort;
  calendar: WorkingCalendar;
  now: () => Date;
  logger: Logger;
}

const alreadyAnswered = () =>
  fail.conflict("Ý kiến đã được trả lời. / Already answered.", { reason: "already_answered" });

export class FeedbackService {
  constructor(private readonly d: FeedbackServiceDeps) {}

  /** A citizen's message (202): stored with its due date; a filled honeypot is answered alike, stored nowhere. */
  async receive(portalId: PortalId, body: FeedbackIntake) {
    const now = this.d.now();
    if (body.website) {
      // honeypot filled: a bot. Answer as if accepted, store nothing.
      this.d.logger.info({ portalId }, "feedback honeypot triggered");
      return { feedbackId: newId(), receivedAt: now.toISOString() };
    }
    const due = computeDueAt(now, ANSWER_WORKING_DAYS, this.d.calendar);
    const doc: FeedbackDoc = {
      _id: newId(),
      portalId,
      kind: body.kind,
      channel: "web",
      status: "received",
      contact: {
        fullName: body.fullName,
        ...(body.email ? { email: body.email } : {}),
        ...(body.phone ? { phone: body.phone } : {}),
      },
      ...(body.subject ? { subject: body.subject } : {}),
      message: body.message,
      consentAt: now,
      receivedAt: now,
      dueAt: due,
      history: [],
    };
    await this.d.feedback.insert(portalId, doc, [
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
    this.d.logger.info({ feedbackId: doc._id, portalId, kind: doc.kind }, "feedback received");
    return { feedbackId: doc._id, receivedAt: now.toISOString(), dueAt: due.toISOString() };
  }

  /** The portal, if it takes feedback (active); 404 otherwise. */
  async activePortal(portalId: string): Promise<void> {
    const portal = await this.d.portals.get(portalId);
    if (!portal?.active) throw fail.notFound("Không tìm thấy cổng thông tin. / Portal not found.");
  }

  /** The inbox page as `viewer` may see it; whose contact details were shown is recorded. */
  async list(
    viewer: Principal | undefined,
    portalId: PortalId,
    q: FeedbackQuery,
    page: { limit: number; cursor?: string },
    view: AccessView = "list",
  ) {
    const now = this.d.now();
    // keyed index documents (feedback.repository.ts): a page costs the same in any portal
    const found = await this.d.feedback.list(portalId, q, { ...page, now });
    const shown: string[] = [];
    const items = found.items.map((x) => ({
      ...staffView(x, now, viewer, shown),
      ...(view === "overdue"
        ? { workingDaysOverdue: workingDaysBetween(x.dueAt, now, this.d.calendar) }
        : {}),
    }));
    await this.d.access.record(viewer, portalId, shown, view);
    return { items, nextCursor: found.nextCursor };
  }

  /** The overdue messages, most overdue first (R-TIMELY), with how many working days. */
  overdue(viewer: Principal | undefined, portalId: PortalId, page: { limit: number; cursor?: string }) {
    return this.list(viewer, portalId, { sort: "due", overdue: true }, page, "overdue");
  }

  async detail(viewer: Principal | undefined, portalId: PortalId, feedbackId: string) {
    const shown: string[] = [];
    const view = staffView(await this.load(portalId, feedbackId), this.d.now(), viewer, shown);
    await this.d.access.record(viewer, portalId, shown, "detail");
    return view;
  }

  /** R-PII: who saw this message's contact details, newest first. */
  async accessLog(portalId: PortalId, feedbackId: string, limit: number) {
    const doc = await this.load(portalId, feedbackId);
    return this.d.access.of(portalId, doc._id, limit);
  }

  /** R-BOARD: what the viewer's daily digest says today (the admin shows it on screen). */
  async digestPreview(viewer: Principal | undefined, portalId: PortalId) {
    const portal = await this.d.portals.get(portalId);
    if (!portal) throw fail.notFound("Không tìm thấy cổng thông tin. / Portal not found.");
    const now = this.d.now();
    const digest = await buildDigest({
      portalId,
      portalName: portal.name,
      isHead: hasPortalRole(viewer, portalId, ["board-head"]),
      now,
      items: this.d.items,
      feedback: this.d.feedback,
      calendar: this.d.calendar,
    });
    return { digest, now };
  }

  async assign(
    viewer: Principal | undefined,
    by: Actor,
    portalId: PortalId,
    feedbackId: string,
    body: AssignInput,
  ) {
    const doc = await this.load(portalId, feedbackId);
    if (doc.status === "answered") throw alreadyAnswered();
    const now = this.d.now();
    const assignee = {
      ...(body.agency ? { agency: body.agency } : {}),
      ...(body.assignee ? { userId: body.assignee.userId, username: body.assignee.username } : {}),
      assignedAt: now,
      assignedBy: by,
    };
    const r = await this.d.feedback.update(
      portalId,
      doc,
      "assigned",
      { status: { $ne: "answered" } },
      {
        $set: { assignee, status: "assigned" },
        $push: { history: { at: now, by, action: "assigned", ...(body.note ? { note: body.note } : {}) } },
      },
    );
    if (!r) throw alreadyAnswered();
    return this.shownAfter(viewer, r, now, "assign");
  }

  async answer(
    viewer: Principal | undefined,
    by: Actor,
    portalId: PortalId,
    feedbackId: string,
    body: AnswerInput,
  ) {
    const doc = await this.load(portalId, feedbackId);
    if (doc.status === "answered") throw alreadyAnswered();
    const now = this.d.now();
    const qaItemId = body.publishAsQa ? await this.publishAsQa(doc, body, by) : null;
    const workingDaysTaken = Math.max(0, workingDaysBetween(doc.receivedAt, now, this.d.calendar));
    const answer = {
      text: body.answer,
      answeredAt: now,
      answeredBy: by,
      workingDaysTaken,
      publishedAsQaItemId: qaItemId,
    };
    // R-FEEDBACK: the citizen who left an address (and consented at intake) gets the answer by
    // mail — staged in the answer's own write, sent by content's mailer once (ADR 0007)
    const portal = await this.d.portals.get(doc.portalId);
    const mail = answerMail({
      feedback: doc,
      portalName: portal?.name ?? `Cổng thông tin ${doc.portalId}`,
      answer: body.answer,
      answeredAt: now,
    });
    const mailEvents: StagedEvent[] =
      mail && doc.consentAt ? [{ def: ContentMailRequested, data: mail }] : [];
    const r = await this.d.feedback.update(
      portalId,
      doc,
      "answered",
      { status: { $ne: "answered" } },
      { $set: { answer, status: "answered" }, $push: { history: { at: now, by, action: "answered" } } },
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
    if (!r) throw alreadyAnswered();
    return { ...(await this.shownAfter(viewer, r, now, "answer")), answerMailed: mailEvents.length > 0 };
  }

  /** R-ACCOUNT: feedback assigned to the leaving officer (not yet answered) moves to the successor. */
  readonly handover: HandoverParticipant = {
    onAccountHandedOver: async (handover) => {
      const { from, to, eventId } = handover;
      // the portal of identity's handover event
      const portalId = portalOfRecord(handover.portalId);
      const repo = this.d.feedback;
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

  private async load(portalId: PortalId, feedbackId: string): Promise<FeedbackDoc> {
    const doc = await this.d.feedback.get(portalId, feedbackId);
    // another portal's feedback is reported as not found on this portal
    if (!doc) throw fail.notFound("Không tìm thấy ý kiến. / Feedback not found.");
    return doc;
  }

  private async shownAfter(viewer: Principal | undefined, doc: FeedbackDoc, now: Date, view: AccessView) {
    const shown: string[] = [];
    const v = staffView(doc, now, viewer, shown);
    await this.d.access.record(viewer, portalOfRecord(doc.portalId), shown, view);
    return v;
  }

  /** The answered question as a Q&A item for the board to approve, refused if it carries personal data (R-PII). */
  private async publishAsQa(doc: FeedbackDoc, body: AnswerInput, by: Actor): Promise<string> {
    if (doc.kind !== "question")
      throw fail.validation([{ path: "publishAsQa", code: "invalid", message: "only questions become Q&A" }]);
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
    const created = await this.d.items.createQaSubmission({
      portalId: doc.portalId,
      question: body.publicQuestion,
      answerHtml: body.answer
        .split(/\n{2,}/)
        .map((p) => `<p>${escapeHtml(p).replaceAll("\n", "<br>")}</p>`)
        .join(""),
      title: body.qaTitle ?? body.publicQuestion.slice(0, 120),
      actor: by,
    });
    return created.itemId;
  }
}
