// The diff content computes between the live and the working revision, in the words of the
// people reading it.
import type { Request } from "express";
import type { Asset, ItemDiff } from "../../api/types";
import { portalOf } from "../../http/portal";
import { formatDate, formatDateTime } from "../../i18n";
import { loadPortal } from "./shared";

/**
 * The diff in the words of the people reading it: category names instead of ids, file names and
 * Vietnamese roles instead of asset ids, dates as dd/MM/yyyy (HH:mm), validity in words.
 */
export async function readableDiff(req: Request, diff: ItemDiff): Promise<ItemDiff> {
  const t = req.ctx.page.t;
  const portal = await loadPortal(req);
  const categories = new Map(portal.categories.map((c) => [c.categoryId, c.name.vi]));
  const assetIds = new Set<string>();
  for (const f of diff.fields)
    if (f.field === "media") for (const p of f.parts) assetIds.add(p.text.split(" ")[0] ?? "");
  const titles = new Map<string, string>();
  await Promise.all(
    [...assetIds]
      .filter((id) => /^[A-Za-z0-9_-]{8,64}$/.test(id))
      .slice(0, 50)
      .map(async (id) => {
        const r = await req.ctx.api.get<Asset>("media", `/portals/${portalOf(req)}/assets/${id}`, {
          accept: [404, 403],
        });
        if (r.status === 200) titles.set(id, r.data.title ?? r.data.filename);
      }),
  );
  const iso = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g;
  const text = (field: string, s: string): string => {
    if (field === "categories") return s.replace(/[A-Za-z0-9_-]+/, (id) => categories.get(id) ?? id);
    if (field === "media")
      return s.replace(
        /^([A-Za-z0-9_-]+) \((\w+)\)/,
        (_m, id: string, role: string) =>
          `${titles.get(id) ?? t.media.title} (${t.review.roles[role] ?? role})`,
      );
    if (field === "comment") return s.replace(iso, (x) => formatDateTime(x));
    if (field === "legal.issuedOn" || field === "legal.effectiveOn")
      return s.replace(/\d{4}-\d{2}-\d{2}/g, (x) => formatDate(x));
    if (field === "legal.validity") return s.replace(/[a-z-]+/g, (x) => t.editor.validity[x] ?? x);
    return s;
  };
  return {
    ...diff,
    fields: diff.fields.map((f) => ({
      ...f,
      parts: f.parts.map((p) => ({ ...p, text: text(f.field, p.text) })),
    })),
  };
}
