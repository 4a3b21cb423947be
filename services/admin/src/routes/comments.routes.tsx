// Reader comments and public consultation on drafts (R-MODERATE, R-AGENCY, R-CONTENT) over
// content's comments API: the held / approved / rejected lists, approve or reject, the agency's
// reply; the drafts for comment (content's item list, kind draft-for-comment), the comments
// each one received and the summary CSV, streamed from content with the person's token.
import { type Request, type Response, Router } from "express";
import { ApiError } from "../api/client";
import type { ItemRow, ItemView } from "../api/types";
import { flash } from "../http/context";
import { passFile } from "../http/pass-file";
import { portalOf, portalScope } from "../http/portal";
import { ErrorPage } from "../views/pages/auth";
import {
  CommentsPage,
  type CommentView,
  ConsultationPage,
  ConsultationsPage,
  type DraftRow,
} from "../views/pages/comments";
import { sendPage } from "../views/render";
import { FEEDBACK_ROLES } from "./feedback.routes";
import { toRow } from "./items.routes";

/** content's comments routes accept the board and the focal officer. */
export const COMMENT_ROLES = FEEDBACK_ROLES;
const ID = /^[A-Za-z0-9_-]{8,64}$/;
const CURSOR = /^[A-Za-z0-9_:|.~=+/-]{1,2000}$/;
const STATUSES = ["held", "approved", "rejected"];

function guard(req: Request, res: Response, next: () => void) {
  if (req.ctx.rolesOn(portalOf(req)).some((r) => COMMENT_ROLES.includes(r))) next();
  else sendPage(res, req.ctx.page, <ErrorPage kind="forbidden" />, 403);
}

const titleOf = (v: ItemView) => {
  const rev = v.working ?? v.live;
  return rev?.locales.vi?.title ?? v.itemId;
};

/** The titles of the items the comments are about (one read each, side by side; none fails the page). */
async function titles(req: Request, itemIds: string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  await Promise.all(
    [...new Set(itemIds)].map(async (id) => {
      try {
        const { data } = await req.ctx.api.get<ItemView>("content", `/portals/${portalOf(req)}/items/${id}`);
        out[id] = titleOf(data);
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
      }
    }),
  );
  return out;
}

async function commentsPage(
  req: Request,
  res: Response,
  replyError?: { commentId: string; message: string; text: string },
) {
  const portalId = portalOf(req);
  const raw = req.method === "GET" ? req.query.status : (req.body as Record<string, unknown>)?.status;
  const status = typeof raw === "string" && STATUSES.includes(raw) ? raw : "held";
  const cursor =
    typeof req.query.cursor === "string" && CURSOR.test(req.query.cursor) ? req.query.cursor : undefined;
  const { data } = await req.ctx.api.get<{ items: CommentView[]; nextCursor?: string | null }>(
    "content",
    `/portals/${portalId}/comments`,
    { query: { status, limit: 20, cursor } },
  );
  const qs = (extra: Record<string, string>) =>
    `/p/${portalId}/comments?${new URLSearchParams({ status, ...extra })}`;
  sendPage(
    res,
    req.ctx.page,
    <CommentsPage
      rows={data.items}
      status={status}
      titles={
        await titles(
          req,
          data.items.map((c) => c.itemId),
        )
      }
      nextHref={data.nextCursor ? qs({ cursor: data.nextCursor }) : undefined}
      firstHref={cursor ? qs({}) : undefined}
      replyError={replyError}
    />,
    replyError ? 422 : 200,
  );
}

export function commentRoutes(): Router {
  const r = Router({ mergeParams: true });
  r.use("/p/:portalId/comments", portalScope, guard);
  r.use("/p/:portalId/consultations", portalScope, guard);

  r.get("/p/:portalId/comments", (req, res) => commentsPage(req, res));

  r.post("/p/:portalId/comments/:commentId/moderate", async (req, res) => {
    const t = req.ctx.page.t;
    const id = String(req.params.commentId);
    const decision = (req.body as Record<string, unknown>)?.decision === "reject" ? "reject" : "approve";
    if (!ID.test(id)) throw new ApiError(404, "not_found", undefined, undefined, [], {});
    await req.ctx.api.post("content", `/portals/${portalOf(req)}/comments/${id}/moderate`, {
      json: { decision },
    });
    flash(req, "success", decision === "approve" ? t.comments.approved : t.comments.rejected);
    res.redirect(303, `/p/${portalOf(req)}/comments?status=held`);
  });

  r.post("/p/:portalId/comments/:commentId/reply", async (req, res) => {
    const t = req.ctx.page.t;
    const id = String(req.params.commentId);
    if (!ID.test(id)) throw new ApiError(404, "not_found", undefined, undefined, [], {});
    const body = (req.body ?? {}) as Record<string, unknown>;
    const text = typeof body.text === "string" ? body.text.normalize("NFC").trim() : "";
    const status = typeof body.status === "string" && STATUSES.includes(body.status) ? body.status : "held";
    if (text.length < 2) {
      await commentsPage(req, res, {
        commentId: id,
        message: text ? t.fieldErrors.too_small : t.fieldErrors.required,
        text,
      });
      return;
    }
    try {
      await req.ctx.api.post("content", `/portals/${portalOf(req)}/comments/${id}/reply`, { json: { text } });
    } catch (e) {
      if (!(e instanceof ApiError) || e.status === 404) throw e;
      const message =
        e.reason === "not_a_reader_comment"
          ? t.comments.replyOnlyReader
          : e.errors.length
            ? (t.fieldErrors[e.errors[0]?.code as keyof typeof t.fieldErrors] ?? t.fieldErrors.invalid)
            : (e.detailFor(req.ctx.lang) ?? t.errors.generic);
      await commentsPage(req, res, { commentId: id, message, text });
      return;
    }
    flash(req, "success", t.comments.replied);
    res.redirect(303, `/p/${portalOf(req)}/comments?status=${status}`);
  });

  r.get("/p/:portalId/consultations", async (req, res) => {
    const { data } = await req.ctx.api.get<{ items: (ItemRow | ItemView)[] }>(
      "content",
      `/portals/${portalOf(req)}/items`,
      { query: { kind: "draft-for-comment", limit: 50 } },
    );
    const rows: DraftRow[] = data.items.map((x) => {
      const row = toRow(x);
      const v = x as ItemView;
      const rev = v.live ?? v.working;
      return { itemId: row.itemId, title: row.title, state: row.state, comment: rev?.comment };
    });
    sendPage(res, req.ctx.page, <ConsultationsPage rows={rows} />);
  });

  const loadDraft = async (req: Request): Promise<DraftRow> => {
    const id = String(req.params.itemId);
    if (!ID.test(id)) throw new ApiError(404, "not_found", undefined, undefined, [], {});
    const { data } = await req.ctx.api.get<ItemView>("content", `/portals/${portalOf(req)}/items/${id}`);
    if (data.kind !== "draft-for-comment") throw new ApiError(404, "not_found", undefined, undefined, [], {});
    const rev = data.live ?? data.working;
    return { itemId: data.itemId, title: titleOf(data), state: data.state, comment: rev?.comment };
  };

  r.get("/p/:portalId/consultations/:itemId", async (req, res) => {
    const draft = await loadDraft(req);
    const { data } = await req.ctx.api.get<{ items: CommentView[] }>(
      "content",
      `/portals/${portalOf(req)}/items/${draft.itemId}/draft-comments`,
    );
    sendPage(res, req.ctx.page, <ConsultationPage draft={draft} comments={data.items} />);
  });

  // the summary as content writes it (UTF-8 with BOM, Excel), passed on with its file name
  r.get("/p/:portalId/consultations/:itemId/summary.csv", async (req, res) => {
    const draft = await loadDraft(req);
    await passFile(req, res, "content", `/portals/${portalOf(req)}/items/${draft.itemId}/draft-comments`, {
      query: { format: "csv" },
      accept: "text/csv",
      fallbackType: "text/csv; charset=utf-8",
      fallbackName: `gop-y-du-thao-${draft.itemId}.csv`,
    });
  });

  // the PDF summary, once the window has closed; before that (content's 409) the page offers
  // none, so the request goes back to it
  r.get("/p/:portalId/consultations/:itemId/summary.pdf", async (req, res) => {
    const draft = await loadDraft(req);
    try {
      await passFile(
        req,
        res,
        "content",
        `/portals/${portalOf(req)}/items/${draft.itemId}/draft-comments/summary.pdf`,
        {
          accept: "application/pdf",
          fallbackName: `gop-y-du-thao-${draft.itemId}.pdf`,
        },
      );
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 409)) throw e;
      res.redirect(303, `/p/${portalOf(req)}/consultations/${draft.itemId}`);
    }
  });

  return r;
}
