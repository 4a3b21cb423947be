// A run's progress bar kept up to date (the hash chain's verification, a restore drill): the page
// answers its own address with `{running, done, total, text}` as JSON; the bar and its sentence
// follow, and once the run ended the page is loaded again to show the result. Without JavaScript
// the "Cập nhật tiến độ" link reloads the page. Stops asking after 20 minutes (the link stays).
import { activity } from "./shared";

const box = document.querySelector<HTMLElement>("[data-progress-url]");
const bar = document.getElementById("run-progress-bar") as HTMLProgressElement | null;
const said = box?.querySelector<HTMLElement>("[data-progress-text]");
const url = box?.dataset.progressUrl;
const EVERY_MS = 2000;
const FOR_MS = 20 * 60_000;

if (box && bar && said && url) {
  const started = Date.now();
  const tick = async () => {
    try {
      const res = await fetch(url, { headers: { accept: "application/json" }, credentials: "same-origin" });
      if (res.ok) {
        const r = (await res.json()) as { running: boolean; done: number; total: number; text: string };
        activity();
        if (!r.running) {
          location.reload();
          return;
        }
        if (r.total > 0) {
          bar.max = r.total;
          bar.value = Math.min(r.done, r.total);
          bar.textContent = `${Math.floor((bar.value / r.total) * 100)}%`;
        }
        said.textContent = r.text;
      }
    } catch {
      // the server did not answer this time: ask again at the next tick
    }
    if (Date.now() - started < FOR_MS) setTimeout(tick, EVERY_MS);
  };
  setTimeout(tick, EVERY_MS);
}
