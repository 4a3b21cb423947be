// The console's forms: a POST form with its CSRF token and one primary button, and text fields
// described once (id, label, hint, length) and filled from the values and errors the route kept.
// Every form works without JavaScript; `novalidate` leaves the messages to the server, beside
// each field and in the error summary.
import type { ComponentChildren } from "preact";
import { Button, Csrf, type FormErrors, TextInput } from "./components";

/** A text field of a form: its id is also its name unless `name` says otherwise. */
export interface FieldSpec {
  id: string;
  name?: string;
  label: string;
  hint?: ComponentChildren;
  maxLength?: number;
  inputMode?: "numeric" | "text" | "email" | "url";
  /** a password field (the invitation's page); text otherwise */
  type?: "password";
  /** off unless given: the console's fields are other people's names and addresses */
  autoComplete?: string;
  class?: string;
  lang?: string;
  data?: Record<string, string>;
}

/** The fields in order, each with its value (by name) and its message (by id). */
export function TextFields(p: { fields: FieldSpec[]; values: Record<string, string>; errors: FormErrors }) {
  return (
    <>
      {p.fields.map((f) => {
        const name = f.name ?? f.id;
        return (
          <TextInput
            key={f.id}
            id={f.id}
            name={name}
            label={f.label}
            hint={f.hint}
            value={p.values[name] ?? ""}
            error={p.errors[f.id]}
            autoComplete={f.autoComplete ?? "off"}
            {...(f.maxLength ? { maxLength: f.maxLength } : {})}
            {...(f.inputMode ? { inputMode: f.inputMode } : {})}
            {...(f.type ? { type: f.type } : {})}
            {...(f.class ? { class: f.class } : {})}
            {...(f.lang ? { lang: f.lang } : {})}
            {...(f.data ? { data: f.data } : {})}
          />
        );
      })}
    </>
  );
}

/** `<form method="post">` with the CSRF token, hidden fields, the controls and the submit button. */
export function PostForm(p: {
  action: string;
  button: ComponentChildren;
  buttonId: string;
  kind?: "primary" | "secondary" | "warning";
  hidden?: Record<string, string>;
  /** more buttons or a cancel link after the primary one */
  after?: ComponentChildren;
  id?: string;
  children?: ComponentChildren;
}) {
  return (
    <form method="post" action={p.action} id={p.id} novalidate>
      <Csrf />
      {Object.entries(p.hidden ?? {}).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      {p.children}
      {p.after ? (
        <div class="button-group">
          <Button kind={p.kind ?? "primary"} id={p.buttonId}>
            {p.button}
          </Button>
          {p.after}
        </div>
      ) : (
        <Button kind={p.kind ?? "primary"} id={p.buttonId}>
          {p.button}
        </Button>
      )}
    </form>
  );
}
