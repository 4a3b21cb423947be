// More demo items of the Department of Information and Communications' portal (issue 17).
import type { DemoItem } from "../demo-content";
import { p, ul } from "./html";

export const STTTT: DemoItem[] = [
  {
    key: "tin-buu-chinh-so",
    kind: "article",
    categoryId: "cat-tin-tuc-su-kien",
    title: "Bưu điện tỉnh hỗ trợ 20.000 hộ nông dân đưa nông sản lên sàn thương mại điện tử",
    summary:
      "Vải thiều, cam Bố Hạ, mỳ Chũ được giới thiệu trên sàn Postmart và các sàn thương mại điện tử lớn.",
    bodyHtml: p(
      "Sở Thông tin và Truyền thông phối hợp với Bưu điện tỉnh tổ chức tập huấn kỹ năng bán hàng trực tuyến cho hộ sản xuất tại các huyện Lục Ngạn, Yên Thế, Tân Yên.",
      "Đến nay, hơn 20.000 hộ nông dân đã có gian hàng trên sàn Postmart; doanh thu qua kênh trực tuyến năm 2026 ước đạt 310 tỷ đồng, tăng 35% so với năm trước.",
    ),
    contributors: [{ name: "Dương Thị Oanh", role: "tác giả" }],
    tags: ["kinh tế số", "thương mại điện tử"],
  },
  {
    key: "tin-song-5g",
    kind: "article",
    categoryId: "cat-tin-tuc-su-kien",
    title: "Phủ sóng 5G tại 100% khu công nghiệp trên địa bàn tỉnh",
    summary: "Các doanh nghiệp viễn thông hoàn thành lắp đặt 640 trạm phát sóng 5G trong năm 2026.",
    bodyHtml: p(
      "Đến hết tháng 11/2026, các doanh nghiệp viễn thông đã lắp đặt 640 trạm BTS 5G, phủ sóng toàn bộ các khu công nghiệp và trung tâm các huyện, thị xã, thành phố.",
      "Sở Thông tin và Truyền thông đề nghị các địa phương tạo điều kiện về mặt bằng, hướng dẫn thủ tục cấp phép xây dựng trạm thu phát sóng theo quy định.",
    ),
    contributors: [{ name: "Ngô Văn Khánh", role: "tác giả" }],
    tags: ["viễn thông", "5G"],
  },
  {
    key: "gioi-thieu-so",
    kind: "page",
    categoryId: "cat-gioi-thieu",
    title: "Chức năng, nhiệm vụ và cơ cấu tổ chức Sở Thông tin và Truyền thông",
    bodyHtml:
      p(
        "Sở Thông tin và Truyền thông là cơ quan chuyên môn thuộc UBND tỉnh, tham mưu quản lý nhà nước về báo chí, xuất bản, bưu chính, viễn thông, công nghệ thông tin và chuyển đổi số.",
      ) +
      ul(
        "Lãnh đạo Sở: Giám đốc và 02 Phó Giám đốc;",
        "Các phòng: Văn phòng, Thanh tra, Phòng Thông tin - Báo chí - Xuất bản, Phòng Bưu chính - Viễn thông, Phòng Công nghệ thông tin;",
        "Đơn vị sự nghiệp: Trung tâm Công nghệ thông tin và Truyền thông.",
      ),
  },
  {
    key: "vb-qd-28-2026",
    kind: "legal-document",
    categoryId: "cat-van-ban-quy-pham-phap-luat",
    title:
      "Quyết định ban hành Quy chế bảo đảm an toàn thông tin mạng trong hoạt động của cơ quan nhà nước tỉnh Bắc Giang",
    summary:
      "Quyết định số 28/2026/QĐ-UBND quy định trách nhiệm bảo đảm an toàn hệ thống thông tin theo cấp độ.",
    bodyHtml: p(
      "Quy chế quy định nguyên tắc, biện pháp bảo đảm an toàn thông tin mạng và trách nhiệm của cơ quan, đơn vị, cán bộ, công chức, viên chức trong tỉnh.",
      "Người đứng đầu cơ quan chịu trách nhiệm phê duyệt hồ sơ đề xuất cấp độ và triển khai phương án bảo đảm an toàn hệ thống thông tin thuộc phạm vi quản lý.",
    ),
    legal: {
      number: "28/2026/QĐ-UBND",
      docType: "Quyết định",
      issuer: "Ủy ban nhân dân tỉnh Bắc Giang",
      signer: "Phan Thế Tuấn",
      issuedOn: "2026-08-14",
      effectiveOn: "2026-08-25",
      validity: "in-force",
    },
  },
  {
    key: "vb-cv-2150",
    kind: "legal-document",
    categoryId: "cat-van-ban-chi-dao-dieu-hanh",
    title: "Công văn về việc rà soát, cập nhật dữ liệu lên Kho dữ liệu dùng chung của tỉnh",
    summary: "Các cơ quan hoàn thành cập nhật danh mục dữ liệu mở trước ngày 31/12/2026.",
    bodyHtml: p(
      "Thực hiện Kế hoạch chuyển đổi số năm 2026, Sở Thông tin và Truyền thông đề nghị các sở, ban, ngành, UBND các huyện rà soát, cập nhật dữ liệu chuyên ngành lên Kho dữ liệu dùng chung.",
      "Kết quả báo cáo về Sở trước ngày 31/12/2026 qua Hệ thống quản lý văn bản và điều hành.",
    ),
    legal: {
      number: "2150/STTTT-CNTT",
      docType: "Công văn",
      issuer: "Sở Thông tin và Truyền thông tỉnh Bắc Giang",
      signer: "Trần Quang Huy",
      issuedOn: "2026-11-18",
      effectiveOn: "2026-11-18",
      validity: "in-force",
    },
  },
  {
    key: "du-thao-qd-so-hoa",
    kind: "draft-for-comment",
    categoryId: "cat-du-thao-lay-y-kien",
    title:
      "Dự thảo Quyết định quy định quản lý, khai thác Nền tảng tích hợp, chia sẻ dữ liệu tỉnh Bắc Giang (LGSP)",
    summary: "Lấy ý kiến các cơ quan, doanh nghiệp công nghệ đối với dự thảo Quyết định.",
    bodyHtml: p(
      "Dự thảo quy định việc kết nối, chia sẻ dữ liệu giữa các hệ thống thông tin của tỉnh qua Nền tảng LGSP, trách nhiệm của đơn vị vận hành và đơn vị khai thác.",
      "Ý kiến góp ý gửi qua chức năng góp ý dự thảo trên Cổng hoặc về Phòng Công nghệ thông tin, Sở Thông tin và Truyền thông.",
    ),
    commentDays: 30,
  },
  {
    key: "ke-hoach-cds-2027",
    kind: "article",
    categoryId: "cat-chien-luoc-quy-hoach-ke-hoach",
    title: "Kế hoạch chuyển đổi số tỉnh Bắc Giang năm 2027",
    summary:
      "Mục tiêu kinh tế số chiếm 22% GRDP; 80% hồ sơ thủ tục hành chính được xử lý trực tuyến toàn trình.",
    bodyHtml:
      p("Kế hoạch xác định ba trụ cột chính quyền số, kinh tế số và xã hội số, với các chỉ tiêu chủ yếu:") +
      ul(
        "Tỷ trọng kinh tế số đạt 22% GRDP;",
        "80% hồ sơ thủ tục hành chính xử lý trực tuyến toàn trình;",
        "100% thôn, tổ dân phố có tổ công nghệ số cộng đồng.",
      ),
  },
  {
    key: "moi-thau-phan-mem",
    kind: "procurement",
    categoryId: "cat-du-an-dau-tu-dau-thau",
    title: "Thông báo mời thầu gói thầu Thuê dịch vụ giám sát an toàn thông tin (SOC) năm 2027",
    bodyHtml:
      p("Bên mời thầu: Trung tâm Công nghệ thông tin và Truyền thông, Sở Thông tin và Truyền thông.") +
      ul(
        "Hình thức: chào hàng cạnh tranh qua mạng;",
        "Giá gói thầu: 3,85 tỷ đồng; thời gian thực hiện 12 tháng;",
        "Đóng thầu: 14 giờ 00 ngày 18/12/2026.",
      ),
  },
  {
    key: "pho-bien-luat-giao-dich-dien-tu",
    kind: "article",
    categoryId: "cat-pho-bien-phap-luat",
    title: "Luật Giao dịch điện tử năm 2023: chữ ký số có giá trị pháp lý như chữ ký tay",
    bodyHtml: p(
      "Luật Giao dịch điện tử năm 2023 có hiệu lực từ ngày 01/7/2024, mở rộng phạm vi áp dụng giao dịch điện tử trong hoạt động của cơ quan nhà nước, dân sự, kinh doanh, thương mại.",
      "Chữ ký số bảo đảm an toàn theo quy định có giá trị pháp lý tương đương chữ ký của người đó trên văn bản giấy.",
    ),
  },
  {
    key: "hoi-dap-chu-ky-so",
    kind: "qa",
    categoryId: "cat-hoi-dap",
    title: "Người dân đăng ký chữ ký số công cộng ở đâu?",
    bodyHtml:
      "<blockquote><p>Tôi ở huyện Việt Yên, muốn có chữ ký số để nộp hồ sơ trực tuyến thì đăng ký ở đâu?</p></blockquote>" +
      p(
        "Ông (bà) có thể đăng ký với các tổ chức cung cấp dịch vụ chứng thực chữ ký số công cộng được Bộ Thông tin và Truyền thông cấp phép, tại các điểm giao dịch của doanh nghiệp viễn thông hoặc trực tuyến; nhiều dịch vụ chữ ký số từ xa được đăng ký ngay trên điện thoại.",
      ),
  },
  {
    key: "khcn-nen-tang",
    kind: "article",
    categoryId: "cat-chuong-trinh-de-tai-khoa-hoc",
    title: "Nghiệm thu đề tài ứng dụng trí tuệ nhân tạo phân loại phản ánh, kiến nghị của người dân",
    bodyHtml: p(
      "Hội đồng khoa học cấp tỉnh đã nghiệm thu đề tài do Trung tâm Công nghệ thông tin và Truyền thông chủ trì, xếp loại khá.",
      "Mô hình tự động phân loại phản ánh theo lĩnh vực với độ chính xác trên 90%, giúp rút ngắn thời gian chuyển xử lý.",
    ),
  },
  {
    key: "dvc-bao-chi",
    kind: "page",
    categoryId: "cat-dich-vu-cong-truc-tuyen",
    title: "Dịch vụ công trực tuyến lĩnh vực thông tin và truyền thông",
    bodyHtml:
      p("Sở cung cấp dịch vụ công trực tuyến toàn trình đối với các thủ tục:") +
      ul(
        "Cấp giấy phép xuất bản bản tin;",
        "Cấp giấy phép hoạt động in;",
        "Cấp giấy phép thiết lập trang thông tin điện tử tổng hợp.",
      ),
  },
];
