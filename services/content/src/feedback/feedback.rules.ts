// Feedback's rules that need no store (R-FEEDBACK, R-PII): the answer deadline, overdue, who may
// see a citizen's contact details, and whether a text to publish carries personal data.
import { BOARD_ROLES, hasPortalRole, type Principal } from "@cong/kit";
import type { FeedbackDoc } from "./feedback.types";

/** R-FEEDBACK: an answer is due within 15 working days of receipt. */
export const ANSWER_WORKING_DAYS = 15;

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
  p: Principal | undefined,
  doc: Pick<FeedbackDoc, "portalId" | "assignee">,
): boolean {
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
export function staffView(doc: FeedbackDoc, now: Date, viewer: Principal | undefined, shown: string[]) {
  const { _id, ...rest } = doc as FeedbackDoc & { _outbox?: unknown };
  delete (rest as { _outbox?: unknown })._outbox;
  const visible = maySeeContact(viewer, doc);
  if (visible) shown.push(_id);
  else delete (rest as { contact?: unknown }).contact;
  return { feedbackId: _id, ...rest, contactHidden: !visible, overdue: overdue(doc, now) };
}

export type FeedbackView = ReturnType<typeof staffView>;
