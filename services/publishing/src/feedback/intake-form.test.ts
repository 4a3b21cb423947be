// The citizen's forms read through the intake contracts (issue 16, R-FEEDBACK, R-PII): what the
// form refuses, beside which field, and what it sends.
import { FeedbackIntake, INTAKE_MESSAGES } from "@cong/contracts";
import { fieldMessages, readCommentForm, readFeedbackForm } from "./intake-form";

const filled = {
  loai: "question",
  "ho-ten": "Nguyễn Thị Hoà",
  email: "",
  "dien-thoai": "(0204) 3854111",
  "tieu-de": "",
  "noi-dung": "Xin hỏi thủ tục cấp phép xây dựng?",
  "dong-y": "1",
};

describe("the feedback form (/gop-y)", () => {
  it.each([
    ["0204 3854 111", "02043854111"],
    ["0204.3854.111", "02043854111"],
    ["+84 204 3854 111", "02043854111"],
    ["(0204) 3854111", "02043854111"],
  ])("takes the phone number %j and sends %s", (phone, sent) => {
    const r = readFeedbackForm({ ...filled, "dien-thoai": phone });
    expect(r.ok && r.payload).toEqual({
      kind: "question",
      fullName: "Nguyễn Thị Hoà",
      phone: sent,
      message: "Xin hỏi thủ tục cấp phép xây dựng?",
      consent: true,
    });
  });

  it("sends a name typed decomposed (NFD) as NFC, and what it sends is the contract's own output", () => {
    const r = readFeedbackForm({ ...filled, "ho-ten": "Trần Thị Ánh Tuyết".normalize("NFD") });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.payload.fullName).toBe("Trần Thị Ánh Tuyết");
    expect(FeedbackIntake.parse(r.payload)).toEqual(r.payload);
  });

  it("refuses beside each field, in the page's order, what content would refuse", () => {
    const r = readFeedbackForm({
      ...filled,
      "ho-ten": "A",
      "dien-thoai": "0912 34",
      "tieu-de": "ab",
      "noi-dung": "ngắn quá",
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual({
      "ho-ten": INTAKE_MESSAGES.name_too_short,
      "dien-thoai": INTAKE_MESSAGES.phone_invalid,
      "tieu-de": INTAKE_MESSAGES.subject_too_short,
      "noi-dung": "Nội dung cần ít nhất 10 ký tự (hiện có 8).",
    });
    // what was typed is shown again
    expect(r.values["dien-thoai"]).toBe("0912 34");
  });

  it("asks for an e-mail address or a phone number, and for consent", () => {
    const r = readFeedbackForm({ ...filled, "dien-thoai": "", "dong-y": "" });
    expect(!r.ok && r.errors).toEqual({
      email: "Nhập thư điện tử hoặc số điện thoại để Ban biên tập trả lời bạn.",
      "dong-y": "Cần bạn đồng ý để Ban biên tập xử lý ý kiến.",
    });
  });

  it("refuses a name too long rather than cutting it", () => {
    const r = readFeedbackForm({ ...filled, "ho-ten": "Nguyễn ".repeat(20) });
    expect(!r.ok && r.errors).toEqual({ "ho-ten": INTAKE_MESSAGES.name_too_long });
  });
});

describe("a draft's comment form (/tin/{slug}/y-kien)", () => {
  it("sends the contract's body: text, the name in NFC, consent", () => {
    const r = readCommentForm({
      "ho-ten": "Lê Văn Đức".normalize("NFD"),
      "noi-dung": " Đồng ý với dự thảo. ",
      "dong-y": "1",
    });
    expect(r.ok && r.payload).toEqual({ text: "Đồng ý với dự thảo.", fullName: "Lê Văn Đức", consent: true });
  });

  it("asks for the name and consent, and refuses a comment longer than content takes", () => {
    const r = readCommentForm({ "ho-ten": "", "noi-dung": "x".repeat(3001), "dong-y": "" });
    expect(!r.ok && r.errors).toEqual({
      "ho-ten": "Nhập họ và tên.",
      "noi-dung": "Nội dung góp ý dài tối đa 3000 ký tự (hiện có 3001).",
      "dong-y": "Cần bạn đồng ý để gửi góp ý.",
    });
  });
});

describe("content's refusals beside the form's fields", () => {
  it("a contract code gets its Vietnamese message, another code a sentence naming the field", () => {
    expect(
      fieldMessages(
        [
          { path: "phone", code: "phone_invalid", message: "a Vietnamese phone number" },
          { path: "fullName", code: "too_small", message: "Too small" },
          { path: "nowhere", code: "custom" },
        ],
        "feedback",
      ),
    ).toEqual({
      "ho-ten": "Họ và tên chưa được hệ thống tiếp nhận chấp nhận, vui lòng kiểm tra lại.",
      "dien-thoai": INTAKE_MESSAGES.phone_invalid,
    });
    expect(fieldMessages([{ path: "text", code: "message_too_long" }], "comment")).toEqual({
      "noi-dung": INTAKE_MESSAGES.message_too_long,
    });
  });
});
