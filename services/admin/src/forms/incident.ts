// The incident register's forms (issue 19 screen 5; R-OPS-247, R-SEC) ↔ archive's POST/PATCH
// /incidents, and the downtime per portal the availability screen derives from the register.
// Pure functions: the route reads the form, these check it as archive will (so that a person sees
// every message at once, beside its field) and build archive's body; archive checks again.

import { type Span, unionMs } from "@cong/kit";
import type { FieldProblem } from "../api/client";
import type { Incident } from "../api/platform";
import { type Messages, parseDateTime } from "../i18n";
import type { FormErrors } from "../views/components";

export type Values = Record<string, string>;
type M = Messages["operations"];

/** the scope field's value for an incident of the whole platform */
export const WHOLE_PLATFORM = "*";
export const TITLE_MAX = 200;
export const ACTIONS_MAX = 4000;
export const NOTIFIED_MAX = 20;
export const NOTIFIED_ITEM_MAX = 200;

const MARKUP = /[<>]/;
/** control characters other than line breaks (archive's `control_characters`) */
const controls = (s: string, multiline: boolean) =>
  [...s].some((c) => {
    const n = c.charCodeAt(0);
    return (n < 32 || n === 127) && !(multiline && (c === "\n" || c === "\r"));
  });

/** "Văn phòng UBND tỉnh; Sở TT&TT" or one a line → the list archive keeps, empties dropped. */
export function splitNotified(text: string): string[] {
  return text
    .split(/[\r\n;]+/)
    .map((s) => s.normalize("NFC").trim())
    .filter(Boolean);
}

/** A plain-text field's problem, as archive would find it; undefined when it is fine. */
function plainText(m: M, value: string, max: number, tooLong: string, multiline = false) {
  if ([...value].length > max) return tooLong;
  if (MARKUP.test(value)) return m.eMarkup;
  if (controls(value, multiline)) return m.eControl;
  return undefined;
}

/** A Vietnam wall-clock time typed in the form: the instant, or the field's message. */
function instant(m: M, value: string, now: Date, bad: string): Date | string {
  const at = parseDateTime(value);
  if (!at) return bad;
  // the form shows minutes: the current minute is not "in the future"
  if (at.getTime() > now.getTime()) return m.eFuture;
  return at;
}

/** The texts both forms have: summary, what was done, who was told. */
function readTexts(m: M, v: Values, errors: FormErrors) {
  const title = v.title ?? "";
  if (!title) errors.title = m.eTitle;
  else {
    const e = plainText(m, title, TITLE_MAX, m.eTitleLong);
    if (e) errors.title = e;
  }
  const actions = v.actions ?? "";
  const ea = plainText(m, actions, ACTIONS_MAX, m.eActionsLong, true);
  if (ea) errors.actions = ea;
  const notified = splitNotified(v.notified ?? "");
  if (notified.length > NOTIFIED_MAX) errors.notified = m.eNotifiedMany;
  else
    for (const n of notified) {
      const e = plainText(m, n, NOTIFIED_ITEM_MAX, m.eNotifiedLong);
      if (e) {
        errors.notified = e;
        break;
      }
    }
  return { title, actions, notified };
}

/** archive's POST /incidents body from the new-incident form, or the form's messages. */
export function readNewIncident(
  m: M,
  v: Values,
  portalIds: string[],
  now: Date,
): { errors: FormErrors; body?: Record<string, unknown> } {
  const errors: FormErrors = {};
  const kind = v.kind ?? "";
  if (kind !== "availability" && kind !== "security") errors.kind = m.eKind;
  // "*" is the whole platform (archive's empty list); nothing chosen is a question left unanswered
  const scope = v.portalId ?? "";
  if (scope !== WHOLE_PLATFORM && !portalIds.includes(scope)) errors.portalId = m.eScope;
  const texts = readTexts(m, v, errors);
  const started = instant(m, v.startedAt ?? "", now, m.eStarted);
  if (typeof started === "string") errors.startedAt = started;
  // the summary first: the order of the form
  const ordered = orderErrors(errors, ["kind", "portalId", "title", "startedAt", "actions", "notified"]);
  if (Object.keys(ordered).length || typeof started === "string") return { errors: ordered };
  return {
    errors: {},
    body: {
      kind,
      portalIds: scope === WHOLE_PLATFORM ? [] : [scope],
      title: texts.title,
      startedAt: started.toISOString(),
      actions: texts.actions,
      notified: texts.notified,
    },
  };
}

/**
 * archive's PATCH /incidents/{id} body from the edit form (only what changed, and `closedAt`
 * when an end was typed), or the form's messages. `changed` is false when nothing would change.
 */
export function readIncidentEdit(
  m: M,
  v: Values,
  current: Incident,
  now: Date,
  formatStart: (at: string) => string,
): { errors: FormErrors; patch?: Record<string, unknown>; changed?: boolean } {
  const errors: FormErrors = {};
  const texts = readTexts(m, v, errors);
  let closedAt: Date | undefined;
  if (v.closedAt) {
    const at = instant(m, v.closedAt, now, m.eClosedAt);
    if (typeof at === "string") errors.closedAt = at;
    else if (at.getTime() < Date.parse(current.startedAt))
      errors.closedAt = m.eBeforeStart(formatStart(current.startedAt));
    else closedAt = at;
  }
  const ordered = orderErrors(errors, ["title", "actions", "notified", "closedAt"]);
  if (Object.keys(ordered).length) return { errors: ordered };
  const patch: Record<string, unknown> = {};
  if (texts.title !== current.title) patch.title = texts.title;
  if (texts.actions !== current.actions.normalize("NFC").trim()) patch.actions = texts.actions;
  if (JSON.stringify(texts.notified) !== JSON.stringify(current.notified)) patch.notified = texts.notified;
  if (closedAt) patch.closedAt = closedAt.toISOString();
  return { errors: {}, patch, changed: Object.keys(patch).length > 0 };
}

function orderErrors(errors: FormErrors, order: string[]): FormErrors {
  const out: FormErrors = {};
  for (const k of order) if (errors[k]) out[k] = errors[k] as string;
  return out;
}

/** The form's field of one of archive's paths (`notified.3` → `notified`, `portalIds` → `portalId`). */
const FIELD_OF: Record<string, string> = {
  kind: "kind",
  portalIds: "portalId",
  title: "title",
  startedAt: "startedAt",
  actions: "actions",
  notified: "notified",
  closedAt: "closedAt",
};

/** archive's 422 as messages beside the form's fields; empty when none names one of them. */
export function fieldErrorsOf(
  m: M,
  problems: FieldProblem[],
  startedAt?: string,
  formatStart: (at: string) => string = (x) => x,
): FormErrors {
  const errors: FormErrors = {};
  for (const x of problems) {
    const field = FIELD_OF[x.path.split(".")[0] ?? ""];
    if (!field || errors[field]) continue;
    const code = x.code;
    errors[field] =
      code === "in_future"
        ? m.eFuture
        : code === "before_start"
          ? m.eBeforeStart(startedAt ? formatStart(startedAt) : "")
          : code === "html_not_allowed"
            ? m.eMarkup
            : code === "control_characters"
              ? m.eControl
              : field === "kind"
                ? m.eKind
                : field === "portalId"
                  ? m.eScope
                  : field === "startedAt"
                    ? m.eStarted
                    : field === "closedAt"
                      ? m.eClosedAt
                      : field === "title"
                        ? code === "too_big"
                          ? m.eTitleLong
                          : m.eTitle
                        : field === "actions"
                          ? m.eActionsLong
                          : code === "too_big" && x.path === "notified"
                            ? m.eNotifiedMany
                            : m.eNotifiedLong;
  }
  return errors;
}

// ---------------------------------------------------------------------------------------------
// availability per portal from the register

export interface Window {
  from: Date;
  /** the end of the window so far (now, or the period's end when it is over) */
  to: Date;
}

export interface Downtime {
  /** the union of the portal's availability incidents inside the window, in ms */
  ms: number;
  /** availability incidents overlapping the window */
  count: number;
  /** of them, still open */
  open: number;
  /** (window − downtime) / window × 100, rounded down to 2 decimals; null for an empty window */
  percent: number | null;
}

/** Whether an incident concerns the portal: its own, or the whole platform's (`portalIds` empty). */
export const concerns = (i: Incident, portalId: string) =>
  i.portalIds.length === 0 || i.portalIds.includes(portalId);

/**
 * A portal's downtime in a window from the register's availability incidents (its own and the
 * whole platform's); an open incident counts until the window's end. Overlapping incidents are
 * counted once (their union).
 */
export function downtimeIn(incidents: Incident[], portalId: string, w: Window): Downtime {
  const spans: Span[] = [];
  let count = 0;
  let open = 0;
  const from = w.from.getTime();
  const to = w.to.getTime();
  for (const i of incidents) {
    if (i.kind !== "availability" || !concerns(i, portalId)) continue;
    const start = Date.parse(i.startedAt);
    const end = i.closedAt ? Date.parse(i.closedAt) : to;
    if (start >= to || end < from) continue;
    count++;
    if (!i.closedAt) open++;
    spans.push([start, end]);
  }
  const ms = unionMs(spans, { from, to });
  const total = to - from;
  return {
    ms,
    count,
    open,
    percent: total > 0 ? Math.floor(((total - ms) * 10_000) / total) / 100 : null,
  };
}

const VN_OFFSET_MS = 7 * 3_600_000;

/** The report period of now, in Vietnam time: "2026-H2" from 1 July, "2026-H1" before; and the year. */
export function currentPeriods(now: Date): {
  half: { label: string; from: Date; to: Date };
  year: { label: string; from: Date; to: Date };
} {
  const local = new Date(now.getTime() + VN_OFFSET_MS);
  const y = local.getUTCFullYear();
  const at = (month: number) => new Date(Date.UTC(y, month - 1, 1) - VN_OFFSET_MS);
  const second = local.getUTCMonth() >= 6;
  return {
    half: second
      ? { label: `${y}-H2`, from: at(7), to: at(13) }
      : { label: `${y}-H1`, from: at(1), to: at(7) },
    year: { label: String(y), from: at(1), to: at(13) },
  };
}

/** A duration in whole minutes as days, hours and minutes ("2 giờ 15 phút"). */
export function durationText(m: M, ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  return m.duration(Math.floor(minutes / 1440), Math.floor((minutes % 1440) / 60), minutes % 60);
}
