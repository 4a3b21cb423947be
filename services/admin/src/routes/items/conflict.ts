// 409 "changed meanwhile": what the other person changed, next to what this person typed.
import type { Request } from "express";
import type { ItemView } from "../../api/types";
import { htmlLines } from "../../forms/html-lines";
import { formFromItem, type ItemForm } from "../../forms/item-form";
import { formatDateTime } from "../../i18n";
import type { Conflict } from "../../views/pages/editor";

/** one line a block, at most one blank line between blocks, for comparing two bodies */
const plain = (html: string) => htmlLines(html).replace(/\n{3,}/g, "\n\n");

/** 409: what the other person changed, next to what this person typed (whose text is kept). */
export function conflictOf(req: Request, current: ItemView, mine: ItemForm): Conflict {
  const t = req.ctx.page.t;
  const theirs = formFromItem(current);
  const last = [...(current.audit ?? [])].reverse()[0];
  const fields: [string, string, string][] = [];
  const cmp = (label: string, a: string, b: string) => {
    if (a.trim() !== b.trim()) fields.push([label, a, b]);
  };
  cmp(t.editor.title, theirs.title, mine.title);
  cmp(t.editor.summary, theirs.summary, mine.summary);
  cmp(t.editor.body, plain(theirs.body), plain(mine.body));
  cmp(t.editor.categories, theirs.categoryIds.join(", "), mine.categoryIds.join(", "));
  cmp(`${t.editor.english}: ${t.editor.title}`, theirs.en.title, mine.en.title);
  cmp(`${t.editor.english}: ${t.editor.body}`, plain(theirs.en.body), plain(mine.en.body));
  return {
    who: last?.actor.name ?? last?.actor.username ?? current.owner.name ?? current.owner.username,
    when: formatDateTime(last?.at ?? current.updatedAt),
    fields,
    currentVersion: current.version,
    discardHref: `/p/${current.portalId}/items/${current.itemId}/edit`,
  };
}
