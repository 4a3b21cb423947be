// UI text of the public pages: Vietnamese first (R-FMT), English where a portal is translated.
import { html, type SafeHtml } from "../render/html";

export type Locale = "vi" | "en";

const T = {
  skip: { vi: "Bỏ qua, đến nội dung chính", en: "Skip to main content" },
  menu: { vi: "Chuyên mục", en: "Sections" },
  menuButton: { vi: "Danh mục chuyên mục", en: "Sections menu" },
  home: { vi: "Trang chủ", en: "Home" },
  search: { vi: "Tìm kiếm", en: "Search" },
  searchLabel: { vi: "Từ khóa tìm kiếm", en: "Search terms" },
  searchButton: { vi: "Tìm", en: "Search" },
  latest: { vi: "Tin mới nhất", en: "Latest" },
  featured: { vi: "Tin nổi bật", en: "Featured" },
  newLegal: { vi: "Văn bản mới ban hành", en: "New legal documents" },
  allLegal: { vi: "Tất cả văn bản", en: "All legal documents" },
  openDrafts: { vi: "Dự thảo đang lấy ý kiến", en: "Drafts open for comment" },
  allDrafts: { vi: "Tất cả dự thảo", en: "All drafts" },
  commentBy: { vi: "Góp ý đến hết", en: "Comments until" },
  noOpenDrafts: { vi: "Hiện không có dự thảo nào đang lấy ý kiến.", en: "No draft is open for comment now." },
  citizens: { vi: "Công dân, doanh nghiệp", en: "Citizens and businesses" },
  publicServices: { vi: "Dịch vụ công trực tuyến", en: "Online public services" },
  sendFeedback: { vi: "Gửi góp ý, phản ánh", en: "Send feedback" },
  askQa: { vi: "Hỏi đáp với cơ quan", en: "Questions and answers" },
  callHotline: { vi: "Đường dây nóng", en: "Hotline" },
  more: { vi: "Xem thêm", en: "More" },
  legal: { vi: "Văn bản pháp luật", en: "Legal documents" },
  drafts: { vi: "Lấy ý kiến dự thảo văn bản", en: "Draft documents for comment" },
  // not "Questions and answers": that is the mandatory category's English name, linked beside it
  qa: { vi: "Hỏi đáp", en: "Q&A" },
  feedback: { vi: "Góp ý, phản ánh", en: "Feedback" },
  contact: { vi: "Liên hệ", en: "Contact" },
  older: { vi: "Trang sau", en: "Older items" },
  newest: { vi: "Về trang đầu", en: "Newest" },
  none: { vi: "Chưa có nội dung.", en: "Nothing yet." },
  published: { vi: "Đăng ngày", en: "Published" },
  print: { vi: "Bản in", en: "Print version" },
  breadcrumb: { vi: "Đường dẫn", en: "Breadcrumb" },
  pagination: { vi: "Phân trang", en: "Pagination" },
  otherLang: { vi: "English", en: "Tiếng Việt" },
  language: { vi: "Ngôn ngữ", en: "Language" },
  attachments: { vi: "Tệp đính kèm", en: "Attachments" },
  portals: { vi: "Cổng thành phần", en: "Component portals" },
  footerContact: { vi: "Ban biên tập", en: "Editorial board" },
  hotline: { vi: "Đường dây nóng", en: "Hotline" },
  email: { vi: "Hộp thư", en: "Mailbox" },
  feeds: { vi: "Tin RSS", en: "RSS feed" },
  sitemap: { vi: "Sơ đồ cổng", en: "Sitemap" },
  agencyLabel: { vi: "Cơ quan chủ quản", en: "Responsible agency" },
  mailboxLabel: { vi: "Hộp thư Ban biên tập", en: "Editorial board's mailbox" },
  address: { vi: "Địa chỉ", en: "Address" },
  personInCharge: { vi: "Người chịu trách nhiệm", en: "Person in charge" },
  partOf: { vi: "Cổng thành phần của", en: "A component portal of" },
  notFound: { vi: "Không tìm thấy trang", en: "Page not found" },
  departments: { vi: "Sở, ban, ngành", en: "Departments and agencies" },
  districts: { vi: "Huyện, thị xã, thành phố", en: "Districts and cities" },
  searchAll: { vi: "Tìm trên tất cả các cổng thành phần", en: "Search all component portals" },
  qaIntro: {
    vi: "Câu hỏi của người dân, doanh nghiệp và trả lời của cơ quan chức năng.",
    en: "Questions from citizens and businesses, answered by the authorities.",
  },
  askQuestion: { vi: "Gửi câu hỏi", en: "Ask a question" },
  draftsIntro: {
    vi: "Dự thảo văn bản đang và đã lấy ý kiến nhân dân. Trong thời gian lấy ý kiến, mỗi dự thảo có mẫu góp ý.",
    en: "Draft documents open or once open for public comment. While a draft is open, its page has a comment form.",
  },
  commentOpen: { vi: "Đang lấy ý kiến", en: "Open for comment" },
  commentClosed: { vi: "Không trong thời gian lấy ý kiến", en: "Not open for comment" },
  until: { vi: "đến", en: "until" },
  backHome: { vi: "Về trang chủ", en: "Back to the home page" },
  // forms (feedback, a draft's comments): GOV.UK patterns, the same words in both languages
  errorSummary: { vi: "Vui lòng sửa các lỗi sau", en: "Please correct the following" },
  honeypot: { vi: "Để trống ô này", en: "Leave this field empty" },
  required: { vi: "bắt buộc", en: "required" },
  optional: { vi: "không bắt buộc", en: "optional" },
  formExpired: {
    vi: "Biểu mẫu đã hết hạn hoặc không hợp lệ, vui lòng gửi lại.",
    en: "The form has expired or is not valid; please send it again.",
  },
  fbTitle: { vi: "Góp ý, phản ánh, hỏi đáp", en: "Feedback and questions" },
  fbKind: { vi: "Loại ý kiến", en: "Type of message" },
  fbKindFeedback: { vi: "Góp ý, phản ánh", en: "Feedback or a report" },
  fbKindQuestion: { vi: "Câu hỏi", en: "A question" },
  fullName: { vi: "Họ và tên", en: "Full name" },
  emailLabel: { vi: "Thư điện tử", en: "Email address" },
  emailHint: { vi: "Để nhận trả lời qua thư điện tử.", en: "To receive the answer by email." },
  phoneLabel: { vi: "Số điện thoại", en: "Phone number" },
  subjectLabel: { vi: "Tiêu đề", en: "Subject" },
  messageLabel: { vi: "Nội dung", en: "Message" },
  fbConsent: {
    vi: "Tôi đồng ý để Ban biên tập sử dụng các thông tin trên để xử lý và trả lời ý kiến của tôi.",
    en: "I agree that the editorial board may use the information above to handle and answer my message.",
  },
  fbSubmit: { vi: "Gửi ý kiến", en: "Send message" },
  commentTitle: { vi: "Góp ý dự thảo", en: "Comment on this draft" },
  commentIntro: {
    vi: "Ý kiến của bạn được gửi tới Ban biên tập và cơ quan soạn thảo. Họ tên chỉ dùng để tổng hợp ý kiến, không công bố khi bạn không đồng ý.",
    en: "Your comment goes to the editorial board and the drafting agency. Your name is used only to compile the comments and is not published without your consent.",
  },
  commentText: { vi: "Nội dung góp ý", en: "Your comment" },
  commentConsent: {
    vi: "Tôi đồng ý để Ban biên tập sử dụng họ tên và ý kiến này cho việc tổng hợp góp ý dự thảo.",
    en: "I agree that the editorial board may use my name and this comment to compile the comments on the draft.",
  },
  commentSubmit: { vi: "Gửi góp ý", en: "Send comment" },
  commentPeriod: { vi: "Thời gian lấy ý kiến", en: "Comment period" },
  commentNotYet: { vi: "Chưa đến thời gian góp ý.", en: "The comment period has not started yet." },
  commentOver: { vi: "Đã hết thời gian góp ý.", en: "The comment period is over." },
  tooMany: { vi: "Gửi quá nhiều lần", en: "Too many submissions" },
  tooManyText: {
    vi: "Bạn đã gửi quá nhiều lần trong thời gian ngắn. Vui lòng thử lại sau.",
    en: "You have sent too many messages in a short time. Please try again later.",
  },
  notSent: { vi: "Chưa gửi được", en: "Not sent" },
  unavailable: {
    vi: "Hệ thống tạm thời chưa nhận được ý kiến",
    en: "Messages cannot be received at the moment",
  },
  // the legal registry and a legal document's details
  registryTitle: { vi: "Tra cứu văn bản pháp luật", en: "Legal documents database" },
  registryFilters: { vi: "Lọc văn bản", en: "Filter documents" },
  registryList: { vi: "Danh sách văn bản", en: "List of documents" },
  registryNone: { vi: "Không có văn bản phù hợp.", en: "No documents match." },
  all: { vi: "Tất cả", en: "All" },
  filter: { vi: "Lọc", en: "Filter" },
  docNumber: { vi: "Số ký hiệu", en: "Number" },
  docTitle: { vi: "Trích yếu", en: "Title" },
  docTypeShort: { vi: "Loại", en: "Type" },
  docType: { vi: "Loại văn bản", en: "Document type" },
  issuer: { vi: "Cơ quan ban hành", en: "Issuing body" },
  issueYear: { vi: "Năm ban hành", en: "Year of issue" },
  signer: { vi: "Người ký", en: "Signed by" },
  issuedOn: { vi: "Ngày ban hành", en: "Date of issue" },
  effectiveOn: { vi: "Ngày hiệu lực", en: "Effective date" },
  validity: { vi: "Tình trạng hiệu lực", en: "Status" },
  docDetails: { vi: "Thuộc tính văn bản", en: "Document details" },
  "validity.not-yet-effective": { vi: "Chưa có hiệu lực", en: "Not yet in force" },
  "validity.in-force": { vi: "Còn hiệu lực", en: "In force" },
  "validity.partly-expired": { vi: "Hết hiệu lực một phần", en: "Partly no longer in force" },
  "validity.expired": { vi: "Hết hiệu lực", en: "No longer in force" },
} as const;

export type TextKey = keyof typeof T;

export function t(key: TextKey, locale: Locale): string {
  return T[key][locale];
}

/** a legal document's validity (`in-force` …) in words; an unknown value as it is */
export function validityText(validity: string, locale: Locale): string {
  const key = `validity.${validity}`;
  return key in T ? t(key as TextKey, locale) : validity;
}

// Dates as citizens read them (issue 17): `dd/MM/yyyy` and `HH:mm dd/MM/yyyy`, Vietnam time
// (Asia/Ho_Chi_Minh), the same numbers in English. Every template formats through these two.
const VN_PARTS = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Asia/Ho_Chi_Minh",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

function vnParts(d: Date): Record<"year" | "month" | "day" | "hour" | "minute", string> {
  const out = { year: "", month: "", day: "", hour: "", minute: "" };
  for (const p of VN_PARTS.formatToParts(d)) if (p.type in out) out[p.type as keyof typeof out] = p.value;
  return out;
}

/** a timestamp as `HH:mm dd/MM/yyyy`, Vietnam time */
export function formatDateTime(iso: string): string {
  const p = vnParts(new Date(iso));
  return `${p.hour}:${p.minute} ${p.day}/${p.month}/${p.year}`;
}

/** a calendar date (`YYYY-MM-DD`, e.g. a legal document's issue date) or a timestamp's Vietnam day, as `dd/MM/yyyy` */
export function formatDay(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (m) return `${m[3]}/${m[2]}/${m[1]}`;
  const p = vnParts(new Date(isoDate));
  return `${p.day}/${p.month}/${p.year}`;
}

/** `<time>` of a timestamp, shown as `HH:mm dd/MM/yyyy` (Vietnam time) */
export function timeOf(iso: string): SafeHtml {
  return html`<time datetime="${iso}">${formatDateTime(iso)}</time>`;
}

/** `<time>` of a calendar date, shown as `dd/MM/yyyy` */
export function dayOf(isoDate: string): SafeHtml {
  return html`<time datetime="${isoDate}">${formatDay(isoDate)}</time>`;
}
