// A comment: a reader's on a published item, or anyone's on a draft open for public comment
// (R-FEEDBACK, R-MODERATE).
import type { Actor } from "@cong/contracts";

export interface CommentDoc {
  _id: string;
  portalId: string;
  itemId: string;
  /** reader: on a published item; draft: on a draft open for public comment */
  kind: "reader" | "draft";
  status: "held" | "approved" | "rejected";
  text: string;
  /** draft comments only, optional, with consent: who comments (board only, CSV) */
  contact?: { fullName?: string; organization?: string; email?: string };
  createdAt: Date;
  moderatedAt?: Date;
  moderatedBy?: Actor;
  reply?: { text: string; at: Date; by: Actor };
}
