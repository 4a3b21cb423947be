import { z } from "zod";
import { PortalId } from "../common";
import { defineEvent } from "../define";
import type { TopicKey } from "../topics";

// A mail a service wants sent (DESIGN "Mail", ADR 0007). The producer renders it — it knows the
// person, the language and the link — and stages the request in the same write as the state
// change it follows (the kit's outbox); its own mailer sends it over SMTP once.
//
// R-PII: a request carries the one address it goes to and the text that person reads, nothing
// else about them. It travels on its producer's own mail topic (`cong.<service>.mail.v1`), which
// only that producer's mailer reads: no other service sees the addresses or the links.

/** Text as people read it: NFC (R-FMT), so one word is one byte sequence in every mail. */
const nfc = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .transform((s) => s.normalize("NFC"));

export const MailPurpose = z
  .enum(["invitation", "feedback-answer", "digest", "escalation", "incident"])
  .describe("why the mail is sent (DESIGN: Mail); metrics and logs count by it");
export type MailPurpose = z.infer<typeof MailPurpose>;

export const MailRequest = z.object({
  purpose: MailPurpose,
  ref: z
    .string()
    .regex(/^[A-Za-z0-9:._-]{1,200}$/, "an opaque reference such as invitation:<id>")
    .describe(
      "what the mail is about (e.g. invitation:<id>): the event's subject and Kafka key; never an address",
    ),
  portalId: PortalId.nullable().describe("the portal the mail is sent for; null for platform-wide mail"),
  to: z.object({
    address: z
      .email()
      .max(254)
      .describe("the one recipient (one mail per person: nobody sees another's address)"),
    name: nfc(200)
      .refine((s) => !/[\r\n<>"]/.test(s), "no line breaks, angle brackets or quotes")
      .optional()
      .describe("display name in the To header"),
  }),
  subject: nfc(250)
    .refine((s) => !/[\r\n]/.test(s), "one line")
    .describe("Vietnamese first (UTF-8, NFC)"),
  text: nfc(100_000).describe("the plain-text part, which every mail has"),
  html: nfc(500_000).optional().describe("an optional HTML part with the same content"),
});
export type MailRequest = z.output<typeof MailRequest>;

const example = {
  purpose: "invitation" as const,
  ref: "invitation:9f2c4e1a0b7d",
  portalId: "stttt",
  to: { address: "nguyen.thi.hoa@stttt.bacgiang.gov.vn", name: "Nguyễn Thị Hoa" },
  subject: "Lời mời tham gia Cổng TTĐT tỉnh Bắc Giang / Invitation to the Bắc Giang e-portal",
  text: "Kính gửi Nguyễn Thị Hoa,\n\nMở liên kết sau để đặt mật khẩu: https://admin.bacgiang.gov.vn/invitations/…\n\n---\n\nDear Nguyễn Thị Hoa, …",
};

/** The mail-request event of one producer, on that producer's own mail topic. */
function mailRequested(producer: string, topic: TopicKey) {
  return defineEvent({
    name: `${producer}.mail.requested`,
    topic,
    description: `${producer} asks its mailer to send one mail (R-PII: one recipient; only ${producer}'s mailer reads the topic).`,
    schema: MailRequest,
    example,
    subject: (d) => d.ref,
    portalId: (d) => d.portalId ?? undefined,
  });
}

/** identity's mail: invitations (R-ACCOUNT). */
export const IdentityMailRequested = mailRequested("identity", "identityMail");

/** content's mail: answers to citizens' feedback (R-FEEDBACK), daily digests and escalations (R-BOARD). */
export const ContentMailRequested = mailRequested("content", "contentMail");

/** archive's mail: a new incident, to the technical focal unit (R-OPS-247). */
export const ArchiveMailRequested = mailRequested("archive", "archiveMail");
