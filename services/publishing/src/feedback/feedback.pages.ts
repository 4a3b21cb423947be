// The public feedback / question form (R-FEEDBACK, R-PII): minimum data, purpose stated, explicit
// consent; server-to-server to the content service, which owns citizens' feedback.
import { html } from "../render/html";
import { clip, layout } from "../web/layout";
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
  const page = layout(
    site,
    {
      title: "Góp ý, phản ánh, hỏi đáp",
      description: `Gửi góp ý, phản ánh, kiến nghị hoặc câu hỏi tới Ban biên tập ${site.portal.name.vi}.`,
      path: "/gop-y",
    },
    html`<h1>Góp ý, phản ánh, hỏi đáp</h1>
<p>Mẫu này gửi ý kiến của bạn tới Ban biên tập ${site.portal.name.vi} (hộp thư <a href="mailto:${site.portal.boardMailbox}">${site.portal.boardMailbox}</a>).
Chúng tôi chỉ thu thập thông tin cần để trả lời bạn, không công bố thông tin cá nhân khi chưa được bạn đồng ý.</p>
${errorSummary(form)}
<form method="post" action="${site.prefix}/gop-y" novalidate>
<input type="hidden" name="csrf" value="${form.token}">
${honeypot()}
<fieldset class="field"><legend>Loại ý kiến</legend>
<input id="f-loai" type="radio" name="loai" value="feedback"${kind === "feedback" ? html` checked` : ""}> <label for="f-loai" class="inline">Góp ý, phản ánh</label>
<input id="f-loai-q" type="radio" name="loai" value="question"${kind === "question" ? html` checked` : ""}> <label for="f-loai-q" class="inline">Câu hỏi</label>
</fieldset>
${textField("ho-ten", "Họ và tên", form, { required: true, autocomplete: "name" })}
${textField("email", "Thư điện tử", form, { type: "email", autocomplete: "email", hint: "Để nhận trả lời qua thư điện tử." })}
${textField("dien-thoai", "Số điện thoại", form, { type: "tel", autocomplete: "tel" })}
${textField("tieu-de", "Tiêu đề", form)}
${textArea("noi-dung", "Nội dung", form)}
${consentField(form, "Tôi đồng ý để Ban biên tập sử dụng các thông tin trên để xử lý và trả lời ý kiến của tôi.")}
<button type="submit">Gửi ý kiến</button>
</form>`,
  );
  return { status, body: page.value, tags: [] };
}

export function resultPage(site: Site, status: number, title: string, message: string): Rendered {
  const page = layout(
    site,
    { title, description: clip(message), robots: "noindex" },
    html`<h1>${title}</h1><div class="notice" role="status"><p>${message}</p></div><p><a href="${site.prefix}/">Về trang chủ</a></p>`,
  );
  return { status, body: page.value, tags: [] };
}
