// HTTP for items and the editorial workflow (R-MODERATE). Each route checks the caller's role on
// THIS portal; the service adds four-eyes and ownership rules.
import { fail } from "@cong/kit";
import { type Response, Router } from "express";
import { callerOf, canAuthor, canModerate, canRead } from "../auth";
import { expectedVersion, pageLimit } from "../common";
import type { ItemService } from "./item.service";
import { type ItemDoc, itemState } from "./item.types";
import type { CategoryListing } from "./listing";

export function itemView(doc: ItemDoc) {
  const { _id, ...rest } = doc as ItemDoc & { _outbox?: unknown };
  delete (rest as { _outbox?: unknown })._outbox;
  return { itemId: _id, state: itemState(doc), ...rest };
}

function send(res: Response, doc: ItemDoc, status = 200) {
  res.status(status).setHeader("ETag", `"${doc.version}"`).json(itemView(doc));
}

export function itemRoutes(items: ItemService, listing: CategoryListing): Router {
  const r = Router();
  const p = (req: { params: Record<string, string | string[] | undefined> }) => req.params.portalId as string;
  const id = (req: { params: Record<string, string | string[] | undefined> }) => req.params.itemId as string;

  r.get("/portals/:portalId/items", canRead, async (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    if (
      q.state &&
      !["draft", "submitted", "approved", "rejected", "published", "unpublished", "archived"].includes(
        q.state,
      )
    )
      throw fail.validation([{ path: "state", code: "invalid_enum_value", message: "unknown state" }]);
    const out = await items.list(p(req), {
      limit: pageLimit(q.limit),
      ...(q.state ? { state: q.state } : {}),
      ...(q.kind ? { kind: q.kind } : {}),
      ...(q.cursor ? { after: q.cursor } : {}),
    });
    res.json({ items: out.items.map(itemView), nextCursor: out.nextCursor });
  });

  r.post("/portals/:portalId/items", canAuthor, async (req, res) => {
    const doc = await items.create(p(req), req.body, callerOf(req));
    res.location(`/portals/${doc.portalId}/items/${doc._id}`);
    send(res, doc, 201);
  });

  r.get("/portals/:portalId/items/:itemId", canRead, async (req, res) => {
    send(res, await items.get(p(req), id(req)));
  });

  r.put("/portals/:portalId/items/:itemId", canAuthor, async (req, res) => {
    send(res, await items.edit(p(req), id(req), req.body, callerOf(req), expectedVersion(req)));
  });

  r.post("/portals/:portalId/items/:itemId/submit", canAuthor, async (req, res) => {
    send(res, await items.submit(p(req), id(req), callerOf(req), expectedVersion(req)));
  });
  r.post("/portals/:portalId/items/:itemId/approve", canModerate, async (req, res) => {
    send(res, await items.approve(p(req), id(req), req.body, callerOf(req), expectedVersion(req)));
  });
  r.post("/portals/:portalId/items/:itemId/reject", canModerate, async (req, res) => {
    send(res, await items.reject(p(req), id(req), req.body, callerOf(req), expectedVersion(req)));
  });
  r.post("/portals/:portalId/items/:itemId/publish", canModerate, async (req, res) => {
    send(res, await items.publish(p(req), id(req), req.body, callerOf(req), expectedVersion(req)));
  });
  r.post("/portals/:portalId/items/:itemId/unpublish", canModerate, async (req, res) => {
    send(res, await items.unpublish(p(req), id(req), req.body, callerOf(req), expectedVersion(req)));
  });
  r.post("/portals/:portalId/items/:itemId/archive", canModerate, async (req, res) => {
    send(res, await items.archive(p(req), id(req), req.body, callerOf(req), expectedVersion(req)));
  });

  r.get("/portals/:portalId/items/:itemId/audit", canRead, async (req, res) => {
    const doc = await items.get(p(req), id(req));
    res.json({ itemId: doc._id, audit: doc.audit });
  });

  // the category listing (keyset pagination by an opaque cursor; constant cost at any size)
  r.get("/portals/:portalId/categories/:categoryId/published", canRead, async (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    const categoryId = req.params.categoryId as string;
    if (!/^[A-Za-z0-9_-]{3,64}$/.test(categoryId)) throw fail.notFound("Không có chuyên mục này.");
    const page = await listing.list(p(req), categoryId, pageLimit(q.limit), q.cursor);
    res.json(page);
  });

  return r;
}
