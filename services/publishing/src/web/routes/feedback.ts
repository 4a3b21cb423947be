// Citizens writing to the board: the contact page, the feedback/question form (GET, POST) and the
// page that says how a submission (feedback or a draft's comment) went.
import type { Router } from "express";
import type { ContentClient } from "../../feedback/content-client";
import { feedbackPage, resultPage } from "../../feedback/feedback.pages";
import type { Locale } from "../i18n";
import { contactPage, type Rendered } from "../pages";
import type { Site } from "../site";
import type { RouteContext } from "./context";
import { field, q } from "./respond";

/** how content answered a submission, as a page; `what` names it ("ý kiến", "góp ý dự thảo") */
export function outcomePage(
  site: Site,
  result: Awaited<ReturnType<ContentClient["feedback"]>>,
  what: string,
): Rendered {
  if (result.ok)
    return resultPage(
      site,
      200,
      `Đã gửi ${what}`,
      `Cảm ơn bạn. Ban biên tập đã nhận ${what} của bạn và sẽ xử lý, trả lời theo quy định.`,
    );
  if (result.unreachable || result.status >= 500)
    return resultPage(
      site,
      503,
      "Hệ thống tạm thời chưa nhận được ý kiến",
      `Hệ thống tiếp nhận đang tạm ngừng. ${what[0]?.toUpperCase()}${what.slice(1)} của bạn CHƯA được gửi; vui lòng thử lại sau hoặc gửi thư tới ${site.portal.boardMailbox}, đường dây nóng ${site.portal.hotline}.`,
    );
  if (result.status === 429)
    return resultPage(
      site,
      429,
      "Gửi quá nhiều lần",
      "Bạn đã gửi quá nhiều lần trong thời gian ngắn. Vui lòng thử lại sau.",
    );
  return resultPage(
    site,
    422,
    "Chưa gửi được",
    `Nội dung chưa hợp lệ: ${result.detail ?? "vui lòng kiểm tra lại"}.`,
  );
}

export function feedbackRoutes(r: Router, ctx: RouteContext, locale: Locale): void {
  const { deps, siteOf, cached, pageOf, formState, originOk, formLimiter, urlencoded } = ctx;
  r.get(
    "/lien-he",
    cached(locale, (site) => contactPage(site)),
  );

  r.get("/gop-y", (req, res) => {
    const site = siteOf(req, res, locale);
    // `?loai=cau-hoi` (the Q&A page's link; `question` still accepted)
    const loai = ["cau-hoi", "question"].includes(q(req, "loai")) ? "question" : "feedback";
    const rendered = feedbackPage(site, formState(site, "feedback", { loai }));
    res.setHeader("cache-control", "no-store");
    res.status(200).type("html").send(rendered.body);
  });

  r.post("/gop-y", formLimiter, urlencoded, async (req, res) => {
    const site = siteOf(req, res, locale);
    const scope = `${site.portal.portalId}|feedback`;
    if (!originOk(req) || !deps.tokens.verify(scope, field(req.body, "csrf", 200))) {
      const rendered = feedbackPage(
        site,
        formState(site, "feedback", {}, { csrf: "Biểu mẫu đã hết hạn hoặc không hợp lệ, vui lòng gửi lại." }),
        403,
      );
      return void res.status(403).type("html").send(rendered.body);
    }
    // a bot filled the hidden field: answer as if accepted, forward nothing
    if (field(req.body, "website"))
      return pageOf(resultPage(site, 200, "Đã gửi ý kiến", "Cảm ơn bạn đã gửi ý kiến."), req, res);
    const values = {
      loai: field(req.body, "loai", 20) === "question" ? "question" : "feedback",
      "ho-ten": field(req.body, "ho-ten", 100),
      email: field(req.body, "email", 200),
      "dien-thoai": field(req.body, "dien-thoai", 30),
      "tieu-de": field(req.body, "tieu-de", 200),
      "noi-dung": field(req.body, "noi-dung", 5000),
      "dong-y": field(req.body, "dong-y", 5),
    };
    const errors: Record<string, string> = {};
    if (!values["ho-ten"]) errors["ho-ten"] = "Nhập họ và tên.";
    if (values.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email))
      errors.email = "Thư điện tử chưa đúng định dạng, ví dụ: ten@vidu.vn.";
    if (values["dien-thoai"] && !/^[0-9 +().-]{6,20}$/.test(values["dien-thoai"]))
      errors["dien-thoai"] = "Số điện thoại chỉ gồm chữ số, từ 6 đến 20 ký tự.";
    if (values["noi-dung"].length < 10) errors["noi-dung"] = "Nội dung cần ít nhất 10 ký tự.";
    if (!values["dong-y"]) errors["dong-y"] = "Cần bạn đồng ý để Ban biên tập xử lý ý kiến.";
    if (Object.keys(errors).length) {
      const rendered = feedbackPage(site, formState(site, "feedback", values, errors), 422);
      return void res.status(422).type("html").send(rendered.body);
    }
    const result = await deps.content.feedback(
      site.portal.portalId,
      {
        kind: values.loai as "feedback" | "question",
        name: values["ho-ten"],
        ...(values.email ? { email: values.email } : {}),
        ...(values["dien-thoai"] ? { phone: values["dien-thoai"] } : {}),
        ...(values["tieu-de"] ? { subject: values["tieu-de"] } : {}),
        message: values["noi-dung"],
        consent: true,
      },
      req.ip,
    );
    return pageOf(outcomePage(site, result, values.loai === "question" ? "câu hỏi" : "ý kiến"), req, res);
  });
}
