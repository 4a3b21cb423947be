// Provincial items with an English version (issue 17): the English home page has featured news,
// latest news and a draft open for comment of its own.
import type { DemoItem } from "../demo-content";
import { p, ul } from "./html";

export const BACGIANG_EN: DemoItem[] = [
  {
    key: "tin-du-lich-tay-yen-tu",
    kind: "article",
    categoryId: "cat-tin-tuc-su-kien",
    title: "Phát triển du lịch Tây Yên Tử gắn với bảo tồn di sản Phật giáo Trúc Lâm",
    summary: "Huyện Sơn Động và Lục Nam đón hơn 850.000 lượt khách trong năm 2026.",
    bodyHtml: p(
      "Khu du lịch tâm linh - sinh thái Tây Yên Tử tại huyện Sơn Động tiếp tục là điểm đến hấp dẫn, với tuyến cáp treo và quần thể chùa Thượng, chùa Hạ.",
      "UBND tỉnh yêu cầu các địa phương gắn phát triển du lịch với bảo tồn hệ thống di tích Phật giáo Trúc Lâm, hướng tới hồ sơ đề cử Di sản thế giới Yên Tử - Vĩnh Nghiêm - Côn Sơn, Kiếp Bạc.",
    ),
    contributors: [{ name: "Đỗ Minh Tuấn", role: "phóng viên" }],
    tags: ["du lịch", "Sơn Động"],
    en: {
      title: "Developing West Yen Tu tourism while preserving the Truc Lam Buddhist heritage",
      summary: "Son Dong and Luc Nam districts welcomed more than 850,000 visitors in 2026.",
      bodyHtml: p(
        "The West Yen Tu spiritual and eco-tourism area in Son Dong district remains a major destination, with its cable car and the Upper and Lower pagodas.",
        "The Provincial People's Committee asks the districts to link tourism with the preservation of the Truc Lam Buddhist relics, towards the World Heritage nomination of Yen Tu - Vinh Nghiem - Con Son, Kiep Bac.",
      ),
    },
  },
  {
    key: "tin-ocop-2026",
    kind: "article",
    categoryId: "cat-tin-tuc-su-kien",
    title: "Bắc Giang có thêm 46 sản phẩm OCOP đạt 3 sao trở lên",
    summary: "Toàn tỉnh có 460 sản phẩm OCOP, trong đó 5 sản phẩm đạt 5 sao.",
    bodyHtml: p(
      "Hội đồng đánh giá, phân hạng sản phẩm OCOP cấp tỉnh đã công nhận thêm 46 sản phẩm đạt từ 3 sao trở lên, nâng tổng số sản phẩm OCOP của tỉnh lên 460.",
      "Các sản phẩm tiêu biểu gồm mỳ Chũ Lục Ngạn, gà đồi Yên Thế, rượu làng Vân, bánh đa Kế, nhãn muộn Hiệp Hòa.",
    ),
    contributors: [{ name: "Nguyễn Thị Hương", role: "phóng viên" }],
    tags: ["OCOP", "nông nghiệp"],
    en: {
      title: "Bac Giang adds 46 OCOP products rated three stars or more",
      summary: "The province now has 460 OCOP products, five of them rated five stars.",
      bodyHtml: p(
        "The provincial OCOP council recognised 46 more products rated three stars or above, bringing the province's total to 460.",
        "Typical products include Chu noodles of Luc Ngan, Yen The hill chicken, Van village rice wine, Ke rice crackers and late longans of Hiep Hoa.",
      ),
    },
  },
  {
    key: "du-thao-qd-bang-gia-dat",
    kind: "draft-for-comment",
    categoryId: "cat-du-thao-lay-y-kien",
    title: "Dự thảo Quyết định ban hành Bảng giá đất áp dụng từ ngày 01/01/2027 trên địa bàn tỉnh Bắc Giang",
    summary: "Sở Tài nguyên và Môi trường lấy ý kiến nhân dân, doanh nghiệp đối với dự thảo Bảng giá đất.",
    bodyHtml:
      p("Dự thảo Bảng giá đất được xây dựng theo Luật Đất đai năm 2024, gồm:") +
      ul(
        "Giá đất ở tại đô thị và nông thôn theo từng tuyến đường, khu vực;",
        "Giá đất nông nghiệp, đất rừng sản xuất;",
        "Giá đất thương mại, dịch vụ và đất sản xuất, kinh doanh phi nông nghiệp.",
      ) +
      p("Ý kiến góp ý gửi qua chức năng góp ý dự thảo trên Cổng Thông tin điện tử tỉnh."),
    commentDays: 30,
    tags: ["dự thảo", "giá đất"],
    en: {
      title: "Draft decision on the land price table applying from 1 January 2027 in Bac Giang Province",
      summary:
        "The Department of Natural Resources and Environment invites comments on the draft land price table.",
      bodyHtml: p(
        "The draft land price table is prepared under the 2024 Land Law and covers residential, agricultural and non-agricultural business land.",
        "Comments may be sent through the portal's comment function until the closing date.",
      ),
    },
  },
];
