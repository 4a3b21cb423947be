// Submissions by file (R-SUBMIT) over content's POST /uploads/portals/{id}/submissions (the multipart
// body streams through to content unread, as media uploads do) and GET …/submissions/{fileId}
// (the original file). Content turns the file into a draft; the result page shows its text.
import http from "node:http";
import https from "node:https";
import { pipeline } from "node:stream/promises";
import { type Request, type Response, Router } from "express";
import { ApiError, passThroughHeaders } from "../api/client";
import type { ItemView } from "../api/types";
import type { AdminConfig } from "../config";
import { BOARD_ROLES } from "../forms/abilities";
import { htmlLines } from "../forms/html-lines";
import { flash } from "../http/context";
import { passFile } from "../http/pass-file";
import { portalOf, portalScope } from "../http/portal";
import type { FormErrors } from "../views/components";
import { ErrorPage } from "../views/pages/auth";
import { SubmissionResultPage, SubmissionUploadPage } from "../views/pages/submissions";
import { sendPage } from "../views/render";
import { loadPortal } from "./items.routes";

const ROLES = ["focal-officer", ...BOARD_ROLES];
const ID = /^[A-Za-z0-9_-]{8,64}$/;

type Source = { fileId: string; filename: string; contentType: string; size: number };

function guard(req: Request, res: Response, next: () => void) {
  if (req.ctx.rolesOn(portalOf(req)).some((r) => ROLES.includes(r))) next();
  else sendPage(res, req.ctx.page, <ErrorPage kind="forbidden" />, 403);
}

async function uploadPage(req: Request, res: Response, errors: FormErrors, status = 200) {
  const portal = await loadPortal(req);
  sendPage(
    res,
    req.ctx.page,
    <SubmissionUploadPage categories={portal.categories} errors={errors} />,
    status,
  );
}

export function submissionRoutes(config: AdminConfig): Router {
  const r = Router({ mergeParams: true });
  r.use("/p/:portalId/submissions", portalScope, guard);

  r.get("/p/:portalId/submissions", (req, res) => uploadPage(req, res, {}));

  r.post("/p/:portalId/submissions", async (req, res) => {
    const t = req.ctx.page.t;
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > config.ADMIN_UPLOAD_LIMIT_BYTES) {
      res.setHeader("Connection", "close");
      req.resume();
      await uploadPage(req, res, { file: t.errors.tooLarge }, 413);
      return;
    }
    if (!/^multipart\/form-data;/i.test(String(req.headers["content-type"] ?? ""))) {
      await uploadPage(req, res, { file: t.fieldErrors.file_required }, 415);
      return;
    }
    // content takes multipart bodies only under /uploads (its JSON-only guard covers the rest)
    const target = new URL(req.ctx.api.url("content", `/uploads/portals/${portalOf(req)}/submissions`));
    const headers = await req.ctx.api.headers(passThroughHeaders(req.headers));
    const client = target.protocol === "https:" ? https : http;
    const upstream = client.request(target, { method: "POST", headers });
    const answered = new Promise<http.IncomingMessage>((resolve, reject) => {
      upstream.on("response", resolve);
      upstream.on("error", reject);
    });
    const sending = pipeline(req, upstream).catch(() => undefined);
    let up: http.IncomingMessage;
    try {
      up = await answered;
    } catch {
      req.unpipe(upstream);
      req.resume();
      await uploadPage(req, res, { file: t.errors.unavailable }, 503);
      return;
    }
    const chunks: Buffer[] = [];
    for await (const c of up) chunks.push(c as Buffer);
    await Promise.race([sending, new Promise((done) => setTimeout(done, 50))]);
    const status = up.statusCode ?? 500;
    const text = Buffer.concat(chunks).toString("utf8");
    const body = (/json/.test(String(up.headers["content-type"])) && text ? JSON.parse(text) : {}) as Record<
      string,
      unknown
    >;
    if (status >= 400) {
      const errors = (body.errors as { path: string; code: string }[] | undefined) ?? [];
      const message =
        status === 401
          ? t.editor.sessionExpiredSave
          : status === 413
            ? t.errors.tooLarge
            : status === 415
              ? t.submissions.wrongType
              : errors.some((x) => x.code === "required")
                ? t.fieldErrors.file_required
                : errors.some((x) => x.code === "unreadable")
                  ? t.submissions.unreadable
                  : status >= 500
                    ? t.errors.unavailable
                    : String(body.detail ?? "").split(" / ")[0] || t.errors.generic;
      await uploadPage(req, res, { file: message }, status >= 500 ? 503 : status);
      return;
    }
    const item = body as unknown as ItemView;
    flash(req, "success", t.submissions.created);
    res.redirect(303, `/p/${portalOf(req)}/submissions/${item.itemId}`);
  });

  const loadItem = async (req: Request): Promise<ItemView & { working: { sourceFile?: Source } | null }> => {
    const id = String(req.params.itemId);
    if (!ID.test(id)) throw new ApiError(404, "not_found", undefined, undefined, [], {});
    return (
      await req.ctx.api.get<ItemView & { working: { sourceFile?: Source } | null }>(
        "content",
        `/portals/${portalOf(req)}/items/${id}`,
      )
    ).data;
  };

  r.get("/p/:portalId/submissions/:itemId", async (req, res) => {
    const item = await loadItem(req);
    const rev = item.working ?? item.live;
    const vi = (rev as { locales?: Record<string, { title?: string; bodyHtml?: string }> } | null)?.locales
      ?.vi;
    sendPage(
      res,
      req.ctx.page,
      <SubmissionResultPage
        itemId={item.itemId}
        title={vi?.title ?? item.itemId}
        text={htmlLines(vi?.bodyHtml ?? "")}
        source={item.working?.sourceFile}
      />,
    );
  });

  // the original file, through the admin with the person's token
  r.get("/p/:portalId/submissions/:itemId/file", async (req, res) => {
    const item = await loadItem(req);
    const src = item.working?.sourceFile;
    if (!src) throw new ApiError(404, "not_found", undefined, undefined, [], {});
    // X-Content-Type-Options: nosniff comes with every answer (helmet)
    await passFile(req, res, "content", `/uploads/portals/${portalOf(req)}/submissions/${src.fileId}`, {
      accept: "*/*",
      fallbackType: "application/octet-stream",
    });
  });

  return r;
}
