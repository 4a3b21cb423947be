// The citizen's intake payloads (issue 16, R-FEEDBACK, R-PII): what publishing's forms send and
// content's public intake stores, one schema for both.
import {
  CommentIntake,
  exampleCommentIntake,
  exampleFeedbackIntake,
  FeedbackIntake,
  INTAKE_MESSAGES,
  IntakeRefusal,
  intakeFieldErrors,
  normaliseVietnamesePhone,
} from "../index";

const base = {
  kind: "feedback",
  fullName: "Nguyễn Thị Hoà",
  message: "Đề nghị sửa đường liên xã Cao Thượng.",
  consent: true,
};

/** the field errors of a body, as [path, code] */
function refusals(schema: typeof FeedbackIntake | typeof CommentIntake, body: unknown) {
  const r = schema.safeParse(body);
  return r.success ? [] : intakeFieldErrors(r.error).map((e) => [e.path, e.code]);
}

describe("intake payloads", () => {
  it("the examples match their schemas", () => {
    expect(FeedbackIntake.parse(exampleFeedbackIntake)).toMatchObject({ phone: "02043854111" });
    expect(CommentIntake.parse(exampleCommentIntake)).toMatchObject({ fullName: "Trần Văn Bình" });
  });

  it.each([
    ["0204 3854 111", "02043854111"],
    ["0204.3854.111", "02043854111"],
    ["+84 204 3854 111", "02043854111"],
    ["(0204) 3854111", "02043854111"],
    ["+84 (0) 204 3854 111", "02043854111"],
    ["0084 204 3854 111", "02043854111"],
    ["84 912 345 678", "0912345678"],
    ["0912-345-678", "0912345678"],
    [" 0912345678 ", "0912345678"],
    ["０９１２３４５６７８", "0912345678"],
  ])("takes the phone number %j as %s (R-FEEDBACK)", (phone, stored) => {
    expect(FeedbackIntake.parse({ ...base, phone }).phone).toBe(stored);
    expect(normaliseVietnamesePhone(phone)).toBe(stored);
  });

  it.each([
    "0912 34",
    "091234567890",
    "1900 1234",
    "+1 212 555 0100",
    "0912345678 ext 2",
    "số 0912345678",
    "00912345678",
  ])("refuses the phone number %j with phone_invalid", (phone) => {
    expect(refusals(FeedbackIntake, { ...base, phone })).toEqual([["phone", "phone_invalid"]]);
  });

  it("takes a name with diacritics typed composed or decomposed, stored in NFC", () => {
    const nfd = "Nguyễn Thị Hoà".normalize("NFD");
    expect(nfd).not.toBe("Nguyễn Thị Hoà");
    const got = FeedbackIntake.parse({ ...base, fullName: `  ${nfd} `, email: "hoa@vidu.vn" });
    expect(got.fullName).toBe("Nguyễn Thị Hoà");
    expect(got.fullName.normalize("NFC")).toBe(got.fullName);
    // the limit counts the NFC text: 100 letters typed decomposed are 100 letters
    const long = "ễ".repeat(100);
    expect(
      FeedbackIntake.parse({ ...base, fullName: long.normalize("NFD"), email: "a@vidu.vn" }).fullName,
    ).toBe(long);
    expect(refusals(FeedbackIntake, { ...base, fullName: `${long}a`, email: "a@vidu.vn" })).toEqual([
      ["fullName", "name_too_long"],
    ]);
    expect(refusals(FeedbackIntake, { ...base, fullName: " A ", email: "a@vidu.vn" })).toEqual([
      ["fullName", "name_too_short"],
    ]);
    expect(refusals(FeedbackIntake, { ...base, fullName: "  ", email: "a@vidu.vn" })).toEqual([
      ["fullName", "name_required"],
    ]);
  });

  it("needs an e-mail address or a phone number, and sends an empty one as absent", () => {
    expect(refusals(FeedbackIntake, { ...base, email: "", phone: " " })).toEqual([
      ["email", "contact_required"],
    ]);
    const got = FeedbackIntake.parse({ ...base, email: " An@ViDu.VN ", phone: "", subject: "" });
    expect(got).toEqual({ ...base, email: "an@vidu.vn" });
    expect(JSON.parse(JSON.stringify(got))).toEqual({ ...base, email: "an@vidu.vn" });
    expect(refusals(FeedbackIntake, { ...base, email: "an@vidu" })).toEqual([["email", "email_invalid"]]);
    expect(refusals(FeedbackIntake, { ...base, email: `${"a".repeat(200)}@vidu.vn` })).toEqual([
      ["email", "email_too_long"],
    ]);
  });

  it("gives every refusal at once, each with its stable code and a Vietnamese message", () => {
    const r = FeedbackIntake.safeParse({
      kind: "khac",
      fullName: "A",
      phone: "12",
      subject: "ab",
      message: "ngắn",
    });
    expect(r.success).toBe(false);
    const errors = r.success ? [] : intakeFieldErrors(r.error);
    expect(errors.map((e) => [e.path, e.code])).toEqual([
      ["kind", "kind_invalid"],
      ["fullName", "name_too_short"],
      ["phone", "phone_invalid"],
      ["subject", "subject_too_short"],
      ["message", "message_too_short"],
      ["consent", "consent_required"],
    ]);
    expect(errors.find((e) => e.path === "message")?.message).toBe(
      "Nội dung cần ít nhất 10 ký tự (hiện có 4).",
    );
    for (const e of errors) expect(IntakeRefusal.options).toContain(e.code);
    for (const m of Object.values(INTAKE_MESSAGES)) expect(m).toMatch(/[ạ-ỹđĐ]|[àáâãèéêìíòóôõùúý]/);
    // nothing else is accepted (minimum personal data, R-PII)
    expect(refusals(FeedbackIntake, { ...base, email: "a@vidu.vn", address: "Tân Yên" })).toEqual([
      ["", "unrecognized_keys"],
    ]);
    expect(refusals(FeedbackIntake, { ...base, email: "a@vidu.vn", consent: "true" })).toEqual([
      ["consent", "consent_required"],
    ]);
  });

  it("cleans the text: NFC, trimmed, no control characters; lengths after cleaning", () => {
    const got = FeedbackIntake.parse({
      ...base,
      phone: "0912345678",
      message: `  Xin hỏi\u0007 thủ tục\r\n cấp phép? `.normalize("NFD"),
    });
    expect(got.message).toBe("Xin hỏi thủ tục\r\n cấp phép?");
    expect(refusals(FeedbackIntake, { ...base, phone: "0912345678", message: "x".repeat(5001) })).toEqual([
      ["message", "message_too_long"],
    ]);
  });

  it("a comment: text 2–3000, optional name, organisation and e-mail, the honeypot kept for the receiver", () => {
    expect(CommentIntake.parse({ text: " Đồng ý " })).toEqual({ text: "Đồng ý" });
    expect(
      CommentIntake.parse({ text: "Đồng ý", fullName: "", organization: " ", email: "", consent: true }),
    ).toEqual({ text: "Đồng ý", consent: true });
    expect(refusals(CommentIntake, { text: "x".repeat(3001) })).toEqual([["text", "message_too_long"]]);
    expect(refusals(CommentIntake, { text: "ok", fullName: "B" })).toEqual([["fullName", "name_too_short"]]);
    expect(refusals(CommentIntake, { text: "ok", consent: "yes" })).toEqual([["consent", "consent_invalid"]]);
    expect(CommentIntake.parse({ text: "ok", website: "http://spam.example" }).website).toBe(
      "http://spam.example",
    );
    expect(refusals(CommentIntake, { text: "ok", nickname: "x" })).toEqual([["", "unrecognized_keys"]]);
  });

  it("parses the bodies content's intake takes today, to the same stored values (content can adopt it as-is)", () => {
    // as content's own tests send them (services/content/test/feedback*.test.ts, comments.test.ts)
    const today = {
      kind: "question",
      fullName: "Nguyễn Thị Hoà",
      email: "hoa.nguyen@example.vn",
      phone: "0912345678",
      subject: "Thủ tục cấp phép",
      message: "Xin hỏi thủ tục cấp phép xây dựng?",
      consent: true,
    };
    expect(FeedbackIntake.parse(today)).toEqual(today);
    expect(FeedbackIntake.parse({ ...today, email: undefined, phone: "0912 000 111" }).phone).toBe(
      "0912000111",
    );
    expect(FeedbackIntake.parse({ ...today, website: "http://spam.example" }).website).toBe(
      "http://spam.example",
    );
    expect(CommentIntake.parse({ text: "Đề nghị bổ sung quy định chuyển tiếp." })).toEqual({
      text: "Đề nghị bổ sung quy định chuyển tiếp.",
    });
    expect(
      CommentIntake.parse({
        text: "Góp ý",
        fullName: "Trần Văn Bình",
        organization: "Hội Nông dân",
        email: "b@vidu.vn",
        consent: true,
      }),
    ).toEqual({
      text: "Góp ý",
      fullName: "Trần Văn Bình",
      organization: "Hội Nông dân",
      email: "b@vidu.vn",
      consent: true,
    });
    // narrower than content's pattern of today: 9 digits is no Vietnamese number since 2017-2018
    expect(refusals(FeedbackIntake, { ...today, email: undefined, phone: "091234567" })).toEqual([
      ["phone", "phone_invalid"],
    ]);
  });
});
