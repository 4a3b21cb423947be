// A client's mistake the kit recognises (a bad %-escape in the address or a form, a foreign
// charset, a control character: issue 15.5, 15.7) is a Vietnamese page in the portal's layout —
// or problem+json for a client that asks for JSON; anything else goes on to the kit's handler.
import { problemBody, sendProblem, toAppError } from "@cong/kit";
import { escapeHtml } from "@cong/text";
import type { ErrorRequestHandler } from "express";
import { FAVICON_PATH } from "../favicon";
import { messagePage } from "../pages";
import { SITE_CSS_PATH } from "../site-css";
import type { RouteContext } from "./context";

/** A 4xx page for a host that is no portal (or before the host is known). */
function plainErrorPage(title: string, detail: string): string {
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><meta name="description" content="${escapeHtml(detail)}">
<link rel="icon" href="${FAVICON_PATH}" type="image/svg+xml"><link rel="stylesheet" href="${SITE_CSS_PATH}"></head>
<body><main id="main" class="wrap"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(detail)}</p>
<p><a href="/">Về trang chủ</a></p></main></body></html>`;
}

export function clientErrors({ deps, siteOf }: RouteContext): ErrorRequestHandler {
  return (err, req, res, next) => {
    const known = toAppError(err);
    if (!known || known.status >= 500 || res.headersSent) return next(err);
    res.setHeader("cache-control", "no-store");
    if (
      req.path.startsWith("/internal/") ||
      req.accepts(["html", "application/problem+json", "json"]) !== "html"
    )
      return sendProblem(res, req, known);
    for (const [k, v] of Object.entries(known.options.headers ?? {})) res.setHeader(k, v);
    const problem = problemBody(known, req);
    const portalId = (res.locals.portalId as string | undefined) ?? deps.hosts.resolve(req.headers.host);
    const detail = `${problem.detail ?? ""} (Mã lỗi: ${problem.reason ?? problem.code})`.trim();
    if (!portalId || !deps.model.portal(portalId)) {
      res.status(known.status).type("text/html; charset=utf-8").send(plainErrorPage(problem.title, detail));
      return;
    }
    res.locals.portalId = portalId;
    // Vietnamese, like the kit's titles, whichever side of the portal the address was on
    const site = siteOf(req, res, "vi");
    const page = messagePage(site, known.status, problem.title, detail);
    res.status(known.status).type("text/html; charset=utf-8").send(page.body);
  };
}
