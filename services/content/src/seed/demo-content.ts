// Realistic Vietnamese demo content for the demo portals (infra/demo/portals.json). Each entry
// has a fixed id, so seeding twice changes nothing. The items of every mandatory category per
// portal are in ./demo/*.ts (issue 17).
import { BACGIANG } from "./demo/bacgiang";
import { BACGIANG_EN } from "./demo/bacgiang-en";
import { LUCNGAN } from "./demo/lucngan";
import { STP } from "./demo/stp";
import { STTTT } from "./demo/stttt";
import { TANYEN } from "./demo/tanyen";

export interface DemoItem {
  key: string;
  kind:
    | "article"
    | "legal-document"
    | "draft-for-comment"
    | "procurement"
    | "announcement"
    | "page"
    | "qa"
    | "gazette";
  categoryId: string;
  title: string;
  summary?: string;
  bodyHtml: string;
  /** the English version (only on a portal offering English) */
  en?: { title: string; summary?: string; bodyHtml: string };
  contributors?: { name: string; role?: string }[];
  tags?: string[];
  legal?: {
    number: string;
    docType: string;
    issuer: string;
    signer: string;
    issuedOn: string;
    effectiveOn: string | null;
    validity: "not-yet-effective" | "in-force" | "partly-expired" | "expired";
  };
  /** comment window in days from the seeding day */
  commentDays?: number;
  /** leave as a draft (not published) */
  draftOnly?: boolean;
}

const BASE: Record<string, DemoItem[]> = {
  bacgiang: [
    {
      key: "tin-chuyen-doi-so-2026",
      kind: "article",
      categoryId: "cat-tin-tuc-su-kien",
      title: "Bắc Giang đẩy mạnh chuyển đổi số trong cơ quan nhà nước năm 2026",
      summary: "UBND tỉnh đặt mục tiêu 100% hồ sơ công việc cấp tỉnh được xử lý trên môi trường mạng.",
      bodyHtml:
        "<p>Sáng 25/11, UBND tỉnh Bắc Giang tổ chức hội nghị sơ kết công tác chuyển đổi số. Đồng chí Phó Chủ tịch UBND tỉnh chủ trì hội nghị.</p><p>Năm 2026, tỉnh phấn đấu 100% hồ sơ công việc tại cấp tỉnh, 90% tại cấp huyện được xử lý trên môi trường mạng; tỷ lệ hồ sơ trực tuyến toàn trình đạt trên 60%.</p>",
      contributors: [
        { name: "Nguyễn Thị Hương", role: "phóng viên" },
        { name: "Trần Văn Minh", role: "ảnh" },
      ],
      tags: ["chuyển đổi số", "cải cách hành chính"],
    },
    {
      key: "du-thao-ke-hoach-cds",
      kind: "draft-for-comment",
      categoryId: "cat-du-thao-lay-y-kien",
      title:
        "Dự thảo Quyết định ban hành Quy định quản lý, vận hành Trung tâm Điều hành thông minh tỉnh Bắc Giang",
      summary: "Lấy ý kiến góp ý của cơ quan, tổ chức, cá nhân đối với dự thảo Quyết định.",
      bodyHtml:
        "<p>Thực hiện quy định của Luật Ban hành văn bản quy phạm pháp luật, Sở Thông tin và Truyền thông đăng tải toàn văn dự thảo để lấy ý kiến góp ý.</p><p>Ý kiến góp ý gửi qua chức năng góp ý trên Cổng hoặc hộp thư banbientap@bacgiang.gov.vn.</p>",
      commentDays: 30,
      tags: ["dự thảo", "lấy ý kiến"],
    },
    {
      key: "thong-bao-tiep-cong-dan",
      kind: "announcement",
      categoryId: "cat-thong-bao",
      title: "Thông báo lịch tiếp công dân định kỳ của Chủ tịch UBND tỉnh tháng 12/2026",
      bodyHtml:
        "<p>Chủ tịch UBND tỉnh tiếp công dân định kỳ vào ngày 15/12/2026 tại Trụ sở Tiếp công dân tỉnh, số 2 đường Nguyễn Văn Cừ, thành phố Bắc Giang.</p>",
    },
    {
      key: "gioi-thieu-tinh",
      kind: "page",
      categoryId: "cat-gioi-thieu",
      title: "Giới thiệu khái quát tỉnh Bắc Giang",
      bodyHtml:
        "<p>Bắc Giang là tỉnh miền núi thuộc vùng Đông Bắc Bộ, cách Thủ đô Hà Nội khoảng 50 km, có diện tích tự nhiên 3.895 km².</p><p>Tỉnh có 10 đơn vị hành chính cấp huyện, gồm thành phố Bắc Giang và các huyện Yên Thế, Tân Yên, Lạng Giang, Lục Nam, Lục Ngạn, Sơn Động, Yên Dũng, Việt Yên, Hiệp Hòa.</p>",
    },
    {
      key: "dau-thau-may-chu",
      kind: "procurement",
      categoryId: "cat-du-an-dau-tu-dau-thau",
      title: "Thông báo mời thầu gói thầu mua sắm thiết bị máy chủ cho Trung tâm Tích hợp dữ liệu tỉnh",
      bodyHtml:
        "<p>Bên mời thầu: Sở Thông tin và Truyền thông tỉnh Bắc Giang. Hình thức lựa chọn nhà thầu: đấu thầu rộng rãi qua mạng.</p>",
    },
  ],
  stttt: [
    {
      key: "tin-an-toan-thong-tin",
      kind: "article",
      categoryId: "cat-tin-tuc-su-kien",
      title: "Diễn tập bảo đảm an toàn thông tin mạng tỉnh Bắc Giang năm 2026",
      bodyHtml:
        "<p>Sở Thông tin và Truyền thông phối hợp với Trung tâm Giám sát an toàn không gian mạng quốc gia tổ chức diễn tập thực chiến với sự tham gia của 35 cơ quan, đơn vị.</p>",
      contributors: [{ name: "Dương Thị Oanh", role: "tác giả" }],
      tags: ["an toàn thông tin"],
    },
    {
      key: "lien-he",
      kind: "page",
      categoryId: "cat-thong-tin-lien-he",
      title: "Thông tin liên hệ Sở Thông tin và Truyền thông",
      bodyHtml:
        "<p>Địa chỉ: Tầng 5, Khu Liên cơ quan số 2, đường Hoàng Văn Thụ, thành phố Bắc Giang. Điện thoại: (0204) 3.556.226.</p>",
    },
  ],
  stp: [
    {
      key: "pho-bien-luat-tiep-can-thong-tin",
      kind: "article",
      categoryId: "cat-pho-bien-phap-luat",
      title: "Tìm hiểu quyền tiếp cận thông tin của công dân theo Luật Tiếp cận thông tin",
      bodyHtml:
        "<p>Luật Tiếp cận thông tin năm 2016 quy định công dân được tiếp cận thông tin do cơ quan nhà nước tạo ra hoặc nắm giữ, trừ thông tin không được tiếp cận.</p>",
      contributors: [{ name: "Hoàng Văn Đức", role: "tác giả" }],
    },
    {
      key: "hoi-dap-chung-thuc",
      kind: "qa",
      categoryId: "cat-hoi-dap",
      title: "Chứng thực bản sao từ bản chính có cần mang theo bản chính không?",
      bodyHtml:
        "<blockquote><p>Tôi muốn chứng thực bản sao giấy khai sinh, có bắt buộc mang bản chính không?</p></blockquote><p>Theo Nghị định số 23/2015/NĐ-CP, người yêu cầu chứng thực phải xuất trình bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao.</p>",
    },
  ],
  tanyen: [
    {
      key: "tin-nong-thon-moi",
      kind: "article",
      categoryId: "cat-tin-tuc-su-kien",
      title: "Huyện Tân Yên đón nhận Bằng công nhận đạt chuẩn nông thôn mới nâng cao",
      bodyHtml:
        "<p>Tân Yên là một trong những huyện đầu tiên của tỉnh đạt chuẩn nông thôn mới nâng cao, với thu nhập bình quân đầu người đạt trên 70 triệu đồng/năm.</p>",
      contributors: [{ name: "Lê Thị Thu", role: "tác giả" }],
    },
    {
      key: "gioi-thieu-huyen",
      kind: "page",
      categoryId: "cat-gioi-thieu",
      title: "Giới thiệu huyện Tân Yên",
      bodyHtml:
        "<p>Huyện Tân Yên nằm ở phía Tây Bắc tỉnh Bắc Giang, là quê hương của cuộc khởi nghĩa Yên Thế do Hoàng Hoa Thám lãnh đạo.</p>",
    },
  ],
  lucngan: [
    {
      key: "tin-vai-thieu",
      kind: "article",
      categoryId: "cat-tin-tuc-su-kien",
      title: "Lục Ngạn triển khai kế hoạch tiêu thụ vải thiều vụ mùa năm 2026",
      bodyHtml:
        "<p>Vụ vải thiều năm 2026, toàn huyện có khoảng 15.000 ha vải thiều, sản lượng dự kiến đạt 110.000 tấn; trong đó diện tích vải đạt tiêu chuẩn VietGAP chiếm trên 60%.</p>",
      contributors: [{ name: "Vi Văn Thắng", role: "tác giả" }],
      tags: ["vải thiều", "nông nghiệp"],
    },
    {
      key: "du-thao-bao-cao-nhap",
      kind: "article",
      categoryId: "cat-tin-tuc-su-kien",
      title: "Bản nháp: Kết quả thực hiện nhiệm vụ phát triển kinh tế - xã hội 11 tháng",
      bodyHtml: "<p>Bản nháp đang biên tập.</p>",
      draftOnly: true,
    },
  ],
};

export const DEMO_CONTENT: Record<string, DemoItem[]> = {
  bacgiang: [...(BASE.bacgiang ?? []), ...BACGIANG, ...BACGIANG_EN],
  stttt: [...(BASE.stttt ?? []), ...STTTT],
  stp: [...(BASE.stp ?? []), ...STP],
  tanyen: [...(BASE.tanyen ?? []), ...TANYEN],
  lucngan: [...(BASE.lucngan ?? []), ...LUCNGAN],
};
