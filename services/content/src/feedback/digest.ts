// The daily digest of a board member (R-BOARD, issue 18): one mail a day, never one per event —
// the revisions waiting for the board's review and the feedback due within two working days or
// already overdue (working days from content's calendar); for the board head an escalation part
// when something is overdue. `GET /portals/:portalId/digest/preview` shows a person exactly what
// their digest will say (subject and text as the mail would carry them). R-PII: the feedback is
// named by its reference and due date only — no citizen's name, contact, subject or message.
import { dueAt as computeDueAt, type WorkingCalendar, workingDaysBetween } from "../calendar";
import { portalOfRecord } from "../portals/portal-id";
import type { ItemPort, ReviewWaiting } from "../ports";
import type { FeedbackRepository } from "./feedback.repository";

/** feedback due within this many working days is in the digest */
export const DIGEST_DUE_WORKING_DAYS = 2;
/** at most this many lines per part (the rest is counted: the inbox has them all) */
export const DIGEST_LIMIT = 50;

const TIME_ZONE = "Asia/Ho_Chi_Minh";
const viDate = (at: Date) =>
  new Intl.DateTimeFormat("vi-VN", {
    timeZone: TIME_ZONE,
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
  }).format(at);

export interface DigestFeedback {
  feedbackId: string;
  kind: "feedback" | "question";
  dueAt: Date;
  overdue: boolean;
  /** working days past the due date (0 when not overdue) */
  workingDaysOverdue: number;
}

export interface Digest {
  portalId: string;
  date: string;
  reviews: ReviewWaiting[];
  feedbackDue: DigestFeedback[];
  overdueCount: number;
  /** the board head is told when something is overdue (R-BOARD escalation) */
  escalation: boolean;
  /** nothing to say: no mail is sent that day */
  empty: boolean;
  subject: string;
  text: string;
}

export async function buildDigest(input: {
  portalId: string;
  portalName: string;
  isHead: boolean;
  now: Date;
  items: ItemPort;
  feedback: FeedbackRepository;
  calendar: WorkingCalendar;
}): Promise<Digest> {
  const { now, calendar } = input;
  const cutoff = computeDueAt(now, DIGEST_DUE_WORKING_DAYS, calendar);
  const reviews = await input.items.waitingForReview(input.portalId, DIGEST_LIMIT);
  // unanswered messages by due date, earliest first: the ones due up to the cutoff
  // the portal the digest job or the preview route names
  const page = await input.feedback.list(
    portalOfRecord(input.portalId),
    { sort: "due" },
    { limit: DIGEST_LIMIT, now },
  );
  const feedbackDue: DigestFeedback[] = page.items
    .filter((f) => f.status !== "answered" && f.dueAt.getTime() <= cutoff.getTime())
    .map((f) => {
      const overdue = now.getTime() > f.dueAt.getTime();
      return {
        feedbackId: f._id,
        kind: f.kind,
        dueAt: f.dueAt,
        overdue,
        workingDaysOverdue: overdue ? Math.max(0, workingDaysBetween(f.dueAt, now, calendar)) : 0,
      };
    });
  const overdueCount = feedbackDue.filter((f) => f.overdue).length;
  const escalation = input.isHead && overdueCount > 0;
  const empty = reviews.length === 0 && feedbackDue.length === 0;
  const date = viDate(now);
  const lines: string[] = [
    "Kính gửi Quý ông/bà,",
    "",
    `Tổng hợp công việc ngày ${date} của Ban biên tập ${input.portalName}.`,
    "",
  ];
  if (escalation)
    lines.push(`CẦN CHỈ ĐẠO: ${overdueCount} ý kiến, câu hỏi của người dân đã quá hạn trả lời.`, "");
  lines.push(`Tin bài chờ duyệt: ${reviews.length}`);
  for (const r of reviews)
    lines.push(`- ${r.title || r.itemId}${r.dueBy ? ` (cần đăng trước ${viDate(r.dueBy)})` : ""}`);
  lines.push("", `Ý kiến, câu hỏi sắp đến hạn hoặc quá hạn trả lời: ${feedbackDue.length}`);
  for (const f of feedbackDue)
    lines.push(
      `- ${f.kind === "question" ? "Câu hỏi" : "Góp ý"} ${f.feedbackId}: ${
        f.overdue ? `QUÁ HẠN ${f.workingDaysOverdue} ngày làm việc` : `hạn ${viDate(f.dueAt)}`
      }`,
    );
  lines.push("", "Thư được gửi tự động mỗi ngày một lần, xin đừng trả lời.", "");
  const subject = escalation
    ? `[Quá hạn] Tổng hợp công việc ngày ${date} — ${input.portalName}`
    : `Tổng hợp công việc ngày ${date} — ${input.portalName}`;
  return {
    portalId: input.portalId,
    date,
    reviews,
    feedbackDue,
    overdueCount,
    escalation,
    empty,
    subject: subject.replace(/[\r\n]+/g, " "),
    text: lines.join("\n"),
  };
}
