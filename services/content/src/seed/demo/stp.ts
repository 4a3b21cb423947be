// More demo items of the Department of Justice's portal (issue 17).
import type { DemoItem } from "../demo-content";
import { p, ul } from "./html";

export const STP: DemoItem[] = [
  {
    key: "tin-ngay-phap-luat",
    kind: "article",
    categoryId: "cat-tin-tuc-su-kien",
    title: "Hưởng ứng Ngày Pháp luật Việt Nam năm 2026 với chủ đề chuyển đổi số",
    summary: "Hơn 1.200 hoạt động tuyên truyền pháp luật được tổ chức tại cơ sở.",
    bodyHtml: p(
      "Sở Tư pháp tổ chức lễ hưởng ứng Ngày Pháp luật nước Cộng hòa xã hội chủ nghĩa Việt Nam (9/11) với sự tham gia của đại diện các sở, ngành và UBND các huyện.",
      "Trong đợt cao điểm, toàn tỉnh tổ chức hơn 1.200 hội nghị, tọa đàm, cuộc thi tìm hiểu pháp luật, trong đó nhiều hoạt động được thực hiện trên nền tảng số.",
    ),
    contributors: [{ name: "Hoàng Văn Đức", role: "tác giả" }],
  },
  {
    key: "tin-tro-giup-phap-ly",
    kind: "article",
    categoryId: "cat-tin-tuc-su-kien",
    title: "Trợ giúp pháp lý lưu động tại xã vùng cao Thanh Luận, huyện Sơn Động",
    bodyHtml: p(
      "Trung tâm Trợ giúp pháp lý nhà nước tỉnh tổ chức đợt trợ giúp pháp lý lưu động, tư vấn cho 150 lượt người dân tộc thiểu số về đất đai, hôn nhân gia đình, chính sách an sinh.",
      "Trung tâm cũng cấp phát tờ gấp pháp luật song ngữ và hướng dẫn người dân yêu cầu trợ giúp pháp lý miễn phí.",
    ),
    contributors: [{ name: "Lương Thị Mai", role: "tác giả" }],
  },
  {
    key: "gioi-thieu-so",
    kind: "page",
    categoryId: "cat-gioi-thieu",
    title: "Giới thiệu Sở Tư pháp tỉnh Bắc Giang",
    bodyHtml: p(
      "Sở Tư pháp là cơ quan chuyên môn thuộc UBND tỉnh, tham mưu quản lý nhà nước về công tác xây dựng, thẩm định văn bản quy phạm pháp luật, phổ biến giáo dục pháp luật, hộ tịch, lý lịch tư pháp, bổ trợ tư pháp.",
      "Cơ cấu tổ chức gồm Văn phòng, Thanh tra, 04 phòng chuyên môn và 03 đơn vị sự nghiệp.",
    ),
  },
  {
    key: "vb-qd-33-2026",
    kind: "legal-document",
    categoryId: "cat-van-ban-quy-pham-phap-luat",
    title:
      "Quyết định ban hành Quy chế phối hợp trong công tác kiểm tra, xử lý và rà soát văn bản quy phạm pháp luật",
    bodyHtml: p(
      "Quy chế quy định nguyên tắc, nội dung, hình thức phối hợp giữa Sở Tư pháp với các sở, ngành và UBND cấp huyện trong kiểm tra, xử lý văn bản.",
      "Quyết định có hiệu lực kể từ ngày 01/10/2026.",
    ),
    legal: {
      number: "33/2026/QĐ-UBND",
      docType: "Quyết định",
      issuer: "Ủy ban nhân dân tỉnh Bắc Giang",
      signer: "Mai Sơn",
      issuedOn: "2026-09-18",
      effectiveOn: "2026-10-01",
      validity: "in-force",
    },
  },
  {
    key: "vb-kh-pbgdpl",
    kind: "legal-document",
    categoryId: "cat-van-ban-chi-dao-dieu-hanh",
    title: "Kế hoạch phổ biến, giáo dục pháp luật năm 2027",
    bodyHtml: p(
      "Kế hoạch xác định trọng tâm phổ biến các luật mới có hiệu lực, chú trọng đối tượng người lao động trong khu công nghiệp và đồng bào dân tộc thiểu số.",
      "Các cơ quan, địa phương xây dựng kế hoạch chi tiết, báo cáo kết quả trước ngày 15/11/2027.",
    ),
    legal: {
      number: "186/KH-UBND",
      docType: "Kế hoạch",
      issuer: "Ủy ban nhân dân tỉnh Bắc Giang",
      signer: "Mai Sơn",
      issuedOn: "2026-11-25",
      effectiveOn: "2026-11-25",
      validity: "in-force",
    },
  },
  {
    key: "du-thao-qd-hoa-giai",
    kind: "draft-for-comment",
    categoryId: "cat-du-thao-lay-y-kien",
    title: "Dự thảo Quyết định quy định mức chi hỗ trợ hoạt động hòa giải ở cơ sở trên địa bàn tỉnh",
    summary: "Sở Tư pháp lấy ý kiến đối với dự thảo Quyết định của UBND tỉnh.",
    bodyHtml: p(
      "Dự thảo quy định mức chi thù lao cho hòa giải viên theo vụ, việc và mức hỗ trợ khi hòa giải viên gặp tai nạn hoặc rủi ro ảnh hưởng đến sức khỏe, tính mạng.",
      "Ý kiến góp ý gửi qua chức năng góp ý dự thảo trên Cổng hoặc về Phòng Phổ biến, giáo dục pháp luật.",
    ),
    commentDays: 30,
  },
  {
    key: "ke-hoach-tiep-can-phap-luat",
    kind: "article",
    categoryId: "cat-chien-luoc-quy-hoach-ke-hoach",
    title: "Kế hoạch đánh giá, công nhận xã, phường, thị trấn đạt chuẩn tiếp cận pháp luật năm 2026",
    bodyHtml: p(
      "Phấn đấu 95% xã, phường, thị trấn đạt chuẩn tiếp cận pháp luật; hoàn thành đánh giá trước ngày 15/01/2027.",
      "UBND cấp huyện chịu trách nhiệm hướng dẫn, kiểm tra việc tự chấm điểm của cấp xã.",
    ),
  },
  {
    key: "moi-thau-so-hoa-ho-tich",
    kind: "procurement",
    categoryId: "cat-du-an-dau-tu-dau-thau",
    title: "Thông báo mời thầu gói thầu Số hóa dữ liệu hộ tịch giai đoạn 2 tại các huyện Lạng Giang, Yên Thế",
    bodyHtml: ul(
      "Bên mời thầu: Sở Tư pháp tỉnh Bắc Giang;",
      "Hình thức: đấu thầu rộng rãi qua mạng;",
      "Giá gói thầu: 7,2 tỷ đồng; thời gian thực hiện 240 ngày;",
      "Đóng thầu: 10 giờ 00 ngày 21/12/2026.",
    ),
  },
  {
    key: "pho-bien-luat-hon-nhan",
    kind: "article",
    categoryId: "cat-pho-bien-phap-luat",
    title: "Đăng ký kết hôn trực tuyến: những điều cần biết",
    bodyHtml: p(
      "Từ năm 2025, công dân có thể nộp hồ sơ đăng ký kết hôn trực tuyến, hai bên nam, nữ có mặt tại UBND cấp xã để ký Giấy chứng nhận kết hôn.",
      "Thông tin về tình trạng hôn nhân được khai thác từ Cơ sở dữ liệu hộ tịch điện tử, người dân không phải nộp giấy xác nhận nếu dữ liệu đã có.",
    ),
  },
  {
    key: "khcn-de-tai-van-ban",
    kind: "article",
    categoryId: "cat-chuong-trinh-de-tai-khoa-hoc",
    title: "Đề tài nghiên cứu nâng cao chất lượng thẩm định văn bản quy phạm pháp luật cấp huyện",
    bodyHtml: p(
      "Đề tài cấp tỉnh do Sở Tư pháp chủ trì, thực hiện trong 18 tháng, khảo sát tại 10 huyện, thị xã, thành phố.",
      "Kết quả đề xuất bộ tiêu chí thẩm định và mẫu báo cáo thẩm định thống nhất.",
    ),
  },
  {
    key: "dvc-ly-lich-tu-phap",
    kind: "page",
    categoryId: "cat-dich-vu-cong-truc-tuyen",
    title: "Cấp Phiếu lý lịch tư pháp trực tuyến qua VNeID",
    bodyHtml: p(
      "Công dân đề nghị cấp Phiếu lý lịch tư pháp số 1 trên ứng dụng VNeID, nhận Phiếu bản điện tử hoặc bản giấy qua bưu chính.",
      "Lệ phí: 200.000 đồng/lần; sinh viên, người có công với cách mạng được giảm 50%.",
    ),
  },
  {
    key: "lien-he",
    kind: "page",
    categoryId: "cat-thong-tin-lien-he",
    title: "Thông tin liên hệ Sở Tư pháp",
    bodyHtml: p(
      "Địa chỉ: Số 1 đường Hoàng Văn Thụ, phường Ngô Quyền, thành phố Bắc Giang.",
      "Điện thoại: (0204) 3.854.245. Thư điện tử: stp@bacgiang.gov.vn.",
    ),
  },
];
