// The citizen's forms read through the intake contracts (packages/contracts: FeedbackIntake,
// CommentIntake — issue 16): a value content would refuse is refused here, beside its field, with
// the contract's Vietnamese message; what is sent is the schema's parsed output (NFC text, the
// phone number in its national form). A refusal content still makes (its rules changed first)
// comes back beside the same field, never as a page that only says it was not sent.
import {
  CommentIntake,
  FeedbackIntake,
  INTAKE_LIMITS,
  IntakeRefusal,
  intakeFieldErrors,
} from "@cong/contracts";
import type { Locale } from "../web/i18n";
import { field } from "../web/routes/respond";
import type { RefusedField } from "./content-client";
import { commentConsentRequired, intakeMessage, unknownRefusal } from "./intake-messages";

/** the form's field of each contract path */
const FEEDBACK_FIELDS: Record<string, string> = {
  kind: "loai",
  fullName: "ho-ten",
  email: "email",
  phone: "dien-thoai",
  subject: "tieu-de",
  message: "noi-dung",
  consent: "dong-y",
};
const COMMENT_FIELDS: Record<string, string> = {
  text: "noi-dung",
  fullName: "ho-ten",
  email: "email",
  organization: "to-chuc",
  consent: "dong-y",
};

/** what a field is called on the page, for a refusal whose code the contract does not know */
const LABELS: Record<string, { vi: string; en: string }> = {
  loai: { vi: "Loại ý kiến", en: "Type of message" },
  "ho-ten": { vi: "Họ và tên", en: "Full name" },
  email: { vi: "Thư điện tử", en: "Email address" },
  "dien-thoai": { vi: "Số điện thoại", en: "Phone number" },
  "tieu-de": { vi: "Tiêu đề", en: "Subject" },
  "noi-dung": { vi: "Nội dung", en: "Message" },
  "to-chuc": { vi: "Cơ quan, tổ chức", en: "Organisation" },
  "dong-y": { vi: "Sự đồng ý", en: "Consent" },
};

/**
 * Refused fields as the form's messages by field name, in the page's order. A code of the
 * contract gets its Vietnamese message (content's own text, in whatever language, is not shown);
 * an unknown code a sentence naming the field; a path the form has no field for nothing (the
 * caller then shows the generic page).
 */
export function fieldMessages(
  refused: readonly RefusedField[],
  form: "feedback" | "comment",
  /** the messages are the contract's own (this form's parse): kept, with their counts */
  own = false,
  /** the page's language; English messages come from intake-messages.ts */
  locale: Locale = "vi",
): Record<string, string> {
  const fields = form === "feedback" ? FEEDBACK_FIELDS : COMMENT_FIELDS;
  const byName = new Map<string, string>();
  for (const r of refused) {
    const name = fields[r.path];
    if (!name || byName.has(name)) continue;
    const known = IntakeRefusal.safeParse(r.code);
    byName.set(
      name,
      known.success
        ? own && r.message && locale === "vi"
          ? r.message
          : intakeMessage(known.data, locale)
        : unknownRefusal(LABELS[name], locale),
    );
  }
  return inFormOrder(byName, Object.values(fields));
}

/** the messages in the order of the fields on the page (the error summary lists them so) */
function inFormOrder(messages: Map<string, string>, order: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of order) {
    const m = messages.get(name);
    if (m) out[name] = m;
  }
  return out;
}

/** a form field read for validation: NFC and trimmed, cut only far past the contract's limit */
const read = (body: unknown, name: string, max: number) => field(body, name, max * 2);

export type FormRead<T> =
  | { ok: true; values: Record<string, string>; payload: T }
  | { ok: false; values: Record<string, string>; errors: Record<string, string> };

/** The feedback / question form (`/gop-y`) as a FeedbackIntake. */
export function readFeedbackForm(body: unknown, locale: Locale = "vi"): FormRead<FeedbackIntake> {
  const L = INTAKE_LIMITS;
  const values = {
    loai: field(body, "loai", 20) === "question" ? "question" : "feedback",
    "ho-ten": read(body, "ho-ten", L.name.max),
    email: read(body, "email", L.email.max),
    "dien-thoai": field(body, "dien-thoai", 60),
    "tieu-de": read(body, "tieu-de", L.subject.max),
    "noi-dung": read(body, "noi-dung", L.feedbackMessage.max),
    "dong-y": field(body, "dong-y", 5),
  };
  const parsed = FeedbackIntake.safeParse({
    kind: values.loai,
    fullName: values["ho-ten"],
    email: values.email,
    phone: values["dien-thoai"],
    subject: values["tieu-de"],
    message: values["noi-dung"],
    consent: values["dong-y"] !== "",
  });
  if (parsed.success) return { ok: true, values, payload: parsed.data };
  return {
    ok: false,
    values,
    errors: fieldMessages(intakeFieldErrors(parsed.error), "feedback", true, locale),
  };
}

/** A draft's comment form (`/tin/{slug}/y-kien`): the name and consent asked, as a CommentIntake. */
export function readCommentForm(body: unknown, locale: Locale = "vi"): FormRead<CommentIntake> {
  const L = INTAKE_LIMITS;
  const values = {
    "ho-ten": read(body, "ho-ten", L.name.max),
    "noi-dung": read(body, "noi-dung", L.commentText.max),
    "dong-y": field(body, "dong-y", 5),
  };
  const parsed = CommentIntake.safeParse({
    text: values["noi-dung"],
    fullName: values["ho-ten"],
    consent: true,
  });
  const refused = parsed.success ? [] : intakeFieldErrors(parsed.error);
  const messages = new Map(Object.entries(fieldMessages(refused, "comment", true, locale)));
  // this form asks who comments, with consent (content takes a draft's comment without them)
  if (!values["ho-ten"]) messages.set("ho-ten", intakeMessage("name_required", locale));
  if (!values["dong-y"]) messages.set("dong-y", commentConsentRequired(locale));
  const errors = inFormOrder(messages, ["ho-ten", "noi-dung", "dong-y"]);
  if (parsed.success && !Object.keys(errors).length) return { ok: true, values, payload: parsed.data };
  return { ok: false, values, errors };
}
