// The intake contract's refusals in English, for the forms of English pages (issue 17): the
// contract (packages/contracts, INTAKE_MESSAGES) carries the Vietnamese ones only.
import { INTAKE_MESSAGES, type IntakeRefusal, INTAKE_LIMITS as L } from "@cong/contracts";
import type { Locale } from "../web/i18n";

const EN: Record<IntakeRefusal, string> = {
  kind_invalid: "Choose the type of message: feedback, a report or a question.",
  name_required: "Enter your full name.",
  name_too_short: `Your full name needs at least ${L.name.min} characters.`,
  name_too_long: `Your full name can be at most ${L.name.max} characters.`,
  organization_too_short: `The organisation's name needs at least ${L.organization.min} characters.`,
  organization_too_long: `The organisation's name can be at most ${L.organization.max} characters.`,
  email_invalid: "Enter an email address in the right format, for example name@example.vn.",
  email_too_long: `The email address can be at most ${L.email.max} characters.`,
  phone_invalid:
    "Enter a Vietnamese phone number: a 10-digit mobile or an 11-digit landline number, for example 0912 345 678 or 0204 3854 111.",
  contact_required: "Enter an email address or a phone number, so that the editorial board can answer you.",
  subject_too_short: `The subject needs at least ${L.subject.min} characters, or leave it empty.`,
  subject_too_long: `The subject can be at most ${L.subject.max} characters.`,
  message_required: "Enter your message.",
  message_too_short: "The message is too short.",
  message_too_long: "The message is too long.",
  consent_required: "Your consent is needed for the editorial board to handle your message.",
  consent_invalid: "The consent value is not valid.",
  website_too_long: "Leave this field empty.",
};

/** the message of a refusal in the page's language */
export function intakeMessage(code: IntakeRefusal, locale: Locale): string {
  return locale === "en" ? EN[code] : INTAKE_MESSAGES[code];
}

/** a refusal whose code the contract does not know, naming the field */
export function unknownRefusal(label: { vi: string; en: string } | undefined, locale: Locale): string {
  return locale === "en"
    ? `The ${label?.en.toLowerCase() ?? "value"} was not accepted by the receiving system; please check it.`
    : `${label?.vi ?? "Giá trị"} chưa được hệ thống tiếp nhận chấp nhận, vui lòng kiểm tra lại.`;
}

/** a draft's comment form asks for consent (content does not) */
export function commentConsentRequired(locale: Locale): string {
  return locale === "en" ? "Your consent is needed to send the comment." : "Cần bạn đồng ý để gửi góp ý.";
}
