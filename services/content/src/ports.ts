// What the content service's modules need from one another, as interfaces, so each module owns its
// own collections and no module reaches into another's documents. `main.ts` wires the
// implementations: portals and items implement these; feedback, comments and ad slots use them.
import type { Actor, ContentKind, PortalRole } from "@cong/contracts";

/** A portal id (its subdomain label, see `PortalId` in packages/contracts). */
type PortalId = string;

/** What other modules may know about a portal (R-DOM, R-BOARD). */
export interface PortalInfo {
  portalId: PortalId;
  kind: "province" | "department" | "district";
  name: string;
  boardMailbox: string;
  hotline: string;
  active: boolean;
}

export interface PortalReader {
  get(portalId: string): Promise<PortalInfo | null>;
}

/** What other modules may know about an item as the public sees it. */
export interface PublicItemInfo {
  itemId: string;
  portalId: PortalId;
  kind: ContentKind;
  /** a revision is live on the portal */
  published: boolean;
  /** legal-document pages never carry ad slots (R-ADS) */
  isLegalDocument: boolean;
  /** window for public comment on a draft legal document, when it has one */
  comment?: { opensAt: Date; closesAt: Date };
  /** reader comments are allowed on this item */
  commentsEnabled: boolean;
}

export interface ItemPort {
  getPublic(itemId: string): Promise<PublicItemInfo | null>;
  /**
   * Creates a Q&A item from an answered question, without personal data (R-PII), as a submitted
   * revision that the portal's board must approve like any other content (R-MODERATE).
   */
  createQaSubmission(input: {
    portalId: PortalId;
    question: string;
    answerHtml: string;
    title: string;
    actor: Actor;
  }): Promise<{ itemId: string }>;
  /**
   * The portal's revisions waiting for the board's review (submitted), earliest due first, at most
   * `limit` (the daily digest, R-BOARD).
   */
  waitingForReview(portalId: PortalId, limit: number): Promise<ReviewWaiting[]>;
}

export interface ReviewWaiting {
  itemId: string;
  title: string;
  submittedAt: Date | null;
  /** when the board must have it live (R-TIMELY), if the category sets a deadline */
  dueBy: Date | null;
}

/** When an officer's account is handed over, each module moves what it owns (R-ACCOUNT). */
export interface HandoverParticipant {
  onAccountHandedOver(input: {
    portalId: PortalId;
    from: { userId: string; username: string };
    to: { userId: string; username: string };
    eventId: string;
  }): Promise<{ moved: number }>;
}

/** A board member of a portal as content's roster knows them (identity's membership events, R-BOARD). */
export interface BoardMember {
  portalId: PortalId;
  userId: string;
  username: string;
  role: PortalRole;
  /** the work address identity announced with the grant; absent when Keycloak has none */
  email?: string;
}

/** Who is on a portal's board (the daily digest's recipients, R-BOARD). */
export interface BoardRosterReader {
  members(portalId: PortalId): Promise<BoardMember[]>;
}

/** What one run of the daily digest did (feedback/digest.job.ts). */
export interface DigestRun {
  /** the Vietnamese date the run sent for (yyyy-mm-dd); null before the hour of sending */
  date: string | null;
  /** mails staged (one per board member with an address and something to say) */
  staged: number;
  /** members whose digest said nothing today: no mail */
  empty: number;
  /** members already done today (the marker exists) */
  already: number;
}

/** The daily digest job, as the service starts it (R-BOARD). */
export interface DigestRunner {
  start(): void;
  stop(): Promise<void>;
  /** one pass at `now` (tests pass their own clock, as the scheduler's `pollOnce`) */
  runOnce(now?: Date): Promise<DigestRun>;
}
