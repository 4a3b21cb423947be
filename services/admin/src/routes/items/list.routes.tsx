// The item list (R-CONTENT): filters by state, kind, category, owner, language and words, sorted
// by due date on request, paged by content's cursor.
import { Router } from "express";
import { ItemListPage, type ListFilters } from "../../views/pages/items";
import { sendPage } from "../../views/render";
import { KINDS, listItems, loadPortal, STATES } from "./shared";

export function listRoutes(): Router {
  const r = Router({ mergeParams: true });

  r.get("/p/:portalId/items", async (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    const filters: ListFilters = {};
    if (q.state && STATES.includes(q.state)) filters.state = q.state;
    if (q.kind && KINDS.includes(q.kind)) filters.kind = q.kind;
    if (q.categoryId && /^[A-Za-z0-9_-]{3,64}$/.test(q.categoryId)) filters.categoryId = q.categoryId;
    if (q.owner === "me") filters.owner = "me";
    if (q.locale === "en") filters.locale = "en";
    if (q.q?.trim()) filters.q = q.q.trim().slice(0, 200);
    if (q.sort === "due") filters.sort = "due";
    const cursor =
      typeof q.cursor === "string" && /^[A-Za-z0-9_:|.~=-]{1,400}$/.test(q.cursor) ? q.cursor : undefined;
    const [portal, page] = await Promise.all([
      loadPortal(req),
      listItems(req, { ...filters, ...(cursor ? { cursor } : {}) }),
    ]);
    const qs = (extra: Record<string, string>) =>
      new URLSearchParams({ ...(filters as Record<string, string>), ...extra }).toString();
    sendPage(
      res,
      req.ctx.page,
      <ItemListPage
        rows={page.rows}
        filters={filters}
        categories={[...portal.categories].sort((a, b) => a.order - b.order)}
        kinds={KINDS}
        hasEnglish={portal.languages.includes("en")}
        nextHref={
          page.nextCursor ? `/p/${portal.portalId}/items?${qs({ cursor: page.nextCursor })}` : undefined
        }
        firstHref={cursor ? `/p/${portal.portalId}/items?${qs({})}` : undefined}
      />,
    );
  });

  return r;
}
