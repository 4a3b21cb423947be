// What the board reviews (R-MODERATE, issue 14): the proposed working revision against the live
// one — or against nothing for an item never published — field by field and per language. Rich
// text is compared as the plain text of the sanitised HTML, block by block (paragraphs, headings,
// list items, table rows …) and word by word inside a changed block, with jsdiff.
import { diffArrays, diffWords } from "diff";
import sanitizeHtml from "sanitize-html";
import type { ItemDoc, Revision } from "./item.types";

export interface DiffPart {
  op: "same" | "added" | "removed";
  text: string;
}

export interface FieldDiff {
  field: string;
  locale?: string;
  changed: boolean;
  parts: DiffPart[];
  /** media only: the uses added and removed */
  added?: { assetId: string; role: string }[];
  removed?: { assetId: string; role: string }[];
}

export interface RevisionDiff {
  itemId: string;
  base: { revision: number } | null;
  proposed: { revision: number; state: string };
  fields: FieldDiff[];
}

const BLOCK_END =
  /<\/(p|h[1-6]|li|blockquote|pre|tr|caption|figcaption|dt|dd|div|table)>|<br\s*\/?>|<hr\s*\/?>/gi;
const ENTITIES: Record<string, string> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&#39;": "'",
};

/** The blocks of sanitised HTML as plain text (entities decoded, whitespace collapsed). */
export function textBlocks(html: string): string[] {
  const marked = html.replace(BLOCK_END, (m) => `${m}\u0000`);
  const text = sanitizeHtml(marked, { allowedTags: [], allowedAttributes: {} }).replace(
    /&(amp|lt|gt|quot|#39);/g,
    (e) => ENTITIES[e] ?? e,
  );
  return text
    .split("\u0000")
    .map((b) => b.replace(/\s+/g, " ").trim())
    .filter(Boolean);
}

function merge(parts: DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  for (const p of parts) {
    if (!p.text) continue;
    const last = out[out.length - 1];
    if (last && last.op === p.op) last.text += p.text;
    else out.push({ ...p });
  }
  return out;
}

function words(before: string, after: string): DiffPart[] {
  return diffWords(before, after).map((c) => ({
    op: c.added ? "added" : c.removed ? "removed" : "same",
    text: c.value,
  }));
}

/** Block-aligned: unchanged blocks same, a replaced block word by word, the rest added/removed. */
function blocks(before: string[], after: string[]): DiffPart[] {
  const parts: DiffPart[] = [];
  const sep = (op: DiffPart["op"]) => parts.push({ op, text: "\n\n" });
  const changes = diffArrays(before, after);
  for (let i = 0; i < changes.length; i++) {
    const c = changes[i];
    if (!c) continue;
    const next = changes[i + 1];
    if (c.removed && next?.added) {
      // a run of removed blocks followed by added ones: pair them, word by word
      const n = Math.min(c.value.length, next.value.length);
      for (let k = 0; k < n; k++) {
        parts.push(...words(c.value[k] as string, next.value[k] as string));
        sep("same");
      }
      for (const b of c.value.slice(n))
        parts.push({ op: "removed", text: b }, { op: "removed", text: "\n\n" });
      for (const b of next.value.slice(n))
        parts.push({ op: "added", text: b }, { op: "added", text: "\n\n" });
      i++;
      continue;
    }
    const op: DiffPart["op"] = c.added ? "added" : c.removed ? "removed" : "same";
    for (const b of c.value) {
      parts.push({ op, text: b });
      sep(op);
    }
  }
  // no separator after the last block
  const last = parts[parts.length - 1];
  if (last?.text === "\n\n") parts.pop();
  return merge(parts);
}

function field(name: string, parts: DiffPart[], locale?: string): FieldDiff {
  const merged = merge(parts);
  return {
    field: name,
    ...(locale ? { locale } : {}),
    changed: merged.some((p) => p.op !== "same"),
    parts: merged,
  };
}

const LEGAL_FIELDS = [
  "number",
  "docType",
  "issuer",
  "signer",
  "issuedOn",
  "effectiveOn",
  "validity",
] as const;

const iso = (d: Date | string | undefined) => (d ? new Date(d).toISOString() : "");

/** The diff of the working revision against the live one (null base: never published). */
export function revisionDiff(doc: ItemDoc): RevisionDiff | null {
  const proposed = doc.working;
  if (!proposed) return null;
  const base: Revision | null = doc.live;
  const fields: FieldDiff[] = [];
  const locales = [...new Set([...Object.keys(base?.locales ?? {}), ...Object.keys(proposed.locales)])].sort(
    (a, b) => (a === "vi" ? -1 : b === "vi" ? 1 : a.localeCompare(b)),
  );
  for (const loc of locales) {
    const a = base?.locales[loc];
    const b = proposed.locales[loc];
    fields.push(field("title", words(a?.title ?? "", b?.title ?? ""), loc));
    fields.push(field("summary", words(a?.summary ?? "", b?.summary ?? ""), loc));
    fields.push(field("body", blocks(textBlocks(a?.bodyHtml ?? ""), textBlocks(b?.bodyHtml ?? "")), loc));
  }
  fields.push(
    field(
      "categories",
      diffArrays(base?.categoryIds ?? [], proposed.categoryIds).flatMap((c) =>
        c.value.map((id) => ({ op: c.added ? "added" : c.removed ? "removed" : "same", text: `${id}\n` })),
      ) as DiffPart[],
    ),
  );
  if (base?.legal || proposed.legal)
    for (const f of LEGAL_FIELDS)
      fields.push(
        field(`legal.${f}`, words(String(base?.legal?.[f] ?? ""), String(proposed.legal?.[f] ?? ""))),
      );
  if (base?.comment || proposed.comment) {
    const w = (c?: { opensAt: Date; closesAt: Date }) => (c ? `${iso(c.opensAt)} – ${iso(c.closesAt)}` : "");
    const before = w(base?.comment);
    const after = w(proposed.comment);
    fields.push(
      field(
        "comment",
        before === after
          ? [{ op: "same", text: after }]
          : [
              { op: "removed", text: before },
              { op: "added", text: after },
            ],
      ),
    );
  }
  const use = (m: { assetId: string; role: string }) => `${m.assetId} (${m.role})`;
  const was = new Set((base?.media ?? []).map(use));
  const now = new Set(proposed.media.map(use));
  const added = proposed.media
    .filter((m) => !was.has(use(m)))
    .map((m) => ({ assetId: m.assetId, role: m.role }));
  const removed = (base?.media ?? [])
    .filter((m) => !now.has(use(m)))
    .map((m) => ({ assetId: m.assetId, role: m.role }));
  fields.push({
    ...field("media", [
      ...proposed.media
        .filter((m) => was.has(use(m)))
        .map((m) => ({ op: "same" as const, text: `${use(m)}\n` })),
      ...removed.map((m) => ({ op: "removed" as const, text: `${use(m)}\n` })),
      ...added.map((m) => ({ op: "added" as const, text: `${use(m)}\n` })),
    ]),
    added,
    removed,
  });
  return {
    itemId: doc._id,
    base: base ? { revision: base.revision } : null,
    proposed: { revision: proposed.revision, state: proposed.state },
    fields,
  };
}
