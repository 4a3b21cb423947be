// More demo items of Tân Yên district's portal (issue 17).
import type { DemoItem } from "../demo-content";
import { p, ul } from "./html";

export const TANYEN: DemoItem[] = [
  {
    key: "tin-buoi-do",
    kind: "article",
    categoryId: "cat-tin-tuc-su-kien",
    title: "Tân Yên mở rộng vùng trồng bưởi đỏ đạt tiêu chuẩn VietGAP lên 450 ha",
    summary: "Bưởi đỏ Tân Yên được cấp mã số vùng trồng, tiêu thụ tại các hệ thống siêu thị lớn.",
    bodyHtml: p(
      "Năm 2026, diện tích bưởi đỏ của huyện Tân Yên đạt 450 ha, tập trung tại các xã Ngọc Lý, Liên Sơn, Ngọc Vân; sản lượng ước đạt 6.500 tấn.",
      "Huyện hỗ trợ các hợp tác xã xây dựng nhãn hiệu, truy xuất nguồn gốc bằng mã QR và kết nối tiêu thụ dịp Tết Nguyên đán.",
    ),
    contributors: [{ name: "Lê Thị Thu", role: "tác giả" }],
    tags: ["nông nghiệp", "bưởi đỏ"],
  },
  {
    key: "tin-di-tich-yen-the",
    kind: "article",
    categoryId: "cat-tin-tuc-su-kien",
    title: "Tu bổ, tôn tạo các điểm di tích khởi nghĩa Yên Thế trên địa bàn huyện",
    bodyHtml: p(
      "UBND huyện Tân Yên triển khai dự án tu bổ đồn Phồn Xương và đình Cao Thượng thuộc cụm di tích quốc gia đặc biệt Những địa điểm khởi nghĩa Yên Thế.",
      "Dự án có tổng mức đầu tư 48 tỷ đồng, dự kiến hoàn thành trong năm 2027, góp phần phát triển du lịch lịch sử, văn hóa.",
    ),
    contributors: [{ name: "Nguyễn Văn Long", role: "tác giả" }],
  },
  {
    key: "hd-chinh-quyen-tiep-dan",
    kind: "article",
    categoryId: "cat-hoat-dong-chinh-quyen",
    title: "Chủ tịch UBND huyện đối thoại với người dân xã Việt Ngọc về giải phóng mặt bằng",
    bodyHtml: p(
      "Ngày 26/11, Chủ tịch UBND huyện Tân Yên chủ trì buổi đối thoại với 45 hộ dân có đất thu hồi thực hiện dự án cụm công nghiệp Việt Ngọc.",
      "Các ý kiến về đơn giá bồi thường, vị trí tái định cư được giải đáp trực tiếp; những nội dung vượt thẩm quyền được tổng hợp báo cáo UBND tỉnh.",
    ),
  },
  {
    key: "vb-qd-05-2026",
    kind: "legal-document",
    categoryId: "cat-van-ban-quy-pham-phap-luat",
    title: "Quyết định ban hành Quy chế quản lý kiến trúc thị trấn Cao Thượng",
    bodyHtml: p(
      "Quy chế quy định về quản lý kiến trúc, không gian cảnh quan đối với các tuyến phố chính, khu vực có ý nghĩa quan trọng của thị trấn Cao Thượng.",
      "Quyết định có hiệu lực kể từ ngày 01/7/2026.",
    ),
    legal: {
      number: "05/2026/QĐ-UBND",
      docType: "Quyết định",
      issuer: "Ủy ban nhân dân huyện Tân Yên",
      signer: "Hoàng Văn Thắng",
      issuedOn: "2026-06-19",
      effectiveOn: "2026-07-01",
      validity: "in-force",
    },
  },
  {
    key: "vb-cv-1845",
    kind: "legal-document",
    categoryId: "cat-van-ban-chi-dao-dieu-hanh",
    title: "Công văn về việc chủ động ứng phó rét đậm, rét hại vụ Đông Xuân 2026 - 2027",
    bodyHtml: p(
      "UBND huyện đề nghị UBND các xã, thị trấn hướng dẫn nhân dân che chắn chuồng trại, dự trữ thức ăn cho gia súc; không gieo cấy khi nhiệt độ dưới 15°C.",
      "Phòng Nông nghiệp và Phát triển nông thôn theo dõi, báo cáo tình hình thiệt hại (nếu có) hằng ngày.",
    ),
    legal: {
      number: "1845/UBND-NN",
      docType: "Công văn",
      issuer: "Ủy ban nhân dân huyện Tân Yên",
      signer: "Nguyễn Văn Hải",
      issuedOn: "2026-11-27",
      effectiveOn: "2026-11-27",
      validity: "in-force",
    },
  },
  {
    key: "du-thao-ke-hoach-ntm",
    kind: "draft-for-comment",
    categoryId: "cat-du-thao-lay-y-kien",
    title: "Dự thảo Đề án xây dựng huyện Tân Yên đạt chuẩn nông thôn mới kiểu mẫu giai đoạn 2027 - 2030",
    summary: "UBND huyện lấy ý kiến nhân dân đối với dự thảo Đề án.",
    bodyHtml: p(
      "Dự thảo Đề án đặt mục tiêu 50% số xã đạt chuẩn nông thôn mới kiểu mẫu, thu nhập bình quân đầu người đạt 95 triệu đồng/năm vào năm 2030.",
      "Ý kiến góp ý gửi qua chức năng góp ý dự thảo trên Cổng hoặc về Văn phòng Điều phối nông thôn mới huyện.",
    ),
    commentDays: 30,
  },
  {
    key: "quy-hoach-cao-thuong",
    kind: "article",
    categoryId: "cat-chien-luoc-quy-hoach-ke-hoach",
    title: "Công bố quy hoạch chung đô thị Cao Thượng mở rộng đến năm 2040",
    summary: "Quy mô lập quy hoạch khoảng 2.250 ha, dân số dự báo 45.000 người.",
    bodyHtml: p(
      "UBND huyện công bố đồ án quy hoạch chung đô thị Cao Thượng mở rộng, gồm thị trấn Cao Thượng và một phần các xã Cao Xá, Việt Lập, Liên Sơn.",
      "Đồ án định hướng phát triển đô thị loại IV, trung tâm hành chính, thương mại - dịch vụ của huyện; hồ sơ được niêm yết tại UBND huyện và trên Cổng.",
    ),
    tags: ["quy hoạch"],
  },
  {
    key: "moi-thau-truong-hoc",
    kind: "procurement",
    categoryId: "cat-du-an-dau-tu-dau-thau",
    title: "Thông báo mời thầu gói thầu xây dựng nhà lớp học 3 tầng Trường THCS Ngọc Thiện",
    bodyHtml: ul(
      "Bên mời thầu: Ban Quản lý dự án đầu tư xây dựng huyện Tân Yên;",
      "Hình thức: đấu thầu rộng rãi trong nước qua mạng;",
      "Giá gói thầu: 12,6 tỷ đồng; thời gian thực hiện 300 ngày;",
      "Đóng thầu: 9 giờ 30 ngày 19/12/2026.",
    ),
  },
  {
    key: "pho-bien-luat-an-ninh-mang",
    kind: "article",
    categoryId: "cat-pho-bien-phap-luat",
    title: "Cảnh giác với thủ đoạn lừa đảo qua mạng giả danh cơ quan nhà nước",
    bodyHtml: p(
      "Công an huyện khuyến cáo người dân không cung cấp mã OTP, không cài đặt ứng dụng lạ theo hướng dẫn qua điện thoại của người tự xưng là cán bộ công an, thuế, điện lực.",
      "Khi phát hiện dấu hiệu lừa đảo, người dân báo ngay cho Công an xã, thị trấn nơi gần nhất.",
    ),
  },
  {
    key: "hoi-dap-ho-kinh-doanh",
    kind: "qa",
    categoryId: "cat-hoi-dap",
    title: "Đăng ký hộ kinh doanh cần những giấy tờ gì?",
    bodyHtml:
      "<blockquote><p>Tôi muốn mở cửa hàng tạp hóa tại thị trấn Nhã Nam, cần chuẩn bị hồ sơ gì?</p></blockquote>" +
      p(
        "Hồ sơ gồm Giấy đề nghị đăng ký hộ kinh doanh theo mẫu; trường hợp các thành viên hộ gia đình cùng đăng ký thì có biên bản họp. Hồ sơ nộp tại Bộ phận một cửa huyện hoặc trực tuyến; thời hạn giải quyết 03 ngày làm việc.",
      ),
  },
  {
    key: "khcn-mo-hinh-lua",
    kind: "article",
    categoryId: "cat-chuong-trinh-de-tai-khoa-hoc",
    title: "Mô hình ứng dụng thiết bị bay không người lái trong chăm sóc lúa tại xã Phúc Hòa",
    bodyHtml: p(
      "Mô hình triển khai trên 50 ha lúa, giảm 30% lượng thuốc bảo vệ thực vật và 80% công lao động so với phun thủ công.",
      "Huyện sẽ nhân rộng mô hình tại các cánh đồng lớn trong vụ Xuân năm 2027.",
    ),
  },
  {
    key: "dvc-mot-cua",
    kind: "page",
    categoryId: "cat-dich-vu-cong-truc-tuyen",
    title: "Bộ phận một cửa và dịch vụ công trực tuyến huyện Tân Yên",
    bodyHtml: p(
      "Bộ phận tiếp nhận và trả kết quả huyện đặt tại Trụ sở UBND huyện, làm việc từ thứ Hai đến thứ Sáu và sáng thứ Bảy.",
      "Người dân có thể nộp hồ sơ trực tuyến trên Hệ thống thông tin giải quyết thủ tục hành chính tỉnh.",
    ),
  },
  {
    key: "lien-he",
    kind: "page",
    categoryId: "cat-thong-tin-lien-he",
    title: "Thông tin liên hệ UBND huyện Tân Yên",
    bodyHtml: p(
      "Địa chỉ: Số 222 đường Đồng Bản, thị trấn Cao Thượng, huyện Tân Yên.",
      "Điện thoại: (0204) 3.878.256. Thư điện tử: ubndtanyen@bacgiang.gov.vn.",
    ),
  },
];
