import { z } from "zod";
import { Actor, EntityId, PortalId, Timestamp } from "../common";
import { defineEvent } from "../define";

// R-PII: feedback events carry no personal data (no name, e-mail, phone or message text).

export const FeedbackReceived = defineEvent({
  name: "feedback.received",
  topic: "feedback",
  description: "A citizen's feedback or question reached the portal's editorial board (R-FEEDBACK, R-BOARD).",
  schema: z.object({
    feedbackId: EntityId,
    portalId: PortalId,
    kind: z.enum(["feedback", "question", "draft-comment"]),
    channel: z.enum(["web", "email", "hotline", "letter"]),
    receivedAt: Timestamp,
    dueAt: Timestamp.describe("answer due: 15 working days (R-TIMELY)"),
  }),
  example: {
    feedbackId: "f0e1d2c3b4a5968778695a4b",
    portalId: "tanyen",
    kind: "question",
    channel: "web",
    receivedAt: "2026-11-28T10:00:00+07:00",
    dueAt: "2026-12-19T10:00:00+07:00",
  },
  subject: (d) => d.feedbackId,
  portalId: (d) => d.portalId,
});

export const FeedbackAnswered = defineEvent({
  name: "feedback.answered",
  topic: "feedback",
  description: "An agency answered; the answer may be published as Q&A without personal data.",
  schema: z.object({
    feedbackId: EntityId,
    portalId: PortalId,
    answeredBy: Actor,
    answeredAt: Timestamp,
    workingDaysTaken: z.number().int().nonnegative(),
    publishedAsQaItemId: EntityId.nullable(),
  }),
  example: {
    feedbackId: "f0e1d2c3b4a5968778695a4b",
    portalId: "tanyen",
    answeredBy: { id: "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f", username: "tanyen.focal-officer" },
    answeredAt: "2026-12-03T15:00:00+07:00",
    workingDaysTaken: 4,
    publishedAsQaItemId: null,
  },
  subject: (d) => d.feedbackId,
  portalId: (d) => d.portalId,
});
