// The answer mail (R-FEEDBACK, R-PII): when a citizen who gave an e-mail address (and consented to
// the processing of their data, which intake requires) gets an answer, the answer is mailed to
// them. Staged with the answer in the same write (the outbox, ADR 0007) and sent by content's
// mailer once. The mail carries the one address it goes to and what the citizen needs to read —
// the portal, the reference, the date they wrote, their subject, the answer — not their name,
// phone or message (R-PII: no personal data beyond what is needed).
import type { MailRequest } from "@cong/contracts";
import type { FeedbackDoc } from "./feedback.types";

const TIME_ZONE = "Asia/Ho_Chi_Minh";

function viDate(at: Date): string {
  return new Intl.DateTimeFormat("vi-VN", {
    timeZone: TIME_ZONE,
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
  }).format(at);
}

export interface AnswerMailInput {
  feedback: Pick<FeedbackDoc, "_id" | "portalId" | "kind" | "subject" | "receivedAt" | "contact">;
  portalName: string;
  answer: string;
  answeredAt: Date;
}

/** The mail request of an answer, or null when the citizen left no e-mail address. */
export function answerMail(i: AnswerMailInput): MailRequest | null {
  const address = i.feedback.contact.email;
  if (!address) return null;
  const what = i.feedback.kind === "question" ? "câu hỏi" : "ý kiến góp ý";
  const text = [
    "Kính gửi Quý ông/bà,",
    "",
    `${i.portalName} trả lời ${what} Quý ông/bà gửi ngày ${viDate(i.feedback.receivedAt)}.`,
    `Mã số: ${i.feedback._id}`,
    ...(i.feedback.subject ? [`Tiêu đề: ${i.feedback.subject}`] : []),
    "",
    "Nội dung trả lời:",
    "",
    i.answer,
    "",
    `Ngày trả lời: ${viDate(i.answeredAt)}.`,
    "",
    "Thư được gửi tự động, xin đừng trả lời thư này. Nếu cần trao đổi thêm, xin gửi ý kiến mới trên cổng thông tin.",
    "",
  ].join("\n");
  return {
    purpose: "feedback-answer",
    ref: `feedback:${i.feedback._id}`,
    portalId: i.feedback.portalId,
    to: { address },
    subject: `Trả lời ${what} của Quý ông/bà — ${i.portalName}`.replace(/[\r\n]+/g, " "),
    text,
  };
}
