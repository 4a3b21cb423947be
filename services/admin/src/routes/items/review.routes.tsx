// Review (R-MODERATE): the diff, preview links on the portal's own host (made, shown once,
// revoked), and the board's decision: approve (now, or scheduled at a Vietnam time) or return
// with a comment. Four eyes is content's rule; its refusal is shown on the review page.
import type { PreviewLink, PreviewLinkSummary } from "@cong/contracts";
import { type Request, type Response, Router } from "express";
import { ApiError } from "../../api/client";
import type { ItemDiff, ItemView } from "../../api/types";
import { type AdminConfig, portalOrigin } from "../../config";
import { abilities } from "../../forms/abilities";
import { flash } from "../../http/context";
import { portalOf } from "../../http/portal";
import { formatDateTime, parseDateTime } from "../../i18n";
import type { FormErrors } from "../../views/components";
import { type PreviewLinkView, ReviewPage } from "../../views/pages/review";
import { sendPage } from "../../views/render";
import { readableDiff } from "./diff";
import { act, bodyOf, itemBase, loadItem, me, refusalText } from "./shared";

declare module "express-session" {
  interface SessionData {
    /** a preview link just made: its address (with the token) is shown once on the next page */
    newPreview?: { previewId: string; url: string };
  }
}

async function reviewData(req: Request, item: ItemView) {
  const p = `/portals/${portalOf(req)}/items/${item.itemId}`;
  const [diff, links] = await Promise.all([
    req.ctx.api
      .get<ItemDiff>("content", `${p}/diff`, { accept: [404] })
      .then((r) => (r.status === 200 ? r.data : null)),
    req.ctx.api
      .get<{ items: PreviewLinkSummary[] }>("content", `${p}/preview-links`, { accept: [404] })
      .then((r) => (r.status === 200 ? r.data.items : [])),
  ]);
  // content keeps only a hash of a link's token: its address is shown once, just after creation
  const fresh = req.session.newPreview;
  if (fresh) delete req.session.newPreview;
  const views: PreviewLinkView[] = links.map((l) => ({
    previewId: l.previewId,
    ...(fresh && fresh.previewId === l.previewId ? { url: fresh.url } : {}),
    createdAt: l.createdAt,
    expiresAt: l.expiresAt,
    createdBy: l.createdBy,
  }));
  return { diff: diff ? await readableDiff(req, diff) : null, links: views };
}

async function renderReview(
  req: Request,
  res: Response,
  item: ItemView,
  o: {
    errors?: FormErrors;
    values?: { comment?: string; scheduleAt?: string };
    refusal?: string;
    status?: number;
  } = {},
): Promise<void> {
  const { diff, links } = await reviewData(req, item);
  sendPage(
    res,
    req.ctx.page,
    <ReviewPage
      item={item}
      diff={diff}
      links={links}
      can={abilities(item, req.ctx.rolesOn(portalOf(req)), me(req))}
      errors={o.errors ?? {}}
      values={o.values ?? {}}
      refusal={o.refusal}
    />,
    o.status ?? 200,
  );
}

export function reviewRoutes(config: AdminConfig): Router {
  const r = Router({ mergeParams: true });

  r.get("/p/:portalId/items/:itemId/review", async (req, res) => renderReview(req, res, await loadItem(req)));

  r.post("/p/:portalId/items/:itemId/approve", async (req, res) => {
    const t = req.ctx.page.t;
    const item = await loadItem(req);
    const body = bodyOf(req);
    const raw = String(body.scheduleAt ?? "").trim();
    const at = raw ? parseDateTime(raw) : null;
    if (raw && (!at || at.getTime() <= Date.now())) {
      await renderReview(req, res, item, {
        errors: { scheduleAt: at ? t.fieldErrors.past : t.fieldErrors.invalid_date },
        values: { scheduleAt: raw },
        status: 422,
      });
      return;
    }
    try {
      await req.ctx.api.post("content", `/portals/${portalOf(req)}/items/${item.itemId}/approve`, {
        json: at ? { scheduledAt: at.toISOString() } : {},
        ifMatch: Number(body.version) || item.version,
      });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      // e.g. a forced approval of one's own work: the API's four-eyes refusal, in Vietnamese
      await renderReview(req, res, await loadItem(req), { refusal: refusalText(req, e), status: e.status });
      return;
    }
    flash(req, "success", at ? t.publish.scheduled(formatDateTime(at)) : t.review.approved);
    res.redirect(303, `/p/${portalOf(req)}/items/${item.itemId}`);
  });

  r.post("/p/:portalId/items/:itemId/reject", async (req, res) => {
    const t = req.ctx.page.t;
    const comment = String(bodyOf(req).comment ?? "").trim();
    if (!comment) {
      await renderReview(req, res, await loadItem(req), {
        errors: { comment: t.missing.comment ?? t.review.rejectHint },
        status: 422,
      });
      return;
    }
    await act(req, res, "reject", { comment }, t.review.rejected, `${itemBase(req)}/review`);
  });

  /** A preview link's change (made or revoked): the refusal flashed, back to the links. */
  const previewChange = async (
    req: Request,
    res: Response,
    change: () => Promise<string | undefined>,
  ): Promise<void> => {
    try {
      const ok = await change();
      if (ok) flash(req, "success", ok);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      flash(req, "error", refusalText(req, e));
    }
    res.redirect(303, `${itemBase(req)}/review#preview-title`);
  };

  r.post("/p/:portalId/items/:itemId/preview-links", (req, res) =>
    previewChange(req, res, async () => {
      const ttl = Number(bodyOf(req).ttlHours);
      const ttlHours = [24, 72, 168].includes(ttl) ? ttl : 72;
      const { data } = await req.ctx.api.post<PreviewLink>(
        "content",
        `/portals/${portalOf(req)}/items/${req.params.itemId}/preview-links`,
        { json: { ttlHours } },
      );
      req.session.newPreview = {
        previewId: data.previewId,
        url: `${portalOrigin(config, portalOf(req))}${data.path}`,
      };
      return req.ctx.page.t.review.previewCreated;
    }),
  );

  r.post("/p/:portalId/items/:itemId/preview-links/:previewId/revoke", (req, res) =>
    previewChange(req, res, async () => {
      const pid = String(req.params.previewId);
      if (!/^[A-Za-z0-9_-]{8,64}$/.test(pid)) return undefined;
      await req.ctx.api.delete(
        "content",
        `/portals/${portalOf(req)}/items/${req.params.itemId}/preview-links/${pid}`,
      );
      return req.ctx.page.t.review.previewRevoked;
    }),
  );

  return r;
}
