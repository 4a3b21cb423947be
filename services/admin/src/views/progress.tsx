// A run's progress (the hash chain's verification, a restore drill): an accessible <progress>
// with its label and the same figures in words. The `progress` island asks the page's address
// for its JSON every few seconds, moves the bar and reloads the page once the run ended; without
// JavaScript the person reloads with the link under the bar.
import { useCtx } from "./context";

export interface ProgressFigures {
  running: boolean;
  done: number;
  total: number;
  /** the figures as a sentence ("Đã kiểm tra 120/300 bản lưu (40%).") */
  text: string;
}

/** The percentage shown, 0–100, whole (0 while the total is not known). */
export const percent = (done: number, total: number): number =>
  total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 0;

export function RunProgress(p: {
  /** the page's own address: the island asks it for JSON, the link reloads it */
  url: string;
  label: string;
  refresh: string;
  refreshHint: string;
  figures: ProgressFigures;
}) {
  const { done, total } = p.figures;
  return (
    <div class="run-progress" data-progress-url={p.url}>
      <label class="label" for="run-progress-bar" id="run-progress-label">
        {p.label}
      </label>
      {total > 0 ? (
        <progress
          id="run-progress-bar"
          max={total}
          value={Math.min(done, total)}
          aria-describedby="run-progress-text"
        >
          {`${percent(done, total)}%`}
        </progress>
      ) : (
        <progress id="run-progress-bar" aria-describedby="run-progress-text" />
      )}
      <p class="run-progress__text" id="run-progress-text" data-progress-text>
        {p.figures.text}
      </p>
      <p class="hint">{p.refreshHint}</p>
      <p>
        <a class="button button--secondary" href={p.url} id="run-progress-refresh">
          {p.refresh}
        </a>
      </p>
    </div>
  );
}

/** A number as the page's language writes it. */
export function useNumber(): (n: number) => string {
  const { lang } = useCtx();
  const f = new Intl.NumberFormat(lang === "vi" ? "vi-VN" : "en-GB");
  return (n) => f.format(n);
}
