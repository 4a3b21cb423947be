// UI text of the public pages: Vietnamese first (R-FMT), English where a portal is translated.
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
} as const;

export type TextKey = keyof typeof T;

export function t(key: TextKey, locale: Locale): string {
  return T[key][locale];
}

const fmt = {
  vi: new Intl.DateTimeFormat("vi-VN", {
    timeZone: "Asia/Ho_Chi_Minh",
    dateStyle: "short",
    timeStyle: "short",
  }),
  en: new Intl.DateTimeFormat("en-GB", {
    timeZone: "Asia/Ho_Chi_Minh",
    dateStyle: "medium",
    timeStyle: "short",
  }),
};
const dateOnly = new Intl.DateTimeFormat("vi-VN", { timeZone: "Asia/Ho_Chi_Minh", dateStyle: "short" });

export function formatDate(iso: string, locale: Locale): string {
  return fmt[locale].format(new Date(iso));
}

export function formatDay(isoDate: string): string {
  return dateOnly.format(new Date(`${isoDate}T00:00:00+07:00`));
}
