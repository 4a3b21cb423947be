// Upload with a progress bar: the file goes up with XMLHttpRequest (its upload progress events)
// to the same address the plain form posts to; the admin streams it through to media. Without
// JavaScript the form posts as it is.
import { activity, csrf } from "./shared";

const form = document.getElementById("upload-form") as HTMLFormElement | null;
const box = document.getElementById("upload-progress");
const bar = document.getElementById("upload-bar") as HTMLProgressElement | null;
const pct = document.getElementById("upload-pct");

function showErrors(errors: Record<string, string>): void {
  if (!form) return;
  for (const el of form.querySelectorAll(".js-error")) el.remove();
  let first: HTMLElement | null = null;
  for (const [field, message] of Object.entries(errors)) {
    const input = form.querySelector<HTMLElement>(`#${CSS.escape(field)}`);
    const p = document.createElement("p");
    p.className = "error-message js-error";
    p.id = `${field}-js-error`;
    p.textContent = message;
    if (input) {
      input.before(p);
      input.setAttribute(
        "aria-describedby",
        `${input.getAttribute("aria-describedby") ?? ""} ${p.id}`.trim(),
      );
      first ??= input;
    } else form.prepend(p);
  }
  first?.focus();
}

if (form && box && bar && pct) {
  form.addEventListener("submit", (ev) => {
    const file = form.querySelector<HTMLInputElement>('input[type="file"]');
    if (!file?.files?.length) return; // the server says what is missing
    ev.preventDefault();
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.getAttribute("action") ?? location.href);
    xhr.setRequestHeader("x-requested-with", "XMLHttpRequest");
    xhr.setRequestHeader("x-csrf-token", csrf());
    xhr.setRequestHeader("accept", "application/json");
    box.hidden = false;
    const text = (n: number) => (form.dataset.progressText ?? "{pct}%").replace("{pct}", String(n));
    xhr.upload.addEventListener("progress", (e) => {
      if (!e.lengthComputable) return;
      const n = Math.floor((e.loaded / e.total) * 100);
      bar.value = n;
      // announce in steps of 10 %, not every event
      if (n % 10 === 0 || n === 100) pct.textContent = text(n);
    });
    xhr.addEventListener("load", () => {
      activity();
      let body: { href?: string; errors?: Record<string, string> } = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: a proxy's page
      }
      if (xhr.status === 201 && body.href) {
        bar.value = 100;
        pct.textContent = text(100);
        window.location.assign(body.href);
        return;
      }
      box.hidden = true;
      showErrors(body.errors ?? { file: form.dataset.failed ?? "" });
    });
    xhr.addEventListener("error", () => {
      box.hidden = true;
      showErrors({ file: form.dataset.failed ?? "" });
    });
    xhr.send(new FormData(form));
  });
}
