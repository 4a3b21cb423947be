// The editor's form: what the fields hold (strings, as typed), how an item fills them, how a
// posted form becomes content's API body, and which field an API error belongs to. The server's
// sanitiser (content) stays the authority on the HTML; here the body is only carried.
import type { MediaUse } from "@cong/contracts";
import type { ApiError } from "../api/client";
import type { ItemView, Revision } from "../api/types";
import type { Messages } from "../i18n";
import { dayInput, formatDateTime, parseDateTime, parseDay } from "../i18n";

export const CONTRIBUTOR_ROWS = 5;
export const LEGAL_FIELDS = [
  "number",
  "docType",
  "issuer",
  "signer",
  "issuedOn",
  "effectiveOn",
  "validity",
] as const;
export type LegalField = (typeof LEGAL_FIELDS)[number];

export interface ItemForm {
  kind: string;
  version?: number | undefined;
  title: string;
  summary: string;
  body: string;
  categoryIds: string[];
  legal: Record<LegalField, string>;
  comment: { opensAt: string; closesAt: string };
  commentsEnabled: boolean;
  cover: string;
  attachments: string[];
  en: { title: string; summary: string; body: string; publish: boolean };
  changeNote: { kind: "" | "major" | "minor"; text: string };
  contributors: { name: string; role: string }[];
  /** media uses the form does not edit (gallery), kept as they are */
  keptMedia: MediaUse[];
}

type Body = Record<string, string | string[] | undefined>;

const str = (v: unknown): string => (Array.isArray(v) ? String(v[0] ?? "") : typeof v === "string" ? v : "");
const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(String) : typeof v === "string" && v ? [v] : [];

function emptyLegal(): Record<LegalField, string> {
  return {
    number: "",
    docType: "",
    issuer: "",
    signer: "",
    issuedOn: "",
    effectiveOn: "",
    validity: "in-force",
  };
}

function rows(cs: { name: string; role?: string | undefined }[]): { name: string; role: string }[] {
  const out = cs.slice(0, CONTRIBUTOR_ROWS).map((c) => ({ name: c.name, role: c.role ?? "" }));
  while (out.length < CONTRIBUTOR_ROWS) out.push({ name: "", role: "" });
  return out;
}

export function emptyForm(kind: string): ItemForm {
  return {
    kind,
    title: "",
    summary: "",
    body: "",
    categoryIds: [],
    legal: emptyLegal(),
    comment: { opensAt: "", closesAt: "" },
    commentsEnabled: kind === "article" || kind === "draft-for-comment",
    cover: "",
    attachments: [],
    en: { title: "", summary: "", body: "", publish: false },
    changeNote: { kind: "", text: "" },
    contributors: rows([]),
    keptMedia: [],
  };
}

/** The revision the editor works on: the working one, else (a new revision of) the live one. */
export function editableRevision(item: ItemView): Revision | null {
  return item.working ?? item.live;
}

export function formFromItem(item: ItemView): ItemForm {
  const rev = editableRevision(item);
  const f = emptyForm(item.kind);
  f.version = item.version;
  f.commentsEnabled = item.commentsEnabled;
  if (!rev) return f;
  const vi = rev.locales.vi;
  const en = rev.locales.en;
  f.title = vi?.title ?? "";
  f.summary = vi?.summary ?? "";
  f.body = vi?.bodyHtml ?? "";
  f.categoryIds = [...rev.categoryIds];
  if (rev.legal) {
    f.legal = {
      number: rev.legal.number,
      docType: rev.legal.docType,
      issuer: rev.legal.issuer,
      signer: rev.legal.signer,
      issuedOn: dayInput(rev.legal.issuedOn),
      effectiveOn: rev.legal.effectiveOn ? dayInput(rev.legal.effectiveOn) : "",
      validity: rev.legal.validity,
    };
  }
  if (rev.comment)
    f.comment = {
      opensAt: formatDateTime(rev.comment.opensAt),
      closesAt: formatDateTime(rev.comment.closesAt),
    };
  f.cover = rev.media.find((m) => m.role === "cover")?.assetId ?? "";
  f.attachments = rev.media.filter((m) => m.role === "attachment").map((m) => m.assetId);
  f.keptMedia = rev.media.filter((m) => m.role === "gallery");
  if (en) f.en = { title: en.title, summary: en.summary ?? "", body: en.bodyHtml, publish: en.publish };
  // a change note belongs to one revision: an edit of a live item starts without one
  if (item.working && vi?.changeNote) f.changeNote = { kind: vi.changeNote.kind, text: vi.changeNote.text };
  f.contributors = rows(rev.contributors);
  return f;
}

export function formFromBody(body: Body, kind: string): ItemForm {
  const f = emptyForm(kind);
  const v = Number(str(body.version));
  if (str(body.version) !== "" && Number.isInteger(v)) f.version = v;
  f.title = str(body.title);
  f.summary = str(body.summary);
  f.body = str(body.body);
  f.categoryIds = list(body.categoryIds);
  for (const k of LEGAL_FIELDS) f.legal[k] = str(body[`legal.${k}`]) || (k === "validity" ? "in-force" : "");
  f.comment = { opensAt: str(body["comment.opensAt"]), closesAt: str(body["comment.closesAt"]) };
  f.commentsEnabled = str(body.commentsEnabled) === "1";
  f.cover = str(body.cover);
  f.attachments = list(body.attachments);
  f.en = {
    title: str(body["en.title"]),
    summary: str(body["en.summary"]),
    body: str(body["en.body"]),
    publish: str(body["en.publish"]) === "1",
  };
  const ck = str(body["changeNote.kind"]);
  f.changeNote = { kind: ck === "major" || ck === "minor" ? ck : "", text: str(body["changeNote.text"]) };
  f.contributors = rows(
    Array.from({ length: CONTRIBUTOR_ROWS }, (_, i) => ({
      name: str(body[`contributor.${i}.name`]),
      role: str(body[`contributor.${i}.role`]),
    })),
  );
  const kept = str(body.keptMedia);
  if (kept) {
    try {
      const parsed = JSON.parse(kept) as MediaUse[];
      if (Array.isArray(parsed)) f.keptMedia = parsed.filter((m) => m && typeof m.assetId === "string");
    } catch {
      // a tampered hidden field keeps nothing
    }
  }
  return f;
}

/** Field ids of the editor (the anchors of the error summary). */
export const FIELD_IDS = {
  title: "title",
  summary: "summary",
  body: "body",
  categoryIds: "categoryIds",
  cover: "cover",
  attachments: "attachments",
  commentOpens: "comment-opensAt",
  commentCloses: "comment-closesAt",
  enTitle: "en-title",
  enSummary: "en-summary",
  enBody: "en-body",
  changeKind: "changeNote-kind",
  changeText: "changeNote-text",
  legal: (k: LegalField) => `legal-${k}`,
  contributorName: (i: number) => `contributor-${i}-name`,
} as const;

const ASSET_IN_IMG = /<img\b[^>]*>/gi;

/** Images inserted from the library: the editor shows them through the admin, pages through media. */
export function imagesForEditor(html: string, portalId: string): string {
  return html.replace(ASSET_IN_IMG, (tag) => {
    const id = /\bdata-asset-id="([A-Za-z0-9_-]{8,64})"/.exec(tag)?.[1];
    if (!id) return tag;
    return tag.replace(
      /\bsrc="[^"]*\/assets\/[A-Za-z0-9_-]+\/([A-Za-z0-9._-]+)"/,
      `src="/p/${portalId}/media/${id}/file/$1"`,
    );
  });
}

export function imagesForPublic(
  html: string,
  portalId: string,
  mediaPublicUrl: string,
): { html: string; ids: string[] } {
  const ids: string[] = [];
  const out = html.replace(ASSET_IN_IMG, (tag) => {
    const id = /\bdata-asset-id="([A-Za-z0-9_-]{8,64})"/.exec(tag)?.[1];
    if (!id) return tag;
    ids.push(id);
    return tag.replace(
      new RegExp(`\\bsrc="/p/${portalId}/media/${id}/file/([A-Za-z0-9._-]+)"`),
      `src="${mediaPublicUrl}/assets/${id}/$1"`,
    );
  });
  return { html: out, ids: [...new Set(ids)] };
}

export interface Converted {
  body?: Record<string, unknown>;
  errors: Record<string, string>;
}

/** The API body for content's create/edit, or the form's own errors (dates the API cannot read). */
export function formToApi(
  f: ItemForm,
  t: Messages,
  o: { portalId: string; mediaPublicUrl: string; languages: string[]; isRevisionOfLive: boolean },
): Converted {
  const errors: Record<string, string> = {};
  const missing = (id: string) => t.missing[id] ?? t.fieldErrors.required;
  const vi = imagesForPublic(f.body, o.portalId, o.mediaPublicUrl);
  const locales: Record<string, unknown> = {
    vi: {
      title: f.title,
      ...(f.summary.trim() ? { summary: f.summary } : {}),
      bodyHtml: vi.html,
      ...(o.isRevisionOfLive && f.changeNote.kind && f.changeNote.text.trim()
        ? { changeNote: { kind: f.changeNote.kind, text: f.changeNote.text } }
        : {}),
      publish: true,
    },
  };
  const inline = [...vi.ids];
  if (o.languages.includes("en") && (f.en.title.trim() || f.en.body.trim() || f.en.summary.trim())) {
    const en = imagesForPublic(f.en.body, o.portalId, o.mediaPublicUrl);
    inline.push(...en.ids);
    if (!f.en.title.trim()) errors[FIELD_IDS.enTitle] = missing(FIELD_IDS.enTitle);
    locales.en = {
      title: f.en.title,
      ...(f.en.summary.trim() ? { summary: f.en.summary } : {}),
      bodyHtml: en.html,
      publish: f.en.publish,
    };
  }
  const media: MediaUse[] = [];
  const seen = new Set<string>();
  const use = (assetId: string, role: MediaUse["role"]) => {
    if (!assetId || seen.has(`${role}:${assetId}`)) return;
    seen.add(`${role}:${assetId}`);
    media.push({ assetId, role, decorative: false });
  };
  use(f.cover, "cover");
  for (const a of f.attachments) use(a, "attachment");
  for (const id of inline) use(id, "inline");
  for (const m of f.keptMedia) if (!seen.has(`${m.role}:${m.assetId}`)) media.push(m);

  const body: Record<string, unknown> = {
    locales,
    contributors: f.contributors
      .filter((c) => c.name.trim())
      .map((c) => ({ name: c.name, ...(c.role.trim() ? { role: c.role } : {}) })),
    media,
    commentsEnabled: f.commentsEnabled,
  };
  if (f.categoryIds.length) body.categoryIds = f.categoryIds;
  else errors[FIELD_IDS.categoryIds] = missing(FIELD_IDS.categoryIds);
  if (!f.title.trim()) errors[FIELD_IDS.title] = missing(FIELD_IDS.title);

  if (f.kind === "legal-document") {
    for (const k of ["number", "docType", "issuer", "signer", "issuedOn"] as const)
      if (!f.legal[k].trim()) errors[FIELD_IDS.legal(k)] = missing(FIELD_IDS.legal(k));
    const issuedOn = f.legal.issuedOn.trim() ? parseDay(f.legal.issuedOn) : null;
    if (f.legal.issuedOn.trim() && !issuedOn)
      errors[FIELD_IDS.legal("issuedOn")] = t.fieldErrors.invalid_date;
    const effectiveOn = f.legal.effectiveOn.trim() ? parseDay(f.legal.effectiveOn) : null;
    if (f.legal.effectiveOn.trim() && !effectiveOn)
      errors[FIELD_IDS.legal("effectiveOn")] = t.fieldErrors.invalid_date;
    body.legal = {
      number: f.legal.number,
      docType: f.legal.docType,
      issuer: f.legal.issuer,
      signer: f.legal.signer,
      issuedOn: issuedOn ?? "",
      effectiveOn: effectiveOn,
      validity: f.legal.validity,
    };
  }
  if (f.kind === "draft-for-comment" || f.comment.opensAt.trim() || f.comment.closesAt.trim()) {
    const opensAt = parseDateTime(f.comment.opensAt);
    const closesAt = parseDateTime(f.comment.closesAt);
    if (!opensAt)
      errors[FIELD_IDS.commentOpens] = f.comment.opensAt.trim()
        ? t.fieldErrors.invalid_date
        : missing(FIELD_IDS.commentOpens);
    if (!closesAt)
      errors[FIELD_IDS.commentCloses] = f.comment.closesAt.trim()
        ? t.fieldErrors.invalid_date
        : missing(FIELD_IDS.commentCloses);
    if (opensAt && closesAt && closesAt <= opensAt)
      errors[FIELD_IDS.commentCloses] = t.fieldErrors.comment_window;
    if (opensAt && closesAt)
      body.comment = { opensAt: opensAt.toISOString(), closesAt: closesAt.toISOString() };
  }
  return Object.keys(errors).length ? { errors } : { body, errors };
}

/** Where an API field error belongs in the editor. */
export function fieldOfPath(path: string): string {
  const p = path.split(".");
  if (p[0] === "locales") {
    const loc = p[1];
    const f = p[2];
    const prefix = loc === "en" ? "en-" : "";
    if (f === "title") return `${prefix}title`;
    if (f === "summary") return `${prefix}summary`;
    if (f === "bodyHtml") return `${prefix}body`;
    if (f === "changeNote") return p[3] === "kind" ? FIELD_IDS.changeKind : FIELD_IDS.changeText;
    return loc === "en" ? FIELD_IDS.enTitle : FIELD_IDS.title;
  }
  if (p[0] === "categoryIds") return FIELD_IDS.categoryIds;
  if (p[0] === "legal")
    return FIELD_IDS.legal(
      (LEGAL_FIELDS as readonly string[]).includes(p[1] ?? "") ? (p[1] as LegalField) : "number",
    );
  if (p[0] === "comment") return p[1] === "closesAt" ? FIELD_IDS.commentCloses : FIELD_IDS.commentOpens;
  if (p[0] === "contributors") return FIELD_IDS.contributorName(Number(p[1] ?? 0));
  if (p[0] === "media") return FIELD_IDS.cover;
  return FIELD_IDS.title;
}

/** Vietnamese (or English) messages for an API validation error, by field. */
export function apiFieldErrors(
  e: ApiError,
  t: Messages,
  lang: "vi" | "en",
  mediaRoles?: MediaUse[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const fe of e.errors) {
    let id = fieldOfPath(fe.path);
    if (fe.path.startsWith("media.") && mediaRoles) {
      const i = Number(fe.path.split(".")[1]);
      id = mediaRoles[i]?.role === "attachment" ? FIELD_IDS.attachments : FIELD_IDS.cover;
    }
    const known =
      fe.code === "required" || fe.code === "invalid_type"
        ? t.missing[id]
        : (t.fieldErrors as Record<string, string>)[fe.code];
    out[id] ??= known ?? e.detailFor(lang) ?? t.fieldErrors.invalid;
  }
  if (!Object.keys(out).length) out[FIELD_IDS.title] = e.detailFor(lang) ?? t.errors.generic;
  return out;
}
