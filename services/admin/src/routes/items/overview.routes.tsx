// An item's overview (what it is, what the person may do with it), its submission for review and
// its history (content's audit trail).
import { Router } from "express";
import type { AuditEntry } from "../../api/types";
import type { AdminConfig } from "../../config";
import { abilities } from "../../forms/abilities";
import { portalOf } from "../../http/portal";
import { HistoryPage, ItemPage } from "../../views/pages/items";
import { sendPage } from "../../views/render";
import { act, loadItem, me, publicUrlOf } from "./shared";

export function overviewRoutes(config: AdminConfig): Router {
  const r = Router({ mergeParams: true });

  r.get("/p/:portalId/items/:itemId", async (req, res) => {
    const item = await loadItem(req);
    sendPage(
      res,
      req.ctx.page,
      <ItemPage
        item={item}
        can={abilities(item, req.ctx.rolesOn(portalOf(req)), me(req))}
        publicUrl={publicUrlOf(config, item)}
      />,
    );
  });

  r.post("/p/:portalId/items/:itemId/submit", (req, res) =>
    act(req, res, "submit", {}, req.ctx.page.t.item.submitted),
  );

  r.get("/p/:portalId/items/:itemId/history", async (req, res) => {
    const item = await loadItem(req);
    const { data } = await req.ctx.api.get<{ audit: AuditEntry[] }>(
      "content",
      `/portals/${portalOf(req)}/items/${item.itemId}/audit`,
    );
    sendPage(res, req.ctx.page, <HistoryPage item={item} audit={data.audit} />);
  });

  return r;
}
