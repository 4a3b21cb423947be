// The editorial loop (R-MODERATE, R-SUBMIT, R-TIMELY): list, create, edit (with autosave and
// the 409 "changed meanwhile" view), submit, review with diff and preview links, approve or
// return, publish or schedule, take down, history. Every action is content's API with the
// person's own token; its refusals are shown in Vietnamese. One module per responsibility in
// `items/`, mounted here in the order the paths need (`/items/new` before `/items/:itemId`).
import { Router } from "express";
import { portalScope } from "../http/portal";
import { editorRoutes } from "./items/editor.routes";
import { listRoutes } from "./items/list.routes";
import { overviewRoutes } from "./items/overview.routes";
import { publishRoutes } from "./items/publish.routes";
import { reviewRoutes } from "./items/review.routes";
import type { ItemsDeps } from "./items/shared";

export { editableRevision } from "../forms/item-form";
export { itemTitle } from "../views/pages/items";
export type { ItemsDeps } from "./items/shared";
export { cookie, listItems, loadPortal, toRow } from "./items/shared";

export function itemRoutes(d: ItemsDeps): Router {
  const r = Router({ mergeParams: true });
  r.use("/p/:portalId", portalScope);
  r.use(listRoutes());
  r.use(editorRoutes(d));
  r.use(overviewRoutes(d.config));
  r.use(reviewRoutes(d.config));
  r.use(publishRoutes());
  return r;
}
