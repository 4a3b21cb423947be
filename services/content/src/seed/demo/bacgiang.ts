// More demo items of the provincial portal (issue 17): every mandatory category, English locales.
import type { DemoItem } from "../demo-content";
import { h2, p, ul } from "./html";

export const BACGIANG: DemoItem[] = [
  {
    key: "tin-dau-tu-fdi-2026",
    kind: "article",
    categoryId: "cat-tin-tuc-su-kien",
    title: "Bắc Giang thu hút hơn 2,1 tỷ USD vốn đầu tư trực tiếp nước ngoài trong 11 tháng",
    summary:
      "Vốn FDI tập trung vào các khu công nghiệp Quang Châu, Vân Trung, Song Khê - Nội Hoàng và Hòa Phú.",
    bodyHtml: p(
      "Theo báo cáo của Ban Quản lý các khu công nghiệp tỉnh, 11 tháng năm 2026, tỉnh Bắc Giang cấp mới 86 dự án và điều chỉnh vốn cho 57 lượt dự án đầu tư trực tiếp nước ngoài, tổng vốn đăng ký đạt hơn 2,1 tỷ USD.",
      "Các dự án chủ yếu thuộc lĩnh vực điện tử, linh kiện bán dẫn và công nghiệp hỗ trợ, tập trung tại các khu công nghiệp thuộc thị xã Việt Yên và huyện Yên Dũng. Tỉnh tiếp tục ưu tiên dự án công nghệ cao, thân thiện với môi trường.",
      "UBND tỉnh yêu cầu các sở, ngành rút ngắn thời gian giải quyết thủ tục đầu tư, đẩy nhanh giải phóng mặt bằng các khu công nghiệp Hòa Phú mở rộng và Yên Lư.",
    ),
    contributors: [{ name: "Phạm Quang Vinh", role: "phóng viên" }],
    tags: ["đầu tư", "khu công nghiệp"],
    en: {
      title: "Bac Giang attracts over USD 2.1 billion of foreign direct investment in eleven months",
      summary:
        "FDI went mainly to the Quang Chau, Van Trung, Song Khe - Noi Hoang and Hoa Phu industrial parks.",
      bodyHtml: p(
        "In the first eleven months of 2026 Bac Giang licensed 86 new foreign-invested projects and adjusted the capital of 57 others, with total registered capital of more than USD 2.1 billion.",
        "Most projects are in electronics, semiconductor components and supporting industries, located in the industrial parks of Viet Yen town and Yen Dung district.",
      ),
    },
  },
  {
    key: "tin-ky-hop-hdnd",
    kind: "article",
    categoryId: "cat-tin-tuc-su-kien",
    title: "Khai mạc Kỳ họp thứ mười bốn, HĐND tỉnh khóa XIX",
    summary: "Kỳ họp xem xét tình hình kinh tế - xã hội năm 2026 và quyết định nhiệm vụ năm 2027.",
    bodyHtml: p(
      "Sáng 2/12, tại Hội trường tầng 3 Trụ sở HĐND - UBND tỉnh, HĐND tỉnh Bắc Giang khóa XIX khai mạc Kỳ họp thứ mười bốn. Kỳ họp diễn ra trong 3 ngày.",
      "Tại kỳ họp, các đại biểu thảo luận, cho ý kiến về báo cáo tình hình kinh tế - xã hội năm 2026; dự toán ngân sách địa phương và kế hoạch đầu tư công năm 2027; xem xét, thông qua 28 nghị quyết quan trọng.",
      "Tăng trưởng tổng sản phẩm trên địa bàn (GRDP) năm 2026 ước đạt 13,2%, tiếp tục nằm trong nhóm dẫn đầu cả nước.",
    ),
    contributors: [{ name: "Nguyễn Thị Hương", role: "phóng viên" }],
    tags: ["HĐND tỉnh", "kỳ họp"],
    en: {
      title: "Fourteenth session of the 19th Provincial People's Council opens",
      summary: "The session reviews socio-economic performance in 2026 and decides the tasks for 2027.",
      bodyHtml: p(
        "The 19th-term People's Council of Bac Giang opened its fourteenth session on 2 December. The session lasts three days.",
        "Delegates discuss the 2026 socio-economic report and the 2027 budget and public investment plan. GRDP growth in 2026 is estimated at 13.2%.",
      ),
    },
  },
  {
    key: "hd-chinh-quyen-tiep-xuc-cu-tri",
    kind: "article",
    categoryId: "cat-hoat-dong-chinh-quyen",
    title: "Lãnh đạo UBND tỉnh kiểm tra tiến độ dự án đường vành đai IV tại huyện Hiệp Hòa",
    summary: "Yêu cầu chủ đầu tư và các địa phương hoàn thành giải phóng mặt bằng trong quý I/2027.",
    bodyHtml: p(
      "Ngày 28/11, đoàn công tác của UBND tỉnh do đồng chí Phó Chủ tịch UBND tỉnh làm trưởng đoàn đã kiểm tra thực địa tiến độ dự án đường vành đai IV - Vùng Thủ đô đoạn qua huyện Hiệp Hòa.",
      "Đến nay, huyện Hiệp Hòa đã bàn giao 92% diện tích mặt bằng; còn 27 hộ dân tại các xã Mai Đình, Đông Lỗ chưa nhận tiền bồi thường. Đồng chí Phó Chủ tịch yêu cầu huyện tăng cường tuyên truyền, vận động, bảo đảm quyền lợi chính đáng của người dân.",
    ),
    tags: ["giao thông", "Hiệp Hòa"],
  },
  {
    key: "vb-qd-12-2026",
    kind: "legal-document",
    categoryId: "cat-van-ban-quy-pham-phap-luat",
    title:
      "Quyết định ban hành Quy định phân cấp quản lý nhà nước về hạ tầng kỹ thuật đô thị trên địa bàn tỉnh Bắc Giang",
    summary:
      "Quyết định số 12/2026/QĐ-UBND phân cấp quản lý chiếu sáng, cây xanh, thoát nước đô thị cho UBND cấp huyện.",
    bodyHtml: p(
      "Căn cứ Luật Tổ chức chính quyền địa phương; Luật Xây dựng; theo đề nghị của Giám đốc Sở Xây dựng, UBND tỉnh ban hành Quy định phân cấp quản lý nhà nước về hạ tầng kỹ thuật đô thị trên địa bàn tỉnh.",
      "Quy định áp dụng đối với các cơ quan quản lý nhà nước, tổ chức, cá nhân tham gia đầu tư, quản lý, vận hành hệ thống chiếu sáng công cộng, cây xanh, thoát nước và nghĩa trang đô thị.",
      "Quyết định có hiệu lực kể từ ngày 15/4/2026 và thay thế Quyết định số 25/2019/QĐ-UBND.",
    ),
    legal: {
      number: "12/2026/QĐ-UBND",
      docType: "Quyết định",
      issuer: "Ủy ban nhân dân tỉnh Bắc Giang",
      signer: "Phan Thế Tuấn",
      issuedOn: "2026-04-03",
      effectiveOn: "2026-04-15",
      validity: "in-force",
    },
    en: {
      title:
        "Decision on decentralising the state management of urban technical infrastructure in Bac Giang Province",
      summary:
        "Decision No. 12/2026/QĐ-UBND delegates street lighting, green areas and urban drainage to the district level.",
      bodyHtml: p(
        "The Provincial People's Committee issues the rules on decentralising the state management of urban technical infrastructure.",
        "The decision takes effect on 15 April 2026 and replaces Decision No. 25/2019/QĐ-UBND.",
      ),
    },
  },
  {
    key: "vb-chi-thi-05-2026",
    kind: "legal-document",
    categoryId: "cat-van-ban-chi-dao-dieu-hanh",
    title: "Chỉ thị về tăng cường công tác phòng cháy, chữa cháy mùa hanh khô năm 2026 - 2027",
    summary:
      "Chỉ thị số 05/CT-UBND yêu cầu kiểm tra an toàn phòng cháy tại khu dân cư, cơ sở sản xuất và rừng trồng.",
    bodyHtml:
      p(
        "Mùa hanh khô năm 2026 - 2027 được dự báo kéo dài, nguy cơ cháy nhà ở, cơ sở sản xuất và cháy rừng ở mức cao, nhất là tại các huyện Sơn Động, Lục Ngạn, Yên Thế.",
      ) +
      ul(
        "Công an tỉnh chủ trì kiểm tra an toàn phòng cháy tại nhà ở kết hợp kinh doanh, chung cư mini;",
        "Sở Nông nghiệp và Phát triển nông thôn chỉ đạo lực lượng kiểm lâm trực cháy rừng 24/24 giờ;",
        "UBND các huyện, thị xã, thành phố duy trì tổ liên gia an toàn phòng cháy, chữa cháy.",
      ),
    legal: {
      number: "05/CT-UBND",
      docType: "Chỉ thị",
      issuer: "Ủy ban nhân dân tỉnh Bắc Giang",
      signer: "Nguyễn Văn Gầu",
      issuedOn: "2026-11-20",
      effectiveOn: "2026-11-20",
      validity: "in-force",
    },
  },
  {
    key: "du-thao-nq-ho-tro-nong-nghiep",
    kind: "draft-for-comment",
    categoryId: "cat-du-thao-lay-y-kien",
    title:
      "Dự thảo Nghị quyết quy định chính sách hỗ trợ phát triển sản xuất nông nghiệp hàng hóa tập trung giai đoạn 2027 - 2030",
    summary:
      "Sở Nông nghiệp và Phát triển nông thôn lấy ý kiến rộng rãi đối với dự thảo Nghị quyết của HĐND tỉnh.",
    bodyHtml: p(
      "Dự thảo Nghị quyết quy định mức hỗ trợ xây dựng vùng sản xuất tập trung đối với cây ăn quả, rau an toàn và chăn nuôi quy mô trang trại; hỗ trợ cấp mã số vùng trồng phục vụ xuất khẩu.",
      "Cơ quan, tổ chức, cá nhân gửi ý kiến góp ý qua chức năng góp ý dự thảo trên Cổng Thông tin điện tử tỉnh trước thời hạn đóng góp ý kiến. Ý kiến được tổng hợp, tiếp thu, giải trình công khai.",
    ),
    commentDays: 30,
    tags: ["dự thảo", "nông nghiệp"],
  },
  {
    key: "quy-hoach-tinh-2021-2030",
    kind: "article",
    categoryId: "cat-chien-luoc-quy-hoach-ke-hoach",
    title: "Công bố Quy hoạch tỉnh Bắc Giang thời kỳ 2021 - 2030, tầm nhìn đến năm 2050",
    summary:
      "Quy hoạch xác định bốn vùng động lực, ba hành lang kinh tế và mục tiêu trở thành tỉnh công nghiệp theo hướng hiện đại.",
    bodyHtml:
      p(
        "Quy hoạch tỉnh Bắc Giang thời kỳ 2021 - 2030, tầm nhìn đến năm 2050 được Thủ tướng Chính phủ phê duyệt tại Quyết định số 219/QĐ-TTg. UBND tỉnh công bố công khai toàn bộ hồ sơ quy hoạch để người dân, doanh nghiệp biết, giám sát thực hiện.",
      ) +
      h2("Định hướng phát triển không gian") +
      ul(
        "Vùng đô thị - công nghiệp - dịch vụ: thành phố Bắc Giang, thị xã Việt Yên, huyện Yên Dũng, Hiệp Hòa;",
        "Vùng nông nghiệp hàng hóa - du lịch sinh thái: Lục Ngạn, Lục Nam, Sơn Động;",
        "Vùng nông nghiệp công nghệ cao - di tích lịch sử: Tân Yên, Yên Thế, Lạng Giang.",
      ) +
      p("Hồ sơ quy hoạch gồm báo cáo tổng hợp, hệ thống sơ đồ, bản đồ và cơ sở dữ liệu quy hoạch."),
    tags: ["quy hoạch"],
  },
  {
    key: "moi-thau-duong-tinh-398",
    kind: "procurement",
    categoryId: "cat-du-an-dau-tu-dau-thau",
    title:
      "Thông báo mời thầu gói thầu số 08: Thi công xây dựng cải tạo, nâng cấp đường tỉnh 398 đoạn qua huyện Yên Dũng",
    summary:
      "Đấu thầu rộng rãi trong nước qua Hệ thống mạng đấu thầu quốc gia; thời gian thực hiện 540 ngày.",
    bodyHtml:
      p("Bên mời thầu: Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh Bắc Giang.") +
      ul(
        "Nguồn vốn: ngân sách tỉnh giai đoạn 2026 - 2030;",
        "Hình thức: đấu thầu rộng rãi trong nước, một giai đoạn hai túi hồ sơ, qua mạng;",
        "Giá gói thầu: 186,4 tỷ đồng; thời gian thực hiện hợp đồng 540 ngày;",
        "Thời điểm đóng thầu: 9 giờ 00 ngày 22/12/2026.",
      ) +
      p("Hồ sơ mời thầu được phát hành miễn phí trên Hệ thống mạng đấu thầu quốc gia."),
  },
  {
    key: "pho-bien-luat-dat-dai",
    kind: "article",
    categoryId: "cat-pho-bien-phap-luat",
    title: "Những điểm mới của Luật Đất đai năm 2024 về bồi thường, hỗ trợ, tái định cư",
    summary: "Người có đất bị thu hồi được bồi thường bằng đất có mục đích sử dụng khác hoặc bằng nhà ở.",
    bodyHtml: p(
      "Luật Đất đai năm 2024 mở rộng hình thức bồi thường: ngoài bồi thường bằng đất cùng mục đích sử dụng hoặc bằng tiền, người có đất thu hồi có thể được bồi thường bằng đất có mục đích sử dụng khác hoặc bằng nhà ở nếu địa phương có quỹ đất, quỹ nhà.",
      "Khu tái định cư phải hoàn thiện các điều kiện về hạ tầng kỹ thuật, hạ tầng xã hội đồng bộ theo quy hoạch chi tiết được phê duyệt trước khi bố trí cho người dân.",
    ),
    tags: ["phổ biến pháp luật", "đất đai"],
  },
  {
    key: "hoi-dap-cap-doi-gcn",
    kind: "qa",
    categoryId: "cat-hoi-dap",
    title: "Thủ tục cấp đổi Giấy chứng nhận quyền sử dụng đất nộp ở đâu?",
    bodyHtml:
      "<blockquote><p>Gia đình tôi ở xã Tân Dĩnh, huyện Lạng Giang, muốn cấp đổi Giấy chứng nhận bị rách. Tôi nộp hồ sơ ở đâu?</p></blockquote>" +
      p(
        "Ông (bà) nộp hồ sơ tại Bộ phận một cửa cấp huyện hoặc trực tuyến trên Cổng Dịch vụ công quốc gia. Hồ sơ gồm đơn đề nghị cấp đổi theo mẫu và bản gốc Giấy chứng nhận đã cấp.",
        "Thời gian giải quyết không quá 7 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
      ),
  },
  {
    key: "khcn-de-tai-nhan-giong",
    kind: "article",
    categoryId: "cat-chuong-trinh-de-tai-khoa-hoc",
    title: "Danh mục nhiệm vụ khoa học và công nghệ cấp tỉnh đặt hàng thực hiện từ năm 2027",
    summary: "12 nhiệm vụ thuộc lĩnh vực nông nghiệp, y tế, chuyển đổi số được đưa ra tuyển chọn.",
    bodyHtml:
      p(
        "Sở Khoa học và Công nghệ thông báo tuyển chọn tổ chức, cá nhân chủ trì các nhiệm vụ khoa học và công nghệ cấp tỉnh, trong đó có:",
      ) +
      ul(
        "Ứng dụng công nghệ sinh học trong nhân giống cây bưởi đỏ Tân Yên;",
        "Xây dựng mô hình chăm sóc sức khỏe từ xa cho người cao tuổi tại huyện Sơn Động;",
        "Nghiên cứu giải pháp trợ lý ảo phục vụ giải quyết thủ tục hành chính.",
      ) +
      p("Hồ sơ đăng ký nộp tại Sở Khoa học và Công nghệ trước ngày 15/01/2027."),
  },
  {
    key: "dvc-huong-dan",
    kind: "page",
    categoryId: "cat-dich-vu-cong-truc-tuyen",
    title: "Hướng dẫn nộp hồ sơ dịch vụ công trực tuyến tỉnh Bắc Giang",
    bodyHtml:
      p(
        'Người dân, doanh nghiệp nộp hồ sơ trực tuyến trên Hệ thống thông tin giải quyết thủ tục hành chính tỉnh tại địa chỉ <a href="https://dichvucong.bacgiang.gov.vn">dichvucong.bacgiang.gov.vn</a> hoặc Cổng Dịch vụ công quốc gia.',
      ) +
      ul(
        "Đăng nhập bằng tài khoản định danh điện tử VNeID;",
        "Chọn thủ tục, kê khai và đính kèm thành phần hồ sơ;",
        "Theo dõi tiến độ và nhận kết quả qua bưu chính hoặc trực tuyến.",
      ) +
      p("Hỗ trợ: Trung tâm Phục vụ hành chính công tỉnh, điện thoại (0204) 3.662.663."),
  },
  {
    key: "lien-he-ubnd",
    kind: "page",
    categoryId: "cat-thong-tin-lien-he",
    title: "Thông tin liên hệ Văn phòng UBND tỉnh Bắc Giang",
    bodyHtml: p(
      "Địa chỉ: Số 82 đường Hùng Vương, phường Ngô Quyền, thành phố Bắc Giang, tỉnh Bắc Giang.",
      "Điện thoại: (0204) 3.829.006. Thư điện tử: vpubnd@bacgiang.gov.vn.",
      "Ban Biên tập Cổng Thông tin điện tử tỉnh: banbientap@bacgiang.gov.vn.",
    ),
  },
  {
    key: "cong-bao-so-45",
    kind: "gazette",
    categoryId: "cat-cong-bao",
    title: "Công báo tỉnh Bắc Giang số 45 + 46 ngày 25/11/2026",
    summary: "Đăng các Quyết định số 38/2026/QĐ-UBND, 39/2026/QĐ-UBND và Nghị quyết số 21/2026/NQ-HĐND.",
    bodyHtml:
      p("Công báo tỉnh Bắc Giang số 45 + 46 phát hành ngày 25/11/2026 đăng các văn bản:") +
      ul(
        "Quyết định số 38/2026/QĐ-UBND ban hành Quy định về quản lý cụm công nghiệp;",
        "Quyết định số 39/2026/QĐ-UBND quy định giá dịch vụ thu gom, vận chuyển rác thải sinh hoạt;",
        "Nghị quyết số 21/2026/NQ-HĐND về chính sách hỗ trợ học sinh bán trú.",
      ) +
      p("Văn bản đăng Công báo là văn bản chính thức, có giá trị như bản gốc."),
  },
];
