// The daily digest's preview (R-BOARD) over content's GET /portals/{id}/digest/preview: what the
// signed-in board member's mail of today says (subject, the revisions waiting for review, the
// feedback due or overdue, the board head's escalation), with links into the review queue and the
// feedback inbox. The board only; content decides the figures and whether a mail goes out.
import { type Request, type Response, Router } from "express";
import { BOARD_ROLES } from "../forms/abilities";
import { portalOf, portalScope } from "../http/portal";
import { ErrorPage } from "../views/pages/auth";
import { DigestPage, type DigestPreview } from "../views/pages/digest";
import { sendPage } from "../views/render";

function guard(req: Request, res: Response, next: () => void) {
  if (req.ctx.rolesOn(portalOf(req)).some((r) => BOARD_ROLES.includes(r))) next();
  else sendPage(res, req.ctx.page, <ErrorPage kind="forbidden" />, 403);
}

export function digestRoutes(): Router {
  const r = Router({ mergeParams: true });
  r.use("/p/:portalId/digest", portalScope, guard);

  r.get("/p/:portalId/digest", async (req, res) => {
    const { data } = await req.ctx.api.get<DigestPreview>(
      "content",
      `/portals/${portalOf(req)}/digest/preview`,
    );
    sendPage(res, req.ctx.page, <DigestPage digest={data} />);
  });

  return r;
}
