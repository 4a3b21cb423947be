// Citizens writing to the board: the contact page, the feedback/question form (GET, POST) and the
// page that says how a submission (feedback or a draft's comment) went.
import type { Router } from "express";
import type { ContentClient } from "../../feedback/content-client";
import { feedbackPage, resultPage } from "../../feedback/feedback.pages";
import { fieldMessages, readFeedbackForm } from "../../feedback/intake-form";
import { type Locale, t } from "../i18n";
import { contactPage, type Rendered } from "../pages";
import type { Site } from "../site";
import type { RouteContext } from "./context";
import { field, q } from "./respond";

/** what a citizen sent */
export type Submission = "feedback" | "question" | "comment";

const NOUN: Record<Locale, Record<Submission, string>> = {
  vi: { feedback: "ý kiến", question: "câu hỏi", comment: "góp ý dự thảo" },
  en: { feedback: "message", question: "question", comment: "comment" },
};
const SENT: Record<Submission, string> = {
  feedback: "Message sent",
  question: "Question sent",
  comment: "Comment sent",
};

/** how content answered a submission, as a page in the page's language */
export function outcomePage(
  site: Site,
  result: Awaited<ReturnType<ContentClient["feedback"]>>,
  submission: Submission,
): Rendered {
  const en = site.locale === "en";
  const what = NOUN[site.locale][submission];
  const { boardMailbox, hotline } = site.portal;
  if (result.ok)
    return en
      ? resultPage(
          site,
          200,
          SENT[submission],
          `Thank you. The editorial board has received your ${what} and will handle and answer it as the rules require.`,
        )
      : resultPage(
          site,
          200,
          `Đã gửi ${what}`,
          `Cảm ơn bạn. Ban biên tập đã nhận ${what} của bạn và sẽ xử lý, trả lời theo quy định.`,
        );
  if (result.unreachable || result.status >= 500)
    return resultPage(
      site,
      503,
      t("unavailable", site.locale),
      en
        ? `The receiving system is paused for now. Your ${what} has NOT been sent; please try again later, or write to ${boardMailbox} or call the hotline ${hotline}.`
        : `Hệ thống tiếp nhận đang tạm ngừng. ${what[0]?.toUpperCase()}${what.slice(1)} của bạn CHƯA được gửi; vui lòng thử lại sau hoặc gửi thư tới ${boardMailbox}, đường dây nóng ${hotline}.`,
    );
  if (result.status === 429)
    return resultPage(site, 429, t("tooMany", site.locale), t("tooManyText", site.locale));
  return resultPage(
    site,
    422,
    t("notSent", site.locale),
    en
      ? `What you sent was not accepted; please check it and send it again.`
      : `Nội dung chưa hợp lệ: ${result.detail ?? "vui lòng kiểm tra lại"}.`,
  );
}

/** the page a bot gets for filling the hidden field: as if sent */
export function honeypotPage(site: Site, submission: Submission): Rendered {
  return site.locale === "en"
    ? resultPage(site, 200, SENT[submission], `Thank you for your ${NOUN.en[submission]}.`)
    : submission === "comment"
      ? resultPage(site, 200, "Đã gửi góp ý", "Cảm ơn bạn đã góp ý.")
      : resultPage(site, 200, "Đã gửi ý kiến", "Cảm ơn bạn đã gửi ý kiến.");
}

/** content's 422 with fields the form has, as the form's messages; undefined otherwise */
export function refusedAtTheForm(
  result: Awaited<ReturnType<ContentClient["feedback"]>>,
  form: "feedback" | "comment",
  locale: Locale = "vi",
): Record<string, string> | undefined {
  if (result.ok || result.status !== 422 || !result.errors?.length) return undefined;
  const messages = fieldMessages(result.errors, form, false, locale);
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
        formState(site, "feedback", {}, { csrf: t("formExpired", site.locale) }),
        403,
      );
      return void res.status(403).type("html").send(rendered.body);
    }
    // a bot filled the hidden field: answer as if accepted, forward nothing
    if (field(req.body, "website")) return pageOf(honeypotPage(site, "feedback"), req, res);
    const form = readFeedbackForm(req.body, site.locale);
    if (!form.ok) {
      const rendered = feedbackPage(site, formState(site, "feedback", form.values, form.errors), 422);
      return void res.status(422).type("html").send(rendered.body);
    }
    const { values } = form;
    const result = await deps.content.feedback(site.portal.portalId, form.payload, req.ip);
    // content refused a field after all (its rules changed before this form's): said beside it
    const refused = refusedAtTheForm(result, "feedback", site.locale);
    if (refused) {
      const rendered = feedbackPage(site, formState(site, "feedback", values, refused), 422);
      return void res.status(422).type("html").send(rendered.body);
    }
    return pageOf(outcomePage(site, result, values.loai === "question" ? "question" : "feedback"), req, res);
  });
}
