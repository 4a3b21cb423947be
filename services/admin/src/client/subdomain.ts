// The new portal's subdomain, live (issue 19 screen 1, R-DOM): as the unit's name is typed, the
// abbreviation (department) or the place name (district) is proposed until the person edits it
// themselves, and the subdomain it makes is said at once with what is wrong with it (invalid,
// reserved, already a portal's). Progressive enhancement: without this script the server
// proposes the same on "Đề xuất tên miền", and checks again on create; content has the last word.
import { checkLabel, proposedNames, proposedSource, type UnitKind } from "../forms/subdomain";

const form = document.querySelector<HTMLFormElement>("form[data-subdomain]");
if (form) {
  const unit = form.querySelector<HTMLInputElement>("#unit");
  const source = form.querySelector<HTMLInputElement>("#source");
  const out = form.querySelector<HTMLOutputElement>("#subdomain-preview");
  const taken = (form.dataset.taken ?? "").split(",").filter(Boolean);
  const base = form.dataset.baseDomain ?? "";
  let touched = (source?.value ?? "") !== "";

  const kind = (): UnitKind =>
    form.querySelector<HTMLInputElement>('input[name="kind"]:checked')?.value === "department"
      ? "department"
      : "district";

  const update = () => {
    if (!unit || !source || !out) return;
    if (!touched) source.value = proposedSource(kind(), unit.value);
    const { label, problem } = checkLabel(source.value, taken);
    const msg = out.dataset[problem ? `msg${problem[0]?.toUpperCase()}${problem.slice(1)}` : "msgOk"] ?? "";
    out.textContent = msg.replace("{host}", `${label}.${base}`).replace("{label}", label);
    out.classList.toggle("subdomain-preview--error", !!problem);
    const names = proposedNames(kind(), unit.value);
    for (const el of form.querySelectorAll<HTMLElement>("[data-proposed]"))
      el.textContent = unit.value.trim() ? names[el.dataset.proposed === "agency" ? "agency" : "name"] : "…";
  };

  unit?.addEventListener("input", update);
  source?.addEventListener("input", () => {
    touched = source.value !== "";
    update();
  });
  for (const r of form.querySelectorAll<HTMLInputElement>('input[name="kind"]'))
    r.addEventListener("change", update);
  update();
}
