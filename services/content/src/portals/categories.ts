// The mandatory information categories of Decree 43/2011 Art. 10 / Decree 42/2022 Art. 4
// (R-CONTENT), each with its retention class (R-RETAIN, Điều 16) and its update deadline in
// working days (R-TIMELY). Seeded per portal kind; every field can be changed per portal.
import type { ContentKind, RetentionClass } from "@cong/contracts";

export interface CategoryDef {
  categoryId: string;
  slug: string;
  name: { vi: string; en?: string };
  parentId: string | null;
  retentionClass: RetentionClass;
  mandatory: boolean;
  order: number;
  /** working days within which new information must be posted; null = no legal deadline */
  deadlineWorkingDays: number | null;
  /** kinds of item this category usually holds (a hint for the admin UI) */
  kinds: ContentKind[];
}

type Seed = Omit<CategoryDef, "categoryId" | "order" | "parentId"> & {
  portalKinds: ("province" | "department" | "district")[];
};

const ALL = ["province", "department", "district"] as const;

const SEEDS: Seed[] = [
  {
    slug: "gioi-thieu",
    name: { vi: "Giới thiệu - Cơ cấu tổ chức", en: "About and organisation" },
    retentionClass: "permanent",
    mandatory: true,
    deadlineWorkingDays: 10,
    kinds: ["page"],
    portalKinds: [...ALL],
  },
  {
    slug: "tin-tuc-su-kien",
    name: { vi: "Tin tức - Sự kiện", en: "News" },
    retentionClass: "limited-5y",
    mandatory: true,
    deadlineWorkingDays: null,
    kinds: ["article"],
    portalKinds: [...ALL],
  },
  {
    slug: "van-ban-quy-pham-phap-luat",
    name: { vi: "Văn bản quy phạm pháp luật", en: "Legal normative documents" },
    retentionClass: "permanent",
    mandatory: true,
    deadlineWorkingDays: 2,
    kinds: ["legal-document"],
    portalKinds: [...ALL],
  },
  {
    slug: "van-ban-chi-dao-dieu-hanh",
    name: { vi: "Văn bản chỉ đạo, điều hành", en: "Directive documents" },
    retentionClass: "permanent",
    mandatory: true,
    deadlineWorkingDays: 10,
    kinds: ["legal-document", "announcement"],
    portalKinds: [...ALL],
  },
  {
    slug: "du-thao-lay-y-kien",
    name: { vi: "Dự thảo văn bản lấy ý kiến", en: "Draft documents for comment" },
    retentionClass: "permanent",
    mandatory: true,
    deadlineWorkingDays: 2,
    kinds: ["draft-for-comment"],
    portalKinds: [...ALL],
  },
  {
    slug: "chien-luoc-quy-hoach-ke-hoach",
    name: { vi: "Chiến lược, quy hoạch, kế hoạch", en: "Strategies, master plans, plans" },
    retentionClass: "permanent",
    mandatory: true,
    deadlineWorkingDays: 10,
    kinds: ["article", "page"],
    portalKinds: [...ALL],
  },
  {
    slug: "du-an-dau-tu-dau-thau",
    name: { vi: "Dự án đầu tư, đấu thầu, mua sắm công", en: "Projects, bidding, public procurement" },
    retentionClass: "permanent",
    mandatory: true,
    deadlineWorkingDays: 10,
    kinds: ["procurement"],
    portalKinds: [...ALL],
  },
  {
    slug: "pho-bien-phap-luat",
    name: { vi: "Tuyên truyền, phổ biến pháp luật, chính sách", en: "Law and policy dissemination" },
    retentionClass: "limited-5y",
    mandatory: true,
    deadlineWorkingDays: 15,
    kinds: ["article"],
    portalKinds: [...ALL],
  },
  {
    slug: "hoi-dap",
    name: { vi: "Hỏi đáp, trả lời kiến nghị", en: "Questions and answers" },
    retentionClass: "limited-5y",
    mandatory: true,
    deadlineWorkingDays: 15,
    kinds: ["qa"],
    portalKinds: [...ALL],
  },
  {
    slug: "chuong-trinh-de-tai-khoa-hoc",
    name: { vi: "Chương trình, đề tài khoa học", en: "Research programmes" },
    retentionClass: "limited-5y",
    mandatory: true,
    deadlineWorkingDays: 20,
    kinds: ["article", "page"],
    portalKinds: [...ALL],
  },
  {
    slug: "dich-vu-cong-truc-tuyen",
    name: { vi: "Dịch vụ công trực tuyến", en: "Online public services" },
    retentionClass: "limited-5y",
    mandatory: true,
    deadlineWorkingDays: null,
    kinds: ["page"],
    portalKinds: [...ALL],
  },
  {
    slug: "thong-tin-lien-he",
    name: { vi: "Thông tin liên hệ", en: "Contacts" },
    retentionClass: "limited-5y",
    mandatory: true,
    deadlineWorkingDays: null,
    kinds: ["page"],
    portalKinds: [...ALL],
  },
  {
    slug: "thong-bao",
    name: { vi: "Thông báo", en: "Announcements" },
    retentionClass: "limited-5y",
    mandatory: false,
    deadlineWorkingDays: null,
    kinds: ["announcement"],
    portalKinds: [...ALL],
  },
  {
    slug: "hoat-dong-chinh-quyen",
    name: { vi: "Hoạt động của chính quyền", en: "Activities of the People's Committee and Council" },
    retentionClass: "limited-5y",
    mandatory: true,
    deadlineWorkingDays: null,
    kinds: ["article"],
    portalKinds: ["province", "district"],
  },
  {
    slug: "cong-bao",
    name: { vi: "Công báo điện tử", en: "Official gazette" },
    retentionClass: "permanent",
    mandatory: true,
    deadlineWorkingDays: null,
    kinds: ["gazette"],
    portalKinds: ["province"],
  },
];

/** The categories a portal of `kind` starts with. */
export function seedCategories(kind: "province" | "department" | "district"): CategoryDef[] {
  return SEEDS.filter((s) => s.portalKinds.includes(kind)).map(({ portalKinds: _k, ...s }, i) => ({
    ...s,
    categoryId: `cat-${s.slug}`,
    parentId: null,
    order: i + 1,
  }));
}

/** The category an item of `kind` lands in by default (e.g. Q&A created from feedback). */
export function defaultCategoryFor(kind: ContentKind): string {
  const map: Record<ContentKind, string> = {
    article: "cat-tin-tuc-su-kien",
    "legal-document": "cat-van-ban-quy-pham-phap-luat",
    "draft-for-comment": "cat-du-thao-lay-y-kien",
    procurement: "cat-du-an-dau-tu-dau-thau",
    announcement: "cat-thong-bao",
    page: "cat-gioi-thieu",
    gazette: "cat-cong-bao",
    qa: "cat-hoi-dap",
  };
  return map[kind];
}
