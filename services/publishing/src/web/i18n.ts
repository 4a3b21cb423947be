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
  legal: { vi: "Văn bản pháp luật", en: "Legal documents" },
  drafts: { vi: "Lấy ý kiến dự thảo văn bản", en: "Draft documents for comment" },
  qa: { vi: "Hỏi đáp", en: "Questions and answers" },
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
} as const;

export type TextKey = keyof typeof T;

export function t(key: TextKey, locale: Locale): string {
  return T[key][locale];
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
