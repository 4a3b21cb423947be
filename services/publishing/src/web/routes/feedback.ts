// Citizens writing to the board: the contact page, the feedback/question form (GET, POST) and the
// page that says how a submission (feedback or a draft's comment) went.
import type { Router } from "express";
import type { ContentClient } from "../../feedback/content-client";
import { feedbackPage, resultPage } from "../../feedback/feedback.pages";
import { fieldMessages, readFeedbackForm } from "../../feedback/intake-form";
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

/** content's 422 with fields the form has, as the form's messages; undefined otherwise */
export function refusedAtTheForm(
  result: Awaited<ReturnType<ContentClient["feedback"]>>,
  form: "feedback" | "comment",
): Record<string, string> | undefined {
  if (result.ok || result.status !== 422 || !result.errors?.length) return undefined;
  const messages = fieldMessages(result.errors, form);
  return Object.keys(messages).length ? messages : undefined;
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
    const form = readFeedbackForm(req.body);
    if (!form.ok) {
      const rendered = feedbackPage(site, formState(site, "feedback", form.values, form.errors), 422);
      return void res.status(422).type("html").send(rendered.body);
    }
    const { values } = form;
    const result = await deps.content.feedback(site.portal.portalId, form.payload, req.ip);
    // content refused a field after all (its rules changed before this form's): said beside it
    const refused = refusedAtTheForm(result, "feedback");
    if (refused) {
      const rendered = feedbackPage(site, formState(site, "feedback", values, refused), 422);
      return void res.status(422).type("html").send(rendered.body);
    }
    return pageOf(outcomePage(site, result, values.loai === "question" ? "câu hỏi" : "ý kiến"), req, res);
  });
}
