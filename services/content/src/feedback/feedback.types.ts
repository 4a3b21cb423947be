// A citizen's feedback or question to a portal (góp ý / hỏi đáp), R-FEEDBACK, R-BOARD, R-PII.
import type { Actor } from "@cong/contracts";

export type FeedbackKind = "feedback" | "question";
export type FeedbackStatus = "received" | "assigned" | "answered";

/** Personal data: only for the board and the assigned officer, never in a public route, event or log. */
export interface FeedbackContact {
  fullName: string;
  email?: string;
  phone?: string;
}

export interface FeedbackDoc {
  _id: string;
  portalId: string;
  kind: FeedbackKind;
  channel: "web";
  status: FeedbackStatus;
  contact: FeedbackContact;
  subject?: string;
  message: string;
  consentAt: Date;
  receivedAt: Date;
  dueAt: Date;
  assignee?: { agency?: string; userId?: string; username?: string; assignedAt: Date; assignedBy: Actor };
  answer?: {
    text: string;
    answeredAt: Date;
    answeredBy: Actor;
    workingDaysTaken: number;
    publishedAsQaItemId: string | null;
  };
  history: { at: Date; by: Actor; action: string; note?: string }[];
}
