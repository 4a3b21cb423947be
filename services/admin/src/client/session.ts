// The idle-timeout warning (WCAG 2.2.1 Timing Adjustable): two minutes before the session ends
// a dialog says so and offers to stay signed in; at the end, an editor with unsaved text posts
// it (the server keeps it and restores it after the next sign-in) and others go to sign-in.
// Also: the error summary of a failed form gets the focus, so a screen reader reads it first.
import { ACTIVITY, body, csrf } from "./shared";

const summary = document.querySelector<HTMLElement>("[data-autofocus]");
if (summary) summary.focus();

const idle = Number(body.dataset.idleSeconds ?? 0);
const warning = Number(body.dataset.idleWarningSeconds ?? 120);
const dialog = document.getElementById("idle-dialog") as HTMLDialogElement | null;

if (idle > 0 && dialog) {
  let deadline = Date.now() + idle * 1000;
  let timer: number | undefined;

  // the session ends here and now, whatever the server's clock says: unsaved text goes with the
  // editor's form (the server keeps it); otherwise a small form ends the session
  const expire = () => {
    if (dialog.open) dialog.close();
    const editor = window.congEditor;
    if (editor?.dirty()) return editor.submitPlain(true);
    const f = document.createElement("form");
    f.method = "post";
    f.action = "/auth/expire";
    for (const [k, v] of [
      ["_csrf", csrf()],
      ["returnTo", location.pathname + location.search],
    ] as const) {
      const i = document.createElement("input");
      i.type = "hidden";
      i.name = k;
      i.value = v;
      f.append(i);
    }
    document.body.append(f);
    f.submit();
  };

  const schedule = () => {
    if (timer) window.clearTimeout(timer);
    const now = Date.now();
    const warnAt = deadline - Math.min(warning, idle) * 1000;
    if (now >= deadline) return expire();
    if (now >= warnAt) {
      if (!dialog.open) {
        dialog.showModal();
        document.getElementById("idle-stay")?.focus();
      }
      timer = window.setTimeout(schedule, Math.max(250, deadline - now));
    } else timer = window.setTimeout(schedule, warnAt - now);
  };

  const renewed = () => {
    deadline = Date.now() + idle * 1000;
    if (dialog.open) dialog.close();
    schedule();
  };

  document.addEventListener(ACTIVITY, renewed);
  document.getElementById("idle-stay")?.addEventListener("click", async () => {
    try {
      const res = await fetch("/session/keepalive", {
        method: "POST",
        headers: { "x-csrf-token": csrf(), accept: "application/json" },
        credentials: "same-origin",
      });
      if (res.ok) renewed();
      else expire();
    } catch {
      // offline: leave the dialog open; the user can try again
    }
  });
  // Esc closes the dialog without renewing; the timer keeps running and warns again
  dialog.addEventListener("cancel", () => window.setTimeout(schedule, 1000));
  schedule();
}
