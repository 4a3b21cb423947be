// HTTP for items and the editorial workflow (R-MODERATE). Each route checks the caller's role on
// THIS portal; the service adds four-eyes and ownership rules.
import { ContentKind } from "@cong/contracts";
import { fail, zodFieldErrors } from "@cong/kit";
import { type Response, Router } from "express";
import { z } from "zod";
import { callerOf, checkedPortal, mayAuthorContent, mayReadPortalContent, mayReviewItems } from "../auth";
import { expectedVersion, pageLimit } from "../common";
import { foldedWords, ITEM_STATES, type ItemQuery, QUEUE_STATES } from "./item.index";
import type { ItemService } from "./item.service";
import { type ItemDoc, itemState } from "./item.types";
import type { CategoryListing } from "./listing";
import { TRANSITIONS, type TransitionName } from "./workflow";

/** The workflow commands a route runs (`expire` is the retention job's), and the guard of each. */
const ROUTED = [
  "submit",
  "approve",
  "reject",
  "publish",
  "unpublish",
  "archive",
] as const satisfies TransitionName[];
const GUARD = { author: mayAuthorContent, board: mayReviewItems } as const;

const ListQuery = z
  .object({
    state: z.enum(ITEM_STATES).optional(),
    categoryId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{3,64}$/)
      .optional(),
    kind: ContentKind.optional(),
    /** a user id (Keycloak subject), or `me` */
    owner: z.string().min(1).max(200).optional(),
    locale: z
      .string()
      .regex(/^[a-z]{2}(-[A-Z]{2})?$/)
      .optional(),
    q: z.string().max(200).optional(),
    sort: z.enum(["updated", "due"]).default("updated"),
    view: z.enum(["full", "summary"]).default("full"),
    cursor: z.string().max(2000).optional(),
    limit: z.string().optional(),
  })
  .refine((x) => x.sort !== "due" || !x.state || (QUEUE_STATES as readonly string[]).includes(x.state), {
    path: ["state"],
    message: "sort=due reads the queue of a working state: submitted (default), approved, rejected or draft",
  });

function parseQuery<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const r = schema.safeParse(value ?? {});
  if (!r.success)
    throw fail.validation(
      zodFieldErrors(r.error),
      "Tham số danh sách chưa hợp lệ. / Invalid list parameters.",
    );
  return r.data;
}

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
  const p = checkedPortal;
  const id = (req: { params: Record<string, string | string[] | undefined> }) => req.params.itemId as string;

  // the admin's list (R-MODERATE, R-TIMELY): keyed index documents, so a page costs the same in
  // any portal (item.repository.ts); `view=summary` gives compact rows for tables
  r.get("/portals/:portalId/items", mayReadPortalContent, async (req, res) => {
    const q = parseQuery(ListQuery, req.query);
    const caller = callerOf(req);
    const query: ItemQuery = {
      sort: q.sort,
      ...(q.sort === "due" ? { state: q.state ?? "submitted" } : q.state ? { state: q.state } : {}),
      ...(q.categoryId ? { categoryId: q.categoryId } : {}),
      ...(q.kind ? { kind: q.kind } : {}),
      ...(q.owner ? { owner: q.owner === "me" ? caller.actor.id : q.owner } : {}),
      ...(q.locale ? { locale: q.locale } : {}),
      ...(q.q && foldedWords(q.q).length ? { words: foldedWords(q.q).slice(0, 10) } : {}),
    };
    const page = { limit: pageLimit(q.limit), ...(q.cursor ? { cursor: q.cursor } : {}) };
    // the compact rows come from the items' heads, without opening the items (item-heads.ts)
    const out =
      q.view === "summary"
        ? await items.listSummaries(p(req), query, page)
        : await items.list(p(req), query, page).then((x) => ({ ...x, items: x.items.map(itemView) }));
    res.json({ items: out.items, nextCursor: out.nextCursor });
  });

  r.post("/portals/:portalId/items", mayAuthorContent, async (req, res) => {
    const doc = await items.create(p(req), req.body, callerOf(req));
    res.location(`/portals/${doc.portalId}/items/${doc._id}`);
    send(res, doc, 201);
  });

  r.get("/portals/:portalId/items/:itemId", mayReadPortalContent, async (req, res) => {
    send(res, await items.get(p(req), id(req)));
  });

  r.put("/portals/:portalId/items/:itemId", mayAuthorContent, async (req, res) => {
    send(res, await items.edit(p(req), id(req), req.body, callerOf(req), expectedVersion(req)));
  });

  // the workflow (workflow.ts): one route per command, guarded by the role its row names
  for (const name of ROUTED)
    r.post(`/portals/:portalId/items/:itemId/${name}`, GUARD[TRANSITIONS[name].by], async (req, res) => {
      send(res, await items.run(name, p(req), id(req), req.body, callerOf(req), expectedVersion(req)));
    });

  // R-MODERATE: what the board reviews — the working revision against the live one (item.diff.ts)
  r.get("/portals/:portalId/items/:itemId/diff", mayReadPortalContent, async (req, res) => {
    const { doc, diff } = await items.diff(p(req), id(req));
    res.setHeader("ETag", `"${doc.version}"`).json(diff);
  });

  r.get("/portals/:portalId/items/:itemId/audit", mayReadPortalContent, async (req, res) => {
    const doc = await items.get(p(req), id(req));
    res.json({ itemId: doc._id, audit: doc.audit });
  });

  // the category listing (keyset pagination by an opaque cursor; constant cost at any size)
  r.get("/portals/:portalId/categories/:categoryId/published", mayReadPortalContent, async (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    const categoryId = req.params.categoryId as string;
    if (!/^[A-Za-z0-9_-]{3,64}$/.test(categoryId)) throw fail.notFound("Không có chuyên mục này.");
    const page = await listing.list(p(req), categoryId, pageLimit(q.limit), q.cursor);
    res.json(page);
  });

  return r;
}
