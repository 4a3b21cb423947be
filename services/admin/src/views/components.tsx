// Form and page components after the GOV.UK Design System's patterns: an error summary at the
// top that links to each field, the message beside the field, hints under labels, one primary
// action. Every form works without JavaScript.
import type { ComponentChildren } from "preact";
import { formatDateTime } from "../i18n";
import { useCtx } from "./context";

/** Errors of a form: field id → message, in the order the summary lists them. */
export type FormErrors = Record<string, string>;

export function ErrorSummary({ errors, extra }: { errors: FormErrors; extra?: string[] }) {
  const { t } = useCtx();
  const entries = Object.entries(errors);
  if (!entries.length && !extra?.length) return null;
  return (
    <div
      class="error-summary"
      role="alert"
      aria-labelledby="error-summary-title"
      tabindex={-1}
      data-autofocus
    >
      <h2 id="error-summary-title" class="error-summary__title">
        {t.errors.summaryTitle}
      </h2>
      <ul class="error-summary__list">
        {(extra ?? []).map((m) => (
          <li key={m}>{m}</li>
        ))}
        {entries.map(([id, msg]) => (
          <li key={id}>
            <a href={`#${id}`}>{msg}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function Csrf() {
  const { csrf } = useCtx();
  return <input type="hidden" name="_csrf" value={csrf} />;
}

interface FieldProps {
  id: string;
  label: ComponentChildren;
  hint?: ComponentChildren | undefined;
  error?: string | undefined;
  children: ComponentChildren;
  labelClass?: string;
}

/** A labelled field: label, hint, error message, control. */
export function Field({ id, label, hint, error, children, labelClass }: FieldProps) {
  return (
    <div class={`field${error ? " field--error" : ""}`}>
      <label class={`label ${labelClass ?? ""}`} for={id}>
        {label}
      </label>
      {hint ? (
        <div class="hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <p class="error-message" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      {children}
    </div>
  );
}

/** aria-describedby for a control with an optional hint and error. */
export function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

interface InputAttrs {
  maxLength?: number;
  placeholder?: string;
  inputMode?: "numeric" | "text" | "email" | "url";
  autoComplete?: string;
  class?: string;
  readOnly?: boolean;
  lang?: string;
}

export function TextInput(
  p: {
    id: string;
    name: string;
    label: ComponentChildren;
    hint?: ComponentChildren;
    error?: string;
    value?: string;
    /** data-* attributes (a script island's settings) */
    data?: Record<string, string>;
  } & InputAttrs,
) {
  const { id, name, label, hint, error, value, class: extra, data, ...rest } = p;
  const dataAttrs = Object.fromEntries(Object.entries(data ?? {}).map(([k, v]) => [`data-${k}`, v]));
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <input
        class={`${extra ?? "input"}${error ? " input--error" : ""}`}
        id={id}
        name={name}
        type="text"
        value={value ?? ""}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? "true" : undefined}
        {...rest}
        {...dataAttrs}
      />
    </Field>
  );
}

export function TextArea(p: {
  id: string;
  name: string;
  label: ComponentChildren;
  hint?: ComponentChildren;
  error?: string;
  value?: string;
  rows?: number;
  maxLength?: number;
  required?: boolean;
  dataAttrs?: Record<string, string>;
}) {
  const data = Object.fromEntries(Object.entries(p.dataAttrs ?? {}).map(([k, v]) => [`data-${k}`, v]));
  return (
    <Field id={p.id} label={p.label} hint={p.hint} error={p.error}>
      <textarea
        class={`textarea${p.error ? " input--error" : ""}`}
        id={p.id}
        name={p.name}
        rows={p.rows ?? 5}
        maxLength={p.maxLength}
        required={p.required}
        aria-describedby={describedBy(p.id, p.hint, p.error)}
        aria-invalid={p.error ? "true" : undefined}
        {...data}
      >
        {p.value ?? ""}
      </textarea>
    </Field>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function Select(p: {
  id: string;
  name: string;
  label: ComponentChildren;
  options: Option[];
  value?: string | undefined;
  hint?: ComponentChildren;
  error?: string | undefined;
}) {
  return (
    <Field id={p.id} label={p.label} hint={p.hint} error={p.error}>
      <select
        class="select"
        id={p.id}
        name={p.name}
        aria-describedby={describedBy(p.id, p.hint, p.error)}
        aria-invalid={p.error ? "true" : undefined}
      >
        {p.options.map((o) => (
          <option key={o.value} value={o.value} selected={o.value === (p.value ?? "")}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** A group of checkboxes or radios in a fieldset whose legend is the question. */
export function Choices(p: {
  id: string;
  name: string;
  legend: ComponentChildren;
  type: "checkbox" | "radio";
  /** an option's `id` names its input (default `<id>-<n>`) */
  options: (Option & { hint?: string; id?: string })[];
  checked: string[];
  hint?: ComponentChildren;
  error?: string | undefined;
  small?: boolean;
  /** the legend as a section heading (the question is the section) */
  legendAsHeading?: boolean;
}) {
  return (
    <div class={`field${p.error ? " field--error" : ""}`}>
      <fieldset
        class="fieldset"
        aria-describedby={describedBy(p.id, p.hint, p.error)}
        id={p.id}
        tabindex={-1}
      >
        <legend class={`fieldset__legend${p.legendAsHeading ? " fieldset__legend--heading" : ""}`}>
          {p.legend}
        </legend>
        {p.hint ? (
          <div class="hint" id={`${p.id}-hint`}>
            {p.hint}
          </div>
        ) : null}
        {p.error ? (
          <p class="error-message" id={`${p.id}-error`}>
            {p.error}
          </p>
        ) : null}
        <div class={`choices${p.small ? " choices--small" : ""}`}>
          {p.options.map((o, i) => {
            const oid = o.id ?? `${p.id}-${i}`;
            return (
              <div class="choice" key={o.value}>
                <input
                  class="choice__input"
                  id={oid}
                  name={p.name}
                  type={p.type}
                  value={o.value}
                  checked={p.checked.includes(o.value)}
                  aria-describedby={o.hint ? `${oid}-hint` : undefined}
                />
                <label class="choice__label" for={oid}>
                  {o.label}
                </label>
                {o.hint ? (
                  <div class="hint choice__hint" id={`${oid}-hint`}>
                    {o.hint}
                  </div>
                ) : null}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

export function Checkbox(p: {
  id: string;
  name: string;
  label: ComponentChildren;
  checked: boolean;
  value?: string;
}) {
  return (
    <div class="choice">
      <input
        class="choice__input"
        id={p.id}
        name={p.name}
        type="checkbox"
        value={p.value ?? "1"}
        checked={p.checked}
      />
      <label class="choice__label" for={p.id}>
        {p.label}
      </label>
    </div>
  );
}

export function Button(p: {
  children: ComponentChildren;
  kind?: "primary" | "secondary" | "warning";
  name?: string;
  value?: string;
  formaction?: string;
  id?: string;
}) {
  return (
    <button
      type="submit"
      class={`button button--${p.kind ?? "primary"}`}
      name={p.name}
      value={p.value}
      formAction={p.formaction}
      id={p.id}
    >
      {p.children}
    </button>
  );
}

export function LinkButton(p: {
  href: string;
  children: ComponentChildren;
  kind?: "primary" | "secondary";
  newTab?: boolean;
}) {
  return (
    <a
      class={`button button--${p.kind ?? "secondary"}`}
      href={p.href}
      {...(p.newTab ? { target: "_blank", rel: "noopener" } : {})}
    >
      {p.children}
    </a>
  );
}

const TAG_CLASS: Record<string, string> = {
  draft: "grey",
  submitted: "blue",
  approved: "turquoise",
  rejected: "red",
  published: "green",
  unpublished: "orange",
  archived: "grey",
};

export function StateTag({ state }: { state: string }) {
  const { t } = useCtx();
  return <strong class={`tag tag--${TAG_CLASS[state] ?? "grey"}`}>{t.states[state] ?? state}</strong>;
}

export function DateTime({ value }: { value: string | Date | undefined | null }) {
  if (!value) return null;
  const d = value instanceof Date ? value : new Date(value);
  return <time dateTime={d.toISOString()}>{formatDateTime(d)}</time>;
}

export function Notice({
  kind,
  children,
}: {
  kind: "success" | "info" | "error" | "warning";
  children: ComponentChildren;
}) {
  return (
    <div class={`notice notice--${kind}`} role={kind === "error" ? "alert" : "status"}>
      {children}
    </div>
  );
}

export function Breadcrumbs({ items }: { items: { href?: string; label: string }[] }) {
  const { t } = useCtx();
  return (
    <nav class="breadcrumbs" aria-label={t.app.breadcrumb}>
      <ol>
        {items.map((i) => (
          <li key={i.label}>
            {i.href ? <a href={i.href}>{i.label}</a> : <span aria-current="page">{i.label}</span>}
          </li>
        ))}
      </ol>
    </nav>
  );
}

export function SummaryList({ rows }: { rows: [ComponentChildren, ComponentChildren][] }) {
  return (
    <dl class="summary-list">
      {rows.map(([k, v], i) => (
        <div class="summary-list__row" key={i}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
