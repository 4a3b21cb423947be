// What a citizen sends to the board without logging in (R-FEEDBACK, R-PII), as it crosses from
// publishing's forms to content's public intake — defined once (issue 16): publishing validates
// its forms with these schemas and sends their parsed output; content validates the same body
// with the same schema, so a value the form accepts is a value content stores.
//
// - `POST {CONTENT_API_URL}/public/portals/{portalId}/feedback` — FeedbackIntake
// - `POST {CONTENT_API_URL}/public/items/{itemId}/comments` — CommentIntake
//
// Text is trimmed, in NFC (a name typed decomposed is the same name) and without control
// characters; lengths count UTF-16 code units of that text. A Vietnamese phone number is taken as
// people write it ("0204 3854 111", "0204.3854.111", "+84 204 3854 111", "(0204) 3854111") and
// sent in its national form ("02043854111"). An optional field left empty is absent. Each refusal
// is an issue with a stable code (`params.code`, see `intakeFieldErrors`) and a Vietnamese message
// a citizen can act on.
import { cleanText } from "@cong/text";
import { z } from "zod";

/** Stable codes of the refusals (the `code` of a field error); English, never shown to people. */
export const IntakeRefusal = z.enum([
  "kind_invalid",
  "name_required",
  "name_too_short",
  "name_too_long",
  "organization_too_short",
  "organization_too_long",
  "email_invalid",
  "email_too_long",
  "phone_invalid",
  "contact_required",
  "subject_too_short",
  "subject_too_long",
  "message_required",
  "message_too_short",
  "message_too_long",
  "consent_required",
  "consent_invalid",
  "website_too_long",
]);
export type IntakeRefusal = z.infer<typeof IntakeRefusal>;

/** Limits of the intake fields (characters after trimming and NFC). */
export const INTAKE_LIMITS = {
  name: { min: 2, max: 100 },
  organization: { min: 2, max: 200 },
  email: { max: 200 },
  subject: { min: 3, max: 200 },
  feedbackMessage: { min: 10, max: 5000 },
  commentText: { min: 2, max: 3000 },
  website: { max: 500 },
} as const;

/** The Vietnamese message of each refusal, as the form shows it beside the field. */
export const INTAKE_MESSAGES: Record<IntakeRefusal, string> = {
  kind_invalid: "Chọn loại ý kiến: góp ý, phản ánh hoặc câu hỏi.",
  name_required: "Nhập họ và tên.",
  name_too_short: `Họ và tên cần ít nhất ${INTAKE_LIMITS.name.min} ký tự.`,
  name_too_long: `Họ và tên dài tối đa ${INTAKE_LIMITS.name.max} ký tự.`,
  organization_too_short: `Tên cơ quan, tổ chức cần ít nhất ${INTAKE_LIMITS.organization.min} ký tự.`,
  organization_too_long: `Tên cơ quan, tổ chức dài tối đa ${INTAKE_LIMITS.organization.max} ký tự.`,
  email_invalid: "Thư điện tử chưa đúng định dạng, ví dụ: ten@vidu.vn.",
  email_too_long: `Thư điện tử dài tối đa ${INTAKE_LIMITS.email.max} ký tự.`,
  phone_invalid:
    "Số điện thoại chưa đúng: nhập số di động 10 chữ số hoặc số cố định 11 chữ số, ví dụ 0912 345 678 hoặc 0204 3854 111.",
  contact_required: "Nhập thư điện tử hoặc số điện thoại để Ban biên tập trả lời bạn.",
  subject_too_short: `Tiêu đề cần ít nhất ${INTAKE_LIMITS.subject.min} ký tự, hoặc để trống.`,
  subject_too_long: `Tiêu đề dài tối đa ${INTAKE_LIMITS.subject.max} ký tự.`,
  message_required: "Nhập nội dung.",
  message_too_short: "Nội dung quá ngắn.",
  message_too_long: "Nội dung quá dài.",
  consent_required: "Cần bạn đồng ý để Ban biên tập xử lý ý kiến.",
  consent_invalid: "Giá trị đồng ý không hợp lệ.",
  website_too_long: "Ô này cần để trống.",
};

type Ctx = z.core.$RefinementCtx<unknown>;

function refuse(ctx: Ctx, code: IntakeRefusal, message = INTAKE_MESSAGES[code]): typeof z.NEVER {
  ctx.addIssue({ code: "custom", message, params: { code } });
  return z.NEVER;
}

const count = (n: number) => `${n} ký tự`;

/**
 * The national form of a Vietnamese phone number ("0" and 9 or 10 digits: a mobile number has 10
 * digits, a fixed line 11 since 2017), or undefined when `raw` is not one. Spaces, dots, hyphens
 * and parentheses are the writer's; "+84", "0084" or "84" before the number (with or without the
 * trunk "0", as in "+84 (0) 204…") is the country code; full-width digits count as digits.
 */
export function normaliseVietnamesePhone(raw: string): string | undefined {
  const s = raw.normalize("NFKC").trim();
  if (s.length > 30 || !/^\+?[\d\s().-]+$/.test(s)) return undefined;
  let digits = s.replace(/[\s().-]/g, "");
  if (digits.startsWith("+")) {
    if (!digits.startsWith("+84")) return undefined;
    digits = digits.slice(3);
  } else if (digits.startsWith("0084")) digits = digits.slice(4);
  else if (digits.startsWith("84") && digits.length >= 11) digits = digits.slice(2);
  else if (!digits.startsWith("0")) return undefined;
  if (!digits.startsWith("0")) digits = `0${digits}`;
  return /^0[1-9]\d{8,9}$/.test(digits) ? digits : undefined;
}

interface TextRule {
  min: number;
  max: number;
  required?: IntakeRefusal;
  short: IntakeRefusal;
  long: IntakeRefusal;
  /** the message of `short` / `long` with the limit and what was typed */
  says?: (code: "short" | "long", limit: number, got: number) => string;
}

function textValue(v: unknown, ctx: Ctx, r: TextRule, optional: boolean): string | undefined {
  if (v === undefined || v === null) {
    if (optional) return undefined;
    return refuse(ctx, r.required ?? r.short);
  }
  if (typeof v !== "string") return refuse(ctx, r.required ?? r.short);
  const s = cleanText(v);
  if (!s) return optional ? undefined : refuse(ctx, r.required ?? r.short);
  if (s.length < r.min) return refuse(ctx, r.short, r.says?.("short", r.min, s.length));
  if (s.length > r.max) return refuse(ctx, r.long, r.says?.("long", r.max, s.length));
  return s;
}

/** Required text: cleaned, within its limits. */
function text(r: TextRule) {
  return z.unknown().transform((v, ctx): string => textValue(v, ctx, r, false) as string);
}

/** Optional text: absent, null or blank is absent; otherwise as `text`. */
function optionalText(r: TextRule) {
  return z
    .unknown()
    .transform((v, ctx): string | undefined => textValue(v, ctx, r, true))
    .optional();
}

const messageSays = (what: string) => (code: "short" | "long", limit: number, got: number) =>
  code === "short"
    ? `${what} cần ít nhất ${count(limit)} (hiện có ${got}).`
    : `${what} dài tối đa ${count(limit)} (hiện có ${got}).`;

/** A person's name: 2–100 characters; any letters, diacritics typed composed or not. */
export const PersonName = text({
  ...INTAKE_LIMITS.name,
  required: "name_required",
  short: "name_too_short",
  long: "name_too_long",
});
const OptionalPersonName = optionalText({
  ...INTAKE_LIMITS.name,
  short: "name_too_short",
  long: "name_too_long",
});

/** An e-mail address, trimmed and lowercased; blank is absent. */
export const OptionalEmail = z
  .unknown()
  .transform((v, ctx): string | undefined => {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "string") return refuse(ctx, "email_invalid");
    const s = v.normalize("NFC").trim().toLowerCase();
    if (!s) return undefined;
    if (s.length > INTAKE_LIMITS.email.max) return refuse(ctx, "email_too_long");
    if (!z.email().safeParse(s).success) return refuse(ctx, "email_invalid");
    return s;
  })
  .optional();

/** A Vietnamese phone number in its national form ("02043854111"); blank is absent. */
export const OptionalVietnamesePhone = z
  .unknown()
  .transform((v, ctx): string | undefined => {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "string") return refuse(ctx, "phone_invalid");
    if (!v.trim()) return undefined;
    return normaliseVietnamesePhone(v) ?? refuse(ctx, "phone_invalid");
  })
  .optional();

/** The honeypot: people leave it empty (bots fill it; the receiver answers as if accepted). */
const Honeypot = z
  .unknown()
  .transform((v, ctx): string | undefined => {
    if (v === undefined || v === null || v === "") return undefined;
    if (typeof v !== "string" || v.length > INTAKE_LIMITS.website.max) return refuse(ctx, "website_too_long");
    return v;
  })
  .optional();

/** A feedback (góp ý, phản ánh) or a question to a portal's board: minimum personal data (R-PII). */
export const FeedbackIntake = z
  .strictObject({
    kind: z
      .unknown()
      .transform((v, ctx): "feedback" | "question" =>
        v === "feedback" || v === "question" ? v : refuse(ctx, "kind_invalid"),
      ),
    fullName: PersonName,
    email: OptionalEmail,
    phone: OptionalVietnamesePhone,
    subject: optionalText({ ...INTAKE_LIMITS.subject, short: "subject_too_short", long: "subject_too_long" }),
    message: text({
      ...INTAKE_LIMITS.feedbackMessage,
      required: "message_required",
      short: "message_too_short",
      long: "message_too_long",
      says: messageSays("Nội dung"),
    }),
    /** explicit consent to the processing of the personal data given */
    consent: z.unknown().transform((v, ctx): true => (v === true ? true : refuse(ctx, "consent_required"))),
    website: Honeypot,
  })
  .refine((b) => !!(b.email || b.phone), {
    path: ["email"],
    message: INTAKE_MESSAGES.contact_required,
    params: { code: "contact_required" },
    // said with the other refusals, so a citizen fixes the form once
    when: (p) => {
      const v = p.value as { email?: unknown; phone?: unknown } | null;
      return typeof v === "object" && v !== null;
    },
  });
export type FeedbackIntake = z.output<typeof FeedbackIntake>;

/**
 * A comment: a reader's on a published item (text only — content refuses personal data there), or
 * anyone's on a draft open for comment, with an optional name, organisation and e-mail given with
 * consent (content refuses them without `consent: true`).
 */
export const CommentIntake = z.strictObject({
  text: text({
    ...INTAKE_LIMITS.commentText,
    required: "message_required",
    short: "message_too_short",
    long: "message_too_long",
    says: messageSays("Nội dung góp ý"),
  }),
  fullName: OptionalPersonName,
  organization: optionalText({
    ...INTAKE_LIMITS.organization,
    short: "organization_too_short",
    long: "organization_too_long",
  }),
  email: OptionalEmail,
  consent: z
    .unknown()
    .transform((v, ctx): boolean | undefined =>
      v === undefined || typeof v === "boolean" ? v : refuse(ctx, "consent_invalid"),
    )
    .optional(),
  website: Honeypot,
});
export type CommentIntake = z.output<typeof CommentIntake>;

/** A refused field as the problem+json `errors` list carries it: stable code, Vietnamese message. */
export interface IntakeFieldError {
  path: string;
  code: IntakeRefusal | string;
  message: string;
}

/** The field errors of a failed intake parse; the code is the refusal's (zod's for unknown keys). */
export function intakeFieldErrors(error: z.ZodError): IntakeFieldError[] {
  return error.issues.map((i) => {
    const code = (i as { params?: { code?: unknown } }).params?.code;
    return {
      path: i.path.map(String).join("."),
      code: typeof code === "string" ? code : i.code,
      message: i.code === "unrecognized_keys" ? `Trường không được nhận: ${i.keys.join(", ")}.` : i.message,
    };
  });
}

export const exampleFeedbackIntake: z.input<typeof FeedbackIntake> = {
  kind: "question",
  fullName: "Nguyễn Thị Hoà",
  phone: "(0204) 3854 111",
  subject: "Thủ tục cấp phép",
  message: "Xin hỏi thủ tục cấp phép xây dựng nhà ở riêng lẻ tại huyện Tân Yên?",
  consent: true,
};

export const exampleCommentIntake: z.input<typeof CommentIntake> = {
  text: "Đề nghị bổ sung quy định về thời hạn trả lời ý kiến của người dân.",
  fullName: "Trần Văn Bình",
  consent: true,
};
