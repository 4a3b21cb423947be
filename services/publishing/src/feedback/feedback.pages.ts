// The public feedback / question form (R-FEEDBACK, R-PII): minimum data, purpose stated, explicit
// consent; server-to-server to the content service, which owns citizens' feedback.
import { html } from "../render/html";
import { t } from "../web/i18n";
import { clip, layout, loc } from "../web/layout";
import {
  consentField,
  errorSummary,
  type FormState,
  honeypot,
  type Rendered,
  textArea,
  textField,
} from "../web/pages";
import type { Site } from "../web/site";

export function feedbackPage(site: Site, form: FormState, status = 200): Rendered {
  const kind = form.values.loai === "question" ? "question" : "feedback";
  const L = site.locale;
  const name = loc(site.portal.name, L);
  const mailbox = html`<a href="mailto:${site.portal.boardMailbox}">${site.portal.boardMailbox}</a>`;
  const page = layout(
    site,
    {
      title: t("fbTitle", L),
      description:
        L === "en"
          ? `Send feedback, a report, a suggestion or a question to the editorial board of the ${name}.`
          : `Gửi góp ý, phản ánh, kiến nghị hoặc câu hỏi tới Ban biên tập ${name}.`,
      path: "/gop-y",
    },
    html`<h1>${t("fbTitle", L)}</h1>
${
  L === "en"
    ? html`<p>This form sends your message to the editorial board of the ${name} (mailbox ${mailbox}).
We collect only what we need to answer you and publish no personal information without your consent.</p>`
    : html`<p>Mẫu này gửi ý kiến của bạn tới Ban biên tập ${name} (hộp thư ${mailbox}).
Chúng tôi chỉ thu thập thông tin cần để trả lời bạn, không công bố thông tin cá nhân khi chưa được bạn đồng ý.</p>`
}
${errorSummary(form)}
<form method="post" action="${site.prefix}/gop-y" novalidate>
<input type="hidden" name="csrf" value="${form.token}">
${honeypot(L)}
<fieldset class="field"><legend>${t("fbKind", L)}</legend>
<input id="f-loai" type="radio" name="loai" value="feedback"${kind === "feedback" ? html` checked` : ""}> <label for="f-loai" class="inline">${t("fbKindFeedback", L)}</label>
<input id="f-loai-q" type="radio" name="loai" value="question"${kind === "question" ? html` checked` : ""}> <label for="f-loai-q" class="inline">${t("fbKindQuestion", L)}</label>
</fieldset>
${textField("ho-ten", t("fullName", L), form, { required: true, autocomplete: "name" })}
${textField("email", t("emailLabel", L), form, { type: "email", autocomplete: "email", hint: t("emailHint", L) })}
${textField("dien-thoai", t("phoneLabel", L), form, { type: "tel", autocomplete: "tel" })}
${textField("tieu-de", t("subjectLabel", L), form)}
${textArea("noi-dung", t("messageLabel", L), form)}
${consentField(form, t("fbConsent", L))}
<button type="submit">${t("fbSubmit", L)}</button>
</form>`,
  );
  return { status, body: page.value, tags: [] };
}

export function resultPage(site: Site, status: number, title: string, message: string): Rendered {
  const page = layout(
    site,
    { title, description: clip(message), robots: "noindex" },
    html`<h1>${title}</h1><div class="notice" role="status"><p>${message}</p></div><p><a href="${site.prefix}/">${t("backHome", site.locale)}</a></p>`,
  );
  return { status, body: page.value, tags: [] };
}
