// More demo items of Lục Ngạn district's portal (issue 17).
import type { DemoItem } from "../demo-content";
import { p, ul } from "./html";

export const LUCNGAN: DemoItem[] = [
  {
    key: "tin-le-hoi-vai",
    kind: "article",
    categoryId: "cat-tin-tuc-su-kien",
    title: "Lục Ngạn tổng kết vụ vải thiều 2026: tổng doanh thu đạt hơn 6.000 tỷ đồng",
    summary: "Vải thiều được xuất khẩu sang 30 quốc gia và vùng lãnh thổ.",
    bodyHtml: p(
      "Vụ vải thiều năm 2026, huyện Lục Ngạn tiêu thụ 112.000 tấn quả, tổng doanh thu từ vải và dịch vụ phụ trợ đạt hơn 6.000 tỷ đồng.",
      "Sản phẩm vải thiều được xuất khẩu sang Nhật Bản, Hoa Kỳ, Úc, EU; tiêu thụ qua thương mại điện tử tăng mạnh.",
    ),
    contributors: [{ name: "Vi Văn Thắng", role: "tác giả" }],
    tags: ["vải thiều"],
  },
  {
    key: "tin-giao-thong-nong-thon",
    kind: "article",
    categoryId: "cat-tin-tuc-su-kien",
    title: "Hoàn thành 38 km đường giao thông nông thôn tại các xã vùng cao",
    bodyHtml: p(
      "Năm 2026, huyện Lục Ngạn hoàn thành cứng hóa 38 km đường trục thôn tại các xã Sa Lý, Phong Minh, Cấm Sơn với sự đóng góp của nhân dân.",
      "Các tuyến đường giúp việc vận chuyển nông sản thuận lợi, rút ngắn thời gian đi lại đến trung tâm huyện.",
    ),
    contributors: [{ name: "Hà Thị Nga", role: "tác giả" }],
  },
  {
    key: "gioi-thieu-huyen",
    kind: "page",
    categoryId: "cat-gioi-thieu",
    title: "Giới thiệu huyện Lục Ngạn",
    bodyHtml: p(
      "Lục Ngạn là huyện miền núi nằm ở phía Đông tỉnh Bắc Giang, diện tích tự nhiên hơn 1.000 km², là vùng sản xuất vải thiều lớn nhất cả nước.",
      "Huyện có 28 đơn vị hành chính cấp xã, dân số khoảng 230.000 người, gồm các dân tộc Kinh, Nùng, Tày, Sán Dìu, Hoa.",
    ),
  },
  {
    key: "hd-chinh-quyen-kiem-tra",
    kind: "article",
    categoryId: "cat-hoat-dong-chinh-quyen",
    title: "UBND huyện kiểm tra công tác chuyển đổi cơ cấu cây trồng tại xã Biên Sơn",
    bodyHtml: p(
      "Đoàn công tác của UBND huyện kiểm tra mô hình trồng cam, bưởi, ổi xen canh trên diện tích vải kém hiệu quả tại xã Biên Sơn.",
      "Chủ tịch UBND huyện đề nghị xã hướng dẫn người dân sản xuất theo quy trình VietGAP, liên kết với doanh nghiệp tiêu thụ.",
    ),
  },
  {
    key: "vb-qd-03-2026",
    kind: "legal-document",
    categoryId: "cat-van-ban-quy-pham-phap-luat",
    title: "Quyết định ban hành Quy định quản lý, sử dụng nhãn hiệu chứng nhận Vải thiều Lục Ngạn",
    bodyHtml: p(
      "Quy định điều kiện, trình tự cấp quyền sử dụng nhãn hiệu chứng nhận Vải thiều Lục Ngạn đối với tổ chức, cá nhân sản xuất, kinh doanh.",
      "Quyết định có hiệu lực kể từ ngày 10/5/2026.",
    ),
    legal: {
      number: "03/2026/QĐ-UBND",
      docType: "Quyết định",
      issuer: "Ủy ban nhân dân huyện Lục Ngạn",
      signer: "Đàm Văn Hải",
      issuedOn: "2026-04-28",
      effectiveOn: "2026-05-10",
      validity: "in-force",
    },
  },
  {
    key: "vb-kh-tet",
    kind: "legal-document",
    categoryId: "cat-van-ban-chi-dao-dieu-hanh",
    title: "Kế hoạch tổ chức các hoạt động mừng Đảng, mừng Xuân Đinh Mùi năm 2027",
    bodyHtml: p(
      "Kế hoạch tổ chức các hoạt động văn hóa, thể thao, thăm hỏi, tặng quà gia đình chính sách, hộ nghèo dịp Tết Nguyên đán.",
      "Các cơ quan, đơn vị bảo đảm an ninh trật tự, an toàn giao thông và phòng chống cháy nổ trong dịp Tết.",
    ),
    legal: {
      number: "312/KH-UBND",
      docType: "Kế hoạch",
      issuer: "Ủy ban nhân dân huyện Lục Ngạn",
      signer: "Đàm Văn Hải",
      issuedOn: "2026-11-30",
      effectiveOn: "2026-11-30",
      validity: "in-force",
    },
  },
  {
    key: "du-thao-quy-che-cho",
    kind: "draft-for-comment",
    categoryId: "cat-du-thao-lay-y-kien",
    title: "Dự thảo Nội quy chợ đầu mối nông sản thị trấn Chũ",
    summary: "Lấy ý kiến tiểu thương và nhân dân đối với dự thảo Nội quy.",
    bodyHtml: p(
      "Dự thảo quy định giờ hoạt động, khu vực tập kết xe tải, trách nhiệm giữ gìn vệ sinh, an toàn thực phẩm và phòng cháy, chữa cháy tại chợ.",
      "Ý kiến góp ý gửi qua chức năng góp ý dự thảo trên Cổng hoặc về Phòng Kinh tế và Hạ tầng huyện.",
    ),
    commentDays: 30,
  },
  {
    key: "quy-hoach-vung-vai",
    kind: "article",
    categoryId: "cat-chien-luoc-quy-hoach-ke-hoach",
    title: "Quy hoạch vùng sản xuất vải thiều hàng hóa tập trung đến năm 2030",
    bodyHtml:
      p("Huyện duy trì ổn định 15.000 ha vải thiều, trong đó:") +
      ul(
        "12.000 ha đạt tiêu chuẩn VietGAP;",
        "1.500 ha đạt tiêu chuẩn GlobalGAP phục vụ xuất khẩu;",
        "100% vùng trồng xuất khẩu được cấp mã số.",
      ),
    tags: ["quy hoạch", "vải thiều"],
  },
  {
    key: "moi-thau-kho-lanh",
    kind: "procurement",
    categoryId: "cat-du-an-dau-tu-dau-thau",
    title: "Thông báo mời thầu gói thầu xây dựng kho lạnh bảo quản nông sản xã Phượng Sơn",
    bodyHtml: ul(
      "Bên mời thầu: Ban Quản lý dự án đầu tư xây dựng huyện Lục Ngạn;",
      "Hình thức: đấu thầu rộng rãi qua mạng;",
      "Giá gói thầu: 9,8 tỷ đồng; thời gian thực hiện 210 ngày;",
      "Đóng thầu: 9 giờ 00 ngày 23/12/2026.",
    ),
  },
  {
    key: "pho-bien-luat-trong-trot",
    kind: "article",
    categoryId: "cat-pho-bien-phap-luat",
    title: "Quy định về cấp mã số vùng trồng theo Luật Trồng trọt",
    bodyHtml: p(
      "Mã số vùng trồng là mã định danh cho một vùng trồng, phục vụ truy xuất nguồn gốc và xuất khẩu nông sản.",
      "Tổ chức, cá nhân đề nghị cấp mã số phải ghi chép nhật ký canh tác và chấp hành quy định về sử dụng thuốc bảo vệ thực vật.",
    ),
  },
  {
    key: "hoi-dap-vay-von",
    kind: "qa",
    categoryId: "cat-hoi-dap",
    title: "Hộ nghèo vay vốn phát triển sản xuất được vay tối đa bao nhiêu?",
    bodyHtml:
      "<blockquote><p>Gia đình tôi ở xã Kim Sơn thuộc hộ nghèo, muốn vay vốn trồng cây ăn quả thì được vay bao nhiêu?</p></blockquote>" +
      p(
        "Hộ nghèo được vay tối đa 100 triệu đồng tại Ngân hàng Chính sách xã hội, không phải thế chấp tài sản; hồ sơ được lập qua Tổ tiết kiệm và vay vốn ở thôn.",
      ),
  },
  {
    key: "khcn-bao-quan-vai",
    kind: "article",
    categoryId: "cat-chuong-trinh-de-tai-khoa-hoc",
    title: "Ứng dụng công nghệ bảo quản vải thiều tươi bằng màng sinh học",
    bodyHtml: p(
      "Đề tài cấp tỉnh thử nghiệm bảo quản vải thiều bằng màng sinh học kết hợp kho lạnh, kéo dài thời gian bảo quản lên 30 ngày.",
      "Kết quả mở ra hướng xuất khẩu vải thiều bằng đường biển, giảm chi phí vận chuyển.",
    ),
  },
  {
    key: "dvc-mot-cua",
    kind: "page",
    categoryId: "cat-dich-vu-cong-truc-tuyen",
    title: "Hướng dẫn thủ tục hành chính tại Bộ phận một cửa huyện Lục Ngạn",
    bodyHtml: p(
      "Bộ phận một cửa huyện tiếp nhận hồ sơ của 270 thủ tục hành chính thuộc thẩm quyền cấp huyện.",
      "Người dân có thể tra cứu tiến độ giải quyết hồ sơ bằng mã hồ sơ trên Cổng dịch vụ công của tỉnh.",
    ),
  },
  {
    key: "lien-he",
    kind: "page",
    categoryId: "cat-thong-tin-lien-he",
    title: "Thông tin liên hệ UBND huyện Lục Ngạn",
    bodyHtml: p(
      "Địa chỉ: Tổ dân phố Trường Chinh, thị trấn Chũ, huyện Lục Ngạn.",
      "Điện thoại: (0204) 3.882.209. Thư điện tử: ubndlucngan@bacgiang.gov.vn.",
    ),
  },
];
