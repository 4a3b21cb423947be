// Publish now or at a Vietnam time (R-TIMELY), and take down (withdrawn with a public reason,
// gone, or redirected elsewhere): the checks a person can correct are made here, content has the
// last word.
import { Router } from "express";
import { formatDateTime, parseDateTime } from "../../i18n";
import type { FormErrors } from "../../views/components";
import { PublishPage, UnpublishPage } from "../../views/pages/review";
import { sendPage } from "../../views/render";
import { act, bodyOf, itemBase, loadItem } from "./shared";

export function publishRoutes(): Router {
  const r = Router({ mergeParams: true });

  r.get("/p/:portalId/items/:itemId/publish", async (req, res) => {
    sendPage(res, req.ctx.page, <PublishPage item={await loadItem(req)} errors={{}} values={{}} />);
  });

  r.post("/p/:portalId/items/:itemId/publish", async (req, res) => {
    const t = req.ctx.page.t;
    const body = bodyOf(req);
    const when = body.when === "later" ? "later" : "now";
    const raw = String(body.at ?? "").trim();
    let at: Date | null = null;
    if (when === "later") {
      at = parseDateTime(raw);
      if (!at || at.getTime() <= Date.now()) {
        const item = await loadItem(req);
        sendPage(
          res,
          req.ctx.page,
          <PublishPage
            item={item}
            errors={{
              at: !raw ? (t.missing.at ?? "") : at ? t.fieldErrors.past : t.fieldErrors.invalid_date,
            }}
            values={{ when, at: raw }}
          />,
          422,
        );
        return;
      }
    }
    await act(
      req,
      res,
      "publish",
      at ? { at: at.toISOString() } : {},
      at ? t.publish.scheduled(formatDateTime(at)) : t.publish.done,
      `${itemBase(req)}/publish`,
    );
  });

  r.get("/p/:portalId/items/:itemId/unpublish", async (req, res) => {
    sendPage(res, req.ctx.page, <UnpublishPage item={await loadItem(req)} errors={{}} values={{}} />);
  });

  r.post("/p/:portalId/items/:itemId/unpublish", async (req, res) => {
    const t = req.ctx.page.t;
    const body = bodyOf(req);
    const mode = ["withdrawn", "gone", "redirected"].includes(String(body.mode)) ? String(body.mode) : "";
    const publicReason = String(body.publicReason ?? "").trim();
    const redirectTo = String(body.redirectTo ?? "").trim();
    const errors: FormErrors = {};
    if (!mode) errors.mode = t.missing.mode ?? "";
    if (mode === "withdrawn" && !publicReason) errors.publicReason = t.missing.publicReason ?? "";
    if (mode === "redirected" && !/^(\/\S*|https:\/\/\S+)$/.test(redirectTo))
      errors.redirectTo = redirectTo ? t.fieldErrors.invalid : (t.missing.redirectTo ?? "");
    if (Object.keys(errors).length) {
      sendPage(
        res,
        req.ctx.page,
        <UnpublishPage
          item={await loadItem(req)}
          errors={errors}
          values={{ mode, publicReason, redirectTo }}
        />,
        422,
      );
      return;
    }
    await act(
      req,
      res,
      "unpublish",
      { mode, ...(publicReason ? { publicReason } : {}), ...(mode === "redirected" ? { redirectTo } : {}) },
      t.publish.unpublished,
      `${itemBase(req)}/unpublish`,
    );
  });

  return r;
}
