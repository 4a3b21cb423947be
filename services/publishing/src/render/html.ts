// Tagged-template HTML with escaping by default: every interpolated value is escaped unless it is
// already `SafeHtml` (built by this module). Arrays are joined; null/undefined/false render nothing.
// Only `trustedHtml` (content's sanitised bodyHtml after our own check, see body.ts) bypasses it.
// Escaping itself is @cong/text's `escapeHtml` (issue 16: one copy for every service).

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

import { escapeHtml } from "@cong/text";

type Value = SafeHtml | string | number | null | undefined | false | Value[];

function render(v: Value): string {
  if (v === null || v === undefined || v === false) return "";
  if (v instanceof SafeHtml) return v.value;
  if (Array.isArray(v)) return v.map(render).join("");
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: Value[]): SafeHtml {
  let out = strings[0] ?? "";
  for (let i = 0; i < values.length; i++) out += render(values[i] as Value) + (strings[i + 1] ?? "");
  return new SafeHtml(out);
}

/** Marks a string as HTML that was checked elsewhere; use sparingly. */
export function trustedHtml(s: string): SafeHtml {
  return new SafeHtml(s);
}

/** JSON for `<script type="application/ld+json">`: data, never executed; `<` is escaped. */
export function jsonLd(data: unknown): SafeHtml {
  const json = JSON.stringify(data)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
  return new SafeHtml(`<script type="application/ld+json">${json}</script>`);
}
