// Form pieces shared by the feedback form and a draft's comment form.
import { html, type SafeHtml } from "../../render/html";
import { type Locale, t } from "../i18n";

export interface FormState {
  values: Record<string, string>;
  errors: Record<string, string>;
  token: string;
  /** the page's language: labels and messages follow it */
  locale: Locale;
}

export function errorSummary(form: FormState): SafeHtml {
  const entries = Object.entries(form.errors);
  if (!entries.length) return html``;
  return html`<div class="error-summary" role="alert" aria-labelledby="err-h" tabindex="-1"><h2 id="err-h">${t("errorSummary", form.locale)}</h2><ul>${entries.map(
    ([field, msg]) => html`<li><a href="#f-${field}">${msg}</a></li>`,
  )}</ul></div>`;
}

export function honeypot(locale: Locale): SafeHtml {
  return html`<div class="hp" aria-hidden="true"><label for="f-website">${t("honeypot", locale)}</label><input id="f-website" name="website" type="text" tabindex="-1" autocomplete="off"></div>`;
}

export function textField(
  name: string,
  label: string,
  form: FormState,
  o: { required?: boolean; type?: string; autocomplete?: string; hint?: string } = {},
): SafeHtml {
  const err = form.errors[name];
  const describedBy = [o.hint ? `h-${name}` : "", err ? `e-${name}` : ""].filter(Boolean).join(" ");
  return html`<div class="field"><label for="f-${name}">${label} (${t(o.required ? "required" : "optional", form.locale)})</label>
${o.hint ? html`<span class="hint" id="h-${name}">${o.hint}</span>` : ""}
${err ? html`<span class="field-error" id="e-${name}">${err}</span>` : ""}
<input id="f-${name}" name="${name}" type="${o.type ?? "text"}" value="${form.values[name] ?? ""}"${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ""}${o.required ? html` required aria-required="true"` : ""}${err ? html` aria-invalid="true"` : ""}${describedBy ? html` aria-describedby="${describedBy}"` : ""}></div>`;
}

export function textArea(name: string, label: string, form: FormState): SafeHtml {
  const err = form.errors[name];
  return html`<div class="field"><label for="f-${name}">${label} (${t("required", form.locale)})</label>
${err ? html`<span class="field-error" id="e-${name}">${err}</span>` : ""}
<textarea id="f-${name}" name="${name}" rows="8" cols="60" required aria-required="true"${err ? html` aria-invalid="true" aria-describedby="e-${name}"` : ""}>${form.values[name] ?? ""}</textarea></div>`;
}

export function consentField(form: FormState, text: string): SafeHtml {
  const err = form.errors["dong-y"];
  return html`<div class="field">${err ? html`<span class="field-error" id="e-dong-y">${err}</span>` : ""}
<input id="f-dong-y" name="dong-y" type="checkbox" value="1"${form.values["dong-y"] ? html` checked` : ""}${err ? html` aria-invalid="true" aria-describedby="e-dong-y"` : ""}>
<label for="f-dong-y" class="inline">${text}</label></div>`;
}
